"""kill -9 of the room's server while the phones vote loses no vote a phone was told
"received": ``datatrip room`` runs in a child process, 40 phones vote at once, and the child
is killed when about half of them have heard back."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp

from apphelpers import db_rows
from workshop_data.ranking import ballots, voters
from workshop_data.common.store import open_store

ROOT = Path(__file__).resolve().parent.parent
PHONES = 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def phone(url: str, token: str, value: int, received: list, started: asyncio.Event,
                address: str):
    jar = aiohttp.CookieJar(unsafe=True)
    # Each phone has an address of its own, as in a room (all of 127.0.0.0/8 is this machine).
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    try:
        async with aiohttp.ClientSession(cookie_jar=jar, connector=connector,
                                         headers={"Origin": url.rstrip("/")}) as client:
            await started.wait()
            await client.get(url + "v/" + token)
            ballot = await (await client.get(url + "api/ballot")).json()
            body = {"answers": [{"dataset": i["dataset"], "criterion": c, "value": value}
                                for i in ballot["items"] for c in ballot["round"]["criteria"]]}
            response = await client.post(url + "api/ballot", json=body,
                                         headers={"X-CSRF-Token": ballot["csrf"]})
            if response.status == 200 and (await response.json())["status"] == "received":
                received.append((token, len(body["answers"]), value))
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError):
        pass  # the server died under this phone: it was never told "received"


def test_kill_9_while_phones_vote_loses_no_received_vote(demo_db):
    store = open_store(demo_db)
    for n in range(PHONES - 12):  # the demo has 12 participants
        store.participants.create(name=f"Telefoon {n:02d}")
    rnd = ballots.open_round(store, "Zaal", status="ready", random_order=False)
    cards = voters.cards(store, rnd.id)
    store.close()
    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "datatrip_tui.cli", "room", "--db",
                              str(demo_db), "--host", "127.0.0.1", "--port", str(port)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = child.stdout.readline().strip()
    assert url == f"http://127.0.0.1:{port}/", child.stderr.read()

    async def room() -> list:
        received: list = []
        started = asyncio.Event()
        tasks = [asyncio.ensure_future(phone(url, card.token, n % 5 + 1, received, started,
                                             f"127.0.1.{n + 1}"))
                 for n, card in enumerate(cards)]
        started.set()
        while len(received) < PHONES // 2 and not all(t.done() for t in tasks):
            await asyncio.sleep(0.002)
        os.kill(child.pid, signal.SIGKILL)
        await asyncio.gather(*tasks)
        return received

    received = asyncio.run(room())
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert len(received) >= PHONES // 2
    print(f"received before the kill: {len(received)} of {PHONES}")
    for token, n_answers, value in received:
        rows = db_rows(demo_db, "SELECT v.value FROM vote v JOIN voter w ON w.id = v.ballot_code "
                                "WHERE w.token = ? AND v.deleted_at IS NULL", token)
        assert len(rows) == n_answers and {r[0] for r in rows} == {float(value)}
    assert db_rows(demo_db, "PRAGMA integrity_check") == [("ok",)]
