"""Task inventory rules, duplicate suggestions and the catalogue search."""

from __future__ import annotations

import pytest

from workshop_data.inventory import catalogue, tasks as inventory
from workshop_data.inventory.tasks import Filter
from workshop_data.inventory.similar import fold, similar, similarity


@pytest.mark.parametrize("a, b", [
    ("Bomenregister", "register van de bomen"),           # compound vs words, word order
    ("Leegstaande panden", "panden leegstand"),            # order and plural
    ("Meldingen openbare ruimte", "OPENBARE RUIMTE meldingen"),  # case
    ("Energiecoöperatie zonnedaken", "energiecooperatie zonnedaken"),  # diacritics
    ("Financiële regelingen", "financiele regelingen"),
    ("Bezetting fietsenstallingen", "fietsenstalling bezetting per uur"),
])
def test_same_data_under_another_name_is_suggested(a, b):
    assert similarity(a, b) >= 0.6
    assert similarity(a, b) == similarity(b, a)


@pytest.mark.parametrize("a, b", [
    ("Bomenregister", "Bezetting fietsenstallingen"),
    ("Meldingen openbare ruimte", "Klachten geluidsoverlast"),
    ("Luchtkwaliteit", "Geluidshinder"),
    ("de", "het"),  # only filler words
    ("register van de bomen", "Register gegevensbronnen"),  # one shared generic word
])
def test_different_data_is_not_suggested(a, b):
    assert similarity(a, b) < 0.6


def test_fold_removes_case_and_diacritics():
    assert fold("Financiële Coöperatie Één") == "financiele cooperatie een"


def test_similar_ranks_best_first_and_excludes_itself():
    known = [("1", "Bomenregister"), ("2", "Bomen in beheer"), ("3", "Parkeergarages")]
    found = similar("register bomen", known)
    assert [m.id for m in found][0] == "1"
    assert "3" not in [m.id for m in found]
    assert similar("Bomenregister", known)[0].id == "1"
    assert [m.id for m in similar("Bomenregister", known, exclude="1")] == []


def test_catalogue_search_by_prefix_diacritics_and_order(demo_store):
    assert [p.name for p in catalogue.search(demo_store, "bomen")] == ["bomenregister"]
    assert catalogue.search(demo_store, "fietsenstalling bezetting")[0].name == \
        "bezetting-fietsenstallingen"
    assert catalogue.search(demo_store, "Kérncijfers")[0].name == "kerncijfers-wijken"
    assert catalogue.search(demo_store, 'x:" OR (') == []  # FTS syntax in input is harmless
    assert catalogue.search(demo_store, "") == []


def test_catalogue_replace_all_keeps_old_cache_when_the_pull_fails(demo_store):
    before = catalogue.size(demo_store)

    def broken():
        yield {"id": "a", "name": "a", "title": "A"}
        raise ConnectionError("portal went away")

    with pytest.raises(ConnectionError):
        catalogue.replace_all(demo_store, broken())
    assert catalogue.size(demo_store) == before
    n = catalogue.replace_all(demo_store, [
        {"id": "p1", "name": "afvalbakken", "title": "Afvalbakken", "notes": "Locaties",
         "organization": {"title": "Gemeente Utrecht"}, "tags": [{"name": "afval"}],
         "metadata_modified": "2026-01-01T00:00:00"}])
    assert n == 1 and catalogue.size(demo_store) == 1
    assert catalogue.search(demo_store, "afval")[0].organisation == "Gemeente Utrecht"
    assert catalogue.search(demo_store, "bomen") == []


def test_add_dataset_under_a_task_links_it(demo_store):
    person = demo_store.participants.create(name="Nina")
    task = inventory.add_task(demo_store, person.id, title="Hondenbeleid")
    dataset = inventory.add_dataset(demo_store, task.id, title="Hondenuitlaatplaatsen",
                                    helps="others")
    assert [n.participant for n in inventory.needed_by(demo_store, dataset.id)] == ["Nina"]


def test_add_dataset_to_a_missing_task_creates_nothing(demo_store):
    before = demo_store.datasets.count()
    with pytest.raises(Exception):
        inventory.add_dataset(demo_store, "no-such-task", title="Wees")
    assert demo_store.datasets.count() == before


def test_link_an_existing_dataset_to_a_second_task_and_unlink_restores(demo_store):
    people = {p.name: p for p in demo_store.participants.list()}
    bomen = next(d for d in demo_store.datasets.list() if d.title == "Bomenregister")
    task = demo_store.tasks.list(participant_id=people["Sanne de Vries"].id)[0]
    inventory.link(demo_store, task.id, bomen.id)
    names = {n.participant for n in inventory.needed_by(demo_store, bomen.id)}
    assert names == {"Ruud Hendriks", "Sanne de Vries"}
    inventory.unlink(demo_store, task.id, bomen.id)
    assert {n.participant for n in inventory.needed_by(demo_store, bomen.id)} == {"Ruud Hendriks"}
    again = inventory.link(demo_store, task.id, bomen.id)  # relink restores the same row
    assert again.deleted_at is None
    assert len(demo_store.task_datasets.list(include_deleted=True, task_id=task.id,
                                             dataset_id=bomen.id)) == 1


def test_tree_filters(demo_store):
    def datasets(flt):
        return {d.title for n in inventory.tree(demo_store, flt) for t in n.tasks
                for d in t.datasets}

    everything = datasets(Filter())
    assert len(everything) == 25
    personal = datasets(Filter(personal=True))
    assert personal == {"Leegstaande panden", "Meldingen openbare ruimte",
                        "Schuldhulpverlening aanmeldingen"}
    assert "Bomenregister" in datasets(Filter(helps="others"))
    assert "Leegstaande panden" not in datasets(Filter(helps="others"))
    assert datasets(Filter(text="fiets")) == {"Bezetting fietsenstallingen",
                                              "Parkeervergunningen per wijk"}  # via the task
    people = [n.participant.name for n in inventory.tree(demo_store, Filter(text="sanne"))]
    assert people == ["Sanne de Vries"]
    assert datasets(Filter(department="Cultuur")) >= {"Culturele voorzieningen"}


def test_suggestions_while_typing(demo_store):
    found = inventory.suggestions(demo_store, "register bomen")
    assert found.in_trip[0].title == "Bomenregister"
    assert found.on_portal[0].name == "bomenregister"
    assert not inventory.suggestions(demo_store, "bo")
