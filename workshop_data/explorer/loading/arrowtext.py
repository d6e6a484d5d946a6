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


def category_series(chunked):
    """Dictionary-encoded Arrow text (a column of few distinct values:
    municipalities, categories) as a pandas categorical: a small code per
    row instead of the text spelled out, which in a big table is most of
    its memory and of the time to read it. The categories are sorted, so
    the column sorts as text does."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    chunked = chunked.unify_dictionaries()
    if not chunked.num_chunks:
        return pd.Series(pd.Categorical([]), copy=False)
    dictionary = chunked.chunk(0).dictionary
    if 2 * len(dictionary) > len(chunked):  # few values at first, mostly distinct later: text
        return text_series(chunked.cast(pa.large_string()))
    order = pc.sort_indices(dictionary).to_numpy()
    kind = np.int8 if len(order) < 127 else np.int16 if len(order) < 32767 else np.int32
    rank = np.empty(len(order) + 1, dtype=kind)  # a code per index; the last one for a missing value
    rank[order] = np.arange(len(order), dtype=kind)
    rank[-1] = -1
    codes = np.empty(len(chunked), dtype=kind)
    pos = 0
    for chunk in chunked.chunks:
        indices = chunk.indices.fill_null(-1) if chunk.null_count else chunk.indices
        np.take(rank, indices.to_numpy(), out=codes[pos : pos + len(chunk)])  # no scratch copy
        pos += len(chunk)
    categories = pd.Index(text_series(dictionary.take(pa.array(order)).cast(pa.large_string())))
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)), copy=False)


def value_counts(s, **options):
    """``s.value_counts(**options)`` of the values rows hold: a categorical's counts list every
    category, also one no row has any more (a total set apart, rows left out)."""
    import pandas as pd

    counts = s.value_counts(**options)
    return counts[counts.to_numpy() > 0] if isinstance(s.dtype, pd.CategoricalDtype) else counts
