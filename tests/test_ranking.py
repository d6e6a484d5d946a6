"""Ranking maths: hand-computed cases plus a few hypothesis properties."""

from __future__ import annotations

import math
import random
import statistics
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_data.common.errors import ValidationError
from workshop_data.ranking.maths import (
    QUADRANTS,
    BallotDataError,
    Vote,
    ballot_order,
    borda,
    criterion_stats,
    points_results,
    priority_quadrant,
    score_results,
    sort_results,
    validate_points,
)

I = "interest"
M = "importance"


def votes_for(dataset_id: str, values, criterion: str = I, prefix: str = "P") -> list[Vote]:
    """One vote per value, from participants P0, P1, ...; ``None`` is a skip."""
    return [
        Vote(f"{prefix}{n}", dataset_id, criterion, v, v is None) for n, v in enumerate(values)
    ]


def by_id(results):
    return {r.dataset_id: r for r in results}


# --------------------------------------------------------------------------------------------
# Quartiles, IQR, disagreement
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, q1, median, q3, iqr",
    [
        ([1, 2, 3, 4, 5], 2, 3, 4, 2),
        # m = 3: q1 = (1*1 + 2*3)/4, q3 = (3*3 + 4*1)/4
        ([4, 1, 3, 2], 1.75, 2.5, 3.25, 1.5),
        ([1, 1, 5, 5], 1, 3, 5, 4),
        ([2, 3, 3, 4], 2.75, 3, 3.25, 0.5),
        # two voters: q1 = (1*3 + 5*1)/4 = 2, q3 = (1*1 + 5*3)/4 = 4
        ([1, 5], 2, 3, 4, 2),
        ([4], 4, 4, 4, 0),
    ],
)
def test_quartiles_on_known_sets(values, q1, median, q3, iqr):
    s = criterion_stats(values)
    assert (s.q1, s.median, s.q3, s.iqr) == (q1, median, q3, iqr)
    assert s.mean == pytest.approx(sum(values) / len(values))
    if len(values) >= 2:  # the documented method, for the sets where the stdlib accepts them
        assert [s.q1, s.median, s.q3] == statistics.quantiles(values, n=4, method="inclusive")


def test_disagreement_default_threshold_is_40_percent_of_range():
    # 1-5 scale: threshold 1.6
    assert criterion_stats([1, 1, 5, 5]).spread_flag is True  # iqr 4
    assert criterion_stats([1, 5]).spread_flag is True  # iqr 2: two people, opposite ends
    assert criterion_stats([1, 2, 3, 4]).spread_flag is False  # iqr 1.5
    assert criterion_stats([2, 3, 3, 4]).spread_flag is False  # iqr 0.5
    # 1-10 scale: threshold 3.6; iqr of 1,1,5,5 is 4
    assert criterion_stats([1, 1, 5, 5], scale=(1, 10)).spread_flag is True
    assert criterion_stats([1, 2, 3, 4], scale=(1, 10)).spread_flag is False


def test_disagreement_explicit_threshold_is_inclusive():
    assert criterion_stats([1, 2, 3, 4], disagreement_iqr=1.5).spread_flag is True
    assert criterion_stats([1, 2, 3, 4], disagreement_iqr=1.51).spread_flag is False


def test_single_voter_is_never_disagreement():
    s = criterion_stats([5], disagreement_iqr=0)
    assert (s.n_votes, s.mean, s.median, s.q1, s.q3, s.iqr) == (1, 5, 5, 5, 5, 0)
    assert s.spread_flag is False


def test_no_values():
    s = criterion_stats([], n_skipped=0)
    assert s.n_votes == 0 and s.n_skipped == 0
    assert s.share_skipped is None
    assert (s.mean, s.median, s.q1, s.q3, s.iqr) == (None,) * 5
    assert s.spread_flag is False


def test_bad_scale_rejected():
    with pytest.raises(ValueError):
        criterion_stats([1], scale=(5, 1))


# --------------------------------------------------------------------------------------------
# score_results
# --------------------------------------------------------------------------------------------


def test_no_voters_and_only_skips():
    votes = votes_for("b", [None, None])
    res = by_id(score_results(votes, ["a", "b"], [I]))
    a = res["a"].stats[I]
    assert (a.n_votes, a.n_skipped, a.share_skipped, a.mean, a.median, a.iqr) == (
        0, 0, None, None, None, None,
    )
    assert res["a"].rank[I] is None and res["a"].tied[I] is False
    b = res["b"].stats[I]
    assert (b.n_votes, b.n_skipped, b.share_skipped, b.median) == (0, 2, 1.0, None)
    assert res["b"].rank[I] is None


def test_results_keep_dataset_order_and_every_criterion():
    results = score_results([], ["z", "a", "m"])
    assert [r.dataset_id for r in results] == ["z", "a", "m"]
    assert all(set(r.stats) == {I, M} for r in results)


def test_skips_and_share_skipped():
    votes = votes_for("a", [4, None, 2]) + [Vote("X", "a", I, None, False)]  # no value = skip
    s = score_results(votes, ["a"], [I])[0].stats[I]
    assert s.n_votes == 2
    assert s.n_skipped == 2
    assert s.share_skipped == 0.5
    assert s.mean == 3 and s.median == 3


def test_skipped_flag_wins_over_value():
    s = score_results([Vote("P", "a", I, 5, True)], ["a"], [I])[0].stats[I]
    assert (s.n_votes, s.n_skipped) == (0, 1)


def test_last_vote_wins():
    votes = [
        Vote("P1", "a", I, 1),
        Vote("P2", "a", I, 2),
        Vote("P1", "a", I, 5),  # P1 revises 1 -> 5
        Vote("P2", "a", I, None, True),  # P2 changes their mind and skips
    ]
    s = score_results(votes, ["a"], [I])[0].stats[I]
    assert (s.n_votes, s.n_skipped, s.mean) == (1, 1, 5)


def test_criteria_are_separate():
    votes = votes_for("a", [5, 5], I) + votes_for("a", [1, 2, 3], M)
    r = score_results(votes, ["a"], [I, M])[0]
    assert r.stats[I].n_votes == 2 and r.stats[I].median == 5
    assert r.stats[M].n_votes == 3 and r.stats[M].median == 2


def test_unknown_dataset_and_criterion_ignored():
    votes = votes_for("a", [3]) + votes_for("gone", [5]) + votes_for("a", [1], "other")
    results = score_results(votes, ["a"], [I])
    assert len(results) == 1
    assert results[0].stats[I].n_votes == 1
    assert set(results[0].stats) == {I}


def test_single_voter_in_round():
    results = by_id(score_results(votes_for("a", [4]) , ["a", "b"], [I]))
    a = results["a"]
    assert a.stats[I].n_votes == 1 and a.stats[I].iqr == 0 and not a.stats[I].spread_flag
    assert (a.rank[I], a.tied[I]) == (1, False)
    assert results["b"].rank[I] is None


@pytest.mark.parametrize("bad", [0, 6, 5.5, math.nan, math.inf])
def test_off_scale_values_raise(bad):
    votes = votes_for("a", [3, bad, 4])
    with pytest.raises(BallotDataError) as err:
        score_results(votes, ["a"], [I])
    assert isinstance(err.value, ValidationError) and isinstance(err.value, ValueError)
    assert "P1" in str(err.value)


def test_scale_bounds_are_allowed():
    s = score_results(votes_for("a", [1, 5]), ["a"], [I])[0].stats[I]
    assert s.n_votes == 2


def test_ties_same_median_different_mean_and_identical():
    votes = (
        votes_for("a", [4, 4, 5])  # median 4, mean 4.33
        + votes_for("b", [3, 4, 4])  # median 4, mean 3.67
        + votes_for("c", [5, 4, 4])  # identical to a
        + votes_for("d", [2])
        + votes_for("e", [1, 5])  # median 3, mean 3: 2 places ahead of d
    )
    res = by_id(score_results(votes, ["a", "b", "c", "d", "e"], [I]))
    assert {k: (r.rank[I], r.tied[I]) for k, r in res.items()} == {
        "a": (1, True),
        "c": (1, True),
        "b": (3, False),  # same median as a/c, lower mean: not a tie
        "e": (4, False),
        "d": (5, False),
    }


def test_equal_mean_from_different_votes_is_a_tie():
    # 2,4 and 3,3: same median 3 and same mean 3 -> tie, even though the IQR differs
    res = by_id(score_results(votes_for("a", [2, 4]) + votes_for("b", [3, 3]), ["a", "b"], [I]))
    assert (res["a"].rank[I], res["a"].tied[I]) == (1, True)
    assert (res["b"].rank[I], res["b"].tied[I]) == (1, True)


def test_median_beats_mean():
    # a: median 4, mean 3.33; b: median 3, mean 3.67
    res = by_id(score_results(votes_for("a", [1, 4, 5]) + votes_for("b", [3, 3, 5]), ["a", "b"], [I]))
    assert res["a"].rank[I] == 1 and res["b"].rank[I] == 2


def test_ranks_per_criterion():
    votes = votes_for("a", [5], I) + votes_for("b", [1], I) + votes_for("a", [1], M) + votes_for(
        "b", [5], M
    )
    res = by_id(score_results(votes, ["a", "b"], [I, M]))
    assert res["a"].rank == {I: 1, M: 2}
    assert res["b"].rank == {I: 2, M: 1}


def test_full_size_round_and_printed_timing():
    """300 datasets x 50 participants x 2 criteria. Timing is printed (see with -s), not asserted."""
    rng = random.Random(7)
    ids = [f"ds{i:03}" for i in range(300)]
    votes = [
        Vote(f"P{p}", d, c, None if rng.random() < 0.1 else rng.randint(1, 5), False)
        for p in range(50)
        for d in ids
        for c in (I, M)
    ]
    start = time.perf_counter()
    results = score_results(votes, ids)
    elapsed = time.perf_counter() - start
    print(f"\nscore_results on {len(votes)} votes: {elapsed * 1000:.1f} ms")
    assert len(results) == 300
    assert sum(r.stats[I].n_votes + r.stats[I].n_skipped for r in results) == 300 * 50
    assert min(r.rank[I] for r in results) == 1


# --------------------------------------------------------------------------------------------
# sort_results
# --------------------------------------------------------------------------------------------


@pytest.fixture
def three_results():
    votes = votes_for("a", [2, 2]) + votes_for("b", [5]) + votes_for("c", [None])
    return score_results(votes, ["a", "b", "c"], [I])


def ids(results):
    return [r.dataset_id for r in results]


def test_sort_none_last_both_directions(three_results):
    assert ids(sort_results(three_results, "median", I)) == ["b", "a", "c"]
    assert ids(sort_results(three_results, "median", I, descending=False)) == ["a", "b", "c"]
    assert ids(sort_results(three_results, "n_votes", I)) == ["a", "b", "c"]
    assert ids(sort_results(three_results, "share_skipped", I)) == ["c", "a", "b"]  # 1.0, 0, 0
    assert ids(sort_results(three_results, "iqr", I, descending=False)) == ["a", "b", "c"]
    assert ids(sort_results(three_results, "rank", I)) == ["b", "a", "c"]


def test_sort_criterion_optional_with_one_criterion(three_results):
    assert ids(sort_results(three_results, "mean")) == ["b", "a", "c"]


def test_sort_needs_criterion_when_several():
    results = score_results([], ["a"], [I, M])
    with pytest.raises(ValueError):
        sort_results(results, "mean")


def test_sort_unknown_key(three_results):
    with pytest.raises(ValueError):
        sort_results(three_results, "colour", I)


def test_sort_by_title(three_results):
    titles = {"a": "zebra crossings", "b": "Air quality"}  # "c" falls back to its id
    assert ids(sort_results(three_results, "title", titles=titles)) == ["b", "c", "a"]
    assert ids(sort_results(three_results, "title", titles=titles.get, descending=True)) == [
        "a", "c", "b",
    ]


# --------------------------------------------------------------------------------------------
# Priority quadrant
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "interest, importance, scale, expected",
    [
        (3, 3, (1, 5), "act_now"),  # the midpoint itself counts as high
        (5, 5, (1, 5), "act_now"),
        (2.5, 3, (1, 5), "build_interest"),
        (1, 5, (1, 5), "build_interest"),
        (3, 2.5, (1, 5), "quick_wins"),
        (2.99, 2.99, (1, 5), "park"),
        (1, 1, (1, 5), "park"),
        (5.5, 5.5, (1, 10), "act_now"),
        (5, 6, (1, 10), "build_interest"),
        (2, 1.5, (0, 4), "quick_wins"),
        (None, 5, (1, 5), "unrated"),
        (5, None, (1, 5), "unrated"),
    ],
)
def test_priority_quadrant(interest, importance, scale, expected):
    assert priority_quadrant(interest, importance, scale) == expected
    assert expected in QUADRANTS


# --------------------------------------------------------------------------------------------
# Borda
# --------------------------------------------------------------------------------------------


def test_borda_three_participants_by_hand():
    # 4 items: 3, 2, 1, 0 points
    rankings = {
        "P1": ["A", "B", "C", "D"],  # A3 B2 C1 D0
        "P2": ["B", "A", "D", "C"],  # B3 A2 D1 C0
        "P3": ["B", "C", "A", "D"],  # B3 C2 A1 D0
    }
    out = borda(rankings, ["A", "B", "C", "D"])
    assert [tuple(r) for r in out] == [
        ("B", 8, 1, False),
        ("A", 6, 2, False),
        ("C", 3, 3, False),
        ("D", 1, 4, False),
    ]
    assert out[0].dataset_id == "B" and out[0].score == 8


def test_borda_ties():
    out = borda({"P1": ["A", "B", "C"], "P2": ["B", "A", "C"]}, ["A", "B", "C"])
    assert [tuple(r) for r in out] == [("A", 3, 1, True), ("B", 3, 1, True), ("C", 0, 3, False)]


def test_borda_partial_unknown_and_repeated():
    # n = 3: first place 2 points even on a partial ballot; unranked items 0
    out = borda({"P1": ["C"], "P2": ["gone", "B", "B", "A"]}, ["A", "B", "C"])
    scores = {r.dataset_id: r.score for r in out}
    assert scores == {"A": 1, "B": 2, "C": 2}


def test_borda_no_ballots():
    out = borda({}, ["A", "B"])
    assert [tuple(r) for r in out] == [("A", 0, 1, True), ("B", 0, 1, True)]


@given(st.integers(1, 8), st.integers(0, 12), st.randoms(use_true_random=False))
def test_borda_total_when_everyone_ranks_everything(n, participants, rnd):
    items = [f"d{i}" for i in range(n)]
    rankings = {f"P{p}": rnd.sample(items, n) for p in range(participants)}
    out = borda(rankings, items)
    assert sum(r.score for r in out) == participants * n * (n - 1) // 2
    assert sorted(r.dataset_id for r in out) == items


# --------------------------------------------------------------------------------------------
# Points (dot voting)
# --------------------------------------------------------------------------------------------


def test_validate_points_valid_and_underspent():
    assert validate_points({"A": 40, "B": 40, "C": 20}, budget=100, cap=40) == []
    assert validate_points({"A": 10}, budget=100, cap=40) == []
    assert validate_points({}, budget=100) == []
    assert validate_points({"A": 100}) == []  # no cap by default


def test_validate_points_problems():
    (p,) = validate_points({"A": 50}, budget=100, cap=40)
    assert "A" in p and "40" in p
    (p,) = validate_points({"A": 40, "B": 40, "C": 30}, budget=100, cap=40)
    assert "110" in p and "10 over" in p
    (p,) = validate_points({"A": -5, "B": 3})
    assert "negative" in p
    (p,) = validate_points({"A": 2.5})
    assert "whole number" in p
    (p,) = validate_points({"X": 5}, dataset_ids=["A"])
    assert "X" in p
    problems = validate_points({"A": 60, "B": 60}, budget=100, cap=50)
    assert len(problems) == 3  # two over the cap, and over budget


def test_points_results_totals_supporters_and_ties():
    allocations = {
        "P1": {"A": 40, "B": 40, "C": 20},
        "P2": {"A": 40, "B": 0, "C": 30},  # 0 points is not support
        "P3": {"B": 40, "C": 40, "D": 20},
    }
    out = points_results(allocations, ["A", "B", "C", "D", "E"], budget=100, cap=40)
    assert [tuple(r) for r in out] == [
        ("C", 90, 3, 1, False),
        ("A", 80, 2, 2, True),
        ("B", 80, 2, 2, True),
        ("D", 20, 1, 4, False),
        ("E", 0, 0, 5, False),
    ]


def test_points_results_rejects_invalid_ballot():
    with pytest.raises(BallotDataError) as err:
        points_results({"P1": {"A": 50}, "P2": {"A": 10}}, ["A"], budget=100, cap=40)
    assert "P1" in str(err.value)
    with pytest.raises(BallotDataError):
        points_results({"P1": {"Z": 10}}, ["A"], budget=100)


@given(
    st.lists(
        st.dictionaries(st.sampled_from("ABCDE"), st.integers(0, 25), max_size=4), max_size=10
    )
)
def test_points_total_is_sum_of_allocations(allocs):
    allocations = {f"P{i}": a for i, a in enumerate(allocs)}
    out = points_results(allocations, list("ABCDE"), budget=100, cap=25)
    assert sum(r.total for r in out) == sum(sum(a.values()) for a in allocs)
    assert sum(r.n_supporters for r in out) == sum(
        1 for a in allocs for v in a.values() if v > 0
    )


# --------------------------------------------------------------------------------------------
# Ballot order
# --------------------------------------------------------------------------------------------


ITEMS = [f"ds{i}" for i in range(20)]


def test_ballot_order_is_deterministic_permutation():
    first = ballot_order(ITEMS, "K7Q2", "round-1")
    assert ballot_order(ITEMS, "K7Q2", "round-1") == first
    assert sorted(first) == sorted(ITEMS)
    assert first != ITEMS


def test_ballot_order_differs_between_codes_and_rounds():
    base = ballot_order(ITEMS, "K7Q2", "round-1")
    assert ballot_order(ITEMS, "ZZ91", "round-1") != base
    assert ballot_order(ITEMS, "K7Q2", "round-2") != base


def test_ballot_order_ignores_input_order_and_survives_removals():
    order = ballot_order(ITEMS, "K7Q2", "r")
    assert ballot_order(list(reversed(ITEMS)), "K7Q2", "r") == order
    fewer = [d for d in ITEMS if d != "ds5"]
    assert ballot_order(fewer, "K7Q2", "r") == [d for d in order if d != "ds5"]


def test_ballot_order_pinned():
    # The order must not change between Python versions or releases: participants revisit.
    assert ballot_order(["a", "b", "c", "d"], "CODE", "R1") == ["a", "d", "b", "c"]


# --------------------------------------------------------------------------------------------
# Properties of score_results
# --------------------------------------------------------------------------------------------

value_lists = st.lists(st.integers(1, 5), max_size=6)


@settings(max_examples=200)
@given(st.lists(value_lists, min_size=1, max_size=8))
def test_ranks_are_a_valid_competition_ranking(groups):
    ds = [f"d{i}" for i, _ in enumerate(groups)]
    votes = [v for d, vals in zip(ds, groups) for v in votes_for(d, vals)]
    results = score_results(votes, ds, [I])
    rated = [r for r in results if r.stats[I].n_votes]
    key = {r.dataset_id: (r.stats[I].median, r.stats[I].mean) for r in rated}
    for r in results:
        if not r.stats[I].n_votes:
            assert r.rank[I] is None and r.tied[I] is False
            continue
        k = key[r.dataset_id]
        better = sum(1 for o in rated if key[o.dataset_id] > k)
        same = sum(1 for o in rated if key[o.dataset_id] == k)
        assert r.rank[I] == 1 + better
        assert r.tied[I] == (same > 1)
    if rated:
        assert min(r.rank[I] for r in rated) == 1


@given(st.lists(st.floats(1, 5), min_size=1, max_size=40))
def test_stats_match_statistics_module(values):
    s = criterion_stats(values)
    assert s.median == statistics.median(values)
    assert s.mean == pytest.approx(statistics.fmean(values))
    if len(values) >= 2:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert (s.q1, s.q3) == (pytest.approx(q1), pytest.approx(q3))
    assert s.iqr >= 0
    assert s.q1 <= s.median <= s.q3
