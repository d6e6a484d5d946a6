"""The round opened to the room, driven by keys: the server starts on the app's own loop, the
projector shows the address and who has voted (never what), and closing stops the server."""

from __future__ import annotations

import aiohttp
import segno

from apphelpers import FATIMA, make_app, screen_text, voter_row, wait_for
from screens.ranking.qr import QUIET, qr_text
from screens.ranking.rounds import RankingScreen
from screens.ranking.room import RoomScreen
from test_ballot_screen import open_ranking, ready_round
from workshop_data.ranking import netaddr


def room_app(demo_db, language="en"):
    app = make_app(demo_db, language=language)
    app.settings.room_host, app.settings.room_port = "127.0.0.1", "0"  # a free port
    return app


async def open_room(pilot) -> None:
    """From the dashboard: the ranking screen, then its round opened to the room (R)."""
    await open_ranking(pilot)
    await pilot.press("R")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RoomScreen))


async def vote_from_a_phone(server, name=FATIMA) -> int:
    card = voter_row(server.store, server.round_id, name)
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar,
                                     headers={"Origin": server.url.rstrip("/")}) as client:
        await client.get(server.url + "v/" + card["token"])
        ballot = await (await client.get(server.url + "api/ballot")).json()
        body = {"answers": [{"dataset": i["dataset"], "criterion": c, "value": 2}
                            for i in ballot["items"] for c in ballot["round"]["criteria"]]}
        response = await client.post(server.url + "api/ballot", json=body,
                                     headers={"X-CSRF-Token": ballot["csrf"]})
        return response.status


async def test_open_to_the_room_shows_the_address_and_who_voted(demo_db):
    ready_round(demo_db)
    app = room_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_room(pilot)
        server = app.room
        assert server is not None and server.running and server.host == "127.0.0.1"
        text = screen_text(app)
        assert server.url in text and f"Room {server.room_code}" in text
        assert "0 of 12 have voted" in text and "▀" in text  # the QR code, in half blocks
        assert await vote_from_a_phone(server) == 200
        await wait_for(pilot, lambda: "1 of 12 has voted" in screen_text(app))
        text = screen_text(app)
        card = voter_row(demo_db, server.round_id)
        assert card["code"] not in text and card["token"] not in text
        await pilot.press("escape")              # back to the ranking screen: still serving
        await pilot.pause()
        assert isinstance(app.screen, RankingScreen) and app.room is server
        await pilot.press("l")                   # closing the round closes the room
        await wait_for(pilot, lambda: app.room is None)
        assert not server.running
        try:
            async with aiohttp.ClientSession() as client:
                await client.get(server.url, timeout=aiohttp.ClientTimeout(total=2))
            reachable = True
        except aiohttp.ClientError:
            reachable = False
        assert not reachable


async def test_close_the_room_keeps_the_round_open_and_quitting_frees_the_port(demo_db):
    ready_round(demo_db)
    app = room_app(demo_db, language="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_room(pilot)
        assert "Open voor de zaal" in screen_text(app)
        await pilot.press("x")
        await wait_for(pilot, lambda: app.room is None)
        assert isinstance(app.screen, RankingScreen)
        await pilot.press("R")                   # open again, then quit with it open
        await wait_for(pilot, lambda: isinstance(app.screen, RoomScreen))
        server = app.room
    assert not server.running
    from workshop_data.common.store import open_store

    store = open_store(demo_db)
    assert store.rounds.get(server.round_id).status == "open"
    store.close()


def test_the_qr_code_draws_every_light_module_and_no_dark_one():
    url = netaddr.base_url("10.42.0.1") + "/"
    code = segno.make(url, error="m", boost_error=False)
    matrix = [[bool(m) for m in row] for row in code.matrix_iter(border=QUIET)]
    lines = qr_text(url).plain.split("\n")
    top = {"█": (False, False), "▀": (False, True), "▄": (True, False), " ": (True, True)}
    drawn = []
    for line in lines:
        pairs = [top[ch] for ch in line]
        drawn.append([p[0] for p in pairs])
        drawn.append([p[1] for p in pairs])
    assert drawn[:len(matrix)] == matrix  # dark modules stay background, light ones are drawn
    assert len(lines) <= 16 and len(lines[0]) <= 33  # fits beside the list at 100x30
