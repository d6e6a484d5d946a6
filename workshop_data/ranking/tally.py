"""The tally of a ballot round: results, the table the results screen and the command line
show, the priority chart's points, and the text and JSON forms of ``datatrip results``.

The maths (mean, median, IQR, Borda, points, ties) is in :mod:`workshop_data.ranking.maths`; taking
the ballots is in :mod:`workshop_data.ranking.ballots`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import maths as ranking
from .rounds import POINTS, RANK, ballot_states, criteria_of, criterion_label
from ..common.i18n import decimal, t, tn
from ..common.model import BallotRound
from ..common.store import Store


class _Vote(NamedTuple):  # what ranking.score_results reads of a ranking.Vote, built cheaply
    code: str
    dataset_id: str
    criterion: str
    value: float | None
    skipped: int


@dataclass
class RoundResults:
    round: BallotRound
    criteria: list[str]
    titles: dict[str, str]
    dataset_ids: list[str]
    n_ballots: int  # counted: a choice or an explicit skip for every item
    n_skipped: int = 0  # ballots that skipped every item
    n_drafts: int = 0   # begun, not finished: left out of the results
    scores: list[ranking.DatasetResult] = field(default_factory=list)
    borda: list[ranking.BordaResult] = field(default_factory=list)
    points: list[ranking.PointsResult] = field(default_factory=list)
    n_ranked: dict[str, int] = field(default_factory=dict)  # rank: ballots that ranked it

    @property
    def kind(self) -> str:
        return self.round.kind

    @property
    def scale(self) -> tuple[int, int]:
        return self.round.scale_min, self.round.scale_max


def _fetch(store: Store, sql: str, params: Sequence[Any]) -> list[tuple]:
    # Plain tuples: building 30,000 dicts would cost more than the maths.
    with store._lock:
        return store.conn.execute(sql, params).fetchall()


def results(store: Store, round_id: str) -> RoundResults:
    """Load the round's votes and compute its results with :mod:`ranking`."""
    rnd = store.rounds.get(round_id)
    rows = _fetch(store, "SELECT d.id, d.title FROM round_item ri JOIN dataset d "
                         "ON d.id = ri.dataset_id WHERE ri.round_id = ? AND ri.deleted_at IS NULL "
                         "AND d.deleted_at IS NULL ORDER BY d.title COLLATE NOCASE", [round_id])
    titles = dict(rows)
    ids = list(titles)
    states = ballot_states(store, round_id)
    counted = {voter for voter, state in states.items() if state == "counted"}
    votes = [v for v in _fetch(store, "SELECT ballot_code, dataset_id, criterion, value, skipped "
                                      "FROM vote WHERE round_id = ? AND deleted_at IS NULL",
                               [round_id]) if v[0] in counted]
    criteria = criteria_of(rnd)
    drafts = sum(state == "draft" for state in states.values())
    out = RoundResults(rnd, criteria, titles, ids, len(counted),
                       n_skipped=len(states) - len(counted) - drafts, n_drafts=drafts)
    if rnd.kind == "score":
        out.scores = ranking.score_results(map(_Vote._make, votes), ids, criteria,
                                           (rnd.scale_min, rnd.scale_max))
    elif rnd.kind == "rank":
        ballots: dict[str, list[tuple[float, str]]] = {}
        for code, ds, criterion, value, skipped in votes:
            if criterion == RANK and not skipped and value is not None:
                ballots.setdefault(code, []).append((value, ds))
        rankings = {code: [ds for _, ds in sorted(b)] for code, b in ballots.items()}
        out.borda = ranking.borda(rankings, ids)
        out.n_ranked = dict.fromkeys(ids, 0)
        for order in rankings.values():
            for ds in set(order) & out.n_ranked.keys():
                out.n_ranked[ds] += 1
    else:
        allocations: dict[str, dict[str, int]] = {}
        for code, ds, criterion, value, skipped in votes:
            if criterion == POINTS and not skipped and value:
                allocations.setdefault(code, {})[ds] = int(value)
        out.points = ranking.points_results(allocations, ids, rnd.points_budget, rnd.points_cap)
    return out


# -- the table the results screen and the command line show -----------------------------------

SCORE_STATS = ("median", "mean", "n_votes", "iqr", "share_skipped")


@dataclass(frozen=True)
class Column:
    key: str            # "rank", "title", "interest:median", "borda", ...
    label: str          # the header: two lines, the criterion over its first statistic
    name: str           # one line, e.g. "interest mean"
    numeric: bool = True
    criterion: str | None = None
    stat: str | None = None


@dataclass
class TableRow:
    dataset_id: str
    cells: list[str]                               # one per column, formatted
    flagged: set[str] = field(default_factory=set)  # column keys marked for disagreement


@dataclass
class ResultsTable:
    columns: list[Column]
    rows: list[TableRow]
    sort: str
    descending: bool

    def sortable(self) -> list[str]:
        return [c.key for c in self.columns if c.key != "rank"]


def number(value: float | None, decimals: int) -> str:
    return "–" if value is None else decimal(value, decimals)


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def columns(res: RoundResults) -> list[Column]:
    dataset = t("ranking.col.dataset")
    cols = [Column("rank", "\n#", "#"), Column("title", "\n" + dataset, dataset, numeric=False)]
    if res.kind == "score":
        for c in res.criteria:
            name = criterion_label(c)
            for i, stat in enumerate(SCORE_STATS):
                label = t(f"ranking.stat.{stat}")
                cols.append(Column(f"{c}:{stat}", (name if i == 0 else "") + "\n" + label,
                                   f"{name} {label}", criterion=c, stat=stat))
    else:
        keys = ("borda", "n_ranked") if res.kind == "rank" else ("points", "supporters", "share")
        for key in keys:
            label = t(f"ranking.col.{key}")
            cols.append(Column(key, "\n" + label, label))
    return cols


def default_sort(res: RoundResults) -> str:
    return {"score": f"{res.criteria[0]}:median", "rank": "borda", "points": "points"}[res.kind]


def _competition(values: list[Any], flipped: bool = False) -> list[str]:
    """Rank labels for values in display order, sorted on them with ``None`` last: "1", "=2",
    "=2", "4"; "" for ``None``. ``flipped``: shown worst first, still ranked best first."""
    known = [v for v in values if v is not None]
    if flipped:
        known.reverse()
    counts: dict[Any, int] = {}
    for v in known:
        counts[v] = counts.get(v, 0) + 1
    labels, rank, previous = [], 0, object()
    for i, v in enumerate(known):
        if v != previous:
            rank, previous = i + 1, v
        labels.append(("=" if counts[v] > 1 else "") + str(rank))
    if flipped:
        labels.reverse()
    return labels + [""] * (len(values) - len(known))


def results_table(res: RoundResults, sort: str | None = None,
                  descending: bool | None = None) -> ResultsTable:
    """The results as rows of text, sorted by the column ``sort`` (its natural direction unless
    ``descending`` is given). The ``#`` column ranks on the sort column, best first however the
    rows run, ties shown as "=3"; on a criterion's median it is the official rank (median, then
    mean), and on the Borda score or the points total the rank of :mod:`ranking`."""
    cols = columns(res)
    keys = {c.key: c for c in cols}
    sort = sort if sort in keys and sort != "rank" else default_sort(res)
    natural = sort != "title"
    descending = natural if descending is None else descending
    column = keys[sort]
    titles = res.titles
    if res.kind == "score":
        by_id = {r.dataset_id: r for r in res.scores}
        if sort == "title":
            ordered = ranking.sort_results(res.scores, "title", titles=titles,
                                           descending=descending)
        elif column.stat == "median":
            ordered = ranking.sort_results(res.scores, "rank", column.criterion,
                                           descending=not descending)
        else:
            ordered = ranking.sort_results(res.scores, column.stat, column.criterion,
                                           descending=descending)
        if column.stat == "median":
            c = column.criterion
            ranks = [("=" if r.tied[c] else "") + str(r.rank[c]) if r.rank[c] else ""
                     for r in ordered]
        elif sort == "title":
            ranks = [""] * len(ordered)
        else:
            ranks = _competition([getattr(r.stats[column.criterion], column.stat)
                                  for r in ordered], flipped=not descending)
        rows = []
        for r, rank in zip(ordered, ranks):
            cells, flagged = [rank, titles.get(r.dataset_id, r.dataset_id)], set()
            for col in cols[2:]:
                st = by_id[r.dataset_id].stats[col.criterion]
                cells.append(_stat_text(st, col.stat))
                if col.stat == "iqr" and st.spread_flag:
                    flagged.add(col.key)
            rows.append(TableRow(r.dataset_id, cells, flagged))
        return ResultsTable(cols, rows, sort, descending)

    if res.kind == "rank":
        base = [(b.dataset_id, {"borda": b.score, "n_ranked": res.n_ranked.get(b.dataset_id, 0)},
                 b.rank, b.tied) for b in res.borda]
        shown = {"borda": str, "n_ranked": str}
    else:
        total = sum(p.total for p in res.points) or None
        base = [(p.dataset_id, {"points": p.total, "supporters": p.n_supporters,
                                "share": p.total / total if total else None}, p.rank, p.tied)
                for p in res.points]
        shown = {"points": str, "supporters": str, "share": percent}
    if sort == "title":
        base.sort(key=lambda b: titles.get(b[0], b[0]).casefold(), reverse=descending)
        ranks = [""] * len(base)
    else:
        present = [b for b in base if b[1][sort] is not None]
        present.sort(key=lambda b: b[1][sort], reverse=descending)
        base = present + [b for b in base if b[1][sort] is None]
        if sort == default_sort(res):
            ranks = [("=" if b[3] else "") + str(b[2]) for b in base]
        else:
            ranks = _competition([b[1][sort] for b in base], flipped=not descending)
    rows = [TableRow(ds, [rank, titles.get(ds, ds)]
                     + [shown[c.key](values[c.key]) for c in cols[2:]])
            for (ds, values, _r, _t), rank in zip(base, ranks)]
    return ResultsTable(cols, rows, sort, descending)


def _stat_text(st: ranking.CriterionStats, stat: str) -> str:
    if stat == "n_votes":
        return str(st.n_votes)
    if stat == "share_skipped":
        return percent(st.share_skipped)
    if stat == "mean":
        return number(st.mean, 2)
    if stat == "iqr":
        return ("! " if st.spread_flag else "") + number(st.iqr, 1)
    return number(getattr(st, stat), 1)


# -- the priority chart ------------------------------------------------------------------------

#: The quadrants in the order they are listed (legend, command line).
QUADRANT_ORDER = ("act_now", "quick_wins", "build_interest", "park", "unrated")


@dataclass
class ChartPoint:
    dataset_id: str
    title: str
    x: float | None  # median interest
    y: float | None  # median importance
    quadrant: str


def chart_axes(res: RoundResults) -> tuple[str, str] | None:
    """(x criterion, y criterion) of the priority chart: interest x importance when the round
    has them, else its first two criteria; None when there is no chart to draw."""
    if res.kind != "score" or len(res.criteria) < 2:
        return None
    if "interest" in res.criteria and "importance" in res.criteria:
        return "interest", "importance"
    return res.criteria[0], res.criteria[1]


def chart_points(res: RoundResults) -> list[ChartPoint]:
    axes = chart_axes(res)
    if axes is None:
        return []
    cx, cy = axes
    points = []
    for r in res.scores:
        x, y = r.stats[cx].median, r.stats[cy].median
        points.append(ChartPoint(r.dataset_id, res.titles.get(r.dataset_id, r.dataset_id), x, y,
                                 ranking.priority_quadrant(x, y, res.scale)))
    return points


# -- for the command line --------------------------------------------------------------------


def counts_text(res: RoundResults) -> str:
    """``12 ballots counted · 1 skipped · 2 drafts (not counted)``: what the results rest on."""
    parts = [tn("ranking.ballots", res.n_ballots)]
    if res.n_skipped:
        parts.append(tn("ranking.ballots_skipped", res.n_skipped))
    if res.n_drafts:
        parts.append(tn("ranking.ballots_draft", res.n_drafts))
    return " · ".join(parts)


def format_results(res: RoundResults, title_width: int = 40) -> str:
    """The results as the results screen shows them: the table, then the chart's quadrants."""
    rnd = res.round
    table = results_table(res)
    status = t("ranking.open") if rnd.status == "open" else t("ranking.closed")
    lines = [f"{rnd.title} · {t(f'ranking.kind.{rnd.kind}')} · {status} · "
             f"{counts_text(res)}", ""]
    cells = [[_cut(row.cells[0], 99)] + [_cut(row.cells[1], title_width)] + row.cells[2:]
             for row in table.rows]
    heads = [col.label.split("\n") for col in table.columns]
    widths = [max([len(h) for h in head] + [len(r[i]) for r in cells])
              for i, head in enumerate(heads)]
    for line in (0, 1):  # the criterion starts its group; each statistic over its numbers
        lines.append(" ".join(head[line].ljust(w) if line == 0 or not col.numeric
                              else head[line].rjust(w)
                              for head, w, col in zip(heads, widths, table.columns)).rstrip())
    for row in cells:
        lines.append(" ".join(c.ljust(w) if not col.numeric else c.rjust(w)
                              for c, w, col in zip(row, widths, table.columns)).rstrip())
    if res.kind == "score":
        lo, hi = res.scale
        lines += ["", "! " + t("ranking.results.disagreement",
                               threshold=number(ranking.DISAGREEMENT_SHARE * (hi - lo), 1))]
    points = chart_points(res)
    if points:
        lines += ["", t("ranking.chart.title")]
        for quadrant in QUADRANT_ORDER:
            titles = [p.title for p in points if p.quadrant == quadrant]
            if titles:
                lines.append(f"{t(f'ranking.quadrant.{quadrant}').upper()}: "
                             + "; ".join(sorted(titles, key=str.casefold)))
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def results_json(res: RoundResults) -> dict[str, Any]:
    rnd = res.round
    out: dict[str, Any] = {
        "round": {"id": rnd.id, "title": rnd.title, "kind": rnd.kind, "status": rnd.status,
                  "revealed": bool(rnd.revealed), "criteria": res.criteria,
                  "scale": [rnd.scale_min, rnd.scale_max], "ballots": res.n_ballots,
                  "skipped_ballots": res.n_skipped, "draft_ballots": res.n_drafts},
        "results": [],
    }
    if res.kind == "score":
        quadrants = {p.dataset_id: p.quadrant for p in chart_points(res)}
        for r in res.scores:
            entry = {"dataset_id": r.dataset_id, "title": res.titles.get(r.dataset_id),
                     "criteria": {c: {**_stats_dict(r.stats[c]), "rank": r.rank[c],
                                      "tied": r.tied[c]} for c in res.criteria}}
            if quadrants:
                entry["quadrant"] = quadrants[r.dataset_id]
            out["results"].append(entry)
    elif res.kind == "rank":
        out["results"] = [{"dataset_id": b.dataset_id, "title": res.titles.get(b.dataset_id),
                           "borda": b.score, "ranked_by": res.n_ranked.get(b.dataset_id, 0),
                           "rank": b.rank, "tied": b.tied} for b in res.borda]
    else:
        out["round"].update(budget=rnd.points_budget, cap=rnd.points_cap)
        out["results"] = [{"dataset_id": p.dataset_id, "title": res.titles.get(p.dataset_id),
                           "points": p.total, "supporters": p.n_supporters, "rank": p.rank,
                           "tied": p.tied} for p in res.points]
    return out


def _stats_dict(st: ranking.CriterionStats) -> dict[str, Any]:
    return {"mean": st.mean, "median": st.median, "n_votes": st.n_votes, "q1": st.q1,
            "q3": st.q3, "iqr": st.iqr, "n_skipped": st.n_skipped,
            "share_skipped": st.share_skipped, "high_disagreement": st.spread_flag}
