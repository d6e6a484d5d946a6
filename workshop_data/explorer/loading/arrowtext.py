"""Text columns on Arrow, both ways.

With pyarrow installed pandas keeps text in Arrow arrays (its "str" dtype);
the loader hands Arrow text to pandas without copying, and reads it back
to run Arrow's kernels (numbers, dates) instead of Python string methods.
"""

from __future__ import annotations


def arrow_text(s):
    """The Arrow array behind a Series of pandas' Arrow-backed string dtype
    (a ChunkedArray, no copy), or None for any other Series."""
    if getattr(s.dtype, "storage", None) != "pyarrow":
        return None
    import pyarrow as pa

    return pa.chunked_array(pa.array(s.array))


def text_series(array):
    """Arrow text (an Array or ChunkedArray) as a pandas Series of pandas'
    default string dtype, without a copy; on pandas 2, whose default is
    Python strings, as those."""
    import numpy as np
    import pandas as pd

    if int(pd.__version__.split(".")[0]) < 3:
        return array.to_pandas()
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    return pd.Series(dtype.__from_arrow__(array), copy=False)


def value_counts(s, sort: bool = True, ascending: bool = False, dropna: bool = True, **options):
    """``s.value_counts(...)`` of the values rows hold: a categorical's counts list every
    category, also one no row has any more (a total set apart, rows left out). A categorical
    is counted by category_counts, as pandas counts it but without its copies of the codes."""
    import numpy as np
    import pandas as pd

    if not isinstance(s.dtype, pd.CategoricalDtype):
        return s.value_counts(sort=sort, ascending=ascending, dropna=dropna, **options)
    if not dropna or options:
        counts = s.value_counts(sort=sort, ascending=ascending, dropna=dropna, **options)
    else:  # what pandas' Categorical.value_counts and Series.value_counts make of it
        index = pd.CategoricalIndex(pd.Categorical.from_codes(np.arange(len(s.dtype.categories)), dtype=s.dtype),
                                    name=s.name)
        counts = pd.Series(category_counts(s), index=index, dtype="int64", name="count", copy=False)
        if sort:
            counts = counts.sort_values(ascending=ascending, kind="stable")
    return counts[counts.to_numpy() > 0]


STEP = 1 << 16  # codes counted at a time


def category_counts(s):
    """How many rows hold each category of the categorical `s` (in the categories' order), a
    slice of its codes at a time: np.bincount of the whole column would first copy its small
    codes into a column of 64-bit ones."""
    import numpy as np

    codes = s.cat.codes.to_numpy()
    counts = np.zeros(len(s.dtype.categories) + 1, dtype=np.int64)
    for i in range(0, len(codes), STEP):  # (-1, a missing value, is counted first and left out)
        counts += np.bincount(codes[i : i + STEP] + 1, minlength=len(counts))
    return counts[1:]
