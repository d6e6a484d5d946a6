"""Ranking maths for ballot rounds: scores, ranks, Borda counts, dot voting, ballot order.

Pure Python (stdlib only) and free of I/O: the screens call these functions again on every vote, so
a round of 300 datasets x 50 participants x 2 criteria (30,000 votes) is recomputed in about
10 ms on CPython 3.11. The score loop avoids per-vote tuple keys and per-value Python loops.

Conventions shared by every function here
-----------------------------------------
* **Competition ranking ("1224").** Rank = 1 + the number of items that are strictly better. Items
  with equal sort keys share a rank and are reported with ``tied=True``; the next rank skips.
  Keys are compared exactly (no tolerance, so the relation stays transitive). Means are computed
  with :func:`math.fsum`, which is exactly rounded, so two datasets whose vote totals give the same
  true mean (e.g. integer votes 2,4 and 3,3) always compare equal.
* **Output order.** :func:`score_results` keeps the order of ``dataset_ids``. :func:`borda` and
  :func:`points_results` return best first, ties in the order of ``dataset_ids``.
* Unknown dataset ids or criteria in the input are ignored by the scoring functions (a vote for a
  dataset that was removed from the round must not break the tally). A dataset id repeated in
  ``dataset_ids`` is only kept at its first position.

Scale ballots (:func:`score_results`)
-------------------------------------
* **Revisions.** When a participant voted several times on the same (dataset, criterion), the
  *last* vote in the input wins; pass votes in the order they were cast.
* **Skips.** A vote with ``skipped=True`` or with ``value=None`` counts as a skip; its value is
  never used. ``share_skipped = n_skipped / (n_votes + n_skipped)``, ``None`` when nobody looked
  at the item.
* **Quartiles.** ``q1``, ``median`` and ``q3`` use the *inclusive* method, i.e. exactly what
  ``statistics.quantiles(values, n=4, method="inclusive")`` returns (linear interpolation between
  order statistics, the default of R, numpy and spreadsheets' ``QUARTILE.INC``). With one vote
  ``q1 = median = q3 = value`` and ``iqr = 0``; with no votes every statistic is ``None``.
  ``statistics.quantiles`` itself is not called: the groups are sorted once and the same formula is
  applied by hand, which is several times faster.
* **Disagreement.** ``spread_flag`` is true when at least two people voted and
  ``iqr >= disagreement_iqr``. The default threshold is 40 % of the scale range (1.6 on a 1-5
  scale: e.g. 1,1,5,5 has iqr 4 and is flagged; 2,3,3,4 has iqr 0.5 and is not). A single voter is
  never disagreement.
* **Rank.** Per criterion, by median (higher is better), then mean. Datasets without any vote on a
  criterion are *not ranked*: ``rank[criterion] is None`` and ``tied[criterion] is False``.
* Values outside ``scale`` (or not finite) raise :class:`BallotDataError`: they can only come from
  a bug or a corrupted trip file, and silently dropping them would change the result.

Rank ballots (:func:`borda`)
----------------------------
With ``n = len(dataset_ids)`` items in the round, a participant's first choice gets ``n - 1``
points, the second ``n - 2``, and so on. Items the participant did not rank get 0 points, and a
partial ballot still counts from ``n - 1`` downwards (so ranking only one's top three gives them
``n-1, n-2, n-3``). Ids not in ``dataset_ids`` are dropped from the ballot *before* positions are
counted; a repeated id only counts at its first position.

Points ballots (:func:`validate_points`, :func:`points_results`)
----------------------------------------------------------------
Each participant distributes at most ``budget`` points (leaving points unspent is allowed), each
item receiving a whole, non-negative number of points, at most ``cap`` (``None``: no cap).
Ranking is by total points, then nothing else (equal totals are ties).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..common.errors import ValidationError

__all__ = [
    "DEFAULT_CRITERIA",
    "DEFAULT_SCALE",
    "DEFAULT_BUDGET",
    "DISAGREEMENT_SHARE",
    "QUADRANTS",
    "SORT_KEYS",
    "BallotDataError",
    "Vote",
    "CriterionStats",
    "DatasetResult",
    "BordaResult",
    "PointsResult",
    "score_results",
    "criterion_stats",
    "sort_results",
    "priority_quadrant",
    "borda",
    "validate_points",
    "points_results",
    "ballot_order",
]

DEFAULT_CRITERIA: tuple[str, ...] = ("interest", "importance")
DEFAULT_SCALE: tuple[int, int] = (1, 5)
DEFAULT_BUDGET = 100
#: Default high-disagreement threshold, as a share of the scale range (``hi - lo``).
DISAGREEMENT_SHARE = 0.4


class BallotDataError(ValidationError, ValueError):
    """Ballot data that cannot be scored (a value off the scale, an invalid points allocation)."""


# --------------------------------------------------------------------------------------------
# Scale ballots
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vote:
    """One participant's answer for one dataset and one criterion."""

    code: str
    dataset_id: str
    criterion: str
    value: float | None = None
    skipped: bool = False


@dataclass(frozen=True, slots=True)
class CriterionStats:
    """Statistics of one dataset on one criterion. All the ``float`` fields are ``None`` when
    ``n_votes == 0``; ``share_skipped`` is ``None`` when ``n_votes + n_skipped == 0``."""

    n_votes: int
    n_skipped: int
    share_skipped: float | None
    mean: float | None
    median: float | None
    q1: float | None
    q3: float | None
    iqr: float | None
    spread_flag: bool


@dataclass(slots=True)
class DatasetResult:
    """Per-criterion statistics, rank (``None``: no votes, not ranked) and tie flag."""

    dataset_id: str
    stats: dict[str, CriterionStats]
    rank: dict[str, int | None]
    tied: dict[str, bool]


def _quartiles(s: list[float]) -> tuple[float, float, float]:
    """(q1, median, q3) of a sorted, non-empty list; same numbers as
    ``statistics.quantiles(s, n=4, method="inclusive")`` (and the plain median)."""
    n = len(s)
    if n == 1:
        v = s[0]
        return v, v, v
    m = n - 1
    # statistics.quantiles, inclusive: j, delta = divmod(i * m, 4); (s[j]*(4-delta) + s[j+1]*delta) / 4
    j, d = divmod(m, 4)
    q1 = (s[j] * (4 - d) + s[j + 1] * d) / 4 if d else s[j]
    j, d = divmod(3 * m, 4)
    q3 = (s[j] * (4 - d) + s[j + 1] * d) / 4 if d else s[j]
    h = n // 2
    med = s[h] if n % 2 else (s[h - 1] + s[h]) / 2
    return q1, med, q3


def criterion_stats(
    values: Iterable[float],
    n_skipped: int = 0,
    scale: tuple[float, float] = DEFAULT_SCALE,
    disagreement_iqr: float | None = None,
) -> CriterionStats:
    """Statistics of one group of values (already deduplicated, skips excluded)."""
    s = sorted(values)
    return _stats(s, n_skipped, _threshold(scale, disagreement_iqr))


def _threshold(scale: tuple[float, float], disagreement_iqr: float | None) -> float:
    lo, hi = scale
    if not hi > lo:
        raise ValueError(f"scale must be (low, high) with low < high, got {scale!r}")
    return DISAGREEMENT_SHARE * (hi - lo) if disagreement_iqr is None else disagreement_iqr


def _stats(s: list[float], n_skipped: int, threshold: float) -> CriterionStats:
    n = len(s)
    total = n + n_skipped
    share = n_skipped / total if total else None
    if not n:
        return CriterionStats(0, n_skipped, share, None, None, None, None, None, False)
    q1, med, q3 = _quartiles(s)
    iqr = q3 - q1
    return CriterionStats(
        n, n_skipped, share, math.fsum(s) / n, med, q1, q3, iqr, n >= 2 and iqr >= threshold
    )


def _competition_ranks(keys: Sequence[Any]) -> tuple[list[int], list[bool]]:
    """Competition ranks ("1224") for ``keys`` where *greater is better*; (ranks, tied)."""
    order = sorted(range(len(keys)), key=keys.__getitem__, reverse=True)
    ranks = [0] * len(keys)
    tied = [False] * len(keys)
    i = 0
    while i < len(order):
        k = keys[order[i]]
        j = i + 1
        while j < len(order) and keys[order[j]] == k:
            j += 1
        is_tie = j - i > 1
        for idx in order[i:j]:
            ranks[idx] = i + 1
            tied[idx] = is_tie
        i = j
    return ranks, tied


def score_results(
    votes: Iterable[Vote],
    dataset_ids: Sequence[str],
    criteria: Sequence[str] = DEFAULT_CRITERIA,
    scale: tuple[float, float] = DEFAULT_SCALE,
    disagreement_iqr: float | None = None,
) -> list[DatasetResult]:
    """Score a scale ballot round; one :class:`DatasetResult` per dataset, in ``dataset_ids`` order.

    See the module docstring for revisions, skips, quartiles, disagreement and ranking rules.
    """
    threshold = _threshold(scale, disagreement_iqr)
    lo, hi = scale
    ids = list(dict.fromkeys(dataset_ids))  # drop repeated ids, keep order
    criteria = list(dict.fromkeys(criteria))

    # groups[criterion][dataset_id][code] -> value, None for a skip; later votes overwrite
    # earlier ones, which is the "last vote wins" rule. Nested dicts avoid building a tuple key
    # per vote, the dominant cost at 30,000 votes.
    groups: dict[str, dict[str, dict[str, float | None]]] = {
        c: {ds: {} for ds in ids} for c in criteria
    }
    for v in votes:
        by_ds = groups.get(v.criterion)
        if by_ds is not None:
            by_code = by_ds.get(v.dataset_id)
            if by_code is not None:
                by_code[v.code] = None if v.skipped else v.value

    results = [DatasetResult(ds, {}, {}, {}) for ds in ids]
    for c in criteria:
        by_ds = groups[c]
        rated: list[int] = []
        keys: list[tuple[float, float]] = []
        for i, res in enumerate(results):
            by_code = by_ds[res.dataset_id]
            vals = [x for x in by_code.values() if x is not None]
            vals.sort()
            # Range check without a Python-level loop: a NaN (or inf + -inf) makes the sum NaN,
            # and without NaNs the sorted list has its extremes at the ends.
            if vals and (vals[0] < lo or vals[-1] > hi or (t := sum(vals)) != t):
                _raise_off_scale(by_code, res.dataset_id, c, lo, hi)
            st = _stats(vals, len(by_code) - len(vals), threshold)
            res.stats[c] = st
            if st.n_votes:
                rated.append(i)
                keys.append((st.median, st.mean))  # type: ignore[arg-type]
            else:
                res.rank[c] = None
                res.tied[c] = False
        ranks, tied = _competition_ranks(keys)
        for i, r, t in zip(rated, ranks, tied):
            results[i].rank[c] = r
            results[i].tied[c] = t
    return results


def _raise_off_scale(
    by_code: Mapping[str, float | None], ds: str, criterion: str, lo: float, hi: float
) -> None:
    for code, x in by_code.items():
        if x is not None and not lo <= x <= hi:  # also true for NaN
            raise BallotDataError(
                "votes",
                f"participant {code} gave {x!r} to {ds} on {criterion}, "
                f"outside the scale {lo}-{hi}",
            )


SORT_KEYS: tuple[str, ...] = ("mean", "median", "n_votes", "iqr", "share_skipped", "rank", "title")


def sort_results(
    results: Iterable[DatasetResult],
    key: str,
    criterion: str | None = None,
    descending: bool | None = None,
    titles: Mapping[str, str] | Callable[[str], str | None] | None = None,
) -> list[DatasetResult]:
    """Return ``results`` sorted by ``key`` (one of :data:`SORT_KEYS`); ``None`` values always last.

    * ``mean``, ``median``, ``n_votes``, ``iqr``, ``share_skipped``, ``rank`` read
      ``stats[criterion]`` / ``rank[criterion]``; ``criterion`` may be omitted only when every
      result has exactly one criterion.
    * ``title`` looks up ``titles`` (a mapping or a function ``dataset_id -> title``), falling back
      to the dataset id; comparison is case-insensitive.
    * ``descending=None`` picks the natural direction: descending for the statistics, ascending for
      ``rank`` (1 first) and ``title`` (A to Z). Pass ``True``/``False`` to force it.

    The sort is stable: equal keys keep their input order.
    """
    results = list(results)
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}; expected one of {', '.join(SORT_KEYS)}")
    if descending is None:
        descending = key not in ("rank", "title")

    if key == "title":
        if titles is None:
            lookup: Callable[[str], str | None] = lambda ds: None  # noqa: E731
        elif callable(titles):
            lookup = titles
        else:
            lookup = titles.get

        def value(r: DatasetResult) -> Any:
            t = lookup(r.dataset_id)
            return (t if t else str(r.dataset_id)).casefold()

    else:
        if criterion is None:
            crits = {c for r in results for c in r.stats}
            if len(crits) > 1:
                raise ValueError(f"sorting by {key!r} needs a criterion (one of {sorted(crits)})")
            criterion = next(iter(crits), None)

        def value(r: DatasetResult) -> Any:
            if key == "rank":
                return r.rank.get(criterion)  # type: ignore[arg-type]
            st = r.stats.get(criterion)  # type: ignore[arg-type]
            return None if st is None else getattr(st, key)

    present = [(value(r), r) for r in results]
    known = [p for p in present if p[0] is not None]
    missing = [r for v, r in present if v is None]
    # reverse=True on a stable sort keeps equal elements in input order.
    known.sort(key=lambda p: p[0], reverse=descending)
    return [r for _, r in known] + missing


# --------------------------------------------------------------------------------------------
# Priority quadrant
# --------------------------------------------------------------------------------------------

#: Quadrant keys, with their meaning. "High" means *at or above the scale midpoint*.
QUADRANTS: dict[str, str] = {
    "act_now": "high importance, high interest: start here",
    "build_interest": "high importance, low interest: needs a champion or better explanation",
    "quick_wins": "low importance, high interest: easy engagement, low stakes",
    "park": "low importance, low interest: set aside for now",
    "unrated": "interest or importance has no votes yet",
}


def priority_quadrant(
    interest_median: float | None,
    importance_median: float | None,
    scale: tuple[float, float] = DEFAULT_SCALE,
) -> str:
    """Quadrant key for a dataset (see :data:`QUADRANTS`).

    The border is the scale midpoint ``(lo + hi) / 2`` (3 on a 1-5 scale); a median *equal* to the
    midpoint counts as **high**. ``None`` for either median gives ``"unrated"``.
    """
    if interest_median is None or importance_median is None:
        return "unrated"
    lo, hi = scale
    border2 = lo + hi  # compare 2*x with lo+hi: exact, no rounding of the midpoint
    high_interest = 2 * interest_median >= border2
    high_importance = 2 * importance_median >= border2
    if high_importance:
        return "act_now" if high_interest else "build_interest"
    return "quick_wins" if high_interest else "park"


# --------------------------------------------------------------------------------------------
# Rank ballots: Borda count
# --------------------------------------------------------------------------------------------


class BordaResult(NamedTuple):
    dataset_id: str
    score: int
    rank: int
    tied: bool


def borda(
    rankings: Mapping[str, Sequence[str]], dataset_ids: Sequence[str]
) -> list[BordaResult]:
    """Borda count; best first. See the module docstring for partial and odd ballots."""
    n = len(dataset_ids)
    scores: dict[str, int] = dict.fromkeys(dataset_ids, 0)
    for ballot in rankings.values():
        seen: set[str] = set()
        points = n - 1
        for ds in ballot:
            if ds in seen or ds not in scores:
                continue
            seen.add(ds)
            scores[ds] += points
            points -= 1
    ids = list(scores)  # dataset_ids without duplicates, in order
    return _ranked(ids, [scores[d] for d in ids], lambda d, s, r, t: BordaResult(d, s, r, t))


def _ranked(ids: list[str], keys: list[Any], make: Callable[..., Any]) -> list[Any]:
    ranks, tied = _competition_ranks(keys)
    order = sorted(range(len(ids)), key=lambda i: ranks[i])  # stable: ties keep input order
    return [make(ids[i], keys[i], ranks[i], tied[i]) for i in order]


# --------------------------------------------------------------------------------------------
# Points ballots: dot voting
# --------------------------------------------------------------------------------------------


class PointsResult(NamedTuple):
    dataset_id: str
    total: int
    n_supporters: int
    rank: int
    tied: bool


def validate_points(
    allocation: Mapping[str, int],
    budget: int = DEFAULT_BUDGET,
    cap: int | None = None,
    dataset_ids: Iterable[str] | None = None,
) -> list[str]:
    """Problems with one participant's allocation, as sentences for the participant; ``[]`` if
    valid. Checks: whole numbers, negatives, per-item cap, unknown datasets (when ``dataset_ids``
    is given), total over budget. Spending less than the budget is allowed."""
    problems: list[str] = []
    known = None if dataset_ids is None else set(dataset_ids)
    total = 0
    for ds, pts in allocation.items():
        if known is not None and ds not in known:
            problems.append(f"{ds} is not part of this round.")
        if isinstance(pts, bool) or not isinstance(pts, int):
            problems.append(f"{ds}: points must be a whole number, not {pts!r}.")
            continue
        if pts < 0:
            problems.append(f"{ds}: {pts} points is negative; give 0 or more.")
        elif cap is not None and pts > cap:
            problems.append(f"{ds}: {pts} points is over the limit of {cap} per dataset.")
        total += max(pts, 0)
    if total > budget:
        problems.append(f"{total} points given, {total - budget} over the budget of {budget}.")
    return problems


def points_results(
    allocations: Mapping[str, Mapping[str, int]],
    dataset_ids: Sequence[str],
    budget: int = DEFAULT_BUDGET,
    cap: int | None = None,
) -> list[PointsResult]:
    """Totals of a dot-voting round; best first. ``n_supporters`` counts participants who gave the
    dataset more than 0 points. Raises :class:`BallotDataError` if an allocation fails
    :func:`validate_points` (validate when the ballot is saved, not here)."""
    totals: dict[str, int] = dict.fromkeys(dataset_ids, 0)
    supporters: dict[str, int] = dict.fromkeys(dataset_ids, 0)
    for code, alloc in allocations.items():
        problems = validate_points(alloc, budget, cap, totals)
        if problems:
            raise BallotDataError("points", f"ballot {code}: {' '.join(problems)}")
        for ds, pts in alloc.items():
            if pts > 0:
                totals[ds] += pts
                supporters[ds] += 1
    ids = list(totals)
    return _ranked(
        ids,
        [totals[d] for d in ids],
        lambda d, s, r, t: PointsResult(d, s, supporters[d], r, t),
    )


# --------------------------------------------------------------------------------------------
# Ballot order
# --------------------------------------------------------------------------------------------


def ballot_order(dataset_ids: Iterable[Hashable], code: str, round_id: str) -> list:
    """The datasets in a shuffled order that is fixed for one participant in one round.

    Each dataset is sorted by ``sha256(round_id, code, dataset_id)``, so the order is the same
    whenever the participant comes back, on any machine and Python version, does not depend on the
    input order, and adding or removing a dataset does not reshuffle the others. Ids are hashed via
    ``str()``; the result is a permutation of the input (duplicates kept).
    """
    prefix = f"{round_id}\x1f{code}\x1f".encode()

    def key(ds: Hashable) -> tuple[bytes, str]:
        s = str(ds)
        return hashlib.sha256(prefix + s.encode()).digest(), s

    return sorted(dataset_ids, key=key)
