"""The question asked when a dataset loses its last task: delete it, or keep it unlinked?"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from workshop_data.common.i18n import t

from ..common.base import TripModal


class LastLinkDialog(TripModal):
    """Dismissed with "delete", "keep" or None (escape: nothing happens)."""

    DEFAULT_CSS = """
    LastLinkDialog { align: center middle; }
    LastLinkDialog > Vertical {
        width: 72; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    LastLinkDialog .choices { margin-top: 1; }
    """
    BINDINGS = [
        # x deletes, as everywhere; keeping is the harmless answer, so it is enter. (d and k
        # are the dashboard and the tracker.)
        Binding("x", "choose('delete')", "key.delete_dataset"),
        Binding("enter", "choose('keep')", "key.keep_unlinked"),
        Binding("escape", "choose('')", "key.cancel"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.dataset_title = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("inventory.last_link", title=escape(self.dataset_title)))
            yield Static(t("inventory.last_link_choices"), classes="choices")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
