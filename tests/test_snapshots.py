"""How each screen looks, on the demo trip. Update with ``pytest --snapshot-update`` after a
deliberate change of look, and look at the report before committing the new SVGs."""

from __future__ import annotations

from apphelpers import make_app, wait_for, wait_ready

SIZE = (120, 40)


def test_dashboard(snap_compare, demo_db):
    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=wait_ready)


def test_dashboard_in_dutch_on_a_projector(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=(100, 30),
                        run_before=before)


def test_participants(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=before)


def test_participant_form(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("p", "down", "enter")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=before)


def test_participants_help(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("p", "question_mark")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=before)


def test_welcome(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path / "new.db"), terminal_size=SIZE, run_before=wait_ready)


def test_inventory_with_a_dataset_selected(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("t", "down", "down", "down")
        pane = pilot.app.screen.query_one("#detail")
        await wait_for(pilot, lambda: pane.ref is not None and pane.ref.kind == "dataset")

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=before)


def test_inventory_suggests_known_data_while_typing(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("t", "down", "a", *"register van de bomen")
        options = pilot.app.screen.query_one("#quick-suggestions")
        await wait_for(pilot, lambda: options.option_count >= 4
                       and pilot.app.screen.query_one("#quick-input").value.endswith("bomen"))

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=before)
