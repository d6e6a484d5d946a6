"""Issue 19 in the task inventory, driven by keys: helps per task, no exact duplicates, stable
suggestions, and a dataset that loses its last task (counts that agree everywhere)."""

from __future__ import annotations

from textual.widgets import OptionList

from apphelpers import db_rows as rows, make_app, wait_ready
from screens.inventory.task_widgets import InventoryTree, stable_order
from workshop_data.common.summary import trip_summary
from workshop_data.inventory import tasks as inventory
from workshop_data.inventory.tasks import Filter


async def open_inventory(pilot):
    await wait_ready(pilot)
    await pilot.press("t")
    await pilot.pause()
    await pilot.pause()


def current(app):
    return app.screen.query_one(InventoryTree).current


def status_line(app) -> str:
    return app.screen.query_one("#status-line").render().plain


# -- logic -------------------------------------------------------------------------------------

def test_helps_is_said_per_task_and_summed_up_per_dataset(demo_store):
    panden = next(d for d in demo_store.datasets.list() if d.title == "Leegstaande panden")
    first, second = demo_store.task_datasets.list(dataset_id=panden.id, order_by="id")
    inventory.set_helps(demo_store, second.task_id, panden.id, "others")
    assert demo_store.task_datasets.get(first.id).helps == "me"  # the other task keeps its own
    assert sorted(n.helps for n in inventory.needed_by(demo_store, panden.id)) == ["me", "others"]
    kept = {d.title for n in inventory.tree(demo_store, Filter(helps="others"))
            for tn in n.tasks for d in tn.datasets}
    assert "Leegstaande panden" in kept
    assert inventory.helps_overall(["me", "others"]) == "both"
    assert inventory.helps_overall(["others", "others"]) == "others"
    assert inventory.helps_overall([]) == ""


def test_exact_match_ignores_case_and_spaces(demo_store):
    assert inventory.exact_match(demo_store, "  bomenREGISTER ").title == "Bomenregister"
    assert inventory.exact_match(demo_store, "Leegstaande   panden").title == "Leegstaande panden"
    assert inventory.exact_match(demo_store, "Bomenregister Zeist") is None
    assert inventory.exact_match(demo_store, "   ") is None


def test_an_unlinked_dataset_counts_everywhere_and_is_listed(demo_store):
    bomen = next(d for d in demo_store.datasets.list() if d.title == "Bomenregister")
    (link,) = demo_store.task_datasets.list(dataset_id=bomen.id)
    assert inventory.other_links(demo_store, bomen.id, link.task_id) == 0
    inventory.unlink(demo_store, link.task_id, bomen.id)
    assert [d.title for d in inventory.unlinked(demo_store)] == ["Bomenregister"]
    assert inventory.unlinked(demo_store, Filter(text="parkeer")) == []
    assert trip_summary(demo_store).datasets == 25  # still counted, like the tracker does


def test_stable_order_keeps_what_was_shown_in_its_place():
    before = [("Trip", None), ("a", "trip:a"), ("b", "trip:b"), ("Portal", None), ("p", "p:1")]
    after = [("Trip", None), ("c", "trip:c"), ("b", "trip:b"), ("a", "trip:a"),
             ("Portal", None), ("p", "p:1")]
    assert stable_order(before, after) == [("Trip", None), ("a", "trip:a"), ("b", "trip:b"),
                                           ("c", "trip:c"), ("Portal", None), ("p", "p:1")]


# -- by keys -----------------------------------------------------------------------------------

async def test_enter_on_an_exact_duplicate_title_links_the_existing_dataset(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("down")  # Anouk's first task
        typed = " bomenREGISTER"
        keys = ["a", *typed, "enter"]  # the same keys as adding a new dataset
        await pilot.press(*keys[:-1])
        await pilot.pause()
        assert "already in this trip" in str(app.screen.query_one("#quick-exact").render())
        await pilot.press("enter")
        await pilot.pause()
        assert current(app).kind == "dataset"
    assert rows(demo_db, "SELECT count(*) FROM dataset WHERE lower(title) = 'bomenregister'"
                ) == [(1,)]
    needers = rows(demo_db, """
        SELECT DISTINCT p.name FROM dataset d JOIN task_dataset l ON l.dataset_id = d.id
        JOIN task t ON t.id = l.task_id JOIN participant p ON p.id = t.participant_id
        WHERE d.title = 'Bomenregister' AND l.deleted_at IS NULL ORDER BY 1""")
    assert needers == [("Anouk Bakker",), ("Ruud Hendriks",)]
    assert len(keys) == 2 + len(typed)  # a + title + enter: no worse than adding one


async def test_suggestions_keep_their_height_and_order_while_typing(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("down", "a")
        listing = app.screen.query_one("#quick-suggestions", OptionList)
        heights, shown = set(), []
        for char in "register van de bomen":
            await pilot.press(char)
            await pilot.pause()
            heights.add(listing.outer_size.height)
            ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
            ids = [i for i in ids if i]
            common = [i for i in shown if i in ids]
            assert [i for i in ids if i in common] == common  # nothing shown moved up or down
            shown = ids
        assert heights == {9}
        assert any(i.startswith("trip:") for i in shown)


async def test_helps_of_a_dataset_is_chosen_for_the_task_it_sits_under(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("down", "down")  # Anouk's first dataset (helps me)
        ref = current(app)
        await pilot.press("e", "tab", "tab")  # title, description, helps
        await pilot.press("enter", "down", "enter")  # helps me -> helps others
        await pilot.pause()
    assert rows(demo_db, "SELECT helps FROM task_dataset WHERE task_id = ? AND dataset_id = ?",
                ref.task_id, ref.id) == [("others",)]


async def test_x_on_the_last_link_asks_and_x_deletes_the_dataset_counts_agree(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        assert "25 datasets" in status_line(app)
        await pilot.press("down", "down")
        ref = current(app)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("x")  # delete the dataset
        await pilot.pause()
        assert rows(demo_db, "SELECT deleted_at IS NOT NULL FROM dataset WHERE id = ?",
                    ref.id) == [(1,)]
        assert "24 datasets" in status_line(app)
        assert trip_summary(app.store).datasets == 24  # dashboard and tracker: the same
        await pilot.press("u")
        await pilot.pause()
        assert rows(demo_db, "SELECT count(*) FROM dataset d JOIN task_dataset l ON "
                    "l.dataset_id = d.id WHERE d.id = ? AND d.deleted_at IS NULL AND "
                    "l.deleted_at IS NULL", ref.id) == [(1,)]
        # kept as unlinked instead: listed and counted, 25 everywhere
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # keep it unlinked
        await pilot.pause()
        assert current(app) == type(ref)("dataset", ref.id)
        assert "25 datasets" in status_line(app)
        assert trip_summary(app.store).datasets == 25
        # escape leaves everything as it was
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
    assert rows(demo_db, "SELECT count(*) FROM task_dataset WHERE dataset_id = ? AND "
                "deleted_at IS NULL", ref.id) == [(1,)]


# -- the catalogue screen ----------------------------------------------------------------------

async def test_catalogue_from_the_inventory_links_a_package_to_the_task(demo_db):
    from screens.inventory.catalogue import CatalogueScreen

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("down")  # Anouk's task
        task = current(app)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, CatalogueScreen)
        await pilot.press("slash", *"afvalcontainer")
        await pilot.pause()
        pane = str(app.screen.query_one("#package").render())
        assert "Ondergrondse afvalcontainers" in pane
        assert "CC0 1.0" in pane and "afvalcontainers.geojson" in pane  # licence, resources
        await pilot.press("down", "l")
        await pilot.pause()
        assert current(app).kind == "dataset"  # back in the inventory, on the new dataset
    assert rows(demo_db, """
        SELECT d.status FROM dataset d JOIN task_dataset l ON l.dataset_id = d.id
        WHERE d.title = 'Ondergrondse afvalcontainers' AND l.task_id = ?""", task.id) == [
        ("published",)]


async def test_catalogue_on_its_own_finds_dutch_word_forms_and_asks_for_the_task(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("C")
        await pilot.pause()
        await pilot.press(*"speelplekken")  # typing starts the search; the portal calls it "Speelplaatsen"
        await pilot.pause()
        listing = app.screen.query_one("#catalogue-results", OptionList)
        first = str(listing.get_option_at_index(0).prompt)
        assert "Speelplaatsen" in first
        await pilot.press("down", "l")
        await pilot.pause()
        await pilot.press("enter")  # the first task offered
        await pilot.pause()
    assert rows(demo_db, "SELECT count(*) FROM dataset WHERE title = 'Speelplaatsen'") == [(1,)]
