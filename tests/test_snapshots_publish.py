"""How the publish screen and its metadata form look on the demo trip."""

from __future__ import annotations

from apphelpers import make_app, wait_ready


def test_publish(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("n")  # the dry run fills the log
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)


def test_publication_form(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("b", "down", "e")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)
