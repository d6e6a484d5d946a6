"""Private ballots and votes: one voter's ballot in one round, and the writes that fill it.

A voter opens their ballot with their credential (:mod:`workshop_data.ranking.voters`: a code typed on
the laptop, a token from the personal link on a phone, or — where the round allows it — their
name) and sees only their own answers. Three kinds (rounds are in :mod:`workshop_data.ranking.rounds`):

* ``score``: every dataset gets a number on every criterion (one vote row per dataset x criterion);
* ``rank``: the voter places the datasets; vote rows under criterion ``"rank"`` hold the
  position (1 = first), an item left out on purpose is a skipped row; scored with Borda;
* ``points``: the voter spends a budget with a cap per dataset; rows under ``"points"``.

An item with no row is *undecided*: a ballot is counted only when none is left (see
:func:`rounds.ballot_states`), so an untouched or half-done ballot is a draft, never noise.

Every write is one ``BEGIN IMMEDIATE`` transaction (``Store.transaction``) and a vote is an upsert
on the schema's one-vote-per-(round, voter, dataset, criterion) rule, so revising a ballot never
makes a second row. Two processes voting at once wait for each other through the store's busy
timeout; a lock that still escapes it is retried a few times and at worst becomes a one-line
:class:`BallotError`, never "database is locked". Whether the round is open is checked inside the
write transaction, so a round closed by another terminal refuses the next vote.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import credentials, maths as ranking, voters
from .ballot_drafts import (  # noqa: F401  (the screens' drafts, and the points rule)
    PointsDraft, RankDraft, points_problem)
from ..common.clock import new_id, new_ids, now
from ..common.errors import DatatripError, NotFound, ValidationError
# The rounds used to live here; callers still find them as ballots.open_round etc.
from .rounds import (KINDS, KNOWN_CRITERIA, POINTS, RANK, SCALE_LIMITS, RoundInfo,  # noqa: F401
                     ballot_states, close_round, criteria_of, criterion_label, departments,
                     latest_round, list_rounds, matching_datasets, open_round, parse_criteria,
                     reopen_round, reveal, turnout)
from ..common.i18n import t
from ..common.model import BallotRound
from ..common.store import Store

RETRIES = 4


class BallotError(DatatripError):
    """A ballot that cannot start or a vote that cannot be taken; the text is for the user."""


class RoundClosed(BallotError):
    """The round is closed (or gone): no ballot opens, no vote is taken."""


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
    """One voter's ballot in one round: the items in their order, their own answers so far."""

    round: BallotRound
    voter_id: str  # the pseudonym the votes carry (voter.id), not a credential
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

    @property
    def complete(self) -> bool:
        """Counted only when every item has a choice or an explicit skip."""
        done, total = self.progress()
        return done == total

    def ranked(self) -> list[str]:
        """Rank ballots: the datasets in the order last saved, unranked ones left out."""
        ranked = [(v, ds) for (ds, c), v in self.answers.items() if c == RANK and v is not None]
        return [ds for _, ds in sorted(ranked)]

    def skipped(self, criterion: str) -> list[str]:
        return [item.dataset_id for item in self.items
                if (item.dataset_id, criterion) in self.answers
                and self.answers[(item.dataset_id, criterion)] is None]

    def allocation(self) -> dict[str, int]:
        """Points ballots: the points decided so far (0 is a decision too)."""
        return {ds: int(v) for (ds, c), v in self.answers.items()
                if c == POINTS and v is not None}


def name_choices(store: Store, round_id: str) -> list[tuple[str, str]]:
    """(participant id, name) to pick from, when the round allows it; else []."""
    rnd = store.rounds.get(round_id)
    if not rnd.allow_name_pick:
        return []
    return [(p.id, p.name) for p in store.participants.list()]


def open_round_or_fail(store: Store, round_id: str) -> BallotRound:
    try:
        rnd = store.rounds.get(round_id)
    except NotFound:
        raise RoundClosed(t("ranking.error.no_round")) from None
    if rnd.status != "open":
        raise RoundClosed(t("ranking.error.closed", title=rnd.title))
    return rnd


def start_ballot(store: Store, round_id: str, code: str | None = None, *,
                 participant_id: str | None = None, token: str | None = None,
                 station: voters.Station | None = None) -> Ballot:
    """The ballot of the voter with this ``code`` (or personal-link ``token``; or, if the round
    allows picking a name, ``participant_id`` — with ``code`` when they voted before), holding
    their own earlier answers and nobody else's. A credential that does not open a ballot now
    raises :class:`voters.NotValid`, whatever the reason; other problems :class:`BallotError`."""
    rnd = open_round_or_fail(store, round_id)
    if participant_id is not None:
        if not rnd.allow_name_pick:
            raise BallotError(t("ranking.error.no_name_pick"))
        try:
            voter = voters.voter_of(store, rnd.id, participant_id)
        except NotFound:
            raise voters.NotValid() from None
        voter = voters.by_name(store, rnd, participant_id, code,
                               has_ballot=bool(_answers(store, round_id, voter.id)))
    elif token is not None:
        voter = voters.by_token(store, rnd, token)
    else:
        if not credentials.normalise_code(code or ""):
            raise BallotError(t("ranking.error.no_code"))
        voter = voters.by_code(store, rnd, code or "", station or voters.Station())
    return _ballot(store, rnd, voter.id)


def ballot_for(store: Store, round_id: str, voter_id: str, *, shown: bool = True) -> Ballot:
    """The ballot of a voter who proved their credential before (a phone's session). With
    ``shown=False`` only what checking and storing a vote needs (no tasks, no order): the
    room's write path, where sixty phones at once make every query count."""
    return _ballot(store, open_round_or_fail(store, round_id), voter_id, shown)


def _ballot(store: Store, rnd: BallotRound, voter_id: str, shown: bool = True) -> Ballot:
    items = _items(store, rnd, voter_id) if shown else [
        BallotItem(row[0], "", "", []) for row in _item_ids(store, rnd.id)]
    if not items:  # every dataset of the round was deleted since it opened
        raise BallotError(t("ranking.error.no_items"))
    return Ballot(rnd, voter_id, items, _answers(store, rnd.id, voter_id))


def _items(store: Store, rnd: BallotRound, voter_id: str) -> list[BallotItem]:
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
        order = ranking.ballot_order(order, voter_id, rnd.id)
    return [items[ds] for ds in order]


def _item_ids(store: Store, round_id: str) -> list[tuple]:
    with store._lock:
        return store.conn.execute(
            "SELECT ri.dataset_id FROM round_item ri JOIN dataset d ON d.id = ri.dataset_id "
            "WHERE ri.round_id = ? AND ri.deleted_at IS NULL AND d.deleted_at IS NULL",
            [round_id]).fetchall()


def _answers(store: Store, round_id: str, voter_id: str) -> dict[tuple[str, str], float | None]:
    rows = store.query("SELECT dataset_id, criterion, value, skipped FROM vote WHERE round_id = ? "
                       "AND ballot_code = ? AND deleted_at IS NULL", [round_id, voter_id])
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
        raise RoundClosed(t("ranking.error.no_round"))
    if row[0] != "open":
        raise RoundClosed(t("ranking.error.closed_now"))


def record_vote(store: Store, round_id: str, voter_id: str, dataset_id: str, criterion: str,
                value: float | None = None, skipped: bool = False) -> None:
    """Store (or revise) one answer, after checking it against the round's rules."""
    _record(store, store.rounds.get(round_id), voter_id, dataset_id, criterion, value, skipped)


def _checked_score(rnd: BallotRound, criterion: str, value: float | None,
                   skipped: bool, criteria: Sequence[str] | None = None) -> float | None:
    """The value to store for one answer of a score ballot (None: a skip), or why not."""
    if rnd.kind != "score":
        raise BallotError(t("ranking.error.wrong_kind"))
    if criterion not in (criteria if criteria is not None else criteria_of(rnd)):
        raise ValidationError("criterion", t("ranking.error.criterion", criterion=criterion))
    if skipped:
        if not rnd.allow_skip:
            raise BallotError(t("ranking.error.no_skip"))
        return None
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) \
            or value != int(value) or not rnd.scale_min <= value <= rnd.scale_max:
        raise ValidationError("value", t("ranking.error.value", low=rnd.scale_min,
                                         high=rnd.scale_max))
    return float(value)


def _record(store: Store, rnd: BallotRound, voter_id: str, dataset_id: str, criterion: str,
            value: float | None, skipped: bool) -> None:
    value = _checked_score(rnd, criterion, value, skipped)

    def work(conn: sqlite3.Connection) -> None:
        _check_open(conn, rnd.id)
        if conn.execute("SELECT 1 FROM round_item WHERE round_id = ? AND dataset_id = ? "
                        "AND deleted_at IS NULL", [rnd.id, dataset_id]).fetchone() is None:
            raise ValidationError("dataset", t("ranking.error.not_in_round"))
        stamp = now()
        conn.execute(_UPSERT, [new_id(), stamp, stamp, rnd.id, voter_id, dataset_id, criterion,
                               value, int(skipped)])

    _write(store, work)


def save_scores(store: Store, ballot: Ballot,
                answers: Mapping[tuple[str, str], float | None]) -> None:
    """Many answers of a score ballot at once (a phone sends its whole ballot): all of them are
    checked first and stored in one transaction, or none is."""
    known = {item.dataset_id for item in ballot.items}
    criteria = ballot.criteria
    values = {}
    for (ds, criterion), value in answers.items():
        if ds not in known:
            raise ValidationError("dataset", t("ranking.error.not_in_round"))
        values[(ds, criterion)] = _checked_score(ballot.round, criterion, value, value is None,
                                                 criteria)

    def work(conn: sqlite3.Connection) -> None:
        _check_open(conn, ballot.round.id)
        stamp = now()
        ids = new_ids(len(values))
        conn.executemany(_UPSERT, [
            (key, stamp, stamp, ballot.round.id, ballot.voter_id, ds, criterion, v,
             int(v is None)) for key, ((ds, criterion), v) in zip(ids, values.items())])

    _write(store, work)
    ballot.answers.update(values)


def cast_vote(store: Store, ballot: Ballot, dataset_id: str, criterion: str,
              value: int) -> None:
    """A score for one dataset on one criterion; a second call revises it."""
    _record(store, ballot.round, ballot.voter_id, dataset_id, criterion, value, False)
    ballot.answers[(dataset_id, criterion)] = float(value)


def skip(store: Store, ballot: Ballot, dataset_id: str, criterion: str) -> None:
    _record(store, ballot.round, ballot.voter_id, dataset_id, criterion, None, True)
    ballot.answers[(dataset_id, criterion)] = None


def _save_all(store: Store, ballot: Ballot, criterion: str,
              values: Mapping[str, float | None], undecided: Iterable[str] = ()) -> None:
    """Store a whole list ballot: a value or a skip (None) per decided item; rows of items
    that are undecided again are taken away, so a draft never looks decided."""
    undecided = list(undecided)

    def work(conn: sqlite3.Connection) -> None:
        _check_open(conn, ballot.round.id)
        stamp = now()
        conn.executemany(_UPSERT, [
            (new_id(), stamp, stamp, ballot.round.id, ballot.voter_id, ds, criterion, v,
             int(v is None)) for ds, v in values.items()])
        conn.executemany(
            "UPDATE vote SET deleted_at = ?, updated_at = ? WHERE round_id = ? AND ballot_code = ? "
            "AND dataset_id = ? AND criterion = ? AND deleted_at IS NULL",
            [(stamp, stamp, ballot.round.id, ballot.voter_id, ds, criterion) for ds in undecided])

    _write(store, work)
    for ds, v in values.items():
        ballot.answers[(ds, criterion)] = v
    for ds in undecided:
        ballot.answers.pop((ds, criterion), None)


def save_ranking(store: Store, ballot: Ballot, order: Sequence[str],
                 skipped: Iterable[str] = ()) -> None:
    """A rank ballot: ``order`` best first, ``skipped`` left out on purpose; the datasets in
    neither are undecided, and the ballot stays a draft until there are none."""
    if ballot.kind != "rank":
        raise BallotError(t("ranking.error.wrong_kind"))
    skipped = list(skipped)
    known = [item.dataset_id for item in ballot.items]
    chosen = list(order) + skipped
    if len(set(chosen)) != len(chosen) or not set(chosen) <= set(known):
        raise ValidationError("order", t("ranking.error.bad_order"))
    if skipped and not ballot.allow_skip:
        raise ValidationError("order", t("ranking.error.rank_all"))
    values: dict[str, float | None] = {ds: float(i) for i, ds in enumerate(order, start=1)}
    values.update({ds: None for ds in skipped})
    _save_all(store, ballot, RANK, values, [ds for ds in known if ds not in values])


def save_points(store: Store, ballot: Ballot, allocation: Mapping[str, int],
                skipped: Iterable[str] = ()) -> None:
    """A points ballot: at most the budget in all, at most the cap per dataset. Datasets neither
    given points (0 included) nor skipped are undecided: the ballot stays a draft."""
    if ballot.kind != "points":
        raise BallotError(t("ranking.error.wrong_kind"))
    rnd = ballot.round
    skipped = [ds for ds in skipped if ds not in allocation]
    if skipped and not ballot.allow_skip:
        raise BallotError(t("ranking.error.no_skip"))
    known = [item.dataset_id for item in ballot.items]
    problem = points_problem(allocation, rnd.points_budget, rnd.points_cap)
    if problem is None and (ranking.validate_points(allocation, rnd.points_budget, rnd.points_cap,
                                                    known) or not set(skipped) <= set(known)):
        problem = t("ranking.error.not_in_round")
    if problem:
        raise ValidationError("points", problem)
    values: dict[str, float | None] = {ds: float(p) for ds, p in allocation.items()}
    values.update({ds: None for ds in skipped})
    _save_all(store, ballot, POINTS, values, [ds for ds in known if ds not in values])
