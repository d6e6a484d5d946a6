"""``datatrip sync`` under faults, against the real CKAN of tests/ckanlive/harness.py.

What is measured
----------------
Each round queues 30 publications (one small CSV each) in a new trip file and starts
``datatrip sync`` as a user does. At a random moment in its first seconds it kills, with SIGKILL,
either the sync or the CKAN server (chosen at random); a killed CKAN is started again with the
harness. Then ``datatrip sync --now`` runs again (up to three times, until nothing waits). The
portal is then counted against the queue:

* **duplicates**: resources beyond the one file each package should hold;
* **lost**: a publication that is not published after the retries, or whose package or file is
  missing on the portal;
* **false conflicts**: publications that ended as a conflict, although nobody edited anything
  on the portal;
* **longest run**: the wall time of the slowest ``datatrip sync`` (the one a CKAN kill hits
  included), which the sync's own time limit (120 s) must bound.

Nothing here is a speed budget; the counts are expected to be 0.

    python benchmarks/sync_faults.py [--kills 20] [--seed 1] [--items 30]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _publish_benchmark():
    """benchmarks/publish.py, for its harness loader, test records and queued trip."""
    spec = importlib.util.spec_from_file_location("datatrip_bench_publish",
                                                  ROOT / "benchmarks" / "publish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sync_command(db: Path, env: dict, *, now: bool) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "datatrip_tui.cli", "sync", "--db", str(db)]
                            + (["--now"] if now else []), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def ckan_pid(harness) -> int:
    state = json.loads((harness.Settings().state_dir / "state.json").read_text())
    return state["ckan"]["pid"]


def waiting(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM outbox WHERE deleted_at IS NULL AND state IN "
                            "('pending', 'failed')").fetchone()[0]
    finally:
        conn.close()


def outcome(db: Path) -> tuple[dict[str, tuple], int]:
    """((publication state, outbox state, last error) by package name, rows in conflict)."""
    conn = sqlite3.connect(db)
    try:
        states = {name: rest for name, *rest in conn.execute(
            "SELECT p.package_name, p.state, o.state, o.last_error FROM publication p "
            "JOIN outbox o ON o.publication_id = p.id AND o.deleted_at IS NULL")}
        conflicts = conn.execute("SELECT count(*) FROM outbox WHERE state = 'conflict'")
        return states, conflicts.fetchone()[0]
    finally:
        conn.close()


def on_portal(admin, name: str) -> dict | None:
    """The package as CKAN holds it (package_show, not the search index, which a kill can
    leave behind)."""
    import ckanapi

    try:
        return admin.action.package_show(id=name)
    except ckanapi.NotFound:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--kill", choices=["sync", "ckan", "either"], default="either",
                        help="what to kill (default: either, chosen at random each round)")
    args = parser.parse_args()
    bench = _publish_benchmark()
    harness = bench.harness()
    state = harness.up()
    url, token = state["url"], state["token"]
    import ckanapi

    admin = ckanapi.RemoteCKAN(url, apikey=token)
    tag = uuid.uuid4().hex[:6]
    org = admin.action.organization_create(name=f"faults-{tag}")
    rng = random.Random(args.seed)
    totals = {"duplicates": 0, "lost": 0, "false conflicts": 0}
    kinds = {"sync": 0, "ckan": 0}
    longest = 0.0
    with tempfile.TemporaryDirectory(prefix="datatrip-sync-faults-") as folder:
        folder = Path(folder)
        env = {**os.environ, "DATATRIP_CKAN_URL": url, "DATATRIP_CKAN_TOKEN": token,
               "DATATRIP_CONFIG_DIR": str(folder / "config"), "NO_PROXY": "127.0.0.1,localhost"}
        for kill in range(1, args.kills + 1):
            files = folder / f"round{kill}"
            files.mkdir()
            recs = bench.records(args.items, files, f"{tag}-{kill}")
            db = folder / f"round{kill}.db"
            bench.queued_trip(db, url, org["name"], recs).close()

            victim = rng.choice(["sync", "ckan"]) if args.kill == "either" else args.kill
            kinds[victim] += 1
            started = time.monotonic()
            proc = sync_command(db, env, now=False)
            time.sleep(rng.uniform(0.3, 2.5))
            if victim == "sync":
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            else:
                os.kill(ckan_pid(harness), signal.SIGKILL)
                proc.wait(timeout=600)
                longest = max(longest, time.monotonic() - started)
                harness.up()
            for _ in range(3):  # sync again, as the facilitator would, until nothing waits
                if not waiting(db):
                    break
                again = time.monotonic()
                sync_command(db, env, now=True).wait(timeout=600)
                longest = max(longest, time.monotonic() - again)

            states, conflicts = outcome(db)
            duplicates = lost = 0
            for rec in recs:
                package = on_portal(admin, rec["name"]) or {}
                files = len(package.get("resources") or [])
                duplicates += max(0, files - 1)
                state = states.get(rec["name"], ("?", "?", ""))
                if state[0] not in ("published", "conflict") or not files:
                    lost += 1
                    print(f"  lost: {rec['name']}: {state}, {files} files on the portal",
                          file=sys.stderr)
            totals["duplicates"] += duplicates
            totals["lost"] += lost
            totals["false conflicts"] += conflicts
            print(f"  round {kill}: killed {victim}; duplicates {duplicates}, lost {lost}, "
                  f"false conflicts {conflicts}", file=sys.stderr, flush=True)
    print(f"kills: {args.kills} ({kinds['sync']} of the sync, {kinds['ckan']} of CKAN), "
          f"{args.items} publications each")
    for name, count in totals.items():
        print(f"{name}: {count}")
    print(f"longest run: {longest:.1f} s")
    return 1 if any(totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
