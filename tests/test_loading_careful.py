"""Issue 16: the loader reads files it has never seen as a careful person
would. Each test builds the small file that showed a defect and asserts
what a person opening it in an editor would read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workshop_data.loading import LoadOptions, csvload, csvread, load


@pytest.fixture(params=["small", "c"])
def road(request, monkeypatch):
    """The csv module for small files, pandas' C parser for big ones."""
    if request.param == "c":
        monkeypatch.setattr(csvload, "SMALL_FILE", 0)
        monkeypatch.setattr(csvread, "_arrow_frame", lambda *a, **k: None)
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
