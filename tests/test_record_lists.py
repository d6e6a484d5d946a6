"""The record lists (participants, stakeholders, prototypes, invitations, rounds) share one base:
the same keys, a question before a delete that takes more with it, an empty state that says
what to press. Driven by keys; results checked in SQLite."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from apphelpers import db_rows as rows, make_app, screen_text, wait_ready
from screens.common.confirm import ConfirmModal
from screens.common.record_list import RecordListScreen
from workshop_data.common.store import open_store
from workshop_data.inventory import people

BRAM = "Bram Visser"  # the second participant of the demo: 2 tasks, 40 votes

LIVE_TASKS = ("SELECT count(*) FROM task t JOIN participant p ON p.id = t.participant_id "
              "WHERE p.name = ? AND t.deleted_at IS NULL")
LIVE_VOTES = ("SELECT count(*) FROM vote JOIN voter ON voter.id = vote.ballot_code "
              "JOIN participant p ON p.id = voter.participant_id "
              "WHERE p.name = ? AND vote.deleted_at IS NULL")


def counts(path, name=BRAM):
    return (rows(path, LIVE_TASKS, name)[0][0], rows(path, LIVE_VOTES, name)[0][0])


async def test_deleting_a_participant_says_what_goes_with_them_and_undo_brings_it_all(demo_db):
    assert counts(demo_db) == (2, 40)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert BRAM in question and "2 tasks and 40 votes" in question
        await pilot.press("n")  # no: everything stays
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
        assert counts(demo_db) == (2, 40)
        assert app.screen.query_one(DataTable).row_count == 12

        await pilot.press("x", "y")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 11
        assert counts(demo_db) == (0, 0)
        assert rows(demo_db, "SELECT deleted_at IS NOT NULL FROM participant WHERE name = ?",
                    BRAM) == [(1,)]
        assert any(BRAM in n.message for n in app._notifications)

        await pilot.press("u")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 12
    assert counts(demo_db) == (2, 40)


async def test_a_participant_with_nothing_else_goes_without_a_question(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "a", *"Zoë Nieuw", "ctrl+s")
        await pilot.pause()
        assert rows(demo_db, "SELECT count(*) FROM participant WHERE name = 'Zoë Nieuw' "
                    "AND deleted_at IS NULL") == [(1,)]
        await pilot.press("x")  # the new one is selected after saving
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
        assert app.screen.query_one(DataTable).row_count == 12
    assert rows(demo_db, "SELECT count(*) FROM participant WHERE name = 'Zoë Nieuw' "
                "AND deleted_at IS NULL") == [(0,)]


async def test_an_empty_list_says_what_to_press(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("o")  # prototypes: the demo has two
        await pilot.pause()
        empty = app.screen.query_one("#empty-state", Static)
        assert not empty.display or "-shown" not in empty.classes
        await pilot.press("x", "x")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        assert "Press a to add" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Press a to add" not in screen_text(app)

        await pilot.press("p", "slash", *"nobody-like-this")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        assert "Nothing matches the filter" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 12
        assert "Nothing matches the filter" not in screen_text(app)


async def test_every_record_list_deletes_with_x_and_leaves_o_to_the_app(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for key in ("p", "s", "o", "i", "r"):
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RecordListScreen), key
            bound = screen._bindings.key_to_bindings
            assert [b.action for b in bound["x"]] == ["delete"], key
            assert "o" not in bound, key


def test_restoring_a_participant_leaves_what_was_deleted_before(demo_db):
    store = open_store(demo_db)
    bram = next(p for p in store.participants.list() if p.name == BRAM)
    older = store.tasks.list(participant_id=bram.id)[0]
    store.tasks.delete(older.id)  # deleted on its own, earlier
    assert people.what_goes_with(store, bram.id) == (1, 40)
    gone = people.delete_participant(store, bram.id)
    assert len(gone.task_ids) == 1 and len(gone.vote_ids) == 40
    people.restore_participant(store, gone)
    assert store.tasks.count(participant_id=bram.id) == 1
    assert store.tasks.get(older.id, include_deleted=True).deleted
    store.close()
