"""Check a trip file before anything opens it for writing.

The command line calls :func:`check` before it starts the UI, so that a wrong ``--db`` gives one
line and exit code 2 instead of a traceback, and so that a file that is not ours is never touched:
everything here reads through a read-only URI connection. Standard library only, so the check does
not cost the first frame anything.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .errors import TripFileError
from .i18n import t
from .migrations import LATEST

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class TripFileState:
    path: Path
    exists: bool  # False: a new file would be created
    version: int  # schema version found (0 for a new or empty file)
    has_trip: bool  # the file holds a trip row


def check(path: str | os.PathLike, *, lock_timeout: float = 1.0) -> TripFileState:
    """Say whether ``path`` can be used as a trip file, or raise :class:`TripFileError`.

    Only a path where nothing exists becomes a new trip: an empty file, a link that leads
    nowhere or a damaged trip file is refused, and left as it is."""
    path = Path(path)
    if path.is_dir():
        raise TripFileError(t("tripfile.is_dir", path=path))
    if path.is_symlink() and not path.exists():  # a loop, or its target is gone
        try:
            os.stat(path)
        except OSError as error:
            raise TripFileError(t("tripfile.bad_link", path=path,
                                  reason=error.strerror)) from None
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise TripFileError(t("tripfile.no_folder", path=path))
        if not os.access(parent, os.W_OK):
            raise TripFileError(t("tripfile.folder_not_writable", path=path))
        return TripFileState(path, False, 0, False)
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise TripFileError(t("tripfile.unreadable", path=path, reason=error.strerror)) from None
    if head and head != SQLITE_MAGIC:
        raise TripFileError(t("tripfile.not_sqlite", path=path))
    if not os.access(path, os.W_OK):
        raise TripFileError(t("tripfile.read_only", path=path))
    if not head:  # SQLite would make a new database of it; the file was someone's, though
        raise TripFileError(t("tripfile.empty", path=path))
    _check_size(path)
    return _inspect(path, lock_timeout)


def _check_size(path: Path) -> None:
    """A file cut short (a copy that did not finish, a full disk) is not a whole number of
    pages, or holds fewer than its header says. SQLite's quick_check does not notice the
    last page missing, so this is checked here, from the header (file format, section 1.3)."""
    with open(path, "rb") as handle:
        header = handle.read(100)
    size = path.stat().st_size
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    damaged = len(header) < 100 or page_size < 512 or size % page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = pages and header[24:28] == header[92:96]
    wal = Path(f"{path}-wal")
    # With a WAL beside it, a checkpoint that was cut off is finished from the WAL on open.
    if valid and size < pages * page_size and not (wal.exists() and wal.stat().st_size):
        damaged = True
    if damaged:
        raise TripFileError(t("tripfile.damaged_file", path=path,
                              reason=t("tripfile.cut_short")))


def _inspect(path: Path, lock_timeout: float) -> TripFileState:
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=lock_timeout, isolation_level=None)
    except sqlite3.Error as error:
        raise TripFileError(t("tripfile.unreadable", path=path, reason=error)) from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if version > LATEST:
            raise TripFileError(t("tripfile.newer", path=path, version=version, latest=LATEST))
        if tables and "trip" not in tables:
            raise TripFileError(t("tripfile.foreign", path=path))
        has_trip = "trip" in tables and bool(
            conn.execute("SELECT 1 FROM trip WHERE deleted_at IS NULL LIMIT 1").fetchone()
        )
        # Cheap (no index cross-check): pages, cells and free lists are sound.
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise TripFileError(t("tripfile.damaged_file", path=path, reason=problems[0]))
        # A write lock held elsewhere (another program mid-transaction, not another datatrip
        # reading) would make every save fail later: say so now.
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.DatabaseError as error:
        message = str(error)
        if "locked" in message or "busy" in message:
            raise TripFileError(t("tripfile.locked", path=path)) from None
        if "readonly" in message or "read-only" in message:
            # BEGIN IMMEDIATE on a read-only connection: the file itself is fine.
            return TripFileState(path, True, version, has_trip)
        if "malformed" in message or "corrupt" in message:
            raise TripFileError(t("tripfile.damaged_file", path=path, reason=message)) from None
        raise TripFileError(t("tripfile.damaged", path=path, reason=message)) from None
    finally:
        conn.close()
    return TripFileState(path, True, version, has_trip)
