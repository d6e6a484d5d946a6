"""``datatrip results``: what the results screen shows, on stdout; problems as one line, exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from workshop_data.ranking import ballots
from workshop_data.common.store import open_store


def run(*args, env_dir: Path, timeout=60):
    env = {**os.environ, "DATATRIP_CONFIG_DIR": str(env_dir / "config"),
           "DATATRIP_DATA_DIR": str(env_dir / "data")}
    return subprocess.run([sys.executable, "-m", "datatrip_tui.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def test_the_latest_round_as_a_table(demo_db, tmp_path):
    result = run("results", "--db", str(demo_db), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Atelier 1: interesse en belang · scores · closed · 12 ballots"
    assert lines[2].split() == ["interest", "importance"]
    assert lines[3].split() == ["#", "Dataset", "median", "mean", "n", "spread", "skipped",
                                "median", "mean", "n", "spread", "skipped"]
    assert lines[4].split()[:4] == ["1", "Leegstaande", "panden", "5.0"]
    assert any(line.startswith(" =3 Culturele voorzieningen") for line in lines)
    assert "! high disagreement (spread ≥ 1.6)" in lines
    assert "QUICK WINS: Leegstaande panden; Speelplekken en speeltoestellen" in lines


def test_json_and_a_chosen_round(demo_db, tmp_path):
    store = open_store(demo_db)
    demo_round = ballots.latest_round(store).id
    newer = ballots.open_round(store, "Newer", status="ready", kind="points")
    ballots.reveal(store, newer.id)
    store.close()
    latest = json.loads(run("results", "--db", str(demo_db), "--json",
                            env_dir=tmp_path).stdout)
    assert latest["round"]["title"] == "Newer" and latest["round"]["budget"] == 100
    assert [r["points"] for r in latest["results"]] == [0, 0, 0, 0]
    chosen = run("--db", str(demo_db), "results", "--round", demo_round, "--json",
                 env_dir=tmp_path)
    data = json.loads(chosen.stdout)
    assert data["round"]["id"] == demo_round and len(data["results"]) == 20
    leeg = next(r for r in data["results"] if r["title"] == "Leegstaande panden")
    assert leeg["criteria"]["interest"] == {
        **leeg["criteria"]["interest"], "median": 5.0, "rank": 1, "tied": False}
    assert leeg["quadrant"] == "quick_wins"


def test_in_dutch(demo_db, tmp_path):
    result = run("--lang", "nl", "results", "--db", str(demo_db), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "gesloten · 12 stembiljetten" in result.stdout
    assert "mediaan" in result.stdout and "5,0" in result.stdout


def test_hidden_results_are_not_printed(demo_db, tmp_path):
    store = open_store(demo_db)
    ballots.open_round(store, "Secret")
    store.close()
    result = run("results", "--db", str(demo_db), env_dir=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "hidden" in result.stderr


def test_problems_are_one_line_and_exit_2(demo_db, tmp_path):
    unknown = run("results", "--db", str(demo_db), "--round", "nope", env_dir=tmp_path)
    assert unknown.returncode == 2 and unknown.stderr == (
        "datatrip: there is no ballot round with id nope\n")
    missing = tmp_path / "missing.db"
    result = run("results", "--db", str(missing), env_dir=tmp_path)
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert not missing.exists()
    text = tmp_path / "notes.txt"
    text.write_text("not a trip")
    result = run("results", "--db", str(text), env_dir=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_trip_without_rounds(tmp_path):
    path = tmp_path / "empty.db"
    store = open_store(path)
    store.trips.create(name="Empty")
    store.close()
    result = run("results", "--db", str(path), env_dir=tmp_path)
    assert result.returncode == 2 and "no ballot round" in result.stderr
