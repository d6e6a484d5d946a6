"""The outbox under faults, against a CKAN in memory: a kill at each point of a write, a portal
that is down or slow, and a real conflict that must stay one."""

from __future__ import annotations

import threading

import pytest
import requests

from fakeckan import FakeCkan
from workshop_data.portal.metadata import Metadata, Resource
from workshop_data.portal.queue import queue
from workshop_data.portal.sync import Syncer

EU = "http://publications.europa.eu/resource/authority/"


class Killed(BaseException):
    """kill -9 at this point: nothing after it runs (not an Exception: nobody catches it)."""


def meta_for(tmp_path, title: str) -> Metadata:
    data = tmp_path / f"{title.lower().replace(' ', '-')}.csv"
    data.write_text("buurt;aantal\nZuilen;3\n", encoding="utf-8")
    return Metadata(title=title, description=f"{title} per buurt", publisher="Gemeente Utrecht",
                    identifier=f"https://data.utrecht.example/id/{data.stem}",
                    contact_point="opendata@utrecht.example",
                    theme="http://standaarden.overheid.nl/owms/terms/Verkeer",
                    licence="http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
                    access_rights=EU + "access-right/PUBLIC", language=EU + "language/NLD",
                    resources=[Resource(data.name, str(data), format="csv")])


@pytest.fixture
def store(demo_store):
    # The demo's own queued publication has no file; these tests queue their own.
    with demo_store.transaction() as conn:
        conn.execute("UPDATE outbox SET state = 'done'")
    return demo_store


def queue_new(store, tmp_path, title: str):
    dataset = store.datasets.create(title=title)
    return queue(store, dataset.id, meta_for(tmp_path, title))


def fault_at(ckan: FakeCkan, action: str, phase: str, error: BaseException, times: int = 1):
    left = [times]

    def fault(name, when, data):
        if name == action and when == phase and left[0]:
            left[0] -= 1
            raise error

    ckan.fault = fault


def kill_at(store, ckan: FakeCkan, action: str, phase: str) -> None:
    """A sync killed at that fault point; the portal answers normally afterwards."""
    fault_at(ckan, action, phase, Killed())
    with pytest.raises(Killed):
        Syncer(store, ckan, workers=1).run()
    ckan.fault = lambda *_: None


def outcomes(report) -> list[str]:
    return sorted(item.outcome for item in report.items)


# -- a kill at each fault point, then a second run -----------------------------------------------

@pytest.mark.parametrize("action, phase", [
    ("package_create", "before"),   # before the request
    ("package_create", "after"),    # the portal created it; the answer never came
    ("resource_create", "before"),
    ("resource_create", "after"),   # the file is on the portal; we never heard
])
def test_a_killed_first_publish_finishes_as_published(store, tmp_path, action, phase):
    ckan = FakeCkan()
    queued = queue_new(store, tmp_path, "Fietstellingen")
    kill_at(store, ckan, action, phase)
    report = Syncer(store, ckan).run()
    assert outcomes(report) == ["published"], [i.detail for i in report.items]
    (package,) = ckan.packages.values()
    assert len(package["resources"]) == 1
    assert store.publications.get(queued.publication.id).state == "published"


def test_a_kill_after_the_answer_before_the_commit_is_no_conflict(store, tmp_path, monkeypatch):
    ckan = FakeCkan()
    queue_new(store, tmp_path, "Parkeren")
    real = store.datasets.update

    def die(id, **changes):  # the last write of a publish, inside its final transaction
        if changes.get("status") == "published":
            raise Killed()
        return real(id, **changes)

    monkeypatch.setattr(store.datasets, "update", die)
    with pytest.raises(Killed):
        Syncer(store, ckan, workers=1).run()
    monkeypatch.setattr(store.datasets, "update", real)
    report = Syncer(store, ckan).run()
    assert outcomes(report) == ["published"], [i.detail for i in report.items]
    (package,) = ckan.packages.values()
    assert len(package["resources"]) == 1


@pytest.mark.parametrize("phase", ["before", "after"])
def test_a_killed_update_finishes_as_published(store, tmp_path, phase):
    ckan = FakeCkan()
    queued = queue_new(store, tmp_path, "Geluid")
    assert outcomes(Syncer(store, ckan).run()) == ["published"]
    meta = meta_for(tmp_path, "Geluid")
    meta.description = "Nieuwe beschrijving uit atelier 4"
    queue(store, queued.publication.dataset_id, meta)
    kill_at(store, ckan, "package_patch", phase)
    report = Syncer(store, ckan).run()
    assert outcomes(report) == ["published"], [i.detail for i in report.items]
    (package,) = ckan.packages.values()
    assert package["notes"] == "Nieuwe beschrijving uit atelier 4"
    assert len(package["resources"]) == 1


def test_a_lost_answer_is_retried_later_then_published(store, tmp_path):
    ckan = FakeCkan()
    queue_new(store, tmp_path, "Afval")
    fault_at(ckan, "resource_create", "after", requests.ConnectionError("reset"))
    assert outcomes(Syncer(store, ckan).run()) == ["retry-later"]
    ckan.fault = lambda *_: None
    assert outcomes(Syncer(store, ckan, retry_waiting=True).run()) == ["published"]
    (package,) = ckan.packages.values()
    assert len(package["resources"]) == 1


def killed_after_upload(store, tmp_path, title: str) -> FakeCkan:
    """A portal holding the package and file of a run killed before it heard back."""
    ckan = FakeCkan()
    queue_new(store, tmp_path, title)
    kill_at(store, ckan, "resource_create", "after")
    return ckan


def test_an_edit_on_the_portal_after_a_killed_run_stays_a_conflict(store, tmp_path):
    ckan = killed_after_upload(store, tmp_path, "Bomen")
    ckan.edit_by_hand("bomen", title="Bomen (aangepast door de beheerder)")
    report = Syncer(store, ckan).run()
    assert outcomes(report) == ["conflict"]
    (package,) = ckan.packages.values()
    assert package["title"] == "Bomen (aangepast door de beheerder)"  # not overwritten


def test_a_file_added_on_the_portal_after_a_killed_run_stays_a_conflict(store, tmp_path):
    ckan = killed_after_upload(store, tmp_path, "Bomen")
    package = next(iter(ckan.packages.values()))
    package["resources"].append({"id": "handmatig", "name": "toelichting.pdf"})
    assert outcomes(Syncer(store, ckan).run()) == ["conflict"]


# -- one try per item, said as it goes, within a time limit ---------------------------------------

def test_a_down_portal_costs_one_try_per_item_and_no_waiting(store, tmp_path):
    ckan = FakeCkan()
    for title in ("Een", "Twee", "Drie"):
        queue_new(store, tmp_path, title)

    def down(action, phase, data):
        raise requests.ConnectionError("refused")

    ckan.fault = down
    seen = []
    report = Syncer(store, ckan, progress=lambda d, n, item: seen.append(item.outcome)).run()
    assert outcomes(report) == ["retry-later"] * 3
    assert seen == ["retry-later"] * 3  # each said as it ended
    rows = [row for row in store.outbox.list() if row.state == "pending"]
    assert [row.attempts for row in rows] == [1, 1, 1]
    # the next run says they wait, and until when, without trying
    again = Syncer(store, ckan).run()
    assert outcomes(again) == ["skip"] * 3
    assert all(rows[0].next_attempt_at[:16] in item.detail for item in again.items[:1])


def test_a_slow_item_does_not_hold_back_the_others(store, tmp_path):
    ckan = FakeCkan()
    queue_new(store, tmp_path, "Traag")
    queue_new(store, tmp_path, "Snel")
    release = threading.Event()
    order = []

    def slow(action, phase, data):
        if action == "package_create" and phase == "before" and data["name"] == "traag":
            release.wait(10)  # until the other item has been reported

    ckan.fault = slow

    def progress(done, total, item):
        order.append(item.package_name)
        release.set()

    Syncer(store, ckan, workers=2, progress=progress).run()
    assert order == ["snel", "traag"]


def test_the_run_stops_starting_items_at_its_time_limit(store, tmp_path):
    ckan = FakeCkan()
    for title in ("Een", "Twee", "Drie"):
        queue_new(store, tmp_path, title)
    now = [0.0]

    def tick(action, phase, data):
        now[0] += 50  # every request takes 50 s of the 120

    ckan.fault = tick
    report = Syncer(store, ckan, workers=1, clock=lambda: now[0], time_limit=120).run()
    assert "published" in outcomes(report)
    skipped = [item for item in report.items if item.outcome in ("skip", "retry-later")]
    assert skipped and all("time limit" in item.detail for item in skipped)
    assert not [row for row in store.outbox.list() if row.state == "failed"]
