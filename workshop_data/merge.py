"""Bring another laptop's trip file into this one.

A co-facilitator who ran a parallel group has a copy of the same trip on another laptop. Merging
that file (OTHER) into the open one (MINE)::

    plan = plan_merge(store, "trip-anna.db")     # what would change: show it first
    plan = apply_merge(store, "trip-anna.db")    # the same, committed in one transaction
    resolve_conflict(store, conflict_id, "mine") # or "theirs"

OTHER is never modified: it is copied (with its ``-wal``, which may hold its newest rows) into a
working folder beside this trip file (:mod:`tempcopies`: the copy holds e-mail addresses, and a
killed merge's folder is removed at the next start) and read from there, so not even a ``-shm``
file appears beside OTHER.

Rules
-----
* **Which files.** OTHER must hold the same trip (the same trip id) and a schema no newer than
  this program's (:data:`migrations.LATEST`); anything else is refused with one clear line and
  nothing is written. An older OTHER is fine: its missing tables count as empty and its missing
  columns keep their value here (or their default for a new row).
* **What is merged.** Every domain table (a UUID ``id`` plus ``created_at``, ``updated_at`` and
  ``deleted_at``), parents before children. Not the portal catalogue (a cache, pulled again from
  the portal) and not this module's own bookkeeping tables.
* **Rows are matched by UUID.** A row only OTHER has is added. For a row both have, the version
  with the newer ``updated_at`` wins, whole (ties: the greater canonical JSON, so the outcome never
  depends on which file merges into which). Versions with the same content that differ only in
  ``updated_at`` take the later stamp, silently (not counted as an update).
* **Deletions stay deletions.** A soft delete is an update (``deleted_at`` and ``updated_at`` set),
  so the rule above is the deletion rule: a row deleted on either side stays deleted unless the
  other side edited it *later*; then the edit wins and the row is back. Rows are never removed
  from the file, with one exception below (a superseded vote or link).
* **Conflicts.** When *both* sides edited the same row since they split (see below), the newer
  version still wins for now (so the file is always complete and the result does not depend on
  the order of merges), and both versions are kept in ``merge_conflict`` for the facilitator,
  who picks one with :func:`resolve_conflict`. Picking a version writes it with a fresh
  ``updated_at``, so it also wins the next merge in either direction. Votes, link rows, the
  invitation log and the outbox never make a conflict: their newest version is right.
* **"Since they split".** After every merge, ``merge_base`` records per row of OTHER both sides'
  ``updated_at`` and whether the two versions agreed, keyed by OTHER's resolved path: the sync
  point with that file. Next time, a side *edited the row since* when its ``updated_at`` differs
  from the recorded one; if the versions disagreed at the last merge (this side kept a version
  OTHER did not have) any later edit in OTHER counts as concurrent too. The first merge with a
  file has no record; the split is then estimated from the data as the newest moment both files
  provably share: the latest ``created_at`` of a row both hold, or ``updated_at`` of a row both
  hold unchanged. That estimate is never later than the real split, so a doubtful row becomes a
  conflict to look at rather than an edit lost without a word.
* **Votes are unioned.** One vote per round, ballot code, dataset and criterion: when both files
  hold a vote for the same key under different ids, the newer one (then the greater id) replaces
  the other, as the participant's last answer. Link rows (task ↔ dataset, round ↔ dataset, ...)
  follow the same rule on their pair of ids.
* **Same row, other id.** An atelier is one per trip and number, a publication one per package
  name: OTHER's row with the same key as a row here is that row; its id is kept from this file and
  OTHER's references to it are redirected.
* **Ballot codes.** A participant only OTHER has whose ballot code is already taken here by
  someone else gets a new code (derived from its id, so the same every time), and OTHER's votes
  follow their participant: a vote's code always becomes the code its participant ends up with.
* **Idempotent.** Merging the same file again changes nothing: every row is equal or older,
  and the sync point already says so.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .clock import new_id, now
from .errors import DatatripError, NotFound, TripFileError
from .i18n import t
from .migrations import LATEST
from .store import ParticipantRepo, Store
from .tempcopies import working_folder
from .tripfile import SQLITE_MAGIC

STANDARD = ("id", "created_at", "updated_at", "deleted_at")
# Not trip data: a cache of the portal, and this module's own bookkeeping.
NOT_MERGED = frozenset({"catalogue", "merge_log", "merge_base", "merge_conflict"})

# Rows that are one logical row when these columns are equal, whatever their ids. Nothing refers
# to them, so the newer row replaces the older one (unique indexes of migration 1).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "vote": ("round_id", "ballot_code", "dataset_id", "criterion"),
    "task_dataset": ("task_id", "dataset_id"),
    "round_item": ("round_id", "dataset_id"),
    "stakeholder_participant": ("stakeholder_id", "participant_id"),
    "stakeholder_dataset": ("stakeholder_id", "dataset_id"),
    "prototype_dataset": ("prototype_id", "dataset_id"),
}
# Rows others refer to, one per key: OTHER's row with the same key is the same row (our id kept).
# (table, key columns, only among rows that are not deleted)
ALIASES: dict[str, tuple[tuple[str, ...], bool]] = {
    "atelier": (("trip_id", "number"), True),
    "publication": (("package_name",), False),
}
# Tables whose newest version is always right: never a conflict.
NO_CONFLICT = frozenset(NATURAL_KEYS) | {"invitation_log", "outbox"}
CHOICES = ("mine", "theirs")


# -- what a merge does -------------------------------------------------------------------------

@dataclass
class TableCounts:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.deleted

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "deleted": self.deleted,
                "conflicts": self.conflicts}


@dataclass
class PlannedConflict:
    table: str
    row_id: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    winner: str  # "mine" or "theirs": the version the row holds until the facilitator chooses


@dataclass
class MergePlan:
    """What merging OTHER changes, per table; ``apply_merge`` returns the one it committed."""

    other_path: Path
    other_trip_id: str
    other_trip_name: str
    first_merge: bool  # no sync point with this file yet: the split was estimated
    counts: dict[str, TableCounts] = field(default_factory=dict)
    conflicts: list[PlannedConflict] = field(default_factory=list)
    applied: bool = False
    # (ours, theirs) when the merge changes the trip's portal URL: the new one is not trusted
    # with a token until it is confirmed on this laptop (portal.trust).
    portal_change: tuple[str, str] | None = None
    _ops: list[tuple] = field(default_factory=list, repr=False)
    _bases: list[tuple] = field(default_factory=list, repr=False)

    @property
    def totals(self) -> TableCounts:
        total = TableCounts()
        for counts in self.counts.values():
            total.added += counts.added
            total.updated += counts.updated
            total.deleted += counts.deleted
            total.conflicts += counts.conflicts
        return total

    @property
    def empty(self) -> bool:
        """Nothing in the trip would change that a person would notice: no row added, updated
        or deleted, no conflict (time stamps and the sync point may still be brought up to date)."""
        return not self.totals.changes and not self.conflicts

    def rows(self) -> list[tuple[str, TableCounts]]:
        """(table, counts) for the tables that change, in merge order."""
        return [(name, c) for name, c in self.counts.items() if c.changes or c.conflicts]


# -- opening OTHER without touching it ---------------------------------------------------------

@contextmanager
def _open_other(path: str | Path, beside: str) -> Iterator[sqlite3.Connection]:
    path = Path(path)
    if path.is_dir():
        raise TripFileError(t("tripfile.is_dir", path=path))
    if not path.exists():
        raise TripFileError(t("merge.missing", path=path))
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise TripFileError(t("tripfile.unreadable", path=path, reason=error.strerror)) from None
    if head != SQLITE_MAGIC:
        raise TripFileError(t("tripfile.not_sqlite", path=path))
    with working_folder(beside) as folder:
        copy = folder / "other.db"
        try:
            shutil.copyfile(path, copy)
            wal = Path(f"{path}-wal")
            if wal.exists():  # rows not yet folded into the file itself
                shutil.copyfile(wal, Path(f"{copy}-wal"))
        except OSError as error:
            raise TripFileError(t("tripfile.unreadable", path=path,
                                  reason=error.strerror)) from None
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            yield conn
        except sqlite3.DatabaseError as error:
            raise TripFileError(t("tripfile.damaged", path=path, reason=error)) from None
        finally:
            conn.close()


def _check_other(store: Store, other: sqlite3.Connection, path: Path) -> tuple[str, str]:
    """OTHER's (trip id, trip name), or a TripFileError saying why it cannot be merged."""
    if Path(store.path).resolve() == path.resolve():
        raise TripFileError(t("merge.same_file", path=path))
    version = other.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:
        raise TripFileError(t("merge.newer", path=path, version=version, latest=LATEST))
    tables = {row[0] for row in other.execute("SELECT name FROM sqlite_master")}
    if "trip" not in tables:
        raise TripFileError(t("merge.not_trip", path=path))
    found = other.execute("SELECT id, name FROM trip WHERE deleted_at IS NULL "
                          "ORDER BY created_at LIMIT 1").fetchone()
    if found is None:
        raise TripFileError(t("merge.no_trip", path=path))
    mine = store.trip()
    if mine is not None and mine.id != found[0]:
        raise TripFileError(t("merge.other_trip", path=path, theirs=found[1], mine=mine.name))
    return found[0], found[1]


# -- reading both sides ------------------------------------------------------------------------

def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def merged_tables(conn: sqlite3.Connection) -> list[str]:
    """The domain tables of a trip file, parents before the tables that refer to them."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    tables = [n for n in names if n not in NOT_MERGED and not n.startswith(("sqlite_", "catalogue"))
              and set(STANDARD) <= set(_columns(conn, n))]
    deps = {n: {row[2] for row in conn.execute(f"PRAGMA foreign_key_list({n})")} & set(tables)
            - {n} for n in tables}
    if "vote" in deps and "participant" in deps:
        deps["vote"].add("participant")  # votes follow their participant's ballot code
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [n for n in tables if n not in ordered and deps[n] <= set(ordered)]
        if not ready:  # a cycle: take the rest in file order, foreign keys are deferred anyway
            ready = [n for n in tables if n not in ordered]
        ordered.extend(ready[:1])
    return ordered


def _rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> dict[str, dict[str, Any]]:
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table}")
    return {row[0]: dict(zip(columns, row)) for row in cursor}


def content(row: dict[str, Any], columns=None) -> str:
    """A row's content as canonical JSON, without its time stamps (created_at, updated_at)."""
    keys = columns if columns is not None else row.keys()
    values = {k: row.get(k) for k in sorted(keys) if k not in ("created_at", "updated_at")}
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def _newer(a: dict[str, Any], b: dict[str, Any], columns) -> bool:
    """Whether version ``a`` beats version ``b``: newer ``updated_at``, then greater content."""
    return (a["updated_at"], content(a, columns)) > (b["updated_at"], content(b, columns))


def _split_estimate(mine: dict[str, dict], theirs: dict[str, dict]) -> str:
    """The newest moment both files provably share (see the module docstring)."""
    split = ""
    for table, their_rows in theirs.items():
        my_rows = mine.get(table, {})
        for row_id, theirs_row in their_rows.items():
            mine_row = my_rows.get(row_id)
            if mine_row is None:
                continue
            split = max(split, mine_row["created_at"], theirs_row["created_at"])
            if theirs_row["updated_at"] == mine_row["updated_at"] \
                    and content(theirs_row) == content(mine_row, theirs_row.keys()):
                split = max(split, theirs_row["updated_at"])
    return split


def _derived_code(participant_id: str, taken: set[str]) -> str:
    alphabet = ParticipantRepo.CODE_ALPHABET
    n = 0
    while True:
        digest = hashlib.sha256(f"{participant_id}:{n}".encode()).digest()
        code = "".join(alphabet[b % len(alphabet)] for b in digest[:4])
        if code not in taken:
            return code
        n += 1


# -- planning ----------------------------------------------------------------------------------

def _plan(store: Store, other: sqlite3.Connection, path: Path, trip: tuple[str, str]) -> MergePlan:
    conn = store.conn
    peer = str(path.resolve())
    plan = MergePlan(path, trip[0], trip[1], first_merge=True)
    other_tables = set(merged_tables(other))
    tables = merged_tables(conn)

    columns: dict[str, list[str]] = {}
    mine: dict[str, dict[str, dict]] = {}
    theirs: dict[str, dict[str, dict]] = {}
    for table in tables:
        mine_columns = _columns(conn, table)
        mine[table] = _rows(conn, table, mine_columns)
        if table in other_tables:
            columns[table] = [c for c in _columns(other, table) if c in mine_columns]
            theirs[table] = _rows(other, table, columns[table])
        else:
            columns[table], theirs[table] = list(STANDARD), {}
    split = _split_estimate(mine, theirs)

    bases: dict[tuple[str, str], tuple[str, str, int]] = {}
    for table_name, row_id, theirs_u, mine_u, agreed in conn.execute(
            "SELECT table_name, row_id, theirs_updated_at, mine_updated_at, agreed "
            "FROM merge_base WHERE peer = ?", [peer]):
        bases[(table_name, row_id)] = (theirs_u, mine_u, agreed)
    plan.first_merge = not bases
    open_conflicts = {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT table_name, row_id, id FROM merge_conflict WHERE resolved = '' "
        "AND deleted_at IS NULL")}

    id_maps: dict[str, dict[str, str]] = {}
    code_map: dict[str, str] = {}
    for table in tables:
        cols = columns[table]
        counts = plan.counts.setdefault(table, TableCounts())
        here = mine[table]
        foreign = [(row[3], row[2]) for row in conn.execute(f"PRAGMA foreign_key_list({table})")]
        natural = NATURAL_KEYS.get(table)
        alias = ALIASES.get(table)
        by_key: dict[tuple, str] = {}
        if natural:
            by_key = {tuple(r[c] for c in natural): r["id"] for r in here.values()}
        elif alias:
            by_key = {tuple(r[c] for c in alias[0]): r["id"] for r in here.values()
                      if not (alias[1] and r["deleted_at"])}
        if table == "participant":
            code_map = _recode(here, theirs[table])

        for row_id in sorted(theirs[table]):
            row = dict(theirs[table][row_id])
            for column, target in foreign:
                if column in row and row[column] in id_maps.get(target, {}):
                    row[column] = id_maps[target][row[column]]
            if table in ("vote", "participant") and row.get("ballot_code") in code_map:
                row["ballot_code"] = code_map[row["ballot_code"]]
            current = here.get(row_id)

            if current is None and alias and not (alias[1] and row["deleted_at"]):
                same = by_key.get(tuple(row[c] for c in alias[0]))
                if same is not None:
                    id_maps.setdefault(table, {})[row_id] = same
                    current = here[same]
                    row["id"], row["created_at"] = same, current["created_at"]
                    row_id = same

            if current is None and natural:
                key = tuple(row[c] for c in natural)
                same = by_key.get(key)
                if same is not None:
                    current = here[same]
                    if (row["updated_at"], row["id"]) > (current["updated_at"], current["id"]):
                        plan._ops.append(("replace", table, same, row))
                        _count_change(counts, current, row)
                        del here[same]
                        here[row_id] = {**current, **row}
                        by_key[key] = row_id
                    continue

            if current is None:
                plan._ops.append(("insert", table, row))
                counts.added += 1
                here[row_id] = row
                if natural:
                    by_key[tuple(row[c] for c in natural)] = row_id
                if table not in NO_CONFLICT:
                    plan._bases.append((peer, table, row_id, row["updated_at"],
                                        row["updated_at"], 1))
                continue

            final = current
            if content(row, cols) != content(current, cols):
                theirs_wins = _newer(row, current, cols)
                if table not in NO_CONFLICT and _both_edited(
                        bases.get((table, row_id)), current, row, split):
                    plan.conflicts.append(PlannedConflict(
                        table, row_id, dict(current), row, "theirs" if theirs_wins else "mine"))
                    plan._ops.append(("conflict", table, row_id, dict(current), row,
                                      open_conflicts.get((table, row_id))))
                    counts.conflicts += 1
                if theirs_wins:
                    plan._ops.append(("update", table, row_id, row))
                    _count_change(counts, current, row)
                    final = here[row_id] = {**current, **row, "created_at": current["created_at"]}
            elif row["updated_at"] > current["updated_at"]:
                # The same content, saved later there: only the time stamp follows (silently),
                # so that the result does not depend on the order of merges.
                plan._ops.append(("update", table, row_id, {"updated_at": row["updated_at"]}))
                final = here[row_id] = {**current, "updated_at": row["updated_at"]}
            if table not in NO_CONFLICT:
                record = (row["updated_at"], final["updated_at"],
                          int(content(row, cols) == content(final, cols)))
                if bases.get((table, row_id)) != record:
                    plan._bases.append((peer, table, row_id, *record))
    return plan


def _both_edited(base, current: dict, row: dict, split: str) -> bool:
    if base is None:  # no sync point with this file for this row: the estimated split
        return row["updated_at"] > split and current["updated_at"] > split
    theirs_u, mine_u, agreed = base
    if row["updated_at"] == theirs_u:
        return False  # OTHER did not touch it since the last merge
    return current["updated_at"] != mine_u or not agreed


def _count_change(counts: TableCounts, current: dict, row: dict) -> None:
    if row.get("deleted_at") and not current.get("deleted_at"):
        counts.deleted += 1
    else:
        counts.updated += 1


def _recode(here: dict[str, dict], their_rows: dict[str, dict]) -> dict[str, str]:
    """OTHER's ballot codes that someone else holds here, mapped to a free code for their owner."""
    holder = {r["ballot_code"]: r["id"] for r in here.values()}
    theirs = {r["ballot_code"] for r in their_rows.values()}
    assigned: set[str] = set()
    code_map = {}
    for participant_id, row in sorted(their_rows.items()):
        code = row["ballot_code"]
        if holder.get(code, participant_id) != participant_id:
            # Codes of everyone else: the code this participant got last time stays free for it.
            taken = {c for c, h in holder.items() if h != participant_id} | theirs | assigned
            new = _derived_code(participant_id, taken)
            assigned.add(new)
            code_map[code] = new
    return code_map


# -- the public functions ----------------------------------------------------------------------

def plan_merge(store: Store, other_path: str | Path) -> MergePlan:
    """What merging ``other_path`` into ``store`` would change; nothing is written."""
    path = Path(other_path)
    with _open_other(path, store.path) as other:
        trip = _check_other(store, other, path)
        with store._lock:
            return _note_portal_change(store, _plan(store, other, path, trip))


def _note_portal_change(store: Store, plan: MergePlan) -> MergePlan:
    trip = store.trip()
    for op in plan._ops:
        if op[:2] == ("update", "trip") and trip is not None and op[2] == trip.id:
            theirs = op[3].get("portal_url")
            if theirs is not None and theirs != trip.portal_url:
                plan.portal_change = (trip.portal_url, theirs)
    return plan


def apply_merge(store: Store, other_path: str | Path) -> MergePlan:
    """Merge ``other_path`` into ``store`` in one transaction; return what was done.

    The plan is made again inside the transaction, so a change since :func:`plan_merge` is not
    overwritten. Raises :class:`TripFileError` (nothing written) for a file that cannot be merged.
    """
    path = Path(other_path)
    with _open_other(path, store.path) as other:
        trip = _check_other(store, other, path)
        try:
            with store.transaction() as conn:
                plan = _note_portal_change(store, _plan(store, other, path, trip))
                if not plan._ops and not plan._bases:
                    return plan
                conn.execute("PRAGMA defer_foreign_keys = ON")
                _apply(conn, plan)
                dedupe_outbox(conn)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatatripError(t("merge.broken_links", path=path, table=broken[0][0]))
        except sqlite3.IntegrityError as error:
            raise DatatripError(t("merge.failed", path=path, reason=error)) from None
    plan.applied = True
    return plan


def _apply(conn: sqlite3.Connection, plan: MergePlan) -> None:
    stamp = now()
    merge_id = None
    if not plan.empty:
        merge_id = new_id()
        summary = {name: c.as_dict() for name, c in plan.rows()}
        conn.execute("INSERT INTO merge_log (id, created_at, updated_at, other_path, "
                     "other_trip_id, merged_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [merge_id, stamp, stamp, str(plan.other_path.resolve()), plan.other_trip_id,
                      stamp, json.dumps(summary)])
    for op in plan._ops:
        kind, table = op[0], op[1]
        if kind == "insert":
            row = op[2]
            conn.execute(f"INSERT INTO {table} ({', '.join(row)}) "
                         f"VALUES ({', '.join('?' for _ in row)})", list(row.values()))
        elif kind in ("update", "replace"):
            row_id, row = op[2], op[3]
            # "replace": an older row with the same natural key takes the newer one's id too
            values = row if kind == "replace" else {
                k: v for k, v in row.items() if k not in ("id", "created_at")}
            sets = ", ".join(f"{k} = ?" for k in values)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
        elif kind == "conflict":
            row_id, mine, theirs, existing = op[2], op[3], op[4], op[5]
            mine_json = json.dumps(mine, ensure_ascii=False, sort_keys=True)
            theirs_json = json.dumps(theirs, ensure_ascii=False, sort_keys=True)
            if existing:
                conn.execute("UPDATE merge_conflict SET mine = ?, theirs = ?, merge_id = ?, "
                             "other_path = ?, updated_at = ? WHERE id = ?",
                             [mine_json, theirs_json, merge_id, str(plan.other_path), stamp,
                              existing])
            else:
                conn.execute("INSERT INTO merge_conflict (id, created_at, updated_at, merge_id, "
                             "other_path, table_name, row_id, mine, theirs) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [new_id(), stamp, stamp, merge_id, str(plan.other_path), table,
                              row_id, mine_json, theirs_json])
    for peer, table, row_id, theirs_u, mine_u, agreed in plan._bases:
        conn.execute(
            "INSERT INTO merge_base (id, created_at, updated_at, peer, table_name, row_id, "
            "theirs_updated_at, mine_updated_at, agreed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (peer, table_name, row_id) DO UPDATE SET "
            "theirs_updated_at = excluded.theirs_updated_at, "
            "mine_updated_at = excluded.mine_updated_at, agreed = excluded.agreed, "
            "updated_at = excluded.updated_at",
            [new_id(), stamp, stamp, peer, table, row_id, theirs_u, mine_u, agreed])


def dedupe_outbox(conn: sqlite3.Connection) -> int:
    """One waiting outbox row per publication: both laptops may have queued the same one.

    The oldest row is kept (with the revisions every copy recorded as sent, so the sync still
    recognises its own earlier writes); the others are soft-deleted, which the next merge
    carries back to the other laptop."""
    rows = conn.execute("SELECT id, publication_id, payload FROM outbox WHERE deleted_at IS NULL "
                        "AND state IN ('pending', 'failed') ORDER BY created_at, id").fetchall()
    kept: dict[str, tuple[str, list]] = {}
    stamp = now()
    dropped = 0
    for row_id, publication_id, payload in rows:
        try:
            sent = list(json.loads(payload or "{}").get("sent") or [])
        except (ValueError, AttributeError):
            sent = []
        if publication_id not in kept:
            kept[publication_id] = (row_id, sent)
            continue
        keep_id, keep_sent = kept[publication_id]
        keep_sent += [s for s in sent if s not in keep_sent]
        if sent:
            conn.execute("UPDATE outbox SET payload = ?, updated_at = ? WHERE id = ?",
                         [json.dumps({"sent": keep_sent[-8:]}), stamp, keep_id])
        conn.execute("UPDATE outbox SET deleted_at = ?, updated_at = ? WHERE id = ?",
                     [stamp, stamp, row_id])
        dropped += 1
    return dropped


# -- conflicts ---------------------------------------------------------------------------------

@dataclass
class Conflict:
    id: str
    table: str
    row_id: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    resolved: str  # "", "mine" or "theirs"
    other_path: str
    created_at: str

    @property
    def label(self) -> str:
        return row_label(self.mine or self.theirs)

    def differences(self) -> list[tuple[str, Any, Any]]:
        """(column, mine, theirs) for every column whose values differ, time stamps last."""
        names = [k for k in self.theirs if k not in ("id", "created_at")]
        names.sort(key=lambda k: (k in ("updated_at", "deleted_at"), 0))
        return [(k, self.mine.get(k), self.theirs.get(k)) for k in names
                if self.mine.get(k) != self.theirs.get(k)]


def row_label(row: dict[str, Any]) -> str:
    """A short human name for a row: its name, title or text, else its code or id."""
    for key in ("name", "title", "text", "package_name", "ballot_code", "to_status", "status"):
        value = row.get(key)
        if value:
            value = str(value).replace("\n", " ")
            return value if len(value) <= 60 else value[:59] + "…"
    return str(row.get("id", ""))[:8]


def _conflict(row: dict[str, Any]) -> Conflict:
    return Conflict(row["id"], row["table_name"], row["row_id"], json.loads(row["mine"]),
                    json.loads(row["theirs"]), row["resolved"], row["other_path"],
                    row["created_at"])


def list_conflicts(store: Store, *, include_resolved: bool = False) -> list[Conflict]:
    sql = "SELECT * FROM merge_conflict WHERE deleted_at IS NULL"
    if not include_resolved:
        sql += " AND resolved = ''"
    return [_conflict(row) for row in store.query(sql + " ORDER BY created_at, table_name, row_id")]


def get_conflict(store: Store, conflict_id: str) -> Conflict:
    rows = store.query("SELECT * FROM merge_conflict WHERE id = ?", [conflict_id])
    if not rows:
        raise NotFound(t("store.not_found", table="merge_conflict", id=conflict_id))
    return _conflict(rows[0])


def resolve_conflict(store: Store, conflict_id: str, choose: str) -> Conflict:
    """Keep the ``"mine"`` or ``"theirs"`` version of a conflicting row.

    The chosen version is written with a fresh ``updated_at`` (unless the row already holds it),
    so it wins the next merge with either file. Choosing again later is allowed.
    """
    if choose not in CHOICES:
        raise ValueError(f"choose must be 'mine' or 'theirs', not {choose!r}")
    conflict = get_conflict(store, conflict_id)
    version = conflict.mine if choose == "mine" else conflict.theirs
    stamp = now()
    with store.transaction() as conn:
        table = conflict.table
        columns = set(_columns(conn, table))
        rows = store.query(f"SELECT * FROM {table} WHERE id = ?", [conflict.row_id])
        if not rows:
            raise NotFound(t("store.not_found", table=table, id=conflict.row_id))
        current = rows[0]
        keys = [k for k in version if k in columns and k not in ("id", "created_at", "updated_at")]
        if content(current, keys) != content(version, keys):
            values = {k: version[k] for k in keys}
            values["updated_at"] = stamp
            sets = ", ".join(f"{k} = ?" for k in values)
            try:
                conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                             [*values.values(), conflict.row_id])
            except sqlite3.IntegrityError as error:
                raise DatatripError(t("merge.resolve_failed", reason=error)) from None
        conn.execute("UPDATE merge_conflict SET resolved = ?, updated_at = ? WHERE id = ?",
                     [choose, stamp, conflict_id])
    return get_conflict(store, conflict_id)


# -- saying what a merge does ------------------------------------------------------------------

def table_label(name: str) -> str:
    key = f"merge.table.{name}"
    text = t(key)
    return name if text == key else text


SUMMARY_COLUMNS = ("added", "updated", "deleted", "conflicts")


def summary_lines(plan: MergePlan) -> list[str]:
    """The plan as lines of text: a heading, then a table of counts per table and a total."""
    lines = [t("merge.summary.heading", trip=plan.other_trip_name, path=plan.other_path)]
    if plan.first_merge:
        lines.append(t("merge.summary.first"))
    if plan.portal_change:
        lines.append(t("merge.summary.portal", mine=plan.portal_change[0] or "-",
                       theirs=plan.portal_change[1] or "-"))
    if plan.empty:
        lines.append(t("merge.summary.nothing"))
        return lines
    header = [t("merge.summary.table")] + [t(f"merge.summary.{c}") for c in SUMMARY_COLUMNS]
    rows = [[table_label(name)] + [str(v) for v in counts.as_dict().values()]
            for name, counts in plan.rows()]
    rows.append([t("merge.summary.total")] + [str(v) for v in plan.totals.as_dict().values()])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                                for i, c in enumerate(cells)).rstrip()

    lines += [line(header), *[line(r) for r in rows]]
    return lines
