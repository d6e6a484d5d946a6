"""A yes/no question before a delete that takes more with it than the row itself."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from workshop_data.common.i18n import t

from .modal import TripModal


class ConfirmModal(TripModal):
    """Says what will happen; ``y`` (or Enter) goes ahead, ``n`` (or Escape) keeps everything.
    Dismisses with True or False."""

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 70%; max-width: 80; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmModal .confirm-keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "records.key_yes", key_display="y"),
        Binding("n,escape", "answer(False)", "records.key_no", key_display="n"),
    ]

    KEYS_KEY = "records.confirm_keys"  # catalogue key: the line that says which keys answer

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="confirm-question")
            yield Static(t(self.KEYS_KEY), classes="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
