"""kill -9 a writer through the store at random moments; then check that nothing it was told had
been saved was lost.

What is measured
----------------
A child process opens a trip file with the app's ``open_store`` and writes through the public
functions, one at a time, as the screens do: participants, tasks and datasets created, votes cast
(``ballots.start_ballot`` / ``ballots.cast_vote``), stakeholders moved on the grid, participants
edited, datasets deleted, and another laptop's trip merged in (``merge.apply_merge``). Before an
update it logs what it is about to write; after each call returns it logs the write as done, with
an fsync. The parent kills it with SIGKILL at a random moment (N times), and after every kill:

* ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` on the file, as it was left;
* opens it with ``open_store`` (what the app does next), which must succeed;
* checks every logged write: a created row is there with its values, a deleted one deleted, a
  vote holds its value, a merge brought all of the other trip's rows; an update killed between
  its intent and its done line may hold either value, nothing else;
* counts working copies of the other trip that a kill left beside the file, and those still
  there after that open.

Printed: kills, committed writes (and the rows they left, all checked after every kill), lost,
integrity failures, open failures, tracebacks
(the child died of an exception, not of the kill), merge copies left. Nothing is timed.

    python benchmarks/crash.py [--kills 200] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OTHERS = 3  # other laptops' copies to merge, each with rows of its own
PREFIX = "Crash "  # names of what the child creates, so a restarted child finds its own rows


# -- the child: a writer that is killed ----------------------------------------------------------

def child(db: str, log_path: str, others: list[str], seed: int) -> None:
    from workshop_data.ranking import ballots
    from workshop_data.stakeholders import register as stakeholders
    from workshop_data.merge.apply import apply_merge
    from workshop_data.common.store import open_store

    rng = random.Random(seed)
    store = open_store(db)
    rnd = ballots.latest_round(store)
    codes = [p.ballot_code for p in store.participants.list() if not p.name.startswith(PREFIX)]
    log = open(log_path, "a", encoding="utf-8")

    def write(entry: dict) -> None:
        log.write(json.dumps(entry) + "\n")
        log.flush()
        os.fsync(log.fileno())

    def mine(table: str, column: str) -> list[str]:
        return [r["id"] for r in store.query(
            f"SELECT id FROM {table} WHERE {column} LIKE ? AND deleted_at IS NULL",
            [PREFIX + "%"])]

    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        op = rng.choice(["participant", "participant", "task", "dataset", "vote", "vote",
                         "vote", "move", "move", "edit", "delete", "merge"])
        if op == "participant":
            p = store.participants.create(name=f"{PREFIX}{seed}-{n}", department="Wonen")
            write({"done": ["participant", p.id], "f": {"name": p.name}})
        elif op == "task":
            people = mine("participant", "name") or [store.participants.list()[0].id]
            task = store.tasks.create(participant_id=rng.choice(people),
                                      title=f"{PREFIX}taak {seed}-{n}")
            write({"done": ["task", task.id], "f": {"title": task.title}})
        elif op == "dataset":
            made = store.datasets.create(title=f"{PREFIX}data {seed}-{n}")
            write({"done": ["dataset", made.id], "f": {"title": made.title}})
        elif op == "vote":
            ballot = ballots.start_ballot(store, rnd.id, rng.choice(codes))
            item = rng.choice(ballot.items)
            criterion = ballot.criteria[0]
            value = rng.randint(*ballot.scale)
            key = ["vote", "|".join([rnd.id, ballot.code, item.dataset_id, criterion])]
            write({"intent": key, "f": {"value": value}})
            ballots.cast_vote(store, ballot, item.dataset_id, criterion, value)
            write({"done": key, "f": {"value": value}})
        elif op == "move":
            who = rng.choice(store.stakeholders.list())
            step = rng.choice([(1, 0), (-1, 0), (0, 1), (0, -1)])
            goal = {"influence": stakeholders.clamp(who.influence + step[0]),
                    "interest": stakeholders.clamp(who.interest + step[1])}
            write({"intent": ["stakeholder", who.id], "f": goal})
            moved = stakeholders.move(store, who.id, *step)
            write({"done": ["stakeholder", who.id],
                   "f": {"influence": moved.influence, "interest": moved.interest}})
        elif op == "edit":
            people = mine("participant", "name")
            if people:
                pid, role = rng.choice(people), f"rol {n}"
                write({"intent": ["participant", pid], "f": {"role": role}})
                store.participants.update(pid, role=role)
                write({"done": ["participant", pid], "f": {"role": role}})
        elif op == "delete":
            found = mine("dataset", "title")
            if found:
                target = rng.choice(found)
                write({"intent": ["dataset", target], "f": {"deleted": True}})
                store.datasets.delete(target)
                write({"done": ["dataset", target], "f": {"deleted": True}})
        elif op == "merge":
            which = rng.randrange(len(others))
            apply_merge(store, others[which])
            write({"done": ["merge", str(which)], "f": {}})


# -- the parent: kill, then check ----------------------------------------------------------------

def prepare(folder: Path, seed: int) -> tuple[Path, list[Path], list[list[tuple[str, str]]]]:
    from workshop_data.ranking import ballots
    from workshop_data.common.demo import create_demo
    from workshop_data.common.store import open_store

    db = folder / "trip.db"
    store = create_demo(db)
    ballots.open_round(store, "Crash round", status=None, allow_skip=True)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    others, their_rows = [], []
    rng = random.Random(seed)
    for i in range(OTHERS):
        path = folder / f"laptop{i}" / "trip.db"
        path.parent.mkdir()
        shutil.copy(db, path)
        other = open_store(path)
        rows = []
        for j in range(5):
            p = other.participants.create(name=f"Laptop {i} persoon {j}")
            rows.append(("participant", p.id))
        for j in range(3):
            d = other.datasets.create(title=f"Laptop {i} data {j} {rng.random():.6f}")
            rows.append(("dataset", d.id))
        other.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        other.close()
        others.append(path)
        their_rows.append(rows)
    return db, others, their_rows


def read_log(path: Path) -> tuple[dict, dict, list[int], int]:
    """(done values by key, values an unfinished write may have left, merges done, writes)."""
    writes = 0
    done: dict[tuple, dict] = {}
    maybe: dict[tuple, dict] = {}
    merges: list[int] = []
    for line in path.read_text("utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # the last line, cut by the kill
        if "intent" in entry:
            maybe[tuple(entry["intent"])] = entry["f"]
            continue
        key = tuple(entry["done"])
        writes += 1
        maybe.pop(key, None)
        if key[0] == "merge":
            merges.append(int(key[1]))
        else:
            done[key] = {**done.get(key, {}), **entry["f"]}
    return done, maybe, merges, writes


def current(store, key: tuple, fields: dict) -> dict | None:
    table, ident = key
    if table == "vote":
        round_id, code, dataset_id, criterion = ident.split("|")
        rows = store.query("SELECT value FROM vote WHERE round_id = ? AND ballot_code = ? AND "
                           "dataset_id = ? AND criterion = ? AND deleted_at IS NULL",
                           [round_id, code, dataset_id, criterion])
        return {"value": rows[0]["value"]} if rows else None
    rows = store.query(f"SELECT * FROM {table} WHERE id = ?", [ident])
    if not rows:
        return None
    row = rows[0]
    return {name: (row["deleted_at"] is not None) if name == "deleted" else row.get(name)
            for name in fields}


def check(db: Path, log: Path, their_rows: list) -> dict:
    from workshop_data.common.store import open_store

    found = {"checked": 0, "writes": 0, "lost": 0, "integrity": 0, "open": 0, "copies": 0,
             "left": 0}
    found["left"] = len([p for p in db.parent.iterdir() if ".merge-" in p.name])
    conn = sqlite3.connect(db)
    try:
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)] or \
                conn.execute("PRAGMA foreign_key_check").fetchall():
            found["integrity"] = 1
    finally:
        conn.close()
    try:
        store = open_store(db)
    except Exception as error:  # noqa: BLE001 - any failure to open is what is counted
        print(f"  open failed: {error}", file=sys.stderr)
        found["open"] = 1
        return found
    try:
        found["copies"] = len([p for p in db.parent.iterdir() if ".merge-" in p.name])
        done, maybe, merges, found["writes"] = read_log(log)
        for key, fields in done.items():
            found["checked"] += 1
            have = current(store, key, fields)
            if have is None:
                have = {}
            want = [fields] + ([{**fields, **maybe[key]}] if key in maybe else [])
            if not any(all(have.get(k) == v for k, v in w.items()) for w in want):
                found["lost"] += 1
                print(f"  lost: {key} has {have}, logged {fields}", file=sys.stderr)
        for which in set(merges):
            for table, ident in their_rows[which]:
                found["checked"] += 1
                if not store.query(f"SELECT 1 FROM {table} WHERE id = ?", [ident]):
                    found["lost"] += 1
                    print(f"  lost: {table} {ident} of merge {which}", file=sys.stderr)
    finally:
        store.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and leave the files there")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, log, seed, *others = args.child
        child(db, log, others, int(seed))
        return 0

    folder = Path(args.keep or tempfile.mkdtemp(prefix="datatrip-crash-"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    db, others, their_rows = prepare(folder, args.seed)
    log = folder / "committed.log"
    log.touch()
    totals = {"checked": 0, "writes": 0, "lost": 0, "integrity": 0, "open": 0, "copies": 0,
              "left": 0}
    tracebacks = 0
    started = time.monotonic()
    for kill in range(1, args.kills + 1):
        stderr = folder / "child.err"
        with open(stderr, "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", str(db), str(log),
                 str(args.seed * 100_000 + kill), *map(str, others)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
            ready = proc.stdout.readline().strip() == "ready"
            if ready:
                time.sleep(rng.uniform(0.02, 1.5))
            alive = proc.poll() is None
            if alive:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
        if not alive or "Traceback" in stderr.read_text("utf-8", "replace"):
            tracebacks += 1
            print(stderr.read_text("utf-8", "replace")[-2000:], file=sys.stderr)
        found = check(db, log, their_rows)
        for name in totals:
            cumulative = name not in ("checked", "writes")  # those are of the whole log
            totals[name] = totals[name] + found[name] if cumulative else found[name]
        if kill % 20 == 0:
            print(f"  {kill} kills, {found['checked']} writes checked, "
                  f"{totals['lost']} lost so far", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    print(f"kills: {args.kills}")
    print(f"committed writes: {totals['writes']} (the last state of {totals['checked']} rows, "
          f"votes and merges checked after every kill)")
    print(f"lost: {totals['lost']}")
    print(f"integrity failures: {totals['integrity']}")
    print(f"open failures: {totals['open']}")
    print(f"tracebacks: {tracebacks}")
    print(f"merge copies left by a kill: {totals['left']}, after the next open: "
          f"{totals['copies']}")
    print(f"({elapsed:.0f} s; files in {folder})" if args.keep else f"({elapsed:.0f} s)")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if totals["lost"] or totals["integrity"] or totals["open"] or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
