"""Exports tell the truth: every format holds only the declared public fields, no ballot code in
any export, the CKAN file sends what was queued, the Data Package links by id and validates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from workshop_data.export import FORMATS, export
from workshop_data.export.public import NEVER, PUBLIC
from workshop_data.export.tables import build_tables
from workshop_data.common.i18n import t
from workshop_data.portal.metadata import Metadata
from workshop_data.portal.queue import queue

from test_export import _leaks, read_all

EU = "http://publications.europa.eu/resource/authority/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"


@pytest.fixture
def trip(demo_store):
    """The demo plus recognisable values of every field that is not public."""
    store = demo_store
    ada = store.participants.create(name="Ada Zichtbaar", department="Onderzoek",
                                    role="Unieke rol van Ada")
    task = store.tasks.create(participant_id=ada.id, title="Taak van Ada")
    data = store.datasets.create(title="Open dataset met notitie", status="ready",
                                 notes="Interne notitie: bel Henk eerst", chaser_id=ada.id)
    store.task_datasets.create(task_id=task.id, dataset_id=data.id)
    holder = store.stakeholders.create(name="Stichting Dwarsligger", attitude="resistant",
                                       current_engagement="Negeert onze mails",
                                       desired_engagement="Eindelijk meedoen",
                                       notes="Lastige club, voorzichtig", owner_id=ada.id)
    store.stakeholder_datasets.create(stakeholder_id=holder.id, dataset_id=data.id)
    store.insights.create(dataset_id=data.id, text="Een inzicht van Ada", author_id=ada.id)
    hidden = {"Ada Zichtbaar", "Unieke rol van Ada", "Interne notitie: bel Henk eerst",
              "Negeert onze mails", "Eindelijk meedoen", "Lastige club, voorzichtig",
              t("attitude.resistant")}
    return store, hidden


def _codes(store) -> set[str]:
    """Every credential (codes and tokens of the voters) and the pseudonyms the votes carry
    (voter ids): none of them may be in an export. Participant ids may: they are no secret."""
    from workshop_data.ranking import ballots, voters

    for rnd in store.rounds.list():
        voters.issue(store, rnd.id)
    rows = store.query("SELECT id, code, token FROM voter")
    return {r[k] for r in rows for k in ("id", "code", "token")}


def _everything(store, folder: Path, public: bool) -> dict[str, bytes]:
    files = {}
    for path in export(store, folder, formats=list(FORMATS), public=public):
        files.update(read_all(path))
    return files


def test_no_ballot_code_in_any_format_public_or_full(trip, tmp_path):
    store, _hidden = trip
    codes = _codes(store)
    assert len(codes) > 10
    for public in (True, False):
        files = _everything(store, tmp_path / f"uit-{public}", public)
        assert _leaks(files, codes) == [], public


def test_the_public_export_holds_no_attitude_notes_or_people(trip, tmp_path):
    store, hidden = trip
    files = _everything(store, tmp_path / "openbaar", public=True)
    assert _leaks(files, hidden) == []
    # the full export does hold them, so the test would see them
    full = {value for _name, value in _leaks(_everything(store, tmp_path / "vol", False), hidden)}
    assert full == hidden


def _labels(data, table: str) -> dict[str, str]:
    """{header people read: field name} of a table of the full export."""
    return {c.label_text(): c.name for c in data.table(table).columns}


def test_every_public_format_holds_only_the_declared_fields(trip, tmp_path):
    store, _hidden = trip
    full = build_tables(store)
    target = tmp_path / "openbaar"
    export(store, target, formats=["datapackage", "csv", "xlsx"], public=True)
    stem = "data-trip-utrecht-2026-public"
    package = json.loads((target / f"{stem}-datapackage" / "datapackage.json").read_text("utf-8"))
    assert {r["name"] for r in package["resources"]} <= set(PUBLIC)
    for resource in package["resources"]:
        names = {f["name"] for f in resource["schema"]["fields"]}
        assert names <= PUBLIC[resource["name"]], resource["name"]
        assert not names & NEVER
    for path in (target / f"{stem}-csv").glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle, delimiter=";"))
        labels = _labels(full, path.stem)
        assert {labels[h] for h in header} <= PUBLIC[path.stem], path.name
    from openpyxl import load_workbook

    book = load_workbook(target / f"{stem}.xlsx", read_only=True)
    sheets = {t(tb.title): tb.name for tb in full.tables}
    checked = 0
    for sheet in book.worksheets:
        if sheet.title not in sheets:
            continue  # the cover sheet
        checked += 1
        name = sheets[sheet.title]
        labels = _labels(full, name)
        header = [c for c in next(sheet.iter_rows(min_row=1, max_row=1, values_only=True)) if c]
        header = header if all(h in labels for h in header) else [
            c for c in next(sheet.iter_rows(min_row=2, max_row=2, values_only=True)) if c]
        assert {labels[h] for h in header} <= PUBLIC[name], sheet.title
    assert checked == len(PUBLIC) - 3  # every table but the link tables (Data Package only)


def test_the_report_names_authors_in_full_and_nobody_in_public(trip, tmp_path):
    store, _hidden = trip
    export(store, tmp_path / "vol.md")
    export(store, tmp_path / "open.md", public=True)
    full = (tmp_path / "vol.md").read_text("utf-8")
    public = (tmp_path / "open.md").read_text("utf-8")
    assert "Een inzicht van Ada (Ada Zichtbaar)" in full
    assert "Een inzicht van Ada" in public and "Een inzicht van Ada (" not in public


def test_full_votes_carry_a_ballot_number_not_a_code(trip, tmp_path):
    store, _hidden = trip
    data = build_tables(store)
    votes = data.table("votes")
    names = [c.name for c in votes.columns]
    assert "ballot_code" not in names and "ballot" in names
    numbers = {row[names.index("ballot")] for row in votes.rows}
    assert numbers and all(isinstance(n, int) and n >= 1 for n in numbers)


# -- CKAN --------------------------------------------------------------------------------------

def _meta(title: str, frequency: str = "ANNUAL") -> Metadata:
    return Metadata(title=title, description="Beschrijving", publisher="Gemeente Utrecht",
                    identifier="https://data.utrecht.nl/dataset/x",
                    contact_point="opendata@utrecht.example",
                    theme="http://standaarden.overheid.nl/owms/terms/Verkeer", licence=CC0,
                    access_rights=EU + "access-right/PUBLIC", language=EU + "language/NLD",
                    frequency=EU + f"frequency/{frequency}")


def _packages(path: Path) -> dict[str, dict]:
    packages = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return {next(e["value"] for e in p["extras"] if e["key"] == "datatrip_id"): p
            for p in packages}


def _extras(package: dict) -> dict[str, str]:
    return {e["key"]: e["value"] for e in package["extras"]}


def test_ckan_file_sends_the_queued_publication(demo_store, tmp_path):
    store = demo_store
    plain = store.datasets.create(title="Parkeerdruk per buurt", status="located")
    flagged = store.datasets.create(title="Meldingen met adres", personal_data=1)
    refused = store.datasets.create(title="Dossiers", personal_data=1, status="ready")
    queued = queue(store, plain.id, _meta("Parkeerdruk per buurt"))
    queue(store, flagged.id, _meta("Meldingen geanonimiseerd"),
          override="Adressen zijn tot postcode4 teruggebracht")
    for public in (False, True):
        target = tmp_path / f"ckan-{public}.jsonl"
        export(store, target, public=public)
        packages = _packages(target)
        assert refused.id not in packages
        sent = packages[plain.id]
        assert sent["name"] == queued.publication.package_name
        assert sent["license_id"] == "cc-zero"
        extras = _extras(sent)
        assert extras["contact_point"] == "opendata@utrecht.example"
        assert extras["frequency"] == EU + "frequency/ANNUAL"
        assert sent["owner_org"]
        assert packages[flagged.id]["title"] == "Meldingen geanonimiseerd"


# -- Data Package ------------------------------------------------------------------------------

def test_data_package_has_a_licence_links_by_id_and_validates(trip, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    store, _hidden = trip
    for public in (False, True):
        target = tmp_path / f"pakket-{public}"
        export(store, target, formats=["datapackage"], public=public)
        descriptor = json.loads((target / "datapackage.json").read_text("utf-8"))
        assert descriptor["licenses"][0]["path"] == CC0
        assert descriptor["licenses"][0]["name"] == "cc-zero"
        resources = {r["name"]: r for r in descriptor["resources"]}
        assert "datasets" not in {f["name"] for f in resources["tasks"]["schema"]["fields"]}
        links = resources["task_datasets"]["schema"]["foreignKeys"]
        assert {(fk["fields"], fk["reference"]["resource"]) for fk in links} == {
            ("task_id", "tasks"), ("dataset_id", "datasets")}
        assert resources["stakeholder_datasets"]["schema"]["foreignKeys"]
        report = frictionless.validate(target / "datapackage.json")
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
        rows = list(csv.DictReader(open(target / "data" / "task_datasets.csv",
                                        encoding="utf-8")))
        assert rows and all(len(r["dataset_id"]) == 36 for r in rows)


def test_a_chosen_trip_licence_goes_into_the_data_package(demo_store, tmp_path):
    store = demo_store
    by = "http://creativecommons.org/licenses/by/4.0/deed.nl"
    store.trips.update(store.trip().id, licence=by)
    export(store, tmp_path / "pakket", formats=["datapackage"])
    descriptor = json.loads((tmp_path / "pakket" / "datapackage.json").read_text("utf-8"))
    assert descriptor["licenses"] == [{"path": by, "name": "cc-by",
                                       "title": descriptor["licenses"][0]["title"]}]
