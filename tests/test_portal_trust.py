"""A token goes only to the portal it is for, and never into what is stored or printed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from workshop_data.portal.client import PortalError, connect, token_for
from workshop_data.portal.trust import redact, same_portal

TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLWZvci10ZXN0cw.Zm9vYmFyYmF6"


class Portal:
    """A pretend portal on 127.0.0.1 that records every request and answers 500; ``echo``
    puts the request's headers into the error page, as some misconfigured proxies do."""

    def __init__(self, echo: bool = False):
        self.requests: list[dict] = []
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                portal.requests.append(dict(self.headers))
                first = sorted(self.headers.items(), key=lambda kv: "auth" not in kv[0].lower())
                body = ("<h1>Error</h1>" + "".join(f"{k}: {v}\n" for k, v in first)
                        if echo else "oops")
                self.send_response(500)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(body.encode())

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def tokens_seen(self) -> list[str]:
        return [h.get("Authorization") or h.get("X-CKAN-API-Key") or "" for h in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def portals():
    made = []

    def make(echo=False):
        made.append(Portal(echo))
        return made[-1]

    yield make
    for portal in made:
        portal.close()


def run(*args, env_extra=None, config=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATATRIP_CKAN")}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "datatrip_tui.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)


def set_portal(path, url, stamp="2099-01-01T00:00:00.000000Z"):
    conn = sqlite3.connect(path)
    conn.execute("UPDATE trip SET portal_url = ?, updated_at = ?", [url, stamp])
    conn.commit()
    conn.close()


def test_a_portal_url_that_came_with_a_merge_gets_no_token(demo_db, tmp_path, portals):
    home, elsewhere = portals(), portals()
    set_portal(demo_db, home.url, "2026-01-01T00:00:00.000000Z")
    assert run("portal", "--confirm", "--yes", "--db", str(demo_db)).returncode == 0
    copy = tmp_path / "copy" / "trip.db"
    copy.parent.mkdir()
    shutil.copy(demo_db, copy)
    set_portal(copy, elsewhere.url)  # the copy now points at another server

    merged = run("merge", str(copy), "--yes", "--db", str(demo_db))
    assert merged.returncode == 0, merged.stderr
    assert "portal address changes" in merged.stdout and elsewhere.url in merged.stdout

    for env in ({"DATATRIP_CKAN_TOKEN": TOKEN},
                {"DATATRIP_CKAN_TOKEN": TOKEN, "DATATRIP_CKAN_URL": home.url}):
        synced = run("sync", "--db", str(demo_db), env_extra=env)
        assert synced.returncode == 2
        assert "not confirmed on this laptop" in synced.stderr
        assert TOKEN not in synced.stdout + synced.stderr
    pulled = run("catalogue", "pull", "--db", str(demo_db),
                 env_extra={"DATATRIP_CKAN_TOKEN": TOKEN})
    assert pulled.returncode == 2
    assert elsewhere.requests == [] and home.requests == []

    # Once the facilitator confirms it here, it is used.
    shown = run("portal", "--db", str(demo_db))
    assert "NOT confirmed" in shown.stdout
    assert run("portal", "--confirm", "--yes", "--db", str(demo_db)).returncode == 0
    run("sync", "--db", str(demo_db), env_extra={"DATATRIP_CKAN_TOKEN": TOKEN})
    assert TOKEN in elsewhere.tokens_seen()


def test_an_environment_token_goes_only_to_its_own_url(monkeypatch):
    monkeypatch.setenv("DATATRIP_CKAN_TOKEN", TOKEN)
    monkeypatch.setenv("DATATRIP_CKAN_URL", "https://data.utrecht.nl/")
    monkeypatch.setitem(sys.modules, "keyring", None)
    assert token_for("https://DATA.utrecht.nl") == TOKEN
    assert token_for("https://data.utrecht.nl:8443") is None
    with pytest.raises(PortalError, match="not confirmed"):
        connect("https://data.elders.nl")
    with pytest.raises(PortalError, match="is for https://data.utrecht.nl"):
        connect("https://data.elders.nl", confirmed=["https://data.elders.nl"])
    # without DATATRIP_CKAN_URL the token goes to a URL confirmed on this laptop only
    monkeypatch.delenv("DATATRIP_CKAN_URL")
    assert token_for("https://data.elders.nl") is None
    assert token_for("https://data.elders.nl", ["https://data.elders.nl/"]) == TOKEN


def test_a_keyring_token_is_bound_to_its_url(monkeypatch):
    monkeypatch.delenv("DATATRIP_CKAN_TOKEN", raising=False)
    monkeypatch.delenv("DATATRIP_CKAN_URL", raising=False)
    fake = types.SimpleNamespace(get_password=lambda service, url:
                                 TOKEN if url == "https://data.utrecht.nl" else None)
    monkeypatch.setitem(sys.modules, "keyring", fake)
    assert connect("https://data.utrecht.nl").apikey == TOKEN
    assert token_for("https://data.utrecht.nl.evil.example") is None
    assert not same_portal("https://data.utrecht.nl", "https://data.utrecht.nl.evil.example")


def test_an_error_page_that_echoes_the_token_is_redacted(demo_db, tmp_path, portals):
    echo = portals(echo=True)
    set_portal(demo_db, echo.url)
    # a second publication waiting too: both rows used to get the token
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE publication SET state = 'queued' WHERE package_name = 'bomenregister'")
    conn.execute("INSERT INTO outbox (id, created_at, updated_at, publication_id, action) "
                 "SELECT 'o2', created_at, created_at, id, 'publish' FROM publication "
                 "WHERE package_name = 'bomenregister'")
    conn.commit()
    conn.close()
    env = {"DATATRIP_CKAN_TOKEN": TOKEN, "DATATRIP_CKAN_URL": echo.url}
    result = run("sync", "--db", str(demo_db), env_extra=env)
    assert TOKEN in echo.tokens_seen()  # it was sent, to the right portal
    assert "retry later" in result.stdout
    printed = result.stdout + result.stderr
    assert TOKEN not in printed and TOKEN[:12] not in printed
    conn = sqlite3.connect(demo_db)
    errors = [row[0] for row in conn.execute("SELECT last_error FROM outbox WHERE last_error != ''")]
    conn.close()
    assert len(errors) == 2
    assert all(TOKEN[:12] not in error and "Authorization: ***" in error for error in errors)


def test_redaction_happens_before_the_text_is_cut_short():
    page = "x" * 190 + TOKEN + " trailing"
    cut = redact(page, TOKEN)[:200]
    assert TOKEN[:8] not in cut
    echoed = redact('{"headers": {"Authorization": "Bearer abc.def", "X-CKAN-API-Key": "k1"}}')
    assert "abc.def" not in echoed and "k1" not in echoed
    assert redact("no API token: set DATATRIP_CKAN_TOKEN") == "no API token: set DATATRIP_CKAN_TOKEN"


async def test_the_publish_screen_sends_nothing_until_the_portal_is_saved_here(demo_db, portals,
                                                                                monkeypatch):
    from textual.widgets import RichLog

    from apphelpers import make_app, wait_for, wait_ready

    portal = portals()
    set_portal(demo_db, portal.url)  # as if it came with a merge
    monkeypatch.setenv("DATATRIP_CKAN_TOKEN", TOKEN)
    monkeypatch.delenv("DATATRIP_CKAN_URL", raising=False)
    app = make_app(demo_db)

    def log_text():  # the log's lines are wrapped to its width: join them again
        return " ".join(" ".join(str(line.text) for line in
                                 app.screen.query_one(RichLog).lines).split())

    async with app.run_test(size=(140, 50)) as pilot:
        await wait_ready(pilot)
        await pilot.press("b", "y")
        await wait_for(pilot, lambda: "not confirmed on this laptop" in log_text(), timeout=20)
        assert portal.requests == []
        await pilot.press("a")  # the portal settings: saving them here is the confirmation
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.settings.portals == [portal.url]
        await pilot.press("y")
        await wait_for(pilot, lambda: portal.requests, timeout=30)
        await wait_for(pilot, lambda: not app.screen.query_one("#publish-progress").display,
                       timeout=30)
    assert TOKEN in portal.tokens_seen()
