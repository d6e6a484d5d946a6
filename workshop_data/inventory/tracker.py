"""The data tracker: where each dataset stands in the pipeline, who chases it, and by when.

The pipeline is ``model.STATUSES``: identified → requested → located → obtained → explored →
ready (to publish) → published. A status moves one step at a time, forward or back; every
write returns the value it replaced, so a screen can undo it with :func:`revert`.

A follow-up is *overdue* when its date lies before today and the dataset is not yet published.
"Today" is always passed in, so tests and snapshots do not depend on the real date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..common.errors import ValidationError
from ..common.i18n import t
from ..common.model import STATUSES, Dataset
from ..common.setup import parse_date
from ..common.store import Store

LAST = STATUSES[-1]


@dataclass
class TrackerRow:
    """One line of the tracker: a dataset with its chaser's name filled in."""

    id: str
    title: str
    owner_department: str
    status: str
    chaser_id: str | None
    chaser_name: str
    follow_up: str | None
    overdue: bool = False

    @property
    def step(self) -> int:
        """1 for identified … 7 for published."""
        return STATUSES.index(self.status) + 1


@dataclass
class LinkedTask:
    id: str
    title: str
    participant_id: str
    participant_name: str
    department: str


@dataclass
class LinkedStakeholder:
    id: str
    name: str
    organisation: str
    category: str


@dataclass
class DatasetDetail:
    dataset: Dataset
    chaser_name: str
    tasks: list[LinkedTask] = field(default_factory=list)
    stakeholders: list[LinkedStakeholder] = field(default_factory=list)

    @property
    def participants(self) -> list[tuple[str, str]]:
        """(id, name) of everyone whose tasks need this dataset, each once, in task order."""
        seen: dict[str, str] = {}
        for task in self.tasks:
            seen.setdefault(task.participant_id, task.participant_name)
        return list(seen.items())


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def is_overdue(dataset: Any, today: date | str) -> bool:
    """A follow-up date before ``today`` on a dataset that is not yet published.

    ``dataset`` is anything with ``status`` and ``follow_up`` (a Dataset or a TrackerRow).
    A follow-up that is not a valid date is never overdue (it cannot be compared).
    """
    if not dataset.follow_up or dataset.status == LAST:
        return False
    try:
        return date.fromisoformat(dataset.follow_up) < _as_date(today)
    except ValueError:
        return False


# -- reading -----------------------------------------------------------------------------------

_LIST_SQL = """
SELECT d.id, d.title, d.owner_department, d.status, d.chaser_id,
       coalesce(p.name, '') AS chaser_name, d.follow_up
FROM dataset d
LEFT JOIN participant p ON p.id = d.chaser_id AND p.deleted_at IS NULL
WHERE d.deleted_at IS NULL
ORDER BY d.title COLLATE NOCASE, d.id
"""


def list_datasets(store: Store, *, today: date | str, status: str | None = None,
                  department: str | None = None, overdue_only: bool = False,
                  search: str = "") -> list[TrackerRow]:
    """The datasets, by title, that pass every filter given (see :func:`filter_rows`)."""
    rows = []
    for record in store.query(_LIST_SQL):
        row = TrackerRow(**record)
        row.overdue = is_overdue(row, today)
        rows.append(row)
    return filter_rows(rows, status=status, department=department, overdue_only=overdue_only,
                       search=search)


def filter_rows(rows: list[TrackerRow], *, status: str | None = None,
                department: str | None = None, overdue_only: bool = False,
                search: str = "") -> list[TrackerRow]:
    """The rows at ``status``, of ``department``, overdue (if asked) and matching ``search``.

    ``search`` matches (case-insensitively) part of the title or of the owner department.
    """
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    needle = search.strip().casefold()
    return [
        row for row in rows
        if (status is None or row.status == status)
        and (department is None or row.owner_department == department)
        and (not overdue_only or row.overdue)
        and (not needle or needle in f"{row.title}\n{row.owner_department}".casefold())
    ]


def counts_by_status(store: Store) -> dict[str, int]:
    """How many (not deleted) datasets stand at each step, in pipeline order."""
    counts = {status: 0 for status in STATUSES}
    for row in store.query("SELECT status, count(*) AS n FROM dataset WHERE deleted_at IS NULL "
                           "GROUP BY status"):
        counts[row["status"]] = row["n"]
    return counts


def departments(store: Store) -> list[str]:
    """The owner departments of the datasets, for the department filter."""
    rows = store.query("SELECT DISTINCT owner_department AS d FROM dataset "
                       "WHERE deleted_at IS NULL AND owner_department != '' "
                       "ORDER BY owner_department COLLATE NOCASE")
    return [row["d"] for row in rows]


def detail(store: Store, dataset_id: str) -> DatasetDetail:
    """The dataset with the tasks (and their participants) and stakeholders linked to it.

    Soft-deleted links, tasks, participants and stakeholders are left out.
    """
    dataset = store.datasets.get(dataset_id)
    chaser = store.query("SELECT name FROM participant WHERE id = ? AND deleted_at IS NULL",
                         [dataset.chaser_id]) if dataset.chaser_id else []
    tasks = [LinkedTask(**row) for row in store.query(
        """SELECT t.id, t.title, p.id AS participant_id, p.name AS participant_name,
                  p.department
           FROM task_dataset td
           JOIN task t ON t.id = td.task_id AND t.deleted_at IS NULL
           JOIN participant p ON p.id = t.participant_id AND p.deleted_at IS NULL
           WHERE td.dataset_id = ? AND td.deleted_at IS NULL
           ORDER BY p.name COLLATE NOCASE, t.title COLLATE NOCASE""", [dataset_id])]
    stakeholders = [LinkedStakeholder(**row) for row in store.query(
        """SELECT s.id, s.name, s.organisation, s.category
           FROM stakeholder_dataset sd
           JOIN stakeholder s ON s.id = sd.stakeholder_id AND s.deleted_at IS NULL
           WHERE sd.dataset_id = ? AND sd.deleted_at IS NULL
           ORDER BY s.name COLLATE NOCASE""", [dataset_id])]
    return DatasetDetail(dataset, chaser[0]["name"] if chaser else "", tasks, stakeholders)


# -- writing -----------------------------------------------------------------------------------

def move_status(store: Store, dataset_id: str, step: int = 1) -> str:
    """Move the dataset ``step`` places along the pipeline; return the status it had.

    Raises ValidationError (field ``status``) when the move would go past either end.
    """
    with store.transaction():
        dataset = store.datasets.get(dataset_id)
        old = dataset.status
        index = STATUSES.index(old) + step
        if index < 0:
            raise ValidationError("status", t("tracker.at_start", title=dataset.title,
                                              status=t(f"status.{old}")))
        if index >= len(STATUSES):
            raise ValidationError("status", t("tracker.at_end", title=dataset.title,
                                              status=t(f"status.{old}")))
        store.datasets.update(dataset_id, status=STATUSES[index])
    return old


def set_status(store: Store, dataset_id: str, status: str) -> str:
    """Put the dataset at ``status`` directly (the undo of a move); return the old status."""
    if status not in STATUSES:
        raise ValidationError("status", t("tracker.bad_status", value=status))
    with store.transaction():
        old = store.datasets.get(dataset_id).status
        store.datasets.update(dataset_id, status=status)
    return old


def set_follow_up(store: Store, dataset_id: str, value: str | None) -> str | None:
    """Set the follow-up date from ``2026-12-01`` or Dutch ``1-12-2026``; blank clears it.

    Returns the old follow-up date (ISO text or None). A value that is not a date raises
    ValidationError on the field ``follow_up``.
    """
    new = parse_date(value or "", "follow_up")
    with store.transaction():
        old = store.datasets.get(dataset_id).follow_up
        store.datasets.update(dataset_id, follow_up=new)
    return old


def set_chaser(store: Store, dataset_id: str, participant_id: str | None) -> str | None:
    """Make ``participant_id`` (None or "" for nobody) chase the dataset; return the old one."""
    participant_id = participant_id or None
    with store.transaction():
        if participant_id is not None and not store.query(
                "SELECT 1 FROM participant WHERE id = ? AND deleted_at IS NULL",
                [participant_id]):
            raise ValidationError("chaser_id", t("tracker.no_such_participant"))
        old = store.datasets.get(dataset_id).chaser_id
        store.datasets.update(dataset_id, chaser_id=participant_id)
    return old


# Which write undoes a change of each field: (dataset_id, field, old value) → the old value back.
_SETTERS = {
    "status": set_status,
    "follow_up": lambda store, dataset_id, old: set_follow_up(store, dataset_id, old),
    "chaser_id": set_chaser,
}


def revert(store: Store, dataset_id: str, field_name: str, old_value: Any) -> Any:
    """Put back ``old_value`` in ``field_name`` (status, follow_up or chaser_id)."""
    return _SETTERS[field_name](store, dataset_id, old_value)
