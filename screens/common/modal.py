"""Translated key bindings, and the modal dialog every datatrip dialog is built on.

Below ``base`` (the screen) and ``help`` (the overlay the screen pushes), so that neither has to
import the other to get them: the import graph of ``screens.common`` has no circle.
"""

from __future__ import annotations

from textual.screen import ModalScreen

from .builtin import translate_bindings


class TripModal(ModalScreen):
    """A modal dialog with translated bindings."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        translate_bindings(self)
