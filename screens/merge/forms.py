"""The dialogs of the merge screen: confirm a merge, type a value for a conflicting field."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from workshop_data.common.i18n import t

from ..common.base import TripModal
from ..common.confirm import ConfirmModal


class MergeDialog(TripModal):
    """A small box in the middle of the screen: a question, then the keys that answer it."""

    DEFAULT_CSS = """
    MergeDialog { align: center middle; }
    MergeDialog > Vertical {
        width: 76; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    MergeDialog .confirm-keys { color: $text-muted; margin-top: 1; }
    """


class ConfirmMerge(ConfirmModal):
    """Merge these changes? ``y`` (or ``j``, enter) yes; ``n`` or escape no."""

    DEFAULT_CSS = """
    ConfirmMerge > Vertical {
        width: 76; height: auto; border: thick $accent; background: $surface; padding: 1 2;
    }
    ConfirmMerge .confirm-keys { color: $text-muted; margin-top: 1; }
    """
    KEYS_KEY = "merge.confirm_keys"
    BINDINGS = [
        Binding("y,j,enter", "answer(True)", "merge.key.yes"),
        Binding("n,escape", "answer(False)", "merge.key.no"),
    ]


class EditValue(MergeDialog):
    """The value of one conflicting field, typed in: enter keeps it, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "merge.key.no")]

    def __init__(self, question: str, value: str) -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="edit-question")
            yield Input(self.value, id="edit-value")
            yield Static(t("merge.edit_keys"), classes="confirm-keys")

    def on_mount(self) -> None:
        self.query_one("#edit-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
