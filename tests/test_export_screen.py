"""The export and merge screens, driven by keys as a facilitator drives them; files checked."""

from __future__ import annotations

import shutil
import sqlite3

from textual.widgets import DataTable, Input, ProgressBar, SelectionList

from apphelpers import db_rows as rows, make_app, wait_ready
from screens.export.formats import ExportScreen
from screens.merge.review import ConfirmMerge, MergeScreen


async def wait_for(pilot, condition, tries: int = 500) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never got there")


async def type_path(pilot, path) -> None:
    await pilot.press("f", "ctrl+a", "ctrl+k", *str(path))


async def test_export_by_keys_writes_the_chosen_formats(demo_db, tmp_path):
    app = make_app(demo_db)
    target = tmp_path / "uitvoer"
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.formats() == ["xlsx"]  # Excel is chosen to begin with
        suggested = screen.query_one("#target", Input).value
        assert suggested.endswith("data-trip-utrecht-2026.xlsx")
        await pilot.press("2", "3")  # + CSV folder, + Markdown report
        await pilot.press("u")  # public
        assert screen.formats() == ["xlsx", "csv", "md"] and screen.public()
        # the suggestion follows the choice: a folder for several formats
        suggested = screen.query_one("#target", Input).value
        assert suggested.endswith("data-trip-utrecht-2026-public-export")
        await type_path(pilot, target)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.written)
        bar = screen.query_one("#progress", ProgressBar)
        assert bar.display and bar.progress == bar.total
        status = screen.query_one("#export-status").render().plain
        assert "Written" in status and "data-trip-utrecht-2026-public.xlsx" in status
    names = sorted(p.name for p in target.iterdir())
    assert names == ["data-trip-utrecht-2026-public-csv", "data-trip-utrecht-2026-public.md",
                     "data-trip-utrecht-2026-public.xlsx"]
    report = (target / "data-trip-utrecht-2026-public.md").read_text("utf-8")
    assert "Ranking" in report and "Fatima El Amrani" not in report


async def test_a_bad_target_is_explained_and_nothing_is_written(demo_db, tmp_path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        await type_path(pilot, tmp_path / "bestaat-niet" / "trip.xlsx")
        await pilot.press("enter")  # enter in the path field starts the export too
        await wait_for(pilot, lambda: not screen.running and "failed" in
                       screen.query_one("#export-status").render().plain)
        status = screen.query_one("#export-status")
        assert "does not exist" in status.render().plain and status.has_class("-error")
        # no format chosen: said so, nothing runs
        await pilot.press("escape")
        screen.query_one("#formats", SelectionList).focus()
        await pilot.press("1")
        assert screen.formats() == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at least one format" in status.render().plain
    assert not (tmp_path / "bestaat-niet").exists()


async def test_export_screen_in_dutch(demo_db, tmp_path):
    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("E")
        await pilot.pause()
        screen = app.screen
        assert screen.title == "Exporteren"
        await pilot.press("1", "6")  # only the CKAN load file
        await type_path(pilot, tmp_path / "portaal")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.written)
        assert "Geschreven" in screen.query_one("#export-status").render().plain
    # the suffix was added for a single file format
    assert (tmp_path / "portaal.jsonl").read_text("utf-8").count("\n") == 4


async def test_merge_by_keys_then_resolve_a_conflict(demo_db, tmp_path):
    other = tmp_path / "anna" / "anna.db"
    other.parent.mkdir()
    shutil.copy(demo_db, other)
    conn = sqlite3.connect(other)
    conn.execute("UPDATE dataset SET notes = 'van Anna', updated_at = '2030-01-02T00:00:00.000000Z'"
                 " WHERE title = 'Bomenregister'")
    conn.execute("INSERT INTO participant (id, created_at, updated_at, trip_id, name, "
                 "ballot_code) SELECT 'p-anna', '2030-01-01T00:00:00.000000Z', "
                 "'2030-01-01T00:00:00.000000Z', id, 'Anna Nieuw', 'ANNA' FROM trip")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.store.datasets.update(
            app.store.datasets.list(title="Bomenregister")[0].id, notes="van mij")
        await pilot.press("M")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        await type_path(pilot, other)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.plan is not None)
        plan_table = screen.query_one("#plan-table", DataTable)
        assert plan_table.display and plan_table.row_count == 3  # participants, datasets, total
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmMerge)
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.plan is None and not screen.busy)
        assert "Merged" in screen.query_one("#merge-status").render().plain
        conflicts = screen.query_one("#conflicts", DataTable)
        assert conflicts.row_count == 1
        versions = screen.query_one("#versions", DataTable)
        cells = [versions.get_row_at(i) for i in range(versions.row_count)]
        assert any(str(c[1]) == "van mij" and str(c[2]) == "van Anna" for c in cells)
        await pilot.press("1")  # keep mine
        await pilot.pause()
        assert conflicts.row_count == 0
    assert rows(demo_db, "SELECT notes FROM dataset WHERE title = 'Bomenregister'") == [
        ("van mij",)]
    assert rows(demo_db, "SELECT name FROM participant WHERE id = 'p-anna'") == [("Anna Nieuw",)]
    assert other.read_bytes() == before


async def test_merge_conflicts_are_settled_field_by_field(demo_db, tmp_path):
    from screens.merge.review import EditValue
    from workshop_data.merge.apply import apply_merge
    from workshop_data.common.store import open_store

    other = tmp_path / "anna" / "anna.db"
    other.parent.mkdir()
    shutil.copy(demo_db, other)
    store = open_store(demo_db)
    apply_merge(store, other)  # the sync point: both files agree
    holder = store.stakeholders.list()[0]
    store.stakeholders.update(holder.id, role="Mijn rol", notes="Mijn notitie", influence=2)
    store.close()
    anna = open_store(other)
    anna.stakeholders.update(holder.id, role="Anna's rol", notes="Anna's notitie", interest=5)
    anna.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    anna.close()

    app = make_app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("M")
        await pilot.pause()
        screen = app.screen
        await type_path(pilot, other)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.plan is not None)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.plan is None and not screen.busy)
        versions = screen.query_one("#versions", DataTable)
        assert sorted(str(versions.get_row_at(i)[0]) for i in range(versions.row_count)) == [
            "notes", "role"]  # influence and interest were changed on one side only: taken
        versions.focus()
        await pilot.pause()
        versions.move_cursor(row=versions.get_row_index("role"))
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditValue)
        await pilot.press("ctrl+a", "ctrl+k", *"Rol van ons beiden", "enter")
        await pilot.pause()
        assert [str(versions.get_row_at(i)[0]) for i in range(versions.row_count)] == ["notes"]
        await pilot.press("1")  # keep mine for the notes: the conflict is settled
        await pilot.pause()
        assert screen.query_one("#conflicts", DataTable).row_count == 0
    assert rows(demo_db, "SELECT role, notes, influence, interest FROM stakeholder WHERE id = ?",
                holder.id) == [("Rol van ons beiden", "Mijn notitie", 2, 5)]


def test_a_ballot_code_in_a_conflict_is_never_shown():
    from screens.merge.review import _cell
    from workshop_data.merge.apply import row_label

    assert "KX4T" not in _cell("ballot_code", "KX4T").plain
    assert _cell("notes", "KX4T").plain == "KX4T"
    assert row_label({"id": "0123456789", "ballot_code": "KX4T"}) == "01234567"
