"""The frame's columns, filled part by part as pyarrow reads a big CSV
(arrowcsv): numbers and dates into numpy arrays sized for every line of the
file (pages never written are never resident), text of few distinct values
as codes (a categorical), other text in Arrow's chunks as pandas' string
dtype keeps it, so no whole table is ever copied."""

from __future__ import annotations

from .arrowtext import text_series


class Coded:
    """A column of few distinct texts, coded as the parts come in: each part's own dictionary
    (a few dozen values) is looked up among the texts seen so far, and its rows get those
    codes. Unifying every part's dictionary at the end instead meant a second pass over all
    rows, on one core, after the parse (a twentieth of reading a 1,000,000-row file)."""

    def __init__(self, capacity: int, filled: int) -> None:
        import numpy as np
        import pyarrow as pa

        self.texts = pa.array([], pa.large_string())  # in the order first seen
        self.codes = np.empty(capacity, dtype=np.int32)  # -1: missing
        self.codes[:filled] = -1

    def grow(self, capacity: int, rows: int) -> None:
        import numpy as np

        bigger = np.empty(capacity, dtype=np.int32)
        bigger[:rows] = self.codes[:rows]
        self.codes = bigger

    def add(self, chunk, pos: int) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if pa.types.is_null(chunk.type):
            self.codes[pos : pos + len(chunk)] = -1
            return
        if not pa.types.is_dictionary(chunk.type):
            chunk = pc.dictionary_encode(chunk)
        values = chunk.dictionary.cast(pa.large_string())
        where = pc.index_in(values, value_set=self.texts)
        if where.null_count:
            new = values.filter(where.is_null())
            # sorted as they come: when the first part holds every text (most files), the codes
            # are the categoricals' codes already and series() need not renumber them
            self.texts = pa.concat_arrays([self.texts, new.take(pc.sort_indices(new))])
            where = pc.index_in(values, value_set=self.texts)
        lookup = np.append(where.to_numpy(zero_copy_only=False).astype(np.int32), np.int32(-1))
        indices = chunk.indices.fill_null(-1) if chunk.null_count else chunk.indices
        # (-1, a missing value, wraps round to the lookup's last entry)
        np.take(lookup, indices.to_numpy(), out=self.codes[pos : pos + len(chunk)], mode="wrap")

    def series(self, rows: int):
        """The column: a categorical with its categories sorted (it sorts as text does), or
        text spelled out when most of its values turned out distinct after all."""
        import numpy as np
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc

        codes = self.codes[:rows]
        if 2 * len(self.texts) > rows:
            return text_series(pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0),
                                                              self.texts).cast(pa.large_string()))
        order = pc.sort_indices(self.texts).to_numpy()
        kind = np.int8 if len(order) < 127 else np.int16 if len(order) < 32767 else np.int32
        if np.array_equal(order, np.arange(len(order))):
            codes = codes.astype(kind)  # sorted already (see add)
        else:
            rank = np.empty(len(order) + 1, dtype=kind)  # a code per text; the last for a missing value
            rank[order] = np.arange(len(order), dtype=kind)
            rank[-1] = -1
            codes = np.take(rank, codes, mode="wrap")
        categories = pd.Index(text_series(self.texts.take(pa.array(order))))
        return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)), copy=False)


class Assembly:
    """The frame's columns, filled part by part."""

    def __init__(self, width: int, capacity: int) -> None:
        self.rows, self.capacity = 0, max(1, capacity)
        self.types = [None] * width  # Arrow type of each column, once a part has one
        self.arrays: list = [None] * width  # numpy arrays (numbers, dates)
        self.coded: list[Coded | None] = [None] * width  # text of few distinct values
        self.chunks: list[list] = [[] for _ in range(width)]  # Arrow chunks (text, other)

    @staticmethod
    def _numpy_dtype(t):
        import pyarrow as pa

        if pa.types.is_integer(t):
            return "int64"
        if pa.types.is_floating(t):
            return "float64"
        if pa.types.is_timestamp(t) and t.tz is None:
            return "datetime64[us]"  # the unit the rest of the loader works in
        return None

    def _widen(self, j: int, filled: int) -> None:
        """No NaN in int64: as pandas does, a count column with gaps becomes
        float (its first `filled` rows copied over)."""
        import numpy as np

        if self.arrays[j].dtype.kind == "i":
            wider = np.empty(len(self.arrays[j]), dtype="float64")
            wider[:filled] = self.arrays[j][:filled]
            self.arrays[j] = wider

    def _missing(self, j: int, start: int, end: int) -> None:
        """Rows start..end of numpy column j are missing (NaN / NaT)."""
        import numpy as np

        self._widen(j, start)
        arr = self.arrays[j]
        arr[start:end] = np.nan if arr.dtype.kind == "f" else np.datetime64("NaT")

    def _grow(self, rows: int) -> None:
        import numpy as np

        if rows <= self.capacity:
            return
        self.capacity = max(rows, 2 * self.capacity)
        for j, arr in enumerate(self.arrays):
            if arr is not None:
                bigger = np.empty(self.capacity, dtype=arr.dtype)
                bigger[: self.rows] = arr[: self.rows]
                self.arrays[j] = bigger
        for coded in self.coded:
            if coded is not None:
                coded.grow(self.capacity, self.rows)

    def add(self, part) -> None:
        import numpy as np
        import pyarrow as pa

        start, n = self.rows, part.num_rows
        self._grow(start + n)
        for j, column in enumerate(part.columns):
            t = column.type
            if self.types[j] is None and not pa.types.is_null(t):
                self.types[j] = t  # the first part with values decides (later parts are pinned to it)
                dtype = self._numpy_dtype(t)
                if dtype:
                    self.arrays[j] = np.empty(self.capacity, dtype=dtype)
                    if start:
                        self._missing(j, 0, start)
                elif pa.types.is_dictionary(t):
                    self.coded[j] = Coded(self.capacity, start)
                elif start:
                    self.chunks[j].append(pa.nulls(start, t))
            if self.types[j] is None:
                continue  # no values yet: the missing rows are added once the type is known
            if self.coded[j] is not None:
                pos = start
                for chunk in column.chunks:
                    self.coded[j].add(chunk, pos)
                    pos += len(chunk)
                continue
            if self.arrays[j] is None:
                self.chunks[j].extend(column.cast(self.types[j]).chunks if t != self.types[j] else column.chunks)
                continue
            pos = start
            for chunk in column.chunks:
                end = pos + len(chunk)
                if pa.types.is_null(chunk.type):
                    self._missing(j, pos, end)
                else:
                    values = chunk.to_numpy(zero_copy_only=False)  # ints with gaps come as floats
                    if values.dtype.kind == "f":
                        self._widen(j, pos)
                    self.arrays[j][pos:end] = values
                pos = end
        self.rows += n

    def frame(self):
        import pandas as pd
        import pyarrow as pa

        data = {}
        for j, t in enumerate(self.types):
            if self.arrays[j] is not None:
                data[j] = self.arrays[j][: self.rows]
            elif self.coded[j] is not None:
                data[j] = self.coded[j].series(self.rows)
                self.coded[j] = None
            elif t is None:
                data[j] = pd.Series([None] * self.rows, dtype=object)
            else:
                chunked = pa.chunked_array(self.chunks[j], t)
                self.chunks[j] = []
                data[j] = text_series(chunked) if pa.types.is_large_string(t) else chunked.to_pandas()
        # copy=False: the numpy columns are taken as they are, not joined into blocks
        return pd.DataFrame(data, copy=False)
