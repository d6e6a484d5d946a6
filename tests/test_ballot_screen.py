"""The ranking exercise driven by keys: rounds, ballot mode, results; checked in SQLite.

The demo trip has 4 "ready" datasets (by title: Meetwaarden luchtkwaliteit (sensoren),
Nieuwbouwprojecten en opleveringen, Speelplekken en speeltoestellen, Zonnepotentie daken) and 12
participants, among them Fatima El Amrani and Joost van der Meer, whose codes for a round are
read from the voter table as a code card would show them. Its one round is closed and revealed.
"""

from __future__ import annotations

import html
import re

from textual.widgets import DataTable, Static

from apphelpers import FATIMA, JOOST, code_of, db_rows, make_app, voter_row, wait_ready
from screens.ranking.ballot import BallotScreen
from screens.ranking.ballot_seal import PinPrompt
from screens.ranking.priority_chart import PriorityChart
from screens.ranking.rounds import RankingScreen
from screens.ranking.results import ResultsScreen
from workshop_data.ranking import ballots, voters
from workshop_data.common.store import open_store

PIN = "2468"

READY = ["Meetwaarden luchtkwaliteit (sensoren)", "Nieuwbouwprojecten en opleveringen",
         "Speelplekken en speeltoestellen", "Zonnepotentie daken"]


def ready_round(path, **options) -> str:
    """A round over the 4 ready datasets in title order, opened from another connection; the
    facilitator's PIN is set (the first-use prompt has a test of its own)."""
    store = open_store(path)
    try:
        options.setdefault("random_order", False)
        if not voters.has_pin(store):
            voters.set_pin(store, PIN)
        return ballots.open_round(store, "Ready data", status="ready", **options).id
    finally:
        store.close()


def screen_text(app) -> str:
    """What the screen shows, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    text = re.sub(r"<[^>]+>", "", re.sub(r"<style.*?</style>", "", svg, flags=re.S))
    return html.unescape(text).replace("\xa0", " ")


def widget_text(screen) -> str:
    """The text every Static of the screen holds, shown or not."""
    parts = []
    for widget in screen.query(Static):
        content = widget.content
        parts.append(getattr(content, "plain", str(content)))
    return "\n".join(parts)


async def open_ranking(pilot) -> RankingScreen:
    await wait_ready(pilot)
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RankingScreen)
    return pilot.app.screen


async def start_ballot_mode(pilot, code: str | None = None) -> BallotScreen:
    """Ballot mode on the newest round; type ``code`` (default: Fatima's, in lower case)."""
    await open_ranking(pilot)
    await pilot.press("c")  # cast votes; the newest round is selected first
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BallotScreen)
    if code is None:
        code = code_of(pilot.app.store, screen.round_id).lower()
    if code:
        await pilot.press(*code, "enter")
        await pilot.pause()
    return screen


async def leave(pilot, pin: str = PIN) -> None:
    await pilot.press("ctrl+x", *pin, "enter")
    await pilot.pause()


def votes(path, name: str = FATIMA):
    return db_rows(path, "SELECT d.title, v.criterion, v.value, v.skipped FROM vote v "
                         "JOIN dataset d ON d.id = v.dataset_id JOIN ballot_round r "
                         "ON r.id = v.round_id JOIN voter w ON w.id = v.ballot_code "
                         "JOIN participant p ON p.id = w.participant_id "
                         "WHERE r.title = 'Ready data' AND p.name = ? AND v.deleted_at IS NULL "
                         "ORDER BY d.title, v.criterion DESC", name)


async def test_a_whole_ballot_by_keys_then_nothing_of_it_on_screen(demo_db):
    code = code_of(demo_db, ready_round(demo_db))
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        assert screen.state == "vote"
        text = screen_text(app)
        assert READY[0] in text and "Fijnstof" in text and "Luchtkwaliteit meten" in text
        assert "Dataset 1 of 4" in text
        await pilot.press("4", "5")           # Meetwaarden: interest 4, importance 5
        await pilot.press("s", "3")           # Nieuwbouw: interest skipped, importance 3
        await pilot.press("2")                # Speelplekken: interest 2 ...
        await pilot.press("left")             # ... back to it
        await pilot.pause()
        assert "Dataset 3 of 4" in screen_text(app)
        await pilot.press("5", "1")           # revised to 5; importance 1
        await pilot.press("9")                # not on the scale: explained, not stored
        await pilot.pause()
        assert "Use the keys 1 to 5" in screen_text(app)
        await pilot.press("3", "4")           # Zonnepotentie
        await pilot.pause()
        assert screen.state == "finish"
        assert "8 of 8 answers saved" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state == "thanks"
        shown, held = screen_text(app), widget_text(screen)
        assert "pass the laptop on" in shown
        for secret in [*READY, code, code.lower(), "Fatima", "Fijnstof", "Luchtkwaliteit meten"]:
            assert secret not in shown and secret not in held, secret
        assert not re.search(r"\d", shown), "a score is still on screen"
        assert screen.ballot is None
        await pilot.press("space")            # the next participant
        await pilot.pause()
        assert screen.state == "code"
        assert not re.search(r"\d", screen_text(app))
    assert votes(demo_db) == [
        (READY[0], "interest", 4.0, 0), (READY[0], "importance", 5.0, 0),
        (READY[1], "interest", None, 1), (READY[1], "importance", 3.0, 0),
        (READY[2], "interest", 5.0, 0), (READY[2], "importance", 1.0, 0),
        (READY[3], "interest", 3.0, 0), (READY[3], "importance", 4.0, 0)]


async def test_coming_back_to_revise_a_ballot(demo_db):
    code = code_of(demo_db, ready_round(demo_db))
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        await pilot.press("4", "5")
        await leave(pilot)
        screen = await start_ballot_mode(pilot, code="")
        await pilot.press(*code, "enter")
        await pilot.pause()
        assert "Dataset 2 of 4" in screen_text(app)  # where they left off
        await pilot.press("left", "left", "2")   # change the first answer
        await pilot.pause()
    assert votes(demo_db)[:2] == [(READY[0], "interest", 2.0, 0),
                                  (READY[0], "importance", 5.0, 0)]


async def test_an_unknown_code_is_explained(demo_db):
    ready_round(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot, code="QQQQQQ")
        assert screen.state == "code"
        assert "This code is not valid now" in screen_text(app)


async def test_ballot_mode_takes_every_key_until_the_facilitator_leaves(demo_db):
    ready_round(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        for key in ("d", "p", "t", "k", "r", "question_mark", "ctrl+p", "ctrl+q", "ctrl+c",
                    "escape", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen, key
        assert app.is_running
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert isinstance(app.screen, PinPrompt)
        await pilot.press("ctrl+q")            # not even here
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, PinPrompt)
        await pilot.press("y", "enter")        # the old "y" leaves no more: a wrong PIN
        await pilot.pause()
        assert isinstance(app.screen, PinPrompt) and "not right" in screen_text(app)
        await pilot.press("escape")            # back to the ballot
        await pilot.pause()
        assert app.screen is screen
        await leave(pilot)
        assert isinstance(app.screen, RankingScreen)


async def test_picking_a_name(demo_db):
    ready_round(demo_db, allow_name_pick=True)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot, code="")
        assert "Joost van der Meer" in screen_text(app)
        await pilot.press("tab", *["down"] * 5, "enter")  # the 5th name
        await pilot.pause()
        assert screen.state == "vote" and screen.ballot.voter_id == voter_row(
            app.store, screen.round_id, JOOST)["id"]
        await pilot.press("2")
        await pilot.pause()
    assert votes(demo_db, JOOST) == [(READY[0], "interest", 2.0, 0)]


async def test_a_rank_ballot_by_keys(demo_db):
    ready_round(demo_db, kind="rank")
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        assert screen.state == "list"
        await pilot.press("end", "space")       # Zonnepotentie first
        await pilot.press("down", "s")          # leave Meetwaarden out
        await pilot.press("up", "up", "space")  # Nieuwbouw second
        await pilot.press("down", "space")      # Speelplekken third
        await pilot.press("enter")
        await pilot.pause()
        assert "You ranked 3 datasets" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.state == "thanks"
    assert votes(demo_db) == [(READY[0], "rank", None, 1), (READY[1], "rank", 2.0, 0),
                              (READY[2], "rank", 3.0, 0), (READY[3], "rank", 1.0, 0)]


async def test_a_points_ballot_by_keys(demo_db):
    ready_round(demo_db, kind="points", points_budget=20, points_cap=12)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        await pilot.press("1", "2", "down", "9")    # 12, then 9: over the budget of 20
        await pilot.pause()
        assert "21 points: you have 20" in screen_text(app)
        await pilot.press("0")                       # none for this one: a choice too
        await pilot.press("down", "1", "3")          # 13 is over the cap: stays 1
        await pilot.pause()
        assert "At most 12 points" in screen_text(app)
        await pilot.press("plus", "plus", "down", "7", "backspace", "5", "minus")
        await pilot.pause()
        assert "Points left: 1 of 20" in screen_text(app)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert screen.state == "thanks"
    assert votes(demo_db) == [(READY[0], "points", 12.0, 0), (READY[1], "points", 0.0, 0),
                              (READY[2], "points", 3.0, 0), (READY[3], "points", 4.0, 0)]


async def test_open_close_and_reveal_a_round_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ranking(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"Second round", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(DataTable).row_count == 2
        await pilot.press("l", "h")
        await pilot.pause()
    assert db_rows(demo_db, "SELECT status, revealed, kind, criteria FROM ballot_round "
                            "WHERE title = 'Second round'") == [
        ("closed", 1, "score", '["interest", "importance"]')]
    assert db_rows(demo_db, "SELECT count(*) FROM round_item r JOIN ballot_round b "
                            "ON b.id = r.round_id WHERE b.title = 'Second round'") == [(25,)]


async def test_delete_a_round_and_undo(demo_db):
    """x removes the round under the cursor (softly, votes kept); u brings it back with
    its votes and puts the cursor on it; a second u has nothing left to undo."""
    votes_before = db_rows(demo_db, "SELECT count(*) FROM vote")
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_ranking(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 1
        await pilot.press("x")
        await pilot.pause()
        assert table.row_count == 0
        assert db_rows(demo_db, "SELECT count(*) FROM ballot_round WHERE deleted_at IS NULL") == [(0,)]
        await pilot.press("u")
        await pilot.pause()
        assert table.row_count == 1 and table.cursor_row == 0
        await pilot.press("u")
        await pilot.pause()
        assert table.row_count == 1
    assert db_rows(demo_db, "SELECT count(*) FROM ballot_round WHERE deleted_at IS NULL") == [(1,)]
    assert db_rows(demo_db, "SELECT count(*) FROM vote") == votes_before


async def test_a_bad_scale_keeps_the_form_open(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ranking(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-scale_max").value = "12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "between 0 and 9" in form.query_one("#error-scale_max").render().plain
    assert db_rows(demo_db, "SELECT count(*) FROM ballot_round") == [(1,)]


def table_titles(screen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]).strip() for i in range(table.row_count)]


def column(screen, key: str) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(cell).strip() for cell in table.get_column(key)]


async def test_results_sort_by_keys_and_show_ties(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ranking(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert table_titles(screen)[:2] == ["Leegstaande panden",
                                           "Nabijheid voorzieningen per buurt"]
        assert column(screen, "rank")[:4] == ["1", "2", "=3", "=3"]
        await pilot.press("greater_than_sign")        # interest mean
        await pilot.pause()
        means = [float(m) for m in column(screen, "interest:mean")]
        assert means == sorted(means, reverse=True) and screen.sort == "interest:mean"
        await pilot.press("f")                        # lowest first
        await pilot.pause()
        means = [float(m) for m in column(screen, "interest:mean")]
        assert means == sorted(means)
        assert column(screen, "rank")[:2] == ["=19", "=19"]
        await pilot.press("less_than_sign", "less_than_sign")   # the title
        await pilot.pause()
        titles = table_titles(screen)
        assert titles == sorted(titles, key=str.casefold)
        assert "sorted by Dataset" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RankingScreen)


async def test_the_chart_shows_the_quadrants(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_ranking(pilot)
        await pilot.press("enter", "c")
        await pilot.pause()
        chart = app.screen.query_one(PriorityChart)
        assert chart.display and chart.size.width > 40
        text = chart.render().plain
        for label in ("ACT NOW", "QUICK WINS", "BUILD INTEREST", "PARK", "interest →",
                      "↑ importance"):
            assert label in text
        assert "●" in text
        assert "Leegstaande panden" in screen_text(app)  # in the legend


async def test_results_stay_hidden_until_revealed(demo_db):
    round_id = ready_round(demo_db)
    store = open_store(demo_db)
    ballot = ballots.start_ballot(store, round_id, code_of(store, round_id))
    ballots.cast_vote(store, ballot, ballot.items[0].dataset_id, "interest", 5)
    store.close()
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ranking(pilot)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "hidden" in text
        assert not any(title in text for title in READY)
        await pilot.press("h")
        await pilot.pause()
        assert READY[0] in screen_text(app)
    assert db_rows(demo_db, "SELECT revealed FROM ballot_round WHERE title = 'Ready data'") == [
        (1,)]


async def test_results_follow_a_vote_cast_by_another_process(demo_db):
    round_id = ready_round(demo_db)
    other = open_store(demo_db)
    ballots.reveal(other, round_id)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ranking(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert column(screen, "interest:n_votes") == ["0", "0", "0", "0"]
        ballot = ballots.start_ballot(other, round_id, code_of(other, round_id, JOOST))
        for item, criterion in ballot.questions():  # a whole ballot: only that counts
            ballots.cast_vote(other, ballot, item.dataset_id, criterion, 4)
        for _ in range(100):  # the App looks at the file every second (a loaded CI: slower)
            await pilot.pause(0.1)
            if "1" in column(screen, "interest:n_votes"):
                break
        assert sorted(column(screen, "interest:n_votes")) == ["1", "1", "1", "1"]
        assert "1 ballot" in screen_text(app)
    other.close()
