"""Pilot tests of the task inventory, driven by keys; every change checked in SQLite."""

from __future__ import annotations

from textual.widgets import Input

from apphelpers import db_rows as rows, make_app, wait_ready
from screens.inventory.tasks import InventoryScreen
from screens.inventory.task_widgets import InventoryTree



async def open_inventory(pilot):
    await wait_ready(pilot)
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, InventoryScreen)
    await pilot.pause()


def current(app):
    return app.screen.query_one(InventoryTree).current


async def test_add_a_task_and_a_dataset_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        assert current(app).kind == "participant"  # Anouk Bakker, first by name
        await pilot.press("n", *"Speeltuinen inspecteren", "enter")
        await pilot.pause()
        assert current(app).kind == "task"
        await pilot.press("a", *"Inspectierapporten speeltoestellen", "enter")
        await pilot.pause()
        ref = current(app)
        assert ref.kind == "dataset"
        # the detail pane edits the new dataset in place
        await pilot.press("e")
        await pilot.press("tab", *"Verslagen van de jaarlijkse keuring", "enter")
        await pilot.pause()
    found = rows(demo_db, """
        SELECT p.name, t.title, d.title, d.description, d.status FROM dataset d
        JOIN task_dataset l ON l.dataset_id = d.id JOIN task t ON t.id = l.task_id
        JOIN participant p ON p.id = t.participant_id
        WHERE d.title = 'Inspectierapporten speeltoestellen'""")
    assert found == [("Anouk Bakker", "Speeltuinen inspecteren",
                      "Inspectierapporten speeltoestellen",
                      "Verslagen van de jaarlijkse keuring", "identified")]


async def test_typing_a_known_title_offers_to_link_and_links(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("down", "a", *"register van de bomen")
        await pilot.pause()
        options = app.screen.query_one("#quick-suggestions")
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Bomenregister" in text for text in texts[:2])  # in this trip
        assert any("bomenregister" in text for text in texts)  # on the portal
        await pilot.press("down", "enter")  # the first suggestion of this trip
        await pilot.pause()
        assert current(app).kind == "dataset"
    # no duplicate: still one Bomenregister, now needed by two participants
    assert rows(demo_db, "SELECT count(*) FROM dataset WHERE title = 'Bomenregister'") == [(1,)]
    needers = rows(demo_db, """
        SELECT DISTINCT p.name FROM dataset d JOIN task_dataset l ON l.dataset_id = d.id
        JOIN task t ON t.id = l.task_id JOIN participant p ON p.id = t.participant_id
        WHERE d.title = 'Bomenregister' AND l.deleted_at IS NULL ORDER BY 1""")
    assert needers == [("Anouk Bakker",), ("Ruud Hendriks",)]


async def test_link_an_existing_dataset_to_a_second_participants_task(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("slash", *"sanne", "enter")  # only Sanne de Vries left
        await pilot.pause()
        await pilot.press("down", "l", *"evenementen")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
    linked = rows(demo_db, """
        SELECT t.title FROM task_dataset l JOIN task t ON t.id = l.task_id
        JOIN dataset d ON d.id = l.dataset_id
        WHERE d.title = 'Evenementenvergunningen' AND l.deleted_at IS NULL ORDER BY 1""")
    assert ("Geluidshinder verminderen",) in linked  # her first task by title
    assert len(linked) == 3


async def test_unlink_and_delete_with_undo(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("down", "down")  # Anouk's first dataset
        assert current(app).kind == "dataset"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # its only task: asked, and kept as unlinked (issue 19)
        await pilot.pause()
        assert rows(demo_db, """SELECT count(*) FROM task_dataset l JOIN dataset d
            ON d.id = l.dataset_id WHERE d.title = 'Bereik jongerenwerk per wijk'
            AND l.deleted_at IS NULL""") == [(0,)]
        await pilot.press("u")
        await pilot.pause()
        assert rows(demo_db, """SELECT count(*) FROM task_dataset l JOIN dataset d
            ON d.id = l.dataset_id WHERE d.title = 'Bereik jongerenwerk per wijk'
            AND l.deleted_at IS NULL""") == [(1,)]
        await pilot.press("up")  # the task
        assert current(app).kind == "task"
        await pilot.press("x")
        await pilot.pause()
        assert rows(demo_db, "SELECT deleted_at IS NOT NULL FROM task "
                             "WHERE title = 'Jeugdvoorzieningen spreiden'") == [(1,)]
        await pilot.press("u")
        await pilot.pause()
    assert rows(demo_db, "SELECT deleted_at IS NULL FROM task "
                         "WHERE title = 'Jeugdvoorzieningen spreiden'") == [(1,)]


async def test_personal_data_filter_and_flag(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        screen = app.screen
        screen.query_one("#personal").value = True
        await pilot.pause()
        titles = {node.data.id for node in _all_nodes(screen.query_one(InventoryTree))
                  if node.data and node.data.kind == "dataset"}
        assert len(titles) == 3
        assert "3 datasets" in screen.query_one("#status-line").render().plain


async def test_an_empty_title_is_refused_and_nothing_saved(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        before = rows(demo_db, "SELECT count(*) FROM task")
        await pilot.press("n", "space", "enter")
        await pilot.pause()
        assert app.screen.query_one("#quick").is_open  # still there to fix the title
        await pilot.press("escape")
    assert rows(demo_db, "SELECT count(*) FROM task") == before


def _all_nodes(tree):
    stack, out = [tree.root], []
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(node.children)
    return out
