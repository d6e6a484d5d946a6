"""The aggregates of every ballot round, for the ranking table and the report.

Votes are grouped here by the ballot code they were cast under, but no code leaves this module:
the rows it returns hold datasets, criteria and statistics only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ..ranking import maths as ranking
from ..common.store import Store
from .columns import Column, Table

MIN_PUBLIC_VOTES = 3


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


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


def results_table(trip, results: list[RoundResult]) -> Table:
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


