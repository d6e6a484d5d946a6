"""Starting the App on a trip file inside tests, and waiting for its store like a user waits."""

from __future__ import annotations

from datatrip_tui.app import DatatripApp
from datatrip_tui.settings import Settings


def make_app(path, *, language: str = "en", demo: bool = False) -> DatatripApp:
    from workshop_data.common.i18n import set_language

    set_language(language)
    return DatatripApp(path, settings=Settings(language=language), demo=demo, probe_portal=False)


async def wait_ready(pilot) -> None:
    """The store opens in a worker: wait until the dashboard shows the trip."""
    app = pilot.app
    for _ in range(1000):
        if app.store is not None and (app.store.trip() is None or app.dashboard.summary):
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError("the trip never opened")
    await pilot.pause()


def db_rows(path, sql: str, *params) -> list[tuple]:
    """Read the trip file with a connection of its own, as another program would see it."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def screen_text(app) -> str:
    """What the terminal shows, as plain text (one string per screen line).

    ``export_screenshot`` gives SVG; its ``<text>`` elements hold the characters, one element
    per run of equal style, with spaces as no-break spaces.
    """
    import html
    import re

    svg = app.export_screenshot()
    lines: dict[str, list[str]] = {}
    for y, body in re.findall(r'<text[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        lines.setdefault(y, []).append(html.unescape(body).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(lines.items(),
                                                            key=lambda kv: float(kv[0])))


async def wait_for(pilot, condition, *, timeout: float = 10.0) -> None:
    """Let the app work until ``condition()`` holds (a machine under load is slower: CI's takes
    twice the time of a quiet one; the timeout only says how long a failure takes)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app never got there")
        await pilot.pause(0.02)
    await pilot.pause()


async def settle(pilot, *, timeout: float = 10.0) -> None:
    """Wait until the screen shows the same text twice, a tenth of a second apart: what is drawn
    after the app goes idle (a table measures its row labels then) is in a snapshot too."""
    import time

    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        await pilot.pause(0.1)
        now = screen_text(pilot.app)
        if now == last:
            return
        last = now


def palette_found(app) -> bool:
    """The command palette shows what it found for what was typed (it searches in a worker)."""
    from textual.command import CommandList, CommandPalette

    return isinstance(app.screen, CommandPalette) and \
        app.screen.query_one(CommandList).option_count > 0


FATIMA, JOOST = "Fatima El Amrani", "Joost van der Meer"


def voter_row(store_or_path, round_id: str, name: str = FATIMA) -> dict:
    """A participant's voter in a round (its id, code and token), issued if missing: what a
    code card holds. Takes an open store or a trip file's path."""
    from workshop_data.ranking import voters
    from workshop_data.common.store import open_store

    store = open_store(store_or_path) if not hasattr(store_or_path, "query") else store_or_path
    try:
        voters.issue(store, round_id)
        return store.query(
            "SELECT v.id, v.code, v.token FROM voter v JOIN participant p "
            "ON p.id = v.participant_id WHERE v.round_id = ? AND p.name = ?", [round_id, name])[0]
    finally:
        if store is not store_or_path:
            store.close()


def code_of(store_or_path, round_id: str, name: str = FATIMA) -> str:
    return voter_row(store_or_path, round_id, name)["code"]
