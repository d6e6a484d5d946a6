"""Ballot rounds, ballots and votes, and the results wired to the ranking maths (no UI).

The demo trip has 25 datasets (4 of them "ready": Meetwaarden luchtkwaliteit (sensoren),
Nieuwbouwprojecten en opleveringen, Speelplekken en speeltoestellen, Zonnepotentie daken), 12
participants (Fatima El Amrani, Joost van der Meer; their codes per round come from the voter table) and one closed,
revealed score round over 20 datasets with votes from all 12.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from apphelpers import FATIMA, JOOST, code_of, voter_row
from workshop_data.ranking import ballots, maths as ranking, tally
from workshop_data.ranking.ballots import BallotError
from workshop_data.ranking.voters import NotValid
from workshop_data.common.errors import ValidationError
from workshop_data.common.i18n import set_language

READY = ["Meetwaarden luchtkwaliteit (sensoren)", "Nieuwbouwprojecten en opleveringen",
         "Speelplekken en speeltoestellen", "Zonnepotentie daken"]


def ready_round(store, **options):
    options.setdefault("random_order", False)
    return ballots.open_round(store, "Ready data", status="ready", **options)


def vote_rows(store, round_id, code=None):
    sql = ("SELECT d.title, v.criterion, v.value, v.skipped FROM vote v JOIN dataset d "
           "ON d.id = v.dataset_id WHERE v.round_id = ?")
    params = [round_id]
    if code:
        sql += " AND v.ballot_code = ?"
        params.append(code)
    return sorted(tuple(r.values()) for r in store.query(sql, params))


# -- rounds ----------------------------------------------------------------------------------


def test_open_round_defaults_to_every_dataset_and_interest_and_importance(demo_store):
    rnd = ballots.open_round(demo_store, "Round 2")
    assert rnd.status == "open" and not rnd.revealed
    assert ballots.criteria_of(rnd) == ["interest", "importance"]
    assert (rnd.scale_min, rnd.scale_max) == (1, 5)
    assert rnd.allow_skip and rnd.random_order and not rnd.allow_name_pick
    assert demo_store.round_items.count(round_id=rnd.id) == 25


def test_open_round_filters_by_status_and_department(demo_store):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    assert [item.title for item in ballot.items] == READY
    mobility = ballots.open_round(demo_store, "Mobility", department="Mobiliteit")
    assert demo_store.round_items.count(round_id=mobility.id) == 4
    both = ballots.open_round(demo_store, "Both", department="Milieu", status="ready")
    assert demo_store.round_items.count(round_id=both.id) == 1


def test_custom_criteria_typed_in_either_language(demo_store):
    rnd = ballots.open_round(demo_store, "Custom", criteria="belang, Haalbaarheid ; interest, ")
    assert ballots.criteria_of(rnd) == ["importance", "Haalbaarheid", "interest"]
    assert ballots.parse_criteria("Interesse, interest") == ["interest"]


@pytest.mark.parametrize("options, field", [
    ({"title": " "}, "title"),
    ({"scale": (3, 3)}, "scale_max"),
    ({"scale": (1, 10)}, "scale_max"),
    ({"kind": "points", "points_budget": 0}, "points_budget"),
    ({"kind": "points", "points_budget": 100, "points_cap": 120}, "points_cap"),
    ({"department": "Nobody"}, "status"),
    ({"kind": "vote"}, "kind"),
])
def test_open_round_refuses_bad_settings(demo_store, options, field):
    options = {"title": "Bad", **options}
    before = demo_store.rounds.count()
    with pytest.raises(ValidationError) as error:
        ballots.open_round(demo_store, options.pop("title"), **options)
    assert error.value.field == field
    assert demo_store.rounds.count() == before


def test_close_reopen_reveal_and_hide(demo_store):
    rnd = ready_round(demo_store)
    assert ballots.close_round(demo_store, rnd.id).status == "closed"
    assert ballots.reopen_round(demo_store, rnd.id).status == "open"
    assert ballots.reveal(demo_store, rnd.id).revealed == 1
    assert ballots.reveal(demo_store, rnd.id, False).revealed == 0


def test_list_rounds_counts_datasets_and_ballots(demo_store):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "interest", 4)
    assert ballots.list_rounds(demo_store)[0].n_ballots == 0  # one answer of 8: a draft
    for item, criterion in ballot.questions()[1:]:
        ballots.cast_vote(demo_store, ballot, item.dataset_id, criterion, 3)
    infos = ballots.list_rounds(demo_store)
    assert [(i.round.title, i.n_items, i.n_ballots) for i in infos] == [
        ("Ready data", 4, 1), ("Atelier 1: interesse en belang", 20, 12)]
    assert ballots.latest_round(demo_store).id == rnd.id


# -- starting a ballot -------------------------------------------------------------------------


def test_a_ballot_starts_with_a_code_typed_loosely(demo_store):
    rnd = ready_round(demo_store)
    code = code_of(demo_store, rnd.id)
    ballot = ballots.start_ballot(demo_store, rnd.id, f" {code[:3].lower()}-{code[3:]} ")
    assert ballot.voter_id == voter_row(demo_store, rnd.id)["id"]
    first = ballot.items[0]
    assert first.description.startswith("Fijnstof")
    assert first.tasks == ["Luchtkwaliteit meten in wijken"]
    assert ballot.progress() == (0, 8)


def test_an_unknown_code_is_refused_with_a_clear_message(demo_store):
    rnd = ready_round(demo_store)
    with pytest.raises(NotValid, match="not valid now"):
        ballots.start_ballot(demo_store, rnd.id, "zzzz")
    with pytest.raises(BallotError, match="ballot code first"):
        ballots.start_ballot(demo_store, rnd.id, "  ")


def test_a_closed_round_refuses_a_ballot(demo_store):
    closed = ballots.latest_round(demo_store)
    with pytest.raises(BallotError, match="is closed"):
        ballots.start_ballot(demo_store, closed.id, code_of(demo_store, closed.id))


def test_a_round_whose_datasets_were_all_deleted_refuses_a_ballot(demo_store):
    rnd = ready_round(demo_store)
    for row in demo_store.query("SELECT dataset_id FROM round_item WHERE round_id = ?",
                                [rnd.id]):
        demo_store.datasets.delete(row["dataset_id"])
    with pytest.raises(BallotError, match="no datasets left"):
        ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))


def test_picking_a_name_only_when_the_round_allows_it(demo_store):
    fatima = demo_store.query("SELECT id FROM participant WHERE name = ?", [FATIMA])[0]["id"]
    strict = ready_round(demo_store)
    assert ballots.name_choices(demo_store, strict.id) == []
    with pytest.raises(BallotError):
        ballots.start_ballot(demo_store, strict.id, participant_id=fatima)
    loose = ready_round(demo_store, allow_name_pick=True)
    assert len(ballots.name_choices(demo_store, loose.id)) == 12
    assert ballots.start_ballot(demo_store, loose.id, participant_id=fatima).voter_id == \
        voter_row(demo_store, loose.id)["id"]


def test_random_order_is_per_participant_and_stable(demo_store):
    rnd = ballots.open_round(demo_store, "Shuffled")
    ids = [r["dataset_id"] for r in demo_store.query(
        "SELECT dataset_id FROM round_item WHERE round_id = ?", [rnd.id])]
    fatima = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    joost = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id, JOOST))
    order = [item.dataset_id for item in fatima.items]
    assert order == ranking.ballot_order(ids, fatima.voter_id, rnd.id)
    assert order != [item.dataset_id for item in joost.items]
    again = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    assert [item.dataset_id for item in again.items] == order


# -- votes -------------------------------------------------------------------------------------


def test_a_vote_is_one_row_and_a_revision_replaces_it(demo_store):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    first = ballot.items[0].dataset_id
    ballots.cast_vote(demo_store, ballot, first, "interest", 2)
    ballots.cast_vote(demo_store, ballot, first, "interest", 5)
    assert vote_rows(demo_store, rnd.id) == [(READY[0], "interest", 5.0, 0)]
    ballots.skip(demo_store, ballot, first, "interest")
    assert vote_rows(demo_store, rnd.id) == [(READY[0], "interest", None, 1)]
    ballots.cast_vote(demo_store, ballot, first, "interest", 3)
    assert vote_rows(demo_store, rnd.id) == [(READY[0], "interest", 3.0, 0)]
    assert ballot.progress() == (1, 8)


def test_coming_back_shows_the_earlier_answers(demo_store):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ballots.cast_vote(demo_store, ballot, ballot.items[1].dataset_id, "importance", 4)
    ballots.skip(demo_store, ballot, ballot.items[2].dataset_id, "interest")
    again = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    assert again.answers == {(ballot.items[1].dataset_id, "importance"): 4.0,
                             (ballot.items[2].dataset_id, "interest"): None}


def test_skipping_only_when_allowed(demo_store):
    rnd = ready_round(demo_store, allow_skip=False)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    with pytest.raises(BallotError, match="Skipping is not allowed"):
        ballots.skip(demo_store, ballot, ballot.items[0].dataset_id, "interest")
    assert vote_rows(demo_store, rnd.id) == []


@pytest.mark.parametrize("value", [0, 6, 2.5, True])
def test_a_score_off_the_scale_is_refused(demo_store, value):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    with pytest.raises(ValidationError):
        ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "interest", value)
    assert vote_rows(demo_store, rnd.id) == []


def test_an_unknown_criterion_or_dataset_is_refused(demo_store):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    with pytest.raises(ValidationError):
        ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "beauty", 3)
    outsider = demo_store.query("SELECT id FROM dataset WHERE status = 'published'")[0]["id"]
    with pytest.raises(ValidationError):
        ballots.cast_vote(demo_store, ballot, outsider, "interest", 3)
    assert vote_rows(demo_store, rnd.id) == []


def test_a_round_closed_during_a_ballot_refuses_the_next_vote(demo_store, demo_db):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    other = sqlite3.connect(demo_db)  # the facilitator's other terminal
    other.execute("UPDATE ballot_round SET status = 'closed' WHERE id = ?", [rnd.id])
    other.commit()
    other.close()
    with pytest.raises(BallotError, match="just been closed"):
        ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "interest", 4)
    assert vote_rows(demo_store, rnd.id) == []


def test_a_lock_is_retried_and_never_reaches_the_user_as_such(demo_store, monkeypatch):
    rnd = ready_round(demo_store)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    monkeypatch.setattr(ballots.time, "sleep", lambda seconds: None)
    real = type(demo_store).transaction
    failures = {"left": 2}

    def flaky(store):
        if failures["left"]:
            failures["left"] -= 1
            raise sqlite3.OperationalError("database is locked")
        return real(store)

    monkeypatch.setattr(type(demo_store), "transaction", flaky)
    ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "interest", 4)
    assert vote_rows(demo_store, rnd.id) == [(READY[0], "interest", 4.0, 0)]

    failures["left"] = 99
    with pytest.raises(BallotError) as error:
        ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "interest", 2)
    assert "locked" not in str(error.value) and "busy" in str(error.value)


# -- rank and points ballots -------------------------------------------------------------------


def test_a_ranking_is_saved_and_scored_by_borda(demo_store):
    rnd = ready_round(demo_store, kind="rank")
    assert ballots.criteria_of(rnd) == ["rank"]
    fatima = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ids = [item.dataset_id for item in fatima.items]  # READY, by title
    ballots.save_ranking(demo_store, fatima, [ids[3], ids[1], ids[0]], skipped=[ids[2]])
    assert vote_rows(demo_store, rnd.id, voter_row(demo_store, rnd.id)["id"]) == [
        (READY[0], "rank", 3.0, 0), (READY[1], "rank", 2.0, 0), (READY[2], "rank", None, 1),
        (READY[3], "rank", 1.0, 0)]
    joost = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id, JOOST))
    ballots.save_ranking(demo_store, joost, ids)
    # revising replaces the whole order
    ballots.save_ranking(demo_store, fatima, [ids[3], ids[0], ids[1]], skipped=[ids[2]])
    again = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    assert again.ranked() == [ids[3], ids[0], ids[1]]
    draft = ballots.RankDraft.of(again)
    assert draft.skipped == [ids[2]] and draft.undecided == [] and draft.complete

    res = tally.results(demo_store, rnd.id)
    # n = 4: first 3, second 2, third 1. Fatima: 3->3, 0->2, 1->1; Joost: 0->3, 1->2, 2->1
    assert [(b.dataset_id, b.score, b.rank, b.tied) for b in res.borda] == [
        (ids[0], 5, 1, False), (ids[1], 3, 2, True), (ids[3], 3, 2, True),
        (ids[2], 1, 4, False)]  # ties in the round's (title) order
    assert res.n_ranked == {ids[0]: 2, ids[1]: 2, ids[2]: 1, ids[3]: 2}
    table = tally.results_table(res)
    assert [row.cells[:3] for row in table.rows] == [
        ["1", READY[0], "5"], ["=2", READY[1], "3"], ["=2", READY[3], "3"], ["4", READY[2], "1"]]


def test_a_ranking_must_be_complete_without_skips_and_may_not_repeat(demo_store):
    rnd = ready_round(demo_store, kind="rank", allow_skip=False)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ids = [item.dataset_id for item in ballot.items]
    with pytest.raises(ValidationError):
        ballots.save_ranking(demo_store, ballot, ids[:2], skipped=ids[2:])
    with pytest.raises(ValidationError):
        ballots.save_ranking(demo_store, ballot, [ids[0], ids[0], ids[1], ids[2]])
    assert vote_rows(demo_store, rnd.id) == []
    ballots.save_ranking(demo_store, ballot, ids[:2])  # half a ranking is kept, as a draft
    assert len(vote_rows(demo_store, rnd.id)) == 2
    assert tally.results(demo_store, rnd.id).n_ballots == 0


def test_rank_drafts_move_and_leave_out(demo_store):
    draft = ballots.RankDraft(["a", "b", "c"], [], ["d"])
    assert draft.move(0, 1) == 1 and draft.order == ["b", "a", "c"]
    assert draft.move(0, -1) == 0  # already at the top
    assert not draft.complete and draft.state(3) == "undecided"
    assert draft.toggle_skip(1) == 3 and draft.rows() == ["b", "c", "d", "a"]
    assert draft.skipped == ["a"] and draft.state(3) == "skipped"
    assert draft.place(2) == 2 and draft.order == ["b", "c", "d"] and draft.complete
    assert draft.toggle_skip(3) == 3 and draft.undecided == ["a"]  # skipped -> undecided


def test_points_are_saved_within_budget_and_cap(demo_store):
    rnd = ready_round(demo_store, kind="points", points_budget=10, points_cap=6)
    fatima = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ids = [item.dataset_id for item in fatima.items]
    with pytest.raises(ValidationError, match="At most 6 points"):
        ballots.save_points(demo_store, fatima, {ids[0]: 7})
    with pytest.raises(ValidationError, match="11 points: you have 10"):
        ballots.save_points(demo_store, fatima, {ids[0]: 6, ids[1]: 5})
    with pytest.raises(ValidationError):
        ballots.save_points(demo_store, fatima, {ids[0]: -1})
    assert vote_rows(demo_store, rnd.id) == []
    # 1 point left unspent; a 0 is a choice too
    ballots.save_points(demo_store, fatima, {ids[0]: 6, ids[1]: 3, ids[2]: 0, ids[3]: 0})
    joost = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id, JOOST))
    ballots.save_points(demo_store, joost, {ids[1]: 6, ids[2]: 4}, skipped=[ids[0], ids[3]])
    again = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    assert again.allocation() == {ids[0]: 6, ids[1]: 3, ids[2]: 0, ids[3]: 0}

    res = tally.results(demo_store, rnd.id)
    assert [(p.dataset_id, p.total, p.n_supporters, p.rank) for p in res.points] == [
        (ids[1], 9, 2, 1), (ids[0], 6, 1, 2), (ids[2], 4, 1, 3), (ids[3], 0, 0, 4)]
    assert [row.cells[2:] for row in tally.results_table(res).rows] == [
        ["9", "2", "47%"], ["6", "1", "32%"], ["4", "1", "21%"], ["0", "0", "0%"]]


def test_points_drafts_refuse_what_breaks_the_rules():
    draft = ballots.PointsDraft(budget=10, cap=6, alloc={})
    assert draft.give("a", 6) is None and draft.give("b", 4) is None
    assert "At most 6" in draft.give("a", 7)
    assert "11 points" in draft.give("c", 1)
    assert draft.alloc == {"a": 6, "b": 4} and draft.spent == 10


# -- results -------------------------------------------------------------------------------------


def test_results_are_the_ranking_maths_over_the_stored_votes(demo_store):
    rnd = ballots.latest_round(demo_store)
    res = tally.results(demo_store, rnd.id)
    rows = demo_store.query("SELECT ballot_code, dataset_id, criterion, value, skipped FROM vote "
                            "WHERE round_id = ?", [rnd.id])
    votes = [ranking.Vote(r["ballot_code"], r["dataset_id"], r["criterion"], r["value"],
                          bool(r["skipped"])) for r in rows]
    expected = ranking.score_results(votes, res.dataset_ids, ["interest", "importance"])
    assert res.scores == expected
    assert res.n_ballots == 12 and len(res.dataset_ids) == 20


def test_the_results_table_sorts_and_shows_ties(demo_store):
    res = tally.results(demo_store, ballots.latest_round(demo_store).id)
    table = tally.results_table(res)
    assert table.sort == "interest:median" and table.descending
    assert [row.cells[:3] for row in table.rows[:4]] == [
        ["1", "Leegstaande panden", "5.0"], ["2", "Nabijheid voorzieningen per buurt", "5.0"],
        ["=3", "Culturele voorzieningen", "5.0"],
        ["=3", "Meetwaarden luchtkwaliteit (sensoren)", "5.0"]]
    keys = [c.key for c in table.columns]
    assert keys[:7] == ["rank", "title", "interest:median", "interest:mean", "interest:n_votes",
                        "interest:iqr", "interest:share_skipped"]
    by_n = tally.results_table(res, "importance:n_votes")
    counts = [int(row.cells[keys.index("importance:n_votes")]) for row in by_n.rows]
    assert counts == sorted(counts, reverse=True)
    assert by_n.rows[0].cells[0] == "=1"
    ascending = tally.results_table(res, "interest:median", descending=False)
    assert ascending.rows[0].cells[0] == "=19" and ascending.rows[-1].cells[0] == "1"
    by_title = tally.results_table(res, "title")
    assert by_title.rows[0].cells[:2] == ["", "Bereik jongerenwerk per wijk"]
    flagged = [row for row in table.rows if "interest:iqr" in row.flagged]
    assert flagged and all(row.cells[keys.index("interest:iqr")].startswith("! ")
                           for row in flagged)


def test_results_of_a_round_without_votes(demo_store):
    rnd = ready_round(demo_store)
    res = tally.results(demo_store, rnd.id)
    assert res.n_ballots == 0
    table = tally.results_table(res)
    assert [row.cells[0] for row in table.rows] == ["", "", "", ""]
    assert {p.quadrant for p in tally.chart_points(res)} == {"unrated"}


def test_chart_points_and_dutch_numbers(demo_store):
    res = tally.results(demo_store, ballots.latest_round(demo_store).id)
    points = {p.title: p for p in tally.chart_points(res)}
    leeg = points["Leegstaande panden"]
    assert (leeg.x, leeg.y, leeg.quadrant) == (5.0, 2.5, "quick_wins")
    set_language("nl")
    assert tally.results_table(res).rows[0].cells[2:4] == ["5,0", "4,58"]
    assert tally.columns(res)[2].label == "interesse\nmediaan"


def test_results_json_and_text(demo_store):
    res = tally.results(demo_store, ballots.latest_round(demo_store).id)
    data = json.loads(json.dumps(tally.results_json(res)))
    assert data["round"]["ballots"] == 12 and len(data["results"]) == 20
    leeg = next(r for r in data["results"] if r["title"] == "Leegstaande panden")
    assert leeg["quadrant"] == "quick_wins"
    assert leeg["criteria"]["interest"]["rank"] == 1
    text = tally.format_results(res)
    assert text.splitlines()[0] == "Atelier 1: interesse en belang · scores · closed · 12 ballots"
    assert "=3 Culturele voorzieningen" in text
    assert "QUICK WINS: Leegstaande panden; Speelplekken en speeltoestellen" in text
