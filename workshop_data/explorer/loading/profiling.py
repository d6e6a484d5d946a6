"""A quick profile of a loaded table, per column: its type, how many values
are missing or unique, the range of numbers and dates, and the most common
values. `TableProfile.to_dict()` is the stable JSON form:

    {"rows": 117,
     "columns": [{"name": "Inwoners|2020", "type": "integer", "count": 116,
                  "missing": 1, "unique": 115, "min": 13, "max": 12428,
                  "mean": 2381.4, "median": 2266.0,
                  "top": [{"value": 3721, "count": 1}, ...]}, ...]}

Every column dict has all these keys; those that do not apply are null
(mean/median only for integer and decimal, min/max also for dates as
ISO text).
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .arrowtext import category_counts, value_counts

TYPES = ("integer", "decimal", "text", "date", "boolean", "code")
TOP = 5
_BOOL_WORDS = {"ja", "nee", "yes", "no", "true", "false", "waar", "onwaar", "j", "n", "y"}
# identifiers: 0344, GM0344, BU03440111, NL00; postcodes: 3511 AB
_CODE_RE = re.compile(r"^(?:[A-Za-z]{0,4}\d+|[1-9]\d{3} ?[A-Za-z]{2})$")


@dataclass
class ColumnProfile:
    name: str
    type: str
    count: int  # values present
    missing: int
    unique: int
    min: Any = None
    max: Any = None
    mean: float | None = None
    median: float | None = None
    top: list[tuple[Any, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "type": self.type, "count": self.count, "missing": self.missing,
            "unique": self.unique, "min": _plain(self.min), "max": _plain(self.max),
            "mean": _plain(self.mean), "median": _plain(self.median),
            "top": [{"value": _plain(v), "count": int(n)} for v, n in self.top],
        }


@dataclass
class TableProfile:
    rows: int
    columns: list[ColumnProfile]

    def column(self, name: str) -> ColumnProfile:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "columns": [c.to_dict() for c in self.columns]}


def _plain(value: Any) -> Any:
    """A JSON-safe Python value (no numpy scalars, NaN or Timestamps)."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    return value


def _text_type(unique_values: list[str]) -> str:
    """boolean, code or text from the distinct values of a text column."""
    if not unique_values:
        return "text"
    lowered = {str(v).strip().lower() for v in unique_values}
    if len(lowered) <= 2 and lowered <= _BOOL_WORDS:
        # single letters only as a pair: a column of just "n" is not yes/no
        if all(len(w) > 1 for w in lowered) or lowered in ({"j", "n"}, {"y", "n"}):
            return "boolean"
    # look at a few first: most text columns fail on the first value
    if all(_CODE_RE.match(str(v)) for v in unique_values[:50]) and all(_CODE_RE.match(str(v)) for v in unique_values):
        return "code"
    return "text"


STEP = 1 << 16  # values per slice of a whole-column pass: its scratch stays small


def _distribution(values, np):
    """(distinct values ascending, their counts) of a NaN-free numpy array.
    Small-range integers (counts, years, dates as days) are counted with
    bincount; everything else is sorted once. Both are several times faster
    than hashing a million values the way value_counts does."""
    if values.dtype.kind in "iu" and len(values):
        low, high = int(values.min()), int(values.max())
        if high - low <= 2 * len(values) + 1024:
            return _counted(_bincount(values, low, high - low + 1, np), low, np)
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.int64)
    first = np.empty(len(ordered), dtype=bool)  # marks where a new value starts
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    if first.all():  # every value distinct (amounts, ids): no copies of the sorted values
        return ordered, np.ones(len(ordered), dtype=np.int64)
    n = len(ordered)
    counts = _starts(first, np)  # where each value starts; below, how often it occurs
    del first
    # the distinct values moved to the front of the sorted copy, slice by
    # slice (a value never moves back, so none is overwritten unread)
    for i in range(0, len(counts), STEP):
        part = counts[i : i + STEP]
        ordered[i : i + len(part)] = ordered[part]
    uniq = ordered[: len(counts)]
    # the gaps between starts, written over the starts slice by slice (each
    # slice reads the start after it before that is overwritten): no scratch copy
    for i in range(0, len(counts) - 1, STEP):
        j = min(i + STEP, len(counts) - 1)
        counts[i:j] = counts[i + 1 : j + 1] - counts[i:j]
    counts[-1] = n - counts[-1]
    return uniq, counts


def _bincount(values, low: int, size: int, np, scale: int = 1):
    """np.bincount(values // scale - low). A small range (counts, years, days) is counted a
    slice at a time: no shifted copy of the column, which with the columns profiled side by
    side in threads was most of the profile's peak memory."""
    if size > STEP:
        return np.bincount((values // scale if scale != 1 else values) - low, minlength=size)
    counts = np.zeros(size, dtype=np.int64)
    for i in range(0, len(values), STEP):
        part = values[i : i + STEP]
        counts += np.bincount((part // scale if scale != 1 else part) - low, minlength=size)
    return counts


def _counted(counts, low: int, np):
    """(values, counts) of the values that occur, from counts per value low, low + 1, ..."""
    found = np.flatnonzero(counts)
    return found + low, counts[found]


def _starts(first, np):
    """np.flatnonzero(first), as int32 when that holds every position (half the memory of a
    column of a million distinct amounts), found slice by slice."""
    starts = np.empty(int(np.count_nonzero(first)), dtype=np.int32 if len(first) < 2**31 else np.int64)
    at = 0
    for i in range(0, len(first), STEP):
        found = np.flatnonzero(first[i : i + STEP])
        starts[at : at + len(found)] = found + i
        at += len(found)
    return starts


def _top(uniq, counts, np) -> list[tuple[Any, int]]:
    """The TOP most common values; ties: smallest value first."""
    if len(counts) > TOP:
        # the TOP-th largest count (from how many values have each count: no
        # sorted copy of a million counts); of the values tied at it, the smallest win
        have = _bincount(counts, 0, int(counts.max()) + 1, np)
        threshold = int(np.flatnonzero(np.cumsum(have[::-1]) >= TOP)[0])
        threshold = len(have) - 1 - threshold
        above = np.flatnonzero(counts > threshold)
        ties = _first_at(counts, threshold, TOP - len(above), np)
        candidates = np.concatenate((above, ties))
    else:
        candidates = np.arange(len(counts))
    order = sorted(candidates.tolist(), key=lambda i: (-counts[i], i))[:TOP]
    return [(uniq[i], int(counts[i])) for i in order]


def _first_at(counts, value: int, k: int, np):
    """The first `k` positions where counts == value, a slice at a time: with a million
    amounts that each occur once, all of them would be a column of positions."""
    found = []
    for i in range(0, len(counts), STEP):
        found.extend((np.flatnonzero(counts[i : i + STEP] == value)[: k - len(found)] + i).tolist())
        if len(found) >= k:
            break
    return np.array(found, dtype=np.int64)


def _number_summary(values, np):
    """(distinct values, TOP most common, min, max, median) of a NaN-free numeric array."""
    if values.dtype.kind in "iu":
        low, high = int(values.min()), int(values.max())
        if high - low <= 2 * len(values) + 1024:  # counted, not sorted
            uniq, counts = _distribution(values, np)
            return int(len(uniq)), _top(uniq, counts, np), uniq[0], uniq[-1], _median(uniq, counts, np)
    whole, scale = _scaled(values, np)
    if scale == 1:
        return _sorted_summary(np.sort(values), np)
    whole.sort()  # a copy of its own: sorted in place
    return _sorted_summary(whole, np, scale)


SCALES = (10, 100, 1000, 10_000)


def _scaled(values, np):
    """(values * 10**d as int32, 10**d) when every value has at most d <= 4 decimals and fits
    (amounts: d = 2), else (values, 1). Whole numbers of 32 bits sort in two thirds of the time
    floats take, and each value / 10**d gives back the very float it was (checked)."""
    if len(values) < PARALLEL_ROWS or values.dtype.kind != "f":
        return values, 1
    head = values[:1000]
    scale = next((k for k in SCALES if np.array_equal(np.rint(head * k) / k, head)), 1)
    if scale == 1:
        return values, 1
    whole = np.empty(len(values), dtype=np.int32)
    scaled = np.empty(min(STEP, len(values)))
    with np.errstate(invalid="ignore"):  # a value past 32 bits is checked below, not warned of
        for i in range(0, len(values), STEP):  # a slice at a time: no column-sized scratch
            part = values[i : i + STEP]
            here = scaled[: len(part)]
            np.rint(np.multiply(part, scale, out=here), out=here)
            into = whole[i : i + len(part)]
            into[...] = here  # (a value that does not fit 32 bits does not come back below)
            if not np.array_equal(np.divide(into, scale, out=here), part):
                return values, 1
    return whole, scale


def _sorted_summary(ordered, np, scale: int = 1):
    """_number_summary of sorted values (amounts as whole numbers times `scale`, see _scaled).
    Amounts are mostly distinct: the runs of equal values are measured a slice at a time and
    only each slice's TOP longest kept, so besides the sorted copy there is no column of counts
    or positions (the profile's peak memory)."""
    def value(v):  # as the column holds it: v / scale is the very float (checked in _scaled)
        return v / scale if scale != 1 else v

    n = len(ordered)
    median = (float(value(ordered[(n - 1) // 2])) + float(value(ordered[n // 2]))) / 2
    best: list[tuple[int, int]] = []  # (-length, start) of the longest runs so far
    start, unique = 0, 1  # the run in progress begins at `start`
    for i in range(1, n, STEP):
        j = min(i + STEP, n)
        starts = np.flatnonzero(ordered[i:j] != ordered[i - 1 : j - 1]) + i
        if not len(starts):
            continue
        unique += len(starts)
        begins = np.concatenate(([start], starts[:-1]))
        lengths = starts - begins
        # a later run only counts when it is longer than the TOP-th so far (a tie has the
        # larger value); of many, the TOP longest, the first of equal ones
        keep = np.flatnonzero(lengths > -best[-1][0]) if len(best) == TOP else np.arange(len(lengths))
        if len(keep) > 4 * TOP:
            cut = int(np.sort(lengths[keep])[-TOP])  # sorting is quick on many equal lengths
            keep = np.concatenate((keep[lengths[keep] > cut], keep[lengths[keep] == cut][:TOP]))
        best = sorted(best + list(zip((-lengths[keep]).tolist(), begins[keep].tolist())))[:TOP]
        start = int(starts[-1])
    best = sorted(best + [(-(n - start), start)])[:TOP]
    top = [(value(ordered[at]), -length) for length, at in best]
    return unique, top, value(ordered[0]), value(ordered[-1]), median


def _position(counts, k: int, np) -> int:
    """The index of the value that holds the k-th (0-based) of the sorted
    values: running sums slice by slice, not a second column of them."""
    total = 0
    for i in range(0, len(counts), STEP):
        cum = np.cumsum(counts[i : i + STEP]) + total
        if cum[-1] > k:
            return i + int(np.searchsorted(cum, k, side="right"))
        total = int(cum[-1])
    return len(counts) - 1


def _median(uniq, counts, np) -> float:
    n = int(counts.sum())
    lower = uniq[_position(counts, (n - 1) // 2, np)]
    upper = uniq[_position(counts, n // 2, np)]
    return (float(lower) + float(upper)) / 2


def _all_of(values, test, np) -> bool:
    """test(slice) holds for every slice of `values` (the head first: a
    decimal or a time of day shows early), without a scratch array the
    size of the column."""
    return all(bool(test(values[i : i + STEP])) for i in range(0, len(values), STEP))


def _whole(values, np) -> bool:
    """All values are whole numbers."""
    return _all_of(values, lambda part: np.all(np.mod(part, 1) == 0), np)


def profile_column(s, name: str | None = None) -> ColumnProfile:
    import numpy as np
    import pandas as pd

    name = str(s.name if name is None else name)
    col = ColumnProfile(name=name, type="text", count=0, missing=0, unique=0)
    if pd.api.types.is_datetime64_any_dtype(s) and getattr(s.dtype, "tz", None) is None:
        _profile_dates(col, s, np, pd)
    elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        _profile_numbers(col, s, np, pd)
    else:
        # hashing is the cost here: count once, everything from it
        uniq, counts = _text_counts(s, np)
        col.count = int(counts.sum())
        col.unique = int(len(uniq))
        col.top = _top(uniq, counts, np) if len(uniq) else []
        if pd.api.types.is_bool_dtype(s):
            col.type = "boolean"
            col.top = [(bool(v), n) for v, n in col.top]
        else:
            col.type = _text_type(uniq.tolist())
    col.missing = int(len(s) - col.count)
    return col


def _profile_dates(col: ColumnProfile, s, np, pd) -> None:
    values = s.to_numpy()
    missing = np.isnat(values)
    present = values[~missing] if missing.any() else values  # no copy when nothing is missing
    col.type = "date"
    col.count = int(len(present))
    if not len(present):
        return
    ticks = present.view("int64")
    per_day = _unit_per_day(present, np)
    unit = np.datetime_data(present.dtype)[0]
    first, last = int(ticks.min()), int(ticks.max())
    # plain dates (every tick a whole day; a floor division by a constant is quick, % is not)
    if _all_of(ticks, lambda part: np.array_equal(part // per_day * per_day, part), np):
        low, high = first // per_day, last // per_day
        if high - low <= 2 * len(ticks) + 1024:
            uniq, counts = _counted(_bincount(ticks, low, high - low + 1, np, per_day), low, np)
        else:
            uniq, counts = _distribution(ticks // per_day, np)
        col.top = [(pd.Timestamp(int(v), unit="D"), n) for v, n in _top(uniq, counts, np)]
    else:  # with times of day: count exact instants
        uniq, counts = _distribution(ticks, np)
        col.top = [(pd.Timestamp(np.datetime64(int(v), unit)), n) for v, n in _top(uniq, counts, np)]
    col.unique = int(len(uniq))
    col.min, col.max = pd.Timestamp(np.datetime64(first, unit)), pd.Timestamp(np.datetime64(last, unit))


def _profile_numbers(col: ColumnProfile, s, np, pd) -> None:
    if pd.api.types.is_integer_dtype(s) and not s.hasnans:
        present = s.to_numpy(dtype="int64")
        whole = True
    else:
        # a float column as it is (to_numpy with na_value copies it)
        values = s.to_numpy() if s.dtype == np.float64 else s.to_numpy(dtype="float64", na_value=np.nan)
        missing = np.isnan(values)
        present = values[~missing] if missing.any() else values  # no copy when nothing is missing
        whole = pd.api.types.is_integer_dtype(s) or _whole(present, np)
        if whole and len(present) and np.abs(present).max() < 2**53:
            present = present.astype("int64")
    col.type = "integer" if whole else "decimal"
    col.count = int(len(present))
    if not len(present):
        return
    col.unique, col.top, col.min, col.max, col.median = _number_summary(present, np)
    col.mean = float(present.mean())
    if whole:
        col.min, col.max = int(col.min), int(col.max)
        col.top = [(int(v), n) for v, n in col.top]


def _text_counts(s, np):
    """(distinct values, counts) without missing ones. Arrow-backed strings
    are counted by Arrow directly (pandas' value_counts wraps the same
    kernel in a sorted Series we do not need)."""
    if str(s.dtype) == "category":
        # counted by code: a small whole number per row (-1, a missing value, left out)
        counts = category_counts(s)
        used = np.flatnonzero(counts)  # a category no row has (a total set apart) is no value
        return np.asarray(s.cat.categories.to_numpy(), dtype=object)[used], counts[used]
    array = getattr(s, "array", None)
    chunked = getattr(array, "_pa_array", None)
    if chunked is not None:
        import pyarrow.compute as pc

        found = pc.value_counts(chunked)
        values = found.field("values")
        keep = pc.is_valid(values).to_numpy(zero_copy_only=False)
        uniq = np.asarray(values.to_pylist(), dtype=object)[keep]
        counts = found.field("counts").to_numpy()[keep]
        return uniq, counts
    counts = value_counts(s, sort=False, dropna=True)
    return np.asarray(counts.index, dtype=object), counts.to_numpy()


def _unit_per_day(values, np) -> int:
    unit = np.datetime_data(values.dtype)[0]
    return {"D": 1, "h": 24, "m": 1440, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000,
            "ns": 86_400_000_000_000}.get(unit, 1)


PARALLEL_ROWS = 200_000


def _cost(s) -> int:
    """A rough rank of how long profiling `s` takes: decimals are sorted, the rest counted."""
    import pandas as pd

    if pd.api.types.is_float_dtype(s):
        return 3
    return 1 if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s) else 2


def profile(frame) -> TableProfile:
    """Profile every column of `frame` (a pandas DataFrame).

    Big tables are profiled a few columns at a time in threads: the sorting
    and counting happen in numpy and Arrow, which release the GIL."""
    jobs = [(frame.iloc[:, j], str(name)) for j, name in enumerate(frame.columns)]
    workers = min(len(jobs), os.cpu_count() or 1, 4)
    if len(frame) >= PARALLEL_ROWS and workers > 1:
        # the longest jobs first (a column of amounts is sorted: several times a text
        # column's count), so no thread is left with one at the end while the others idle
        order = sorted(range(len(jobs)), key=lambda j: _cost(jobs[j][0]), reverse=True)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = dict(zip(order, pool.map(lambda j: profile_column(*jobs[j]), order)))
        columns = [done[j] for j in range(len(jobs))]
    else:
        columns = [profile_column(*job) for job in jobs]
    return TableProfile(rows=int(len(frame)), columns=columns)
