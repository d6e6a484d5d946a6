"""Shared fixtures: a private config folder per test, and a fresh copy of the demo trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workshop_data.common.i18n import set_language


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Never read or write the developer's own settings or trips; start in English."""
    monkeypatch.setenv("DATATRIP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DATATRIP_DATA_DIR", str(tmp_path / "data"))
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from workshop_data.common.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = create_demo(path)
    # Fold the WAL into the main file so that a plain copy carries every row.
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    path = tmp_path / "trip.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def demo_store(demo_db):
    from workshop_data.common.store import open_store

    store = open_store(demo_db)
    yield store
    store.close()


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's, taking the picture once the screen has settled (apphelpers'
    settle): what is drawn after the app goes idle is part of the look, and on a loaded machine
    a fixed pause was sometimes too short for it."""
    import inspect

    from apphelpers import settle

    def compare(app, *args, run_before=None, **kwargs):
        async def before(pilot):
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await settle(pilot)
            # a text cursor blinks twice a second: held on, the picture does not depend on how
            # long the steps before it took (they take longer on a loaded machine)
            for field in pilot.app.screen.query("Input, TextArea"):
                field.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, *args, run_before=before, **kwargs)

    return compare
