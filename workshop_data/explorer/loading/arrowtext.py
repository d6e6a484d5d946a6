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


def value_counts(s, **options):
    """``s.value_counts(**options)`` of the values rows hold: a categorical's counts list every
    category, also one no row has any more (a total set apart, rows left out)."""
    import pandas as pd

    counts = s.value_counts(**options)
    return counts[counts.to_numpy() > 0] if isinstance(s.dtype, pd.CategoricalDtype) else counts
