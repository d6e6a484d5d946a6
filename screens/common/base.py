"""What every datatrip screen shares: translated key bindings, a help overlay, the store.

``TripModal`` and ``translate_bindings`` live in ``modal`` (re-exported here), so the help
overlay can be a ``TripModal`` without importing this module back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from workshop_data.common.i18n import t

from .help import HelpScreen
from .modal import TripModal, translate_bindings

__all__ = ["DataChanged", "TripModal", "TripScreen", "failure_message",
           "translate_bindings"]

if TYPE_CHECKING:
    from workshop_data.common.store import Store


def failure_message(error: BaseException, path: str = "") -> str | None:
    """The words for an error a user can act on (a locked or full trip file, a refused input),
    or None for a bug, which should still surface as one."""
    import sqlite3

    from workshop_data.common.errors import DatatripError

    if isinstance(error, DatatripError):
        return str(error)
    if isinstance(error, sqlite3.OperationalError):
        from workshop_data.common.store import storage_error

        return str(storage_error(error, path))
    return None


class DataChanged(Message):
    """Posted by a screen after it wrote to the trip file, so others (the dashboard) refresh."""


class TripScreen(Screen):
    """A screen that shows part of the open trip."""

    # Catalogue keys: the title in the header and the text of the help overlay.
    TITLE_KEY: ClassVar[str] = ""
    HELP_KEY: ClassVar[str] = ""
    BINDINGS = [
        Binding("question_mark,f1", "help", "key.help", key_display="?"),
    ]

    def __init__(self, store: Store | None = None, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        translate_bindings(self)
        if self.TITLE_KEY:
            self.title = t(self.TITLE_KEY)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(t(self.TITLE_KEY), t(self.HELP_KEY),
                                        self.active_bindings))

    def refresh_data(self) -> None:
        """Reload what the screen shows from the store; called on resume and on changes."""

    def on_screen_resume(self) -> None:
        if self.store is not None:
            self.refresh_data()
