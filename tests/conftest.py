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
