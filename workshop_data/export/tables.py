"""What goes into an export: one :class:`Table` per sheet / CSV file, built from the trip file.

This is the one place that knows what is private. Every writer (Excel, CSV, report, Data Package)
writes the tables built here and nothing else, so a public export is only as open as
:func:`build_tables` with ``public=True`` makes it:

* **contact details** (a participant's e-mail, a stakeholder's contact) are left out:
  the columns marked ``private`` are dropped;
* **participant names** become their pseudonymous ballot code, wherever a participant is named
  (the participants list, a task's owner, a dataset's chaser, a stakeholder's owner, an
  insight's author);
* **individual votes** are left out (no votes table); the ranking results are aggregates only,
  of revealed rounds only, and the statistics of a dataset with fewer than
  :data:`MIN_PUBLIC_VOTES` votes on a criterion are left blank, so that no single vote can be
  read back from a median;
* **datasets flagged as personal data** are left out, and with them every row about them
  (results, insights, publications) and their titles in the lists of other rows;
* of the invitations, only the public statuses (invited, confirmed, attended) are listed.

Values are plain Python: ``str``, ``int``, ``float``, ``bool``, :class:`datetime.date`,
:class:`datetime.datetime` (aware, UTC) or ``None``. Enumerations (status, category, ...) stay
codes here; each column says which catalogue prefix turns a code into words for people.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any, Callable

from .. import ranking
from ..i18n import t
from ..store import Store

MIN_PUBLIC_VOTES = 3
PUBLIC_INVITATION_STATUSES = ("invited", "confirmed", "attended")
LIST_SEPARATOR = "; "

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Column:
    name: str                  # machine name: CSV header, Data Package field name
    label: str                 # catalogue key of the header people read
    type: str = "string"       # Frictionless type: string integer number boolean date datetime
    private: bool = False      # dropped from a public export
    machine: bool = False      # only in the Data Package (ids, to join the tables)
    codes: str = ""            # catalogue prefix that turns a code into words ("status.")
    width: int = 0             # a hint for Excel: characters (0: from the content)

    def label_text(self) -> str:
        return t(self.label)

    def human(self, value: Any) -> Any:
        """The value as people read it: a code becomes its translated word."""
        if self.codes and isinstance(value, str) and value:
            text = t(f"{self.codes}{value}")
            return value if text == f"{self.codes}{value}" else text
        return value


@dataclass
class Table:
    name: str                  # file and sheet key: "participants"
    title: str                 # catalogue key of the sheet title
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    description: str = ""      # catalogue key, for the Data Package

    def human_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if not c.machine]

    def without(self, names: set[str]) -> Table:
        keep = [i for i, c in enumerate(self.columns) if c.name not in names]
        return replace(self, columns=[self.columns[i] for i in keep],
                       rows=[[row[i] for i in keep] for row in self.rows])


# -- conversions -------------------------------------------------------------------------------

def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_stamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


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
        """A participant as the export may name them: the name, or the ballot code if public."""
        person = self.people.get(participant_id or "")
        if person is None:
            return ""
        return person["ballot_code"] if self.public else person["name"]

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
        Column("name", "export.col.name", private=True, width=24),
        Column("ballot_code", "export.col.ballot_code", width=10),
        Column("department", "export.col.department"),
        Column("role", "export.col.role"),
        Column("email", "export.col.email", private=True),
        Column("tasks", "export.col.task_count", "integer"),
    ]
    tasks = {r["participant_id"]: r["n"] for r in trip.store.query(
        "SELECT participant_id, count(*) AS n FROM task WHERE deleted_at IS NULL "
        "GROUP BY participant_id")}
    people = trip.participants
    if trip.public:
        people = sorted(people, key=lambda p: p["ballot_code"])
    rows = [[p["id"], p["name"], p["ballot_code"], p["department"], p["role"], p["email"],
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
        Column("datasets", "export.col.datasets", width=50),
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
    if trip.public:
        rows.sort(key=lambda r: (r[2], r[3].casefold()))
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
        Column("helps", "export.col.helps", codes="helps."),
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
    rows = [[d["id"], d["title"], d["status"], d["description"], d["owner_department"],
             d["source_system"], d["format"], d["helps"], bool(d["personal_data"]),
             trip.who(d["chaser_id"]), parse_date(d["follow_up"]), d["licence"], d["theme"],
             d["access_rights"], d["notes"], tasks.get(d["id"], 0), parse_stamp(d["created_at"])]
            for d in trip.datasets]
    return Table("datasets", "export.table.datasets", columns, rows, "export.about.datasets")


RESULT_COLUMNS = [
    Column("round_id", "export.col.round_id", machine=True),
    Column("round", "export.col.round", width=30),
    Column("dataset_id", "export.col.dataset_id", machine=True),
    Column("dataset", "export.col.dataset", width=40),
    Column("criterion", "export.col.criterion", codes="ranking.criterion."),
    Column("rank", "export.col.rank", "integer"),
    Column("tied", "export.col.tied", "boolean"),
    Column("n_votes", "export.col.n_votes", "integer"),
    Column("n_skipped", "export.col.n_skipped", "integer"),
    Column("median", "export.col.median", "number"),
    Column("mean", "export.col.mean", "number"),
    Column("q1", "export.col.q1", "number"),
    Column("q3", "export.col.q3", "number"),
    Column("iqr", "export.col.iqr", "number"),
    Column("disagreement", "export.col.disagreement", "boolean"),
    Column("score", "export.col.score", "integer"),
    Column("quadrant", "export.col.quadrant", codes="ranking.quadrant.", width=16),
]


@dataclass
class RoundResult:
    """One round's aggregates, for the ranking table and the report."""

    round: dict[str, Any]
    criteria: list[str]
    dataset_ids: list[str]
    scores: list[ranking.DatasetResult] = field(default_factory=list)
    # rank and points rounds: dataset id -> (score, number of ballots, rank, tied)
    totals: dict[str, tuple[int, int, int, bool]] = field(default_factory=dict)
    quadrants: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.round["kind"]

    @property
    def scale(self) -> tuple[int, int]:
        return self.round["scale_min"], self.round["scale_max"]


def round_results(store: Store, *, public: bool = False,
                  visible: Callable[[str], bool] = lambda _id: True) -> list[RoundResult]:
    """The results of every ballot round (only the revealed ones when ``public``)."""
    out = []
    rounds = store.query("SELECT * FROM ballot_round WHERE deleted_at IS NULL ORDER BY created_at")
    for rnd in rounds:
        if public and not rnd["revealed"]:
            continue
        ids = [r["dataset_id"] for r in store.query(
            "SELECT ri.dataset_id FROM round_item ri JOIN dataset d ON d.id = ri.dataset_id "
            "AND d.deleted_at IS NULL WHERE ri.round_id = ? AND ri.deleted_at IS NULL "
            "ORDER BY d.title COLLATE NOCASE", [rnd["id"]]) if visible(r["dataset_id"])]
        votes = store.query("SELECT ballot_code, dataset_id, criterion, value, skipped FROM vote "
                            "WHERE round_id = ? AND deleted_at IS NULL ORDER BY updated_at",
                            [rnd["id"]])
        scale = (rnd["scale_min"], rnd["scale_max"])
        if rnd["kind"] == "score":
            criteria = list(json.loads(rnd["criteria"] or "[]"))
            result = RoundResult(rnd, criteria, ids)
            result.scores = ranking.score_results(
                (ranking.Vote(v["ballot_code"], v["dataset_id"], v["criterion"], v["value"],
                              bool(v["skipped"])) for v in votes), ids, criteria, scale)
            if {"interest", "importance"} <= set(criteria):
                for res in result.scores:
                    result.quadrants[res.dataset_id] = ranking.priority_quadrant(
                        res.stats["interest"].median, res.stats["importance"].median, scale)
        else:
            criterion = "rank" if rnd["kind"] == "rank" else "points"
            result = RoundResult(rnd, [criterion], ids)
            ballots: dict[str, dict[str, float]] = {}
            for v in votes:
                if v["criterion"] == criterion and not v["skipped"] and v["value"] is not None:
                    ballots.setdefault(v["ballot_code"], {})[v["dataset_id"]] = v["value"]
            if rnd["kind"] == "rank":
                orders = {code: [ds for ds, _ in sorted(b.items(), key=lambda kv: kv[1])]
                          for code, b in ballots.items()}
                counted = ranking.borda(orders, ids)
                n = {ds: sum(ds in order for order in orders.values()) for ds in ids}
                result.totals = {r.dataset_id: (r.score, n[r.dataset_id], r.rank, r.tied)
                                 for r in counted}
            else:
                allocations = {code: {ds: int(v) for ds, v in b.items() if ds in ids}
                               for code, b in ballots.items()}
                try:
                    counted = ranking.points_results(allocations, ids, rnd["points_budget"],
                                                     rnd["points_cap"])
                except ranking.BallotDataError:
                    counted = []
                result.totals = {r.dataset_id: (r.total, r.n_supporters, r.rank, r.tied)
                                 for r in counted}
        out.append(result)
    return out


def _results(trip: _Trip, results: list[RoundResult]) -> Table:
    rows = []
    for res in results:
        rnd = res.round
        if res.kind == "score":
            for score in res.scores:
                for criterion in res.criteria:
                    st = score.stats[criterion]
                    shown = not trip.public or st.n_votes >= MIN_PUBLIC_VOTES
                    rows.append([
                        rnd["id"], rnd["title"], score.dataset_id, trip.titles[score.dataset_id],
                        criterion, score.rank[criterion] if shown else None,
                        score.tied[criterion] if shown else None, st.n_votes, st.n_skipped,
                        *([_number(st.median), _number(st.mean), _number(st.q1), _number(st.q3),
                           _number(st.iqr), st.spread_flag] if shown else [None] * 6),
                        None, res.quadrants.get(score.dataset_id, "") if shown else ""])
        else:
            for ds in res.dataset_ids:
                score, n, rank, tied = res.totals.get(ds, (None, 0, None, None))
                rows.append([rnd["id"], rnd["title"], ds, trip.titles[ds], res.criteria[0],
                             rank, tied, n, None, None, None, None, None, None, None, score, ""])
    return Table("ranking", "export.table.ranking", list(RESULT_COLUMNS), rows,
                 "export.about.ranking")


def _votes(trip: _Trip) -> Table:
    columns = [
        Column("round_id", "export.col.round_id", machine=True),
        Column("round", "export.col.round", width=30),
        Column("ballot_code", "export.col.ballot_code", width=10),
        Column("dataset_id", "export.col.dataset_id", machine=True),
        Column("dataset", "export.col.dataset", width=40),
        Column("criterion", "export.col.criterion", codes="ranking.criterion."),
        Column("value", "export.col.value", "number"),
        Column("skipped", "export.col.skipped", "boolean"),
        Column("cast_at", "export.col.cast_at", "datetime", width=18),
    ]
    rows = [[v["round_id"], v["title"], v["ballot_code"], v["dataset_id"],
             trip.titles[v["dataset_id"]], v["criterion"], v["value"], bool(v["skipped"]),
             parse_stamp(v["updated_at"])]
            for v in trip.store.query(
                "SELECT v.*, r.title FROM vote v JOIN ballot_round r ON r.id = v.round_id "
                "AND r.deleted_at IS NULL WHERE v.deleted_at IS NULL "
                "ORDER BY r.created_at, v.ballot_code, v.dataset_id, v.criterion")
            if trip.visible(v["dataset_id"])]
    return Table("votes", "export.table.votes", columns, rows, "export.about.votes")


def _stakeholders(trip: _Trip) -> Table:
    from ..stakeholders import strategy

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
        Column("current_engagement", "export.col.current_engagement"),
        Column("desired_engagement", "export.col.desired_engagement"),
        Column("owner", "export.col.owner"),
        Column("contact", "export.col.contact", private=True, width=30),
        Column("notes", "export.col.notes", width=40),
        Column("datasets", "export.col.datasets", width=40),
    ]
    linked = trip.linked_titles("SELECT stakeholder_id, dataset_id FROM stakeholder_dataset "
                                "WHERE deleted_at IS NULL", "stakeholder_id")
    rows = [[s["id"], s["name"], s["organisation"], s["category"], s["role"], s["influence"],
             s["interest"], strategy(s["influence"], s["interest"]), s["attitude"],
             s["current_engagement"], s["desired_engagement"], trip.who(s["owner_id"]),
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
        Column("datasets", "export.col.datasets", width=40),
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


TABLE_NAMES = ("ateliers", "participants", "tasks", "datasets", "ranking", "votes",
               "stakeholders", "invitations", "prototypes", "insights", "publications")


@dataclass
class TripExport:
    """The tables of one export, and what the report needs besides them."""

    trip: dict[str, Any]
    public: bool
    exported_at: datetime
    tables: list[Table]
    results: list[RoundResult]

    def table(self, name: str) -> Table | None:
        return next((tb for tb in self.tables if tb.name == name), None)


def build_tables(store: Store, *, public: bool = False,
                 progress: Progress | None = None) -> TripExport:
    """Every table of the export; with ``public`` only what may be published (see above)."""
    trip = _Trip(store, public)
    results = round_results(store, public=public, visible=trip.visible)
    builders: list[tuple[str, Callable[[], Table]]] = [
        ("ateliers", lambda: _ateliers(trip)),
        ("participants", lambda: _participants(trip)),
        ("tasks", lambda: _tasks(trip)),
        ("datasets", lambda: _datasets(trip)),
        ("ranking", lambda: _results(trip, results)),
        ("votes", lambda: _votes(trip)),
        ("stakeholders", lambda: _stakeholders(trip)),
        ("invitations", lambda: _invitations(trip)),
        ("prototypes", lambda: _prototypes(trip)),
        ("insights", lambda: _insights(trip)),
        ("publications", lambda: _publications(trip)),
    ]
    if public:  # individual votes never leave in a public export: aggregates only
        builders = [(name, build) for name, build in builders if name != "votes"]
    tables = []
    for done, (name, build) in enumerate(builders, start=1):
        table = build()
        if public:
            table = table.without({c.name for c in table.columns if c.private})
        tables.append(table)
        if progress:
            progress(done, len(builders), name)
    row = store.query("SELECT * FROM trip WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1")
    return TripExport(row[0] if row else {"name": "", "organisation": "", "id": ""}, public,
                      datetime.now(timezone.utc), tables, results)
