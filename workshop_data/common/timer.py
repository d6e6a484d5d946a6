"""The exercise timer: a countdown the facilitator runs, shown on the projector and the phones.

Plain state and arithmetic on a monotonic clock (passed in, so tests can move time); the
screen (:mod:`screens.common.timer`) draws it, the room server (:mod:`..ranking.room.server`)
hands :meth:`Countdown.snapshot` to the phones: the time, never anything about a voter.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

STATES = ("idle", "running", "paused", "done")
DEFAULT_SECONDS = 5 * 60
MINUTE = 60
LONGEST = 99 * 60 + 59  # what two digits of minutes can show


class Countdown:
    def __init__(self, seconds: int = DEFAULT_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.total = seconds
        self._left = float(seconds)  # while idle or paused
        self._ends_at: float | None = None  # while running
        self._state = "idle"

    # -- reading -------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        if self._state == "running" and self.remaining() <= 0:
            self._state, self._left, self._ends_at = "done", 0.0, None
        return self._state

    def remaining(self) -> float:
        if self._ends_at is not None:
            return max(0.0, self._ends_at - self.clock())
        return self._left

    def seconds(self) -> int:
        """Whole seconds left, rounded up: "00:00" shows only when the time is really up."""
        return math.ceil(self.remaining() - 1e-9)

    def text(self) -> str:
        left = self.seconds()
        return f"{left // 60:02d}:{left % 60:02d}"

    def snapshot(self) -> dict:
        """What the phones get: the state and the whole seconds, nothing else."""
        return {"state": self.state, "remaining": self.seconds(), "total": self.total}

    # -- the facilitator's keys ----------------------------------------------------------------

    def set_minutes(self, minutes: int) -> None:
        """A new length while the timer is not running (idle, paused or done)."""
        if self.state == "running":
            return
        self.total = max(MINUTE, min(LONGEST, minutes * MINUTE))
        self._left, self._state = float(self.total), "idle"

    def start_or_pause(self) -> None:
        state = self.state
        if state == "running":
            self._left, self._ends_at, self._state = self.remaining(), None, "paused"
            return
        if state == "done":
            self._left = float(self.total)
        self._ends_at, self._state = self.clock() + self._left, "running"

    def add(self, seconds: int = MINUTE) -> None:
        """A minute more (or less, negative); never below zero, never past 99:59."""
        state = self.state
        left = max(0.0, min(float(LONGEST), self.remaining() + seconds))
        if state == "running":
            self._ends_at = self.clock() + left
        else:
            self._left = left
            if state == "done" and left > 0:
                self._state = "paused"
        if state == "idle":
            self.total = max(MINUTE, math.ceil(left))
            self._left = float(self.total)

    def stop(self) -> None:
        """Back to the start: idle, the full length."""
        self._ends_at, self._left, self._state = None, float(self.total), "idle"
