"""The store writes through sqlite-utils' table API: the rules a user relies on still hold."""

from __future__ import annotations

import pytest

from workshop_data.common.errors import NotFound
from workshop_data.inventory import catalogue


def test_a_package_met_twice_in_one_pull_is_kept_once_and_found_as_its_newer_self(demo_store):
    n = catalogue.replace_all(demo_store, [
        {"id": "p1", "name": "bomen", "title": "Kapvergunningen"},
        {"id": "p2", "name": "afval", "title": "Afvalbakken"},
        {"id": "p1", "name": "bomen", "title": "Bomenkaart"},  # moved while paging
    ])
    assert n == 2 and catalogue.size(demo_store) == 2
    assert [p.title for p in catalogue.search(demo_store, "bomen")] == ["Bomenkaart"]
    assert catalogue.search(demo_store, "kapvergunningen") == []  # the index followed


def test_a_deleted_row_cannot_be_changed_and_comes_back_as_it_was(demo_store):
    ada = demo_store.participants.create(name="Ada", department="Wonen")
    demo_store.participants.delete(ada.id)
    with pytest.raises(NotFound):
        demo_store.participants.update(ada.id, role="adviseur")
    with pytest.raises(NotFound):
        demo_store.participants.delete(ada.id)
    back = demo_store.participants.restore(ada.id)
    assert (back.name, back.department, back.role, back.deleted_at) == ("Ada", "Wonen", "", None)
    changed = demo_store.participants.update(ada.id, role="adviseur")
    assert changed.role == "adviseur" and changed.updated_at >= back.updated_at


def test_lists_filter_and_sort_as_before(demo_store):
    names = [p.name for p in demo_store.participants.list()]
    assert names == sorted(names, key=str.casefold)
    first = demo_store.participants.list()[0]
    assert demo_store.tasks.count(participant_id=first.id) == len(
        demo_store.tasks.list(participant_id=first.id))
    with pytest.raises(ValueError):
        demo_store.participants.list(nonsense="x")
