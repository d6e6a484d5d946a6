"""Keeping a participant inside ballot mode: no App key reaches a sealed screen, and leaving
needs the facilitator's confirmation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from workshop_data.i18n import t


class Sealed:
    """A screen whose keys never reach the App's bindings (priority ones included)."""

    @property
    def _binding_chain(self):
        return [(node, bindings) for node, bindings in super()._binding_chain
                if node is not self.app]


class LeaveConfirm(Sealed, ModalScreen[bool]):
    """Are you the facilitator? ``y`` leaves ballot mode, any other key stays."""

    DEFAULT_CSS = """
    LeaveConfirm { align: center middle; }
    #leave-box { width: 64; height: auto; border: thick $error; background: $surface;
                 padding: 1 2; }
    """

    def compose(self) -> ComposeResult:
        yield Static(t("ranking.ballot.leave_question"), id="leave-box")

    def on_key(self, event) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(event.key == "y")
