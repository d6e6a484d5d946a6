"""``datatrip export`` and ``datatrip merge``, run as a user runs them: in a subprocess."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from test_cli import run


def one_line_error(result, words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert words in lines[0]


# -- export ------------------------------------------------------------------------------------

def test_export_to_excel_by_suffix(demo_db, tmp_path):
    target = tmp_path / "trip.xlsx"
    result = run("export", "--db", str(demo_db), "--to", str(target), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Written: {target}" in result.stdout
    from openpyxl import load_workbook

    assert "Datasets" in load_workbook(target).sheetnames


def test_export_several_formats_into_a_folder_and_public(demo_db, tmp_path):
    target = tmp_path / "uit"
    result = run("--db", str(demo_db), "export", "--to", str(target), "--format", "csv",
                 "--format", "md", "--format", "ckan", "--public", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in target.iterdir())
    assert names == ["data-trip-utrecht-2026-public-ckan.jsonl",
                     "data-trip-utrecht-2026-public-csv", "data-trip-utrecht-2026-public.md"]
    everything = "".join(p.read_text("utf-8-sig") for p in target.rglob("*") if p.is_file())
    # no participant's e-mail (the portal contact of a queued publication, the organisation's
    # functional address opendata@..., is what the portal receives, so it may be there)
    emails = re.findall(r"[a-z.]+@utrecht\.example", everything)
    assert emails and set(emails) == {"opendata@utrecht.example"}
    assert "Fatima El Amrani" not in everything
    assert "KX4T" not in everything  # her ballot code
    assert not (target / "data-trip-utrecht-2026-public-csv" / "votes.csv").exists()


def test_export_in_dutch(demo_db, tmp_path):
    target = tmp_path / "verslag.md"
    result = run("--lang", "nl", "export", "--db", str(demo_db), "--to", str(target),
                 env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Geschreven:" in result.stdout
    assert "Rangschikking" in target.read_text("utf-8")


@pytest.mark.parametrize("to, words", [
    ("nergens/trip.xlsx", "does not exist"),
    ("trip.pdf", "cannot tell the format"),
])
def test_export_errors_are_one_line(demo_db, tmp_path, to, words):
    result = run("export", "--db", str(demo_db), "--to", str(tmp_path / to), env_dir=tmp_path)
    one_line_error(result, words)
    assert not (tmp_path / to).exists()


def test_export_of_a_missing_trip_file_is_refused(tmp_path):
    result = run("export", "--db", str(tmp_path / "geen.db"), "--to", str(tmp_path / "x.xlsx"),
                 env_dir=tmp_path)
    one_line_error(result, "holds no trip")
    assert not (tmp_path / "geen.db").exists()


# -- merge -------------------------------------------------------------------------------------

@pytest.fixture
def other(demo_db, tmp_path):
    """A co-facilitator's copy with one new participant in it."""
    path = tmp_path / "anna.db"
    shutil.copy(demo_db, path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO participant (id, created_at, updated_at, trip_id, name, "
                 "ballot_code) SELECT 'p-anna', '2030-01-01T00:00:00.000000Z', "
                 "'2030-01-01T00:00:00.000000Z', id, 'Anna Nieuw', 'ANNA' FROM trip")
    conn.commit()
    conn.close()
    return path


def names(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM participant")}
    finally:
        conn.close()


def test_merge_with_yes_prints_the_summary_and_commits(demo_db, other, tmp_path):
    before = other.read_bytes()
    result = run("merge", "--db", str(demo_db), str(other), "--yes", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Participants" in result.stdout and "added" in result.stdout
    assert f"Merged into {demo_db}" in result.stdout
    assert "Anna Nieuw" in names(demo_db)
    assert other.read_bytes() == before
    again = run("merge", "--db", str(demo_db), str(other), "--yes", env_dir=tmp_path)
    assert again.returncode == 0 and "Nothing to merge" in again.stdout


def test_merge_without_a_terminal_asks_for_yes(demo_db, other, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "datatrip_tui.cli", "merge", "--db", str(demo_db), str(other)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
        env={**__import__("os").environ, "DATATRIP_CONFIG_DIR": str(tmp_path / "config"),
             "DATATRIP_DATA_DIR": str(tmp_path / "data")})
    one_line_error(result, "--yes")
    assert "added" in result.stdout  # the summary was shown first
    assert "Anna Nieuw" not in names(demo_db)


def test_merge_of_another_trip_is_refused(demo_db, tmp_path):
    from workshop_data.common.setup import create_trip
    from workshop_data.common.store import open_store

    stranger = open_store(tmp_path / "zeist.db")
    create_trip(stranger, name="Data Trip Zeist")
    stranger.close()
    result = run("merge", "--db", str(demo_db), str(tmp_path / "zeist.db"), "--yes",
                 env_dir=tmp_path)
    one_line_error(result, "another trip")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("answer, merged", [("y\n", True), ("ja\n", True), ("n\n", False),
                                            ("\n", False)])
def test_merge_asks_in_a_terminal(demo_db, other, monkeypatch, capsys, answer, merged):
    from datatrip_tui.cli import main

    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    code = main(["merge", "--db", str(demo_db), str(other)])
    out = capsys.readouterr().out
    assert "[y/N]" in out
    assert code == (0 if merged else 1)
    assert ("Anna Nieuw" in names(demo_db)) is merged
