"""The stakeholder register, grid and invitations driven by keys; results checked in SQLite.

Demo positions used here (influence, interest):
  Festivalorganisatoren Utrecht  3, 4  keep informed   candidate
  Energiecoöperatie Utrecht      2, 5  keep informed   confirmed (first invitation by name)
"""

from __future__ import annotations

from textual.widgets import DataTable, Input, SelectionList

from apphelpers import db_rows as rows, make_app, wait_for, wait_ready
from screens.common.form import FormScreen
from screens.stakeholders.grid_widget import StakeholderGrid
from screens.stakeholders.invitations import InvitationsScreen
from screens.stakeholders.grid import StakeholderGridScreen
from screens.stakeholders.pick import PickModal
from screens.stakeholders.register import StakeholdersScreen
from workshop_data.stakeholders.register import strategy

FESTIVAL = "Festivalorganisatoren Utrecht"


def visible(app) -> str:
    """Everything the screen shows, as plain text: the screenshot's SVG, put back in lines."""
    import html
    import re

    lines: dict[float, dict[int, str]] = {}
    for x, y, length, content in re.findall(
            r'<text[^>]* x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>([^<]*)</text>',
            app.export_screenshot()):
        text = html.unescape(content).replace("\xa0", " ")
        if not text:
            continue
        column = round(float(x) / (float(length) / len(text)))
        row = lines.setdefault(float(y), {})
        for offset, char in enumerate(text):
            row[column + offset] = char
    return "\n".join("".join(row.get(i, " ") for i in range(max(row) + 1))
                     for _y, row in sorted(lines.items()))


def position(path, name):
    return rows(path, "SELECT influence, interest FROM stakeholder WHERE name = ?", name)[0]


def notes(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def select_on_grid(pilot, name: str) -> StakeholderGrid:
    grid = pilot.app.screen.query_one(StakeholderGrid)
    for _ in range(len(grid.markers) + 1):
        if grid.current is not None and grid.current.name == name:
            return grid
        await pilot.press("n")
    raise AssertionError(f"{name} not reached with n")


# -- the grid ----------------------------------------------------------------------------------

async def test_move_across_a_quadrant_border_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, StakeholderGridScreen)
        grid = await select_on_grid(pilot, FESTIVAL)
        assert grid.current.strategy == "keep_informed"
        await pilot.press("shift+up")  # influence 3 → 4: over the border
        await pilot.pause()
        assert position(demo_db, FESTIVAL) == (4, 4)
        assert strategy(*position(demo_db, FESTIVAL)) == "manage_closely"
        assert grid.current.name == FESTIVAL  # still selected after the move
        assert "Manage closely" in visible(app)
        assert any("Manage closely" in note for note in notes(app))
        # move mode: m picks it up, the plain arrows move it, m puts it down
        await pilot.press("m", "left", "left", "m")
        await pilot.pause()
        assert position(demo_db, FESTIVAL) == (4, 2)
        assert strategy(4, 2) == "keep_satisfied"
        await pilot.press("left")  # selecting again, not moving
        await pilot.pause()
        assert position(demo_db, FESTIVAL) == (4, 2)
        await grid_undo(pilot, 3)
    assert position(demo_db, FESTIVAL) == (3, 4)


async def grid_undo(pilot, times: int) -> None:
    for _ in range(times):
        await pilot.press("u")
    await pilot.pause()


async def test_a_move_stops_at_the_edge(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        await select_on_grid(pilot, FESTIVAL)
        await pilot.press(*["shift+right"] * 4)
        await pilot.pause()
    assert position(demo_db, FESTIVAL) == (3, 5)


async def test_arrow_keys_walk_between_markers(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        await pilot.pause()
        grid = app.screen.query_one(StakeholderGrid)
        seen = {grid.selected}
        for key in ["down", "right", "down", "left", "down", "right", "up", "left"] * 3:
            await pilot.press(key)
            seen.add(grid.selected)
        assert len(seen) > 5
        assert grid.selected in {m.id for m in grid.markers}


async def test_the_projected_grid_never_shows_contacts(demo_db):
    contacts = [row[0] for row in rows(demo_db, "SELECT contact FROM stakeholder")]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("s", "c")  # contacts shown in the register...
        await pilot.pause()
        assert "@fietsersbond.example" in visible(app)
        await pilot.press("g")  # ...never on the grid, whoever is selected
        await pilot.pause()
        grid = app.screen.query_one(StakeholderGrid)
        for _ in range(len(grid.markers)):
            text = visible(app)
            assert "@" not in text
            assert not any(contact in text for contact in contacts)
            await pilot.press("n")
        lines = "".join(grid.render_line(y).text for y in range(grid.size.height))
        assert "@" not in lines
        assert "Keep satisfied" in lines and "Manage closely" in lines
        assert "Keep informed" in lines and "Monitor" in lines


async def test_grid_filters_by_participant_and_category(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        await pilot.pause()
        grid = app.screen.query_one(StakeholderGrid)
        assert len(grid.markers) == 15
        await pilot.press("c")  # the first category that has stakeholders: residents
        await pilot.pause()
        assert {m.category for m in grid.markers} == {"residents"}
        await pilot.press("escape")
        await pilot.pause()
        assert len(grid.markers) == 15
        await pilot.press("O")  # the first participant with stakeholders
        await pilot.pause()
        assert 0 < len(grid.markers) < 15
        assert "Participant:" in visible(app)


async def test_a_crowded_grid_stays_legible(demo_db):
    from workshop_data.common.store import open_store

    store = open_store(demo_db)
    for number in range(45):
        store.stakeholders.create(name=f"Organisatie nummer {number:02}", influence=4,
                                  interest=4 + number % 2, contact=f"x{number}@secret.example")
    store.close()
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        await pilot.pause()
        grid = app.screen.query_one(StakeholderGrid)
        assert len(grid.markers) == 60
        text = visible(app)
        assert "more" in text and "@" not in text
        # walk down a crowded cell: the selected name stays in view
        await select_on_grid(pilot, "Organisatie nummer 00")
        for _ in range(15):
            await pilot.press("down")
        await pilot.pause()
        chosen = grid.current.name
        assert chosen.startswith("Organisatie nummer") and chosen != "Organisatie nummer 00"
        assert f"▸ {chosen}" in visible(app)  # the panel lists the crowded cell
        highlight = grid.get_component_rich_style("grid--selected").bgcolor
        marked = [y for y in range(grid.size.height)
                  if any(seg.style and seg.style.bgcolor == highlight
                         for seg in grid.render_line(y))]
        assert marked  # and the grid still draws it, however deep in the cell it is


# -- the register ------------------------------------------------------------------------------

async def open_register(pilot) -> StakeholdersScreen:
    await wait_ready(pilot)
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StakeholdersScreen)
    return pilot.app.screen


async def test_add_a_stakeholder_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Vereniging Eigen Huis", "enter", *"VEH", "enter")
        # category: open the select, pick the first option (residents)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("home", "enter")
        await pilot.pause()
        await pilot.press("tab", *"Belangenbehartiger", "tab")
        # influence: open, one down from 3 to 4
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        app.screen.query_one("#field-contact", Input).focus()
        await pilot.press(*"info@veh.example")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(DataTable).row_count == 16
    assert rows(demo_db, "SELECT organisation, category, role, influence, interest, contact "
                         "FROM stakeholder WHERE name = 'Vereniging Eigen Huis'") == [
        ("VEH", "residents", "Belangenbehartiger", 4, 3, "info@veh.example")]


async def test_edit_delete_and_undo_in_the_register(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 15
        # first row by name: Buurtteam Noordwest
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#field-name", Input).value == "Buurtteam Noordwest"
        await pilot.press("tab")  # organisation
        await pilot.press("ctrl+a", "ctrl+k", *"Buurtteams Utrecht Noordwest", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert rows(demo_db, "SELECT organisation FROM stakeholder WHERE name = ?",
                    "Buurtteam Noordwest") == [("Buurtteams Utrecht Noordwest",)]
        # delete Festivalorganisatoren (row 3), which has an invitation
        await pilot.press("down", "down", "down", "x")
        await pilot.pause()
        assert table.row_count == 14
        assert rows(demo_db, "SELECT s.deleted_at IS NOT NULL, i.deleted_at IS NOT NULL "
                             "FROM stakeholder s JOIN invitation i ON i.stakeholder_id = s.id "
                             "WHERE s.name = ?", FESTIVAL) == [(1, 1)]
        await pilot.press("u")
        await pilot.pause()
        assert table.row_count == 15
    assert rows(demo_db, "SELECT s.deleted_at, i.deleted_at FROM stakeholder s "
                         "JOIN invitation i ON i.stakeholder_id = s.id WHERE s.name = ?",
                FESTIVAL) == [(None, None)]


async def test_register_contacts_search_and_filter(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        assert "@" not in visible(app)
        await pilot.press("c")
        await pilot.pause()
        assert "@wijkraadovervecht.example" in visible(app)
        await pilot.press("c", "slash", *"utrecht")
        await pilot.pause()
        table = screen.query_one(DataTable)
        assert 0 < table.row_count < 15
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 15
        screen.flt.category = "government"
        screen.refresh_data()
        assert table.row_count == 3


async def test_link_datasets_from_the_register(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_register(pilot)
        # Team Communicatie has no datasets; it is row 10 by name
        await pilot.press(*["down"] * 10)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        datasets = app.screen.query_one("#pick-0", SelectionList)
        assert datasets.selected == []
        await pilot.press("space", "down", "space", "ctrl+s")  # the first two datasets
        await pilot.pause()
        assert isinstance(app.screen, StakeholdersScreen)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("space", "ctrl+s")  # untick the first one again
        await pilot.pause()
    linked = rows(demo_db, "SELECT count(*), sum(l.deleted_at IS NULL) FROM stakeholder_dataset l "
                           "JOIN stakeholder s ON s.id = l.stakeholder_id "
                           "WHERE s.name = 'Team Communicatie'")
    assert linked == [(2, 1)]


async def test_invite_from_the_register(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_register(pilot)
        await pilot.press("n")  # Buurtteam Noordwest
        await pilot.pause()
        await pilot.press("n")  # already on the list: a warning, nothing more
        await pilot.pause()
        assert any("already" in note for note in notes(app))
    assert rows(demo_db, "SELECT i.status FROM invitation i JOIN stakeholder s "
                         "ON s.id = i.stakeholder_id WHERE s.name = 'Buurtteam Noordwest'") == [
        ("candidate",)]


# -- invitations -------------------------------------------------------------------------------

def log_of(path, name):
    return rows(path, "SELECT l.from_status, l.to_status, l.override, l.note "
                      "FROM invitation_log l JOIN invitation i ON i.id = l.invitation_id "
                      "JOIN stakeholder s ON s.id = i.stakeholder_id WHERE s.name = ? "
                      "ORDER BY l.created_at, l.rowid", name)


async def open_invitations(pilot) -> InvitationsScreen:
    await wait_ready(pilot)
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(pilot.app.screen, InvitationsScreen)
    return pilot.app.screen


async def test_status_change_by_key_is_logged(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_invitations(pilot)
        await pilot.press("right_square_bracket")  # Energiecoöperatie: confirmed → attended
        await pilot.pause()
        assert "confirmed → attended" in visible(app)
        await pilot.press("d")
        await pilot.pause()
        card = app.screen.query_one("#atelier-4").render().plain
        assert "1  stakeholder came" in card.replace("   ", "  ")
    assert rows(demo_db, "SELECT i.status FROM invitation i JOIN stakeholder s "
                         "ON s.id = i.stakeholder_id WHERE s.name = ?",
                "Energiecoöperatie Utrecht") == [("attended",)]
    assert log_of(demo_db, "Energiecoöperatie Utrecht")[-1] == ("confirmed", "attended", 0, "")


async def test_an_illegal_jump_by_key_is_refused_then_overridden(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_invitations(pilot)
        await pilot.press("down")  # Festivalorganisatoren: candidate
        await pilot.press("4")  # attended: not a step from candidate
        await pilot.pause()
        assert any("candidate → attended" in note for note in notes(app))
        assert log_of(demo_db, FESTIVAL) == [(None, "candidate", 0, "")]
        await pilot.press("exclamation_mark")  # override ("o" is the App's, for prototypes)
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")  # open the status list
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # candidate → attended
        await pilot.pause()
        await pilot.press("tab", "ctrl+s")  # no reason: refused, the form stays
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "reason" in app.screen.query_one("#error-note").render().plain
        await pilot.press(*"kwam mee met de Fietsersbond", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "override" in visible(app)
        await pilot.press("u")  # undo: back to candidate, itself an override in the log
        await pilot.pause()
    assert log_of(demo_db, FESTIVAL) == [
        (None, "candidate", 0, ""), ("candidate", "attended", 1, "kwam mee met de Fietsersbond"),
        ("attended", "candidate", 1, "undo")]


async def test_add_remove_and_the_public_list(demo_db):
    contacts = [row[0] for row in rows(demo_db, "SELECT contact FROM stakeholder")]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_invitations(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 8
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        await pilot.press("space", "down", "space", "ctrl+s")
        await pilot.pause()
        assert table.row_count == 10
        await pilot.press("x")
        await pilot.pause()
        assert table.row_count == 9
        await pilot.press("u")
        await pilot.pause()
        assert table.row_count == 10
        await pilot.press("c")
        await pilot.pause()
        assert "@" in visible(app)
        await pilot.press("l")  # the public list: no contacts, no candidates, no declined
        await pilot.pause()
        text = visible(app)
        assert "@" not in text and not any(c in text for c in contacts)
        assert table.row_count == 5
        await pilot.press("c")  # contacts cannot be switched on here
        await pilot.pause()
        assert "@" not in visible(app)
    assert rows(demo_db, "SELECT count(*) FROM invitation WHERE deleted_at IS NULL") == [(10,)]


async def test_dutch_screens(demo_db):
    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.title == "Stakeholderkaart"
        text = visible(app)
        assert "Nauw betrekken" in text and "Tevreden houden" in text
        await pilot.press("i")
        await pilot.pause()
        assert "bevestigd" in visible(app)


async def test_register_filter_selects_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        calls = []
        original = screen.refresh_data
        screen.refresh_data = lambda *a, **k: (calls.append(1), original(*a, **k))
        await pilot.press("f", "enter")  # open the participant list
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the first participant (after "any")
        await wait_for(pilot, lambda: screen.flt.participant is not None)
        await pilot.pause(0.3)
        table = screen.query_one(DataTable)
        assert screen.flt.participant is not None
        assert 0 < table.row_count < 15
        assert len(calls) < 5  # settles: no refresh loop between the filter and the table
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one(DataTable).has_focus
