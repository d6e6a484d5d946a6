"""The trip file: migrations, soft deletes, transactions, validation."""

from __future__ import annotations

import sqlite3

import pytest

from workshop_data.common.errors import NotFound, TripFileError, ValidationError
from workshop_data.common.migrations import LATEST, MIGRATIONS, migrate, schema_version
from workshop_data.common.setup import create_trip
from workshop_data.common.store import open_store

DOMAIN_TABLES = [
    "trip", "atelier", "participant", "task", "dataset", "task_dataset", "dataset_file",
    "ballot_round", "round_item", "vote", "stakeholder", "stakeholder_participant",
    "stakeholder_dataset", "invitation", "invitation_log", "prototype", "prototype_dataset",
    "insight", "publication", "outbox",
]


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "trip.db")
    create_trip(store, name="Testtrip", organisation="Gemeente Zeist",
                dates=["2026-10-01", "8-10-2026", "", ""])
    yield store
    store.close()


def test_new_file_gets_every_table_wal_and_foreign_keys(tmp_path):
    store = open_store(tmp_path / "new.db")
    tables = set(store.db.table_names())
    assert set(DOMAIN_TABLES) <= tables
    assert {"catalogue", "catalogue_fts"} <= tables
    assert schema_version(store.conn) == LATEST
    assert store.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
    assert store.query("PRAGMA foreign_keys")[0]["foreign_keys"] == 1
    assert store.query("PRAGMA busy_timeout")[0]["timeout"] >= 5000
    for table in DOMAIN_TABLES:
        columns = {c.name for c in store.db[table].columns}
        assert {"id", "created_at", "updated_at", "deleted_at"} <= columns, table


def test_reopen_keeps_rows_and_does_not_migrate_again(tmp_path):
    path = tmp_path / "trip.db"
    store = open_store(path)
    create_trip(store, name="Eerste trip")
    store.close()
    again = open_store(path)
    assert again.trip().name == "Eerste trip"
    assert len(again.ateliers.list()) == 4
    assert migrate(again.conn) == []
    again.close()


def test_file_from_an_older_version_is_migrated_with_its_rows(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    stamp = "2025-01-01T00:00:00.000000Z"
    conn.execute("INSERT INTO trip (id, created_at, updated_at, name) VALUES ('t', ?, ?, 'Oud')",
                 [stamp, stamp])
    conn.execute("INSERT INTO catalogue (id, name, title, pulled_at) "
                 "VALUES ('c1', 'bomen', 'Bomenregister Zeist', ?)", [stamp])
    conn.close()

    store = open_store(path)
    assert schema_version(store.conn) == LATEST
    assert store.trip().name == "Oud"
    # migration 2 built the search index over rows that were already there
    hits = store.query("SELECT title FROM catalogue_fts WHERE catalogue_fts MATCH 'bomenregister'")
    assert hits == [{"title": "Bomenregister Zeist"}]
    store.close()


def test_file_from_a_newer_version_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "new.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(TripFileError, match="newer datatrip"):
        open_store(path)
    assert path.read_bytes() == before


def test_failed_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "trip.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    broken = MIGRATIONS + [(LATEST + 1, "broken", "CREATE TABLE x (a);\nSELECT * FROM nope;")]
    monkeypatch.setattr("workshop_data.common.migrations.MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, target=LATEST + 1)
    assert schema_version(conn) == LATEST  # 2 applied, the broken one rolled back whole
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'x'").fetchone() is None


def test_create_get_update_and_timestamps(store):
    ada = store.participants.create(name="  Ada de Wit ", department="Wonen")
    assert ada.name == "Ada de Wit"  # surrounding spaces are typing noise
    assert len(ada.id) == 36 and ada.created_at == ada.updated_at
    assert ada.ballot_code == ada.id  # retired: credentials are per round (voter table)
    changed = store.participants.update(ada.id, role="adviseur")
    assert changed.role == "adviseur"
    assert changed.updated_at > ada.updated_at
    assert store.participants.get(ada.id) == changed


def test_soft_delete_hides_the_row_but_keeps_it_for_undo(store):
    ada = store.participants.create(name="Ada")
    store.participants.delete(ada.id)
    assert store.participants.list() == []
    with pytest.raises(NotFound):
        store.participants.get(ada.id)
    kept = store.participants.get(ada.id, include_deleted=True)
    assert kept.deleted_at is not None
    assert store.query("SELECT count(*) AS n FROM participant")[0]["n"] == 1
    assert store.participants.restore(ada.id).deleted_at is None
    assert [p.name for p in store.participants.list()] == ["Ada"]


def test_an_error_inside_a_transaction_rolls_back_every_write(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.participants.create(name="Bea")
            store.participants.create(name="Cor")
            raise RuntimeError("power cut")
    assert store.participants.list() == []


def test_a_failing_statement_rolls_back_its_transaction(store):
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction():
            store.participants.create(name="Bea")
            store.tasks.create(participant_id="no-such-participant", title="Wees")
    assert store.participants.list() == []


def test_blank_required_field_and_bad_email_name_the_field(store):
    with pytest.raises(ValidationError) as error:
        store.participants.create(name="   ")
    assert error.value.field == "name"
    with pytest.raises(ValidationError) as error:
        store.participants.create(name="Ada", email="ada.at.home")
    assert error.value.field == "email"
    assert store.participants.list() == []


def test_one_vote_per_participant_dataset_and_criterion(store):
    dataset = store.datasets.create(title="Bomen")
    ballot = store.rounds.create(title="Ronde 1")
    store.votes.create(round_id=ballot.id, ballot_code="AAAA", dataset_id=dataset.id,
                       criterion="interest", value=4)
    with pytest.raises(sqlite3.IntegrityError):
        store.votes.create(round_id=ballot.id, ballot_code="AAAA", dataset_id=dataset.id,
                           criterion="interest", value=2)


def test_atelier_dates_accept_dutch_notation(store):
    dates = [a.date for a in store.ateliers.list()]
    assert dates == ["2026-10-01", "2026-10-08", None, None]


def test_unknown_columns_are_refused(store):
    with pytest.raises(ValueError, match="no column"):
        store.participants.create(name="Ada", shoe_size=42)


def test_demo_trip_fills_every_table(demo_store):
    counts = {t: demo_store.query(f"SELECT count(*) AS n FROM {t} WHERE deleted_at IS NULL")[0]["n"]
              for t in DOMAIN_TABLES if t not in ("dataset_file",)}
    assert counts["atelier"] == 4
    assert counts["participant"] == 12
    assert counts["dataset"] == 25
    assert counts["stakeholder"] == 15
    assert counts["prototype"] == 2
    assert counts["ballot_round"] == 1
    assert counts["vote"] > 300
    assert all(n > 0 for n in counts.values()), counts
    statuses = {d.status for d in demo_store.datasets.list()}
    assert statuses == {"identified", "requested", "located", "obtained", "explored", "ready",
                        "published"}
    assert demo_store.trip().language == "nl"


def test_demo_is_the_same_every_time(tmp_path):
    from workshop_data.common.demo import create_demo

    first, second = create_demo(tmp_path / "a.db"), create_demo(tmp_path / "b.db")
    sql = "SELECT ballot_code, dataset_id, criterion, value FROM vote ORDER BY 1, 2, 3"
    assert first.query(sql) == second.query(sql)
    assert [p.id for p in first.participants.list()] == [p.id for p in second.participants.list()]
