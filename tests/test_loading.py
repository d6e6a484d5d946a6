"""Loading real (messy) government files: detection, overrides and bad files.

Every file in tests/data/ (see MANIFEST.md there) has its expectations
written out below. Bad files are made in tmp_path. CSV tests run on each of
the loader's roads: the csv module for small files, and pyarrow or pandas'
C parser for big ones (forced here by lowering the size threshold).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_loading_big import same_table
from workshop_data.explorer.loading import (
    Detection,
    LoadCancelled,
    LoadError,
    LoadOptions,
    LoadResult,
    arrowcsv,
    csvload,
    csvread,
    dates,
    detect,
    inspect_file,
    list_sheets,
    load,
    textio,
)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent

S1 = DATA / "utrecht_cbs_nabijheid_voorzieningen_buurt_2023.csv"
S2 = DATA / "utrecht_incijfers_vrouwen_leeftijd_buurten_zuilen_2024.csv"
S3 = DATA / "eindhoven_incijfers_buurten_2020.csv"
S4 = DATA / "utrecht_evenementen_2011_2016.csv"
S5 = DATA / "amsterdam_ois_vestigingen_secties_2013_2017.csv"
S6 = DATA / "cbs_statline_bevolking_kerncijfers_2017_cp1252.csv"
S7 = DATA / "cbs_wanbetalers_zorgverzekering_inkomen_2015.csv"
S8 = DATA / "utrecht_cbs_kerncijfers_wijken_buurten_2024.xlsx"
S9 = DATA / "utrecht_buurten.geojson"
SHARED = [S1, S2, S3, S4, S5, S6, S7, S8, S9]
SHARED_CSV = [S1, S2, S3, S4, S5, S6, S7]


@pytest.fixture(params=["small", "c", "arrow", "parts"])
def road(request, monkeypatch):
    """Which parser the CSV loader uses (all must give the same table).
    "parts": pyarrow reading the file in parts of 1 KB, so every real file
    is cut in several places (inside quoted line breaks too, if it were wrong)."""
    if request.param != "small":
        monkeypatch.setattr(csvload, "SMALL_FILE", 0)
    if request.param == "c":
        monkeypatch.setattr(csvread, "_arrow_frame", lambda *a, **k: None)
    if request.param in ("arrow", "parts"):
        pytest.importorskip("pyarrow")
    if request.param == "parts":
        monkeypatch.setattr(arrowcsv, "PART_BYTES", 1024)
    return request.param


def numeric(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


# --------------------------------------------------------------------------
# the shared files are byte-for-byte copies


def test_every_shared_file_is_here_byte_for_byte():
    manifest = (DATA / "MANIFEST.md").read_text("utf-8")
    sections = re.findall(r"### (S\d)\. `([^`]+)`(.*?)(?=\n### |\n---|\Z)", manifest, re.S)
    assert len(sections) == 9
    for _, name, body in sections:
        digest = re.search(r"sha256 `([0-9a-f]{16})`", body).group(1)
        data = (DATA / name).read_bytes()
        assert hashlib.sha256(data).hexdigest()[:16] == digest, name
        size = int(re.search(r"\*\*Size:\*\* ([\d,]+) B", body).group(1).replace(",", ""))
        assert len(data) == size, name
    assert {p.name for p in SHARED} == {name for _, name, _ in sections}


# --------------------------------------------------------------------------
# S1..S9: what each real file must give


def test_s1_statline_padded_values_bom(road):
    r = load(S1)
    f = r.frame
    assert r.options.encoding == "utf-8-sig"
    assert r.options.delimiter == ";"
    assert r.options.decimal == "."
    assert r.options.skip_top == 0 and r.options.header_rows == 1 and r.options.skip_bottom == 0
    assert "." in r.options.na_values
    # 123 rows: Nederland, the gemeente, wijken and buurten; the row for the whole country is a
    # total, kept apart from statistics and charts
    assert f.shape == (122, 115)
    assert r.total_labels == ["Nederland"] and r.totals.shape == (1, 115)
    assert r.totals["Regioaanduiding/Codering (code)"].iloc[0] == "NL00"
    assert f.columns[0] == "Wijken en buurten"  # no BOM character in the name
    assert "Regioaanduiding/Codering (code)" in f.columns
    # padding inside the quotes is gone, codes keep no trailing spaces
    assert f["Regioaanduiding/Codering (code)"].tolist()[:3] == ["GM0344", "WK034401", "BU03440111"]
    assert f["Regioaanduiding/Gemeentenaam (naam)"].tolist()[:2] == ["Utrecht", "Utrecht"]
    assert set(f["Regioaanduiding/Soort regio (omschrijving)"]) == {"Gemeente", "Wijk", "Buurt"}
    km = "Detailhandel/Winkels dagelijkse boodschappen/Afstand tot grote supermarkt (km)"
    assert f[km].dtype == "float64" and f[km].tolist()[:2] == [0.7, 0.6] and r.totals[km].iloc[0] == 1.0
    # "       ." is missing: exactly the manifest's 9,175 cells
    assert int(f.isna().sum().sum()) + int(r.totals.isna().sum().sum()) == 9175
    assert len(numeric(f)) == 37  # a naive read_csv gives 0
    assert int(f.isna().all().sum()) == 74  # columns with no data for Utrecht
    assert any("hold no values" in w for w in r.warnings)


def test_s2_incijfers_duplicate_headers_and_dot_markers(road):
    r = load(S2)
    f = r.frame
    assert r.options.delimiter == ";"
    assert r.options.na_values == ["."]
    assert f.shape == (7, 24)  # 7 buurten; "Buurten totaal" is kept apart
    name = "bevolking naar geslacht en leeftijd|2024"
    assert list(f.columns) == ["Buurten", name] + [f"{name} ({k})" for k in range(2, 24)]
    assert numeric(f) == list(f.columns[1:])
    assert r.column_kinds[f"{name} (23)"] == "integer"
    assert r.totals["Buurten"].tolist() == ["Buurten totaal"]  # the totals row, apart
    assert r.totals[f"{name} (23)"].iloc[-1] == 12428
    assert any("1 total row ('Buurten totaal') is kept apart" in w for w in r.warnings)
    back = load(S2, LoadOptions(keep_totals=True))  # taken back in
    assert back.frame.shape == (8, 24) and back.frame["Buurten"].iloc[-1] == "Buurten totaal"
    assert back.totals.empty and back.options.keep_totals is True
    assert pd.isna(f[f"{name} (4)"].iloc[0])  # the quoted "." in row 1
    assert any("occurs 23 times" in n for n in r.detection.notes)


def test_s3_eindhoven_decimal_comma_two_markers_crlf(road):
    r = load(S3)
    f = r.frame
    assert r.options.encoding == "utf-8"
    assert r.options.delimiter == ";"
    assert r.options.decimal == ","
    assert r.options.thousands == ""
    assert r.options.na_values[:2] == [".", "-"]  # most frequent first
    assert "x" in r.options.na_values  # CBS "secret", five times in Inwoners
    assert f.shape == (117, 9)
    assert "Castiliëlaan" in set(f["Buurten"])
    assert numeric(f) == list(f.columns[1:])
    inkomen = "Gemiddeld persoonlijk inkomen per inkomensontvanger (x1000 euro)|2020"
    assert f[inkomen].iloc[0] == pytest.approx(35.7)
    assert r.column_kinds[inkomen] == "decimal"
    assert r.column_kinds["Inwoners|2020"] == "integer"
    assert f[f.Buurten == "Beemden"].iloc[0, 1:].isna().all()  # ".", "x" and "-" all missing
    assert f.iloc[-1].tolist()[0] == "Onbekend" and f.iloc[-1, -1] == 0.0


def test_s4_evenementen_dates_in_ranges_and_embedded_newlines(road):
    r = load(S4)
    f = r.frame
    assert r.options.encoding == "utf-8"
    assert r.options.delimiter == ";"
    # the dates sit inside ranges, so no column is a date: no date format is claimed
    assert r.options.date_format == ""
    assert f.shape == (4673, 8)  # 4,676 lines, 2 records span lines
    assert list(f.columns) == ["Jaar", "Dag", "Van tot datum", "Weeknummer", "Tijden Van", "Tijden Tot",
                               "Evenement", "Locatie"]  # "Tijden Van " lost its trailing space
    assert (f["Locatie"].dropna().str.contains("\n")).sum() == 2
    assert r.column_kinds["Jaar"] == "integer" and f["Jaar"].min() == 2011 and f["Jaar"].max() == 2016
    # ranges ("03-01-2011 t/m 31-01-2011") keep the column as text
    assert r.column_kinds["Van tot datum"] == "text"
    assert f["Van tot datum"].iloc[0] == "03-01-2011 t/m 31-01-2011"
    assert any("dd-mm-yyyy dates inside longer text" in n for n in r.detection.notes)
    # a week number column with a few "28/29" and "jaar" keeps them (nothing a file holds is
    # lost), and says so; "treat as number" sets exactly those 19 to missing
    assert r.column_kinds["Weeknummer"] == "text"
    assert (f["Weeknummer"] == "28/29").sum() == 9 and (f["Weeknummer"] == "jaar").sum() == 6
    assert any("'Weeknummer' stays text" in w and "'28/29' (9" in w and "'jaar' (6" in w
               for w in r.warnings)
    forced = load(S4, LoadOptions(number_columns=["Weeknummer"]))
    assert forced.column_kinds["Weeknummer"] == "integer"
    assert forced.frame["Weeknummer"].isna().sum() == f["Weeknummer"].isna().sum() + 19
    assert any("19 values that are not numbers were set to missing" in w for w in forced.warnings)
    assert f["Locatie"].iloc[1] == "Prins hendriklaan"  # trailing space stripped


def test_s5_ois_title_two_row_header_footer(road):
    r = load(S5)
    f = r.frame
    o = r.options
    assert (o.encoding, o.delimiter, o.skip_top, o.header_rows, o.skip_bottom) == ("utf-8", ";", 2, 2, 2)
    assert o.na_values == ["-"]
    assert f.shape == (22, 11)  # 22 sections; "totaal" is kept apart
    assert list(f.columns[:3]) == ["sectie", "2013 vestigingen met wp", "2013 werkzame pers."]
    assert f.columns[-1] == "2017 werkzame pers."
    assert numeric(f) == list(f.columns[1:])
    assert r.totals["sectie"].tolist() == ["totaal"]  # "totaal " stripped
    assert r.totals["2017 werkzame pers."].iloc[-1] == 526988
    assert f["2017 werkzame pers."].max() < 526988 / 2  # the mean and max are of the sections
    assert f["sectie"].iloc[11] == "K financiële instellingen"
    t = f[f["sectie"].str.startswith("T ")]
    assert t.iloc[0, 1:].isna().all()  # "-" everywhere
    reasons = {s.line: s.reason for s in r.skipped if s.reason != "blank"}
    assert reasons == {1: "title", 30: "footer"}
    assert not f.astype(str).apply(lambda c: c.str.contains("bron")).any().any()


def test_s6_statline_cp1252_stacked_headers_copyright_footer(road):
    r = load(S6)
    f = r.frame
    o = r.options
    assert o.encoding == "cp1252"
    assert "0xA9" in r.detection.reasons["encoding"] and "line 13" in r.detection.reasons["encoding"]
    assert (o.delimiter, o.skip_top, o.header_rows, o.skip_bottom) == (";", 1, 4, 1)
    assert f.shape == (7, 6)  # a naive read_csv gives (12, 1)
    assert list(f.columns[1:]) == ["Jonger dan 20 jaar", "20 tot 40 jaar", "40 tot 65 jaar", "65 tot 80 jaar",
                                   "80 jaar of ouder"]
    assert "Perioden" in f.columns[0]
    assert f.iloc[:, 0].tolist() == [1950, 1960, 1970, 1980, 1990, 2000, 2010]
    assert f["Jonger dan 20 jaar"].iloc[0] == 3742499
    assert numeric(f) == list(f.columns)
    skipped = {s.line: s for s in r.skipped}
    assert skipped[1].reason == "title" and skipped[13].reason == "footer"
    assert skipped[13].text.startswith("\u00a9 Centraal Bureau voor de Statistiek")
    # the header rows that are the same above every column are named in the notes
    assert any("Bevolking naar leeftijd, aantallen" in n for n in r.detection.notes)


def test_s7_cbs_space_thousands_comma_delimiter(road):
    r = load(S7)
    f = r.frame
    o = r.options
    assert (o.delimiter, o.decimal, o.thousands) == (",", ".", " ")
    assert (o.skip_top, o.header_rows, o.skip_bottom) == (2, 3, 3)
    # the group labels ("Tot 10 000 euro1)") head the rows below them: a column "group"
    # instead of 7 empty rows, and listed as skipped lines
    assert f.shape == (18, 6)
    assert f.columns[0] == "group"
    assert f.columns[1] == "column 1"  # the header above the labels is empty
    assert f.columns[2] == "Nederlandse bevolking van 18 jaar en ouder aantal"
    assert f.columns[4] == ("w.o. personen in bestuursrechtelijke premieregime t.o.v. Nederlandse "
                            "bevolking van 18 jaar en ouder %")
    total = r.totals  # "Totaal" is kept apart
    assert total.iloc[0].tolist()[1:4] == ["Totaal", 13562940, 282190] and pd.isna(total.iloc[0, 0])
    assert total.iloc[0, 4] == pytest.approx(2.1) and total.iloc[0, 5] == pytest.approx(100.0)
    assert r.column_kinds[f.columns[2]] == "integer" and r.column_kinds[f.columns[4]] == "decimal"
    assert f.iloc[0].tolist()[:3] == ["Tot 10 000 euro1)", "bruto persoonlijk inkomen", 2692680]
    assert f.iloc[-1, 0] == "50 000 euro en meer"
    labels = [(s.line, s.text) for s in r.skipped if s.reason == "label"]
    assert [text for _, text in labels[:3]] == ["Inkomen", "Tot 10 000 euro1)", "10 000 tot 20 000 euro"]
    assert len(labels) == 7
    if road == "small":  # the bulk parsers count records, not lines
        assert [line for line, _ in labels[:3]] == [11, 12, 17]
    footer = [s.text for s in r.skipped if s.reason == "footer"]
    assert footer[0].startswith("Bron: CBS") and footer[1].startswith("1) Personen met een negatief")


def test_s8_xlsx_dot_markers_codes_kept():
    r = load(S8)
    f = r.frame
    assert r.detection.format == "xlsx"
    assert r.detection.sheets == ["Gemeente-Utrecht"] == list_sheets(S8)
    assert r.options.sheet == "Gemeente-Utrecht"
    assert r.options.na_values == ["."]
    assert f.shape == (122, 121)
    assert list(f.columns[:5]) == ["gwb_code_10", "gwb_code_8", "regio", "gm_naam", "recs"]
    assert f["gwb_code_8"].tolist()[:3] == ["0344", "034401", "03440111"]
    assert r.column_kinds["gwb_code_8"] == "code" and "gwb_code_8" in r.options.text_columns
    assert f["a_inw"].dtype == "int64" and f["a_inw"].iloc[0] == 374238
    assert f["recs"].value_counts().to_dict() == {"Buurt": 111, "Wijk": 10, "Gemeente": 1}
    assert f["g_hhgro"].dtype == "float64"  # "." among numbers: a numeric column with gaps
    assert int(f.isna().sum().sum()) >= 10306  # every "." cell (plus truly empty ones)


def test_s9_geojson_properties_and_geometry_type():
    r = load(S9)
    f = r.frame
    assert r.detection.format == "geojson" and r.options.format == "geojson"
    assert r.options.encoding == "utf-8"
    assert list(f.columns) == ["ID", "KODE", "WIJKKODE", "NAAM", "geometry"]
    assert len(f) == 111
    assert set(f["geometry"]) == {"Polygon"}
    assert f["KODE"].iloc[0] == "0111" and r.column_kinds["KODE"] == "code"
    assert f["WIJKKODE"].iloc[0] == "01"
    assert f["NAAM"].iloc[0] == "Welgelegen, Den Homm"
    assert r.column_kinds["ID"] == "integer" and f["ID"].iloc[0] == 113


@pytest.mark.parametrize("path", SHARED_CSV, ids=lambda p: p.name[:20])
def test_the_three_csv_roads_give_the_same_table(path, monkeypatch):
    small = load(path)
    monkeypatch.setattr(csvload, "SMALL_FILE", 0)
    others = [load(path)] if importlib.util.find_spec("pyarrow") else []
    if others:
        monkeypatch.setattr(arrowcsv, "PART_BYTES", 1024)
        others.append(load(path))
    monkeypatch.setattr(csvread, "_arrow_frame", lambda *a, **k: None)
    others.append(load(path))
    for other in others:
        assert list(other.frame.columns) == list(small.frame.columns)
        assert other.column_kinds == small.column_kinds
        same_table(other.frame, small.frame)
        for name in small.frame.columns:
            if small.column_kinds[name] in ("integer", "decimal", "date"):
                assert other.frame[name].dtype.kind == small.frame[name].dtype.kind, name
        assert other.options.to_dict() == small.options.to_dict()


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name[:20])
def test_options_roundtrip_through_json_give_the_same_table(path):
    first = load(path)
    stored = json.loads(json.dumps(first.options.to_dict()))
    again = load(path, LoadOptions.from_dict(stored))
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert again.options == first.options
    assert all(v == "given" for k, v in again.detection.reasons.items() if stored.get(k) is not None
               and k != "format")


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name[:20])
def test_detect_gives_reasons_and_matches_load(path):
    found = detect(path)
    assert isinstance(found, Detection)
    assert found.columns == list(load(path).frame.columns)
    for key in ("decimal", "na_values", "date_format", "text_columns"):
        assert found.reasons[key], key
    if found.format == "csv":
        for key in ("encoding", "delimiter", "skip_top", "header_rows", "skip_bottom"):
            assert found.reasons[key], key


def test_detect_reports_errors_and_samples_big_files(tmp_path):
    with pytest.raises(LoadError, match="leeg.csv: the file is empty"):
        detect(write(tmp_path, "leeg.csv", b""))
    with pytest.raises(LoadError, match="not valid JSON"):
        detect(write(tmp_path, "kapot.json", "[1,"))
    found = detect(S4, max_bytes=100_000)
    assert found.sampled and found.columns[0] == "Jaar"
    assert not detect(S3).sampled
    given = detect(S3, LoadOptions(delimiter=",", decimal="."))
    assert given.reasons["delimiter"] == "given" and given.options.delimiter == ","


# --------------------------------------------------------------------------
# detection, one quirk at a time


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16"),
])
def test_encodings(tmp_path, encoding, expected):
    path = write(tmp_path, "e.csv", "naam;aantal\nJosé;5\nZoë;6\n", encoding)
    r = load(path)
    assert r.options.encoding == expected
    assert r.frame["naam"].tolist() == ["José", "Zoë"]
    assert r.frame.columns[0] == "naam"


def test_latin1_when_bytes_are_not_cp1252(tmp_path):
    path = write(tmp_path, "l.csv", b"a;b\nx\x81y;1\n")  # 0x81 is undefined in cp1252
    r = load(path)
    assert r.options.encoding == "latin-1"
    assert r.frame["a"].iloc[0] == "x\x81y"


def test_utf16_without_bom(tmp_path):
    path = write(tmp_path, "u.txt", "a\tb\n1\t2\n".encode("utf-16-le"))
    r = load(path)
    assert r.options.encoding == "utf-16-le" and r.options.delimiter == "\t"
    assert r.frame.to_dict("list") == {"a": [1], "b": [2]}


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_delimiters(tmp_path, sep):
    rows = [["gemeente", "inwoners", "opp"], ["Utrecht", "361924", "99"], ["Zeist", "65000", "48"],
            ["Houten, gem.", "50000", "59"]]
    text = "\n".join(sep.join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\n"
    r = load(write(tmp_path, "d.txt", text))
    assert r.options.delimiter == sep
    assert r.frame.shape == (3, 3)
    assert r.frame["gemeente"].iloc[2] == "Houten, gem."


@pytest.mark.parametrize("values, decimal, thousands, expected", [
    (["35,7", "1,25", "100"], ",", "", [35.7, 1.25, 100]),
    (["35.7", "1.25", "100"], ".", "", [35.7, 1.25, 100]),
    (["1.234,5", "12.345.678,9", "7"], ",", ".", [1234.5, 12345678.9, 7]),
    (["1,234.5", "12,345,678.9", "7"], ".", ",", [1234.5, 12345678.9, 7]),
    (["1 234,5", "12 345 678", "7"], ",", " ", [1234.5, 12345678, 7]),
    (["1.234", "12.345.678", "7"], ",", ".", [1234, 12345678, 7]),
])
def test_decimal_and_thousands(tmp_path, values, decimal, thousands, expected):
    text = "naam;waarde\n" + "".join(f'r{i};"{v}"\n' for i, v in enumerate(values))
    r = load(write(tmp_path, "n.csv", text))
    assert (r.options.decimal, r.options.thousands) == (decimal, thousands)
    assert r.frame["waarde"].tolist() == pytest.approx(expected)


def test_title_lines_multirow_header_and_footer(tmp_path):
    text = ("Tabel 3: Inwoners per wijk;;;\n"
            ";;;\n"
            ";2023;;2024\n"
            "wijk;mannen;vrouwen;mannen;vrouwen\n"
            "Noord;10;11;12;13\n"
            "Zuid;20;21;22;23\n"
            ";;;;\n"
            "* voorlopige cijfers;;;;\n"
            "Bron: gemeente;;;;\n"
            "\u00a9 2024\n")
    r = load(write(tmp_path, "t.csv", text))
    o = r.options
    assert (o.skip_top, o.header_rows, o.skip_bottom) == (2, 2, 4)
    assert list(r.frame.columns) == ["wijk", "2023 mannen", "2023 vrouwen", "2024 mannen", "2024 vrouwen"]
    assert r.frame["wijk"].tolist() == ["Noord", "Zuid"]
    assert [(s.line, s.reason) for s in r.skipped] == [
        (1, "title"), (2, "blank"), (7, "blank"), (8, "footer"), (9, "footer"), (10, "footer")]
    assert "Tabel 3" in r.detection.reasons["skip_top"]


def test_missing_markers_and_padding(tmp_path):
    text = ('gemeente;a;b;c;d\n'
            '"Utrecht   ";"   1.5";.;NA;-\n'
            '"Zeist";"       .";2;"  3";4\n'
            '"  Houten";"    2.5";;"NA";"    -"\n')
    r = load(write(tmp_path, "m.csv", text))
    f = r.frame
    assert set(r.options.na_values) == {".", "NA", "-"}
    assert f["gemeente"].tolist() == ["Utrecht", "Zeist", "Houten"]
    assert f["a"].tolist()[0] == 1.5 and pd.isna(f["a"].iloc[1])
    assert numeric(f) == ["a", "b", "c", "d"]
    assert int(f[["a", "b", "c", "d"]].isna().sum().sum()) == 7


def test_dates_dd_mm_yyyy_and_iso(tmp_path):
    r = load(write(tmp_path, "d.csv", "wanneer;iso;n\n03-01-2011;2011-01-03;1\n31-12-2016;2016-12-31;2\n"))
    f = r.frame
    assert r.options.date_format == "%d-%m-%Y"
    assert str(f["wanneer"].dtype).startswith("datetime64")
    assert f["wanneer"].tolist() == [pd.Timestamp("2011-01-03"), pd.Timestamp("2016-12-31")]
    assert r.column_kinds["wanneer"] == "date"
    # an ISO column is left alone by a dd-mm-yyyy file format, but still read as dates by ISO8601
    iso = load(r.detection.path, r.options.updated(date_format="ISO8601")).frame["iso"]
    assert iso.tolist() == [pd.Timestamp("2011-01-03"), pd.Timestamp("2016-12-31")]


def test_month_first_dates_when_the_second_number_passes_twelve(tmp_path):
    r = load(write(tmp_path, "us.csv", "d;n\n01-13-2020;1\n02-28-2020;2\n"))
    assert r.options.date_format == "%m-%d-%Y"
    assert r.frame["d"].iloc[0] == pd.Timestamp("2020-01-13")


@pytest.mark.parametrize("storage", ["object", "pyarrow"])
def test_fast_dates_match_pandas_including_invalid_days(storage):
    """Both fast roads: Python strings joined into a grid of bytes, and Arrow text whose data
    buffer is that grid already."""
    if storage == "pyarrow":
        pytest.importorskip("pyarrow")
    import numpy as np

    dtype = object if storage == "object" else pd.StringDtype("pyarrow", na_value=np.nan)
    values = pd.Series(["31-02-2020", "29-02-2020", "29-02-2021", "01-13-2020", "00-01-2020", "1x-01-2020",
                        None, "15-06-1950", "29-02-2000", "29-02-1900", "31-12-9999"] * 3, dtype=dtype)
    fast = dates.parse_dates(values, "%d-%m-%Y")
    slow = pd.to_datetime(values, format="%d-%m-%Y", errors="coerce")
    assert fast.isna().tolist() == slow.isna().tolist()
    assert (fast.dropna() == slow.dropna()).all()
    # not fixed width: falls back to pandas with the same answer
    assert dates.parse_dates(pd.Series(["3-1-2011", "13-12-2011"]), "%d-%m-%Y").tolist() == [
        pd.Timestamp("2011-01-03"), pd.Timestamp("2011-12-13")]


def test_arrow_text_dates_are_read_from_the_buffer_itself():
    pytest.importorskip("pyarrow")
    import numpy as np

    values = ["03-01-2011", "29-02-2020", "31-12-1999", "30-02-2020"]
    s = pd.Series(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    grid = dates._fast_arrow(s.iloc[1:], "%d-%m-%Y")  # a slice: the buffer starts further on
    assert grid is not None
    assert [str(v)[:10] for v in grid] == ["2020-02-29", "1999-12-31", "NaT"]
    assert dates._fast_arrow(pd.Series(["3-1-2011"], dtype=s.dtype), "%d-%m-%Y") is None


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 35), st.integers(0, 14), st.integers(0, 120)), min_size=1, max_size=60),
       base=st.integers(0, 9879), fmt=st.sampled_from(sorted(dates.DATE_LAYOUTS)), spoil=st.booleans())
def test_dates_through_the_table_of_days_equal_the_arithmetic(rows, base, fmt, spoil):
    """The grid's dates by one lookup in a table of the years present equal the ones computed
    digit by digit (H. Hinnant's days_from_civil): every day a date, every impossible one
    (day 0, 31 February, month 13, a letter, another separator) NaT; centuries apart too."""
    import numpy as np

    day, month, _, sep = dates.DATE_LAYOUTS[fmt]
    texts = []
    for d, m, y in rows:  # years within a century mostly (the table), some wider (the arithmetic)
        cells = {day: f"{d:02d}", month: f"{m:02d}"}
        texts.append(f"{cells[0]}{sep}{cells[3]}{sep}{base + y:04d}")
    if spoil:
        texts[0] = texts[0][:1] + "x" + texts[0][2:]
        texts[-1] = texts[-1][:5] + "+" + texts[-1][6:]
    grid = np.frombuffer("".join(texts).encode(), dtype=np.uint8).reshape(-1, 10)
    layout = dates.DATE_LAYOUTS[fmt]
    assert np.array_equal(dates._grid_dates(grid, layout), dates._arithmetic_dates(grid, layout), equal_nan=True)


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_a_few_odd_dates_do_not_send_the_whole_column_to_strptime(monkeypatch, storage):
    """A one-digit day or a cut-off last line among 1,000 fixed-width dates: those few go to
    pandas, the rest stay on the fast road, and the answer is pandas' answer."""
    if storage == "pyarrow":
        pytest.importorskip("pyarrow")
    import numpy as np

    values = [f"{i % 28 + 1:02d}-{i % 12 + 1:02d}-{2000 + i % 25}" for i in range(1000)]
    values[5], values[500], values[-1] = "3-1-2011", None, "12-0"
    s = pd.Series(values, dtype=pd.StringDtype(storage, na_value=np.nan))
    expected = pd.to_datetime(s, format="%d-%m-%Y", errors="coerce")
    seen = []
    real = pd.to_datetime

    def spy(arg, *args, **kwargs):
        seen.append(int(pd.Series(arg).notna().sum()))
        return real(arg, *args, **kwargs)

    monkeypatch.setattr(pd, "to_datetime", spy)
    got = dates.parse_dates(s, "%d-%m-%Y")
    assert got.isna().tolist() == expected.isna().tolist()
    assert (got.dropna() == expected.dropna()).all()
    assert seen and max(seen) <= 2  # only "3-1-2011" and "12-0" went to pandas


def test_codes_with_leading_zeros_stay_text(tmp_path):
    text = "code;postcode;pc4;n\n0344;3511 AB;3511;1\n0363;1011 AA;1011;2\n1680;9999 ZZ;9999;3\n"
    r = load(write(tmp_path, "c.csv", text))
    f = r.frame
    assert f["code"].tolist() == ["0344", "0363", "1680"]
    assert r.column_kinds["code"] == "code" and r.options.text_columns == ["code"]
    assert f["postcode"].tolist()[0] == "3511 AB"
    assert f["pc4"].tolist() == [3511, 1011, 9999]  # no zeros to keep: a number


def test_a_leading_zero_in_the_last_row_of_a_long_file_still_counts(tmp_path):
    lines = ["code;n"] + [f"{1000 + i};{i}" for i in range(5000)] + ["0999;1"]
    r = load(write(tmp_path, "z.csv", "\n".join(lines) + "\n"))
    assert r.frame["code"].iloc[-1] == "0999"
    assert r.options.text_columns == ["code"]


def test_duplicate_and_empty_names_and_trailing_spaces(tmp_path):
    text = "naam ;waarde;waarde;;waarde (2)\n a ;1;2;3;4\n"
    r = load(write(tmp_path, "n.csv", text))
    assert list(r.frame.columns) == ["naam", "waarde", "waarde (3)", "column 4", "waarde (2)"]
    assert r.frame["naam"].iloc[0] == "a"


def test_headerless_numeric_file(tmp_path):
    r = load(write(tmp_path, "h.csv", "1;2,5\n3;4,5\n"))
    assert r.options.header_rows == 0
    assert list(r.frame.columns) == ["column 1", "column 2"]
    assert r.frame["column 2"].tolist() == [2.5, 4.5]


def test_all_text_table_takes_the_first_line_as_header(tmp_path):
    r = load(write(tmp_path, "t.csv", "naam;plaats\nJan;Utrecht\nPiet;Zeist\n"))
    assert list(r.frame.columns) == ["naam", "plaats"] and len(r.frame) == 2


def test_json_records_and_object_holding_records(tmp_path):
    plain = write(tmp_path, "a.json", json.dumps([{"code": "0344", "n": 1, "w": "12,5"},
                                                  {"code": "0363", "n": 2, "w": "."}]))
    r = load(plain)
    assert r.detection.format == "json"
    assert r.frame.to_dict("list")["code"] == ["0344", "0363"]
    assert r.frame["w"].tolist()[0] == 12.5 and pd.isna(r.frame["w"].iloc[1])
    odata = write(tmp_path, "b.json", json.dumps({"odata.metadata": "x", "value": [
        {"Perioden": "2020JJ00", "Bevolking": 17407585, "Datum": "01-01-2020", "Regio": {"code": "NL01"}}]}))
    r = load(odata)
    assert list(r.frame.columns) == ["Perioden", "Bevolking", "Datum", "Regio.code"]
    assert r.frame["Datum"].iloc[0] == pd.Timestamp("2020-01-01")
    assert "'value'" in r.detection.reasons["format"]


def test_json_in_cp1252(tmp_path):
    r = load(write(tmp_path, "c.json", '[{"naam": "Zoë"}]', "cp1252"))
    assert r.options.encoding == "cp1252" and r.frame["naam"].iloc[0] == "Zoë"


def test_geojson_in_cp1252_with_point_geometry(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 7, "properties": {"naam": "Café"}, "geometry": {"type": "Point", "coordinates": [5, 52]}},
        {"type": "Feature", "properties": {"naam": "Zoë"}, "geometry": None}]}
    r = load(write(tmp_path, "p.geojson", json.dumps(doc, ensure_ascii=False), "cp1252"))
    assert r.options.encoding == "cp1252"
    assert list(r.frame.columns) == ["id", "naam", "geometry"]
    assert r.frame["geometry"].tolist()[0] == "Point" and pd.isna(r.frame["geometry"].iloc[1])


def test_xlsx_sheets_title_rows_and_typed_cells(tmp_path):
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Eerste"
    ws.append(["Tabel 1. Bezoekers"])
    ws.append([])
    ws.append(["datum", "bezoekers", "postcode"])
    ws.append([dt.datetime(2024, 1, 3), 120, "0101"])
    ws.append([dt.datetime(2024, 1, 4), "-", "0102"])
    ws.append(["Bron: gemeente"])
    other = wb.create_sheet("Tweede")
    other.append(["a", "b"])
    other.append([1, "2,5"])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    assert list_sheets(path) == ["Eerste", "Tweede"]
    r = load(path)
    o = r.options
    assert (o.sheet, o.skip_top, o.header_rows, o.skip_bottom) == ("Eerste", 2, 1, 1)
    assert "the first of 2 sheets" in r.detection.reasons["sheet"]
    assert list(r.frame.columns) == ["datum", "bezoekers", "postcode"]
    assert r.column_kinds == {"datum": "date", "bezoekers": "integer", "postcode": "code"}
    assert r.frame["bezoekers"].iloc[0] == 120 and pd.isna(r.frame["bezoekers"].iloc[1])
    second = load(path, LoadOptions(sheet="Tweede"))
    assert second.frame.to_dict("list") == {"a": [1], "b": [2.5]}


# --------------------------------------------------------------------------
# overriding one option changes the table accordingly


def test_override_decimal(road):
    r = load(S3, LoadOptions(decimal="."))
    inkomen = "Gemiddeld persoonlijk inkomen per inkomensontvanger (x1000 euro)|2020"
    assert r.options.decimal == "." and r.detection.reasons["decimal"] == "given"
    assert r.column_kinds[inkomen] == "text" and r.frame[inkomen].iloc[0] == "35,7"
    assert r.column_kinds["Inwoners|2020"] == "integer"  # no decimals there


def test_override_delimiter(road):
    r = load(S5, LoadOptions(delimiter=","))
    assert r.options.delimiter == ","
    assert r.frame.shape[1] != 11


def test_override_header_rows_and_skip_top(road):
    r = load(S3, LoadOptions(header_rows=0))
    assert r.frame.columns[0] == "column 1"
    assert r.frame.iloc[0, 0] == "Buurten" and len(r.frame) == 118
    r = load(S5, LoadOptions(skip_top=3, header_rows=1))
    assert r.frame.columns[1] == "vestigingen met wp" and r.frame.columns[2] == "werkzame pers."


def test_override_skip_bottom(road):
    r = load(S5, LoadOptions(skip_bottom=0))
    assert r.frame["sectie"].iloc[-1].startswith("1) Personen")
    assert r.column_kinds["2017 werkzame pers."] == "text"  # "bron: OIS" in the last cell


def test_override_na_values(road):
    r = load(S2, LoadOptions(na_values=[]))
    assert r.column_kinds["bevolking naar geslacht en leeftijd|2024 (4)"] == "text"
    assert r.frame["bevolking naar geslacht en leeftijd|2024 (4)"].iloc[0] == "."
    assert r.column_kinds["bevolking naar geslacht en leeftijd|2024 (23)"] == "integer"  # no dots


def test_override_encoding(road):
    r = load(S3, LoadOptions(encoding="latin-1"))
    assert "CastiliÃ«laan" in set(r.frame["Buurten"])


def test_override_text_columns_tolerance_and_date_format(road):
    r = load(S3, LoadOptions(text_columns=["Inwoners|2020"]))
    assert r.column_kinds["Inwoners|2020"] == "code" and r.frame["Inwoners|2020"].iloc[0] == "3721"
    r = load(S4, LoadOptions(numeric_tolerance=0.0))
    assert r.column_kinds["Weeknummer"] == "text" and "28/29" in set(r.frame["Weeknummer"])


def test_override_date_format_and_thousands(tmp_path):
    path = write(tmp_path, "d.csv", "d;n\n03-01-2011;1.234\n04-01-2011;5\n")
    r = load(path)
    assert r.column_kinds["d"] == "date" and r.frame["n"].tolist() == [1234, 5]
    r = load(path, r.options.updated(date_format="", thousands=""))
    assert r.column_kinds["d"] == "text" and r.frame["n"].tolist() == ["1.234", "5"]


def test_load_options_dict_validation():
    options = LoadOptions(delimiter=";", na_values=[".", "-"], skip_top=2, numeric_tolerance=0.1)
    data = options.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) >= {"encoding", "delimiter", "decimal", "thousands", "header_rows", "skip_top",
                         "skip_bottom", "na_values", "sheet", "date_format", "text_columns", "format"}
    assert LoadOptions.from_dict({**data, "from_the_future": 1}) == options
    with pytest.raises(ValueError, match="skip_top"):
        LoadOptions.from_dict({"skip_top": "2"})
    with pytest.raises(ValueError, match="na_values"):
        LoadOptions.from_dict({"na_values": "."})
    with pytest.raises(ValueError, match="format"):
        LoadOptions.from_dict({"format": "pdf"})


def test_impossible_option_combinations_are_load_errors(tmp_path):
    path = write(tmp_path, "a.csv", "a;b\n1;2\n")
    with pytest.raises(LoadError, match="cannot both be"):
        load(path, LoadOptions(decimal=",", thousands=","))
    with pytest.raises(LoadError, match="one character"):
        load(path, LoadOptions(delimiter=";;"))
    with pytest.raises(LoadError, match="unknown text encoding"):
        load(path, LoadOptions(encoding="klingon"))


# --------------------------------------------------------------------------
# bad files: a LoadError that says what and where, never a traceback


def test_empty_file(tmp_path):
    with pytest.raises(LoadError) as info:
        load(write(tmp_path, "leeg.csv", b""))
    assert str(info.value) == "leeg.csv: the file is empty (0 bytes)"


def test_only_blank_lines(tmp_path):
    with pytest.raises(LoadError, match="wit.csv: the file holds no text"):
        load(write(tmp_path, "wit.csv", "  \n\n \n"))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(LoadError, match="nergens.csv: file not found"):
        load(tmp_path / "nergens.csv")
    with pytest.raises(LoadError, match="a folder"):
        load(tmp_path)


def test_binary_file(tmp_path):
    data = bytes(range(256)) * 20
    with pytest.raises(LoadError) as info:
        load(write(tmp_path, "blob.csv", data))
    assert "blob.csv" in str(info.value) and "not a text file" in str(info.value)
    assert info.value.offset == 0 and "byte offset 0" in str(info.value)


@pytest.mark.parametrize("head, what", [
    (b"%PDF-1.7\n", "PDF document"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel 97-2003"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\x1f\x8b\x08\x00", "gzip"),
])
def test_known_non_table_formats(tmp_path, head, what):
    with pytest.raises(LoadError, match=what):
        load(write(tmp_path, "x.csv", head + b"\x00" * 64))


def test_one_20_mb_line_without_newline(tmp_path):
    path = tmp_path / "een_regel.csv"
    path.write_bytes(b"1;2;3;4;" * (20 * 1024 * 1024 // 8))
    with pytest.raises(LoadError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith("een_regel.csv, line 1:")
    assert "without a line break" in message and info.value.line == 1


def test_ragged_rows_are_reported_by_line(tmp_path):
    text = "a;b;c\n1;2;3\n4;5;6;7\n8;9\n10;11;12;;\n13;14;15\n"
    r = load(write(tmp_path, "rafelig.csv", text))
    assert r.frame["a"].tolist() == [1, 8, 10, 13]
    assert [(s.line, s.reason) for s in r.skipped] == [(3, "too many fields: 4 instead of 3")]
    assert r.skipped[0].text == "4 | 5 | 6 | 7"
    assert any("line 4" in w and "fewer fields" in w for w in r.warnings)  # one line: no "(s)"


def test_ragged_rows_on_the_big_road(tmp_path, monkeypatch):
    monkeypatch.setattr(csvload, "SMALL_FILE", 0)
    text = "a;b;c\n" + "1;2;3\n" * 50 + "4;5;6;7\n" + "8;9;10\n" * 10
    r = load(write(tmp_path, "rafelig.csv", text))
    assert len(r.frame) == 60
    assert [s.line for s in r.skipped] == [52]
    assert r.skipped[0].reason.startswith("too many fields")


def test_unclosed_quote(tmp_path):
    with pytest.raises(LoadError) as info:
        load(write(tmp_path, "q.csv", 'a;b\n1;"x\n2;y\n3;z\n'))
    assert info.value.line == 2 and "closing quote" in str(info.value)


def test_truncated_xlsx(tmp_path):
    data = S8.read_bytes()
    path = write(tmp_path, "afgebroken.xlsx", data[: len(data) // 2])
    with pytest.raises(LoadError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith("afgebroken.xlsx, byte offset 39,703:")
    assert "damaged or incomplete" in message and "cut short" in message
    with pytest.raises(LoadError, match="damaged or incomplete"):
        list_sheets(path)


def test_zip_that_is_not_a_workbook_and_missing_sheet(tmp_path):
    path = tmp_path / "archief.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hallo")
    with pytest.raises(LoadError, match="archief.xlsx: .*(not an Excel workbook|workbook)"):
        load(path)
    with pytest.raises(LoadError, match="no sheet 'Blad9'; the sheets are 'Gemeente-Utrecht'"):
        load(S8, LoadOptions(sheet="Blad9"))


def test_invalid_json_names_line_and_column(tmp_path):
    with pytest.raises(LoadError) as info:
        load(write(tmp_path, "kapot.json", '[{"a": 1},\n {"a": 2,,}]'))
    assert info.value.line == 2 and "column 10" in str(info.value) and "not valid JSON" in str(info.value)
    with pytest.raises(LoadError, match="no array of records"):
        load(write(tmp_path, "obj.json", '{"a": {"b": [1, 2]}}'))


def test_wrong_encoding_given(road):
    with pytest.raises(LoadError) as info:
        load(S6, LoadOptions(encoding="utf-8"))
    assert "not valid utf-8" in str(info.value)
    if road == "small":
        assert info.value.line == 13 and info.value.offset == 1006


def test_file_larger_than_allowed_is_refused_or_sampled():
    with pytest.raises(LoadError) as info:
        load(S4, max_bytes=100_000)
    message = str(info.value)
    assert message.startswith("utrecht_evenementen_2011_2016.csv: the file is 373.5 KB, more than 97.7 KB")
    assert "sample" in message
    r = load(S4, max_bytes=100_000, sample_if_too_big=True)
    assert r.truncated and 1000 < len(r.frame) < 1300
    assert "only the first" in r.warnings[0]
    assert list(r.frame.columns)[0] == "Jaar"


def test_xlsx_limit_is_smaller():
    with pytest.raises(LoadError, match="allowed for Excel files"):
        load(S8, max_bytes=500_000)


def test_memory_limit_is_part_of_the_limit(monkeypatch):
    from workshop_data.explorer.loading import limits

    monkeypatch.setattr(limits, "_available_memory", lambda: 600_000)
    with pytest.raises(LoadError, match="free memory"):
        load(S4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        load(path)
    except LoadError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(["", " ", "1", "2,5", ".", "-", "x", '"a;b"', "0344", "©",
                                          "01-02-2020", '"', "bron: x", "1.234", "\t"]),
                         max_size=6), max_size=12))
def test_csv_like_text_never_crashes(tmp_path, rows):
    path = tmp_path / "fuzz.csv"
    path.write_text("\n".join(";".join(r) for r in rows), "utf-8")
    try:
        r = load(path)
    except LoadError:
        return
    assert len(r.frame.columns) == len(set(r.frame.columns))


# --------------------------------------------------------------------------
# progress and cancel


def test_progress_goes_from_zero_to_one():
    seen: list[float] = []
    load(S4, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen) and all(0 <= x <= 1 for x in seen)


def test_cancel_at_once():
    with pytest.raises(LoadCancelled, match="cancelled"):
        load(S4, cancel=lambda: True)
    assert not issubclass(LoadCancelled, LoadError)


@pytest.mark.parametrize("engine", ["small", "c", "arrow"])
def test_cancel_in_the_middle_of_a_big_load(tmp_path, monkeypatch, engine):
    path = tmp_path / "groot.csv"
    path.write_text("a;b\n" + "1;tekst\n" * 400_000)  # 3 MB
    if engine != "small":
        monkeypatch.setattr(csvload, "SMALL_FILE", 0)
    if engine == "c":
        monkeypatch.setattr(csvread, "_arrow_frame", lambda *a, **k: None)
    if engine == "arrow":
        pytest.importorskip("pyarrow")
    seen: list[float] = []
    with pytest.raises(LoadCancelled):
        load(path, progress=seen.append, cancel=lambda: any(x > 0 for x in seen))
    assert 0 < max(seen) < 1


# --------------------------------------------------------------------------
# the big road on a generated Dutch-style file


def test_big_generated_file(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from load_csv import generate
    finally:
        sys.path.pop(0)
    path = tmp_path / "nl.csv"
    generate(str(path), 20_000)
    small = load(path)
    monkeypatch.setattr(csvload, "SMALL_FILE", 0)
    big = load(path)
    for r in (small, big):
        assert r.column_kinds == {"Datum": "date", "Gemeentecode": "code", "Gemeente": "text",
                                  "Categorie": "text", "Aantal": "integer", "Bedrag": "decimal"}
        assert r.frame["Gemeentecode"].str.startswith("0").all()
        assert len(r.frame) == 20_000
    # the big road keeps the columns of few texts as categoricals; the values are the same
    assert isinstance(big.frame["Gemeente"].dtype, pd.CategoricalDtype)
    same_table(big.frame, small.frame)


def test_max_rows(road):
    r = load(S4, LoadOptions(max_rows=10))
    assert len(r.frame) == 10


# --------------------------------------------------------------------------
# inspect_file: the JSON the CLI prints


INSPECT_KEYS = {"file", "path", "size_bytes", "format", "sheet", "sheets", "encoding", "delimiter",
                "decimal", "thousands", "header_line", "header_rows", "skip_top", "skip_bottom",
                "na_values", "date_format", "rows", "columns", "skipped_lines", "warnings", "notes",
                "reasons", "options", "truncated", "privacy", "profile",
                "total_rows", "number_columns"}  # added by issue 16: keys are only added


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name[:20])
def test_inspect_file_shape(path):
    info = inspect_file(path)
    assert set(info) == INSPECT_KEYS
    assert json.loads(json.dumps(info)) == info
    assert info["rows"] == info["profile"]["rows"]
    assert [c["name"] for c in info["columns"]] == [c["name"] for c in info["profile"]["columns"]]
    assert all(c["type"] in {"integer", "decimal", "text", "date", "boolean", "code"} for c in info["columns"])


def test_inspect_file_values():
    info = inspect_file(S5)
    assert (info["format"], info["encoding"], info["delimiter"], info["decimal"], info["thousands"]) == (
        "csv", "utf-8", ";", ",", "")
    assert info["header_line"] == 3 and info["header_rows"] == 2
    assert {"line": 1, "reason": "title",
            "text": "5.1.1 Vestigingen en de hierin werkzame personen 1) naar secties, 1 januari 2013-2017"
            } in info["skipped_lines"]
    assert info["columns"][1] == {"name": "2013 vestigingen met wp", "type": "integer"}
    assert info["privacy"] == []
    xl = inspect_file(S8)
    assert xl["sheet"] == "Gemeente-Utrecht" and xl["delimiter"] is None and xl["encoding"] is None


# --------------------------------------------------------------------------
# layering


def test_importing_the_loader_loads_no_heavy_library():
    code = ("import sys, workshop_data.explorer.loading; "
            "print(' '.join(m for m in ('pandas', 'numpy', 'openpyxl', 'pyarrow', 'textual') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == ""


def test_line_counting_helpers():
    assert textio.split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\r", "c\n", "d"]
    assert textio.line_of_offset(b"a\nb\nc", 4) == 3
    assert csvload._line_start(b"a\nbb\nccc\n", 3, b"\n", 3) == 5
    assert csvload._line_start(b"a\nbb\nccc\n", 2, b"\n", 3) == 2
    assert isinstance(load(S3), LoadResult)


def test_a_wrong_encoding_and_an_endless_line_are_told_in_dutch(tmp_path):
    from workshop_data.common.i18n import speaking

    long_line = write(tmp_path, "lang.csv", "a;b\n" + "x" * 2_100_000 + "\n1;2\n")
    with speaking("nl"):
        with pytest.raises(LoadError) as wrong:
            load(S6, LoadOptions(encoding="utf-8"))
        with pytest.raises(LoadError) as endless:
            load(long_line)
    assert "geen geldige utf-8" in str(wrong.value) and "not valid" not in str(wrong.value)
    assert "regel 2 is 2.100.001 tekens lang; dit is geen tabel" in str(endless.value)
    assert endless.value.line == 2
