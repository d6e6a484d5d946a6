"""Publication metadata and the outbox, offline: the checks that happen in the room."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workshop_data.common.errors import ValidationError
from workshop_data.portal import vocab
from workshop_data.portal.client import PortalError, check_url, connect
from workshop_data.portal.metadata import Metadata, Resource, package_dict, slug, validate
from workshop_data.portal.queue import MetadataInvalid, draft_for, private_values, queue
from workshop_data.portal.sync import Syncer, backoff

EU = "http://publications.europa.eu/resource/authority/"


def good_meta(tmp_path) -> Metadata:
    data = tmp_path / "tellingen.csv"
    data.write_text("a;b\n1;2\n", encoding="utf-8")
    return Metadata(title="Fietstellingen", description="Per uur", publisher="Gemeente Utrecht",
                    identifier="https://data.utrecht.example/id/fiets",
                    contact_point="opendata@utrecht.example",
                    theme="http://standaarden.overheid.nl/owms/terms/Verkeer",
                    licence="http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
                    access_rights=EU + "access-right/PUBLIC", language=EU + "language/NLD",
                    resources=[Resource("tellingen.csv", str(data), format="csv")])


def test_slug_is_a_valid_ckan_name():
    assert slug("Financiële regelingen 2024 (concept)") == "financiele-regelingen-2024-concept"
    assert slug("!") == "dataset-x"
    assert len(slug("x" * 300)) <= 100


def test_a_complete_record_has_no_errors(tmp_path):
    assert validate(good_meta(tmp_path)) == {}


def test_every_problem_is_named_by_its_field(tmp_path):
    meta = good_meta(tmp_path)
    meta.licence = "CC-BY"  # a label, not a value of the list
    meta.theme = ""
    meta.identifier = "fiets-1"
    meta.contact_point = "bel ons"
    meta.resources.append(Resource("weg.csv", str(tmp_path / "weg.csv")))
    errors = validate(meta)
    assert set(errors) == {"licence", "theme", "identifier", "contact_point", "resources.1"}
    assert "weg.csv" in errors["resources.1"]


def test_private_values_may_not_go_into_the_metadata(tmp_path):
    meta = good_meta(tmp_path)
    meta.description = "Vragen? Mail j.jansen@utrecht.example"
    assert set(validate(meta, private_values={"j.jansen@utrecht.example"})) == {"description"}


def test_package_dict_maps_vocabularies_and_marks_ours(tmp_path):
    package = package_dict(good_meta(tmp_path), name="fiets", owner_org="utrecht",
                           publication_id="p-1")
    assert package["license_id"] == "cc-zero"
    assert package["private"] is False
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["datatrip_publication"] == "p-1"
    assert extras["language"].endswith("NLD")


def test_vocabularies_hold_the_dutch_lists():
    licences = {entry["ckan"] for entry in vocab.entries("licence")}
    assert {"cc-zero", "cc-by", "cc-by-sa"} <= licences
    assert len(vocab.entries("access_rights")) == 3
    assert vocab.format_code("geojson") == "GEOJSON"
    assert vocab.label("theme", "http://standaarden.overheid.nl/owms/terms/Financien",
                       "nl") == "Financiën"


def test_queue_writes_the_publication_and_outbox_row_together(demo_store, tmp_path):
    dataset = demo_store.datasets.create(title="Fietstellingen", status="explored")
    queued = queue(demo_store, dataset.id, good_meta(tmp_path))
    assert queued.publication.state == "queued"
    assert queued.publication.package_name == "fietstellingen"
    items = demo_store.outbox.list(publication_id=queued.publication.id)
    assert [i.state for i in items] == ["pending"]
    assert demo_store.datasets.get(dataset.id).status == "ready"
    # queueing again does not add a second row, and the name stays fixed
    meta = good_meta(tmp_path)
    meta.title = "Fietstellingen (nieuw)"
    again = queue(demo_store, dataset.id, meta)
    assert again.publication.package_name == "fietstellingen"
    assert len(demo_store.outbox.list(publication_id=queued.publication.id)) == 1


def test_queue_refuses_invalid_metadata_and_writes_nothing(demo_store, tmp_path):
    dataset = demo_store.datasets.create(title="Leeg")
    before = len(demo_store.outbox.list())
    with pytest.raises(MetadataInvalid):
        queue(demo_store, dataset.id, Metadata(title="Leeg"))
    assert len(demo_store.outbox.list()) == before
    assert demo_store.publications.list(dataset_id=dataset.id) == []


def test_personal_dataset_needs_an_override(demo_store, tmp_path):
    dataset = demo_store.datasets.create(title="Meldingen", personal_data=1)
    with pytest.raises(ValidationError):
        queue(demo_store, dataset.id, good_meta(tmp_path))
    assert queue(demo_store, dataset.id, good_meta(tmp_path), override="geaggregeerd").outbox_id


def test_private_values_cover_emails_names_and_contacts(demo_store):
    values = private_values(demo_store)
    assert "f.elamrani@utrecht.example" in values
    assert "Fatima El Amrani" in values
    assert "utrecht@fietsersbond.example" in values


def test_draft_prefills_from_the_dataset(demo_store):
    dataset = demo_store.datasets.list()[0]
    meta = draft_for(demo_store, dataset.id)
    assert meta.title == dataset.title and meta.publisher == "Gemeente Utrecht"
    assert meta.language.endswith("NLD")


def test_dry_run_says_what_and_why_without_a_network(demo_store, tmp_path):
    dataset = demo_store.datasets.create(title="Nieuw")
    queue(demo_store, dataset.id, good_meta(tmp_path))
    report = Syncer(demo_store, None).plan()
    outcomes = {item.title: (item.outcome, item.detail) for item in report.items}
    assert outcomes["Fietstellingen"][0] == "create"
    assert outcomes["Meetwaarden luchtkwaliteit (sensoren)"][0] == "create"
    # a publication whose metadata was broken after queueing is skipped, with the reason
    with demo_store.transaction() as conn:
        conn.execute("UPDATE publication SET metadata = '{}' WHERE package_name = 'fietstellingen'")
    skipped = [item for item in Syncer(demo_store, None).plan().items if item.outcome == "skip"]
    assert [item.package_name for item in skipped] == ["fietstellingen"]
    assert "metadata" in skipped[0].detail


def test_backoff_grows_and_is_jittered():
    import random

    rng = random.Random(1)
    delays = [backoff(n, rng) for n in range(1, 8)]
    assert all(0.5 * 2 ** (n - 1) <= d <= 2 ** (n - 1) for n, d in zip(range(1, 8), delays))


def test_portal_urls_must_be_https_unless_local():
    assert check_url("http://127.0.0.1:5000/") == "http://127.0.0.1:5000"
    with pytest.raises(PortalError, match="https"):
        check_url("http://data.utrecht.nl")
    with pytest.raises(PortalError):
        check_url("data.utrecht.nl")


def test_no_token_is_a_clear_message(monkeypatch):
    monkeypatch.delenv("DATATRIP_CKAN_TOKEN", raising=False)
    monkeypatch.setitem(sys.modules, "keyring", None)
    with pytest.raises(PortalError, match="DATATRIP_CKAN_TOKEN"):
        connect("https://data.utrecht.nl")


def test_sync_dry_run_from_the_command_line(demo_db, tmp_path):
    import os

    env = {**os.environ, "DATATRIP_CONFIG_DIR": str(tmp_path / "c")}
    result = subprocess.run([sys.executable, "-m", "datatrip_tui.cli", "sync", "--dry-run",
                             "--db", str(demo_db)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "meetwaarden-luchtkwaliteit-sensoren" in result.stdout
    assert "create" in result.stdout
