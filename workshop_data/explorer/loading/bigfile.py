"""A big file that answers like `bytes`, without being held in memory.

The CSV loader asks a handful of questions of a whole file: how many line
breaks, where does line N start, is there a quote between two offsets, is
every byte valid in this encoding, what are the first and last kilobytes.
For the files where speed matters (tens of MB) holding the bytes costs as
much memory as the parsed table itself, so `FileBytes` answers the same
questions (`len`, slices, `count`, `find`, `index`, `rfind`, `rindex`,
`in`, `startswith`, `endswith`, `isascii`) by reading the file in blocks,
and `open_range` hands a part of it to a parser as a stream.

Searches take a single byte (a line break, a quote): that is all the loader
needs, and it keeps block boundaries simple.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from typing import Iterator

BLOCK = 1 << 20  # the unit of the block cache used by repeated searches
NEAR = 4 << 10  # what a search reads first, before a block
# reads for whole-file scans: a block stays in the core's cache while it is compared three
# times (at 4 MB each comparison read it from memory again: a fifth slower)
SCAN = 1 << 20


class FileBytes:
    """The first `end` bytes of the file at `path` (all of it by default)."""

    def __init__(self, path: str | os.PathLike, end: int | None = None) -> None:
        self.path = os.fspath(path)
        self.end = os.path.getsize(self.path) if end is None else end
        self._cached: tuple[int, bytes] = (-1, b"")
        self._survey: Survey | None = None

    def __repr__(self) -> str:
        return f"FileBytes({self.path!r}, end={self.end})"

    def __len__(self) -> int:
        return self.end

    def __getitem__(self, key: slice) -> bytes:
        if not isinstance(key, slice):
            raise TypeError("FileBytes supports slices only")
        start, stop, step = key.indices(self.end)
        if step != 1:
            raise ValueError("FileBytes slices take no step")
        if stop <= start:
            return b""
        with open(self.path, "rb") as fh:
            fh.seek(start)
            return fh.read(stop - start)

    # -- scans -------------------------------------------------------------

    def blocks(self, start: int = 0, end: int | None = None, size: int | None = None) -> Iterator[tuple[int, bytes]]:
        """(offset, bytes) of consecutive reads of SCAN bytes covering start..end."""
        size = size or SCAN
        end = self.end if end is None else min(end, self.end)
        with open(self.path, "rb") as fh:
            fh.seek(start)
            pos = start
            while pos < end:
                data = fh.read(min(size, end - pos))
                if not data:
                    return
                yield pos, data
                pos += len(data)

    def count(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        _single(sub)
        if start == 0 and (end is None or end >= self.end) and sub in self.survey().counts:
            return self.survey().counts[sub]
        return sum(data.count(sub) for _, data in self.blocks(start, end))

    def survey(self) -> Survey:
        """One pass over the file for the questions asked of every big
        file (each alone would read it again)."""
        if self._survey is None:
            self._survey = Survey.of(self)
        return self._survey

    def quotes_before(self, pos: int) -> int:
        """How many '"' bytes lie before `pos`: from the survey's running
        count at the block boundary below it, plus the few bytes after."""
        k = min(pos // SCAN, len(self.survey().quotes_at) - 1)
        return self.survey().quotes_at[k] + self[k * SCAN : pos].count(b'"')

    def isascii(self) -> bool:
        return self.survey().ascii

    def startswith(self, prefix: bytes) -> bool:
        return self[: len(prefix)] == prefix

    def endswith(self, suffix: bytes) -> bool:
        return self[max(0, self.end - len(suffix)) :] == suffix

    def __contains__(self, sub: bytes) -> bool:
        return self.find(sub) >= 0

    # -- searches (repeated calls walk a cached block, not the disk) ---------

    def _block(self, k: int) -> bytes:
        if self._cached[0] != k:
            self._cached = (k, self[k * BLOCK : (k + 1) * BLOCK])
        return self._cached[1]

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        _single(sub)
        end = self.end if end is None else min(end, self.end)
        k = max(0, start) // BLOCK
        if self._cached[0] != k:  # most searches end within a line: a few KB first, not a block
            near = self[max(0, start) : min(end, max(0, start) + NEAR)]
            i = near.find(sub)
            if i >= 0:
                return max(0, start) + i
        while k * BLOCK < end:
            base = k * BLOCK
            i = self._block(k).find(sub, max(0, start - base), end - base)
            if i >= 0:
                return base + i
            k += 1
        return -1

    def rfind(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        _single(sub)
        end = self.end if end is None else min(end, self.end)
        k = (end - 1) // BLOCK
        while k >= 0 and (k + 1) * BLOCK > start:
            base = k * BLOCK
            i = self._block(k).rfind(sub, max(0, start - base), end - base)
            if i >= 0:
                return base + i
            k -= 1
        return -1

    def index(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        i = self.find(sub, start, end)
        if i < 0:
            raise ValueError("subsection not found")
        return i

    def rindex(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        i = self.rfind(sub, start, end)
        if i < 0:
            raise ValueError("subsection not found")
        return i


CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


@dataclass
class Survey:
    """What one pass over a big file learns: counts of line breaks and
    quotes, the running count of quotes at each SCAN boundary (so a part's
    cut can be checked for falling inside a quoted value without reading
    the part), whether a byte cp1252 leaves undefined occurs, and whether
    the file is ASCII throughout."""

    counts: dict[bytes, int] = field(default_factory=dict)
    quotes_at: list[int] = field(default_factory=lambda: [0])
    cp1252_undefined: bool = False
    ascii: bool = True

    @classmethod
    def of(cls, fb: FileBytes) -> Survey:
        """The survey of a file: its two halves side by side in threads (reading and
        comparing let go of the GIL), each block after block."""
        from concurrent.futures import ThreadPoolExecutor

        with open(fb.path, "rb") as fh:
            start = fh.read(SCAN)
        # old Mac files break lines with CR alone: only then are CRs counted
        count_cr = bool(start) and b"\n" not in start
        half = fb.end // 2 // SCAN * SCAN
        if half >= 4 * SCAN:
            with ThreadPoolExecutor(max_workers=1) as pool:
                later = pool.submit(_survey_blocks, fb.path, half, fb.end, count_cr)
                blocks = _survey_blocks(fb.path, 0, half, count_cr) + later.result()
        else:
            blocks = _survey_blocks(fb.path, 0, fb.end, count_cr)
        found = cls()
        quotes = 0
        for block in blocks:
            quotes += block.quotes
            found.quotes_at.append(quotes)
        found.counts = {b"\n": sum(b.lf for b in blocks), b'"': quotes}
        if count_cr:
            found.counts[b"\r"] = sum(b.cr for b in blocks)
        found.cp1252_undefined = any(b.cp1252_undefined for b in blocks)
        found.ascii = all(b.ascii for b in blocks)
        return found


@dataclass
class _Block:
    lf: int
    cr: int
    quotes: int
    cp1252_undefined: bool
    ascii: bool


def _survey_blocks(path: str, start: int, end: int, count_cr: bool) -> list[_Block]:
    """What Survey counts, per SCAN block of bytes start..end (start on a block boundary)."""
    import numpy as np  # counting by comparison is twice as fast as bytes.count here

    # one buffer read into and one scratch array compared into, block after block: fresh
    # blocks cost page faults (big blocks get pages of their own, see map_big_blocks)
    # that took more time than the counting
    buf = bytearray(SCAN)
    codes_all = np.frombuffer(buf, dtype=np.uint8)
    scratch = np.empty(SCAN, dtype=bool)
    found = []
    with open(path, "rb", buffering=0) as fh:
        fh.seek(start)
        pos = start
        while pos < end:
            n = fh.readinto(memoryview(buf)[: min(SCAN, end - pos)])
            if not n:
                break
            pos += n
            codes, hits = codes_all[:n], scratch[:n]
            lf = int(np.count_nonzero(np.equal(codes, 10, out=hits)))
            cr = int(np.count_nonzero(np.equal(codes, 13, out=hits))) if count_cr else 0
            quotes = int(np.count_nonzero(np.equal(codes, 34, out=hits)))
            ascii_ = int(codes.max()) < 0x80
            undefined = not ascii_ and any(buf.find(b, 0, n) >= 0 for b in CP1252_UNDEFINED)
            found.append(_Block(lf, cr, quotes, undefined, ascii_))
    return found


def quotes_before(data: bytes | FileBytes, pos: int) -> int:
    """How many '"' bytes lie before `pos`, in memory or on disk."""
    return data.quotes_before(pos) if isinstance(data, FileBytes) else data.count(b'"', 0, pos)


def _single(sub: bytes) -> None:
    if len(sub) != 1:
        raise ValueError("FileBytes searches for a single byte")


def iter_blocks(data: bytes | FileBytes, size: int | None = None) -> Iterator[tuple[int, bytes | memoryview]]:
    """(offset, block) over in-memory bytes or a FileBytes alike, so a
    whole-file check (decoding, say) never needs a second full copy."""
    size = size or SCAN
    if isinstance(data, FileBytes):
        yield from data.blocks(size=size)
        return
    view = memoryview(data)
    for pos in range(0, len(data), size):
        yield pos, view[pos : pos + size]


class _Range(io.RawIOBase):
    """Bytes start..end of in-memory data or of a file, as a stream."""

    def __init__(self, data: bytes | FileBytes, start: int, end: int) -> None:
        self.length, self.pos = max(0, end - start), 0
        if isinstance(data, FileBytes):
            self._view, self._fh = None, open(data.path, "rb")
            self._fh.seek(start)
        else:
            self._view, self._fh = memoryview(data)[start:end], None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.length - self.pos)
        if n <= 0:
            return 0
        if self._fh is not None:
            n = self._fh.readinto(memoryview(buffer)[:n]) or 0
        else:
            buffer[:n] = self._view[self.pos : self.pos + n]
        self.pos += n
        return n

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        super().close()


def open_range(data: bytes | FileBytes, start: int, end: int) -> io.RawIOBase:
    """A raw stream of data[start:end] that reads the file only as the
    parser asks for it (`.pos` and `.length` tell how far it is)."""
    return _Range(data, start, end)
