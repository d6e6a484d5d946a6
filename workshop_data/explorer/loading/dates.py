"""Fast parsing of fixed-width day-month-year dates ("03-01-2011").

pandas parses non-ISO formats one string at a time through strptime, about
2 s per million values; Dutch exports nearly always write dd-mm-yyyy with
zero padding, which numpy can take apart as bytes in a few ms: each row's
digits make the number yyyymmdd, and a table of the days of the years
present says which day that is (or that it is none). Anything else
(one-digit days, text around the date) falls back to pandas.to_datetime,
or on the big road to pyarrow's strptime, so the result is the same
either way.
"""

from __future__ import annotations

import functools

from .arrowtext import arrow_text

# format -> (positions of day, month, year digits, separator positions)
DATE_LAYOUTS = {
    "%d-%m-%Y": (0, 3, 6, "-"), "%d/%m/%Y": (0, 3, 6, "/"), "%d.%m.%Y": (0, 3, 6, "."),
    "%m-%d-%Y": (3, 0, 6, "-"), "%m/%d/%Y": (3, 0, 6, "/"),
}


_DAYS_IN_MONTH = None


def _fast(values, fmt: str):
    """datetime64 array (NaT where invalid) or None when the fast path does
    not apply. `values` holds strings only."""
    import numpy as np

    layout = DATE_LAYOUTS.get(fmt)
    if layout is None or not len(values):
        return None
    joined = "|".join(values)
    n = len(values)
    # every value exactly 10 characters and free of "|": then value i sits at 11*i
    if len(joined) != 11 * n - 1 or joined.count("|") != n - 1:
        return None
    try:
        raw = (joined + "|").encode("ascii")
    except UnicodeEncodeError:
        return None
    grid = np.frombuffer(raw, dtype=np.uint8).reshape(n, 11)
    if not (grid[:, 10] == ord("|")).all():
        return None
    return _grid_dates(grid, layout)


def _fast_arrow(s, fmt: str):
    """The same for Arrow-backed text without a Python string in between:
    when every value is 10 bytes, the array's data buffer already is the
    grid of characters (an n x 10 view, no copy). None when it is not."""
    layout = DATE_LAYOUTS.get(fmt)
    chunked = arrow_text(s) if layout is not None and len(s) else None
    if chunked is None:
        return None
    text = chunked.combine_chunks()
    if text.null_count:
        return None
    grid = _grid_of(text)
    return None if grid is None else _grid_dates(grid, layout)


def _grid_of(text):
    """The data of Arrow text without nulls whose values are all 10 bytes, as an n x 10 grid
    of bytes (a view, no copy); None when they are not."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(text) or pc.min_max(pc.binary_length(text)).as_py() != {"min": 10, "max": 10}:
        return None
    _, offsets, data = text.buffers()
    width = 8 if pa.types.is_large_string(text.type) else 4
    first = int(np.frombuffer(offsets, dtype=f"int{8 * width}", count=1, offset=width * text.offset)[0])
    return np.frombuffer(data, dtype=np.uint8, count=10 * len(text), offset=first).reshape(len(text), 10)


def arrow_dates(text, fmt: str):
    """Arrow text (an Array) as Arrow timestamps in `fmt`, as pyarrow's CSV reader makes them
    with timestamp_parsers=[fmt], raising as it does (ArrowInvalid) on a value that is no such
    date. strptime, a value at a time, was a sixth of reading a 1,000,000-row file; fixed-width
    values go by the grid of their bytes (a fifth of that time), anything else (a one-digit
    day, an impossible date) through pyarrow's own strptime, so the answer is the same."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    layout = DATE_LAYOUTS.get(fmt)
    present = text.drop_null() if text.null_count else text
    grid = _grid_of(present) if layout is not None else None
    dates = None if grid is None else _grid_dates(grid, layout)
    if dates is None or bool(np.isnat(dates).any()):
        return pc.strptime(text, format=fmt, unit="us")
    if not text.null_count:
        return pa.array(dates, pa.timestamp("us"))
    full = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[us]")
    full[text.is_valid().to_numpy(zero_copy_only=False)] = dates
    return pa.array(full, pa.timestamp("us"), from_pandas=True)


_NO_DAY = -(2**31)  # a table entry for a number that is no date
# spans of years up to this are read through a table (4 MB for a century; 5 ms to make): a
# wider one (a placeholder 01-01-1800 among this century's dates) by the digits' arithmetic
YEARS_BY_TABLE = 100


@functools.lru_cache(maxsize=2)
def _day_table(low: int, high: int):
    """Days since 1970-01-01 of every date of the years low..high, indexed by the number
    yyyymmdd - low * 10000; _NO_DAY for every other number (a 31st of February, month 13)."""
    import numpy as np

    table = np.full((high - low + 1) * 10_000, _NO_DAY, dtype=np.int32)
    days = np.arange(np.datetime64(f"{low:04d}-01-01"), np.datetime64(f"{high + 1:04d}-01-01"))
    months = days.astype("datetime64[M]")
    years = months.astype("datetime64[Y]")
    key = ((years.astype(np.int64) + 1970 - low) * 10_000 + (months - years).astype(np.int64) * 100
           + (days - months).astype(np.int64) + 101)
    table[key] = days.astype(np.int64)
    return table


def _grid_dates(grid, layout):
    """Dates from a grid of ASCII bytes, one fixed-width value per row (NaT where a row is no
    date): each row's digits make the number yyyymmdd, and one lookup in a table of the years
    present gives its day, or tells it is none."""
    import numpy as np

    day, month, year, sep = layout
    digits = grid - np.uint8(48)  # wraps around below "0": one test for 0..9

    def number(start: int, width: int, into=None):
        out = digits[:, start].astype(np.int32) if into is None else into * 10 + digits[:, start]
        for k in range(start + 1, start + width):
            out = out * 10 + digits[:, k]
        return out

    key = number(day, 2, number(month, 2, number(year, 4)))
    # a byte that is no digit where digits go, or no separator where it goes: looked for in
    # whole-grid passes, row by row only when there is one
    bad = digits[:, :10] > 9
    bad[:, 2] = grid[:, 2] != ord(sep)
    bad[:, 5] = grid[:, 5] != ord(sep)
    wrong = bad.any(axis=1) if bad.any() else None
    dates_only = key
    if wrong is not None:
        key[wrong] = 0
        dates_only = key[~wrong]
        if not len(dates_only):
            return np.full(len(key), np.datetime64("NaT"), dtype="datetime64[us]")
    low, high = int(dates_only.min()) // 10_000, int(dates_only.max()) // 10_000
    if high - low >= YEARS_BY_TABLE or low < 1:
        return _arithmetic_dates(grid, layout)
    days = np.take(_day_table(low, high), key - low * 10_000, mode="clip")
    dates = (days.astype(np.int64) * 86_400_000_000).view("datetime64[us]")
    none = days == _NO_DAY  # (a 31st of February, month 13)
    if wrong is not None:
        none |= wrong
    if none.any():
        dates[none] = np.datetime64("NaT")
    return dates


def _arithmetic_dates(grid, layout):
    """_grid_dates for rows whose years span centuries (a table of them would be big)."""
    import numpy as np

    global _DAYS_IN_MONTH
    if _DAYS_IN_MONTH is None:
        _DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    day, month, year, sep = layout
    ok = (grid[:, 2] == ord(sep)) & (grid[:, 5] == ord(sep))
    cols = {}
    for k in (0, 1, 3, 4, 6, 7, 8, 9):
        col = grid[:, k] - np.uint8(48)  # wraps around below "0": one test for 0..9
        ok &= col <= 9
        cols[k] = col.astype(np.int32)

    def number(start: int, width: int):
        out = cols[start]
        for k in range(start + 1, start + width):
            out = out * 10 + cols[k]
        return out

    d, m, y = number(day, 2), number(month, 2), number(year, 4)
    ok &= (m >= 1) & (m <= 12) & (d >= 1)
    m = np.clip(m, 1, 12)
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    ok &= d <= _DAYS_IN_MONTH[m - 1] + (leap & (m == 2))
    # days since 1970-01-01 (H. Hinnant's days_from_civil), all in integer
    # numpy arithmetic: numpy's own month/day datetime casts are 5x slower
    y = (y - (m <= 2)).astype(np.int64)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    dates = (days * 86_400_000_000).view("datetime64[us]")
    if not ok.all():
        dates[~ok] = np.datetime64("NaT")
    return dates


def _fast_any(s, fmt: str):
    """The fast road for a Series without missing values: from its Arrow
    buffer when it has one, else from its Python strings."""
    fast = _fast_arrow(s, fmt)
    return fast if fast is not None else _fast(s.tolist(), fmt)


def parse_dates(s, fmt: str, present=None):
    """Series of datetimes (NaT where a value does not parse); `present`
    is s.notna() when the caller has it already."""
    import pandas as pd

    if present is None:
        present = s.notna()
    complete = bool(present.all())
    fast = _fast_any(s if complete else s[present], fmt)
    if fast is not None:
        if complete:
            return pd.Series(fast, index=s.index, name=s.name)
        out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]", name=s.name)
        out[present] = fast
        return out
    if fmt in DATE_LAYOUTS:
        # a few values of another width (a one-digit day, a cut-off last
        # line) should not send the whole column to strptime: only them
        ten = present & (s.str.len() == 10)
        if int(ten.sum()) > 0.9 * int(present.sum()):
            fast = _fast_any(s[ten], fmt)
            if fast is not None:
                out = pd.to_datetime(s.where(present & ~ten), format=fmt, errors="coerce").astype("datetime64[us]")
                out[ten] = fast
                return out.rename(s.name)
    return pd.to_datetime(s, format=fmt, errors="coerce")
