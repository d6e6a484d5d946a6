"""Merging field by field against the common base (three-way), conflicts per field, and the
properties of it (hypothesis): both ways give the same file, no field change is lost, and
exactly the double edits are conflicts."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_data.merge.apply import apply_merge, choose_field, list_conflicts, plan_merge
from workshop_data.common.setup import create_trip
from workshop_data.common.store import open_store

from test_merge import close_and_fold, copy_trip, laptops, snapshot  # noqa: F401


@pytest.fixture
def synced(laptops):  # noqa: F811
    """Two laptops with a sync point: merged once both ways while still equal."""
    mine, other_path, other = laptops
    apply_merge(mine, other_path)
    return mine, other_path, other


@pytest.mark.parametrize("first_merge", [True, False])
def test_one_side_changes_the_role_the_other_the_notes_both_stay(laptops, first_merge):  # noqa: F811
    mine, other_path, other = laptops
    if not first_merge:
        apply_merge(mine, other_path)  # a sync point: the base is known
    holder = mine.stakeholders.list()[0]
    mine.stakeholders.update(holder.id, role="Wethouder Wonen")
    other.stakeholders.update(holder.id, notes="Belt liever dan dat ze mailt")
    close_and_fold(other)

    plan = plan_merge(mine, other_path)
    assert plan.conflicts == [] and plan.counts["stakeholder"].updated == 1
    apply_merge(mine, other_path)
    merged = mine.stakeholders.get(holder.id)
    assert merged.role == "Wethouder Wonen"
    assert merged.notes == "Belt liever dan dat ze mailt"
    assert list_conflicts(mine) == []


def test_a_field_changed_on_both_sides_is_a_conflict_of_that_field_only(synced):
    mine, other_path, other = synced
    holder = mine.stakeholders.list()[1]
    mine.stakeholders.update(holder.id, role="Mijn rol", influence=5)
    other.stakeholders.update(holder.id, role="Anna's rol", notes="Anna's notitie")
    close_and_fold(other)

    apply_merge(mine, other_path)
    [conflict] = list_conflicts(mine)
    assert conflict.fields == ["role"]
    assert conflict.differences() == [("role", "Mijn rol", "Anna's rol")]
    merged = mine.stakeholders.get(holder.id)
    assert merged.influence == 5 and merged.notes == "Anna's notitie"
    assert merged.role == "Anna's rol"  # the newer side's value, until the facilitator chooses

    choose_field(mine, conflict.id, "role", "edit", "Rol van ons allebei")
    merged = mine.stakeholders.get(holder.id)
    assert merged.role == "Rol van ons allebei"
    assert merged.influence == 5 and merged.notes == "Anna's notitie"  # the rest stays
    assert list_conflicts(mine) == []
    # the choice wins the next merge with the same file
    apply_merge(mine, other_path)
    assert mine.stakeholders.get(holder.id).role == "Rol van ons allebei"
    assert list_conflicts(mine) == []


def test_each_field_is_settled_on_its_own(synced):
    mine, other_path, other = synced
    dataset = mine.datasets.list()[2]
    mine.datasets.update(dataset.id, notes="mijn notitie", owner_department="Mijn afdeling")
    other.datasets.update(dataset.id, notes="Anna's notitie", owner_department="Anna's afdeling")
    close_and_fold(other)
    apply_merge(mine, other_path)
    [conflict] = list_conflicts(mine)
    assert sorted(conflict.fields) == ["notes", "owner_department"]
    choose_field(mine, conflict.id, "notes", "mine")
    assert [c.open_fields() for c in list_conflicts(mine)] == [["owner_department"]]
    done = choose_field(mine, conflict.id, "owner_department", "theirs")
    assert done.resolved == "mixed"
    merged = mine.datasets.get(dataset.id)
    assert (merged.notes, merged.owner_department) == ("mijn notitie", "Anna's afdeling")


def test_an_edited_number_is_stored_as_a_number_or_refused(synced):
    from workshop_data.common.errors import DatatripError

    mine, other_path, other = synced
    holder = mine.stakeholders.list()[2]
    mine.stakeholders.update(holder.id, influence=1)
    other.stakeholders.update(holder.id, influence=5)
    close_and_fold(other)
    apply_merge(mine, other_path)
    [conflict] = list_conflicts(mine)
    with pytest.raises(DatatripError):
        choose_field(mine, conflict.id, "influence", "edit", "veel")
    with pytest.raises(DatatripError):
        choose_field(mine, conflict.id, "influence", "edit", "9")  # outside 1..5
    choose_field(mine, conflict.id, "influence", "edit", "4")
    assert mine.stakeholders.get(holder.id).influence == 4


def test_deleting_a_row_the_other_side_edited_is_a_conflict(synced):
    mine, other_path, other = synced
    gone, kept = [d.id for d in mine.datasets.list()[3:5]]
    mine.datasets.delete(gone)
    other.datasets.update(gone, notes="Anna werkte er nog aan")
    mine.datasets.delete(kept)  # Anna did not touch this one
    close_and_fold(other)
    apply_merge(mine, other_path)
    conflicts = {c.row_id: c for c in list_conflicts(mine)}
    assert set(conflicts) == {gone} and conflicts[gone].fields == ["deleted_at"]
    row = mine.datasets.get(gone, include_deleted=True)
    assert row.notes == "Anna werkte er nog aan"  # her edit is in the row, whatever is chosen
    assert mine.datasets.get(kept, include_deleted=True).deleted


# -- properties --------------------------------------------------------------------------------

FIELDS = {"stakeholder": ("role", "notes", "influence", "organisation"),
          "dataset": ("notes", "owner_department", "source_system")}
REPOS = {"stakeholder": "stakeholders", "dataset": "datasets"}


def _start(folder: Path, synced: bool) -> tuple[Path, Path]:
    """A trip, copied to two laptops that then merged each other once (the sync point) when
    ``synced``; else their first merge comes after the edits, with only the field stamps."""
    store = open_store(folder / "start.db")
    create_trip(store, name="Velden", dates=["2026-10-01"])
    for n in range(3):
        store.stakeholders.create(name=f"Stakeholder {n}", role="rol", notes="")
        store.datasets.create(title=f"Dataset {n}")
    store.close()
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    a = copy_trip(folder / "start.db", folder / "a" / "a.db")
    b = copy_trip(folder / "start.db", folder / "b" / "b.db")
    for target, other in ((a, b), (b, a)) if synced else ():
        store = open_store(target)
        apply_merge(store, other)
        store.close()
    return a, b


# never a field's first value (role "rol", influence 3, the rest empty): an edit is a change
value = st.one_of(st.sampled_from(["x", "y", "ë;z"]), st.sampled_from([1, 2, 4, 5]))
edit = st.tuples(st.sampled_from(sorted(FIELDS)), st.integers(0, 2), st.integers(0, 3), value)
delete = st.tuples(st.just("delete"), st.sampled_from(sorted(FIELDS)), st.integers(0, 2))
operations = st.lists(st.one_of(edit, delete), max_size=6)


def _play(path: Path, ops) -> None:
    from workshop_data.common.errors import NotFound

    store = open_store(path)
    try:
        for op in ops:
            try:
                _one(store, op)
            except NotFound:  # an edit or delete of a row deleted already
                continue
    finally:
        store.close()


def _one(store, op) -> None:
    if op[0] == "delete":
        repo = getattr(store, REPOS[op[1]])
        repo.delete(repo.list(include_deleted=True, order_by="created_at")[op[2]].id)
        return
    table, index, which, new = op
    name = FIELDS[table][which % len(FIELDS[table])]
    if name == "influence":
        new = new if isinstance(new, int) else 4  # an int, never the first value (3)
    else:
        new = str(new)
    repo = getattr(store, REPOS[table])
    repo.update(repo.list(include_deleted=True, order_by="created_at")[index].id, **{name: new})


def _rows(path: Path) -> dict[tuple[str, str], dict]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {(table, row["id"]): dict(row) for table in FIELDS
                for row in conn.execute(f"SELECT * FROM {table}")}
    finally:
        conn.close()


def _changes(before: dict, after: dict) -> dict[tuple[str, str, str], object]:
    """{(table, id, field): new value} of every field an edit or delete changed."""
    out = {}
    for key, row in after.items():
        for name in FIELDS[key[0]] + ("deleted_at",):
            old, new = before[key][name], row[name]
            if name == "deleted_at":  # deleted or not: the stamps of two deletions differ
                old, new = old is not None, new is not None
            if old != new:
                out[(*key, name)] = new
    return out


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops_a=operations, ops_b=operations, synced=st.booleans())
def test_three_way_merge_properties(ops_a, ops_b, synced):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        a, b = _start(folder, synced)
        base = _rows(a)
        _play(a, ops_a)
        _play(b, ops_b)
        changed_a, changed_b = _changes(base, _rows(a)), _changes(base, _rows(b))
        into_a = copy_trip(a, folder / "a" / "a-merged.db")
        into_b = copy_trip(b, folder / "b" / "b-merged.db")
        for target, other in ((into_a, b), (into_b, a)):
            store = open_store(target)
            apply_merge(store, other)
            store.close()

        # merged both ways: the same file
        assert snapshot(into_a, list(FIELDS)) == snapshot(into_b, list(FIELDS))
        merged = _rows(into_a)
        # the double edits: the same field changed on both sides to different values, or a row
        # deleted on one side and edited on the other
        double = {k for k in changed_a.keys() & changed_b.keys() if changed_a[k] != changed_b[k]}
        for mine, theirs in ((changed_a, changed_b), (changed_b, changed_a)):
            for table, row_id, name in mine:
                edited = any(k[:2] == (table, row_id) and k[2] != "deleted_at" for k in theirs)
                deleted_too = (table, row_id, "deleted_at") in theirs
                if name == "deleted_at" and merged_deleted(mine, table, row_id) and edited \
                        and not deleted_too:
                    double.add((table, row_id, "deleted_at"))
        # no field change lost: a field changed on one side only holds that change
        for changes, other in ((changed_a, changed_b), (changed_b, changed_a)):
            for key, new in changes.items():
                if key in double or key in other:
                    continue
                got = merged[key[:2]][key[2]]
                assert (got is not None) == new if key[2] == "deleted_at" else got == new, key
        # exactly the double edits are conflicts, in both merged files
        for target in (into_a, into_b):
            store = open_store(target)
            try:
                reported = {(c.table, c.row_id, name) for c in list_conflicts(store)
                            for name in c.fields}
            finally:
                store.close()
            assert reported == double


def merged_deleted(changes: dict, table: str, row_id: str) -> bool:
    """Whether the change of ``deleted_at`` on this side was a deletion (not a restore)."""
    return changes.get((table, row_id, "deleted_at")) is True
