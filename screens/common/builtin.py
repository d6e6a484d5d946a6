"""Textual's own words in the user's language: the key descriptions of its screens and widgets
(shown by the help overlay and the footer), and the command palette's placeholder and "no
matches".

Textual writes them in English inside its classes. A description is looked up as
``textual.<its words in snake case>`` ("Focus Next" -> ``textual.focus_next``); the catalogue
holds those of the widgets datatrip uses, and a test walks them, so an upgrade of Textual that
adds one shows up as a failing test, not as English on the projector.
"""

from __future__ import annotations

import re
from dataclasses import replace

from textual.command import CommandPalette, CommandList
from textual.widgets.option_list import Option

from workshop_data.common.i18n import catalogue, language, t


def builtin_key(description: str) -> str:
    return "textual." + re.sub(r"[^a-z0-9]+", "_", description.lower()).strip("_")


def words(description: str) -> str:
    """A binding's description in the current language: a catalogue key (datatrip's own
    bindings), Textual's English words (its built-in ones), or else as it is."""
    if not description:
        return description
    table = catalogue(language())
    if description in table or description in catalogue("en"):
        return t(description)
    key = builtin_key(description)
    return t(key) if key in catalogue("en") else description


def translate_bindings(node) -> None:
    """Replace each binding's description (a catalogue key, or one of Textual's own English
    descriptions) by its text in the current language.

    Bindings are declared once per class, but the language is chosen at run time, so each
    instance translates its own copy. ``_bindings`` is per instance in Textual (pinned < 9).
    The untranslated ones are kept, so a language switch can translate them again.
    """
    table = node._bindings.key_to_bindings
    original = node.__dict__.setdefault("_untranslated_bindings", dict(table))
    for key, bindings in original.items():
        table[key] = [
            replace(b, description=words(b.description),
                    tooltip=words(b.tooltip) if b.tooltip else "")
            if b.description else b
            for b in bindings
        ]


class Palette(CommandPalette):
    """Textual's command palette, speaking the user's language."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=t("palette.placeholder"), **kwargs)
        translate_bindings(self)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own (pinned < 9) adds an English "No matches found"; the same, in words.
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(t("palette.no_matches"), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)
