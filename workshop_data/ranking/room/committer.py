"""Votes that arrive together are committed together: one fsync for a burst of phones.

Sixty phones sending at the same moment would otherwise wait for sixty commits in a row (each
an fsync of the WAL, 1–2 ms here): the last phone would hear "received" after ~100 ms. One
thread takes every vote that is waiting, runs each in a savepoint of its own (a vote that
breaks a rule is rolled back alone and gets its own error), commits once, and only then answers
every phone. Nobody hears "received" before their vote is on disk; a crash before the commit
loses only votes whose phones were never told.
"""

from __future__ import annotations

import asyncio
import contextvars
import queue
import threading
from collections.abc import Callable
from typing import Any

_STOP = object()
# Votes per commit at most: the trip file's lock is held for the whole batch, and the terminal
# reads through the same lock; well under 1 ms a vote keeps that wait within a frame.
MAX_BATCH = 12


class Committer:
    def __init__(self, store) -> None:
        self.store = store
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    async def run(self, work: Callable[[], Any]) -> Any:
        """Run ``work`` (trip writes) in the next group commit; its result once committed."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.put((contextvars.copy_context(), work, future, loop))
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="room-commits",
                                            daemon=True)
            self._thread.start()
        return await future

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=10)
            self._thread = None

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._queue.put(_STOP)  # after this batch
                    break
                batch.append(item)
            for future, loop, value, error in self._commit(batch):
                loop.call_soon_threadsafe(_settle, future, value, error)

    def _commit(self, batch: list) -> list[tuple]:
        done = []
        try:
            with self.store.transaction():
                for context, work, future, loop in batch:
                    try:
                        with self.store.transaction():  # a savepoint: fails alone
                            value = context.run(work)
                    except Exception as error:  # noqa: BLE001 — handed to its own request
                        done.append((future, loop, None, error))
                    else:
                        done.append((future, loop, value, None))
        except Exception as error:  # the commit itself failed (disk full): nobody is told ok
            return [(future, loop, None, error) for _context, _work, future, loop in batch]
        return done


def _settle(future: asyncio.Future, value: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)
