"""Nothing cut on a projector: at 120x36 and 100x30, in Dutch and English, every key the footer
offers is there whole, and tables fit their width; ticked choices are told by a mark, not by
colour alone."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.widgets import DataTable

from apphelpers import make_app, screen_text, wait_ready
from screens.common.footer import WrapFooter

# screen key -> what to press there first
SCREENS = {"d": (), "p": (), "t": (), "k": (), "r": (), "s": (), "g": (), "i": (), "v": (),
           "o": (), "b": (), "E": (), "M": ()}
SIZES = [(120, 36), (100, 30)]


@asynccontextmanager
async def opened(db, size, *keys: str, language: str = "nl"):
    """The app on the trip, at this terminal size, after pressing these keys."""
    app = make_app(db, language=language)
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        await pilot.press(*keys)
        await pilot.pause(0.2)
        yield app, pilot


def shown_keys(app) -> list[tuple[str, str]]:
    """(key as shown, description) of every binding the footer should show."""
    seen, keys = set(), []
    for _key, active in app.screen.active_bindings.items():
        binding = active.binding
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            keys.append((app.get_key_display(binding), binding.description))
    return keys


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_footer_whole(app) -> None:
    """Every key the screen offers is in the footer, key and words, within the screen."""
    for key in app.screen.query_one(WrapFooter).query("FooterKey"):
        assert key.region.right <= app.size.width, f"{key.description} runs off the screen"
        assert key.region.width >= len(key.key_display) + 1 + len(key.description)
    text = squash(screen_text(app))
    missing = [f"{shown} {what}" for shown, what in shown_keys(app)
               if f"{shown} {what}" not in text]
    assert not missing, f"not in the footer: {missing}"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", SCREENS)
async def test_every_footer_key_shows_whole(demo_db, screen, size, language):
    async with opened(demo_db, size, screen, *SCREENS[screen], language=language) as (app, _):
        assert_footer_whole(app)


@pytest.mark.parametrize("screen", ["p", "k", "r", "i", "b", "s"])
async def test_tables_fit_120_columns_in_dutch(demo_db, screen):
    async with opened(demo_db, (120, 36), screen) as (app, _):
        for table in app.screen.query(DataTable):
            assert table.virtual_size.width <= table.scrollable_content_region.width, table.id


async def test_invitations_status_reads_whole_at_100_columns(demo_db):
    async with opened(demo_db, (100, 30), "i") as (app, _):
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert "· kandidaat" in screen_text(app)


async def test_the_dashboard_lists_every_screen_at_100x30(demo_db):
    from datatrip_tui.app import NAVIGATION
    from workshop_data.common.i18n import t

    async with opened(demo_db, (100, 30)) as (app, _):
        navigation = app.screen.query_one("#navigation")
        assert navigation.display and navigation.region.bottom <= 30 - 1  # above the footer
        text = squash(screen_text(app))
        for key, _mode, title in NAVIGATION:
            assert f"{key} {t(title)}" in text


# -- marks -------------------------------------------------------------------------------------

def format_line(app, words: str) -> str:
    return next(line for line in screen_text(app).splitlines() if words in line)


async def test_export_formats_show_a_tick_not_a_colour(demo_db):
    async with opened(demo_db, (100, 30), "E") as (app, pilot):
        before = format_line(app, "Excel-werkmap")
        await pilot.press("1")
        await pilot.pause()
        after = format_line(app, "Excel-werkmap")
        assert ("✔" in before) != ("✔" in after)
        assert ("☐" in before) != ("☐" in after)
        assert "▐X▌" not in screen_text(app)
        public = format_line(app, "Openbaar")
        await pilot.press("u")
        await pilot.pause()
        assert format_line(app, "Openbaar") != public
        assert {"✔", "☐"} & set(format_line(app, "Openbaar"))


async def test_the_links_dialog_ticks_with_a_mark(demo_db):
    async with opened(demo_db, (100, 30), "s", "l") as (app, pilot):
        first = screen_text(app).count("✔")
        await pilot.press("space")
        await pilot.pause()
        assert abs(screen_text(app).count("✔") - first) == 1
        assert "▐X▌" not in screen_text(app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_room_on_the_projector_shows_its_qr_address_and_keys_whole(demo_db, size):
    """The room's screen (its address and room code are new every time, so no snapshot): the QR
    code, the address and every footer key within the screen, in Dutch."""
    from test_ballot_screen import ready_round
    from test_room_screen import open_room, room_app

    ready_round(demo_db)
    app = room_app(demo_db, language="nl")
    async with app.run_test(size=size) as pilot:
        await open_room(pilot)
        await pilot.pause(0.2)
        screen = app.screen
        footer_top = screen.query_one(WrapFooter).region.y
        for name in ("#qr", "#join-url"):
            widget = screen.query_one(name)
            assert widget.region.bottom <= footer_top, f"{name} runs under the footer"
            assert widget.region.height >= widget.virtual_size.height, f"{name} is cut"
        assert app.room.url in squash(screen_text(app))
        assert_footer_whole(app)
        await pilot.press("x")  # the room closes: the port is free again
        await pilot.pause()
