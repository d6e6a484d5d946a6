"""The data tracker driven by keys, as a facilitator drives it; results checked in SQLite.

"Today" is fixed at 26 Nov 2026: the demo trip then has 7 overdue follow-ups.
The list is sorted by title; its first rows are:
  0 Bereik jongerenwerk per wijk   requested, chased by Anouk Bakker, follow-up 10 Nov (overdue)
  1 Bezetting fietsenstallingen    published
  2 Bomenregister                  published
  3 Culturele voorzieningen        identified
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from textual.widgets import DataTable, Input, Select

from apphelpers import make_app, wait_ready
from screens.common.dashboard import Dashboard
from screens.common.form import FormScreen
from screens.inventory.tracker import TrackerScreen

TODAY = date(2026, 11, 26)
FIRST = "Bereik jongerenwerk per wijk"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(TrackerScreen, "today", TODAY)


def one(path, sql, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()
    finally:
        conn.close()


def status_of(path, title):
    return one(path, "SELECT status FROM dataset WHERE title = ?", title)[0]


def shown_titles(screen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


def notes(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def open_tracker(pilot) -> TrackerScreen:
    await wait_ready(pilot)
    await pilot.press("k")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TrackerScreen)
    return screen


async def test_k_opens_the_tracker_with_every_dataset(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tracker(pilot)
        assert screen.title == "Data tracker"
        assert screen.query_one(DataTable).row_count == 25
        assert shown_titles(screen)[0] == FIRST
        status = screen.query_one("#tracker-status").render().plain
        assert "25 of 25 datasets" in status and "7 overdue" in status


async def test_move_a_status_forward_and_back(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert status_of(demo_db, FIRST) == "located"
        await pilot.press("greater_than_sign")  # > works as well as ]
        await pilot.pause()
        assert status_of(demo_db, FIRST) == "obtained"
        await pilot.press("left_square_bracket", "less_than_sign", "left_square_bracket")
        await pilot.pause()
        assert status_of(demo_db, FIRST) == "identified"
        assert "requested → identified" in notes(app)[-1]
        # the cursor stayed on the dataset it moved
        assert app.screen._current_id() == one(
            demo_db, "SELECT id FROM dataset WHERE title = ?", FIRST)[0]


async def test_a_move_past_the_end_is_refused(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("down", "right_square_bracket")  # Bezetting fietsenstallingen
        await pilot.pause()
        assert status_of(demo_db, "Bezetting fietsenstallingen") == "published"
        assert "already published" in notes(app)[-1]
        await pilot.press("down", "down", "left_square_bracket")  # Culturele voorzieningen
        await pilot.pause()
        assert status_of(demo_db, "Culturele voorzieningen") == "identified"
        assert "first step" in notes(app)[-1]


async def test_undo_a_move(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert status_of(demo_db, FIRST) == "obtained"
        await pilot.press("u")
        await pilot.pause()
        assert status_of(demo_db, FIRST) == "located"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert status_of(demo_db, FIRST) == "requested"
        await pilot.press("u")  # nothing left
        await pilot.pause()
        assert notes(app)[-1] == "Nothing to undo."
        assert status_of(demo_db, FIRST) == "requested"


async def test_set_a_follow_up_date_the_dutch_way_and_undo_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        field = app.screen.query_one("#field-follow_up", Input)
        assert field.value == "2026-11-10"
        await pilot.press("ctrl+a", "ctrl+k", *"1-12-2026", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert one(demo_db, "SELECT follow_up FROM dataset WHERE title = ?", FIRST) == (
            "2026-12-01",)
        status = screen.query_one("#tracker-status").render().plain
        assert "6 overdue" in status  # no longer late
        await pilot.press("u")
        await pilot.pause()
        assert one(demo_db, "SELECT follow_up FROM dataset WHERE title = ?", FIRST) == (
            "2026-11-10",)


async def test_a_bad_follow_up_date_keeps_the_form_open(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("f", "ctrl+a", "ctrl+k", *"31-11-2026", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "not a date" in app.screen.query_one("#error-follow_up").render().plain
        await pilot.press("escape")
        await pilot.pause()
    assert one(demo_db, "SELECT follow_up FROM dataset WHERE title = ?", FIRST) == (
        "2026-11-10",)


async def test_clearing_the_follow_up_date(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("f", "ctrl+a", "ctrl+k", "enter")
        await pilot.pause()
    assert one(demo_db, "SELECT follow_up FROM dataset WHERE title = ?", FIRST) == (None,)


async def test_choose_who_chases_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("w")
        await pilot.pause()
        select = app.screen.query_one("#field-chaser_id", Select)
        assert select.has_focus
        # options: Nobody, then by name: Anouk Bakker (the chaser now), Bram Visser, ...
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TrackerScreen)
        assert one(demo_db, "SELECT p.name FROM dataset d JOIN participant p "
                            "ON p.id = d.chaser_id WHERE d.title = ?", FIRST) == ("Bram Visser",)
        assert "Bram Visser" in str(app.screen.query_one(DataTable).get_row_at(0)[3])
        await pilot.press("u")
        await pilot.pause()
    assert one(demo_db, "SELECT p.name FROM dataset d JOIN participant p "
                        "ON p.id = d.chaser_id WHERE d.title = ?", FIRST) == ("Anouk Bakker",)


async def test_nobody_chases_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tracker(pilot)
        await pilot.press("w", "enter")
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert one(demo_db, "SELECT chaser_id FROM dataset WHERE title = ?", FIRST) == (None,)


async def test_overdue_only(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("O")
        await pilot.pause()
        shown = shown_titles(screen)
        assert len(shown) == 7
        conn = sqlite3.connect(demo_db)
        late = {title for (title,) in conn.execute(
            "SELECT title FROM dataset WHERE follow_up < '2026-11-26' "
            "AND status != 'published' AND deleted_at IS NULL")}
        conn.close()
        assert set(shown) == late
        # moving an overdue dataset on does not end its lateness: only a new date does
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert len(shown_titles(screen)) == 7
        await pilot.press("f", "ctrl+a", "ctrl+k", *"2026-12-01", "enter")
        await pilot.pause()
        assert len(shown_titles(screen)) == 6
        await pilot.press("O")
        await pilot.pause()
        assert len(shown_titles(screen)) == 25


async def test_status_and_department_filters_cycle(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tracker(pilot)
        await pilot.press("S")
        await pilot.pause()
        assert len(shown_titles(screen)) == 4  # identified
        await pilot.press("S")
        await pilot.pause()
        assert len(shown_titles(screen)) == 3  # requested
        assert "Status:  requested" in screen.query_one("#tracker-filters").render().plain
        await pilot.press(*"S" * 6)  # ... published, then all again
        await pilot.pause()
        assert len(shown_titles(screen)) == 25
        await pilot.press("e")
        await pilot.pause()
        assert shown_titles(screen) == ["Culturele voorzieningen"]  # the first department
        await pilot.press("e", "S")  # Energietransitie, identified: none
        await pilot.pause()
        assert shown_titles(screen) == []
        assert "No dataset matches" in screen.query_one("#detail-info").render().plain
        await pilot.press("c")
        await pilot.pause()
        assert len(shown_titles(screen)) == 25


async def test_search_by_title_or_department(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tracker(pilot)
        # typed letters go to the search box, not to the screen's keys (o, e, s...)
        await pilot.press("slash", *"wonen")
        await pilot.pause()
        assert shown_titles(screen) == ["Leegstaande panden",
                                        "Nieuwbouwprojecten en opleveringen"]
        assert not screen.overdue_only and screen.department_filter is None
        await pilot.press("enter", "right_square_bracket")  # back in the list, and moved
        await pilot.pause()
        assert status_of(demo_db, "Leegstaande panden") == "explored"
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(shown_titles(screen)) == 25


async def test_the_detail_pane_follows_the_cursor(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_tracker(pilot)
        tasks = screen.query_one("#detail-tasks").render().plain
        assert "Anouk Bakker" in tasks and "Jeugdvoorzieningen spreiden" in tasks
        assert "Stichting Jongerenwerk" in screen.query_one("#detail-stakeholders").render().plain
        assert "16 days overdue" in screen.query_one("#detail-info").render().plain
        await pilot.press(*["down"] * 9)  # Kerncijfers wijken en buurten
        await pilot.pause()
        tasks = screen.query_one("#detail-tasks").render().plain
        assert "Tasks and participants (3)" in tasks
        for name in ("Anouk Bakker", "Lotte Mulder", "Priya Ramdin"):
            assert name in tasks
        stakeholders = screen.query_one("#detail-stakeholders").render().plain
        assert "Wijkraad Overvecht" in stakeholders and "Hogeschool Utrecht" in stakeholders


async def test_the_dashboard_counts_follow_a_move(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        pipeline = app.screen.query_one("#pipeline").render().plain
        assert "ready to publish 4" in pipeline and "published 2" in pipeline
        await pilot.press("k", "S", "S", "S", "S", "S", "S")  # only "ready"
        await pilot.pause()
        await pilot.press("right_square_bracket", "d")
        await pilot.pause()
        assert isinstance(app.screen, Dashboard)
        pipeline = app.screen.query_one("#pipeline").render().plain
        assert "ready to publish 3" in pipeline and "published 3" in pipeline
        await pilot.press("k", "u", "d")  # the undo shows on the dashboard too
        await pilot.pause()
        pipeline = app.screen.query_one("#pipeline").render().plain
        assert "ready to publish 4" in pipeline and "published 2" in pipeline


async def test_dutch_interface(demo_db):
    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_tracker(pilot)
        assert screen.title == "Datatracker"
        assert "te laat" in screen.query_one("#tracker-status").render().plain
        await pilot.press("down", "right_square_bracket")
        await pilot.pause()
        assert "laatste stap" in notes(app)[-1]


async def test_link_stakeholders_from_the_tracker(demo_db):
    from textual.widgets import SelectionList

    from apphelpers import db_rows, make_app, wait_ready

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("l")  # first row: Bereik jongerenwerk per wijk
        await pilot.pause()
        assert app.screen.query_one(SelectionList).selected  # Stichting Jongerenwerk
        await pilot.press("space")  # tick the first in the list: Buurtteam Noordwest
        await pilot.press("ctrl+s")
        await pilot.pause()
    linked = db_rows(demo_db, """SELECT s.name FROM stakeholder_dataset l
        JOIN dataset d ON d.id = l.dataset_id JOIN stakeholder s ON s.id = l.stakeholder_id
        WHERE d.title = 'Bereik jongerenwerk per wijk' AND l.deleted_at IS NULL ORDER BY 1""")
    assert linked == [("Buurtteam Noordwest",), ("Stichting Jongerenwerk",)]
