"""The exercise timer on a phone, in a real browser (Debian's Chromium through Playwright):
the countdown shows large above the ballot, runs down by itself and follows a pause."""

from __future__ import annotations

from apphelpers import voter_row
from test_room_browser import PHONE, browser, pytestmark  # noqa: F401  (fixture, skip mark)
from test_room_http import room  # noqa: F401
from workshop_data.common.timer import Countdown


async def test_the_phone_shows_the_countdown_and_follows_a_pause(room, browser):
    timer = Countdown(120)
    room.timer = lambda: timer
    context = await browser.new_context(**PHONE)
    page = await context.new_page()
    await page.goto(room.url + "v/" + voter_row(room.store, room.round_id)["token"])
    clock = page.locator(".timer .clock")
    assert not await page.locator(".timer").is_visible()  # nothing runs: nothing shown
    timer.start_or_pause()
    await page.locator(".timer").wait_for(state="visible", timeout=5000)
    first = await clock.inner_text()
    assert first in ("02:00", "01:59", "01:58")
    size = await clock.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 48  # large: readable at arm's length
    await page.wait_for_function(
        "t => document.querySelector('.timer .clock').textContent !== t", arg=first,
        timeout=5000)  # runs down by itself between the laptop's answers
    timer.start_or_pause()  # the facilitator pauses
    await page.locator('.timer[data-state="paused"]').wait_for(timeout=5000)
    assert "staat stil" in await page.locator(".timer-state").inner_text()
    await context.close()
