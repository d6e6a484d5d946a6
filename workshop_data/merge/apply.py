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
* **Rows are matched by UUID.** A row only OTHER has is added. A row both have is merged
  **field by field** against the version both last had in common (:mod:`.merge_fields`): a field
  changed on one side is taken from that side, a field changed on both is a conflict, and the
  row's ``updated_at`` becomes the later of the two, so the outcome never depends on which file
  merges into which. Rows are never removed from the file, with one exception below (a
  superseded vote or link).
* **Deletions** are a field too: a row deleted on one side stays deleted, unless the other side
  edited it since; then that is a conflict on ``deleted_at``, and until the facilitator chooses
  the row holds the newer side's state.
* **Conflicts** keep both versions and the conflicting fields in ``merge_conflict``; each field
  is settled with this laptop's value, the other's, or an edited one
  (:mod:`.merge_conflicts`). Votes, link rows, the invitation log and the outbox never make a
  conflict: their newest version is right, whole.
* **The common base.** After every merge, ``merge_base`` records per row of OTHER its version
  (``base``) and both sides' ``updated_at``, keyed by OTHER's resolved path: the sync point with
  that file. The first merge with a file has no record; the split is then estimated from the
  data as the newest moment both files provably share (the latest ``created_at`` of a row both
  hold, or ``updated_at`` of a row both hold unchanged), never later than the real split; each file's
  ``field_stamp`` (when each field last changed, kept by a trigger) says which fields each side
  changed since, and the same field-by-field rule applies. A file without field stamps (older)
  has every differing field of a row both sides edited as a conflict, to look at rather than an
  edit lost without a word.
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
from pathlib import Path
from typing import Any, Iterator

from ..common.clock import new_id, now
from ..common.errors import DatatripError, TripFileError
from ..common.i18n import t
from ..common.migrations import LATEST
from .fields import (base_for, base_json, changed_since, content, field_stamps, newer,
                           split_estimate, three_way)
from .conflicts import (Conflict, choose_field, get_conflict, list_conflicts,
                              resolve_conflict, row_label)
from ..portal.queue import dedupe_outbox
from .plan import MergePlan, PlannedConflict, TableCounts, summary_lines, table_label
from ..common.store import ParticipantRepo, Store
from .tempcopies import working_folder
from ..common.tripfile import SQLITE_MAGIC

# The conflicts and the words for a merge live beside this module; callers import them from here.
__all__ = ["plan_merge", "apply_merge", "merged_tables", "content", "MergePlan", "TableCounts",
           "PlannedConflict", "Conflict", "list_conflicts", "get_conflict", "resolve_conflict",
           "choose_field", "row_label", "summary_lines", "table_label"]

STANDARD = ("id", "created_at", "updated_at", "deleted_at")
# Not trip data: a cache of the portal, and this module's own bookkeeping.
NOT_MERGED = frozenset({"catalogue", "merge_log", "merge_base", "merge_conflict", "field_stamp"})

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
    # A participant's credential in a round, issued on each laptop on its own: one voter.
    "voter": (("round_id", "participant_id"), False),
}
# Tables whose newest version is always right: never a conflict.
NO_CONFLICT = frozenset(NATURAL_KEYS) | {"invitation_log", "outbox", "voter"}


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
    if "vote" in deps and "voter" in deps:
        deps["vote"].add("voter")  # ... and, from schema 5, their voter (vote.ballot_code)
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


def _helps_of_older_links(other: sqlite3.Connection, links: dict[str, dict],
                          columns: list[str]) -> None:
    """OTHER is older than schema 7: its links take the helps its datasets had, as migration 7
    does, instead of the default."""
    helps = dict(other.execute("SELECT id, helps FROM dataset"))
    for link in links.values():
        link["helps"] = helps.get(link["dataset_id"], "me")
    columns.append("helps")


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
            if table == "task_dataset" and "helps" not in columns[table]:
                _helps_of_older_links(other, theirs[table], columns[table])
        else:
            columns[table], theirs[table] = list(STANDARD), {}
    split = split_estimate(mine, theirs)
    stamps = (field_stamps(conn), field_stamps(other))

    bases: dict[tuple[str, str], tuple[str, str, int, str | None]] = {}
    for table_name, row_id, theirs_u, mine_u, agreed, base in conn.execute(
            "SELECT table_name, row_id, theirs_updated_at, mine_updated_at, agreed, base "
            "FROM merge_base WHERE peer = ?", [peer]):
        bases[(table_name, row_id)] = (theirs_u, mine_u, agreed, base)
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
            if table == "vote" and row.get("ballot_code") in id_maps.get("voter", {}):
                row["ballot_code"] = id_maps["voter"][row["ballot_code"]]
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
                                        row["updated_at"], 1, base_json(row, cols)))
                continue

            if table in NO_CONFLICT:
                final = _newest_wins(plan, counts, table, row_id, current, row, cols)
                here[row_id] = final
                continue
            record = bases.get((table, row_id))
            base = base_for(record, current, row, split, cols)
            changed = changed_since(stamps, table, current, row, split, cols) \
                if record is None and base is None else None
            merged = three_way(current, row, base, cols, changed)
            if merged.conflicts:
                winner = "theirs" if merged.theirs_won else "mine"
                plan.conflicts.append(PlannedConflict(table, row_id, dict(current), row, winner,
                                                      merged.conflicts))
                plan._ops.append(("conflict", table, row_id, dict(current), row,
                                  open_conflicts.get((table, row_id)), merged.conflicts))
                counts.conflicts += 1
            final = merged.row
            if merged.changed:
                plan._ops.append(("update", table, row_id,
                                  {k: final[k] for k in [*merged.taken, "updated_at"]}))
                _count_change(counts, current, final)
            elif final["updated_at"] != current["updated_at"]:
                # Nothing new there, saved later: only the time stamp follows (silently), so
                # that the result does not depend on the order of merges.
                plan._ops.append(("update", table, row_id, {"updated_at": final["updated_at"]}))
            here[row_id] = final
            new_record = (row["updated_at"], final["updated_at"],
                          int(content(row, cols) == content(final, cols)), base_json(row, cols))
            if record != new_record:
                plan._bases.append((peer, table, row_id, *new_record))
    return plan


def _newest_wins(plan: MergePlan, counts: TableCounts, table: str, row_id: str,
                 current: dict, row: dict, cols) -> dict:
    """Votes, links, logs and the outbox: the newest version is right, whole, never a conflict."""
    if content(row, cols) != content(current, cols):
        if newer(row, current, cols):
            plan._ops.append(("update", table, row_id, row))
            _count_change(counts, current, row)
            return {**current, **row, "created_at": current["created_at"]}
    elif row["updated_at"] > current["updated_at"]:
        plan._ops.append(("update", table, row_id, {"updated_at": row["updated_at"]}))
        return {**current, "updated_at": row["updated_at"]}
    return current


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
                _apply(store.db, plan)
                dedupe_outbox(conn)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatatripError(t("merge.broken_links", path=path, table=broken[0][0]))
        except sqlite3.IntegrityError as error:
            raise DatatripError(t("merge.failed", path=path, reason=error)) from None
    plan.applied = True
    return plan


def _apply(db, plan: MergePlan) -> None:
    """Write the plan: rows through sqlite-utils (``insert_all`` for each run of new rows of one
    table, ``Table.update`` for changed ones); the merge's own bookkeeping in SQL (see DESIGN,
    "the store and sqlite-utils")."""
    conn = db.conn
    stamp = now()
    merge_id = None
    if not plan.empty:
        merge_id = new_id()
        summary = {name: c.as_dict() for name, c in plan.rows()}
        conn.execute("INSERT INTO merge_log (id, created_at, updated_at, other_path, "
                     "other_trip_id, merged_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [merge_id, stamp, stamp, str(plan.other_path.resolve()), plan.other_trip_id,
                      stamp, json.dumps(summary)])
    new_rows: list[dict] = []  # a run of inserts into one table, written at once
    new_table = None
    for op in [*plan._ops, ("end", None)]:
        kind, table = op[0], op[1]
        if new_rows and (kind != "insert" or table != new_table):
            db.table(new_table).insert_all(new_rows)
            new_rows = []
        if kind == "insert":
            new_rows.append(op[2])
            new_table = table
        elif kind in ("update", "replace"):
            row_id, row = op[2], op[3]
            # "replace": an older row with the same natural key takes the newer one's id too
            values = row if kind == "replace" else {
                k: v for k, v in row.items() if k not in ("id", "created_at")}
            db.table(table).update(row_id, values)
        elif kind == "conflict":
            row_id, mine, theirs, existing, fields = op[2], op[3], op[4], op[5], op[6]
            mine_json = json.dumps(mine, ensure_ascii=False, sort_keys=True)
            theirs_json = json.dumps(theirs, ensure_ascii=False, sort_keys=True)
            fields_json = json.dumps(fields)
            if existing:
                conn.execute("UPDATE merge_conflict SET mine = ?, theirs = ?, merge_id = ?, "
                             "other_path = ?, updated_at = ?, fields = ?, chosen = '{}' "
                             "WHERE id = ?",
                             [mine_json, theirs_json, merge_id, str(plan.other_path), stamp,
                              fields_json, existing])
            else:
                conn.execute("INSERT INTO merge_conflict (id, created_at, updated_at, merge_id, "
                             "other_path, table_name, row_id, mine, theirs, fields) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [new_id(), stamp, stamp, merge_id, str(plan.other_path), table,
                              row_id, mine_json, theirs_json, fields_json])
    for peer, table, row_id, theirs_u, mine_u, agreed, base in plan._bases:
        conn.execute(
            "INSERT INTO merge_base (id, created_at, updated_at, peer, table_name, row_id, "
            "theirs_updated_at, mine_updated_at, agreed, base) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (peer, table_name, row_id) DO UPDATE SET "
            "theirs_updated_at = excluded.theirs_updated_at, "
            "mine_updated_at = excluded.mine_updated_at, agreed = excluded.agreed, "
            "base = excluded.base, updated_at = excluded.updated_at",
            [new_id(), stamp, stamp, peer, table, row_id, theirs_u, mine_u, agreed, base])


