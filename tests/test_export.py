"""Exports: every format read back with Dutch text; the public export leaks nothing; all or
nothing is written."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from workshop_data.common.errors import DatatripError
from workshop_data.export import FORMATS, export, infer_format
from workshop_data.export.tables import MIN_PUBLIC_VOTES

TRICKY_TITLE = "Financiële “tabellen”; één, twee & drie"
TRICKY_NOTES = "Eerste regel; met puntkomma, en komma\nTweede regel met ï en é\n=SOM(A1:A3)"
FORMULA = "=HYPERLINK(\"http://kwaad.example\")"


@pytest.fixture
def dutch(demo_store):
    """The demo trip plus a dataset whose text tries every trick a file format can trip over."""
    store = demo_store
    person = store.participants.list()[0]
    task = store.tasks.list()[0]
    made = store.datasets.create(title=TRICKY_TITLE, description="Cijfers over “geld” ; €",
                                 notes=TRICKY_NOTES, status="ready", follow_up="2026-12-01",
                                 owner_department="Financiën", chaser_id=person.id,
                                 theme="Bestuur; Financiën")
    store.task_datasets.create(task_id=task.id, dataset_id=made.id)
    store.insights.create(dataset_id=made.id, text=FORMULA, author_id=person.id)
    return store, made


def read_all(path: Path) -> dict[str, bytes]:
    """Every byte an export wrote, by name; the members of a zip (xlsx) unpacked too."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    out = {}
    for file in files:
        data = file.read_bytes()
        out[str(file)] = data
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    out[f"{file}!{name}"] = archive.read(name)
    return out


# -- format inference --------------------------------------------------------------------------

@pytest.mark.parametrize("name, fmt", [("x.xlsx", "xlsx"), ("x.MD", "md"), ("x.html", "html"),
                                       ("x.jsonl", "ckan"), ("uitvoer", "csv")])
def test_the_format_follows_from_the_target(tmp_path, name, fmt):
    assert infer_format(tmp_path / name) == fmt


def test_an_unknown_suffix_is_a_clear_error(tmp_path):
    with pytest.raises(DatatripError, match="cannot tell the format"):
        infer_format(tmp_path / "x.pdf")


# -- Excel -------------------------------------------------------------------------------------

def test_excel_round_trip(dutch, tmp_path):
    from openpyxl import load_workbook

    store, made = dutch
    target = tmp_path / "trip.xlsx"
    assert export(store, target) == [target]
    book = load_workbook(target)
    assert book.sheetnames == ["Ateliers", "Participants", "Tasks", "Datasets", "Ranking results",
                               "Votes", "Stakeholders", "Invitations", "Prototypes", "Insights",
                               "Publications"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1] if cell.value), sheet.title
    sheet = book["Datasets"]
    headers = [c.value for c in sheet[1]]
    rows = {row[0]: dict(zip(headers, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    tricky = rows[TRICKY_TITLE]
    assert tricky["Notes"] == TRICKY_NOTES  # newlines, ;, é, ï and a leading = intact
    assert tricky["Status"] == "ready to publish"  # codes in words
    assert tricky["Follow-up"] == datetime(2026, 12, 1)  # a real date cell
    assert tricky["Personal data"] is False
    assert rows["Leegstaande panden"]["Personal data"] is True
    assert sheet.column_dimensions["A"].width >= len(TRICKY_TITLE)
    column = headers.index("Follow-up") + 1
    date_cell = next(c for c in next(sheet.iter_cols(min_col=column, max_col=column))
                     if isinstance(c.value, datetime))
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    # the insight that looks like a formula is text, not a formula
    insights = book["Insights"]
    texts = [c.value for c in insights["B"]]
    assert FORMULA in texts
    cell = next(c for c in insights["B"] if c.value == FORMULA)
    assert cell.data_type == "s"
    # the ranking has numbers, the votes are there (not public)
    ranking = book["Ranking results"]
    medians = [r[7] for r in ranking.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(m, (int, float)) for m in medians)
    assert book["Votes"].max_row > 300


def test_excel_in_dutch(dutch, tmp_path):
    from openpyxl import load_workbook

    from workshop_data.common.i18n import set_language, t

    store, _made = dutch
    set_language("nl")
    export(store, tmp_path / "trip.xlsx")
    book = load_workbook(tmp_path / "trip.xlsx")
    assert "Deelnemers" in book.sheetnames and "Rangschikking" in book.sheetnames
    statuses = {c.value for c in book["Datasets"]["B"][1:]}
    assert t("status.ready") in statuses and "ready" not in statuses
    follow_up = [c.value for c in book["Datasets"][1]].index("Opvolgen op")
    cells = next(book["Datasets"].iter_cols(min_col=follow_up + 1, max_col=follow_up + 1))
    date_cell = next(c for c in cells if isinstance(c.value, datetime))
    assert date_cell.number_format == "dd-mm-yyyy"


# -- CSV ---------------------------------------------------------------------------------------

def test_csv_folder_round_trip(dutch, tmp_path):
    store, made = dutch
    target = tmp_path / "csv"
    export(store, target)
    names = sorted(p.name for p in target.iterdir())
    assert "README.txt" in names and "datasets.csv" in names and "votes.csv" in names
    raw = (target / "datasets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert b"\r\n" in raw
    with open(target / "datasets.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = rows[0]
    records = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    tricky = records[TRICKY_TITLE]
    assert tricky["Notes"] == TRICKY_NOTES  # ;, commas, quotes and newlines intact
    assert tricky["Follow-up"] == "2026-12-01"
    assert tricky["Personal data"] == "no"
    assert tricky["Theme"] == "Bestuur; Financiën"
    # a number with a decimal comma, as Dutch Excel reads it
    with open(target / "ranking.csv", encoding="utf-8-sig", newline="") as handle:
        ranking = list(csv.DictReader(handle, delimiter=";"))
    means = [r["Mean"] for r in ranking if r["Mean"]]
    assert means and all("." not in m for m in means) and any("," in m for m in means)
    assert all(float(m.replace(",", ".")) > 0 for m in means)
    # a text that Excel would run as a formula gets an apostrophe
    with open(target / "insights.csv", encoding="utf-8-sig", newline="") as handle:
        insights = [r["Insight"] for r in csv.DictReader(handle, delimiter=";")]
    assert "'" + FORMULA in insights
    readme = (target / "README.txt").read_text("utf-8-sig")
    assert "UTF-8" in readme and "BOM" in readme and "semicolon" in readme


# -- report ------------------------------------------------------------------------------------

def test_markdown_report_has_every_atelier_the_ranking_and_the_chart(dutch, tmp_path):
    store, _made = dutch
    export(store, tmp_path / "verslag.md")
    text = (tmp_path / "verslag.md").read_text("utf-8")
    for number in (1, 2, 3, 4):
        assert f"## Atelier {number}" in text
    assert "### Ranking: Atelier 1: interesse en belang" in text
    assert "| # | Dataset | interest (median) |" in text
    assert "| 1 | " in text and "act now" in text
    assert "```text" in text and "importance" in text  # the 2x2 chart as text
    assert "Manage closely" in text  # the stakeholder grid
    assert "Fietsparkeerwijzer" in text  # prototypes
    assert "bomenregister" in text  # what was published
    # table cells cannot break the table: | and newlines are escaped
    for line in text.splitlines():
        if line.startswith("| ") and TRICKY_TITLE[:9] in line:
            assert "\n" not in line


def test_html_report_is_one_self_contained_page(dutch, tmp_path):
    store, _made = dutch
    export(store, tmp_path / "verslag.html")
    page = (tmp_path / "verslag.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<svg" in page and "</svg>" in page  # the priority chart, inline
    assert not re.search(r"(src|href)\s*=|<link|@import|url\(", page)  # no network
    assert "<table>" in page and "<th>interest (median)</th>" in page
    assert html.escape(TRICKY_TITLE) in page and TRICKY_TITLE not in page.replace(
        html.escape(TRICKY_TITLE), "")  # escaped once, never raw
    assert page.count("<h2>") == 4


# -- Data Package ------------------------------------------------------------------------------

TYPES = {"string", "integer", "number", "boolean", "date", "datetime"}
NAME = re.compile(r"^[a-z0-9._/-]+$")


def _parse(value: str, kind: str):
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        assert value in ("true", "false"), value
        return value == "true"
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    return value


def test_data_package_follows_the_spec_and_the_csvs_match_their_types(dutch, tmp_path):
    store, made = dutch
    target = tmp_path / "pakket"
    export(store, target, formats=["datapackage"])
    package = json.loads((target / "datapackage.json").read_text("utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert NAME.match(package["name"])
    assert isinstance(package["resources"], list) and package["resources"]
    tables = {}
    for resource in package["resources"]:
        assert NAME.match(resource["name"])
        assert resource["profile"] == "tabular-data-resource"
        assert resource["format"] == "csv" and resource["encoding"] == "utf-8"
        path = target / resource["path"]
        assert path.is_file() and not resource["path"].startswith("/")
        fields = resource["schema"]["fields"]
        assert fields and all(f["name"] and f["type"] in TYPES for f in fields)
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == [f["name"] for f in fields]
        parsed = [{f["name"]: _parse(v, f["type"]) for f, v in zip(fields, row)}
                  for row in rows[1:]]
        assert all(len(row) == len(fields) for row in rows[1:])
        tables[resource["name"]] = parsed
        key = resource["schema"].get("primaryKey")
        if key:
            keys = [key] if isinstance(key, str) else key
            values = [tuple(r[k] for k in keys) for r in parsed]
            assert len(values) == len(set(values)), resource["name"]
    for resource in package["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            target_rows = tables[fk["reference"]["resource"]]
            known = {r[fk["reference"]["fields"]] for r in target_rows}
            for row in tables[resource["name"]]:
                assert row[fk["fields"]] in known, (resource["name"], fk)
    datasets = {r["id"]: r for r in tables["datasets"]}
    assert datasets[made.id]["title"] == TRICKY_TITLE
    assert datasets[made.id]["notes"] == TRICKY_NOTES
    assert datasets[made.id]["status"] == "ready"  # codes stay codes for software
    assert datasets[made.id]["follow_up"] == date(2026, 12, 1)


# -- CKAN --------------------------------------------------------------------------------------

def test_ckan_file_holds_only_ready_datasets_without_personal_data(dutch, tmp_path):
    store, made = dutch
    secret = store.datasets.create(title="Cliëntregister, klaar", status="ready", personal_data=1)
    export(store, tmp_path / "ckan.jsonl")
    lines = (tmp_path / "ckan.jsonl").read_text("utf-8").splitlines()
    packages = [json.loads(line) for line in lines]
    ready = {d.id for d in store.datasets.list(status="ready") if not d.personal_data}
    ids = {next(e["value"] for e in p["extras"] if e["key"] == "datatrip_id") for p in packages}
    assert ids == ready and secret.id not in ids and made.id in ids
    for package in packages:
        assert re.match(r"^[a-z0-9_-]{2,100}$", package["name"])
        assert package["title"] and package["license_id"] and package["owner_org"]
        assert all(re.match(r"^[\w .-]+$", tag["name"]) for tag in package["tags"])
    tricky = next(p for p in packages if p["title"] == TRICKY_TITLE)
    assert tricky["name"] == "financiele-tabellen-een-twee-drie"
    # stable: the same names the next time
    export(store, tmp_path / "again.jsonl")
    assert (tmp_path / "again.jsonl").read_text("utf-8") == (tmp_path / "ckan.jsonl").read_text(
        "utf-8")


# -- public ------------------------------------------------------------------------------------

ODD_VOTES = (1.1111, 2.2222, 4.4444, 4.8888)  # no mean, median or quartile equals one of them
FEW_VOTES = (1.5555, 3.7777)  # fewer than MIN_PUBLIC_VOTES: left out altogether


@pytest.fixture
def secrets_trip(demo_store):
    """The demo plus recognisable private values in every place they can hide."""
    store = demo_store
    ada = store.participants.create(name="Ada Privé-Lovelace", email="ada.geheim@privé.example",
                                    department="Onderzoek")
    store.tasks.create(participant_id=ada.id, title="Taak van Ada")
    secret = store.datasets.create(title="Cliëntdossiers Schuldhulp Geheim", personal_data=1,
                                   status="ready", description="Beschrijving die niet uit mag")
    store.task_datasets.create(task_id=store.tasks.list()[0].id, dataset_id=secret.id)
    holder = store.stakeholders.create(name="Stichting Open", contact="06-99887766 (privé)")
    store.stakeholder_datasets.create(stakeholder_id=holder.id, dataset_id=secret.id)
    store.insights.create(dataset_id=secret.id, text="Inzicht over cliënten", author_id=ada.id)
    proto = store.prototypes.create(title="Prototype Open", company="Bureau")
    store.prototype_datasets.create(prototype_id=proto.id, dataset_id=secret.id)
    store.publications.create(dataset_id=secret.id, package_name="clientdossiers-geheim")
    fine = store.datasets.create(title="Openbare dataset met stemmen")
    few = store.datasets.create(title="Dataset met twee stemmen")
    rnd = store.rounds.create(title="Geheime ronde", status="closed", revealed=1)
    for dataset in (fine, few, secret):
        store.round_items.create(round_id=rnd.id, dataset_id=dataset.id)
    codes = [p.ballot_code for p in store.participants.list()]
    for code, value in zip(codes, ODD_VOTES):
        for dataset in (fine, secret):
            store.votes.create(round_id=rnd.id, ballot_code=code, dataset_id=dataset.id,
                               criterion="interest", value=value)
    for code, value in zip(codes, FEW_VOTES):
        store.votes.create(round_id=rnd.id, ballot_code=code, dataset_id=few.id,
                           criterion="interest", value=value)
    private = {p.name for p in store.participants.list(include_deleted=True)}
    private |= {p.email for p in store.participants.list(include_deleted=True) if p.email}
    private |= {s.contact for s in store.stakeholders.list(include_deleted=True) if s.contact}
    personal = [d for d in store.datasets.list(include_deleted=True) if d.personal_data]
    private |= {d.title for d in personal}
    private |= {d.description for d in personal if d.description}
    private.add("Inzicht over cliënten")
    for value in ODD_VOTES + FEW_VOTES:
        private |= {str(value), str(value).replace(".", ",")}
    return store, private


def _variants(value: str) -> set[str]:
    """How a value can look inside a file: as is, HTML/XML-escaped, JSON-escaped."""
    return {value, html.escape(value), html.escape(value, quote=False),
            json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}


def _leaks(files: dict[str, bytes], private: set[str]) -> list[tuple[str, str]]:
    found = []
    for name, data in files.items():
        text = data.decode("utf-8", errors="replace")
        for value in private:
            if any(v in text for v in _variants(value)):
                found.append((name, value))
    return found


def test_the_public_export_leaks_nothing_private(secrets_trip, tmp_path):
    store, private = secrets_trip
    assert len(ODD_VOTES) >= MIN_PUBLIC_VOTES > len(FEW_VOTES)
    written = export(store, tmp_path / "openbaar", formats=list(FORMATS), public=True)
    assert len(written) == len(FORMATS)
    files = {}
    for path in written:
        files.update(read_all(path))
    assert len(files) > 25
    assert _leaks(files, private) == []
    # ... while the aggregates of the round are there
    text = b"".join(files.values()).decode("utf-8", errors="replace")
    assert "Openbare dataset met stemmen" in text and "3.333" in text
    # and the full export does hold them: the test can see a leak when there is one
    full = export(store, tmp_path / "volledig", formats=list(FORMATS))
    everything = {}
    for path in full:
        everything.update(read_all(path))
    leaked = {value for _name, value in _leaks(everything, private)}
    assert "Ada Privé-Lovelace" in leaked and "ada.geheim@privé.example" in leaked
    assert "06-99887766 (privé)" in leaked and "Cliëntdossiers Schuldhulp Geheim" in leaked
    assert "4.4444" in leaked


def test_public_in_dutch_too(secrets_trip, tmp_path):
    from workshop_data.common.i18n import set_language

    store, private = secrets_trip
    set_language("nl")
    written = export(store, tmp_path / "openbaar", formats=list(FORMATS), public=True)
    files = {}
    for path in written:
        files.update(read_all(path))
    assert _leaks(files, private) == []


# -- writing safely ----------------------------------------------------------------------------

def _leftovers(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_folder_is_a_clear_error_and_writes_nothing(demo_store, tmp_path, fmt):
    target = tmp_path / "bestaat-niet" / "uit"
    with pytest.raises(DatatripError, match="does not exist"):
        export(demo_store, target, formats=[fmt])
    assert not (tmp_path / "bestaat-niet").exists()


def test_a_file_where_a_folder_should_be_is_a_clear_error(demo_store, tmp_path):
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(DatatripError, match="is a file"):
        export(demo_store, tmp_path / "bestand" / "trip.xlsx")
    with pytest.raises(DatatripError, match="is a file"):
        export(demo_store, tmp_path / "bestand", formats=["csv"])


def test_a_folder_with_other_files_is_never_replaced(demo_store, tmp_path):
    folder = tmp_path / "documenten"
    folder.mkdir()
    (folder / "belangrijk.docx").write_text("niet weggooien")
    with pytest.raises(DatatripError, match="other files"):
        export(demo_store, folder, formats=["csv"])
    assert (folder / "belangrijk.docx").read_text() == "niet weggooien"
    # an earlier export in the same folder is replaced whole
    export(demo_store, tmp_path / "csv", formats=["csv"])
    export(demo_store, tmp_path / "csv", formats=["csv"])
    assert (tmp_path / "csv" / "README.txt").exists()
    assert [n for n in _leftovers(tmp_path) if n.startswith(".")] == []


@pytest.mark.parametrize("fmt, module, function", [
    ("xlsx", "workshop_data.export.excel", "write_xlsx"),
    ("csv", "workshop_data.export.csvdir", "write_csv_folder"),
    ("datapackage", "workshop_data.export.datapackage", "write_datapackage"),
    ("ckan", "workshop_data.export.ckanload", "write_ckan"),
])
def test_a_failure_half_way_leaves_nothing_behind(demo_store, tmp_path, monkeypatch, fmt, module,
                                                  function):
    import importlib

    def broken(data, path, step=None):
        if path.is_dir():
            (path / "half.csv").write_text("half")
        else:
            path.write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importlib.import_module(module), function, broken)
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / ("trip.xlsx" if fmt == "xlsx" else "trip.jsonl" if fmt == "ckan"
                       else "trip")
    with pytest.raises(DatatripError, match="No space left on device"):
        export(demo_store, target, formats=[fmt])
    assert _leftovers(folder) == []


def test_an_existing_export_survives_a_failed_new_one(demo_store, tmp_path, monkeypatch):
    target = tmp_path / "trip.xlsx"
    export(demo_store, target)
    before = target.read_bytes()

    def broken(data, path, step=None):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("workshop_data.export.excel.write_xlsx", broken)
    with pytest.raises(DatatripError, match="Input/output error"):
        export(demo_store, target)
    assert target.read_bytes() == before
    assert [n for n in _leftovers(tmp_path) if n.startswith(".")] == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_a_clear_error(demo_store, tmp_path):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(DatatripError, match="cannot write"):
            export(demo_store, folder / "trip.xlsx")
        assert _leftovers(folder) == []
    finally:
        folder.chmod(0o755)


def test_several_formats_go_into_one_folder_with_progress(demo_store, tmp_path):
    seen = []
    written = export(demo_store, tmp_path / "alles", formats=["md", "xlsx", "ckan"],
                     progress=lambda done, total, what: seen.append((done, total)))
    assert [p.name for p in written] == ["data-trip-utrecht-2026.md",
                                         "data-trip-utrecht-2026.xlsx",
                                         "data-trip-utrecht-2026-ckan.jsonl"]
    assert all(p.parent == tmp_path / "alles" and p.exists() for p in written)
    dones = [d for d, _t in seen]
    assert dones == sorted(dones) and seen[-1][0] == seen[-1][1]
    assert len({t for _d, t in seen}) == 1
