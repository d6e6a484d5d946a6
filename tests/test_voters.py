"""Voter credentials: one privacy model for the laptop ballot and the phones.

Every answer to a credential that does not open a ballot is the same line, so trying codes tells
nothing about which exist; codes lock after three wrong tries; re-issuing keeps the votes.
"""

from __future__ import annotations

import sqlite3

import pytest

from apphelpers import FATIMA, JOOST, code_of, voter_row
from workshop_data.ranking import ballots, credentials, tally, voters
from workshop_data.common.errors import ValidationError
from workshop_data.common.migrations import migrate
from workshop_data.common.store import open_store
from workshop_data.ranking.voters import NeedsCode, NotValid, StationLocked

NOT_VALID = "This code is not valid now. Check your card, or ask the facilitator."


def ready_round(store, **options):
    options.setdefault("random_order", False)
    return ballots.open_round(store, "Ready data", status="ready", **options)


def test_every_participant_gets_a_code_and_a_long_token_per_round(demo_store):
    rnd = ready_round(demo_store)
    rows = demo_store.query("SELECT code, token FROM voter WHERE round_id = ?", [rnd.id])
    assert len(rows) == 12  # issued when the round opens
    assert len({r["code"] for r in rows}) == 12 and len({r["token"] for r in rows}) == 12
    for row in rows:
        assert len(row["code"]) == 6 and set(row["code"]) <= set(credentials.CODE_ALPHABET)
        assert len(row["token"]) >= 22  # token_urlsafe(18): 144 bits
    other = ready_round(demo_store)
    assert code_of(demo_store, other.id) != code_of(demo_store, rnd.id)


def test_no_participant_row_holds_a_credential_any_more(demo_store):
    rnd = ready_round(demo_store)
    codes = {r["code"] for r in demo_store.query("SELECT code FROM voter WHERE round_id = ?",
                                                 [rnd.id])}
    for person in demo_store.participants.list():
        assert person.ballot_code == person.id and person.ballot_code not in codes


def test_every_bad_credential_gets_the_same_line(demo_store):
    rnd = ready_round(demo_store)
    other = ready_round(demo_store)
    fatima = voter_row(demo_store, rnd.id)
    with pytest.raises(NotValid) as unknown:
        ballots.start_ballot(demo_store, rnd.id, "QQQQQQ")
    with pytest.raises(NotValid) as wrong_round:
        ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, other.id))
    with pytest.raises(NotValid) as stale:
        voters.reissue(demo_store, fatima["id"])
        ballots.start_ballot(demo_store, rnd.id, token=fatima["token"])
    with pytest.raises(NotValid) as old_code:
        ballots.start_ballot(demo_store, rnd.id, fatima["code"])
    assert {str(e.value) for e in (unknown, wrong_round, stale, old_code)} == {NOT_VALID}


def test_reissue_keeps_the_votes_and_the_new_code_opens_them(demo_store):
    rnd = ready_round(demo_store)
    before = voter_row(demo_store, rnd.id)
    ballot = ballots.start_ballot(demo_store, rnd.id, before["code"])
    ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "interest", 4)
    voters.reissue(demo_store, before["id"])
    after = voter_row(demo_store, rnd.id)
    assert after["id"] == before["id"] and after["code"] != before["code"]
    assert after["token"] != before["token"]
    again = ballots.start_ballot(demo_store, rnd.id, token=after["token"])
    assert again.answers == {(ballot.items[0].dataset_id, "interest"): 4.0}


def test_a_ballot_holds_only_its_own_voters_answers(demo_store):
    rnd = ready_round(demo_store)
    fatima = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ballots.cast_vote(demo_store, fatima, fatima.items[0].dataset_id, "interest", 5)
    joost = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id, JOOST))
    assert joost.answers == {} and joost.voter_id != fatima.voter_id


def test_three_wrong_codes_lock_the_station_for_a_minute(demo_store, monkeypatch):
    rnd = ready_round(demo_store)
    station = voters.Station()
    for _ in range(3):
        with pytest.raises(NotValid):
            ballots.start_ballot(demo_store, rnd.id, "QQQQQQ", station=station)
    with pytest.raises(StationLocked, match="wait a minute"):  # even the right code waits
        ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id), station=station)
    clock = voters.time.monotonic() + 61
    monkeypatch.setattr(voters.time, "monotonic", lambda: clock)
    assert ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id), station=station)


def test_two_wrong_codes_then_a_right_one_start_the_count_again(demo_store):
    rnd = ready_round(demo_store)
    station = voters.Station()
    for _ in range(2):
        with pytest.raises(NotValid):
            ballots.start_ballot(demo_store, rnd.id, "QQQQQQ", station=station)
    ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id), station=station)
    for _ in range(2):
        with pytest.raises(NotValid):
            ballots.start_ballot(demo_store, rnd.id, "QQQQQQ", station=station)
    assert not station.locked()


def test_a_name_opens_an_empty_ballot_but_a_returning_voter_needs_their_code(demo_store):
    rnd = ready_round(demo_store, allow_name_pick=True)
    fatima_id = demo_store.query("SELECT id FROM participant WHERE name = ?", [FATIMA])[0]["id"]
    ballot = ballots.start_ballot(demo_store, rnd.id, participant_id=fatima_id)
    ballots.cast_vote(demo_store, ballot, ballot.items[0].dataset_id, "interest", 2)
    with pytest.raises(NeedsCode):
        ballots.start_ballot(demo_store, rnd.id, participant_id=fatima_id)
    for _ in range(3):
        with pytest.raises(NotValid):
            ballots.start_ballot(demo_store, rnd.id, "QQQQQQ", participant_id=fatima_id)
    code = code_of(demo_store, rnd.id)
    with pytest.raises(NotValid, match="not valid now"):  # locked, even for the right code
        ballots.start_ballot(demo_store, rnd.id, code)
    assert voters.locked_voters(demo_store, rnd.id) == {fatima_id}
    voters.unlock(demo_store, voter_row(demo_store, rnd.id)["id"])
    again = ballots.start_ballot(demo_store, rnd.id, code, participant_id=fatima_id)
    assert again.answers == ballot.answers


def test_untouched_and_half_ballots_are_drafts_not_counted(demo_store):
    rnd = ready_round(demo_store, kind="rank")
    fatima = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    draft = ballots.RankDraft.of(fatima)
    assert draft.order == [] and len(draft.undecided) == 4  # no pre-order to confirm
    ids = [item.dataset_id for item in fatima.items]
    ballots.save_ranking(demo_store, fatima, [ids[1]])
    joost = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id, JOOST))
    ballots.save_ranking(demo_store, joost, [ids[2], ids[0]], skipped=[ids[1], ids[3]])
    sanne = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id, "Sanne de Vries"))
    ballots.save_ranking(demo_store, sanne, [], skipped=ids)
    res = tally.results(demo_store, rnd.id)
    assert (res.n_ballots, res.n_skipped, res.n_drafts) == (1, 1, 1)
    scores = {b.dataset_id: b.score for b in res.borda}
    assert scores[ids[2]] == 3 and scores[ids[1]] == 0  # Joost's counts, Fatima's draft not
    assert tally.counts_text(res) == "1 ballot · 1 skipped · 1 draft (not counted)"
    # a draft picked up again: undecided again means the row goes
    ballots.save_ranking(demo_store, joost, [ids[2]], skipped=[ids[1], ids[3]])
    assert ballots.ballot_states(demo_store, rnd.id)[joost.voter_id] == "draft"


def test_points_ballots_count_when_every_dataset_has_points_or_a_skip(demo_store):
    rnd = ready_round(demo_store, kind="points", points_budget=10)
    ballot = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ids = [item.dataset_id for item in ballot.items]
    ballots.save_points(demo_store, ballot, {ids[0]: 10})
    assert tally.results(demo_store, rnd.id).n_drafts == 1
    ballots.save_points(demo_store, ballot, {ids[0]: 10, ids[1]: 0}, skipped=ids[2:])
    res = tally.results(demo_store, rnd.id)
    assert (res.n_ballots, res.n_drafts) == (1, 0)
    assert tally.results_json(res)["round"]["draft_ballots"] == 0


def test_turnout_names_who_voted_and_nothing_else(demo_store):
    rnd = ready_round(demo_store, kind="rank")
    fatima = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id))
    ids = [item.dataset_id for item in fatima.items]
    ballots.save_ranking(demo_store, fatima, ids)
    joost = ballots.start_ballot(demo_store, rnd.id, code_of(demo_store, rnd.id, JOOST))
    ballots.save_ranking(demo_store, joost, ids[:1])
    rows = {name: state for _pid, name, state in ballots.turnout(demo_store, rnd.id)}
    assert len(rows) == 12 and rows[FATIMA] == "counted" and rows[JOOST] == "draft"
    assert rows["Sanne de Vries"] == ""


def test_the_pin_is_kept_as_a_salted_hash(demo_store):
    assert not voters.has_pin(demo_store)
    with pytest.raises(ValidationError, match="4 to 12 digits"):
        voters.set_pin(demo_store, "12a4")
    voters.set_pin(demo_store, "2468")
    stored = demo_store.trip().facilitator_pin
    assert stored.startswith("scrypt$") and "2468" not in stored
    assert voters.pin_ok(demo_store, "2468") and not voters.pin_ok(demo_store, "2469")
    voters.set_pin(demo_store, "2468")
    assert demo_store.trip().facilitator_pin != stored  # a new salt each time


def test_an_older_trip_file_gets_voters_and_keeps_its_results(tmp_path):
    """Schema 3 kept the code on the participant and in the votes: migrating keys the votes
    by a new voter per round, retires the participant's code, and loses no vote."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    stamp = "2026-01-01T00:00:00.000000Z"
    std = "id, created_at, updated_at"
    conn.execute(f"INSERT INTO trip ({std}, name) VALUES ('t', ?, ?, 'Old')", [stamp, stamp])
    for pid, code in (("p1", "KX4T"), ("p2", "MN7Q")):
        conn.execute(f"INSERT INTO participant ({std}, trip_id, name, ballot_code) "
                     "VALUES (?, ?, ?, 't', ?, ?)", [pid, stamp, stamp, pid.upper(), code])
    conn.execute(f"INSERT INTO dataset ({std}, trip_id, title) VALUES ('d1', ?, ?, 't', 'D')",
                 [stamp, stamp])
    conn.execute(f"INSERT INTO ballot_round ({std}, trip_id, title, criteria) "
                 "VALUES ('r1', ?, ?, 't', 'R', '[\"interest\"]')", [stamp, stamp])
    conn.execute(f"INSERT INTO round_item ({std}, round_id, dataset_id) "
                 "VALUES ('ri', ?, ?, 'r1', 'd1')", [stamp, stamp])
    for n, (code, value) in enumerate((("KX4T", 4), ("MN7Q", 2))):
        conn.execute(f"INSERT INTO vote ({std}, round_id, ballot_code, dataset_id, criterion, "
                     "value) VALUES (?, ?, ?, 'r1', ?, 'd1', 'interest', ?)",
                     [f"v{n}", stamp, stamp, code, value])
    conn.close()
    store = open_store(path)
    try:
        codes = {r["ballot_code"] for r in store.query("SELECT ballot_code FROM vote")}
        voter_ids = {r["id"] for r in store.query("SELECT id FROM voter")}
        assert codes == voter_ids and len(codes) == 2
        assert {p.ballot_code for p in store.participants.list()} == {"p1", "p2"}
        res = tally.results(store, "r1")
        assert res.n_ballots == 2 and res.scores[0].stats["interest"].mean == 3
        with pytest.raises(NotValid):
            ballots.start_ballot(store, "r1", "KX4T")  # the old code opens nothing
    finally:
        store.close()
