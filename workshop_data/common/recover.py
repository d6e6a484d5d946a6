"""Getting what can still be read out of a damaged trip file, into a new one.

A trip file that fails its check on open is refused, never repaired in place: the damaged file is
evidence and may hold more than a first attempt gets out. ``recover`` reads it read-only, row by
row where a whole table cannot be read, writes every readable row into a new trip file with the
current schema, then drops the rows whose parent was lost (a task whose participant is gone), so
that the new file passes ``integrity_check`` and ``foreign_key_check``.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .errors import TripFileError
from .i18n import t
from .migrations import LATEST

CHUNK = 200  # rows read at a time once a table turned out to be damaged
GIVE_UP = 50  # unreadable chunks in a row after which the rest of a table counts as lost
TABLES_NOT_COPIED = ("catalogue",)  # a cache of the portal: pulled again


@dataclass
class Recovered:
    target: Path
    copied: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)  # chunks or tables that failed
    orphans: dict[str, int] = field(default_factory=dict)  # rows dropped: their parent was lost

    @property
    def rows(self) -> int:
        return sum(self.copied.values()) - sum(self.orphans.values())


def _readable_rows(source: sqlite3.Connection, table: str, columns: list[str],
                   report: Recovered):
    names = ", ".join(columns)
    try:
        yield from source.execute(f"SELECT {names} FROM {table}").fetchall()
        return
    except sqlite3.DatabaseError:
        report.unreadable[table] = report.unreadable.get(table, 0) + 1
    # Damaged somewhere: walk the rowids in chunks and keep every chunk that reads.
    start, misses = 0, 0
    while misses < GIVE_UP:
        try:
            rows = source.execute(f"SELECT rowid, {names} FROM {table} WHERE rowid > ? "
                                  f"AND rowid <= ? ORDER BY rowid",
                                  [start, start + CHUNK]).fetchall()
            misses = 0 if rows else misses + 1
            yield from (row[1:] for row in rows)
        except sqlite3.DatabaseError:
            report.unreadable[table] += 1
            misses += 1
        start += CHUNK


def recover(damaged: str | os.PathLike, target: str | os.PathLike) -> Recovered:
    """Copy every readable row of ``damaged`` into the new trip file ``target``."""
    from .store import open_store

    damaged, target = Path(damaged), Path(target)
    if not damaged.is_file():
        raise TripFileError(t("merge.missing", path=damaged))
    if target.exists() or target.is_symlink():
        raise TripFileError(t("recover.target_exists", path=target))
    source = sqlite3.connect(f"{damaged.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise TripFileError(t("tripfile.newer", path=damaged, version=version, latest=LATEST))
        old_tables = {row[0] for row in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        source.close()
        raise TripFileError(t("recover.unreadable", path=damaged, reason=error)) from None
    if "trip" not in old_tables:
        source.close()
        raise TripFileError(t("tripfile.foreign", path=damaged))
    report = Recovered(target)
    store = open_store(target)
    conn = store.conn
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # parents may come later, or not at all
        conn.execute("BEGIN IMMEDIATE")
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid")]
        for table in tables:
            if table not in old_tables or table.startswith(TABLES_NOT_COPIED):
                continue
            new_columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            try:
                old_columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            except sqlite3.DatabaseError:
                report.unreadable[table] = report.unreadable.get(table, 0) + 1
                continue
            columns = [c for c in old_columns if c in new_columns]
            sql = (f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) "
                   f"VALUES ({', '.join('?' for _ in columns)})")
            copied = 0
            for row in _readable_rows(source, table, columns, report):
                try:
                    copied += conn.execute(sql, row).rowcount
                except sqlite3.IntegrityError:
                    pass  # a half-read row that breaks a rule: lost with the damage
            report.copied[table] = copied
        _drop_orphans(conn, report)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
        store.close()
        source.close()
    return report


def _drop_orphans(conn: sqlite3.Connection, report: Recovered) -> None:
    """Delete rows that point at a row the damage took, until none is left."""
    while True:
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if not broken:
            return
        for table, rowid, _parent, _fk in broken:
            conn.execute(f"DELETE FROM {table} WHERE rowid = ?", [rowid])
            report.orphans[table] = report.orphans.get(table, 0) + 1
