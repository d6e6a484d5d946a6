"""What every datatrip screen shares: translated key bindings, a help overlay, the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen

from workshop_data.common.errors import NotFound
from workshop_data.common.i18n import t

if TYPE_CHECKING:
    from workshop_data.common.store import Store


def translate_bindings(node) -> None:
    """Replace each binding's description (a catalogue key) by its text in the current language.

    Bindings are declared once per class, but the language is chosen at run time, so each
    instance translates its own copy. ``_bindings`` is per instance in Textual (pinned < 9).
    """
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=t(b.description), tooltip=t(b.tooltip) if b.tooltip else "")
            if b.description else b
            for b in bindings
        ]


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


ATELIER_BINDING = Binding("A", "atelier", "key.atelier", show=False)


class TripScreen(Screen):
    """A screen that shows part of the open trip."""

    # Catalogue keys: the title in the header and the text of the help overlay.
    TITLE_KEY: ClassVar[str] = ""
    HELP_KEY: ClassVar[str] = ""
    # The atelier (1-4) this screen serves; a screen that sets it binds A to ``atelier``
    # (:data:`ATELIER_BINDING`) to edit its date, place and agenda.
    ATELIER: ClassVar[int] = 0

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
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(t(self.TITLE_KEY), t(self.HELP_KEY),
                                        self.active_bindings))

    def refresh_data(self) -> None:
        """Reload what the screen shows from the store; called on resume and on changes."""

    def action_atelier(self) -> None:
        """Edit this screen's atelier: date, place and agenda."""
        from .atelier import AtelierBar, atelier_form

        if not self.ATELIER or self.store is None:
            return

        def saved(row) -> None:
            if row is None:
                return
            for bar in self.query(AtelierBar):
                bar.show(self.store, self.ATELIER)
            self.post_message(DataChanged())
            self.notify(t("atelier.saved", number=self.ATELIER))

        self.app.push_screen(atelier_form(self.store, self.ATELIER), saved)

    def on_screen_resume(self) -> None:
        if self.store is not None:
            self.refresh_data()

    def undo_last(self, restore: Callable[[Any], Any], done: Callable[[Any], str],
                  nothing: str = "participants.nothing_to_undo") -> None:
        """Undo the newest delete on this screen's ``undo_stack``: restore it, select it, say
        so with ``done(restored)``. One that is gone meanwhile is passed over quietly."""
        stack = getattr(self, "undo_stack", None)
        if not stack:
            self.notify(t(nothing), severity="warning")
            return
        try:
            back = restore(stack.pop())
        except NotFound:
            return
        self.refresh_data(select=back.id)
        self.post_message(DataChanged())
        self.notify(done(back))


class TripModal(ModalScreen):
    """A modal dialog with translated bindings."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        translate_bindings(self)
