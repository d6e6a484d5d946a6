"""How the data tracker looks on the demo trip, on a laptop and on a 100x30 projector.

"Today" is fixed at 26 Nov 2026 so that the overdue follow-ups are the same whenever this runs.
Update with ``pytest --snapshot-update`` after a deliberate change of look, and look at the
report before committing the new SVGs."""

from __future__ import annotations

from datetime import date

import pytest

from apphelpers import make_app, wait_ready

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    from screens.inventory.tracker import TrackerScreen

    monkeypatch.setattr(TrackerScreen, "today", TODAY)


def test_tracker(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("k", *["down"] * 9)  # Kerncijfers wijken en buurten: 3 tasks
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)


def test_tracker_overdue_in_dutch_on_a_projector(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "k", "O")
        await pilot.pause()

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=(100, 30),
                        run_before=before)
