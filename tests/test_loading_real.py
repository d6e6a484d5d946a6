"""The second batch of real files (N1-N5 in tests/data/MANIFEST.md): what a careful person reads
from each - rows, names, types, codes, skipped lines - pinned against the pandas call the
manifest gives for it. (S1-S9 are pinned in test_loading.py.)"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from workshop_data.common.i18n import speaking
from workshop_data.explorer.loading import LoadOptions, load

DATA = Path(__file__).parent / "data"
N1 = DATA / "knmi_daggegevens_debilt_260_2018-01.txt"
N2 = DATA / "amsterdam_tentoonstellingen_2017.csv"
N3 = DATA / "cbs_odata_woonplaatsen_84489NED_2019.json"
N4 = DATA / "vggm_cbs_gemeenten_gelderland_midden_2021.geojson"
N5 = DATA / "duo_gemiddelde_eindscores_bo_sbo_2018-2019_cp1252.csv"


def test_the_second_batch_is_here_byte_for_byte():
    manifest = (DATA / "MANIFEST.md").read_text("utf-8")
    sections = re.findall(r"### (N\d)\. `([^`]+)`(.*?)(?=\n### |\n---|\Z)", manifest, re.S)
    assert {name for _, name, _ in sections} == {p.name for p in (N1, N2, N3, N4, N5)}
    for _, name, body in sections:
        data = (DATA / name).read_bytes()
        assert hashlib.sha256(data).hexdigest()[:16] == re.search(r"sha256 `([0-9a-f]{16})`", body).group(1)


def test_n1_knmi_names_from_the_comment_line():
    r = load(N1)
    f = r.frame
    expected = pd.read_csv(N1, skiprows=list(range(48)) + [49], skipinitialspace=True)
    expected.columns = [c.lstrip("# ").strip() for c in expected.columns]
    assert f.shape == (29, 41)
    assert list(f.columns) == list(expected.columns)
    assert list(f.columns[:5]) == ["STN", "YYYYMMDD", "DDVEC", "FHVEC", "FG"]
    assert set(r.column_kinds.values()) == {"integer"}  # all padded, so padding says nothing
    pd.testing.assert_frame_equal(f, expected, check_dtype=False)
    assert f["T10N"].min() == -31 and f["YYYYMMDD"].iloc[0] == 20180101
    assert [s.line for s in r.skipped] == list(range(1, 49)) + [50]
    assert {s.reason for s in r.skipped} == {"comment"}
    assert not r.warnings


def test_n2_tentoonstellingen_trailing_delimiter_decimal_comma_dates():
    r = load(N2)
    f = r.frame
    expected = pd.read_csv(N2, sep=";", decimal=",", usecols=range(25), dtype={"Ids": str, "Zipcode": str})
    assert f.shape == (82, 25)
    assert list(f.columns) == list(expected.columns)  # the empty 26th column is left out
    assert any("without a name or a value" in w for w in r.warnings)
    assert r.column_kinds["Latitude"] == r.column_kinds["Longitude"] == "decimal"
    assert f["Latitude"].tolist() == expected["Latitude"].tolist()
    assert r.column_kinds["Ids"] == "text" and f["Ids"].iloc[0] == "2.3.14"
    assert f["Zipcode"].iloc[0] == "1071 DJ"
    start = pd.to_datetime(expected["Datepattern_startdate"], format="%d-%m-%Y")
    assert r.column_kinds["Datepattern_startdate"] == "date"
    assert f["Datepattern_startdate"].tolist() == start.tolist()  # 62 dates, 20 empty
    assert r.column_kinds["Lastupdated"] == "date"  # ISO beside dd-mm-yyyy
    assert r.column_kinds["Singledates"] == "text"  # lists of dates in one cell
    assert set(f["City"].dropna()) == {"AMSTERDAM", "AMSTELVEEN", "ZAANDAM"}
    assert not r.skipped
    # the letters the exporter could not spell: said once, with where, and the cells kept as read
    damaged = [w for w in r.warnings if "replacement character" in w]
    assert len(damaged) == 1 and damaged[0].startswith("65 characters in 'Title',")
    assert "'Andr\ufffd'" in damaged[0] and "and 1 more" in damaged[0]
    for name in ("Title", "Longdescription", "TitleEN"):
        assert f[name].fillna("").tolist() == expected[name].fillna("").tolist()


def test_n2_in_dutch_the_phantom_column_and_the_lost_letters():
    with speaking("nl"):
        r = load(N2)
    assert any("(kolom 26)" in w for w in r.warnings)
    assert any(w.startswith("65 tekens in 'Title'") and "vervangingsteken" in w for w in r.warnings)


def test_a_table_without_replacement_characters_has_no_such_note():
    assert not any("replacement" in w for w in load(N5).warnings + load(N3).warnings)


def test_n3_cbs_odata_value_array_padded_strings():
    r = load(N3)
    f = r.frame
    assert r.detection.format == "json" and "'value'" in r.detection.reasons["format"]
    assert f.shape == (2500, 9)
    assert list(f.columns) == ["ID", "Woonplaatsen", "Woonplaatscode_1", "Naam_2", "Code_3", "Naam_4",
                               "Code_5", "Naam_6", "Code_7"]
    assert r.column_kinds["ID"] == "integer" and f["ID"].max() == 2499
    assert f.iloc[0].tolist()[1:6] == ["WP1925", "WP1925", "Almelo", "GM0141", "Overijssel"]
    assert (f["Woonplaatsen"] == f["Woonplaatscode_1"]).all()  # the padding is gone
    assert f["Naam_2"].nunique() == 355 and "'s-Hertogenbosch" in set(f["Naam_2"])
    assert {r.column_kinds[c] for c in f.columns[1:]} == {"text"}


def test_n4_vggm_geojson_sentinels_named_and_dropped_on_request():
    r = load(N4)
    f = r.frame
    assert f.shape == (16, 40)  # 39 properties + the geometry type
    assert f["geometry"].value_counts().to_dict() == {"Polygon": 15, "MultiPolygon": 1}
    assert f["geometry_wkt_4326"].str.startswith("MULTIPOLYGON").all()
    assert r.column_kinds["actualiteit_vggm"] == "date"  # a timestamp with microseconds
    assert (f["gemeentecode"] == "GM0267").sum() == 2
    assert r.column_kinds["jaarstatcode"] == "text"
    assert any("-99999999 in 30 columns" in w and "missing" in w for w in r.warnings)
    assert f["aantal_inwoners"].min() == -99999999  # nothing dropped unasked
    marked = load(N4, LoadOptions(na_values=["-99999999"]))
    assert int(marked.frame.isna().sum().sum()) == 30
    assert marked.frame["aantal_inwoners"].min() > 0


def test_n5_duo_cp1252_fixed_width_codes_decimal_comma():
    r = load(N5)
    f = r.frame
    expected = pd.read_csv(N5, sep=";", encoding="cp1252", decimal=",", na_values=[" "],
                           dtype={"BRIN_NUMMER": str, "VESTIGINGSNUMMER": str, "GEMEENTENUMMER": str,
                                  "BEVOEGD_GEZAG_NUMMER": str, "POSTCODE_VESTIGING": str})
    assert r.options.encoding == "cp1252" and r.options.decimal == ","
    assert f.shape == (6579, 25)
    assert list(f.columns) == list(expected.columns)
    assert r.column_kinds["GEMEENTENUMMER"] == "code"  # ' 637': a fixed-width code, not a count
    assert f["GEMEENTENUMMER"].tolist() == expected["GEMEENTENUMMER"].str.strip().tolist()
    assert f["GEMEENTENUMMER"].nunique() == 380
    assert r.column_kinds["VESTIGINGSNUMMER"] == "code" and (f["VESTIGINGSNUMMER"] == "00").sum() == 6446
    assert f["BRIN_NUMMER"].iloc[0] == "00AP"
    for name in ("CET_GEM", "IEP_GEM", "ROUTE8_GEM", "DIA_GEM", "AMN_GEM"):
        assert r.column_kinds[name] == "decimal"
        assert f[name].isna().sum() == expected[name].isna().sum()
    assert f["CET_GEM"].iloc[0] == pytest.approx(538.636363636364)
    assert 'BS "De Maasparel"' in set(f["INSTELLINGSNAAM_VESTIGING"])
    assert (f["SOORT_PO"].value_counts().to_dict()) == {"Bo": 6300, "Sbo": 279}
    assert not r.skipped and not r.total_labels


def test_numbers_in_dutch_sentences_are_written_the_dutch_way():
    from workshop_data.explorer.loading.limits import human

    with speaking("nl"):
        reasons = load(DATA / "cbs_statline_bevolking_kerncijfers_2017_cp1252.csv").detection.reasons
        assert "op positie 1.006 (regel 13)" in reasons["encoding"]
        assert human(N2.stat().st_size) == "155,9 KB" and human(1000) == "1.000 bytes"
    reasons = load(DATA / "cbs_statline_bevolking_kerncijfers_2017_cp1252.csv").detection.reasons
    assert "at offset 1,006 (line 13)" in reasons["encoding"]
    assert human(N2.stat().st_size) == "155.9 KB" and human(1000) == "1,000 bytes"
