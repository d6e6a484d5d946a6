"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workshop_data.common.migrations import LATEST


def run(*args, env_dir: Path, timeout=60):
    env = {**os.environ, "DATATRIP_CONFIG_DIR": str(env_dir / "config"),
           "DATATRIP_DATA_DIR": str(env_dir / "data")}
    return subprocess.run([sys.executable, "-m", "datatrip_tui.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def test_version(tmp_path):
    result = run("--version", env_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("datatrip 0.")


def test_demo_without_ui_creates_the_demo_rows(tmp_path):
    path = tmp_path / "x.db"
    result = run("demo", "--no-ui", "--db", str(path), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "12" in result.stdout and str(path) in result.stdout
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM participant").fetchone()[0] == 12
    assert conn.execute("SELECT count(*) FROM dataset").fetchone()[0] == 25
    # a second run opens the same file and adds nothing
    assert run("demo", "--no-ui", "--db", str(path), env_dir=tmp_path).returncode == 0
    assert conn.execute("SELECT count(*) FROM participant").fetchone()[0] == 12


def test_db_before_the_command_works_too(tmp_path):
    path = tmp_path / "y.db"
    result = run("--db", str(path), "demo", "--no-ui", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.exists()


def _assert_refused(result, path: Path, before: bytes, words: str):
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert words in lines[0]
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()


@pytest.mark.parametrize("command", [[], ["demo"], ["demo", "--no-ui"]])
def test_a_text_file_is_refused_and_unchanged(tmp_path, command):
    path = tmp_path / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user:/bin/sh\n")
    before = path.read_bytes()
    result = run("--db", str(path), *command, env_dir=tmp_path)
    _assert_refused(result, path, before, "not a datatrip file")


def test_a_random_binary_file_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "random.bin"
    path.write_bytes(os.urandom(8192))
    before = path.read_bytes()
    _assert_refused(run("--db", str(path), env_dir=tmp_path), path, before, "not a datatrip file")


def test_a_newer_trip_file_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE trip (id TEXT)")
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.close()
    before = path.read_bytes()
    _assert_refused(run("--db", str(path), env_dir=tmp_path), path, before, "newer datatrip")


def test_another_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER)")
    conn.close()
    before = path.read_bytes()
    _assert_refused(run("--db", str(path), env_dir=tmp_path), path, before, "not a datatrip")


def test_a_folder_is_refused(tmp_path):
    result = run("--db", str(tmp_path), env_dir=tmp_path)
    assert result.returncode == 2 and "is a folder" in result.stderr


def test_a_locked_file_is_refused_and_unchanged(tmp_path):
    path = tmp_path / "locked.db"
    run("demo", "--no-ui", "--db", str(path), env_dir=tmp_path)
    # Another program holds the write lock (rollback journal, exclusive) for a while.
    holder = subprocess.Popen([sys.executable, "-c", f"""
import sqlite3, time, sys
conn = sqlite3.connect({str(path)!r}, isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(30)
"""], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = path.read_bytes()
        started = time.monotonic()
        result = run("--db", str(path), env_dir=tmp_path)
        assert time.monotonic() - started < 20
        assert result.returncode == 2
        assert "locked" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert path.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_missing_folder_is_one_line(tmp_path):
    result = run("--db", str(tmp_path / "nope" / "trip.db"), env_dir=tmp_path)
    assert result.returncode == 2
    assert "folder does not exist" in result.stderr


def test_a_commands_lang_is_for_that_command_only(tmp_path, monkeypatch):
    """`datatrip demo --lang nl` speaks Dutch once; only `datatrip --lang nl` (the interface
    itself) is remembered for later runs."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    run("--lang", "nl", "--version", env_dir=tmp_path)  # --version exits before saving
    result = run("--lang", "nl", "demo", "--no-ui", "--db", str(tmp_path / "d.db"),
                 env_dir=tmp_path)
    assert "Demotrip" in result.stdout
    again = run("demo", "--no-ui", "--db", str(tmp_path / "d.db"), env_dir=tmp_path)
    assert "Demo trip" in again.stdout
    english = run("--lang", "en", "demo", "--no-ui", "--db", str(tmp_path / "d.db"),
                  env_dir=tmp_path)
    assert "Demo trip" in english.stdout
    helped = run("inspect", "--lang", "nl", "--help", env_dir=tmp_path)
    assert "bestand" in helped.stdout.lower()  # the help itself in the language asked for


def test_lang_without_a_command_is_remembered(tmp_path, monkeypatch):
    from datatrip_tui import cli
    from datatrip_tui.settings import Settings

    monkeypatch.setenv("DATATRIP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setattr(cli, "_open", lambda args, settings: 0)  # the UI itself is not run
    assert cli.main(["--lang", "nl"]) == 0
    assert Settings.load().language == "nl"
    assert cli.main(["--lang", "en", "demo", "--no-ui", "--db", str(tmp_path / "d.db")]) == 0
    assert Settings.load().language == "nl"


@pytest.mark.parametrize("argv", [[], ["--db", "x.db"], ["--db=x.db", "--lang", "nl"],
                                  ["--lang=en", "--db", "trip.db"]])
def test_opening_the_ui_reads_the_same_arguments_without_the_full_parser(argv):
    from datatrip_tui.cli import _parser, _ui_arguments

    assert _ui_arguments(argv) == _parser().parse_args(argv)


@pytest.mark.parametrize("argv", [["demo"], ["--lang", "fr"], ["--db"], ["--help"],
                                  ["--db", "a", "--db", "b"], ["--la", "nl"]])
def test_anything_else_goes_to_the_full_parser(argv):
    from datatrip_tui.cli import _ui_arguments

    assert _ui_arguments(argv) is None
