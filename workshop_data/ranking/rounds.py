"""Ballot rounds: what is scored, over which datasets, and who has voted in them.

A facilitator *opens* a round over a set of datasets (all, or those with a status / of a
department) with criteria (default interest and importance), a scale, and rules: skip allowed, a
participant may pick their name instead of typing their code, a random order per participant.
Three kinds: ``score`` (a number per dataset and criterion), ``rank`` (an order, scored with
Borda) and ``points`` (a budget with a cap per dataset). The ballots themselves are in
:mod:`workshop_data.ranking.ballots`, the credentials that open them in :mod:`workshop_data.ranking.voters`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import maths as ranking, voters
from ..common.clock import new_id, now
from ..common.errors import ValidationError
from ..common.i18n import LANGUAGES, catalogue, t
from ..common.model import STATUSES, BallotRound
from ..common.store import Store

KINDS = ("score", "rank", "points")
RANK = "rank"      # the criterion of a rank ballot's rows
POINTS = "points"  # the criterion of a points ballot's rows
#: Criteria with a translated name (``ranking.criterion.<key>``); others are shown as typed.
KNOWN_CRITERIA = ("interest", "importance", RANK, POINTS)
SCALE_LIMITS = (0, 9)  # a score is one key press


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
    voters.issue(store, rnd.id)  # every participant's credential exists from the start
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
    """Every round, newest first, with its number of datasets and of ballots counted."""
    items = {r["round_id"]: r["n"] for r in store.query(
        "SELECT round_id, count(*) AS n FROM round_item WHERE deleted_at IS NULL "
        "GROUP BY round_id")}
    rounds = store.rounds.list(order_by="created_at DESC")
    return [RoundInfo(r, items.get(r.id, 0),
                      sum(state == "counted" for state in ballot_states(store, r.id).values()))
            for r in rounds]


def latest_round(store: Store) -> BallotRound | None:
    rounds = store.rounds.list(order_by="created_at DESC")
    return rounds[0] if rounds else None


def ballot_states(store: Store, round_id: str) -> dict[str, str]:
    """``voter id -> "counted" | "skipped" | "draft"`` for everyone who has begun a ballot.

    A ballot counts when it has a choice or an explicit skip for every item (and criterion) of
    the round; one that skips everything is a skipped ballot; anything less is a draft, which
    the results leave out. Counted by SQLite: 30,000 votes are a few milliseconds."""
    rnd = store.rounds.get(round_id)
    criteria = criteria_of(rnd)
    marks = ", ".join("?" for _ in criteria)
    with store._lock:
        n_items = store.conn.execute(
            "SELECT count(*) FROM round_item ri JOIN dataset d ON d.id = ri.dataset_id "
            "WHERE ri.round_id = ? AND ri.deleted_at IS NULL AND d.deleted_at IS NULL",
            [round_id]).fetchone()[0]
        rows = store.conn.execute(
            "SELECT v.ballot_code, count(*), total(v.skipped = 0) FROM vote v "
            "JOIN round_item ri ON ri.round_id = v.round_id AND ri.dataset_id = v.dataset_id "
            "AND ri.deleted_at IS NULL JOIN dataset d ON d.id = v.dataset_id "
            f"AND d.deleted_at IS NULL WHERE v.round_id = ? AND v.deleted_at IS NULL "
            f"AND v.criterion IN ({marks}) GROUP BY v.ballot_code",
            [round_id, *criteria]).fetchall()
    needed = n_items * len(criteria)
    return {voter_id: ("draft" if n < needed else "counted" if chose else "skipped")
            for voter_id, n, chose in rows}


def turnout(store: Store, round_id: str) -> list[tuple[str, str, str]]:
    """``(participant id, name, state)`` of every participant, by name; state ``counted``,
    ``skipped``, ``draft`` or ``""`` (not yet). What the projector may show while people vote:
    names, never scores."""
    voters.issue(store, round_id)
    states = ballot_states(store, round_id)
    return [(r["pid"], r["name"], states.get(r["id"], "")) for r in store.query(
        "SELECT p.id AS pid, p.name, v.id FROM voter v JOIN participant p ON p.id = v.participant_id "
        "WHERE v.round_id = ? AND v.deleted_at IS NULL AND p.deleted_at IS NULL "
        "ORDER BY p.name COLLATE NOCASE", [round_id])]
