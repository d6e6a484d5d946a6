"""Merge under faults: a killed merge leaves no copy of the other trip behind for long, and two
laptops that queued the same publication send it once."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from workshop_data.merge.apply import apply_merge
from workshop_data.portal.queue import pending
from workshop_data.common.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def folded_copy(path: Path, to: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, to)
    return to


def test_a_killed_merge_leaves_its_copy_only_beside_the_trip_until_the_next_start(demo_db,
                                                                                  tmp_path):
    other = folded_copy(demo_db, tmp_path / "anna" / "anna.db")
    private_tmp = tmp_path / "systemtmp"
    private_tmp.mkdir()
    child = subprocess.Popen([sys.executable, "-c", f"""
import time
import workshop_data.merge.apply as merge
from workshop_data.common.store import open_store

def stuck(*args):
    print("copied", flush=True)
    time.sleep(60)

merge._check_other = stuck
merge.apply_merge(open_store({str(demo_db)!r}), {str(other)!r})
"""], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(private_tmp)})
    try:
        assert child.stdout.readline().strip() == "copied"
        left = [p for p in demo_db.parent.iterdir() if ".merge-" in p.name]
        assert len(left) == 1 and (left[0] / "other.db").exists()
        assert list(private_tmp.iterdir()) == []  # nothing in the shared temp folder
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert left[0].exists()  # kill -9: nobody could clean up
    store = open_store(demo_db)  # the next start
    store.close()
    assert not left[0].exists()


def test_a_merge_in_progress_elsewhere_keeps_its_copy(demo_db, tmp_path):
    busy = demo_db.parent / f".{demo_db.name}.merge-{os.getppid()}-abc"
    busy.mkdir()
    open_store(demo_db).close()
    assert busy.exists()  # its process still runs


def test_a_publication_queued_on_both_laptops_is_sent_once(demo_db, tmp_path):
    other_path = folded_copy(demo_db, tmp_path / "anna" / "anna.db")
    mine, other = open_store(demo_db), open_store(other_path)
    publication = mine.publications.list(package_name="bomenregister")[0]
    for store in (mine, other):
        store.publications.update(publication.id, state="queued")
        store.outbox.create(publication_id=publication.id, action="publish")
    other.close()
    apply_merge(mine, other_path)
    waiting = [item for item in mine.outbox.list() if item.publication_id == publication.id
               and item.state == "pending"]
    assert len(waiting) == 1
    assert [i.publication_id for i in pending(mine)].count(publication.id) == 1
    mine.close()
