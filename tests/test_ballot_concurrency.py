"""Two datatrip processes take ballots in one round at the same time, as two terminals would.

Each child process opens the trip file itself and casts 300 votes (every dataset of the round on
both criteria, six times over: each pass revises the one before), one write transaction per vote,
while this process reads the results the way the results screen does. Every vote must be stored,
the last pass must win, and no process may see an error ("database is locked" above all).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from apphelpers import FATIMA, JOOST, code_of
from workshop_data.ranking import ballots, tally
from workshop_data.common.store import open_store

ROOT = Path(__file__).resolve().parent.parent
PASSES = 6

VOTER = """
import sys, time
from pathlib import Path
from workshop_data.ranking import ballots, tally
from workshop_data.common.store import open_store

path, round_id, code, go, passes = sys.argv[1:6]
store = open_store(path)
ballot = ballots.start_ballot(store, round_id, code)
questions = ballot.questions()
while not Path(go).exists():
    time.sleep(0.001)
for n in range(int(passes)):
    for i, (item, criterion) in enumerate(questions):
        if (n + i) % 7 == 3 and n < int(passes) - 1:
            ballots.skip(store, ballot, item.dataset_id, criterion)
        else:
            ballots.cast_vote(store, ballot, item.dataset_id, criterion, (n + i) % 5 + 1)
store.close()
print("voted", len(questions) * int(passes))
"""


def test_two_processes_vote_in_one_round_at_once(demo_db, tmp_path):
    store = open_store(demo_db)
    rnd = ballots.open_round(store, "Two terminals")
    codes = [code_of(store, rnd.id, name) for name in (FATIMA, JOOST)]
    n_items = store.round_items.count(round_id=rnd.id)
    go = tmp_path / "go"
    children = [subprocess.Popen([sys.executable, "-c", VOTER, str(demo_db), rnd.id, code,
                                  str(go), str(PASSES)], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
                for code in codes]
    time.sleep(1.0)  # both have opened the file and loaded their ballot
    go.touch()
    reads = 0
    while any(child.poll() is None for child in children):
        tally.results(store, rnd.id)  # the results screen, following the room
        reads += 1
        time.sleep(0.01)
    outputs = [child.communicate(timeout=60) for child in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
        assert err == "", err
        assert out.strip() == f"voted {n_items * 2 * PASSES}"
    assert reads > 0

    rows = store.query("SELECT ballot_code, dataset_id, criterion, value, skipped FROM vote "
                       "WHERE round_id = ?", [rnd.id])
    assert len(rows) == 2 * n_items * 2  # one row per participant x dataset x criterion
    for code in codes:
        ballot = ballots.start_ballot(store, rnd.id, code)
        expected = {(item.dataset_id, criterion): float((PASSES - 1 + i) % 5 + 1)
                    for i, (item, criterion) in enumerate(ballot.questions())}
        assert ballot.answers == expected
    res = tally.results(store, rnd.id)
    assert res.n_ballots == 2
    assert all(r.stats["interest"].n_votes == 2 for r in res.scores)
    store.close()
