"""The phone page in a real browser: Debian's Chromium, driven by Playwright, at a phone's size.

A participant opens the personal link of their card, taps a score for every question, sends,
and sees "received"; the laptop holds every answer. Without JavaScript the same page posts a
plain form. Skipped (with the reason) where Chromium is not installed; ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil

import pytest

from apphelpers import db_rows, voter_row
from test_room_http import room  # noqa: F401  (the fixture: a room served on 127.0.0.1)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
# As the probe of this machine starts it: no background calls to a network that is not there.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

_MISSING = not shutil.which("chromium") and not os.path.exists(CHROMIUM)
if _MISSING and os.environ.get("DATATRIP_REQUIRE_BROWSER"):  # CI: a missing browser fails
    raise RuntimeError("Debian's chromium is not installed (apt-get install chromium)")
pytestmark = pytest.mark.skipif(_MISSING, reason="Debian's chromium is not installed "
                                "(apt-get install chromium)")


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, headless=True,
                                               args=FLAGS)
        yield browser
        await browser.close()


def answers(server) -> list[float]:
    voter = voter_row(server.store, server.round_id)
    return [r[0] for r in db_rows(server.store.path, "SELECT value FROM vote WHERE "
                                  "ballot_code = ? AND deleted_at IS NULL", voter["id"])]


async def test_a_phone_votes_and_sees_received(room, browser, tmp_path):
    context = await browser.new_context(**PHONE)
    page = await context.new_page()
    card = voter_row(room.store, room.round_id)
    await page.goto(room.url + "v/" + card["token"])
    assert page.url.endswith("/ballot")  # the token left the address bar
    assert await page.locator("section.item").count() == 4
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing sideways on a small phone
    for fieldset in await page.locator("fieldset").all():
        await fieldset.locator("label", has_text="4").first.tap()
    assert "0 " not in (await page.locator(".left").inner_text())  # nothing left to choose
    box = await page.locator("button[type=submit]").first.bounding_box()
    assert box["height"] >= 44  # a thumb's target
    await page.locator("button[type=submit]").first.tap()
    await page.locator("p.received").wait_for(timeout=5000)
    assert "Ontvangen" in await page.locator("p.received").inner_text()
    assert "telt mee" in await page.locator(".state").inner_text()
    assert answers(room) == [4.0] * 8
    await page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    await context.close()


async def test_without_javascript_the_form_still_votes(room, browser):
    context = await browser.new_context(java_script_enabled=False, **PHONE)
    page = await context.new_page()
    await page.goto(room.url)
    await page.fill("#code", voter_row(room.store, room.round_id)["code"].lower())
    await page.click("form.join button")
    assert page.url.endswith("/ballot")
    for fieldset in await page.locator("fieldset").all():
        await fieldset.locator("label", has_text="2").first.click()
    await page.click("form.ballot button[type=submit]")
    assert "sent=1" in page.url
    assert "Ontvangen" in await page.locator("p.received").inner_text()
    assert answers(room) == [2.0] * 8
    await context.close()
