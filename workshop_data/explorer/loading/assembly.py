"""The frame's columns, filled part by part as pyarrow reads a big CSV
(arrowcsv): numbers and dates into numpy arrays sized for every line of the
file (pages never written are never resident), text in Arrow's chunks as
pandas' string dtype keeps it, so no whole table is ever copied."""

from __future__ import annotations

from .arrowtext import category_series, text_series


class Assembly:
    """The frame's columns, filled part by part."""

    def __init__(self, width: int, capacity: int) -> None:
        self.rows, self.capacity = 0, max(1, capacity)
        self.types = [None] * width  # Arrow type of each column, once a part has one
        self.arrays: list = [None] * width  # numpy arrays (numbers, dates)
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
                elif start:
                    self.chunks[j].append(pa.nulls(start, t))
            if self.types[j] is None:
                continue  # no values yet: the missing rows are added once the type is known
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
            elif t is None:
                data[j] = pd.Series([None] * self.rows, dtype=object)
            else:
                chunked = pa.chunked_array(self.chunks[j], t)
                self.chunks[j] = []
                data[j] = (text_series(chunked) if pa.types.is_large_string(t)
                           else category_series(chunked) if pa.types.is_dictionary(t) else chunked.to_pandas())
        # copy=False: the numpy columns are taken as they are, not joined into blocks
        return pd.DataFrame(data, copy=False)
