"""Ballot privacy on the laptop, driven by keys: the PIN, the idle timeout, locked codes, who
has voted, code cards — and no credential on any screen that can be projected."""

from __future__ import annotations

import re
import subprocess
import sys

from apphelpers import FATIMA, JOOST, code_of, db_rows, make_app, screen_text, voter_row
from screens.ranking.ballot import BallotScreen
from screens.ranking.ballot_seal import SetPin
from screens.ranking.rounds import RankingScreen
from screens.ranking.turnout import TurnoutScreen
from test_ballot_screen import (READY, leave, open_ranking, ready_round, start_ballot_mode,
                                votes, widget_text)
from workshop_data.ranking import ballots
from workshop_data.common.store import open_store


def round_codes(path) -> list[str]:
    return [r[0] for r in db_rows(path, "SELECT code FROM voter")] + \
        [r[0] for r in db_rows(path, "SELECT token FROM voter")]


async def test_first_use_of_ballot_mode_asks_for_a_pin(demo_db):
    store = open_store(demo_db)
    ballots.open_round(store, "Ready data", status="ready")  # no PIN yet
    store.close()
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ranking(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, SetPin)
        await pilot.press(*"12", "enter", *"12", "enter")        # too short
        await pilot.pause()
        assert "4 to 12 digits" in screen_text(app)
        await pilot.press(*"1357", "enter", *"1358", "enter")    # two different PINs
        await pilot.pause()
        assert "differ" in screen_text(app) and isinstance(app.screen, SetPin)
        await pilot.press(*"1357", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BallotScreen)
        assert "ctrl+x" not in screen_text(app)  # no hint for the participants
        await leave(pilot, "1357")
        assert isinstance(app.screen, RankingScreen)
    stored = db_rows(demo_db, "SELECT facilitator_pin FROM trip")[0][0]
    assert stored.startswith("scrypt$") and "1357" not in stored


async def test_an_idle_ballot_is_put_away_as_a_draft_for_its_voter_only(demo_db):
    round_id = ready_round(demo_db, kind="rank")
    code = code_of(demo_db, round_id)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        await pilot.press("end", "space")          # Zonnepotentie first, then walks away
        await pilot.pause()
        # Her last key was long ago; the screen's own once-a-second check puts the ballot away.
        # (A short idle time instead raced a loaded machine: it fired between her two keys.)
        screen.last_key -= screen.idle_seconds + 1
        for _ in range(50):
            if screen.state == "code":
                break
            await pilot.pause(0.1)
        assert screen.state == "code"
        shown, held = screen_text(app), widget_text(screen)
        assert "put away" in shown
        for title in READY:
            assert title not in shown and title not in held
        assert votes(demo_db) == [(READY[3], "rank", 1.0, 0)]
        await pilot.press(*code, "enter")          # she comes back: her draft, and only hers
        await pilot.pause()
        assert screen.draft.order == [screen.ballot.items[3].dataset_id]
        assert "3 still to choose" in screen_text(app)
    store = open_store(demo_db)
    res = __import__("workshop_data.ranking.tally", fromlist=["x"]).results(store, round_id)
    store.close()
    assert (res.n_ballots, res.n_drafts) == (0, 1)


async def test_an_untouched_rank_ballot_is_not_counted(demo_db):
    round_id = ready_round(demo_db, kind="rank")
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "4 not chosen yet" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state == "thanks"
    store = open_store(demo_db)
    assert ballots.list_rounds(store)[0].n_ballots == 0
    assert ballots.ballot_states(store, round_id) == {}
    store.close()


async def test_three_wrong_codes_lock_the_laptop_for_a_minute(demo_db):
    round_id = ready_round(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot, code="")
        for wrong in ("QQQQQQ", "WWWWWW", "KKKKKK"):
            await pilot.press(*wrong, "enter")
            await pilot.pause()
            assert "not valid now" in screen_text(app)
        await pilot.press(*code_of(demo_db, round_id), "enter")
        await pilot.pause()
        assert screen.state == "code" and "wait a minute" in screen_text(app)
        await leave(pilot)                       # the facilitator unlocks by starting again
        screen = await start_ballot_mode(pilot)
        assert screen.state == "vote"


async def test_a_returning_voter_picked_by_name_needs_their_code(demo_db):
    round_id = ready_round(demo_db, allow_name_pick=True)
    store = open_store(demo_db)
    joost = ballots.start_ballot(store, round_id, code_of(store, round_id, JOOST))
    ballots.cast_vote(store, joost, joost.items[0].dataset_id, "interest", 3)
    store.close()
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot, code="")
        await pilot.press("tab", *["down"] * 5, "enter")  # Joost van der Meer
        await pilot.pause()
        assert screen.state == "code" and "type the code on your card" in screen_text(app)
        assert "3" not in widget_text(screen)             # his score is not shown
        await pilot.press(*code_of(demo_db, round_id, JOOST), "enter")
        await pilot.pause()
        assert screen.state == "vote" and screen.ballot.answers


async def test_who_has_voted_shows_names_never_scores_or_codes(demo_db):
    round_id = ready_round(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_ballot_mode(pilot)
        await pilot.press(*"45", *"23", *"51", *"34")   # a whole ballot
        await pilot.press("enter")
        await pilot.pause()
        await leave(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, TurnoutScreen)
        text = screen_text(app)
        assert "1 of 12 has voted" in text and FATIMA in text and "✔" in text
        assert not re.search(r"\b[1-5]\.0\b", text)
        for secret in round_codes(demo_db):
            assert secret not in text
        old = voter_row(demo_db, round_id)
        await pilot.press("n")                          # a new code for the first name...
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert any("new code" in n.message for n in app._notifications)
        assert "1 of 12 has voted" in screen_text(app)  # ...keeps the votes
    changed = [r for r in db_rows(demo_db, "SELECT id, code FROM voter WHERE round_id = ?",
                                  round_id) if r[0] != old["id"]]
    assert len(changed) == 11  # only the selected voter (the first by name) was re-issued


async def test_code_cards_are_written_without_showing_a_code(demo_db, tmp_path):
    round_id = ready_round(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_ranking(pilot)
        await pilot.press("P")
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications) + screen_text(app)
        assert "12 code cards written to" in said
        for secret in round_codes(demo_db):
            assert secret not in said
    written = list(demo_db.parent.glob("*-cards-*.html"))
    assert len(written) == 1
    page = written[0].read_text("utf-8")
    assert page.count('class="card"') == 12 and page.count("<svg") == 12
    code = code_of(demo_db, round_id)
    assert f"{code[:3]} {code[3:]}" in page and FATIMA in page and "Ready data" in page


def test_the_codes_command_writes_cards_and_prints_no_code(demo_db, tmp_path):
    round_id = ready_round(demo_db)
    target = tmp_path / "cards.html"
    run = subprocess.run([sys.executable, "-m", "datatrip_tui.cli", "codes", "--db", str(demo_db),
                          "--round", round_id, "--to", str(target), "--host", "10.42.0.1"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "12 code cards written" in run.stdout
    for secret in round_codes(demo_db):
        assert secret not in run.stdout + run.stderr
    page = target.read_text("utf-8")
    assert page.count("<svg") == 12 and "@page" in page and "dashed" in page
    bad = subprocess.run([sys.executable, "-m", "datatrip_tui.cli", "codes", "--db", str(demo_db),
                          "--round", "nope", "--to", str(target)], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 2 and "nope" in bad.stderr


async def test_no_credential_on_the_participants_or_ranking_screens(demo_db):
    ready_round(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ranking(pilot)
        ranking = screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        participants = screen_text(app)
        assert FATIMA in participants
    secrets = round_codes(demo_db)
    assert len(secrets) == 48  # 12 voters in the demo round and 12 in the new one
    for secret in secrets:
        assert secret not in ranking and secret not in participants
