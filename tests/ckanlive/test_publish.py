"""Publishing to a real CKAN 2.12: upload, update, conflicts, a killed server, privacy, pull."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from workshop_data.portal.client import PortalError, connect
from workshop_data.portal.metadata import Metadata, Resource
from workshop_data.portal.pull import pull_catalogue
from workshop_data.portal.queue import MetadataInvalid, queue
from workshop_data.portal.sync import Syncer, resolve_conflict
from workshop_data.common.setup import create_trip
from workshop_data.common.store import open_store

pytestmark = pytest.mark.ckan

EU = "http://publications.europa.eu/resource/authority/"
OWMS = "http://standaarden.overheid.nl/owms/terms/"


@pytest.fixture
def trip(tmp_path, ckan_portal, ckan_org, monkeypatch):
    monkeypatch.setenv("DATATRIP_CKAN_TOKEN", ckan_portal.token)
    monkeypatch.setenv("DATATRIP_CKAN_URL", ckan_portal.url)  # the portal the token is for
    store = open_store(tmp_path / "trip.db")
    create_trip(store, name="Publicatietest", organisation="Gemeente Utrecht")
    store.trips.update(store.trip_id, portal_url=ckan_portal.url,
                       portal_organisation=ckan_org["name"])
    ada = store.participants.create(name="Adelheid Özdemir", email="adelheid@utrecht.example")
    store.stakeholders.create(name="Fietsersbond", contact="geheim-nummer 06-12345678")
    store.ada = ada
    yield store
    store.close()


def make_dataset(store, tmp_path: Path, title: str, *, rows: int = 3):
    data = tmp_path / f"{title.split()[0].lower()}.csv"
    data.write_text("buurt;aantal\n" + "".join(f"Zuilen {i};{i},5\n" for i in range(rows)),
                    encoding="utf-8")
    dataset = store.datasets.create(title=title, description=f"{title}: tellingen per buurt.",
                                    format="CSV", status="obtained")
    meta = Metadata(title=title, description=f"{title}, per buurt, met één rij per telling.",
                    identifier=f"https://data.utrecht.example/id/{dataset.id}",
                    publisher="Gemeente Utrecht", contact_point="opendata@utrecht.example",
                    theme=OWMS + "Verkeer", licence="http://creativecommons.org/licenses/by/4.0/deed.nl",
                    access_rights=EU + "access-right/PUBLIC", language=EU + "language/NLD",
                    frequency=EU + "frequency/ANNUAL",
                    resources=[Resource(name=data.name, path=str(data), format="CSV",
                                        description="Telling")])
    return dataset, meta, data


def sync(store, **kwargs):
    ckan = connect(store.trip().portal_url)
    return Syncer(store, ckan, **kwargs).run()


def test_publish_with_upload_and_read_it_back(trip, tmp_path, ckan_portal):
    dataset, meta, data = make_dataset(trip, tmp_path, "Fietstellingen Zuilen")
    queued = queue(trip, dataset.id, meta)
    report = sync(trip)
    assert [i.outcome for i in report.items] == ["published"]
    publication = trip.publications.get(queued.publication.id)
    assert publication.state == "published" and publication.remote_id
    assert trip.datasets.get(dataset.id).status == "published"
    package = ckan_portal.client().action.package_show(id=publication.package_name)
    assert package["title"] == "Fietstellingen Zuilen"
    assert package["license_id"] == "cc-by"
    (resource,) = package["resources"]
    download = ckan_portal.session().get(resource["url"],
                                         headers={"Authorization": ckan_portal.token})
    assert download.content == data.read_bytes()
    # nothing is sent twice
    assert sync(trip).items == []


def test_update_patches_and_keeps_resources(trip, tmp_path, ckan_portal):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Parkeertellingen")
    queue(trip, dataset.id, meta)
    sync(trip)
    meta.description = "Nieuwe beschrijving: geactualiseerd in atelier 4."
    queue(trip, dataset.id, meta)
    report = sync(trip)
    assert [i.outcome for i in report.items] == ["published"]
    package = ckan_portal.client().action.package_show(id="parkeertellingen")
    assert package["notes"] == meta.description
    assert len(package["resources"]) == 1  # patched, not replaced, and not uploaded twice


def test_a_remote_edit_is_never_overwritten(trip, tmp_path, ckan_portal):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Geluidsmetingen")
    queued = queue(trip, dataset.id, meta)
    sync(trip)
    ckan_portal.client().action.package_patch(id="geluidsmetingen",
                                              notes="Aangepast door de portaalbeheerder")
    meta.description = "Onze lokale wijziging"
    queue(trip, dataset.id, meta)
    report = sync(trip)
    assert [i.outcome for i in report.items] == ["conflict"]
    remote = ckan_portal.client().action.package_show(id="geluidsmetingen")
    assert remote["notes"] == "Aangepast door de portaalbeheerder"  # nothing overwritten
    item = trip.outbox.list(publication_id=queued.publication.id, state="conflict")[0]
    both = json.loads(item.payload)
    assert both["remote"]["notes"] == "Aangepast door de portaalbeheerder"
    assert trip.publications.get(queued.publication.id).state == "conflict"
    # the facilitator chooses ours: it goes out at the next sync
    resolve_conflict(trip, item.id, "mine")
    assert [i.outcome for i in sync(trip).items] == ["published"]
    assert ckan_portal.client().action.package_show(id="geluidsmetingen")["notes"] == \
        "Onze lokale wijziging"


def test_a_crash_after_create_makes_no_duplicate(trip, tmp_path, ckan_portal, ckan_org,
                                                  monkeypatch):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Bomen in Overvecht")
    queue(trip, dataset.id, meta)
    real_update = trip.publications.update

    def die_after_create(id, **changes):
        if "remote_id" in changes:
            raise KeyboardInterrupt("laptop lid closed")
        return real_update(id, **changes)

    monkeypatch.setattr(trip.publications, "update", die_after_create)
    with pytest.raises(KeyboardInterrupt):
        sync(trip, workers=1)
    monkeypatch.setattr(trip.publications, "update", real_update)
    assert [i.outcome for i in sync(trip).items] == ["published"]
    found = ckan_portal.client().action.package_search(fq=f'owner_org:"{ckan_org["id"]}"')
    assert [p["name"] for p in found["results"]] == ["bomen-in-overvecht"]
    assert len(found["results"][0]["resources"]) == 1


def test_ckan_killed_mid_sync_then_restarted(trip, tmp_path, ckan_portal, ckan_org):
    if not ckan_portal.started_by_harness:
        pytest.fail("this test restarts CKAN and needs the harness to have started it")
    import sys

    harness = sys.modules["datatrip_ckan_harness"]  # loaded by conftest's ckan_portal
    state = json.loads((harness.Settings().state_dir / "state.json").read_text())
    for title in ("Afval A", "Afval B", "Afval C"):
        dataset, meta, _ = make_dataset(trip, tmp_path, title)
        queue(trip, dataset.id, meta)
    killed = []

    def kill_after_first(done, total, item):
        if not killed:
            os.kill(state["ckan"]["pid"], signal.SIGKILL)
            killed.append(item.package_name)
            time.sleep(0.5)

    try:
        first = sync(trip, workers=1, progress=kill_after_first)
        outcomes = sorted(i.outcome for i in first.items)
        assert outcomes == ["published", "retry-later", "retry-later"]
        waiting = [i for i in trip.outbox.list() if i.state == "pending"]
        assert len(waiting) == 2 and all(i.last_error and i.next_attempt_at for i in waiting)
    finally:
        harness.up()  # restart what was killed
    with trip.transaction() as conn:  # don't wait for the backoff in a test
        conn.execute("UPDATE outbox SET next_attempt_at = NULL")
    assert sorted(i.outcome for i in sync(trip).items) == ["published", "published"]
    found = ckan_portal.client().action.package_search(fq=f'owner_org:"{ckan_org["id"]}"',
                                                       rows=50)
    names = sorted(p["name"] for p in found["results"])
    assert names == ["afval-a", "afval-b", "afval-c"]


def test_invalid_metadata_is_refused_offline(trip, tmp_path):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Evenementen")
    meta.licence = "https://example.org/mijn-eigen-licentie"
    meta.contact_point = "adelheid@utrecht.example"  # a participant's own address
    meta.resources[0].format = "WORDPERFECT"
    with pytest.raises(MetadataInvalid) as refused:
        queue(trip, dataset.id, meta)
    assert set(refused.value.errors) == {"licence", "contact_point", "resources.0"}
    assert trip.outbox.list() == []


def test_personal_data_needs_an_override(trip, tmp_path):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Meldingen")
    trip.datasets.update(dataset.id, personal_data=1)
    from workshop_data.common.errors import ValidationError

    with pytest.raises(ValidationError):
        queue(trip, dataset.id, meta)
    assert trip.outbox.list() == []
    queued = queue(trip, dataset.id, meta, override="Geanonimiseerd per buurt, akkoord FG")
    assert queued.publication.personal_override.startswith("Geanonimiseerd")


def test_a_wrong_token_gives_a_clear_message(trip, tmp_path, monkeypatch):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Laadpalen")
    queue(trip, dataset.id, meta)
    monkeypatch.setenv("DATATRIP_CKAN_TOKEN", "not-a-valid-token")
    report = sync(trip)
    (item,) = report.items
    assert item.outcome == "failed"
    assert "refused the API token" in item.detail
    assert "not-a-valid-token" not in item.detail
    stored = trip.outbox.list()[0]
    assert stored.state == "failed" and "not-a-valid-token" not in stored.last_error


def test_no_private_data_reaches_the_portal(trip, tmp_path, ckan_portal):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Speelplekken")
    task = trip.tasks.create(participant_id=trip.ada.id, title="Spelen")
    trip.task_datasets.create(task_id=task.id, dataset_id=dataset.id)
    queue(trip, dataset.id, meta)
    sync(trip)
    package = ckan_portal.client().action.package_show(id="speelplekken")
    text = json.dumps(package, ensure_ascii=False)
    for private in ("Adelheid", "Özdemir", "adelheid@utrecht.example", "06-12345678",
                    "Fietsersbond", "Spelen", trip.ada.ballot_code):
        assert private not in text


def test_no_token_anywhere_in_the_trip_file(trip, tmp_path, ckan_portal):
    dataset, meta, _ = make_dataset(trip, tmp_path, "Zonnedaken")
    queue(trip, dataset.id, meta)
    sync(trip)
    trip.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = Path(trip.path).read_bytes()
    assert ckan_portal.token.encode() not in raw


def test_catalogue_pull_of_a_few_hundred_packages(trip, ckan_portal, ckan_org):
    ckan = ckan_portal.client()
    for i in range(250):
        ckan.action.package_create(name=f"pull-{ckan_org['name'][-8:]}-{i:03d}",
                                   title=f"Tellingen wijk {i:03d}", owner_org=ckan_org["id"],
                                   notes="Publiek", tags=[{"name": "tellingen"}])
    count = pull_catalogue(trip, connect(trip.trip().portal_url, need_token=False))
    assert count >= 250
    from workshop_data.inventory import catalogue

    hits = catalogue.search(trip, "tellingen wijk 123")
    assert hits and hits[0].title == "Tellingen wijk 123"


def test_an_unreachable_portal_keeps_the_old_catalogue(trip):
    from workshop_data.inventory import catalogue

    catalogue.replace_all(trip, [{"id": "x", "name": "oud", "title": "Oude kopie"}])
    trip.trips.update(trip.trip_id, portal_url="http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(PortalError) as error:
        pull_catalogue(trip, connect(trip.trip().portal_url, need_token=False,
                                     confirmed=["http://127.0.0.1:9"]))
    assert error.value.transient
    assert [p.title for p in catalogue.search(trip, "oude")] == ["Oude kopie"]


def test_sync_from_the_command_line(trip, tmp_path, ckan_portal):
    import subprocess
    import sys

    dataset, meta, _ = make_dataset(trip, tmp_path, "Marktkramen")
    queue(trip, dataset.id, meta)
    env = {**os.environ, "DATATRIP_CONFIG_DIR": str(tmp_path / "c")}
    result = subprocess.run([sys.executable, "-m", "datatrip_tui.cli", "sync", "--db", trip.path],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "marktkramen" in result.stdout and "published" in result.stdout
    assert ckan_portal.token not in result.stdout + result.stderr
    wrong = subprocess.run([sys.executable, "-m", "datatrip_tui.cli", "catalogue", "pull",
                            "--db", trip.path], capture_output=True, text=True,
                           env={**env, "DATATRIP_CKAN_TOKEN": "nope"}, timeout=120)
    assert wrong.returncode == 0, wrong.stderr  # pulling public packages needs no rights


def test_a_crash_after_the_upload_is_no_false_conflict(trip, tmp_path, ckan_portal, monkeypatch):
    """Killed after the file went up but before the trip file heard: the retry recognises its
    own write (publication id and revision in the extras) and finishes as published."""
    dataset, meta, _ = make_dataset(trip, tmp_path, "Lantaarnpalen")
    queue(trip, dataset.id, meta)
    real_update = trip.datasets.update

    def die_before_commit(id, **changes):
        if changes.get("status") == "published":
            raise KeyboardInterrupt("kill -9")
        return real_update(id, **changes)

    def killed_sync():
        monkeypatch.setattr(trip.datasets, "update", die_before_commit)
        with pytest.raises(KeyboardInterrupt):
            sync(trip, workers=1)
        monkeypatch.setattr(trip.datasets, "update", real_update)

    killed_sync()
    report = sync(trip)
    assert [i.outcome for i in report.items] == ["published"], [i.detail for i in report.items]
    package = ckan_portal.client().action.package_show(id="lantaarnpalen")
    assert len(package["resources"]) == 1
    # a real edit on the portal after such a crash is still a conflict
    meta.description = "Nieuw in atelier 4"
    queue(trip, dataset.id, meta)
    killed_sync()
    ckan_portal.client().action.package_patch(id="lantaarnpalen", title="Door de beheerder")
    assert [i.outcome for i in sync(trip).items] == ["conflict"]
