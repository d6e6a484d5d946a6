"""Files given as --db that are not whole trips: refused on open, left as they are, with a way out."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_data.common.errors import TripFileError
from workshop_data.common.store import open_store


def run(*args, env_dir: Path):
    env = {**os.environ, "DATATRIP_CONFIG_DIR": str(env_dir / "config"),
           "DATATRIP_DATA_DIR": str(env_dir / "data")}
    # run in the test's folder: a relative path it names (out.xlsx) must never land in the tree
    return subprocess.run([sys.executable, "-m", "datatrip_tui.cli", *args], capture_output=True,
                          text=True, env=env, timeout=60, stdin=subprocess.DEVNULL, cwd=env_dir)


def one_line(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    return lines[0]


def cut_short(demo_db: Path, tmp_path: Path, by: int = 1) -> Path:
    path = tmp_path / "cut.db"
    data = demo_db.read_bytes()
    path.write_bytes(data[:-by])
    return path


@pytest.mark.parametrize("command", [[], ["export", "--to", "out.xlsx"], ["sync", "--dry-run"],
                                     ["results"], ["demo", "--no-ui"]])
def test_a_trip_cut_one_byte_short_is_refused_with_a_way_out(demo_db, tmp_path, command):
    path = cut_short(demo_db, tmp_path)
    before = path.read_bytes()
    line = one_line(run("--db", str(path), *command, env_dir=tmp_path))
    assert "damaged" in line and "datatrip recover" in line
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_damaged_page_is_refused_by_the_check_on_open(demo_db, tmp_path):
    path = tmp_path / "bad.db"
    data = bytearray(demo_db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2: page * 2 + 64] = b"\xff" * 64  # scribble over a b-tree page header
    path.write_bytes(bytes(data))
    with pytest.raises(TripFileError, match="damaged"):
        open_store(path)


def test_recover_copies_what_can_be_read_into_a_new_file(demo_db, tmp_path):
    path = cut_short(demo_db, tmp_path)
    before = path.read_bytes()
    new = tmp_path / "recovered.db"
    result = run("recover", str(path), "--to", str(new), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "recovered into" in result.stdout
    assert path.read_bytes() == before
    conn = sqlite3.connect(new)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM participant").fetchone()[0] == 12
    conn.close()
    store = open_store(new)  # the app opens it like any trip
    assert store.trip().name
    store.close()
    # never over an existing file
    again = run("recover", str(path), "--to", str(new), env_dir=tmp_path)
    assert "already exists" in one_line(again)


def test_an_empty_file_is_not_made_into_a_trip(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    for command in ([], ["demo", "--no-ui"]):
        line = one_line(run("--db", str(path), *command, env_dir=tmp_path))
        assert "empty file" in line
        assert path.read_bytes() == b""
    with pytest.raises(TripFileError):
        open_store(path)


def test_a_symlink_loop_is_named_as_such(tmp_path):
    loop = tmp_path / "loop.db"
    os.symlink(loop, loop)
    line = one_line(run("--db", str(loop), env_dir=tmp_path))
    assert "symbolic link" in line and "does not exist" not in line
    dangling = tmp_path / "dangling.db"
    os.symlink(tmp_path / "gone" / "x.db", dangling)
    assert "symbolic link" in one_line(run("--db", str(dangling), env_dir=tmp_path))


def test_a_whole_trip_still_opens_after_a_checkpoint_was_cut_off(demo_db, tmp_path):
    """A WAL beside the file finishes what a killed checkpoint began: not damage."""
    path = tmp_path / "wal.db"
    shutil.copy(demo_db, path)
    store = open_store(path)
    store.participants.create(name="Nieuw")
    shutil.copy(path, tmp_path / "copy.db")
    shutil.copy(f"{path}-wal", tmp_path / "copy.db-wal")
    store.close()
    reopened = open_store(tmp_path / "copy.db")
    assert reopened.participants.count() == 13
    reopened.close()


def test_escape_sequences_in_a_file_name_are_not_sent_to_the_terminal(tmp_path):
    name = tmp_path / "trip\x1b]0;pwned\x07\x1b[2J.db"
    name.write_text("not a trip\n")
    result = run("--db", str(name), env_dir=tmp_path)
    line = one_line(result)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;pwned\\x07" in line  # shown, as text
    inspected = run("inspect", str(name), env_dir=tmp_path)
    assert "\x1b" not in inspected.stdout + inspected.stderr


def test_a_geojson_number_of_100000_digits_is_named(tmp_path):
    from workshop_data.explorer.loading import LoadError, load

    path = tmp_path / "punten.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [\n{"type": "Feature", '
                    '"properties": {"n": ' + "9" * 100_000 + '}, "geometry": null}]}')
    with pytest.raises(LoadError) as error:
        load(path)
    message = str(error.value)
    assert "digits" in message and "line 2" in message and "unexpected" not in message
