"""The ladder and the scores picked by one digit in the stakeholder form, by keys."""

from __future__ import annotations

from textual.widgets import DataTable

from apphelpers import db_rows as rows, make_app, screen_text
from screens.common.form import FormScreen
from test_stakeholder_screens import open_register


async def test_a_rung_is_picked_by_its_digit_and_shown_in_words(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        await pilot.press("enter")  # the first row: Buurtteam Noordwest
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-current_engagement").focus()
        await pilot.press("2")  # consult, and on to the wanted engagement
        assert form.focused.id == "field-desired_engagement"
        await pilot.press("5", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "now:    consult" in screen_text(app)
        assert "wanted: empower" in screen_text(app)
    assert rows(demo_db, "SELECT current_engagement, desired_engagement FROM stakeholder "
                         "WHERE name = 'Buurtteam Noordwest'") == [("consult", "empower")]


async def test_placing_a_new_stakeholder_takes_eight_keys_and_the_name(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(pilot)
        keys = ["a", "enter", "enter", "tab", "tab", "4", "5", "ctrl+s"]
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Vereniging Eigen Huis")
        # name ⏎ organisation ⏎ category ⇥ role ⇥ influence 4, interest 5, save
        await pilot.press(*keys[1:])
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(DataTable).row_count == 16
        assert len(keys) == 8
    assert rows(demo_db, "SELECT influence, interest FROM stakeholder "
                         "WHERE name = 'Vereniging Eigen Huis'") == [(4, 5)]
