"""The app when the trip file cannot be written: another program holds the lock, the disk is full.
Said in words, the screen and what was typed kept, saving again works once the cause is gone."""

from __future__ import annotations

import shutil
import sqlite3
from collections import namedtuple

from textual.widgets import DataTable, Input

from apphelpers import db_rows as rows, make_app, wait_ready
from screens.common.form import FormScreen


def hold_write_lock(path) -> sqlite3.Connection:
    """Another program in the middle of a write transaction on the trip file."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_a_locked_trip_file_keeps_the_form_and_saves_later(demo_db, monkeypatch):
    monkeypatch.setattr("workshop_data.common.store.BUSY_TIMEOUT_MS", 200)  # don't wait 10 s here
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "a")
        await pilot.pause()
        other = hold_write_lock(demo_db)
        await pilot.press(*"Sanne de Wit", "ctrl+s")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FormScreen)
        shown = " ".join(e.render().plain for e in app.screen.query(".field-error"))
        assert "another program holds the write lock" in shown
        assert app.screen.query_one("#field-name", Input).value == "Sanne de Wit"
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("ctrl+s")  # the same input, saved this time
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    assert rows(demo_db, "SELECT count(*) FROM participant WHERE name = 'Sanne de Wit'") == [(1,)]


async def test_a_locked_file_on_a_key_action_is_a_message_not_a_crash(demo_db, monkeypatch):
    monkeypatch.setattr("workshop_data.common.store.BUSY_TIMEOUT_MS", 200)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        other = hold_write_lock(demo_db)
        await pilot.press("down", "x", "y")  # delete (confirmed): refused by the lock
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert any("write lock" in n.message for n in app._notifications)
        assert app.screen.query_one(DataTable).row_count == 12
        other.execute("ROLLBACK")
        other.close()
        await pilot.press("x", "y")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 11


class FailingWrites:
    """The store's connection on a disk that just filled up: every write fails the way SQLite
    reports it in WAL mode, often as a plain "disk I/O error"."""

    def __init__(self, conn):
        self._conn = conn

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def execute(self, sql, *args):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("disk I/O error")
        return self._conn.execute(sql, *args)


async def test_a_full_disk_is_called_that_and_nothing_typed_is_lost(demo_db, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10 << 30, 10 << 30, 0))
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("p", "a")
        await pilot.pause()
        real = app.store.conn
        # Both ways in: the store's own SQL and sqlite-utils' tables (which hold the connection)
        app.store.conn = app.store.db.conn = FailingWrites(real)
        await pilot.press(*"Joost Bakker", "ctrl+s")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FormScreen)
        shown = " ".join(e.render().plain for e in app.screen.query(".field-error"))
        assert "the disk is full" in shown and "I/O" not in shown
        assert app.screen.query_one("#field-name", Input).value == "Joost Bakker"
        app.store.conn = app.store.db.conn = real  # space freed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    assert rows(demo_db, "SELECT count(*) FROM participant WHERE name = 'Joost Bakker'") == [(1,)]
