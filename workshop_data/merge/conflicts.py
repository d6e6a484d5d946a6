"""The conflicts a merge leaves for the facilitator, field by field, and the words for a merge.

A conflict is one row of which both laptops changed the same fields since they last agreed
(:mod:`.merge_fields`). It keeps both whole versions (``mine``, ``theirs``) and the names of the
conflicting fields. Each field is settled on its own: this laptop's value, the other's, or a value
typed in (:func:`choose_field`); :func:`resolve_conflict` settles every field at once. A choice
is written with a fresh ``updated_at``, so it also wins the next merge in either direction, and
only the conflicting fields are written: what the merge took from either side stays.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ..common.clock import now
from ..common.errors import DatatripError, NotFound
from ..common.i18n import t
from ..common.store import Store

CHOICES = ("mine", "theirs")
FIELD_CHOICES = ("mine", "theirs", "edit")


@dataclass
class Conflict:
    id: str
    table: str
    row_id: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    resolved: str  # "", "mine", "theirs" or "mixed"
    other_path: str
    created_at: str
    fields: list[str] = field(default_factory=list)  # empty: a conflict of an older version
    chosen: dict[str, str] = field(default_factory=dict)  # field -> mine | theirs | edit

    @property
    def label(self) -> str:
        return row_label(self.mine or self.theirs)

    def differences(self) -> list[tuple[str, Any, Any]]:
        """(field, mine, theirs) for every conflicting field (older conflicts: every column
        whose values differ, time stamps last)."""
        if self.fields:
            return [(k, self.mine.get(k), self.theirs.get(k)) for k in self.fields]
        names = [k for k in self.theirs if k not in ("id", "created_at")]
        names.sort(key=lambda k: (k in ("updated_at", "deleted_at"), 0))
        return [(k, self.mine.get(k), self.theirs.get(k)) for k in names
                if self.mine.get(k) != self.theirs.get(k)]

    def open_fields(self) -> list[str]:
        """The conflicting fields not settled yet."""
        return [name for name, _m, _t in self.differences()
                if name != "updated_at" and name not in self.chosen]


def row_label(row: dict[str, Any]) -> str:
    """A short human name for a row: its name, title or text, else its code or id."""
    for key in ("name", "title", "text", "package_name", "to_status", "status"):
        value = row.get(key)
        if value:
            value = str(value).replace("\n", " ")
            return value if len(value) <= 60 else value[:59] + "…"
    return str(row.get("id", ""))[:8]


def _conflict(row: dict[str, Any]) -> Conflict:
    return Conflict(row["id"], row["table_name"], row["row_id"], json.loads(row["mine"]),
                    json.loads(row["theirs"]), row["resolved"], row["other_path"],
                    row["created_at"], json.loads(row.get("fields") or "[]"),
                    json.loads(row.get("chosen") or "{}"))


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


def _typed(text: Any, like: Any) -> Any:
    """A value typed in for a field, as the type the field holds (an integer stays one)."""
    if not isinstance(text, str) or isinstance(like, str) or like is None:
        return text
    try:
        return int(text) if isinstance(like, int) else float(text)
    except ValueError:
        raise DatatripError(t("merge.not_a_number", value=text)) from None


def _settle(store: Store, conflict: Conflict, picks: dict[str, tuple[str, Any]]) -> Conflict:
    """Write the picked values of ``picks`` ({field: (choice, value)}) and record the choices."""
    stamp = now()
    chosen = {**conflict.chosen, **{name: choice for name, (choice, _v) in picks.items()}}
    remaining = [n for n in conflict.open_fields() if n not in chosen]
    resolved = ""
    if not remaining:
        kinds = set(chosen.values())
        resolved = kinds.pop() if len(kinds) == 1 and kinds <= set(CHOICES) else "mixed"
    with store.transaction() as conn:
        table = conflict.table
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        rows = store.query(f"SELECT * FROM {table} WHERE id = ?", [conflict.row_id])
        if not rows:
            raise NotFound(t("store.not_found", table=table, id=conflict.row_id))
        current = rows[0]
        values = {name: value for name, (_c, value) in picks.items()
                  if name in columns and name not in ("id", "created_at", "updated_at")
                  and current.get(name) != value}
        if values:
            values["updated_at"] = stamp
            sets = ", ".join(f"{k} = ?" for k in values)
            try:
                conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?",
                             [*values.values(), conflict.row_id])
            except sqlite3.IntegrityError as error:
                raise DatatripError(t("merge.resolve_failed", reason=error)) from None
        conn.execute("UPDATE merge_conflict SET resolved = ?, chosen = ?, updated_at = ? "
                     "WHERE id = ?", [resolved, json.dumps(chosen, sort_keys=True), stamp,
                                      conflict.id])
    return get_conflict(store, conflict.id)


def choose_field(store: Store, conflict_id: str, name: str, choice: str,
                 value: Any = None) -> Conflict:
    """Settle one field of a conflict: ``"mine"``, ``"theirs"``, or ``"edit"`` with ``value``
    (text typed in, turned into the field's type). The conflict is resolved once every
    conflicting field is settled."""
    if choice not in FIELD_CHOICES:
        raise ValueError(f"choice must be one of {FIELD_CHOICES}, not {choice!r}")
    conflict = get_conflict(store, conflict_id)
    if name not in [n for n, _m, _t in conflict.differences()]:
        raise ValueError(f"{name!r} is not a conflicting field of this row")
    if choice == "edit":
        like = conflict.mine.get(name) if conflict.mine.get(name) is not None \
            else conflict.theirs.get(name)
        picked = _typed(value, like)
    else:
        picked = (conflict.mine if choice == "mine" else conflict.theirs).get(name)
    return _settle(store, conflict, {name: (choice, picked)})


def resolve_conflict(store: Store, conflict_id: str, choose: str) -> Conflict:
    """Keep the ``"mine"`` or ``"theirs"`` value of every conflicting field of the row.

    Choosing again later is allowed (every field is written again)."""
    if choose not in CHOICES:
        raise ValueError(f"choose must be 'mine' or 'theirs', not {choose!r}")
    conflict = get_conflict(store, conflict_id)
    version = conflict.mine if choose == "mine" else conflict.theirs
    names = [n for n, _m, _t in conflict.differences() if n != "updated_at"]
    conflict.chosen = {}
    return _settle(store, conflict, {n: (choose, version.get(n)) for n in names})
