"""The big-file road through pyarrow's CSV reader.

pyarrow reads a 50 MB CSV several times faster than pandas' C parser: it
parses on every core, and reads dd-mm-yyyy dates natively. Reading a file
whole, though, it holds about 3.5 times the file's size at its peak. So:

- the file is read in parts of PART_BYTES, cut at line breaks outside
  quoted values; the types pyarrow infers for the first part are pinned for
  the others, which are then parsed two at a time (one per core) while the
  one before is added to the frame. A part is read into a buffer an
  earlier part had (no fresh pages), and is a single block to pyarrow, so
  pyarrow never has to find where a row ends with quotes in mind (a serial
  scan);
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
import os
import queue
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from ...common.i18n import t
from . import bigfile
from .assembly import Assembly
from .bigfile import FileBytes, quotes_before
from .csvload import CsvPlan
from .dates import DATE_LAYOUTS, arrow_dates
from .errors import LoadError
from .options import LoadOptions
from .streams import Ticker

PART_BYTES = 4 << 20
# The first part is parsed alone (its types pin the others'): about what pyarrow infers
# types from anyway (its first block), and the second core waits for it no longer.
FIRST_PART_BYTES = 1 << 20
# One byte is one character in these, so text can be recoded after parsing.
ONE_BYTE_CODECS = {"cp1252", "iso8859-1", "iso8859-15"}


def part_bounds(raw: bytes | FileBytes, start: int, end: int, quoted: bool,
                size: int | None = None, first: int | None = None) -> list[int]:
    """Offsets that cut start..end into parts of about `size` bytes (the
    first of `first` bytes, when smaller), each cut just after a line break.
    With quotes in the file a cut must not fall inside a quoted value (which
    may hold line breaks): there the quotes before it are even in number;
    otherwise the next break is tried, and after a part's length of trying
    the rest stays one part."""
    size = size or PART_BYTES
    on_disk = isinstance(raw, FileBytes)

    def quotes(a: int, b: int) -> int:
        # on disk cuts sit just after a survey boundary: only a line's worth is read
        return quotes_before(raw, b) - quotes_before(raw, a)

    bounds = [start]
    pos = start
    while True:
        step = min(first or size, size) if len(bounds) == 1 else size
        if end - pos <= step + step // 2:  # no tiny last part
            break
        target = pos + step
        boundary = target // bigfile.SCAN * bigfile.SCAN
        if on_disk and boundary > pos:
            target = boundary
        cut = raw.find(b"\n", target, end)
        if quoted and cut >= 0:
            odd = quotes(pos, cut) % 2
            while odd and 0 <= cut < pos + 2 * step:
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
    faults cost a 1,000,000-row table a fifth of its reading time. (Keeping
    what a part freed for the next one too, glibc's trim threshold at 64 MB
    instead of 128 KB, halved the page faults of a second load but measured
    no quicker in a fresh process, and the table's peak was 10 MB higher.)"""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, BIG_BLOCK)
    except (OSError, AttributeError):
        pass  # not glibc: its allocator decides


class _Source:
    """The file's bytes for pyarrow, part by part, each read into a buffer an earlier part had
    (pyarrow copies what it parses, so a buffer is free again once its part is parsed): no
    fresh pages to fault in for every part (a tenth of the parse when each part was new
    memory), and no more of the file in memory than the parts being parsed.

    Read, not mapped: a file that gets shorter while it is read (an export still being written,
    a synchronised folder) made its mapped pages past the new end a crash (SIGBUS) that no
    check before a part could rule out - the file could shrink during the part's parse. Here
    that is a short read, refused with a message."""

    def __init__(self, raw: bytes | FileBytes) -> None:
        self.raw = raw
        self._fd = os.open(raw.path, os.O_RDONLY) if isinstance(raw, FileBytes) and raw.end else None
        self._free: queue.SimpleQueue = queue.SimpleQueue()  # buffers no part holds
        self._held: dict[int, bytearray] = {}  # a part's start -> the buffer it was read into

    def ends_at_break(self, end: int) -> bool:
        if end <= 0:
            return False
        last = os.pread(self._fd, 1, end - 1) if self._fd is not None else self.raw[end - 1 : end]
        return last in (b"\r", b"\n")

    def part(self, pa, start: int, end: int):
        if self._fd is None:
            return pa.BufferReader(pa.py_buffer(memoryview(self.raw)[start:end]))
        size = end - start
        try:
            buffer = self._free.get_nowait()
        except queue.Empty:
            buffer = bytearray(0)
        if len(buffer) < size:
            buffer = bytearray(max(size, PART_BYTES + (PART_BYTES >> 4)))  # a part runs on to a break
        view = memoryview(buffer)[:size]
        done = 0
        while done < size:
            got = os.preadv(self._fd, [view[done:]], start + done)
            if not got:
                self._free.put(buffer)
                raise LoadError(t("loader.error.file_changed"), path=self.raw.path)
            done += got
        self._held[start] = buffer
        return pa.BufferReader(pa.py_buffer(view))

    def done(self, start: int, end: int) -> None:
        buffer = self._held.pop(start, None)
        if buffer is not None:
            self._free.put(buffer)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


FEW_TEXTS = 50  # pyarrow's auto_dict_max_cardinality: up to this many distinct texts in a part


def _encode_few(pa, read, part):
    """The first part with each column of text pyarrow read spelled out (a column named as
    text, codes with leading zeros most often) dictionary-encoded when it holds few distinct
    values, as pyarrow encodes the columns it types itself: the later parts are then read so
    too, and the frame gets a categorical (a code per row, counted and matched per category)."""
    import pyarrow.compute as pc

    for j, (r, f) in enumerate(zip(read, part.schema)):
        if pa.types.is_string(r.type) and pc.count_distinct(part.column(j)).as_py() <= FEW_TEXTS:
            part = part.set_column(j, f.name, pc.dictionary_encode(part.column(j)))
    return part


def _pinned_types(pa, loaded, date_format: str) -> tuple[dict, list[str]]:
    """The column types the next parts are read with: those of the first part as the frame
    took them, text as pyarrow reads it (spelled out or dictionary-encoded); and the columns of
    dates in a fixed-width format, which are read as text and made dates by arrow_dates."""
    by_grid = [f.name for f in loaded if pa.types.is_timestamp(f.type) and date_format in DATE_LAYOUTS]

    def read_as(f):
        if f.name in by_grid:
            return pa.string()
        if pa.types.is_dictionary(f.type):
            return pa.dictionary(f.type.index_type, pa.string())
        return pa.string() if pa.types.is_large_string(f.type) else f.type

    return {f.name: read_as(f) for f in loaded if not pa.types.is_null(f.type)}, by_grid


class _Parts:
    """pyarrow's reading of one big CSV, part by part."""

    def __init__(self, pa, pacsv, plan: CsvPlan, opts: LoadOptions) -> None:
        self.pa, self.pacsv, self.opts = pa, pacsv, opts
        codec = codecs.lookup(plan.codec).name
        later = codec in ONE_BYTE_CODECS and all(v.isascii() for v in opts.na_values)
        self.codec = codec if later else None  # recoded after parsing (see the module's text)
        self.encoding = "utf8" if later or codec == "utf-8" else plan.codec
        self.columns = [str(j) for j in range(len(plan.names))]
        self.invalid: list = []
        self.source = _Source(plan.raw)
        # a quote anywhere: a value may hold a line break (see parse)
        self.quoted = plan.raw.find(b'"', plan.start_byte, plan.end_byte) >= 0
        self.parsers = [opts.date_format] if opts.date_format and opts.date_format != "ISO8601" else []
        self.types = {str(j): pa.string() for j, name in enumerate(plan.names) if name in (opts.text_columns or [])}
        self.dates: list[str] = []  # columns of dates read as text, made dates in parse()

    def on_invalid(self, row):
        self.invalid.append(row)
        return "skip"

    def parse(self, start: int, end: int, types: dict, dates: list[str]):
        """Bytes start..end as one table (the columns as the frame takes them), read with the
        column `types` given (the others inferred), the `dates` read as text made dates here
        (see _pinned_types). The part is one
        block for pyarrow (block_size above its length), so pyarrow's chunker never cuts it:
        the cut that must mind quoted line breaks is a serial scan, a fifth of the parse, and a
        part already ends at a line break outside quotes (part_bounds). Only a file's last line
        without a break of its own needs that scan."""
        pa, pacsv, opts = self.pa, self.pacsv, self.opts
        source = self.source.part(pa, start, end)  # (refuses a file that no longer reaches `end`)
        part = pacsv.read_csv(
            source,
            # the part's columns converted on this thread: the parts are what runs in parallel
            # (pyarrow's own pool put a third and fourth thread on two cores: 4% slower)
            read_options=pacsv.ReadOptions(column_names=self.columns, encoding=self.encoding,
                                           block_size=end - start + 1, use_threads=False),
            parse_options=pacsv.ParseOptions(
                delimiter=opts.delimiter, quote_char='"', invalid_row_handler=self.on_invalid,
                newlines_in_values=self.quoted and not self.source.ends_at_break(end)),
            convert_options=pacsv.ConvertOptions(
                decimal_point=opts.decimal, null_values=["", *opts.na_values], strings_can_be_null=True,
                column_types=types, timestamp_parsers=self.parsers or None,
                check_utf8=self.codec is None, auto_dict_encode=True),
        )
        self.source.done(start, end)
        for name in dates:
            j = part.schema.get_field_index(name)
            part = part.set_column(j, name, pa.chunked_array(
                [arrow_dates(c, opts.date_format) for c in part.column(j).chunks], pa.timestamp("us")))
        return part.schema, _as_loaded(part, opts, self.codec)


AHEAD = 2  # parts parsed at once, one per core: each part is a single block to pyarrow


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
    parts = _Parts(pa, pacsv, plan, opts)
    # every line a row at most (blank lines and quoted line breaks make fewer)
    assembly = Assembly(len(plan.names), plan.footer_line - plan.data_line)
    try:
        cuts = part_bounds(plan.raw, plan.start_byte, plan.end_byte, parts.quoted, first=FIRST_PART_BYTES)
        _read_parts(parts, list(zip(cuts, cuts[1:])), assembly, tick, plan.start_byte, plan.end_byte)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError, UnicodeDecodeError, _Ragged):
        return None  # e.g. a value that does not fit the type inferred from the first part
    finally:
        parts.source.close()
    frame = assembly.frame()
    pa.default_memory_pool().release_unused()  # with the system allocator: malloc_trim
    return frame


class _Ragged(Exception):
    """Rows of another width: the C parser pads short ones and reports long ones."""


def _read_parts(parts: _Parts, ranges: list[tuple[int, int]], assembly: Assembly, tick: Ticker,
                start: int, end: int) -> None:
    """Parse the first part (the types pyarrow infers there are pinned for the others) beside
    the second, then the rest AHEAD at a time in threads (pyarrow lets go of the GIL), adding
    each to the frame in order while the next ones are parsed."""
    whole = max(1, end - start)
    added = 0

    def add(loaded) -> None:
        nonlocal added
        if parts.invalid:
            raise _Ragged()
        tick((ranges[added][0] - start) / whole)
        read, part = loaded
        if not added:
            part = _encode_few(parts.pa, read, part)
            parts.types, parts.dates = _pinned_types(parts.pa, part.schema, parts.opts.date_format or "")
        assembly.add(part)
        added += 1

    def checked(bounds: tuple[int, int], future) -> None:
        loaded = future.result()
        if not _fits(parts.pa, pinned, loaded[1].schema):
            loaded = parts.parse(*bounds, parts.types, parts.dates)  # as every part after it
        add(loaded)

    pending: deque = deque()
    with ThreadPoolExecutor(max_workers=AHEAD) as pool:
        try:
            # the second part is read beside the first, with the types pyarrow infers for it (the
            # second core would only wait for the first part): nearly always the first part's
            loose = [pool.submit(parts.parse, a, b, dict(parts.types), []) for a, b in ranges[:2]]
            add(loose[0].result())
            pinned = assembly.types
            pending.extend(zip(ranges[1:2], loose[1:]))
            for a, b in ranges[2:]:
                pending.append(((a, b), pool.submit(parts.parse, a, b, parts.types, parts.dates)))
                if len(pending) > AHEAD:
                    checked(*pending.popleft())
            while pending:
                checked(*pending.popleft())
        finally:
            for _, future in pending:
                future.cancel()


def _fits(pa, pinned: list, schema) -> bool:
    """Does a part read with the types pyarrow inferred hold what it would hold read with the
    pinned ones (`pinned`: the frame's column types, None where no part had values yet)? Text
    spelled out or dictionary-encoded alike, dates in any unit, whole numbers in a column of
    decimals, a column empty in this part; not decimals or text in a column of whole numbers
    (read with the pinned types, that part raises: the C parser's road reads the file)."""
    def text(t):
        return pa.types.is_large_string(t) or (pa.types.is_dictionary(t) and pa.types.is_large_string(t.value_type))

    for want, got in zip(pinned, schema.types):
        if want is None or want == got or pa.types.is_null(got) or (text(want) and text(got)):
            continue
        if (pa.types.is_timestamp(want) and pa.types.is_timestamp(got)) or (
                pa.types.is_floating(want) and pa.types.is_integer(got)):
            continue
        return False
    return True
