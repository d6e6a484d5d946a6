"""The data tracker's rules, without a terminal: filters, overdue, pipeline moves, detail."""

from __future__ import annotations

from datetime import date

import pytest

from workshop_data.inventory import tracker
from workshop_data.common.demo import _id
from workshop_data.common.errors import ValidationError
from workshop_data.common.i18n import set_language
from workshop_data.common.model import STATUSES, Dataset

TODAY = date(2026, 11, 26)


def dataset(**values) -> Dataset:
    base = dict(id="x", created_at="", updated_at="", deleted_at=None, trip_id="t", title="T")
    return Dataset(**{**base, **values})


def titles(rows) -> list[str]:
    return [row.title for row in rows]


# -- overdue -----------------------------------------------------------------------------------

@pytest.mark.parametrize("follow_up, status, expected", [
    ("2026-11-25", "requested", True),     # yesterday
    ("2026-01-01", "ready", True),
    ("2026-11-26", "requested", False),    # today is not yet late
    ("2026-11-27", "requested", False),
    ("2026-11-01", "published", False),    # published: nothing left to chase
    (None, "identified", False),
    ("", "identified", False),
    ("soon", "identified", False),         # not a date: cannot be compared, never overdue
])
def test_is_overdue(follow_up, status, expected):
    assert tracker.is_overdue(dataset(follow_up=follow_up, status=status), TODAY) is expected


def test_is_overdue_takes_today_as_text_too():
    assert tracker.is_overdue(dataset(follow_up="2026-11-25"), "2026-11-26")
    assert not tracker.is_overdue(dataset(follow_up="2026-11-25"), "2026-11-25")


# -- listing and filtering ---------------------------------------------------------------------

def test_list_holds_every_dataset_by_title_with_its_chaser(demo_store):
    rows = tracker.list_datasets(demo_store, today=TODAY)
    assert len(rows) == 25
    assert titles(rows) == sorted(titles(rows), key=str.casefold)
    first = rows[0]
    assert (first.title, first.status, first.owner_department, first.chaser_name,
            first.follow_up, first.overdue, first.step) == (
        "Bereik jongerenwerk per wijk", "requested", "Maatschappelijke Ontwikkeling",
        "Anouk Bakker", "2026-11-10", True, 2)


def test_overdue_filter_on_the_demo_trip(demo_store):
    rows = tracker.list_datasets(demo_store, today=TODAY, overdue_only=True)
    assert titles(rows) == [
        "Bereik jongerenwerk per wijk", "Klachten geluidsoverlast",
        "Meetwaarden luchtkwaliteit (sensoren)", "Meldingen openbare ruimte",
        "Nieuwbouwprojecten en opleveringen", "Schoolroutes en oversteekplaatsen",
        "Warmtevraag per gebouw"]
    assert all(row.overdue and row.status != "published" for row in rows)
    # a week earlier fewer follow-ups have passed
    assert len(tracker.list_datasets(demo_store, today="2026-11-19", overdue_only=True)) == 4


def test_status_department_and_search_filters(demo_store):
    assert titles(tracker.list_datasets(demo_store, today=TODAY, status="published")) == [
        "Bezetting fietsenstallingen", "Bomenregister"]
    assert titles(tracker.list_datasets(demo_store, today=TODAY, department="Wonen")) == [
        "Leegstaande panden", "Nieuwbouwprojecten en opleveringen"]
    # search looks in the title and the department, ignoring case
    assert len(tracker.list_datasets(demo_store, today=TODAY, search="MILIEU")) == 4
    assert titles(tracker.list_datasets(demo_store, today=TODAY, search="hitte")) == [
        "Hittekaart (gevoelstemperatuur)"]
    # filters combine
    assert titles(tracker.list_datasets(demo_store, today=TODAY, department="Milieu",
                                        overdue_only=True)) == [
        "Klachten geluidsoverlast", "Meetwaarden luchtkwaliteit (sensoren)"]
    assert tracker.list_datasets(demo_store, today=TODAY, status="published",
                                 overdue_only=True) == []
    with pytest.raises(ValueError):
        tracker.list_datasets(demo_store, today=TODAY, status="lost")


def test_deleted_datasets_and_chasers_are_left_out(demo_store):
    demo_store.datasets.delete(_id("d3"))
    demo_store.participants.delete(_id("p5"))  # Anouk Bakker chases d8 and d9
    rows = {row.title: row for row in tracker.list_datasets(demo_store, today=TODAY)}
    assert len(rows) == 24 and "Bezetting fietsenstallingen" not in rows
    assert rows["Bereik jongerenwerk per wijk"].chaser_name == ""
    assert tracker.counts_by_status(demo_store)["published"] == 1


def test_counts_and_departments(demo_store):
    assert tracker.counts_by_status(demo_store) == {
        "identified": 4, "requested": 3, "located": 4, "obtained": 4, "explored": 4,
        "ready": 4, "published": 2}
    departments = tracker.departments(demo_store)
    assert departments[0] == "Cultuur" and "Wonen" in departments
    assert len(departments) == len(set(departments)) == 12


# -- moving along the pipeline -----------------------------------------------------------------

def test_move_forward_and_back_returns_the_old_status(demo_store):
    d1 = _id("d1")  # ready
    before = demo_store.datasets.get(d1).updated_at
    assert tracker.move_status(demo_store, d1, +1) == "ready"
    moved = demo_store.datasets.get(d1)
    assert moved.status == "published" and moved.updated_at > before
    assert tracker.move_status(demo_store, d1, -1) == "published"
    assert tracker.move_status(demo_store, d1, -1) == "ready"
    assert demo_store.datasets.get(d1).status == "explored"


def test_moves_stop_at_both_ends_with_a_clear_message(demo_store):
    published, identified = _id("d3"), _id("d16")
    with pytest.raises(ValidationError) as error:
        tracker.move_status(demo_store, published, +1)
    assert error.value.field == "status"
    assert "Bezetting fietsenstallingen" in error.value.message
    assert "last step" in error.value.message
    with pytest.raises(ValidationError) as error:
        tracker.move_status(demo_store, identified, -1)
    assert "first step" in error.value.message
    assert demo_store.datasets.get(published).status == "published"
    assert demo_store.datasets.get(identified).status == "identified"


def test_the_refusal_speaks_dutch_too(demo_store):
    set_language("nl")
    with pytest.raises(ValidationError) as error:
        tracker.move_status(demo_store, _id("d3"), +1)
    assert "laatste stap" in error.value.message and "gepubliceerd" in error.value.message


def test_a_dataset_walks_the_whole_pipeline(demo_store):
    d16 = _id("d16")
    seen = [demo_store.datasets.get(d16).status]
    for _ in range(len(STATUSES) - 1):
        tracker.move_status(demo_store, d16)
        seen.append(demo_store.datasets.get(d16).status)
    assert tuple(seen) == STATUSES


def test_set_status_is_the_undo_of_a_move(demo_store):
    d5 = _id("d5")
    old = tracker.move_status(demo_store, d5, +1)
    assert tracker.revert(demo_store, d5, "status", old) == "obtained"
    assert demo_store.datasets.get(d5).status == "located"
    with pytest.raises(ValidationError):
        tracker.set_status(demo_store, d5, "lost")


# -- follow-up and chaser ----------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("2026-12-01", "2026-12-01"),
    ("1-12-2026", "2026-12-01"),     # Dutch day-month-year
    ("01/12/2026", "2026-12-01"),
    ("  ", None),                    # blank clears the date
    (None, None),
])
def test_set_follow_up(demo_store, typed, stored):
    d1 = _id("d1")
    assert tracker.set_follow_up(demo_store, d1, typed) == "2026-11-20"
    assert demo_store.datasets.get(d1).follow_up == stored


def test_a_bad_follow_up_date_is_refused_and_nothing_changes(demo_store):
    d1 = _id("d1")
    with pytest.raises(ValidationError) as error:
        tracker.set_follow_up(demo_store, d1, "31-11-2026")
    assert error.value.field == "follow_up"
    assert "not a date" in error.value.message
    assert demo_store.datasets.get(d1).follow_up == "2026-11-20"


def test_setting_the_follow_up_ends_the_overdue(demo_store):
    d1 = _id("d1")
    tracker.set_follow_up(demo_store, d1, "1-12-2026")
    assert not tracker.is_overdue(demo_store.datasets.get(d1), TODAY)
    tracker.revert(demo_store, d1, "follow_up", "2026-11-20")
    assert tracker.is_overdue(demo_store.datasets.get(d1), TODAY)


def test_set_chaser(demo_store):
    d1, bram = _id("d1"), _id("p10")
    assert tracker.set_chaser(demo_store, d1, bram) == _id("p1")
    assert demo_store.datasets.get(d1).chaser_id == bram
    assert tracker.set_chaser(demo_store, d1, "") == bram  # "" (the form's "Nobody") clears
    assert demo_store.datasets.get(d1).chaser_id is None
    tracker.revert(demo_store, d1, "chaser_id", _id("p1"))
    assert tracker.detail(demo_store, d1).chaser_name == "Fatima El Amrani"


def test_only_a_current_participant_can_chase(demo_store):
    d1 = _id("d1")
    with pytest.raises(ValidationError) as error:
        tracker.set_chaser(demo_store, d1, "no-such-person")
    assert error.value.field == "chaser_id"
    demo_store.participants.delete(_id("p10"))
    with pytest.raises(ValidationError):
        tracker.set_chaser(demo_store, d1, _id("p10"))
    assert demo_store.datasets.get(d1).chaser_id == _id("p1")


# -- the detail pane ---------------------------------------------------------------------------

def test_detail_lists_tasks_with_their_participants_and_the_stakeholders(demo_store):
    found = tracker.detail(demo_store, _id("d12"))  # Kerncijfers wijken en buurten
    assert found.dataset.title == "Kerncijfers wijken en buurten"
    assert found.chaser_name == "Priya Ramdin"
    assert [(task.participant_name, task.title) for task in found.tasks] == [
        ("Anouk Bakker", "Jeugdvoorzieningen spreiden"),
        ("Lotte Mulder", "Armoede in beeld"),
        ("Priya Ramdin", "Wijkprofielen actualiseren"),
    ]
    assert [name for _id_, name in found.participants] == [
        "Anouk Bakker", "Lotte Mulder", "Priya Ramdin"]
    assert [s.name for s in found.stakeholders] == [
        "Hogeschool Utrecht, lectoraat Data", "Wijkraad Overvecht"]


def test_a_participant_with_two_tasks_is_listed_once(demo_store):
    found = tracker.detail(demo_store, _id("d18"))  # Zonnepotentie daken: t12 and t16 of Bram
    assert sorted(task.title for task in found.tasks) == [
        "Wijkaanpak aardgasvrij", "Zonnepanelen op daken stimuleren"]
    assert found.participants == [(_id("p10"), "Bram Visser")]


def test_detail_leaves_out_what_was_deleted(demo_store):
    d12 = _id("d12")
    link = demo_store.task_datasets.list(task_id=_id("t9"), dataset_id=d12)[0]
    demo_store.task_datasets.delete(link.id)            # the link
    demo_store.tasks.delete(_id("t13"))                 # the task
    demo_store.participants.delete(_id("p5"))           # the participant of t7
    stake = demo_store.stakeholder_datasets.list(dataset_id=d12)
    demo_store.stakeholder_datasets.delete(stake[0].id)
    found = tracker.detail(demo_store, d12)
    assert found.tasks == [] and found.participants == []
    assert len(found.stakeholders) == 1
    demo_store.stakeholders.delete(found.stakeholders[0].id)
    assert tracker.detail(demo_store, d12).stakeholders == []
