"""Fast parsing of fixed-width day-month-year dates ("03-01-2011").

pandas parses non-ISO formats one string at a time through strptime, about
2 s per million values; Dutch exports nearly always write dd-mm-yyyy with
zero padding, which numpy can take apart as bytes in a few tens of ms.
Anything else (one-digit days, text around the date) falls back to
pandas.to_datetime, so the result is the same either way.
"""

from __future__ import annotations

from .arrowtext import arrow_text

# format -> (positions of day, month, year digits, separator positions)
_LAYOUTS = {
    "%d-%m-%Y": (0, 3, 6, "-"), "%d/%m/%Y": (0, 3, 6, "/"), "%d.%m.%Y": (0, 3, 6, "."),
    "%m-%d-%Y": (3, 0, 6, "-"), "%m/%d/%Y": (3, 0, 6, "/"),
}


_DAYS_IN_MONTH = None


def _fast(values, fmt: str):
    """datetime64 array (NaT where invalid) or None when the fast path does
    not apply. `values` holds strings only."""
    import numpy as np

    layout = _LAYOUTS.get(fmt)
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
    layout = _LAYOUTS.get(fmt)
    chunked = arrow_text(s) if layout is not None and len(s) else None
    if chunked is None:
        return None
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = chunked.combine_chunks()
    if text.null_count or pc.min_max(pc.binary_length(text)).as_py() != {"min": 10, "max": 10}:
        return None
    _, offsets, data = text.buffers()
    width = 8 if pa.types.is_large_string(text.type) else 4
    first = int(np.frombuffer(offsets, dtype=f"int{8 * width}", count=1, offset=width * text.offset)[0])
    grid = np.frombuffer(data, dtype=np.uint8, count=10 * len(text), offset=first).reshape(len(text), 10)
    return _grid_dates(grid, layout)


def _grid_dates(grid, layout):
    """Dates from a grid of ASCII bytes, one fixed-width value per row."""
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
    if fmt in _LAYOUTS:
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
