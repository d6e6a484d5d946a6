"""Merging one row field by field against the common base: the three-way rule of a merge.

For a row both files hold, each field (not ``id``, ``created_at``, ``updated_at``) is compared
with its value in the *base*, the version both sides last had in common:

* changed on one side only: that side's value is taken;
* changed on both sides to different values: a **conflict** on that field; until the
  facilitator chooses, the row holds the value of the side with the newer ``updated_at`` (then
  the greater canonical JSON), so the result never depends on which file merges into which;
* changed on both sides to the same value: no conflict.

``deleted_at`` is a field too, compared as "deleted or not": a row deleted on one side while the
other side edited any of its fields is a conflict on ``deleted_at`` (nothing edited is lost
without a word); both sides deleting it is no conflict (the later stamp is kept).

The base is the version of OTHER recorded at the last merge with that file
(``merge_base.base``). Without one (the first merge with a file, or a sync point written before
bases were kept), the time stamps say which side edited the row since the split: one side only,
and that side is taken field by field. Both: the ``field_stamp`` of each file (when each field
last changed, kept by a trigger) says which fields each side changed since the split, and the
same rule applies; a file without field stamps (older) makes every differing field a conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

STAMPS = ("id", "created_at", "updated_at")


def content(row: dict[str, Any], columns=None) -> str:
    """A row's content as canonical JSON, without its time stamps (created_at, updated_at)."""
    keys = columns if columns is not None else row.keys()
    values = {k: row.get(k) for k in sorted(keys) if k not in ("created_at", "updated_at")}
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def newer(a: dict[str, Any], b: dict[str, Any], columns) -> bool:
    """Whether version ``a`` beats version ``b``: newer ``updated_at``, then greater content."""
    return (a["updated_at"], content(a, columns)) > (b["updated_at"], content(b, columns))


def _same(name: str, a: Any, b: Any) -> bool:
    if name == "deleted_at":
        return (a is None) == (b is None)
    return a == b


@dataclass
class RowMerge:
    """The outcome for one row: the merged values, and which fields came from OTHER."""

    row: dict[str, Any]
    taken: list[str] = field(default_factory=list)      # fields whose value came from OTHER
    conflicts: list[str] = field(default_factory=list)  # fields both sides changed
    theirs_won: bool = False  # the side whose values the conflicting fields hold for now

    @property
    def changed(self) -> bool:
        return bool(self.taken)


def three_way(mine: dict[str, Any], theirs: dict[str, Any], base: dict[str, Any] | None,
              columns: Iterable[str], changed: tuple[set, set] | None = None) -> RowMerge:
    """Merge ``theirs`` into ``mine`` field by field against ``base``. Without a base,
    ``changed`` (the fields each side changed since the split) stands in for it; without
    either, every field whose values differ is a conflict."""
    names = [c for c in columns if c not in STAMPS]
    theirs_wins = newer(theirs, mine, list(columns))
    result = dict(mine)
    result["updated_at"] = max(mine["updated_at"], theirs["updated_at"])
    out = RowMerge(result, theirs_won=theirs_wins)

    def take(name: str) -> None:
        if result[name] != theirs[name]:
            result[name] = theirs[name]
            out.taken.append(name)

    if base is None and changed is not None:
        mine_changed, theirs_changed = changed
    else:
        mine_changed = {n for n in names if base is None or not _same(n, mine[n], base.get(n))}
        theirs_changed = {n for n in names
                          if base is None or not _same(n, theirs[n], base.get(n))}
    for name in names:
        if _same(name, mine[name], theirs[name]):
            if name == "deleted_at" and mine[name] and theirs[name] and theirs[name] > mine[name]:
                take(name)  # both deleted it: the later stamp, whichever file merges
            continue
        if name not in theirs_changed and name not in mine_changed:
            if theirs_wins:  # changed before the split by the stamps, yet different: newer
                take(name)
            continue
        if name not in theirs_changed:
            continue  # only mine changed it
        if name not in mine_changed:
            take(name)
            continue
        out.conflicts.append(name)
        if theirs_wins:
            take(name)
    if "deleted_at" not in out.conflicts:
        if base is not None:
            alive = base.get("deleted_at") is None
        elif changed is not None and "deleted_at" not in mine_changed:
            alive = mine.get("deleted_at") is None
        elif changed is not None and "deleted_at" not in theirs_changed:
            alive = theirs.get("deleted_at") is None
        else:
            return out
        _deleted_while_edited(mine, theirs, alive, mine_changed, theirs_changed, out)
    return out


def _deleted_while_edited(mine, theirs, alive: bool, mine_changed, theirs_changed,
                          out: RowMerge):
    """A deletion on one side against an edit on the other: a conflict on ``deleted_at``."""
    edited_mine = bool(mine_changed - {"deleted_at"})
    edited_theirs = bool(theirs_changed - {"deleted_at"})
    deleted_mine = alive and mine.get("deleted_at") is not None
    deleted_theirs = alive and theirs.get("deleted_at") is not None
    if (deleted_mine and not deleted_theirs and edited_theirs) or \
            (deleted_theirs and not deleted_mine and edited_mine):
        out.conflicts.append("deleted_at")
        wanted = theirs["deleted_at"] if out.theirs_won else mine["deleted_at"]
        if out.row["deleted_at"] != wanted:
            out.row["deleted_at"] = wanted
            if wanted == theirs["deleted_at"]:
                if "deleted_at" not in out.taken:
                    out.taken.append("deleted_at")
            elif "deleted_at" in out.taken:
                out.taken.remove("deleted_at")


def base_for(record: tuple | None, mine: dict, theirs: dict, split: str,
             columns) -> dict[str, Any] | None:
    """The common base of a row: the version recorded at the last merge; without one, the side
    that did not edit the row since the split (None: both did, the base is unknown)."""
    if record is not None and record[3]:
        return json.loads(record[3])
    if record is None:  # no sync point with this file for this row: the estimated split
        theirs_edited = theirs["updated_at"] > split
        mine_edited = mine["updated_at"] > split
    else:
        theirs_u, mine_u, agreed = record[:3]
        theirs_edited = theirs["updated_at"] != theirs_u
        mine_edited = mine["updated_at"] != mine_u or not agreed
    if theirs_edited and mine_edited:
        return None
    if theirs_edited:
        return {k: mine[k] for k in columns}
    if mine_edited:
        return {k: theirs[k] for k in columns}
    # Neither, by the stamps, yet they differ: the older version is the base, the newer wins.
    older = mine if newer(theirs, mine, columns) else theirs
    return {k: older[k] for k in columns}


def field_stamps(conn) -> tuple[dict[tuple[str, str, str], str], set[str]] | None:
    """({(table, row id, field): when it last changed}, the tables whose trigger keeps them) of
    a file; None for a file without field stamps."""
    import sqlite3

    try:
        stamps = {(t, r, n): s for t, r, n, s in conn.execute(
            "SELECT table_name, row_id, name, stamp FROM field_stamp")}
    except sqlite3.OperationalError:  # a file from before field stamps
        return None
    tables = {name[len("field_stamp_"):] for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'field_stamp_%'")}
    return stamps, tables


def changed_since(stamps: tuple, table: str, mine: dict, theirs: dict, split: str,
                  columns) -> tuple[set, set] | None:
    """(fields mine changed, fields theirs changed) since ``split``, by the field stamps of
    both files; None unless both files keep them for this table. A field never changed since
    the row was made counts as changed then."""
    if any(side is None or table not in side[1] for side in stamps):
        return None
    names = [c for c in columns if c not in STAMPS]

    def changed(found: dict, row: dict) -> set:
        return {n for n in names
                if found.get((table, row["id"], n), row["created_at"]) > split}

    return changed(stamps[0][0], mine), changed(stamps[1][0], theirs)


def base_json(row: dict[str, Any], columns) -> str:
    """OTHER's version as the base of the next merge (canonical JSON of every column)."""
    return json.dumps({k: row.get(k) for k in columns}, ensure_ascii=False, sort_keys=True,
                      default=str)


def split_estimate(mine: dict[str, dict], theirs: dict[str, dict]) -> str:
    """The newest moment both files provably share (see :mod:`.merge`)."""
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
