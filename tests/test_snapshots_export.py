"""How the export screen looks, on the demo trip, in English on a laptop and in Dutch on a
100x30 projector. Update with ``pytest --snapshot-update`` after a deliberate change of look, and
look at the report before committing the new SVGs."""

from __future__ import annotations

from apphelpers import make_app, wait_ready

TARGET = "/home/facilitator/Documenten/data-trip-utrecht-export"


def _before(*keys):
    async def before(pilot):
        from textual.widgets import SelectionList

        await wait_ready(pilot)
        await pilot.press("E", *keys)
        await pilot.press("f", "ctrl+a", "ctrl+k", *TARGET)
        pilot.app.screen.query_one(SelectionList).focus()  # no blinking cursor in the picture
        await pilot.pause()

    return before


def test_export_screen(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40),
                        run_before=_before("2", "3", "u"))


def test_export_screen_in_dutch_on_a_projector(snap_compare, demo_db):
    async def before(pilot):
        await pilot.press("f2")
        await _before("4", "5")(pilot)

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=(100, 30),
                        run_before=before)
