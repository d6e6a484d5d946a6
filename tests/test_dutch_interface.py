"""With --lang nl nothing English is left: the dashboard, the help overlay and the command palette
(Textual's own words too), and the language can be switched inside the app."""

from __future__ import annotations

import re

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (Button, Checkbox, DataTable, Input, OptionList, Select,
                             SelectionList, Tree)

from apphelpers import make_app, palette_found, screen_text, wait_for, wait_ready
from screens.common.builtin import words
from screens.common.help import HelpScreen
from workshop_data.common.i18n import set_language

# What a Dutch room saw in English before (Textual's words, our plurals), and the words of
# Textual's own system commands; "Taal / Language" is bilingual on purpose and not listed.
ENGLISH = ["Search for commands", "Focus Next", "Focus Previous", "Copy selected text",
           "palette", "No matches", "Change theme", "Quit the application", "Keys",
           "Maximize", "Screenshot", "Theme", "Dashboard", "Help", "Quit", "Projector",
           "Go to", "participants", "tasks", "waiting to sync", "stakeholders came", "Select",
           "Show menu", "Cursor up", "Cursor down", "Cursor left", "Page down", "Scroll",
           "Toggle", "Submit", "Press "]


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}(?![a-zà-ÿ])", text)]


async def test_no_english_on_the_dashboard_in_help_and_in_the_palette(demo_db):
    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        dashboard = screen_text(app)
        assert "deelnemers" in dashboard and "1 wacht op verzending" in dashboard
        assert english_in(dashboard) == []

        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = screen_text(app)
        assert "Volgend veld" in help_text and "Selectie kopiëren" in help_text
        assert english_in(help_text) == []
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: "Ga naar Deelnemers" in screen_text(app))
        palette = screen_text(app)
        assert "Zoek een opdracht" in palette and "Ga naar Deelnemers" in palette
        assert english_in(palette) == []
        await pilot.press(*"xyzzy")
        await wait_for(pilot, lambda: "Niets gevonden" in screen_text(app))
        assert english_in(screen_text(app)) == []


async def test_help_of_every_screen_speaks_dutch(demo_db):
    """The help lists the focused widget's keys too (a table's, a search field's)."""
    from datatrip_tui.app import NAVIGATION

    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        for key, mode, _title in NAVIGATION:
            await pilot.press(key)
            await wait_for(pilot, lambda: app.current_mode == mode)
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            keys = str(app.screen.query(".help-keys").first().render())
            assert english_in(keys) == [], (mode, keys)
            await pilot.press("escape")


async def test_switching_language_by_key_and_palette(demo_db):
    app = make_app(demo_db, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert "participants" in screen_text(app)
        await pilot.press("f3")
        await wait_for(pilot, lambda: "deelnemers" in screen_text(app))
        assert "Hulp" in screen_text(app) and app.settings.language == "nl"

        await pilot.press("p")  # a screen of its own, switched back from the palette
        await wait_for(pilot, lambda: "Deelnemers —" in screen_text(app))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Taal")
        await wait_for(pilot, lambda: palette_found(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Participants —" in screen_text(app))
        assert app.current_mode == "participants" and app.settings.language == "en"
        from datatrip_tui.settings import Settings

        assert Settings.load().language == "en"


async def test_a_dialog_on_top_keeps_the_language(demo_db):
    """A switch rebuilds the screens; with the help (or a form) open it waits, saying so."""
    app = make_app(demo_db, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.settings.language == "en"


def test_textuals_own_key_descriptions_have_dutch_words():
    """Every description of the Textual classes datatrip shows, in Dutch: a new Textual word
    fails here instead of showing in English."""
    set_language("nl")
    missing = set()
    for cls in (App, Screen, CommandPalette, Input, DataTable, Tree, OptionList, Select,
                SelectionList, Button, Checkbox, VerticalScroll):
        for klass in cls.__mro__:
            for binding in klass.__dict__.get("BINDINGS", []):
                description = binding.description if isinstance(binding, Binding) \
                    else (binding[2] if len(binding) > 2 else "")
                if description and words(description) == description:
                    missing.add(f"{klass.__name__}: {description}")
    assert sorted(missing) == []
