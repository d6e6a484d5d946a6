"""The task inventory of atelier 1: per participant their tasks, per task the data that helps.

A dataset can serve several tasks of several participants (``task_dataset`` links). Whether it
helps the participant do the task ("me"), lets others act toward its goal ("others") or both is
said per link: the same data can help one task and let others act for another (schema 7).
Adding a dataset under a task writes the dataset and its link in one transaction; removing it
from a task removes only the link (soft), so the undo is the link's restore. When the last link
goes, the facilitator chooses: delete the dataset too, or keep it as *unlinked* — a kept dataset
counts everywhere (tracker, dashboard, new rounds) and the inventory lists it under
"not linked to a task", so every count agrees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import catalogue
from ..common.errors import NotFound
from ..common.i18n import t
from ..common.model import Dataset, Participant, Task, TaskDataset
from .similar import Match, fold, similar
from ..common.store import Store


@dataclass
class Filter:
    text: str = ""
    department: str | None = None  # the dataset's owner department or the participant's
    helps: str | None = None  # me / others / both
    personal: bool | None = None  # True: only personal data; False: only non-personal

    @property
    def active(self) -> bool:
        return bool(self.text.strip()) or any(
            v is not None for v in (self.department, self.helps, self.personal))


@dataclass
class TaskNode:
    task: Task
    datasets: list[Dataset] = field(default_factory=list)
    helps: dict[str, str] = field(default_factory=dict)  # dataset id -> the link's helps


@dataclass
class ParticipantNode:
    participant: Participant
    tasks: list[TaskNode] = field(default_factory=list)


def _keep(dataset: Dataset, flt: Filter, person: Participant | None, helps: str | None) -> bool:
    """The dataset-level filters: helps of the link (``both`` counts for either), personal data,
    department (the dataset's owner or the department of the participant who needs it)."""
    if flt.helps and helps not in (flt.helps, "both"):
        return False
    if flt.personal is not None and bool(dataset.personal_data) != flt.personal:
        return False
    departments = (dataset.owner_department, person.department if person else None)
    if flt.department and flt.department not in departments:
        return False
    return True


def _contains(words: list[str], *texts: str) -> bool:
    haystack = fold(" ".join(texts))
    return all(word in haystack for word in words)


def tree(store: Store, flt: Filter | None = None) -> list[ParticipantNode]:
    """Participants → tasks → datasets, keeping what matches the filter.

    Text matching a participant shows all their tasks; text matching a task shows the task with
    its datasets; otherwise a task shows only the datasets whose own text matches. With any
    dataset-level filter on, tasks and participants without a matching dataset are left out.
    """
    flt = flt or Filter()
    words = fold(flt.text).split()
    narrowing = flt.helps is not None or flt.personal is not None or flt.department is not None
    datasets = {d.id: d for d in store.datasets.list()}
    links: dict[str, list[Dataset]] = {}
    helps: dict[str, dict[str, str]] = {}
    for link_row in store.task_datasets.list():
        if link_row.dataset_id in datasets:
            links.setdefault(link_row.task_id, []).append(datasets[link_row.dataset_id])
            helps.setdefault(link_row.task_id, {})[link_row.dataset_id] = link_row.helps
    tasks: dict[str, list[Task]] = {}
    for task in store.tasks.list():
        tasks.setdefault(task.participant_id, []).append(task)

    nodes = []
    for person in store.participants.list():
        person_hit = _contains(words, person.name, person.department, person.role)
        task_nodes = []
        for task in tasks.get(person.id, []):
            task_hit = person_hit or _contains(words, task.title, task.description,
                                               task.policy_goal)
            task_helps = helps.get(task.id, {})
            kept = [d for d in sorted(links.get(task.id, []), key=lambda d: d.title.casefold())
                    if _keep(d, flt, person, task_helps.get(d.id)) and (task_hit or _contains(
                        words, d.title, d.description, d.source_system, d.owner_department))]
            if kept or (task_hit and not narrowing):
                task_nodes.append(TaskNode(task, kept, {d.id: task_helps[d.id] for d in kept}))
        if task_nodes or (person_hit and not narrowing):
            nodes.append(ParticipantNode(person, task_nodes))
    return nodes


def add_task(store: Store, participant_id: str, **fields) -> Task:
    return store.tasks.create(participant_id=participant_id, **fields)


def unlinked(store: Store, flt: Filter | None = None) -> list[Dataset]:
    """The datasets no (living) task names, by title: kept on purpose when their last link went
    (or left so by an older version). They count like every dataset, so the inventory lists
    them too."""
    flt = flt or Filter()
    words = fold(flt.text).split()
    rows = store.query("""
        SELECT d.id FROM dataset d WHERE d.deleted_at IS NULL AND NOT EXISTS (
            SELECT 1 FROM task_dataset l JOIN task t ON t.id = l.task_id AND t.deleted_at IS NULL
            JOIN participant p ON p.id = t.participant_id AND p.deleted_at IS NULL
            WHERE l.dataset_id = d.id AND l.deleted_at IS NULL)""")
    ids = {row["id"] for row in rows}
    # No link, so no helps: with the helps filter on, none of them is kept.
    return [d for d in store.datasets.list() if d.id in ids and _keep(d, flt, None, None)
            and _contains(words, d.title, d.description, d.source_system, d.owner_department)]


def add_dataset(store: Store, task_id: str, *, helps: str = "me", **fields) -> Dataset:
    """A new dataset, linked to the task (helping it as ``helps`` says), in one transaction."""
    with store.transaction():
        store.tasks.get(task_id)  # fail before creating anything if the task is gone
        dataset = store.datasets.create(**fields)
        store.task_datasets.create(task_id=task_id, dataset_id=dataset.id, helps=helps)
    return dataset


def link(store: Store, task_id: str, dataset_id: str, helps: str | None = None) -> TaskDataset:
    """Link an existing dataset to a task; relinking brings back a removed link (with the helps
    it had, unless ``helps`` is given)."""
    with store.transaction():
        existing = store.task_datasets.list(include_deleted=True, task_id=task_id,
                                            dataset_id=dataset_id)
        if existing:
            found = existing[0]
            if found.deleted:
                found = store.task_datasets.restore(found.id)
            if helps and found.helps != helps:
                found = store.task_datasets.update(found.id, helps=helps)
            return found
        return store.task_datasets.create(task_id=task_id, dataset_id=dataset_id,
                                          helps=helps or "me")


def is_linked(store: Store, task_id: str, dataset_id: str) -> bool:
    return bool(store.task_datasets.list(task_id=task_id, dataset_id=dataset_id))


def set_helps(store: Store, task_id: str, dataset_id: str, helps: str) -> TaskDataset:
    """Whether the dataset helps this task's participant, lets others act, or both."""
    links = store.task_datasets.list(task_id=task_id, dataset_id=dataset_id)
    if not links:
        raise NotFound(f"dataset {dataset_id} is not linked to task {task_id}")
    return store.task_datasets.update(links[0].id, helps=helps)


def unlink(store: Store, task_id: str, dataset_id: str) -> TaskDataset:
    links = store.task_datasets.list(task_id=task_id, dataset_id=dataset_id)
    if not links:
        raise NotFound(f"dataset {dataset_id} is not linked to task {task_id}")
    return store.task_datasets.delete(links[0].id)


def other_links(store: Store, dataset_id: str, task_id: str | None = None) -> int:
    """How many living tasks besides ``task_id`` name the dataset: 0 means removing this link
    leaves it unlinked, and the facilitator is asked what to do with it."""
    return store.query("""
        SELECT count(*) AS n FROM task_dataset l
        JOIN task t ON t.id = l.task_id AND t.deleted_at IS NULL
        JOIN participant p ON p.id = t.participant_id AND p.deleted_at IS NULL
        WHERE l.dataset_id = ? AND l.deleted_at IS NULL AND l.task_id IS NOT ?""",
                       [dataset_id, task_id])[0]["n"]


def helps_overall(values) -> str:
    """One dataset's helps over all its links, for a list of datasets (the export):
    'both' when the tasks differ, '' when no task names it."""
    found = set(values)
    if not found:
        return ""
    if "both" in found or found >= {"me", "others"}:
        return "both"
    return found.pop()


def exact_match(store: Store, title: str, exclude: str | None = None) -> Dataset | None:
    """The dataset of this trip with exactly this title, but for case and spaces: adding it
    again would make a duplicate."""
    wanted = " ".join(title.casefold().split())
    if not wanted:
        return None
    for dataset in store.datasets.list():
        if dataset.id != exclude and " ".join(dataset.title.casefold().split()) == wanted:
            return dataset
    return None


@dataclass(frozen=True)
class Need:
    participant: str
    department: str
    task: str
    helps: str = "me"


def needed_by(store: Store, dataset_id: str) -> list[Need]:
    """Who needs this dataset: the participants and tasks it is linked to, and how it helps."""
    rows = store.query("""
        SELECT p.name AS participant, p.department AS department, t.title AS task,
               l.helps AS helps
        FROM task_dataset AS l
        JOIN task AS t ON t.id = l.task_id AND t.deleted_at IS NULL
        JOIN participant AS p ON p.id = t.participant_id AND p.deleted_at IS NULL
        WHERE l.dataset_id = ? AND l.deleted_at IS NULL
        ORDER BY p.name COLLATE NOCASE, t.title COLLATE NOCASE""", [dataset_id])
    return [Need(**row) for row in rows]


@dataclass
class Suggestions:
    in_trip: list[Match]
    on_portal: list[catalogue.Package]

    def __bool__(self) -> bool:
        return bool(self.in_trip or self.on_portal)


def suggestions(store: Store, title: str, *, exclude: str | None = None,
                limit: int = 4) -> Suggestions:
    """What is already known under a title being typed: in this trip, and on the portal."""
    if len(title.strip()) < 3:
        return Suggestions([], [])
    known = [(row["id"], row["title"]) for row in store.query(
        "SELECT id, title FROM dataset WHERE deleted_at IS NULL")]
    return Suggestions(similar(title, known, exclude=exclude, limit=limit),
                       catalogue.search(store, title, limit=limit))


def departments(store: Store) -> list[str]:
    rows = store.query("""
        SELECT owner_department AS d FROM dataset WHERE deleted_at IS NULL
        UNION SELECT department FROM participant WHERE deleted_at IS NULL""")
    return sorted({row["d"] for row in rows if row["d"]}, key=str.casefold)


def link_to_task(store: Store, task_id: str, package_id: str):
    """The package as a dataset the task needs, "already exists" (published on the portal):
    the trip's dataset of that title if there is one (linked, no duplicate), else a new one.
    Returns (dataset, whether it was in the trip already)."""
    found = catalogue.detail(store, package_id)
    if found is None:
        raise NotFound(t("store.not_found", table="catalogue", id=package_id))
    package = found.package
    existing = exact_match(store, package.title)
    if existing is not None:
        link(store, task_id, existing.id)
        return existing, True
    dataset = add_dataset(
        store, task_id, title=package.title, status="published",
        notes=t("inventory.portal_note", name=package.name, url=package.url))
    return dataset, False
