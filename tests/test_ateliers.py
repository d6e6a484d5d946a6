"""Date, place and agenda of an atelier: edited by keys, shown on the atelier's screens."""

from __future__ import annotations

import pytest

from apphelpers import db_rows as rows, make_app, wait_ready
from screens.common.atelier import AtelierBar
from screens.common.form import FormScreen
from screens.inventory.tasks import InventoryScreen
from workshop_data.common.ateliers import agenda_lines, update_atelier
from workshop_data.common.errors import ValidationError


def test_update_atelier_takes_dutch_dates_and_tidies_the_agenda(demo_store):
    saved = update_atelier(demo_store, 3, date="19-11-2026", place="  Stadhuis ",
                           agenda="  Opening  \n\nData verkennen \n")
    assert (saved.date, saved.place, saved.agenda) == ("2026-11-19", "Stadhuis",
                                                       "Opening\n\nData verkennen")
    assert agenda_lines(saved.agenda) == ["Opening", "Data verkennen"]
    with pytest.raises(ValidationError):
        update_atelier(demo_store, 3, date="31-02-2026")


async def test_a_on_the_inventory_edits_atelier_1_and_the_bar_shows_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InventoryScreen)
        bar = str(screen.query_one(AtelierBar).render())
        assert "Stadskantoor, zaal 6.12" in bar and "Welkom en kennismaking" in bar
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+shift+a", "backspace", *"8-10-2026", "enter")   # date
        await pilot.press("ctrl+shift+a", "backspace", *"Raadzaal", "enter")     # place
        await pilot.press("f7", "backspace", *"Koffie", "enter", *"Taken in kaart")  # agenda
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        bar = str(screen.query_one(AtelierBar).render())
        assert "Raadzaal" in bar and "Koffie · Taken in kaart" in bar
    assert rows(demo_db, "SELECT date, place, agenda FROM atelier WHERE number = 1") == [
        ("2026-10-08", "Raadzaal", "Koffie\nTaken in kaart")]


async def test_keys_1_to_4_on_the_dashboard_edit_that_atelier(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("tab", "ctrl+shift+a", "backspace", *"Neude", "ctrl+s")
        await pilot.pause()
        card = str(app.dashboard.query_one("#atelier-4").render())
        assert "Neude" in card
    assert rows(demo_db, "SELECT place FROM atelier WHERE number = 4") == [("Neude",)]
