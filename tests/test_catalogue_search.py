"""The offline catalogue: Dutch word forms and compounds, exact words first; a package's licence
and resources; migration 7 over a file of an older trip."""

from __future__ import annotations

import sqlite3

import pytest

from workshop_data.common.migrations import LATEST, migrate, schema_version
from workshop_data.common.setup import create_trip
from workshop_data.common.store import open_store
from workshop_data.inventory import catalogue
from workshop_data.inventory.search import stem, stems

PACKAGES = [
    {"id": "p1", "name": "speelplek", "title": "Speelplek"},
    {"id": "p2", "name": "speelplaatsen", "title": "Speelplaatsen Zeist",
     "license_title": "CC0 1.0", "tags": [{"name": "jeugd"}],
     "resources": [{"name": "speelplaatsen.csv", "format": "CSV",
                    "url": "https://data.example/speelplaatsen.csv"},
                   {"description": "Kaart", "format": "GeoJSON", "url": "https://x/k.geojson"}]},
    {"id": "p3", "name": "speelplekken-kaart", "title": "Speelplekken kaart"},
    {"id": "p4", "name": "sportvelden", "title": "Sportvelden", "notes": "Ook speelplekken."},
    {"id": "p5", "name": "parkeergarages", "title": "Parkeergarages"},
    {"id": "p6", "name": "bomen", "title": "Boom per wijk"},
]


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "trip.db")
    create_trip(store, name="Zoektrip")
    catalogue.replace_all(store, PACKAGES)
    yield store
    store.close()


def titles(store, text, limit=10):
    return [p.title for p in catalogue.search(store, text, limit=limit)]


def test_the_dutch_stemmer_folds_plural_and_singular():
    assert stem("speelplekken") == stem("speelplek") == "speelplek"
    assert stem("bomen") == stem("boom")
    assert stems("Speelplaatsen en Speelplekken") == "speelplaats speelplek"


def test_speelplekken_finds_speelplek_and_speelplaatsen_exact_word_first(store):
    found = titles(store, "speelplekken")
    assert found[0] == "Speelplekken kaart"             # the exact word
    assert found[1] == "Speelplek"                      # the same word, singular
    assert found[2] == "Speelplaatsen Zeist"            # a compound sharing its first part
    assert found[3] == "Sportvelden"                    # only in the description
    assert "Parkeergarages" not in found


def test_singular_finds_plural_and_half_typed_words_still_match(store):
    assert titles(store, "speelplek")[:2] == ["Speelplek", "Speelplekken kaart"]
    assert titles(store, "bomen") == ["Boom per wijk"]  # "bomen" and "boom": one stem
    assert titles(store, "parkeerg") == ["Parkeergarages"]
    assert titles(store, 'x:" OR (') == [] and titles(store, "") == []


def test_a_package_shows_its_licence_and_resources(store):
    found = catalogue.detail(store, "p2")
    assert found.licence == "CC0 1.0"
    assert found.tags == "jeugd"
    assert [(r.name, r.format) for r in found.resources] == [
        ("speelplaatsen.csv", "CSV"), ("Kaart", "GeoJSON")]
    assert catalogue.detail(store, "nope") is None
    assert catalogue.detail(store, "p1").resources == []


def test_a_trip_file_of_schema_6_migrates_links_helps_and_the_catalogue(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=6)
    stamp = "2025-01-01T00:00:00.000000Z"
    conn.execute("INSERT INTO trip (id, created_at, updated_at, name) VALUES ('t', ?, ?, 'Oud')",
                 [stamp, stamp])
    conn.execute("INSERT INTO participant (id, created_at, updated_at, trip_id, name, "
                 "ballot_code) VALUES ('p', ?, ?, 't', 'Ada', 'p')", [stamp, stamp])
    for task in ("t1", "t2"):
        conn.execute("INSERT INTO task (id, created_at, updated_at, participant_id, title) "
                     "VALUES (?, ?, ?, 'p', ?)", [task, stamp, stamp, task])
    conn.execute("INSERT INTO dataset (id, created_at, updated_at, trip_id, title, helps) "
                 "VALUES ('d', ?, ?, 't', 'Bomen', 'others')", [stamp, stamp])
    for link, task in (("l1", "t1"), ("l2", "t2")):
        conn.execute("INSERT INTO task_dataset (id, created_at, updated_at, task_id, dataset_id)"
                     " VALUES (?, ?, ?, ?, 'd')", [link, stamp, stamp, task])
    conn.execute("INSERT INTO catalogue (id, name, title, tags, pulled_at) "
                 "VALUES ('c1', 'speel', 'Speelplaatsen Zeist', 'jeugd', ?)", [stamp])
    conn.close()

    store = open_store(path)
    assert schema_version(store.conn) == LATEST
    links = store.task_datasets.list(order_by="id")
    assert [(link.task_id, link.helps) for link in links] == [("t1", "others"), ("t2", "others")]
    assert {link.updated_at for link in links} == {stamp}  # copying a value is no edit
    assert store.datasets.get("d").helps == "others"  # the old column is still readable
    assert titles(store, "speelplaats") == ["Speelplaatsen Zeist"]  # stems filled in
    assert titles(store, "speelplekken") == ["Speelplaatsen Zeist"]
    assert catalogue.detail(store, "c1").licence == ""
    store.close()
