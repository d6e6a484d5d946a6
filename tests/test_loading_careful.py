"""Issue 16: the loader reads files it has never seen as a careful person
would. Each test builds the small file that showed a defect and asserts
what a person opening it in an editor would read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workshop_data.explorer.loading import LoadError, LoadOptions, csvload, csvread, load


@pytest.fixture(params=["small", "c", "arrow"])
def road(request, monkeypatch):
    """The csv module for small files; pyarrow or pandas' C parser for big ones."""
    if request.param != "small":
        monkeypatch.setattr(csvload, "SMALL_FILE", 0)
    if request.param == "c":
        monkeypatch.setattr(csvread, "_arrow_frame", lambda *a, **k: None)
    if request.param == "arrow":
        pytest.importorskip("pyarrow")
    return request.param


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_footer_after_a_blank_line_is_cut_wherever_the_data_ends(tmp_path):
    path = write(tmp_path, "cbs.csv",
                 "Gemeentecode;Gemeente;Inwoners;Dichtheid\n"
                 "GM0003;Appingedam;11801;1,5\nGM0005;Bedum;10475;2,5\nGM0007;Bellingwedde;8908;3,5\n"
                 "\nBron: CBS\n\n1) Voorlopige cijfers.\n2) Gemeentelijke indeling op 1 januari.\n"
                 "De cijfers zijn afgerond op tientallen\n")
    result = load(path)
    assert len(result.frame) == 3
    assert not result.warnings  # no "fewer fields" or "set to missing"
    assert [(s.line, s.reason) for s in result.skipped] == [
        (5, "blank"), (6, "footer"), (7, "blank"), (8, "footer"), (9, "footer"), (10, "footer")]
    assert result.skipped[-1].text == "De cijfers zijn afgerond op tientallen"


def test_a_table_ending_in_one_cell_rows_without_a_footer_keeps_them(tmp_path):
    path = write(tmp_path, "t.csv", "naam;aantal\nA;1\nB;2\nC;\nD;\n")
    assert len(load(path).frame) == 4


def test_two_row_header_keeps_a_name_that_has_nothing_below_it(tmp_path):
    path = write(tmp_path, "kop.csv",
                 "Gemeentecode,Gemeente,,,\n,,aantal,,%\nGM0003,Appingedam,11801,5,1.5\n"
                 "GM0005,Bedum,10475,6,2.5\n")
    frame = load(path).frame
    assert list(frame.columns)[:3] == ["Gemeentecode", "Gemeente", "aantal"]
    assert list(frame["Gemeente"]) == ["Appingedam", "Bedum"]


def test_names_in_a_comment_line_knmi_style(tmp_path, road):
    lines = ["# BRON: KNMI", "# Opmerking: zie de toelichting; ", "#",
             "# TG       = Etmaalgemiddelde temperatuur (in 0.1 graden Celsius); ",
             "# ", "# STN,YYYYMMDD,   TG,   TN", "# "]
    data = ["  260,20180101,   68,   52", "  260,20180102,   65,   45", "  260,20180103,   88,  -12"]
    path = write(tmp_path, "knmi.txt", "\n".join(lines + data) + "\n")
    result = load(path)
    assert result.frame.shape == (3, 4)
    assert list(result.frame.columns) == ["STN", "YYYYMMDD", "TG", "TN"]
    assert list(result.frame["TN"]) == [52, 45, -12]
    assert [s.reason for s in result.skipped] == ["comment"] * 6
    again = load(path, LoadOptions.from_dict(result.options.to_dict()))
    assert again.frame.equals(result.frame)


def test_a_first_column_of_municipality_codes_keeps_its_zeros(tmp_path, road):
    rows = [f"{i:04d};Gemeente {i};{1000 + i}" for i in range(3, 400, 2)]
    path = write(tmp_path, "gm.csv", "Gemeentecode;Gemeentenaam;Inwoners\n" + "\n".join(rows) + "\n")
    result = load(path)
    assert result.column_kinds["Gemeentecode"] == "code"
    assert list(result.frame["Gemeentecode"][:3]) == ["0003", "0005", "0007"]


def test_a_padded_fixed_width_number_column_is_a_code(tmp_path):
    """DUO writes GEMEENTENUMMER right-aligned in 4 characters (' 637'); the other columns
    are not padded, so the padding belongs to that column: a code, not a count."""
    rows = [f"00AP;{n};{s}" for n, s in ((" 637", "41646"), ("   3", "41797"), ("1641", "41800"))]
    path = write(tmp_path, "duo.csv", "BRIN;GEMEENTENUMMER;BEVOEGD_GEZAG\n" + "\n".join(rows) + "\n")
    result = load(path)
    assert result.column_kinds["GEMEENTENUMMER"] == "code"
    assert list(result.frame["GEMEENTENUMMER"]) == ["637", "3", "1641"]
    assert result.column_kinds["BEVOEGD_GEZAG"] == "integer"


def test_padding_of_every_column_says_nothing_about_one(tmp_path):
    path = write(tmp_path, "knmi.csv", "STN,TG,TN\n  260,   68,   52\n  260,   65,  -12\n  260,  101,    5\n")
    assert set(load(path).column_kinds.values()) == {"integer"}


def test_geojson_text_that_would_change_as_a_number_stays_text(tmp_path):
    features = [{"type": "Feature", "geometry": None,
                 "properties": {"buurtcode": code, "aantal": n, "opp": opp}}
                for code, n, opp in (("03.11", "12", "1.5"), ("03.20", "7", "2.25"), ("12.04", "30", "3.10"))]
    path = write(tmp_path, "wijk.geojson",
                 __import__("json").dumps({"type": "FeatureCollection", "features": features}))
    result = load(path)
    assert list(result.frame["buurtcode"]) == ["03.11", "03.20", "12.04"]
    assert list(result.frame["opp"]) == ["1.5", "2.25", "3.10"]  # "3.10" would become 3.1
    assert list(result.frame["aantal"]) == [12, 7, 30]  # every value reads back the same


def test_a_dotted_code_with_a_leading_zero_in_a_csv_stays_text(tmp_path, road):
    path = write(tmp_path, "b.csv", "buurt,naam,inwoners\n03.11,A,10\n03.20,B,20\n12.04,C,30\n")
    result = load(path)
    assert list(result.frame["buurt"]) == ["03.11", "03.20", "12.04"]


def test_label_rows_inside_a_table_become_a_group_column(tmp_path, road):
    path = write(tmp_path, "inkomen.csv",
                 "soort,aantal,procent\n"
                 "Tot 10 000 euro,,\nbruto,100,1.5\nnetto,90,2.5\n"
                 "10 000 tot 20 000 euro,,\nbruto,200,3.5\nnetto,180,4.5\n")
    result = load(path)
    assert list(result.frame.columns) == ["group", "soort", "aantal", "procent"]
    assert list(result.frame["group"]) == ["Tot 10 000 euro"] * 2 + ["10 000 tot 20 000 euro"] * 2
    assert list(result.frame["aantal"]) == [100, 90, 200, 180]  # no empty rows
    assert [s.text for s in result.skipped if s.reason == "label"] == [
        "Tot 10 000 euro", "10 000 tot 20 000 euro"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_blank_lines_inside_the_data_are_listed_on_every_road(tmp_path, road, newline):
    path = write(tmp_path, "b.csv", newline.join(["a;b", "1;2", "", "3;4", "", "", "5;6", ""]))
    result = load(path)
    assert list(result.frame["a"]) == [1, 3, 5]
    assert [(s.line, s.reason) for s in result.skipped] == [(3, "blank"), (5, "blank"), (6, "blank")]


def test_an_spss_syntax_file_says_what_it_is_and_what_to_do(tmp_path):
    path = write(tmp_path, "buurten.sps",
                 "* Encoding: UTF-8.\nGET DATA /TYPE=TXT\n  /FILE=\"C:\\\\data\\\\buurten.csv\"\n"
                 "  /DELIMITERS=\";\"\n  /VARIABLES=\n  buurt A20\n  inwoners F8.0.\n"
                 "VARIABLE LABELS buurt 'Naam van de buurt'.\nEXECUTE.\n")
    with pytest.raises(LoadError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith("buurten.sps: this is an SPSS syntax file")
    assert "GET DATA" in message and "buurten.csv" in message


def test_an_spss_data_file_is_named(tmp_path):
    path = tmp_path / "data.sav"
    path.write_bytes(b"$FL2@(#) IBM SPSS STATISTICS 64-bit" + bytes(200))
    with pytest.raises(LoadError, match="SPSS data file"):
        load(path)


def test_stacked_tables_of_different_widths_read_the_main_one(tmp_path, road):
    path = write(tmp_path, "stapel.csv",
                 "Samenvatting;;\nGemeente;Inwoners;Banen\nA;10;5\nB;20;6\n\n"
                 "Buurt;Gemeente;Inwoners;Huishoudens;Oppervlakte\nB1;A;3;2;1,5\nB2;A;4;2;2,5\n"
                 "B3;A;3;1;1,0\nB4;B;10;5;3,5\nB5;B;10;6;4,5\n")
    result = load(path)
    assert list(result.frame.columns) == ["Buurt", "Gemeente", "Inwoners", "Huishoudens", "Oppervlakte"]
    assert list(result.frame["Oppervlakte"]) == [1.5, 2.5, 1.0, 3.5, 4.5]
    assert [(s.line, s.reason) for s in result.skipped] == [(1, "table"), (2, "table"), (3, "table"),
                                                            (4, "table"), (5, "blank")]
    assert "2 tables one after another" in result.detection.reasons["skip_top"]
    assert not result.warnings


@pytest.mark.parametrize("road", ["small", "c", "arrow"], indirect=True)
def test_a_total_row_in_a_big_table_is_kept_apart(tmp_path, road):
    # more rows than are searched row by row (5,000): the labels' distinct values are matched
    rows = ["Gemeente;Categorie;Aantal"]
    rows += [f"{g};{c};{i % 97}" for i, (g, c) in enumerate(
        zip(["Utrecht", "Zeist", "Houten"] * 4000, ["afval", "parkeren", "café-terras", "subsidie"] * 3000))]
    rows.insert(6001, "Totaal;;123456")
    path = tmp_path / "meldingen.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = load(path)
    assert len(r.frame) == 12000 and r.total_labels == ["Totaal"]
    assert r.totals["Aantal"].tolist() == [123456] and r.frame["Aantal"].max() == 96
    assert "Totaal" not in set(r.frame["Gemeente"])
