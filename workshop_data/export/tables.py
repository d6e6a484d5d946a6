"""What goes into an export: one :class:`Table` per sheet / CSV file, built from the trip file.

Every writer (Excel, CSV, report, Data Package, CKAN load file) writes the tables built here and
nothing else. What a public export may hold is declared per field in :mod:`.public`; the rows
that are never public (datasets flagged as personal data and every row about them, unrevealed
rounds, invitations that were not sent) are left out here. Ballot codes are in no export.

Values are plain Python: ``str``, ``int``, ``float``, ``bool``, :class:`datetime.date`,
:class:`datetime.datetime` (aware, UTC) or ``None``. Enumerations (status, category, ...) stay
codes here; each column says which catalogue prefix turns a code into words for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from ..common.store import Store
from ..inventory.tasks import helps_overall
from .columns import Column, Table, parse_date, parse_stamp
from .public import NEVER, public_fields
from .rounds import MIN_PUBLIC_VOTES, RESULT_COLUMNS, RoundResult, results_table, round_results

__all__ = ["Column", "Table", "TripExport", "RoundResult", "build_tables", "round_results",
           "MIN_PUBLIC_VOTES", "RESULT_COLUMNS", "parse_date", "parse_stamp"]

PUBLIC_INVITATION_STATUSES = ("invited", "confirmed", "attended")
LIST_SEPARATOR = "; "

Progress = Callable[[int, int, str], None]


# -- the trip as tables ------------------------------------------------------------------------

class _Trip:
    """Everything the tables need, read once; ``public`` decides what is visible."""

    def __init__(self, store: Store, public: bool):
        self.store = store
        self.public = public
        q = store.query
        self.participants = q("SELECT * FROM participant WHERE deleted_at IS NULL "
                              "ORDER BY name COLLATE NOCASE")
        self.people = {p["id"]: p for p in q("SELECT * FROM participant")}
        datasets = q("SELECT * FROM dataset WHERE deleted_at IS NULL ORDER BY title COLLATE NOCASE")
        self.personal = {d["id"] for d in q("SELECT id FROM dataset WHERE personal_data = 1")}
        self.datasets = [d for d in datasets if not (public and d["id"] in self.personal)]
        self.titles = {d["id"]: d["title"] for d in self.datasets}
        self.ateliers = {a["id"]: a for a in q("SELECT * FROM atelier WHERE deleted_at IS NULL")}

    def who(self, participant_id: str | None) -> str:
        """A participant as the export may name them: the name, or nobody if public."""
        person = self.people.get(participant_id or "")
        if person is None or self.public:
            return ""
        return person["name"]

    def visible(self, dataset_id: str) -> bool:
        return dataset_id in self.titles

    def linked_titles(self, sql: str, key: str) -> dict[str, str]:
        """{row id: "title; title"} of the (visible) datasets linked to each row."""
        found: dict[str, list[str]] = {}
        for row in self.store.query(sql):
            if self.visible(row["dataset_id"]):
                found.setdefault(row[key], []).append(self.titles[row["dataset_id"]])
        return {k: LIST_SEPARATOR.join(sorted(v, key=str.casefold)) for k, v in found.items()}

    def atelier_number(self, atelier_id: str | None) -> int | None:
        atelier = self.ateliers.get(atelier_id or "")
        return atelier["number"] if atelier else None


def _participants(trip: _Trip) -> Table:
    columns = [
        Column("id", "export.col.id", machine=True),
        Column("name", "export.col.name", width=24),
        Column("department", "export.col.department"),
        Column("role", "export.col.role"),
        Column("email", "export.col.email"),
        Column("tasks", "export.col.task_count", "integer"),
    ]
    tasks = {r["participant_id"]: r["n"] for r in trip.store.query(
        "SELECT participant_id, count(*) AS n FROM task WHERE deleted_at IS NULL "
        "GROUP BY participant_id")}
    people = trip.participants
    if trip.public:  # not in the order of the names that are left out
        people = sorted(people, key=lambda p: (p["department"].casefold(), p["id"]))
    rows = [[p["id"], p["name"], p["department"], p["role"], p["email"],
             tasks.get(p["id"], 0)] for p in people]
    return Table("participants", "export.table.participants", columns, rows,
                 "export.about.participants")


def _tasks(trip: _Trip) -> Table:
    columns = [
        Column("id", "export.col.id", machine=True),
        Column("participant_id", "export.col.participant_id", machine=True),
        Column("participant", "export.col.participant", width=20),
        Column("title", "export.col.title", width=40),
        Column("description", "export.col.description", width=50),
        Column("policy_goal", "export.col.policy_goal", width=40),
        Column("datasets", "export.col.datasets", people=True, width=50),
    ]
    linked = trip.linked_titles("SELECT task_id, dataset_id FROM task_dataset "
                                "WHERE deleted_at IS NULL", "task_id")
    rows = []
    for task in trip.store.query(
            "SELECT t.* FROM task t JOIN participant p ON p.id = t.participant_id "
            "AND p.deleted_at IS NULL WHERE t.deleted_at IS NULL "
            "ORDER BY p.name COLLATE NOCASE, t.title COLLATE NOCASE"):
        rows.append([task["id"], task["participant_id"], trip.who(task["participant_id"]),
                     task["title"], task["description"], task["policy_goal"],
                     linked.get(task["id"], "")])
    if trip.public:  # not in the order of the names that are left out
        rows.sort(key=lambda r: (r[3].casefold(), r[0]))
    return Table("tasks", "export.table.tasks", columns, rows, "export.about.tasks")


def _datasets(trip: _Trip) -> Table:
    columns = [
        Column("id", "export.col.id", machine=True),
        Column("title", "export.col.title", width=40),
        Column("status", "export.col.status", codes="status.", width=16),
        Column("description", "export.col.description", width=50),
        Column("owner_department", "export.col.owner_department"),
        Column("source_system", "export.col.source_system"),
        Column("format", "export.col.format", width=10),
        Column("helps", "export.col.helps", codes="helps."),  # over its tasks: see helps_overall
        Column("personal_data", "export.col.personal_data", "boolean", width=10),
        Column("chaser", "export.col.chaser"),
        Column("follow_up", "export.col.follow_up", "date", width=12),
        Column("licence", "export.col.licence"),
        Column("theme", "export.col.theme"),
        Column("access_rights", "export.col.access_rights"),
        Column("notes", "export.col.notes", width=50),
        Column("tasks", "export.col.task_count", "integer"),
        Column("created_at", "export.col.created_at", "datetime", machine=True),
    ]
    tasks = {r["dataset_id"]: r["n"] for r in trip.store.query(
        "SELECT td.dataset_id, count(*) AS n FROM task_dataset td JOIN task t "
        "ON t.id = td.task_id AND t.deleted_at IS NULL WHERE td.deleted_at IS NULL "
        "GROUP BY td.dataset_id")}
    helps: dict[str, list[str]] = {}
    for link in trip.store.query(
            "SELECT td.dataset_id, td.helps FROM task_dataset td JOIN task t "
            "ON t.id = td.task_id AND t.deleted_at IS NULL WHERE td.deleted_at IS NULL"):
        helps.setdefault(link["dataset_id"], []).append(link["helps"])
    rows = [[d["id"], d["title"], d["status"], d["description"], d["owner_department"],
             d["source_system"], d["format"], helps_overall(helps.get(d["id"], [])),
             bool(d["personal_data"]),
             trip.who(d["chaser_id"]), parse_date(d["follow_up"]), d["licence"], d["theme"],
             d["access_rights"], d["notes"], tasks.get(d["id"], 0), parse_stamp(d["created_at"])]
            for d in trip.datasets]
    return Table("datasets", "export.table.datasets", columns, rows, "export.about.datasets")


def _votes(trip: _Trip) -> Table:
    """Every vote (full export only), with a ballot number instead of the code it was cast
    under: 1, 2, ... per round in the order the ballots began, so the votes of one ballot can be
    read together but neither the code nor the voter can be read back."""
    columns = [
        Column("round_id", "export.col.round_id", machine=True),
        Column("round", "export.col.round", width=30),
        Column("ballot", "export.col.ballot", "integer", width=8),
        Column("dataset_id", "export.col.dataset_id", machine=True),
        Column("dataset", "export.col.dataset", width=40),
        Column("criterion", "export.col.criterion", codes="ranking.criterion."),
        Column("value", "export.col.value", "number"),
        Column("skipped", "export.col.skipped", "boolean"),
        Column("cast_at", "export.col.cast_at", "datetime", width=18),
    ]
    votes = [v for v in trip.store.query(
        "SELECT v.*, r.title FROM vote v JOIN ballot_round r "
        "ON r.id = v.round_id AND r.deleted_at IS NULL WHERE v.deleted_at IS NULL "
        "ORDER BY r.created_at, v.created_at, v.id") if trip.visible(v["dataset_id"])]
    numbers: dict[tuple[str, str], int] = {}
    per_round: dict[str, int] = {}
    for v in votes:
        key = (v["round_id"], v["ballot_code"])
        if key not in numbers:
            per_round[v["round_id"]] = numbers[key] = per_round.get(v["round_id"], 0) + 1
    rows = [[v["round_id"], v["title"], numbers[(v["round_id"], v["ballot_code"])],
             v["dataset_id"], trip.titles[v["dataset_id"]], v["criterion"], v["value"],
             bool(v["skipped"]), parse_stamp(v["updated_at"])] for v in votes]
    order = {round_id: n for n, round_id in enumerate(dict.fromkeys(v["round_id"] for v in votes))}
    rows.sort(key=lambda r: (order[r[0]], r[2], r[4].casefold(), r[5]))
    return Table("votes", "export.table.votes", columns, rows, "export.about.votes")


def _stakeholders(trip: _Trip) -> Table:
    from ..stakeholders.register import strategy

    columns = [
        Column("id", "export.col.id", machine=True),
        Column("name", "export.col.name", width=28),
        Column("organisation", "export.col.organisation", width=28),
        Column("category", "export.col.category", codes="category."),
        Column("role", "export.col.role"),
        Column("influence", "export.col.influence", "integer"),
        Column("interest", "export.col.interest", "integer"),
        Column("strategy", "export.col.strategy", codes="strategy.", width=16),
        Column("attitude", "export.col.attitude", codes="attitude."),
        Column("current_engagement", "export.col.current_engagement", codes="ladder."),
        Column("desired_engagement", "export.col.desired_engagement", codes="ladder."),
        Column("engagement_note", "export.col.engagement_note", width=30),
        Column("owner", "export.col.owner"),
        Column("contact", "export.col.contact", width=30),
        Column("notes", "export.col.notes", width=40),
        Column("datasets", "export.col.datasets", people=True, width=40),
    ]
    linked = trip.linked_titles("SELECT stakeholder_id, dataset_id FROM stakeholder_dataset "
                                "WHERE deleted_at IS NULL", "stakeholder_id")
    rows = [[s["id"], s["name"], s["organisation"], s["category"], s["role"], s["influence"],
             s["interest"], strategy(s["influence"], s["interest"]), s["attitude"],
             s["current_engagement"], s["desired_engagement"], s["engagement_note"],
             trip.who(s["owner_id"]),
             s["contact"], s["notes"], linked.get(s["id"], "")]
            for s in trip.store.query("SELECT * FROM stakeholder WHERE deleted_at IS NULL "
                                      "ORDER BY name COLLATE NOCASE")]
    return Table("stakeholders", "export.table.stakeholders", columns, rows,
                 "export.about.stakeholders")


def _invitations(trip: _Trip) -> Table:
    columns = [
        Column("id", "export.col.id", machine=True),
        Column("stakeholder_id", "export.col.stakeholder_id", machine=True),
        Column("stakeholder", "export.col.stakeholder", width=28),
        Column("organisation", "export.col.organisation", width=28),
        Column("atelier", "export.col.atelier", "integer"),
        Column("status", "export.col.status", codes="invitation_status."),
        Column("changed_at", "export.col.changed_at", "datetime", width=18),
    ]
    rows = []
    for inv in trip.store.query(
            "SELECT i.*, s.name, s.organisation, (SELECT max(l.created_at) FROM invitation_log l "
            "WHERE l.invitation_id = i.id AND l.deleted_at IS NULL) AS changed "
            "FROM invitation i JOIN stakeholder s ON s.id = i.stakeholder_id "
            "AND s.deleted_at IS NULL WHERE i.deleted_at IS NULL ORDER BY s.name COLLATE NOCASE"):
        if trip.public and inv["status"] not in PUBLIC_INVITATION_STATUSES:
            continue
        rows.append([inv["id"], inv["stakeholder_id"], inv["name"], inv["organisation"],
                     trip.atelier_number(inv["atelier_id"]), inv["status"],
                     parse_stamp(inv["changed"] or inv["updated_at"])])
    return Table("invitations", "export.table.invitations", columns, rows,
                 "export.about.invitations")


def _prototypes(trip: _Trip) -> Table:
    columns = [
        Column("id", "export.col.id", machine=True),
        Column("title", "export.col.title", width=30),
        Column("company", "export.col.company", width=24),
        Column("link", "export.col.link", width=40),
        Column("feedback", "export.col.feedback", width=50),
        Column("datasets", "export.col.datasets", people=True, width=40),
    ]
    linked = trip.linked_titles("SELECT prototype_id, dataset_id FROM prototype_dataset "
                                "WHERE deleted_at IS NULL", "prototype_id")
    rows = [[p["id"], p["title"], p["company"], p["link"], p["feedback"], linked.get(p["id"], "")]
            for p in trip.store.query("SELECT * FROM prototype WHERE deleted_at IS NULL "
                                      "ORDER BY title COLLATE NOCASE")]
    return Table("prototypes", "export.table.prototypes", columns, rows, "export.about.prototypes")


def _insights(trip: _Trip) -> Table:
    columns = [
        Column("id", "export.col.id", machine=True),
        Column("dataset_id", "export.col.dataset_id", machine=True),
        Column("dataset", "export.col.dataset", width=36),
        Column("text", "export.col.text", width=60),
        Column("author", "export.col.author"),
        Column("atelier", "export.col.atelier", "integer"),
        Column("created_at", "export.col.created_at", "datetime", width=18),
    ]
    rows = [[i["id"], i["dataset_id"], trip.titles[i["dataset_id"]], i["text"],
             trip.who(i["author_id"]), trip.atelier_number(i["atelier_id"]),
             parse_stamp(i["created_at"])]
            for i in trip.store.query("SELECT * FROM insight WHERE deleted_at IS NULL "
                                      "ORDER BY created_at")
            if trip.visible(i["dataset_id"])]
    return Table("insights", "export.table.insights", columns, rows, "export.about.insights")


def _ateliers(trip: _Trip) -> Table:
    columns = [
        Column("number", "export.col.atelier", "integer"),
        Column("theme", "export.col.theme", codes="atelier.theme."),
        Column("date", "export.col.date", "date", width=12),
        Column("place", "export.col.place", width=28),
        Column("agenda", "export.col.agenda", width=60),
    ]
    rows = [[a["number"], str(a["number"]), parse_date(a["date"]), a["place"], a["agenda"]]
            for a in sorted(trip.ateliers.values(), key=lambda a: a["number"])]
    return Table("ateliers", "export.table.ateliers", columns, rows, "export.about.ateliers")


def _publications(trip: _Trip) -> Table:
    columns = [
        Column("dataset_id", "export.col.dataset_id", machine=True),
        Column("dataset", "export.col.dataset", width=36),
        Column("package_name", "export.col.package_name", width=36),
        Column("state", "export.col.state", codes="export.state."),
        Column("changed_at", "export.col.changed_at", "datetime", width=18),
    ]
    rows = [[p["dataset_id"], trip.titles[p["dataset_id"]], p["package_name"], p["state"],
             parse_stamp(p["updated_at"])]
            for p in trip.store.query("SELECT * FROM publication WHERE deleted_at IS NULL "
                                      "ORDER BY package_name")
            if trip.visible(p["dataset_id"])]
    return Table("publications", "export.table.publications", columns, rows,
                 "export.about.publications")


LINKS = (  # (table, link table of the trip file, the column of the row, its table, more fields)
    ("task_datasets", "task_dataset", "task_id", "tasks", ("helps",)),
    ("stakeholder_datasets", "stakeholder_dataset", "stakeholder_id", "stakeholders", ()),
    ("prototype_datasets", "prototype_dataset", "prototype_id", "prototypes", ()),
)


def _links(trip: _Trip, tables: list[Table]) -> list[Table]:
    """The lists of datasets of tasks, stakeholders and prototypes as rows of ids, for the Data
    Package (foreign keys); only links of which both ends are in the export."""
    ids = {tb.name: {row[0] for row in tb.rows} for tb in tables}
    out = []
    for name, source, column, owner, more in LINKS:
        names = ", ".join((column, "dataset_id") + more)
        rows = sorted([r[column], r["dataset_id"], *(r[m] for m in more)] for r in
                      trip.store.query(f"SELECT {names} FROM {source} WHERE deleted_at IS NULL")
                      if r[column] in ids.get(owner, ())
                      and r["dataset_id"] in ids.get("datasets", ()))
        columns = [Column(column, f"export.col.{column}", machine=True),
                   Column("dataset_id", "export.col.dataset_id", machine=True),
                   *(Column(m, f"export.col.{m}", codes=f"{m}.") for m in more)]
        out.append(Table(name, f"export.table.{name}", columns, rows, f"export.about.{name}"))
    return out


def _queued(store: Store) -> list[dict[str, Any]]:
    """The publications queued for the portal of datasets not yet published, with their
    metadata: what the CKAN load file holds, the same the sync sends."""
    return store.query("SELECT p.*, d.personal_data FROM publication p JOIN dataset d "
                       "ON d.id = p.dataset_id AND d.deleted_at IS NULL AND d.status = 'ready' "
                       "WHERE p.deleted_at IS NULL AND p.state != 'draft' ORDER BY p.created_at")


TABLE_NAMES = ("ateliers", "participants", "tasks", "datasets", "ranking", "votes",
               "stakeholders", "invitations", "prototypes", "insights", "publications")


@dataclass
class TripExport:
    """The tables of one export, and what the report and the CKAN file need besides them."""

    trip: dict[str, Any]
    public: bool
    exported_at: datetime
    tables: list[Table]
    results: list[RoundResult]
    links: list[Table] = field(default_factory=list)  # Data Package only
    queued: list[dict[str, Any]] = field(default_factory=list)  # publication rows
    insight_charts: dict[str, str] = field(default_factory=dict)  # insight id: drawn (report)

    def table(self, name: str) -> Table | None:
        return next((tb for tb in self.tables + self.links if tb.name == name), None)


def _fields(table: Table, public: bool) -> Table:
    """The table as this export may hold it: no credential ever, only public fields if public."""
    table = table.without(set(NEVER))
    return table.keeping(public_fields(table.name)) if public else table


def build_tables(store: Store, *, public: bool = False,
                 progress: Progress | None = None) -> TripExport:
    """Every table of the export; with ``public`` only what may be published (:mod:`.public`)."""
    trip = _Trip(store, public)
    results = round_results(store, public=public, visible=trip.visible)
    builders: list[tuple[str, Callable[[], Table]]] = [
        ("ateliers", lambda: _ateliers(trip)),
        ("participants", lambda: _participants(trip)),
        ("tasks", lambda: _tasks(trip)),
        ("datasets", lambda: _datasets(trip)),
        ("ranking", lambda: results_table(trip, results)),
        ("votes", lambda: _votes(trip)),
        ("stakeholders", lambda: _stakeholders(trip)),
        ("invitations", lambda: _invitations(trip)),
        ("prototypes", lambda: _prototypes(trip)),
        ("insights", lambda: _insights(trip)),
        ("publications", lambda: _publications(trip)),
    ]
    if public:  # a table without public fields (the individual votes) is not published at all
        builders = [(name, build) for name, build in builders if public_fields(name)]
    tables = []
    for done, (name, build) in enumerate(builders, start=1):
        tables.append(_fields(build(), public))
        if progress:
            progress(done, len(builders), name)
    links = [_fields(link, public) for link in _links(trip, tables)]
    row = store.query("SELECT * FROM trip WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1")
    return TripExport(row[0] if row else {"name": "", "organisation": "", "id": ""}, public,
                      datetime.now(timezone.utc), tables, results, links, _queued(store))
