"""Progress and cancelling while a parser reads.

The parsers (pyarrow's, pandas' C parser) pull bytes from a stream; the
stream is where we learn how far they are, and where a cancel by the user
can stop them (LoadCancelled raised inside `readinto` comes out of the
parser call).
"""

from __future__ import annotations

import io

from .bigfile import FileBytes, open_range
from .errors import LoadCancelled


class Ticker:
    """Calls the caller's progress/cancel while rows are processed."""

    def __init__(self, path, progress, cancel, start: float = 0.0, end: float = 0.8) -> None:
        self.path, self.progress, self.cancel = path, progress, cancel
        self.start, self.end = start, end

    def __call__(self, fraction: float) -> None:
        if self.cancel is not None and self.cancel():
            raise LoadCancelled(self.path)
        if self.progress is not None:
            self.progress(self.start + (self.end - self.start) * min(1.0, fraction))


class ProgressReader(io.RawIOBase):
    """Bytes start..end of the file; before each read it ticks the share of
    `whole` (bytes) read so far, counting `done` bytes read before it."""

    def __init__(self, raw: bytes | FileBytes, start: int, end: int, tick: Ticker,
                 done: int = 0, whole: int | None = None) -> None:
        self.source, self.tick = open_range(raw, start, end), tick
        self.done, self.whole = done, max(1, whole if whole is not None else end - start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.tick((self.done + self.source.pos) / self.whole)
        return self.source.readinto(buffer)

    def close(self) -> None:
        self.source.close()
        super().close()


def open_stream(raw: bytes | FileBytes, start: int, end: int, tick: Ticker,
                done: int = 0, whole: int | None = None) -> io.BufferedReader:
    return io.BufferedReader(ProgressReader(raw, start, end, tick, done, whole), 1 << 20)
