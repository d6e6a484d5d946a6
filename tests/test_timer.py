"""The exercise timer: the countdown's arithmetic, the phones' side over real HTTP, the
projector's screen by keys, and (where Chromium is installed) the phone page in a browser."""

from __future__ import annotations

import aiohttp
import pytest

from apphelpers import FATIMA, JOOST, make_app, screen_text, voter_row, wait_for, wait_ready
from test_room_http import join, phone, room  # noqa: F401  (room: the fixture)
from workshop_data.common.timer import Countdown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_countdown_starts_pauses_adds_a_minute_and_stops():
    clock = Clock()
    timer = Countdown(300, clock=clock)
    assert (timer.state, timer.text()) == ("idle", "05:00")
    timer.start_or_pause()
    clock.now += 61.5
    assert (timer.state, timer.text()) == ("running", "03:59")  # rounded up: 238.5 s left
    timer.start_or_pause()
    clock.now += 100  # paused: the time stands still
    assert (timer.state, timer.text()) == ("paused", "03:59")
    timer.add(60)
    assert timer.text() == "04:59"
    timer.start_or_pause()
    clock.now += 298.5
    assert (timer.state, timer.text()) == ("done", "00:00")
    assert timer.snapshot() == {"state": "done", "remaining": 0, "total": 300}
    timer.stop()
    assert (timer.state, timer.text()) == ("idle", "05:00")
    timer.set_minutes(2)
    timer.add(-180)  # never below zero; a length is at least a minute
    assert (timer.state, timer.total) == ("idle", 60)


@pytest.fixture
def running():
    clock = Clock()
    timer = Countdown(300, clock=clock)
    timer.start_or_pause()
    clock.now += 10
    return timer


async def test_phones_get_the_time_and_nothing_else(room, running):
    room.timer = lambda: running
    async with phone(room) as stranger:  # not joined: the time is the room's, not a voter's
        async with stranger.get(room.url + "api/timer") as response:
            assert response.status == 200
            body = await response.json()
    assert body == {"state": "running", "remaining": 290, "total": 300,
                    "text": "Resterende tijd voor deze oefening"}
    async with phone(room) as fatima:
        await join(fatima, room, FATIMA)
        page = await (await fatima.get(room.url + "ballot")).text()
        timer = await (await fatima.get(room.url + "api/timer")).json()
    assert 'class="timer" data-state="running" data-remaining="290"' in page
    assert "04:50" in page
    joost = voter_row(room.store, room.round_id, JOOST)
    for secret in (joost["id"], joost["code"], joost["token"], JOOST, FATIMA):
        assert secret not in str(timer)
    # facilitator functions stay in the terminal: no route starts or stops the timer
    async with phone(room) as client:
        for verb in ("post", "put", "delete"):
            async with getattr(client, verb)(room.url + "api/timer") as response:
                assert response.status in (403, 405)
    assert running.state == "running"


async def test_without_a_timer_the_page_shows_none(room):
    async with phone(room) as client:
        page = await (await client.get(room.url)).text()
        body = await (await client.get(room.url + "api/timer")).json()
    assert body["state"] == "idle"
    assert 'class="timer" data-state="idle"' in page and " hidden>" in page


async def test_the_facilitator_runs_the_timer_by_keys_and_the_room_sees_it(demo_db):
    from screens.common.timer import TimerScreen
    from screens.ranking.room import RoomScreen
    from test_room_screen import open_room, room_app
    from test_ballot_screen import ready_round

    ready_round(demo_db)
    app = room_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_room(pilot)
        server = app.room
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, TimerScreen)
        assert "Ready" in screen_text(app)
        await pilot.press("3")  # three minutes
        assert app.timer.text() == "03:00"
        await pilot.press("space")
        await pilot.pause()
        assert app.timer.state == "running" and "also on the phones" in screen_text(app)
        async with aiohttp.ClientSession() as client:
            body = await (await client.get(server.url + "api/timer")).json()
        assert body["state"] == "running" and 175 <= body["remaining"] <= 180
        await pilot.press("plus")
        assert 235 <= app.timer.seconds() <= 240
        await pilot.press("space")  # pause
        assert app.timer.state == "paused"
        async with aiohttp.ClientSession() as client:
            body = await (await client.get(server.url + "api/timer")).json()
        assert body["state"] == "paused"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoomScreen) and app.timer.state == "paused"
        await pilot.press("ctrl+t", "x")
        assert (app.timer.state, app.timer.text()) == ("idle", "03:00")


async def test_the_timer_screen_counts_down_in_large_digits(demo_db):
    from textual.widgets import Digits

    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+t", "1", "space")
        await pilot.pause()
        digits = app.screen.query_one(Digits)
        assert digits.value in ("01:00", "00:59")
        assert digits.size.height == 3  # three rows tall, not one line of text
        app.timer._ends_at = app.timer.clock() + 0.3  # nearly up
        await wait_for(pilot, lambda: app.screen.query_one(Digits).value == "00:00")
        await wait_for(pilot, lambda: "Time is up" in screen_text(app))
