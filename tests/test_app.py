"""Pilot tests: the app driven by keys, as a facilitator drives it; results checked in SQLite."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from apphelpers import (code_of, db_rows as rows, make_app, palette_found, screen_text, wait_for,
                        wait_ready)
from screens.common.dashboard import Dashboard
from screens.common.help import HelpScreen
from screens.inventory.participants import ParticipantsScreen
from workshop_data.common.store import open_store


def _visible(app) -> str:
    return screen_text(app)


async def test_dashboard_shows_the_trip_and_its_counts(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert isinstance(app.screen, Dashboard)
        text = app.screen.query_one("#atelier-1").render().plain
        assert "participants" in text and "12" in text
        pipeline = app.screen.query_one("#pipeline").render().plain
        assert "published 2" in pipeline
        sync = app.screen.query_one("#sync-state").render().plain
        assert "1 waiting to sync" in sync


async def test_every_screen_is_reached_by_its_key_and_has_help(demo_db):
    from datatrip_tui.app import NAVIGATION

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for key, mode, _title in NAVIGATION:
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)
        await pilot.press("d")
        assert isinstance(app.screen, Dashboard)


async def test_edit_a_participant_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ParticipantsScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 12
        # first row, sorted by name: Anouk Bakker
        await pilot.press("enter")
        await pilot.pause()
        name = app.screen.query_one("#field-name", Input)
        assert name.value == "Anouk Bakker"
        await pilot.press("tab")  # to department
        await pilot.press("ctrl+a", "ctrl+k")  # clear the field
        await pilot.press(*"Jeugd & Onderwijs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
    assert rows(demo_db, "SELECT department FROM participant WHERE name = 'Anouk Bakker'") == [
        ("Jeugd & Onderwijs",)]


async def test_add_a_participant_gets_a_voter_in_open_rounds(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "a")
        await pilot.pause()
        await pilot.press(*"Willemijn Ouédraogo", "enter", *"Cultuur", "enter", *"Adviseur",
                          "enter", *"w.o@utrecht.example", "enter")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 13
    found = rows(demo_db, "SELECT department, email FROM participant "
                          "WHERE name = 'Willemijn Ouédraogo'")
    assert found == [("Cultuur", "w.o@utrecht.example")]
    # no code on the participant: a credential is made per round, when the round is used
    from workshop_data.ranking import ballots

    store = open_store(demo_db)
    round_id = ballots.latest_round(store).id
    store.close()
    assert len(code_of(demo_db, round_id, "Willemijn Ouédraogo")) == 6


async def test_bad_input_keeps_the_form_open_with_a_message(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "a")
        await pilot.pause()
        await pilot.press(*"Piet", "tab", "tab", "tab", *"piet-at-home", "ctrl+s")
        await pilot.pause()
        error = app.screen.query_one("#error-email")
        assert "not an e-mail address" in error.render().plain
        assert app.screen.query_one("#field-name", Input).value == "Piet"  # nothing lost
        await pilot.press("escape")
    assert rows(demo_db, "SELECT count(*) FROM participant WHERE name = 'Piet'") == [(0,)]


async def test_delete_and_undo(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "down", "x")
        await pilot.pause()
        assert "2 tasks and 40 votes" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("y")  # her tasks and votes go too: asked first
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 11
        deleted = rows(demo_db, "SELECT name FROM participant WHERE deleted_at IS NOT NULL")
        assert deleted == [("Bram Visser",)]
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 12
    assert rows(demo_db, "SELECT count(*) FROM participant WHERE deleted_at IS NULL") == [(12,)]


async def test_contacts_are_hidden_until_asked_for(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert "@utrecht.example" not in _visible(app)
        await pilot.press("c")
        await pilot.pause()
        assert "@utrecht.example" in _visible(app)


async def test_search_filters_the_list(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "slash", *"milieu")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 12


async def test_dashboard_follows_a_change(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "x", "y", "d")
        await pilot.pause()
        assert "11" in app.screen.query_one("#atelier-1").render().plain


async def test_dutch_interface(demo_db):
    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert "deelnemers" in app.screen.query_one("#atelier-1").render().plain
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.title == "Deelnemers"
        assert "Toevoegen" in _visible(app)


async def test_projector_theme_toggles_and_is_remembered(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("f2")
        assert app.theme == "datatrip-projector"
    from datatrip_tui.settings import Settings

    assert Settings.load().theme == "datatrip-projector"


async def test_a_new_file_offers_to_create_a_trip(tmp_path):
    path = tmp_path / "new.db"
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert app.screen.__class__.__name__ == "WelcomeScreen"
        await pilot.press(*"Data Trip Zeist", "tab", *"Gemeente Zeist", "tab", "tab",
                          *"1-10-2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Dashboard)
        assert "Data Trip Zeist" in app.screen.query_one("#trip-name").render().plain
    assert rows(path, "SELECT name, organisation FROM trip") == [("Data Trip Zeist",
                                                                  "Gemeente Zeist")]
    assert rows(path, "SELECT date FROM atelier WHERE number = 1") == [("2026-10-01",)]


async def test_a_bad_date_on_the_welcome_screen_is_explained(tmp_path):
    path = tmp_path / "new.db"
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"Trip", "tab", "tab", "tab", *"31-02-2026", "ctrl+s")
        await pilot.pause()
        assert "not a date" in app.screen.query_one("#error").render().plain
    assert rows(path, "SELECT count(*) FROM trip") == [(0,)]


async def test_command_palette_navigates(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to Participants")
        await wait_for(pilot, lambda: palette_found(app))  # the palette searches in a worker
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ParticipantsScreen))
