"""The trip file: one SQLite database per trip, opened through sqlite-utils.

WAL journal (a second datatrip process can read while this one writes), foreign keys on, and a busy
timeout so that two processes writing at once wait for each other instead of failing. Every write
runs in one ``BEGIN IMMEDIATE`` transaction: taking the write lock up front means a transaction
never has to upgrade a read lock, which is where "database is locked" errors come from.

Screens talk to the store through one small repository per entity::

    store = open_store("trip.db")
    ada = store.participants.create(name="Ada", department="Wonen")
    store.participants.update(ada.id, role="beleidsadviseur")
    store.participants.delete(ada.id)      # soft: sets deleted_at
    store.participants.restore(ada.id)     # the undo of a delete
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from typing import Any, Generic, Iterator, TypeVar

from . import model
from .clock import new_id, now
from .errors import NotFound, StorageError, TripFileError, ValidationError
from .i18n import t
from .migrations import migrate
from ..merge.tempcopies import clean_stale
from .tripfile import check

R = TypeVar("R", bound=model.Row)

BUSY_TIMEOUT_MS = 10_000


class Repo(Generic[R]):
    """Create, get, list, update, soft-delete and restore the rows of one table."""

    required: tuple[str, ...] = ()  # text fields that may not be blank
    order_by = "created_at"

    def __init__(self, store: Store, table: str, row_type: type[R]):
        self.store = store
        self.table = table
        self.row_type = row_type
        self.columns = row_type.columns()
        self._columns_sql = ", ".join(f"[{name}]" for name in self.columns)

    # -- reading -------------------------------------------------------------------------------
    # Through sqlite-utils' table API (``rows_where``, ``count_where``, ``insert``, ``update``),
    # under the store's lock: the UI thread and workers share one connection.

    @property
    def _rows(self):
        return self.store.db.table(self.table)

    def _where(self, where: dict[str, Any], include_deleted: bool) -> tuple[str | None, list]:
        clauses, params = [], []
        if not include_deleted:
            clauses.append("deleted_at IS NULL")
        for column, value in where.items():
            self._check_columns([column])
            if value is None:
                clauses.append(f"[{column}] IS NULL")
            else:
                clauses.append(f"[{column}] = ?")
                params.append(value)
        return (" AND ".join(clauses) or None), params

    def get(self, id: str, *, include_deleted: bool = False) -> R:
        where, params = self._where({"id": id}, include_deleted)
        with self.store._lock:
            rows = list(self._rows.rows_where(where, params, select=self._columns_sql, limit=1))
        if not rows:
            raise NotFound(t("store.not_found", table=self.table, id=id))
        return self.row_type(**rows[0])

    def list(self, *, include_deleted: bool = False, order_by: str | None = None,
             **where: Any) -> list[R]:
        clause, params = self._where(where, include_deleted)
        with self.store._lock:
            rows = list(self._rows.rows_where(clause, params, select=self._columns_sql,
                                              order_by=order_by or self.order_by))
        return [self.row_type(**row) for row in rows]

    def count(self, **where: Any) -> int:
        clause, params = self._where(where, include_deleted=False)
        with self.store._lock:
            return self._rows.count_where(clause, params)

    # -- writing -------------------------------------------------------------------------------

    def create(self, **values: Any) -> R:
        values = self.prepare(values, creating=True)
        stamp = now()
        record = {"id": values.pop("id", None) or new_id(), "created_at": stamp,
                  "updated_at": stamp, "deleted_at": None, **values}
        self._check_columns(record)
        with self.store.transaction() as conn:
            self._insert_hook(conn, record)
            self._rows.insert(record)
        return self.get(record["id"])

    def update(self, id: str, **changes: Any) -> R:
        changes = self.prepare(changes, creating=False)
        self._check_columns(changes)
        for fixed in ("id", "created_at", "deleted_at"):
            if fixed in changes:
                raise ValueError(f"{fixed} cannot be changed with update()")
        changes["updated_at"] = now()
        with self.store.transaction():
            self.get(id)  # a deleted row is not there to change: NotFound
            self._rows.update(id, changes)
        return self.get(id)

    def delete(self, id: str) -> R:
        """Soft delete: the row stays in the file with ``deleted_at`` set, ready for undo.

        Raw SQL on purpose (see DESIGN, "the store and sqlite-utils"): the check that the row
        is not deleted yet and the stamp are one conditional statement."""
        stamp = now()
        with self.store.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE {self.table} SET deleted_at = ?, updated_at = ? "
                "WHERE id = ? AND deleted_at IS NULL", [stamp, stamp, id])
            if cursor.rowcount == 0:
                raise NotFound(t("store.not_found", table=self.table, id=id))
        return self.get(id, include_deleted=True)

    def restore(self, id: str) -> R:
        with self.store.transaction():
            self.get(id, include_deleted=True)
            self._rows.update(id, {"deleted_at": None, "updated_at": now()})
        return self.get(id)

    # -- hooks for the entity repositories -------------------------------------------------------

    def prepare(self, values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        """Tidy and check values before they are written; raise ValidationError on bad input."""
        values = {k: v.strip() if isinstance(v, str) and k != "id" else v
                  for k, v in values.items()}
        for name in self.required:
            if (creating or name in values) and not values.get(name):
                raise ValidationError(name, t("store.required"))
        if creating and "trip_id" in self.columns and "trip_id" not in values:
            values["trip_id"] = self.store.trip_id
        return values

    def _insert_hook(self, conn: sqlite3.Connection, record: dict[str, Any]) -> None:
        """Runs inside the insert's transaction (e.g. to pick a unique code)."""

    def _check_columns(self, names) -> None:
        unknown = [name for name in names if name not in self.columns]
        if unknown:
            raise ValueError(f"{self.table} has no column {', '.join(unknown)}")


class TripRepo(Repo[model.Trip]):
    required = ("name",)


class ParticipantRepo(Repo[model.Participant]):
    required = ("name",)
    order_by = "name COLLATE NOCASE"

    def prepare(self, values, *, creating):
        values = super().prepare(values, creating=creating)
        email = values.get("email")
        if email and not _looks_like_email(email):
            raise ValidationError("email", t("participants.bad_email", value=email))
        return values

    def _insert_hook(self, conn, record):
        # The column is retired (voter credentials are per round, see voters.py) but still
        # NOT NULL UNIQUE in older schemas: it holds the participant's own id.
        record["ballot_code"] = record["id"]


def _looks_like_email(value: str) -> bool:
    local, at, domain = value.partition("@")
    return bool(local and at and "." in domain and " " not in value)


class TitledRepo(Repo[R]):
    required = ("title",)
    order_by = "title COLLATE NOCASE"


class NamedRepo(Repo[R]):
    required = ("name",)
    order_by = "name COLLATE NOCASE"


class Store:
    """An open trip file. Thread-safe: the UI thread and workers share one connection."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        import sqlite_utils  # imports pandas: keep it out of the first frame

        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self.trips = TripRepo(self, "trip", model.Trip)
        self.ateliers = Repo(self, "atelier", model.Atelier)
        self.ateliers.order_by = "number"
        self.participants = ParticipantRepo(self, "participant", model.Participant)
        self.tasks = TitledRepo(self, "task", model.Task)
        self.datasets = TitledRepo(self, "dataset", model.Dataset)
        self.dataset_files = Repo(self, "dataset_file", model.DatasetFile)
        self.task_datasets = Repo(self, "task_dataset", model.TaskDataset)
        self.rounds = TitledRepo(self, "ballot_round", model.BallotRound)
        self.round_items = Repo(self, "round_item", model.RoundItem)
        self.votes = Repo(self, "vote", model.Vote)
        self.voters = Repo(self, "voter", model.Voter)
        self.stakeholders = NamedRepo(self, "stakeholder", model.Stakeholder)
        self.stakeholder_participants = Repo(
            self, "stakeholder_participant", model.StakeholderParticipant)
        self.stakeholder_datasets = Repo(self, "stakeholder_dataset", model.StakeholderDataset)
        self.invitations = Repo(self, "invitation", model.Invitation)
        self.invitation_log = Repo(self, "invitation_log", model.InvitationLog)
        self.prototypes = TitledRepo(self, "prototype", model.Prototype)
        self.prototype_datasets = Repo(self, "prototype_dataset", model.PrototypeDataset)
        self.insights = Repo(self, "insight", model.Insight)
        self.publications = Repo(self, "publication", model.Publication)
        self.outbox = Repo(self, "outbox", model.OutboxItem)

    # -- the trip ------------------------------------------------------------------------------

    @property
    def trip_id(self) -> str:
        trip = self.trip()
        if trip is None:
            raise NotFound(t("store.no_trip"))
        return trip.id

    def trip(self) -> model.Trip | None:
        trips = self.trips.list()
        return trips[0] if trips else None

    # -- plumbing ------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls become savepoints of the outer one."""
        with self._lock:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # A COMMIT that failed (disk full) can leave the transaction open: end it.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def data_version(self) -> int:
        """Changes when another connection (another process) commits to the file."""
        with self._lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self.conn.close()


def storage_error(error: sqlite3.Error, path: str) -> StorageError:
    """What a failed write means for the facilitator, in words (not "disk I/O error").

    The store itself raises sqlite3's errors (the ballots retry a lock on them); the screens
    turn one that reaches them into this message instead of a traceback."""
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error)
    # In WAL mode a full disk often shows as a plain I/O error (writing the -wal or -shm).
    io_error = name.startswith("SQLITE_IOERR") or "disk i/o" in message.lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
        return StorageError(t("store.locked", path=path), transient=True)
    if name == "SQLITE_FULL" or "full" in message or (io_error and _disk_nearly_full(path)):
        return StorageError(t("store.disk_full", path=path), transient=True)
    if name.startswith("SQLITE_READONLY") or "readonly" in message:
        return StorageError(t("store.read_only", path=path))
    if io_error:
        return StorageError(t("store.io_error", path=path), transient=True)
    return StorageError(t("store.write_failed", path=path, reason=message))


def _disk_nearly_full(path: str) -> bool:
    import shutil

    try:
        return shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free < 4 << 20
    except OSError:
        return False


def open_store(path: str | os.PathLike) -> Store:
    """Open (creating and migrating as needed) the trip file at ``path``.

    Raises :class:`TripFileError` with a one-line message when the file cannot be used; in that
    case the file has not been modified.
    """
    check(path)
    clean_stale(path)  # a merge killed last time left a copy of another trip beside this one
    try:
        conn = sqlite3.connect(os.fspath(path), timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.Error as error:
        raise TripFileError(t("tripfile.unreadable", path=path, reason=error)) from None
    return Store(conn, os.fspath(path))
