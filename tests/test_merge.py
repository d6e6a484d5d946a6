"""Merging another laptop's trip file: rules, refusals, conflicts, and properties (hypothesis)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop_data.common.errors import TripFileError
from workshop_data.merge.apply import (apply_merge, list_conflicts, merged_tables, plan_merge,
                                 resolve_conflict, summary_lines)
from workshop_data.common.migrations import LATEST
from workshop_data.common.setup import create_trip
from workshop_data.common.store import open_store

BOOKKEEPING = ("merge_log", "merge_base", "merge_conflict")


# -- helpers -----------------------------------------------------------------------------------

def copy_trip(store_or_path, to: Path) -> Path:
    """A second laptop's copy of the file: the WAL folded in first, as a file copy would."""
    path = Path(getattr(store_or_path, "path", store_or_path))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copy(path, to)
    return to


def snapshot(path, tables=None) -> dict[str, list[tuple]]:
    """Every row of every domain table (and the bookkeeping ones if asked), sorted."""
    conn = sqlite3.connect(path)
    try:
        names = tables or merged_tables(conn)
        return {name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
                for name in names}
    finally:
        conn.close()


def fingerprint(path: Path) -> tuple:
    """What must not change about OTHER: its bytes, its mtime, and what lies beside it."""
    stat = path.stat()
    return (path.read_bytes(), stat.st_mtime_ns, sorted(os.listdir(path.parent)))


@pytest.fixture
def laptops(demo_db, tmp_path):
    """(mine, path of the other laptop's copy, an open store on that copy)."""
    (tmp_path / "anna").mkdir()
    other_path = copy_trip(demo_db, tmp_path / "anna" / "anna.db")
    mine = open_store(demo_db)
    other = open_store(other_path)
    yield mine, other_path, other
    other.close()
    mine.close()


def unvoted(store):
    """A dataset nobody voted on yet."""
    row = store.query("SELECT id FROM dataset WHERE id NOT IN (SELECT dataset_id FROM vote) "
                      "ORDER BY title LIMIT 1")[0]
    return store.datasets.get(row["id"])


def close_and_fold(store) -> None:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# -- the plan and the counts -------------------------------------------------------------------

def test_an_identical_copy_has_nothing_to_merge(laptops):
    mine, other_path, _other = laptops
    plan = plan_merge(mine, other_path)
    assert plan.empty and plan.first_merge
    assert "Nothing to merge" in "\n".join(summary_lines(plan))


def test_plan_counts_added_updated_deleted_then_apply_commits_them(laptops):
    mine, other_path, other = laptops
    added = other.participants.create(name="Zoë Ëlberg", department="Cultuur")
    dataset = other.datasets.list()[0]
    other.datasets.update(dataset.id, status="requested", notes="gevraagd; bij “IT”")
    gone = other.stakeholders.list()[0]
    other.stakeholders.delete(gone.id)
    close_and_fold(other)
    before = snapshot(mine.path)

    plan = plan_merge(mine, other_path)
    counts = {name: c.as_dict() for name, c in plan.rows()}
    assert counts["participant"] == {"added": 1, "updated": 0, "deleted": 0, "conflicts": 0}
    assert counts["dataset"] == {"added": 0, "updated": 1, "deleted": 0, "conflicts": 0}
    assert counts["stakeholder"] == {"added": 0, "updated": 0, "deleted": 1, "conflicts": 0}
    assert snapshot(mine.path) == before  # planning writes nothing
    text = "\n".join(summary_lines(plan))
    assert "Participants" in text and "Total" in text

    done = apply_merge(mine, other_path)
    assert done.applied and done.totals.as_dict() == plan.totals.as_dict()
    assert mine.participants.get(added.id).name == "Zoë Ëlberg"
    assert mine.datasets.get(dataset.id).notes == "gevraagd; bij “IT”"
    assert mine.stakeholders.get(gone.id, include_deleted=True).deleted
    assert mine.query("SELECT count(*) AS n FROM merge_log")[0]["n"] == 1


def test_merging_the_same_file_twice_changes_nothing(laptops):
    mine, other_path, other = laptops
    other.participants.create(name="Nieuwe deelnemer")
    other.datasets.update(other.datasets.list()[3].id, notes="van Anna")
    mine.datasets.update(mine.datasets.list()[3].id, notes="van mij")  # a conflict too
    close_and_fold(other)
    apply_merge(mine, other_path)
    everything = merged_tables(mine.conn) + list(BOOKKEEPING)
    after_first = snapshot(mine.path, everything)

    again = plan_merge(mine, other_path)
    assert again.empty and not again._ops and not again._bases
    apply_merge(mine, other_path)
    assert snapshot(mine.path, everything) == after_first


def test_other_is_never_modified_even_with_a_wal_beside_it(laptops):
    mine, other_path, other = laptops
    # Anna's datatrip is still open: her newest rows are only in anna.db-wal.
    made = other.participants.create(name="Alleen in de WAL")
    assert Path(f"{other_path}-wal").exists()
    wal = Path(f"{other_path}-wal")
    before = fingerprint(other_path)
    wal_before = wal.read_bytes()

    plan = plan_merge(mine, other_path)
    assert plan.counts["participant"].added == 1
    apply_merge(mine, other_path)
    assert mine.participants.get(made.id).name == "Alleen in de WAL"

    assert fingerprint(other_path) == before
    assert wal.read_bytes() == wal_before


def test_other_is_never_modified_when_closed(laptops, tmp_path):
    mine, other_path, other = laptops
    other.datasets.update(other.datasets.list()[0].id, title="Nieuwbouw (bijgewerkt)")
    other.close()  # the last connection folds the WAL back and removes it
    assert not Path(f"{other_path}-wal").exists()
    before = fingerprint(other_path)
    apply_merge(mine, other_path)
    apply_merge(mine, other_path)
    assert fingerprint(other_path) == before  # no -wal, no -shm appeared beside it either


# -- newer wins, deletions, conflicts ----------------------------------------------------------

def test_newer_version_wins_and_deletions_stay_deletions(laptops):
    mine, other_path, other = laptops
    a, b, c = [d.id for d in mine.datasets.list()[:3]]
    # a: I edit, then Anna deletes it later -> deleted
    mine.datasets.update(a, notes="mijn notitie")
    other.datasets.delete(a)
    # b: Anna deletes, then I edit later -> my edit wins, the row is back / stays alive
    other.datasets.delete(b)
    mine.datasets.update(b, notes="later bewerkt")
    # c: only Anna edits -> her version, no conflict
    other.datasets.update(c, owner_department="Wonen & Ruimte")
    close_and_fold(other)

    apply_merge(mine, other_path)
    assert mine.datasets.get(a, include_deleted=True).deleted
    assert not mine.datasets.get(b).deleted and mine.datasets.get(b).notes == "later bewerkt"
    assert mine.datasets.get(c).owner_department == "Wonen & Ruimte"
    conflicted = {x.row_id for x in list_conflicts(mine)}
    assert conflicted == {a, b}  # both sides changed those: kept for the facilitator
    assert c not in conflicted


def test_conflicts_keep_both_versions_and_are_resolved_by_choice(laptops):
    mine, other_path, other = laptops
    first, second = [d.id for d in mine.datasets.list()[5:7]]
    mine.datasets.update(first, notes="notitie van mij")
    other.datasets.update(first, notes="notitie van Anna")   # newer: in the trip for now
    other.datasets.update(second, notes="Anna's versie")
    mine.datasets.update(second, notes="mijn versie")         # newer: stays
    close_and_fold(other)

    plan = plan_merge(mine, other_path)
    assert plan.counts["dataset"].conflicts == 2
    assert {c.winner for c in plan.conflicts} == {"mine", "theirs"}
    apply_merge(mine, other_path)
    assert mine.datasets.get(first).notes == "notitie van Anna"
    assert mine.datasets.get(second).notes == "mijn versie"

    conflicts = {c.row_id: c for c in list_conflicts(mine)}
    assert conflicts[first].mine["notes"] == "notitie van mij"
    assert conflicts[first].theirs["notes"] == "notitie van Anna"
    assert ("notes", "notitie van mij", "notitie van Anna") in conflicts[first].differences()

    resolve_conflict(mine, conflicts[first].id, "mine")
    resolve_conflict(mine, conflicts[second].id, "theirs")
    assert mine.datasets.get(first).notes == "notitie van mij"
    assert mine.datasets.get(second).notes == "Anna's versie"
    assert list_conflicts(mine) == []
    assert {c.resolved for c in list_conflicts(mine, include_resolved=True)} == {"mine", "theirs"}

    # The choice was written as a new edit: merging Anna's file again does not undo it.
    apply_merge(mine, other_path)
    assert mine.datasets.get(first).notes == "notitie van mij"
    assert mine.datasets.get(second).notes == "Anna's versie"
    assert list_conflicts(mine) == []


def test_after_a_merge_only_edits_since_then_count(laptops):
    mine, other_path, other = laptops
    apply_merge(mine, other_path)  # the sync point: both files agree
    one, two, three = [d.id for d in mine.datasets.list()[8:11]]
    other.datasets.update(one, notes="alleen Anna")
    mine.datasets.update(two, notes="alleen ik")
    other.datasets.update(three, notes="Anna")
    mine.datasets.update(three, notes="ik")
    close_and_fold(other)

    plan = plan_merge(mine, other_path)
    assert not plan.first_merge
    assert [c.row_id for c in plan.conflicts] == [three]
    apply_merge(mine, other_path)
    assert mine.datasets.get(one).notes == "alleen Anna"
    assert mine.datasets.get(two).notes == "alleen ik"


def test_an_edit_the_other_laptop_never_saw_is_a_conflict(laptops):
    mine, other_path, other = laptops
    row = mine.datasets.list()[12].id
    mine.datasets.update(row, notes="mijn bewerking")
    apply_merge(mine, other_path)  # mine kept its version; Anna's file does not have it
    other.datasets.update(row, notes="Anna, zonder mijn bewerking te kennen")
    close_and_fold(other)
    plan = plan_merge(mine, other_path)
    assert [c.row_id for c in plan.conflicts] == [row]


def test_votes_are_unioned_and_the_newer_vote_wins(laptops):
    mine, other_path, other = laptops
    rnd = mine.rounds.list()[0]
    dataset = unvoted(mine)
    codes = [p.ballot_code for p in mine.participants.list()]
    mine.votes.create(round_id=rnd.id, ballot_code=codes[0], dataset_id=dataset.id,
                      criterion="interest", value=2)
    other.votes.create(round_id=rnd.id, ballot_code=codes[0], dataset_id=dataset.id,
                       criterion="interest", value=5)  # same key, other id, newer
    other.votes.create(round_id=rnd.id, ballot_code=codes[1], dataset_id=dataset.id,
                       criterion="interest", value=3)
    mine.votes.create(round_id=rnd.id, ballot_code=codes[2], dataset_id=dataset.id,
                      criterion="interest", value=4)
    close_and_fold(other)

    apply_merge(mine, other_path)
    votes = {v.ballot_code: v.value for v in mine.votes.list(dataset_id=dataset.id)}
    assert votes == {codes[0]: 5, codes[1]: 3, codes[2]: 4}
    assert list_conflicts(mine) == []
    assert plan_merge(mine, other_path).empty


def test_one_voter_per_round_and_participant_and_the_votes_follow(laptops):
    """Both laptops issued a credential for the same participant in the same round (e.g. each
    printed cards): the merged file has one voter, and the other laptop's votes are theirs."""
    mine, other_path, other = laptops
    rnd = mine.rounds.list()[0]
    dataset = unvoted(mine)
    anna = mine.participants.create(name="Anna hier")
    other.participants.create(id=anna.id, name="Anna hier")
    from workshop_data.ranking import voters

    ours = voters.voter_of(mine, rnd.id, anna.id)
    theirs = voters.voter_of(other, rnd.id, anna.id)
    assert ours.id != theirs.id
    other.votes.create(round_id=rnd.id, ballot_code=theirs.id, dataset_id=dataset.id,
                       criterion="importance", value=5)
    close_and_fold(other)

    apply_merge(mine, other_path)
    assert [v.id for v in mine.voters.list(round_id=rnd.id, participant_id=anna.id)] == [ours.id]
    votes = mine.votes.list(dataset_id=dataset.id, criterion="importance")
    assert [(v.ballot_code, v.value) for v in votes] == [(ours.id, 5)]
    assert plan_merge(mine, other_path).empty  # and the same every time


def test_the_same_publication_under_another_id_is_one_publication(laptops):
    mine, other_path, other = laptops
    dataset = mine.datasets.list()[0]
    ours = mine.publications.create(dataset_id=dataset.id, package_name="nieuwbouw-test")
    theirs = other.publications.create(dataset_id=dataset.id, package_name="nieuwbouw-test",
                                       state="queued")
    item = other.outbox.create(publication_id=theirs.id, action="publish")
    close_and_fold(other)

    apply_merge(mine, other_path)
    found = mine.publications.list(package_name="nieuwbouw-test")
    assert [p.id for p in found] == [ours.id] and found[0].state == "queued"
    assert mine.outbox.get(item.id).publication_id == ours.id


def test_a_new_empty_file_receives_the_whole_trip(laptops, tmp_path):
    _mine, other_path, other = laptops
    close_and_fold(other)
    fresh = open_store(tmp_path / "leeg.db")
    try:
        done = apply_merge(fresh, other_path)
        assert done.counts["participant"].added == 12 and fresh.trip().name
        domain = merged_tables(fresh.conn)
        assert snapshot(fresh.path, domain) == snapshot(other_path, domain)
    finally:
        fresh.close()


# -- refusals ----------------------------------------------------------------------------------

def test_a_file_of_another_trip_is_refused(laptops, tmp_path):
    mine, _other_path, _other = laptops
    stranger = open_store(tmp_path / "zeist.db")
    create_trip(stranger, name="Data Trip Zeist")
    stranger.close()
    before = snapshot(mine.path)
    with pytest.raises(TripFileError, match="another trip"):
        plan_merge(mine, tmp_path / "zeist.db")
    with pytest.raises(TripFileError, match="another trip"):
        apply_merge(mine, tmp_path / "zeist.db")
    assert snapshot(mine.path) == before


def test_a_newer_schema_is_refused(laptops):
    mine, other_path, other = laptops
    other.close()
    conn = sqlite3.connect(other_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = fingerprint(other_path)
    with pytest.raises(TripFileError, match="newer datatrip"):
        apply_merge(mine, other_path)
    assert fingerprint(other_path) == before


def test_an_older_schema_is_merged(laptops):
    mine, other_path, other = laptops
    made = other.participants.create(name="Uit een oud bestand")
    other.close()
    conn = sqlite3.connect(other_path, isolation_level=None)
    for table in BOOKKEEPING:
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    apply_merge(mine, other_path)
    assert mine.participants.get(made.id).name == "Uit een oud bestand"


@pytest.mark.parametrize("content, words", [
    (b"naam;e-mail\nAda;ada@example.org\n", "not a datatrip file"),
    (b"", "not a datatrip file"),
])
def test_files_that_are_not_trips_are_refused(laptops, tmp_path, content, words):
    mine, _other_path, _other = laptops
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(TripFileError, match=words):
        plan_merge(mine, path)


def test_a_missing_file_and_the_file_itself_are_refused(laptops, tmp_path):
    mine, _other_path, _other = laptops
    with pytest.raises(TripFileError, match="does not exist"):
        plan_merge(mine, tmp_path / "nope.db")
    with pytest.raises(TripFileError, match="itself"):
        plan_merge(mine, mine.path)


# -- properties --------------------------------------------------------------------------------

def _base(folder: Path) -> Path:
    store = open_store(folder / "base.db")
    create_trip(store, name="Eigenschappen", dates=["2026-10-01"])
    people = [store.participants.create(name=f"Deelnemer {n}") for n in range(4)]
    datasets = [store.datasets.create(title=f"Dataset {n}") for n in range(4)]
    rnd = store.rounds.create(title="Ronde")
    for d in datasets:
        store.round_items.create(round_id=rnd.id, dataset_id=d.id)
    store.votes.create(round_id=rnd.id, ballot_code=people[0].ballot_code,
                       dataset_id=datasets[0].id, criterion="interest", value=3)
    for n in range(2):
        store.stakeholders.create(name=f"Stakeholder {n}")
    store.close()
    return folder / "base.db"


TABLES = ("participants", "datasets", "stakeholders")
edit = st.tuples(st.just("edit"), st.sampled_from(TABLES), st.integers(0, 3),
                 st.text("abcëé ;,\n", min_size=1, max_size=8))
delete = st.tuples(st.just("delete"), st.sampled_from(TABLES), st.integers(0, 3))
restore = st.tuples(st.just("restore"), st.sampled_from(TABLES), st.integers(0, 3))
add = st.tuples(st.just("add"), st.sampled_from(("participants", "datasets")),
                st.text("xyzï", min_size=1, max_size=6))
vote = st.tuples(st.just("vote"), st.integers(0, 3), st.integers(0, 3),
                 st.sampled_from(("interest", "importance")), st.integers(1, 5))
operations = st.lists(st.one_of(edit, delete, restore, add, vote), max_size=8)


def _play(path: Path, ops, parity: int) -> None:
    """Apply ``ops`` to the file; existing rows only where index % 2 == parity (no conflicts)."""
    from workshop_data.common.errors import NotFound

    store = open_store(path)
    try:
        rnd = store.rounds.list()[0]
        people = store.participants.list(include_deleted=True, order_by="created_at")[:4]
        datasets = store.datasets.list(include_deleted=True, order_by="created_at")[:4]
        rows = {"participants": people, "datasets": datasets,
                "stakeholders": store.stakeholders.list(include_deleted=True,
                                                        order_by="created_at")}
        field = {"participants": "role", "datasets": "notes", "stakeholders": "notes"}
        for op in ops:
            kind = op[0]
            try:
                if kind in ("edit", "delete", "restore"):
                    table, index = op[1], op[2]
                    existing = rows[table]
                    if index % 2 != parity or index >= len(existing):
                        continue
                    repo = getattr(store, table)
                    if kind == "edit":
                        repo.update(existing[index].id, **{field[table]: op[3]})
                    elif kind == "delete":
                        repo.delete(existing[index].id)
                    else:
                        repo.restore(existing[index].id)
                elif kind == "add":
                    if op[1] == "participants":
                        store.participants.create(name=op[2])
                    else:
                        store.datasets.create(title=op[2])
                else:
                    _, who, what, criterion, value = op
                    key = dict(round_id=rnd.id, ballot_code=people[who].ballot_code,
                               dataset_id=datasets[what].id, criterion=criterion)
                    found = store.votes.list(**key)
                    if found:
                        store.votes.update(found[0].id, value=value)
                    else:
                        store.votes.create(**key, value=value)
            except NotFound:
                continue
    finally:
        store.close()


def _merge_into(target: Path, *others: Path) -> None:
    store = open_store(target)
    try:
        for other in others:
            apply_merge(store, other)
    finally:
        store.close()


def _ids(path: Path) -> dict[str, set[str]]:
    return {table: {row[0] for row in rows} for table, rows in snapshot(path).items()}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ops_a=operations, ops_b=operations, synced=st.booleans())
def test_merge_properties(ops_a, ops_b, synced):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        base = _base(folder)
        (folder / "a").mkdir()
        (folder / "b").mkdir()
        a = copy_trip(base, folder / "a" / "a.db")
        b = copy_trip(base, folder / "b" / "b.db")
        one = copy_trip(base, folder / "one.db")
        two = copy_trip(base, folder / "two.db")
        if synced:  # a first merge with each file before anyone edits: a sync point
            _merge_into(one, a, b)
            _merge_into(two, b, a)
        _play(a, ops_a, parity=0)
        _play(b, ops_b, parity=1)
        a_before, b_before = fingerprint(a), fingerprint(b)

        _merge_into(one, a, b)
        _merge_into(two, b, a)
        # the same final state whichever order the two files were merged in
        assert snapshot(one) == snapshot(two)
        # OTHER is never modified
        assert fingerprint(a) == a_before and fingerprint(b) == b_before

        # no row lost: every id of either file is there (a vote may give way to a newer vote
        # with the same round, code, dataset and criterion)
        merged = _ids(one)
        for source in (base, a, b):
            for table, ids in _ids(source).items():
                missing = ids - merged[table]
                if table == "vote":
                    continue
                assert not missing, (table, missing)
        keys = {row[4:8] for row in snapshot(one)["vote"]}
        for source in (a, b):
            assert {row[4:8] for row in snapshot(source)["vote"]} <= keys

        # non-conflicting edits make no conflict once the files have a sync point
        if synced:
            store = open_store(one)
            try:
                assert list_conflicts(store) == []
            finally:
                store.close()

        # idempotent: merging both again changes no row and makes no conflict (the sync point
        # with a may move: b's changes arrived since)...
        trip_and_conflicts = list(snapshot(one)) + ["merge_conflict"]
        before = snapshot(one, trip_and_conflicts)
        _merge_into(one, a, b)
        assert snapshot(one, trip_and_conflicts) == before
        # ... and merging the file just merged once more changes nothing at all
        everything = trip_and_conflicts + ["merge_log", "merge_base"]
        before = snapshot(one, everything)
        _merge_into(one, b)
        assert snapshot(one, everything) == before


def test_links_of_a_file_older_than_schema_7_take_their_datasets_helps(demo_db, tmp_path):
    """A laptop still on schema 6 linked a dataset ('lets others act', said on the dataset
    then) to a task: merged here, the link says so, not the default 'helps me'."""
    mine = open_store(demo_db)
    old = tmp_path / "old.db"
    copy_trip(mine, old)
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("ALTER TABLE task_dataset DROP COLUMN helps")
    conn.execute("PRAGMA user_version = 6")
    task = conn.execute("SELECT id FROM task ORDER BY id LIMIT 1").fetchone()[0]
    dataset = conn.execute("SELECT id FROM dataset WHERE id NOT IN (SELECT dataset_id FROM "
                           "task_dataset WHERE task_id = ?) ORDER BY id LIMIT 1",
                           [task]).fetchone()[0]
    stamp = "2030-01-01T00:00:00.000000Z"
    conn.execute("UPDATE dataset SET helps = 'others' WHERE id = ?", [dataset])
    conn.execute("INSERT INTO task_dataset (id, created_at, updated_at, task_id, dataset_id) "
                 "VALUES ('new-link', ?, ?, ?, ?)", [stamp, stamp, task, dataset])
    conn.close()
    apply_merge(mine, old)
    assert mine.task_datasets.get("new-link").helps == "others"
    mine.close()
