"""``datatrip inspect FILE [--json]``: the detection and the profile, on stdout; a file that
cannot be read is one line on stderr and exit code 2, never a traceback. No trip file needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
STABLE_KEYS = {"file", "path", "size_bytes", "format", "sheet", "sheets", "encoding", "delimiter",
               "decimal", "thousands", "header_line", "header_rows", "skip_top", "skip_bottom",
               "na_values", "date_format", "rows", "columns", "skipped_lines", "warnings", "notes",
               "reasons", "options", "truncated", "privacy", "profile"}


def run(*args, env_dir: Path, timeout=60, lang=None):
    env = {**os.environ, "DATATRIP_CONFIG_DIR": str(env_dir / "config"),
           "DATATRIP_DATA_DIR": str(env_dir / "data")}
    if lang:  # the language of the system, for a run without a remembered one
        env["LANG"] = "nl_NL.UTF-8" if lang == "nl" else "C.UTF-8"
    return subprocess.run([sys.executable, "-m", "datatrip_tui.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def test_text_shows_what_was_detected_and_the_profile(tmp_path):
    result = run("inspect", str(DATA / "eindhoven_incijfers_buurten_2020.csv"), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == "eindhoven_incijfers_buurten_2020.csv (5,590 bytes, csv)"
    assert lines[1].split()[:2] == ["encoding", "utf-8"]
    assert lines[2].split()[:2] == ["delimiter", "';'"]
    assert lines[3].split()[:3] == ["decimal", "mark", "','"]
    assert lines[4].split()[:2] == ["thousands", "none"]
    assert "header         line 1, 1 row" in out
    assert "missing        . - x" in out
    assert "117 rows, 9 columns" in out
    profile = lines[lines.index("117 rows, 9 columns") + 1:]
    assert profile[0].split()[:4] == ["Column", "Type", "Missing", "Unique"]
    assert any(row.split()[:3] == ["Inwoners|2020", "integer", "5"] for row in profile)


def test_json_is_the_documented_stable_form(tmp_path):
    path = DATA / "amsterdam_ois_vestigingen_secties_2013_2017.csv"
    result = run("inspect", str(path), "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert STABLE_KEYS <= set(report)  # keys are only ever added
    assert report["total_rows"] == [{"label": "totaal", "values": report["total_rows"][0]["values"]}]
    assert report["total_rows"][0]["values"]["2017 werkzame pers."] == 526988
    assert (report["format"], report["encoding"], report["delimiter"]) == ("csv", "utf-8", ";")
    assert report["header_line"] == 3 and report["header_rows"] == 2
    assert [s["reason"] for s in report["skipped_lines"]][0] == "title"
    assert report["rows"] == report["profile"]["rows"] == 22  # the 22 sections; "totaal" apart
    assert len(report["columns"]) == 11
    assert {c["type"] for c in report["columns"]} == {"text", "integer"}
    column = report["profile"]["columns"][1]
    assert set(column) == {"name", "type", "count", "missing", "unique", "min", "max", "mean",
                           "median", "top"}


def test_excel_shows_the_sheet(tmp_path):
    result = run("inspect", str(DATA / "utrecht_cbs_kerncijfers_wijken_buurten_2024.xlsx"),
                 env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].split()[:2] == ["sheet", "Gemeente-Utrecht"]
    assert "delimiter" not in result.stdout


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00" * 50, "binary"),
])
def test_a_bad_file_is_one_line_and_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = run("inspect", str(bad), env_dir=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("datatrip: bad.csv")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_and_a_folder(tmp_path):
    for target in (tmp_path / "nowhere.csv", tmp_path):
        result = run("inspect", str(target), "--json", env_dir=tmp_path)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_in_dutch(tmp_path):
    result = run("--lang", "nl", "inspect", str(DATA / "utrecht_buurten.geojson"),
                 env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "111 rijen, 5 kolommen" in result.stdout
    assert "tekenset" in result.stdout


def test_in_dutch_for_this_command_only(tmp_path):
    """`inspect --lang nl`: labels, type names and warnings in Dutch; the next command speaks
    the remembered language again."""
    path = DATA / "amsterdam_ois_vestigingen_secties_2013_2017.csv"
    result = run("inspect", "--lang", "nl", str(path), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Kolom" in result.stdout and "geheel getal" in result.stdout
    assert "1 totaalrij" in result.stdout  # the warning, with its plural
    for english in ("rows", "columns", "integer", "Missing", "warning"):
        assert english not in result.stdout
    again = run("inspect", str(path), env_dir=tmp_path, lang="en")
    assert "22 rows, 11 columns" in again.stdout


def test_the_explorers_choices_are_options_named_like_csvkits(tmp_path):
    """Issue 16: what a key or the dialog changes in the explorer, an option changes here."""
    path = DATA / "amsterdam_ois_vestigingen_secties_2013_2017.csv"
    result = run("inspect", str(path), "--json", "--skip-top", "3", "--header-rows", "1",
                 "--na", "-", "--keep-totals", "--text-columns", "sectie", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["skip_top"], report["header_rows"], report["header_line"]) == (3, 1, 4)
    assert report["reasons"]["skip_top"] == report["reasons"]["header_rows"] == "given"
    assert report["rows"] == 23 and report["options"]["keep_totals"] is True  # "totaal" kept in
    assert [c["name"] for c in report["columns"][:2]] == ["sectie", "vestigingen met wp"]

    weeks = DATA / "utrecht_evenementen_2011_2016.csv"
    result = run("inspect", str(weeks), "--json", "--number-columns", "Weeknummer",
                 "--delimiter", ";", "--encoding", "utf-8", env_dir=tmp_path)
    report = json.loads(result.stdout)
    assert {c["name"]: c["type"] for c in report["columns"]}["Weeknummer"] == "integer"
    assert report["number_columns"] == ["Weeknummer"]
    assert any("19 values that are not numbers were set to missing" in w for w in report["warnings"])


@pytest.mark.parametrize("args, says", [
    (["--skip-top", "twee"], "--skip-top: expected a whole number"),
    (["--delimiter", ";;"], "the delimiter must be one character, not ';;'"),
    (["--sheet", "Blad9"], "there is no sheet 'Blad9'"),
])
def test_a_bad_override_is_one_message_and_exit_2(tmp_path, args, says):
    path = DATA / ("utrecht_cbs_kerncijfers_wijken_buurten_2024.xlsx" if "--sheet" in args
                   else "eindhoven_incijfers_buurten_2020.csv")
    result = run("inspect", str(path), *args, env_dir=tmp_path)
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr


def test_lang_nl_says_the_reasons_warnings_and_skipped_lines_in_dutch(tmp_path):
    """Issue 16: '--lang nl' left the detection's sentences English, with 'regel(s)'."""
    path = DATA / "amsterdam_ois_vestigingen_secties_2013_2017.csv"
    result = run("inspect", str(path), "--lang", "nl", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "';' splitst 30 van de 30 regels in 11 velden" in out
    assert "geen decimale getallen gezien; de Nederlandse decimale komma aangenomen" in out
    assert "regel 3, 2 regels" in out and "regel 1: titel" in out and "regel 30: voettekst" in out
    assert "1 totaalrij ('totaal') staat apart" in out
    assert "(s)" not in out and " splits " not in out and "blank" not in out
    report = json.loads(run("inspect", str(path), "--json", "--lang", "nl", env_dir=tmp_path).stdout)
    assert {s["reason"] for s in report["skipped_lines"]} == {"title", "blank", "footer"}  # stable codes


def test_inspect_in_dutch_prints_the_loaders_errors_in_dutch(tmp_path):
    """Issue 16: with --lang nl a file that cannot be read is explained in Dutch, where it is
    (regel, byte-positie) and what is wrong, never in English; exit 2 as before."""
    binary = tmp_path / "meldingen.csv"
    binary.write_bytes(b"Datum;Aantal\n01-01-2024;3\n\x00\x01\x02")
    nul = run("inspect", "--lang", "nl", str(binary), env_dir=tmp_path)
    option = run("inspect", "--lang", "nl", "--delimiter", ";;", str(binary), env_dir=tmp_path)
    assert nul.returncode == option.returncode == 2
    assert "binaire gegevens" in nul.stderr and "byte-positie 26" in nul.stderr
    assert "scheidingsteken moet één teken zijn" in option.stderr
    for english in ("byte offset", "binary data", "not a text", "delimiter must", "Traceback"):
        assert english not in nul.stderr + option.stderr


def test_inspect_in_dutch_names_the_column_types_in_dutch(tmp_path):
    out = run("inspect", "--lang", "nl", str(DATA / "eindhoven_incijfers_buurten_2020.csv"),
              env_dir=tmp_path).stdout
    assert any(line.split()[:3] == ["Inwoners|2020", "geheel", "getal"] for line in out.splitlines())
    assert " integer " not in out and " decimal " not in out and "decimaal" in out
