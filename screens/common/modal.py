"""Translated key bindings, and the modal dialog every datatrip dialog is built on.

Below ``base`` (the screen) and ``help`` (the overlay the screen pushes), so that neither has to
import the other to get them: the import graph of ``screens.common`` has no circle.
"""

from __future__ import annotations

from dataclasses import replace

from textual.screen import ModalScreen

from workshop_data.common.i18n import t


def translate_bindings(node) -> None:
    """Replace each binding's description (a catalogue key, or one of Textual's own English
    descriptions) by its text in the current language.

    Bindings are declared once per class, but the language is chosen at run time, so each
    instance translates its own copy. ``_bindings`` is per instance in Textual (pinned < 9).
    The untranslated ones are kept, so a language switch can translate them again.
    """
    from .builtin import words

    table = node._bindings.key_to_bindings
    original = node.__dict__.setdefault("_untranslated_bindings", dict(table))
    for key, bindings in original.items():
        table[key] = [
            replace(b, description=words(b.description),
                    tooltip=words(b.tooltip) if b.tooltip else "")
            if b.description else b
            for b in bindings
        ]


class TripModal(ModalScreen):
    """A modal dialog with translated bindings."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        translate_bindings(self)
