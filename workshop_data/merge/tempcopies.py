"""Working copies of other trip files, kept beside the trip file and cleaned up after a kill.

Merging reads a copy of the other laptop's file, which holds participants' e-mail addresses. The
system's temp folder is shared and outlives nobody's attention, so the copy goes into a hidden
folder beside the open trip file (as well protected as the trip itself), named with the process
id. A merge killed with -9 cannot remove its folder; the next start removes every such folder
whose process is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _prefix(trip: Path) -> str:
    return f".{trip.name}.merge-"


@contextmanager
def working_folder(trip: str | os.PathLike) -> Iterator[Path]:
    """A private folder beside ``trip``, removed when the block ends (or at a later start)."""
    trip = Path(trip)
    clean_stale(trip)
    with tempfile.TemporaryDirectory(prefix=f"{_prefix(trip)}{os.getpid()}-",
                                     dir=trip.resolve().parent) as folder:
        yield Path(folder)


def clean_stale(trip: str | os.PathLike) -> int:
    """Remove the working folders of processes that no longer run; return how many."""
    trip = Path(trip)
    try:
        entries = list(trip.resolve().parent.glob(_prefix(trip) + "*"))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        pid = entry.name[len(_prefix(trip)):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)) or not entry.is_dir():
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return True
