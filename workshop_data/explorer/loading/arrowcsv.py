"""The big-file road through pyarrow's CSV reader.

pyarrow reads a 50 MB CSV several times faster than pandas' C parser: it
parses on every core, and reads dd-mm-yyyy dates natively. Reading a file
whole, though, it holds about 3.5 times the file's size at its peak. So:

- the file is read in parts of PART_BYTES, cut at line breaks outside
  quoted values; the types pyarrow infers for the first part are pinned for
  the others;
- each part goes straight into the frame's columns and is then freed:
  numbers and dates into numpy arrays sized for every line of the file
  (pages never written are never resident), text stays in Arrow's chunks
  as pandas' string dtype keeps it, so no whole table is ever copied;
- a text column of few distinct values (municipalities, categories) is
  parsed dictionary-encoded and kept so, as a pandas categorical: a code
  per row instead of the text spelled out, which was a third of the
  table's memory and a seventh of its reading time;
- text in a one-byte encoding (cp1252, latin-1) is not transcoded on the
  way in: numbers and dates are ASCII, so only the text columns are
  recoded to UTF-8 after parsing, with one vectorised pass each;
- Arrow allocates with the system allocator, so the profile and charts
  that follow (numpy) reuse what the parser freed.

`read_arrow` returns None whenever pandas' C parser should decide instead
(pyarrow missing, thousands separators, max_rows, ragged rows, a value
that does not fit the type of its column): that road reports such rows
line by line.
"""

from __future__ import annotations

import codecs
import functools

from . import bigfile
from .arrowtext import category_series, text_series
from .bigfile import FileBytes, quotes_before
from .csvload import CsvPlan
from .options import LoadOptions
from .streams import Ticker

PART_BYTES = 8 << 20
# One byte is one character in these, so text can be recoded after parsing.
ONE_BYTE_CODECS = {"cp1252", "iso8859-1", "iso8859-15"}


def part_bounds(raw: bytes | FileBytes, start: int, end: int, quoted: bool,
                size: int | None = None) -> list[int]:
    """Offsets that cut start..end into parts of about `size` bytes, each
    cut just after a line break. With quotes in the file a cut must not
    fall inside a quoted value (which may hold line breaks): there the
    quotes before it are even in number; otherwise the next break is tried,
    and after a part's length of trying the rest stays one part."""
    size = size or PART_BYTES
    on_disk = isinstance(raw, FileBytes)

    def quotes(a: int, b: int) -> int:
        # on disk cuts sit just after a survey boundary: only a line's worth is read
        return quotes_before(raw, b) - quotes_before(raw, a)

    bounds = [start]
    pos = start
    while end - pos > size + size // 2:  # no tiny last part
        target = pos + size
        boundary = target // bigfile.SCAN * bigfile.SCAN
        if on_disk and boundary > pos:
            target = boundary
        cut = raw.find(b"\n", target, end)
        if quoted and cut >= 0:
            odd = quotes(pos, cut) % 2
            while odd and 0 <= cut < pos + 2 * size:
                nxt = raw.find(b"\n", cut + 1, end)
                if nxt >= 0:
                    odd ^= quotes(cut, nxt) % 2
                cut = nxt
            if odd:
                break
        if cut < 0 or cut + 1 >= end:
            break
        pos = cut + 1
        bounds.append(pos)
    bounds.append(end)
    return bounds


@functools.lru_cache(maxsize=8)
def _utf8_lengths(codec: str):
    """How many UTF-8 bytes each byte of a one-byte codec becomes."""
    import numpy as np

    return np.array([len(bytes([b]).decode(codec, "replace").encode("utf-8")) for b in range(256)],
                    dtype=np.uint8)


def recode(array, codec: str):
    """A pyarrow string array whose bytes are in `codec` (one byte per
    character), as a UTF-8 large_string array (the type pandas keeps text
    in). Raises UnicodeDecodeError on a byte the codec leaves undefined."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    validity, offsets, data = array.buffers()
    if not len(array) or data is None:
        return array.cast(pa.large_string())
    offs = np.frombuffer(offsets, dtype=np.int32, count=len(array) + 1, offset=4 * array.offset)
    first, last = int(offs[0]), int(offs[-1])
    raw = np.frombuffer(data, dtype=np.uint8, count=last - first, offset=first)
    high = np.flatnonzero(raw >= 0x80)  # the only bytes that change (é, ë, €)
    if not len(high):
        return array.cast(pa.large_string())
    high_bytes = raw[high]
    # cp1252 and latin-1 agree from 0xA0 up (iso8859-15 does not: 0xA4 is €),
    # and latin-1 decodes at copying speed
    fast = codec == "iso8859-1" or (codec == "cp1252" and not bool((high_bytes < 0xA0).any()))
    utf8 = raw.tobytes().decode("iso8859-1" if fast else codec).encode("utf-8")
    # each value starts later by what the characters before it grew: the
    # growth of each non-ASCII byte is added to the values after it
    owner = np.searchsorted(offs - first, high, side="right")
    growth = np.bincount(owner, weights=_utf8_lengths(codec)[high_bytes] - 1, minlength=len(offs))
    new_offsets = offs - first + np.cumsum(growth).astype(np.int64)
    if array.null_count and array.offset:
        validity = pc.is_valid(array).buffers()[1]
    return pa.Array.from_buffers(pa.large_string(), len(array), [validity if array.null_count else None,
                                 pa.py_buffer(new_offsets), pa.py_buffer(utf8)], null_count=array.null_count)


def _as_loaded(part, opts: LoadOptions, codec: str | None):
    """One part's columns as the frame takes them: what pyarrow guessed on
    its own (booleans, times, ISO dates - the other road keeps those as
    text unless the date format says otherwise) back to text, and text as
    UTF-8 large_string (recoded from `codec` when given)."""
    import pyarrow as pa

    for j, field_ in enumerate(part.schema):
        t = field_.type
        keep_date = (pa.types.is_timestamp(t) or pa.types.is_date(t)) and opts.date_format
        column = part.column(j)
        if pa.types.is_boolean(t) or pa.types.is_time(t) or (pa.types.is_temporal(t) and not keep_date):
            column = column.cast(pa.large_string())
        elif pa.types.is_string(t):
            column = pa.chunked_array([recode(c, codec) if codec else c.cast(pa.large_string())
                                       for c in column.chunks], pa.large_string())
        elif pa.types.is_dictionary(t) and pa.types.is_string(t.value_type):
            # a column of few distinct texts (municipalities, categories): only the
            # dictionary needs recoding; it stays encoded (the frame holds it as a categorical)
            column = pa.chunked_array([pa.DictionaryArray.from_arrays(
                c.indices, recode(c.dictionary, codec) if codec else c.dictionary.cast(pa.large_string()))
                for c in column.chunks], pa.dictionary(t.index_type, pa.large_string()))
        else:
            continue
        part = part.set_column(j, field_.name, column)
    return part


class _Assembly:
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


def _share_the_heap(pa) -> None:
    """Let Arrow allocate with the system allocator, as numpy and pandas do.
    Arrow's own pools (mimalloc, jemalloc) keep what the parser frees for
    Arrow alone; in this process the profile and the charts that follow
    are numpy's, so with one heap they reuse that memory and the peak of
    open -> profile -> chart is about a quarter lower (benchmarks/explorer.py)."""
    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
BIG_BLOCK = 4 << 20  # fixed: glibc's default would grow it up to 32 MB after the first free


@functools.lru_cache(maxsize=1)
def map_big_blocks() -> None:
    """Blocks of 4 MB and more (a column, a part of the file) get pages of
    their own that go back to the system when freed. glibc's default grows
    that threshold after the first free, so the parts' buffers then land in
    the heaps of pyarrow's and the profile's threads, where the main thread
    cannot reuse them: the table's peak was a third higher (explorer.py).
    Smaller blocks (a part's columns as pyarrow parses them) are reused from
    the heap: with glibc's 128 KB start each was fresh pages, and their page
    faults cost a 1,000,000-row table a fifth of its reading time."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)
    except (OSError, AttributeError):
        pass  # not glibc: its allocator decides


def _part_source(pa, raw: bytes | FileBytes, start: int, end: int):
    """Bytes start..end for pyarrow, read by Arrow itself: through a Python stream each
    1 MB read was a fresh block (its own pages, see map_big_blocks) and a copy. A part is
    read whole (PART_BYTES at most), so progress and cancel are checked per part."""
    if isinstance(raw, FileBytes):
        with pa.OSFile(raw.path) as fh:
            fh.seek(start)
            return pa.BufferReader(fh.read_buffer(end - start))
    return pa.BufferReader(pa.py_buffer(memoryview(raw)[start:end]))


def _pinned_types(pa, read, loaded) -> dict:
    """The column types the next parts are read with: those of this part as read (where it
    has one); a dictionary-encoded text column stays dictionary-encoded."""
    return {f.name: r.type if pa.types.is_dictionary(r.type)
            else pa.string() if pa.types.is_large_string(f.type) else f.type
            for r, f in zip(read, loaded) if not pa.types.is_null(f.type)}


def read_arrow(plan: CsvPlan, opts: LoadOptions, tick: Ticker):
    """The data lines of a big CSV as a frame with columns 0..n-1, or None
    (see the module's text)."""
    if opts.max_rows is not None or opts.thousands:
        return None
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    _share_the_heap(pa)
    width = len(plan.names)
    columns = [str(j) for j in range(width)]
    codec = codecs.lookup(plan.codec).name
    later = codec in ONE_BYTE_CODECS and all(v.isascii() for v in opts.na_values)
    encoding = "utf8" if later or codec == "utf-8" else plan.codec
    invalid = []

    def on_invalid(row):
        invalid.append(row)
        return "skip"

    # line breaks inside values need a slower (serial) scan: only when the
    # file has a quote at all; otherwise none can be quoted
    quoted = plan.raw.find(b'"', plan.start_byte, plan.end_byte) >= 0
    types = {str(j): pa.string() for j, name in enumerate(plan.names) if name in (opts.text_columns or [])}
    parsers = [opts.date_format] if opts.date_format and opts.date_format != "ISO8601" else []
    bounds = part_bounds(plan.raw, plan.start_byte, plan.end_byte, quoted)
    whole = plan.end_byte - plan.start_byte
    # every line a row at most (blank lines and quoted line breaks make fewer)
    assembly = _Assembly(width, plan.footer_line - plan.data_line)
    try:
        for a, b in zip(bounds, bounds[1:]):
            tick((a - plan.start_byte) / max(1, whole))
            part = pacsv.read_csv(
                _part_source(pa, plan.raw, a, b),
                read_options=pacsv.ReadOptions(column_names=columns, encoding=encoding),
                parse_options=pacsv.ParseOptions(delimiter=opts.delimiter, quote_char='"',
                                                 newlines_in_values=quoted, invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(
                    decimal_point=opts.decimal, null_values=["", *opts.na_values], strings_can_be_null=True,
                    column_types=types, timestamp_parsers=parsers or None, check_utf8=not later,
                    auto_dict_encode=True),
            )
            if invalid:
                return None  # ragged rows: the C parser pads short ones and reports long ones
            read = part.schema
            part = _as_loaded(part, opts, codec if later else None)
            types = _pinned_types(pa, read, part.schema)
            assembly.add(part)
            del part
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError, UnicodeDecodeError):
        return None  # e.g. a value that does not fit the type inferred from the first part
    frame = assembly.frame()
    pa.default_memory_pool().release_unused()  # with the system allocator: malloc_trim
    return frame
