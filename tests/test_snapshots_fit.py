"""Every screen at 100x30 in Dutch, the projector mode where things were cut: the longer Dutch
words, the footer's keys, the side panels. Update with ``pytest tests/test_snapshots_fit.py
--snapshot-update`` after a deliberate change of look, and look at the PNGs before committing.

Invitation log times and the tracker's "today" are fixed as in the other snapshot files, so the
pictures are the same whenever this runs.
"""

from __future__ import annotations

from datetime import date

import pytest

from apphelpers import code_of, make_app, wait_for, wait_ready
from test_snapshots_ranking import ready_round
from test_snapshots_stakeholders import amsterdam_time, dated_db  # noqa: F401 (fixtures)

PROJECTOR = (100, 30)
EXPORT_TO = "/home/facilitator/Documenten/data-trip-utrecht-export"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    from screens.inventory.tracker import TrackerScreen

    monkeypatch.setattr(TrackerScreen, "today", date(2026, 11, 26))


def keys(*pressed: str, settle=None):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press(*pressed)
        if settle is not None:
            await wait_for(pilot, lambda: settle(pilot.app.screen), timeout=10)
        await pilot.pause(0.2)

    return before


SCREENS = {
    "dashboard": keys(),
    "dashboard_help": keys("question_mark"),
    "participants": keys("p"),
    "participant_form": keys("p", "down", "enter"),
    "tasks": keys("t", "down", "down", "down",
                  settle=lambda s: s.query_one("#detail").ref is not None),
    "tracker": keys("k", *["down"] * 9),
    "rounds": keys("r"),
    "results": keys("r", "enter"),
    "priority_chart": keys("r", "enter", "c"),
    "stakeholders": keys("s", "down", "down"),
    "stakeholder_links": keys("s", "down", "down", "l"),
    "grid": keys("g", "down", "right"),
    "explorer": keys("v"),
    "prototypes": keys("o"),
    "prototype_form": keys("o", "down", "enter"),
    "publish": keys("b"),
    "merge": keys("M"),
}


@pytest.mark.parametrize("name", SCREENS)
def test_screen_fits_a_projector_in_dutch(snap_compare, demo_db, name):
    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=PROJECTOR,
                        run_before=SCREENS[name])


def test_invitations_fit(snap_compare, dated_db):  # noqa: F811 (the fixture)
    assert snap_compare(make_app(dated_db, language="nl"), terminal_size=PROJECTOR,
                        run_before=keys("i", "down", "down", "down"))


def test_export_fits(snap_compare, demo_db):
    async def before(pilot):
        from textual.widgets import SelectionList

        await wait_ready(pilot)
        await pilot.press("E", "space", "down", "down", "space")
        await pilot.press("f", "ctrl+a", "ctrl+k", *EXPORT_TO)
        pilot.app.screen.query_one(SelectionList).focus()  # no blinking cursor in the picture
        await pilot.pause()

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=PROJECTOR,
                        run_before=before)


def test_ballot_fits(snap_compare, demo_db):
    code = code_of(demo_db, ready_round(demo_db))
    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=PROJECTOR,
                        run_before=keys("r", "c", *code, "enter", "2", "s"))


def test_who_has_voted_fits(snap_compare, demo_db):
    ready_round(demo_db)
    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=PROJECTOR,
                        run_before=keys("r", "w"))


def test_welcome_fits(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path / "new.db", language="nl"), terminal_size=PROJECTOR,
                        run_before=wait_ready)
