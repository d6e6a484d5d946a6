"""The ranking exercise: ballot rounds, private ballots and votes.

A facilitator *opens* a round over a set of datasets (all, or those with a status / of a department)
with criteria (default interest and importance), a scale, and rules: skip allowed, a participant
may pick their name instead of typing their code, a random order per participant. Three kinds:

* ``score``: every dataset gets a number on every criterion (one vote row per dataset x criterion);
* ``rank``: the participant arranges the datasets; vote rows under criterion ``"rank"`` hold the
  position (1 = first), an item left out is a skipped row; scored with :func:`ranking.borda`;
* ``points``: the participant spends a budget with a cap per dataset; rows under ``"points"``.

Every write is one ``BEGIN IMMEDIATE`` transaction (``Store.transaction``) and a vote is an upsert
on the schema's one-vote-per-(round, code, dataset, criterion) rule, so revising a ballot never
makes a second row. Two processes voting at once wait for each other through the store's busy
timeout; a lock that still escapes it is retried a few times and at worst becomes a one-line
:class:`BallotError`, never "database is locked". Whether the round is open is checked inside the
write transaction, so a round closed by another terminal refuses the next vote.

Results are computed by :mod:`workshop_data.ranking` from the stored votes, and tallied for the
results screen and ``datatrip results`` in :mod:`workshop_data.tally`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import ranking
from .clock import new_id, now
from .errors import DatatripError, NotFound, ValidationError
from .i18n import LANGUAGES, catalogue, t
from .model import STATUSES, BallotRound
from .store import Store

KINDS = ("score", "rank", "points")
RANK = "rank"      # the criterion of a rank ballot's rows
POINTS = "points"  # the criterion of a points ballot's rows
#: Criteria with a translated name (``ranking.criterion.<key>``); others are shown as typed.
KNOWN_CRITERIA = ("interest", "importance", RANK, POINTS)
SCALE_LIMITS = (0, 9)  # a score is one key press
RETRIES = 4


class BallotError(DatatripError):
    """A ballot that cannot start or a vote that cannot be taken; the text is for the user."""


def criteria_of(rnd: BallotRound) -> list[str]:
    if rnd.kind == "rank":
        return [RANK]
    if rnd.kind == "points":
        return [POINTS]
    return list(json.loads(rnd.criteria))


def criterion_label(criterion: str) -> str:
    return t(f"ranking.criterion.{criterion}") if criterion in KNOWN_CRITERIA else criterion


def parse_criteria(text: str) -> list[str]:
    """Criteria typed as ``interest, importance, feasibility``; a translated name of a known
    criterion (``belang``) becomes its key, so Dutch and English rounds compare alike."""
    names = {catalogue(lang).get(f"ranking.criterion.{key}", key).casefold(): key
             for lang in LANGUAGES for key in KNOWN_CRITERIA[:2]}
    found: list[str] = []
    for part in text.replace(";", ",").split(","):
        name = " ".join(part.split())
        if name:
            name = names.get(name.casefold(), name)
            if name.casefold() not in {c.casefold() for c in found}:
                found.append(name)
    return found


# --------------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------------


def matching_datasets(store: Store, status: str | None = None,
                      department: str | None = None) -> list[str]:
    """Ids of the trip's datasets with this status and/or owner department, by title."""
    sql = "SELECT id FROM dataset WHERE deleted_at IS NULL"
    params: list[Any] = []
    if status:
        sql += " AND status = ?"
        params.append(status)
    if department:
        sql += " AND owner_department = ?"
        params.append(department)
    return [row["id"] for row in store.query(sql + " ORDER BY title COLLATE NOCASE", params)]


def departments(store: Store) -> list[str]:
    return [row["d"] for row in store.query(
        "SELECT DISTINCT owner_department AS d FROM dataset WHERE deleted_at IS NULL "
        "AND owner_department != '' ORDER BY d COLLATE NOCASE")]


def open_round(store: Store, title: str, *, kind: str = "score",
               criteria: Sequence[str] | str | None = None,
               scale: tuple[int, int] = ranking.DEFAULT_SCALE, allow_skip: bool = True,
               allow_name_pick: bool = False, random_order: bool = True,
               points_budget: int = ranking.DEFAULT_BUDGET, points_cap: int | None = None,
               status: str | None = None, department: str | None = None,
               dataset_ids: Iterable[str] | None = None,
               atelier_id: str | None = None) -> BallotRound:
    """Open a new round over ``dataset_ids`` (default: the datasets matching ``status`` and
    ``department``, all when both are empty). Raises :class:`ValidationError` on bad settings."""
    if not (title or "").strip():
        raise ValidationError("title", t("store.required"))
    if kind not in KINDS:
        raise ValidationError("kind", t("ranking.error.kind", kind=kind))
    if isinstance(criteria, str):
        criteria = parse_criteria(criteria)
    criteria = list(criteria) if criteria else list(ranking.DEFAULT_CRITERIA)
    lo, hi = scale
    if kind == "score":
        if not SCALE_LIMITS[0] <= lo < hi <= SCALE_LIMITS[1]:
            raise ValidationError("scale_max", t("ranking.error.scale", low=SCALE_LIMITS[0],
                                                 high=SCALE_LIMITS[1]))
    else:
        lo, hi = ranking.DEFAULT_SCALE
    if kind == "points":
        if points_budget is None or points_budget < 1:
            raise ValidationError("points_budget", t("ranking.error.budget"))
        if points_cap is not None and not 1 <= points_cap <= points_budget:
            raise ValidationError("points_cap", t("ranking.error.cap", budget=points_budget))
    if status is not None and status not in STATUSES:
        raise ValidationError("status", t("ranking.error.status", value=status))
    if dataset_ids is None:
        ids = matching_datasets(store, status, department)
    else:
        ids = list(dict.fromkeys(dataset_ids))
    if not ids:
        raise ValidationError("status", t("ranking.error.no_datasets"))
    with store.transaction():
        rnd = store.rounds.create(
            title=title, kind=kind, criteria=json.dumps(criteria), scale_min=lo, scale_max=hi,
            allow_skip=int(bool(allow_skip)), allow_name_pick=int(bool(allow_name_pick)),
            random_order=int(bool(random_order)), points_budget=points_budget,
            points_cap=points_cap if kind == "points" else None, atelier_id=atelier_id)
        stamp = now()
        store.conn.executemany(
            "INSERT INTO round_item (id, created_at, updated_at, round_id, dataset_id) "
            "VALUES (?, ?, ?, ?, ?)", [(new_id(), stamp, stamp, rnd.id, ds) for ds in ids])
    return rnd


def close_round(store: Store, round_id: str) -> BallotRound:
    return store.rounds.update(round_id, status="closed")


def reopen_round(store: Store, round_id: str) -> BallotRound:
    return store.rounds.update(round_id, status="open")


def reveal(store: Store, round_id: str, revealed: bool = True) -> BallotRound:
    return store.rounds.update(round_id, revealed=int(revealed))


@dataclass
class RoundInfo:
    round: BallotRound
    n_items: int
    n_ballots: int

    @property
    def criteria(self) -> list[str]:
        return criteria_of(self.round)


def list_rounds(store: Store) -> list[RoundInfo]:
    """Every round, newest first, with its number of datasets and of ballots cast."""
    items = {r["round_id"]: r["n"] for r in store.query(
        "SELECT round_id, count(*) AS n FROM round_item WHERE deleted_at IS NULL "
        "GROUP BY round_id")}
    ballots = {r["round_id"]: r["n"] for r in store.query(
        "SELECT round_id, count(DISTINCT ballot_code) AS n FROM vote WHERE deleted_at IS NULL "
        "GROUP BY round_id")}
    rounds = store.rounds.list(order_by="created_at DESC")
    return [RoundInfo(r, items.get(r.id, 0), ballots.get(r.id, 0)) for r in rounds]


def latest_round(store: Store) -> BallotRound | None:
    rounds = store.rounds.list(order_by="created_at DESC")
    return rounds[0] if rounds else None


# --------------------------------------------------------------------------------------------
# Ballots
# --------------------------------------------------------------------------------------------


@dataclass
class BallotItem:
    dataset_id: str
    title: str
    description: str
    tasks: list[str]


@dataclass
class Ballot:
    """One participant's ballot in one round: the items in their order, their answers so far."""

    round: BallotRound
    code: str
    items: list[BallotItem]
    # (dataset_id, criterion) -> value; None for a skip
    answers: dict[tuple[str, str], float | None] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.round.kind

    @property
    def criteria(self) -> list[str]:
        return criteria_of(self.round)

    @property
    def scale(self) -> tuple[int, int]:
        return self.round.scale_min, self.round.scale_max

    @property
    def allow_skip(self) -> bool:
        return bool(self.round.allow_skip)

    def questions(self) -> list[tuple[BallotItem, str]]:
        """Score ballots: every (dataset, criterion) in the participant's order."""
        return [(item, c) for item in self.items for c in self.criteria]

    def progress(self) -> tuple[int, int]:
        """(questions answered or skipped, questions in all)."""
        criteria = self.criteria
        total = len(self.items) * len(criteria)
        done = sum((item.dataset_id, c) in self.answers for item in self.items for c in criteria)
        return done, total

    def ranked(self) -> list[str]:
        """Rank ballots: the datasets in the order last saved, unranked ones left out."""
        ranked = [(v, ds) for (ds, c), v in self.answers.items() if c == RANK and v is not None]
        return [ds for _, ds in sorted(ranked)]

    def allocation(self) -> dict[str, int]:
        return {ds: int(v) for (ds, c), v in self.answers.items() if c == POINTS and v}


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def name_choices(store: Store, round_id: str) -> list[tuple[str, str]]:
    """(participant id, name) to pick from, when the round allows it; else []."""
    rnd = store.rounds.get(round_id)
    if not rnd.allow_name_pick:
        return []
    return [(p.id, p.name) for p in store.participants.list()]


def start_ballot(store: Store, round_id: str, code: str | None = None, *,
                 participant_id: str | None = None) -> Ballot:
    """The ballot of the participant with ``code`` (or, if the round allows picking a name,
    ``participant_id``), with their earlier answers; :class:`BallotError` if it cannot start."""
    try:
        rnd = store.rounds.get(round_id)
    except NotFound:
        raise BallotError(t("ranking.error.no_round")) from None
    if rnd.status != "open":
        raise BallotError(t("ranking.error.closed", title=rnd.title))
    if participant_id is not None:
        if not rnd.allow_name_pick:
            raise BallotError(t("ranking.error.no_name_pick"))
        rows = store.query("SELECT ballot_code FROM participant WHERE id = ? "
                           "AND deleted_at IS NULL", [participant_id])
        if not rows:
            raise BallotError(t("ranking.error.unknown_participant"))
        code = rows[0]["ballot_code"]
    else:
        code = normalise_code(code or "")
        if not code:
            raise BallotError(t("ranking.error.no_code"))
        rows = store.query("SELECT 1 FROM participant WHERE ballot_code = ? "
                           "AND deleted_at IS NULL", [code])
        if not rows:
            raise BallotError(t("ranking.error.unknown_code", code=code))
    items = _items(store, rnd, code)
    if not items:  # every dataset of the round was deleted since it opened
        raise BallotError(t("ranking.error.no_items"))
    return Ballot(rnd, code, items, _answers(store, round_id, code))


def _items(store: Store, rnd: BallotRound, code: str) -> list[BallotItem]:
    rows = store.query(
        "SELECT d.id, d.title, d.description FROM round_item ri JOIN dataset d "
        "ON d.id = ri.dataset_id WHERE ri.round_id = ? AND ri.deleted_at IS NULL "
        "AND d.deleted_at IS NULL ORDER BY d.title COLLATE NOCASE", [rnd.id])
    tasks: dict[str, list[str]] = {}
    for row in store.query(
            "SELECT td.dataset_id, tk.title FROM round_item ri "
            "JOIN task_dataset td ON td.dataset_id = ri.dataset_id "
            "JOIN task tk ON tk.id = td.task_id WHERE ri.round_id = ? AND ri.deleted_at IS NULL "
            "AND td.deleted_at IS NULL AND tk.deleted_at IS NULL ORDER BY tk.title COLLATE NOCASE",
            [rnd.id]):
        tasks.setdefault(row["dataset_id"], []).append(row["title"])
    items = {row["id"]: BallotItem(row["id"], row["title"], row["description"],
                                   tasks.get(row["id"], [])) for row in rows}
    order = list(items)
    if rnd.random_order:
        order = ranking.ballot_order(order, code, rnd.id)
    return [items[ds] for ds in order]


def _answers(store: Store, round_id: str, code: str) -> dict[tuple[str, str], float | None]:
    rows = store.query("SELECT dataset_id, criterion, value, skipped FROM vote WHERE round_id = ? "
                       "AND ballot_code = ? AND deleted_at IS NULL", [round_id, code])
    return {(r["dataset_id"], r["criterion"]): None if r["skipped"] else r["value"] for r in rows}


_UPSERT = (
    "INSERT INTO vote (id, created_at, updated_at, deleted_at, round_id, ballot_code, dataset_id,"
    " criterion, value, skipped) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(round_id, ballot_code, dataset_id, criterion) DO UPDATE SET "
    "value = excluded.value, skipped = excluded.skipped, updated_at = excluded.updated_at, "
    "deleted_at = NULL")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _write(store: Store, work: Callable[[sqlite3.Connection], Any]) -> Any:
    """Run ``work`` in one write transaction; retry a lock that escaped the busy timeout."""
    nested = store.conn.in_transaction
    delay = 0.05
    for attempt in range(RETRIES):
        try:
            with store.transaction() as conn:
                return work(conn)
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            if nested or attempt == RETRIES - 1:
                raise BallotError(t("ranking.error.busy")) from None
            time.sleep(delay)
            delay *= 2


def _check_open(conn: sqlite3.Connection, round_id: str) -> None:
    row = conn.execute("SELECT status, deleted_at FROM ballot_round WHERE id = ?",
                       [round_id]).fetchone()
    if row is None or row[1] is not None:
        raise BallotError(t("ranking.error.no_round"))
    if row[0] != "open":
        raise BallotError(t("ranking.error.closed_now"))


def record_vote(store: Store, round_id: str, code: str, dataset_id: str, criterion: str,
                value: float | None = None, skipped: bool = False) -> None:
    """Store (or revise) one answer, after checking it against the round's rules."""
    _record(store, store.rounds.get(round_id), code, dataset_id, criterion, value, skipped)


def _record(store: Store, rnd: BallotRound, code: str, dataset_id: str, criterion: str,
            value: float | None, skipped: bool) -> None:
    if rnd.kind != "score":
        raise BallotError(t("ranking.error.wrong_kind"))
    if criterion not in criteria_of(rnd):
        raise ValidationError("criterion", t("ranking.error.criterion", criterion=criterion))
    if skipped:
        if not rnd.allow_skip:
            raise BallotError(t("ranking.error.no_skip"))
        value = None
    elif value is None or isinstance(value, bool) or value != int(value) \
            or not rnd.scale_min <= value <= rnd.scale_max:
        raise ValidationError("value", t("ranking.error.value", low=rnd.scale_min,
                                         high=rnd.scale_max))

    def work(conn: sqlite3.Connection) -> None:
        _check_open(conn, rnd.id)
        if conn.execute("SELECT 1 FROM round_item WHERE round_id = ? AND dataset_id = ? "
                        "AND deleted_at IS NULL", [rnd.id, dataset_id]).fetchone() is None:
            raise ValidationError("dataset", t("ranking.error.not_in_round"))
        stamp = now()
        conn.execute(_UPSERT, [new_id(), stamp, stamp, rnd.id, code, dataset_id, criterion,
                               None if skipped else float(value), int(skipped)])

    _write(store, work)


def cast_vote(store: Store, ballot: Ballot, dataset_id: str, criterion: str,
              value: int) -> None:
    """A score for one dataset on one criterion; a second call revises it."""
    _record(store, ballot.round, ballot.code, dataset_id, criterion, value, False)
    ballot.answers[(dataset_id, criterion)] = float(value)


def skip(store: Store, ballot: Ballot, dataset_id: str, criterion: str) -> None:
    _record(store, ballot.round, ballot.code, dataset_id, criterion, None, True)
    ballot.answers[(dataset_id, criterion)] = None


def _save_all(store: Store, ballot: Ballot, criterion: str,
              values: Mapping[str, float | None]) -> None:
    def work(conn: sqlite3.Connection) -> None:
        _check_open(conn, ballot.round.id)
        stamp = now()
        conn.executemany(_UPSERT, [
            (new_id(), stamp, stamp, ballot.round.id, ballot.code, ds, criterion, v,
             int(v is None)) for ds, v in values.items()])

    _write(store, work)
    for ds, v in values.items():
        ballot.answers[(ds, criterion)] = v


def save_ranking(store: Store, ballot: Ballot, order: Sequence[str]) -> None:
    """A rank ballot: ``order`` best first; datasets of the round left out count as unranked."""
    if ballot.kind != "rank":
        raise BallotError(t("ranking.error.wrong_kind"))
    known = [item.dataset_id for item in ballot.items]
    if len(set(order)) != len(order) or not set(order) <= set(known):
        raise ValidationError("order", t("ranking.error.bad_order"))
    if not ballot.allow_skip and len(order) != len(known):
        raise ValidationError("order", t("ranking.error.rank_all"))
    values: dict[str, float | None] = {ds: float(i) for i, ds in enumerate(order, start=1)}
    values.update({ds: None for ds in known if ds not in values})
    _save_all(store, ballot, RANK, values)


def points_problem(allocation: Mapping[str, int], budget: int, cap: int | None) -> str | None:
    """The first thing wrong with an allocation, in the user's language; None when valid."""
    for pts in allocation.values():
        if isinstance(pts, bool) or not isinstance(pts, int) or pts < 0:
            return t("ranking.points.whole")
        if cap is not None and pts > cap:
            return t("ranking.points.over_cap", cap=cap)
    total = sum(allocation.values())
    if total > budget:
        return t("ranking.points.over_budget", total=total, budget=budget)
    return None


@dataclass
class RankDraft:
    """A rank ballot being arranged: the ranked datasets best first, then those left out."""

    order: list[str]
    unranked: list[str]

    @classmethod
    def of(cls, ballot: Ballot) -> RankDraft:
        ids = [item.dataset_id for item in ballot.items]
        order = ballot.ranked() or ids
        return cls(list(order), [ds for ds in ids if ds not in set(order)])

    def rows(self) -> list[str]:
        return self.order + self.unranked

    def move(self, index: int, step: int) -> int:
        """Move the ranked dataset at ``index`` up (-1) or down (+1); its new index."""
        there = index + step
        if index < len(self.order) and 0 <= there < len(self.order):
            self.order[index], self.order[there] = self.order[there], self.order[index]
            return there
        return index

    def toggle(self, index: int) -> int:
        """Leave the dataset at ``index`` out of the ranking, or put it back at the end."""
        ds = self.rows()[index]
        if ds in self.order:
            self.order.remove(ds)
            self.unranked.insert(0, ds)
            return len(self.order)
        self.unranked.remove(ds)
        self.order.append(ds)
        return len(self.order) - 1


@dataclass
class PointsDraft:
    """A points ballot being filled in; :meth:`give` refuses what breaks the round's rules."""

    budget: int
    cap: int | None
    alloc: dict[str, int]

    @classmethod
    def of(cls, ballot: Ballot) -> PointsDraft:
        return cls(ballot.round.points_budget, ballot.round.points_cap, ballot.allocation())

    @property
    def spent(self) -> int:
        return sum(self.alloc.values())

    def give(self, dataset_id: str, points: int) -> str | None:
        """Set the points of one dataset; the problem (and no change) if that is not allowed."""
        trial = {**self.alloc, dataset_id: points}
        problem = points_problem(trial, self.budget, self.cap)
        if problem is None:
            self.alloc = trial
        return problem


def save_points(store: Store, ballot: Ballot, allocation: Mapping[str, int]) -> None:
    """A points ballot: at most the budget in all, at most the cap per dataset."""
    if ballot.kind != "points":
        raise BallotError(t("ranking.error.wrong_kind"))
    rnd = ballot.round
    known = [item.dataset_id for item in ballot.items]
    problem = points_problem(allocation, rnd.points_budget, rnd.points_cap)
    if problem is None and ranking.validate_points(allocation, rnd.points_budget, rnd.points_cap,
                                                   known):
        problem = t("ranking.error.not_in_round")
    if problem:
        raise ValidationError("points", problem)
    values: dict[str, float | None] = {ds: float(allocation.get(ds, 0)) for ds in known}
    _save_all(store, ballot, POINTS, values)
