"""The list screen every record list is built on: participants, stakeholders, prototypes,
invitations, ranking rounds.

A DataTable of records with the same keys everywhere: ``a`` adds, ``enter`` (or ``e``) edits,
``x`` (or ``delete``) deletes softly, ``u`` (or ``ctrl+z``) brings the last delete back, ``/``
goes to the filter and ``escape`` back to the table. A delete that takes more than the row with it
(a participant's tasks and votes) asks first. An empty list says what to press instead of
showing an empty grid.

A screen configures it: the class attributes below, the bindings it offers (in the order its
footer shows them, from the ``*_KEY`` bindings here) and a few methods: ``add_form`` and
``edit_form`` (the dialog to push), ``saved_message``, ``delete_record`` / ``restore_record``
and their messages, and ``delete_warning`` when a delete should be confirmed. The screen keeps
its own ``compose`` (its looks) and calls ``show_empty()`` at the end of ``refresh_data``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from workshop_data.common.errors import NotFound
from workshop_data.common.i18n import t

from .base import DataChanged, TripScreen
from .tables import current_key, move_to_key
from .typeahead import focus_now

ADD_KEY = Binding("a", "add", "key.add")
EDIT_KEY = Binding("enter,e", "edit", "key.edit", key_display="⏎")
UNDO_KEY = Binding("u,ctrl+z", "undo", "key.undo")
SEARCH_KEY = Binding("slash", "search", "key.search", key_display="/")
BACK_KEY = Binding("escape", "back_to_table", "key.back", show=False)


def delete_key(description: str = "key.delete") -> Binding:
    """``x`` deletes on every list screen (``delete`` too, for those who look for it)."""
    return Binding("x,delete", "delete", description, key_display="x")


class RecordListScreen(TripScreen):
    TABLE_ID: ClassVar[str] = "records"
    SEARCH_ID: ClassVar[str | None] = None  # the filter Input's id, when the screen has one
    EMPTY_KEY: ClassVar[str] = ""  # catalogue key: nothing here yet, and what to press
    NO_MATCH_KEY: ClassVar[str] = "records.no_match"
    NOTHING_TO_UNDO_KEY: ClassVar[str] = "participants.nothing_to_undo"

    DEFAULT_CSS = """
    RecordListScreen .empty-state { display: none; height: auto; margin: 0 1; padding: 1 1;
                                    color: $text-muted; }
    RecordListScreen .empty-state.-shown { display: block; }
    """

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.undo_stack: list[Any] = []  # what restore_record needs, newest last
        self._confirmed: str | None = None  # the record a "yes" in the question deletes

    # -- what a screen fills in ------------------------------------------------------------------

    def add_form(self):
        """The dialog that adds a record (dismissed with the saved row), or None."""
        return None

    def edit_form(self, record_id: str):
        return None

    def saved_message(self, saved) -> str:
        return ""

    def delete_warning(self, record_id: str) -> str | None:
        """A question to confirm before deleting, when more than the row goes; None: no need."""
        return None

    def delete_record(self, record_id: str) -> tuple[Any, str]:
        """Delete; return what ``restore_record`` needs and the message to show."""
        raise NotImplementedError

    def restore_record(self, token: Any):
        """Bring back what ``delete_record`` took; return the row (it has an ``id``)."""
        raise NotImplementedError

    def restored_message(self, back) -> str:
        return ""

    def filter_active(self) -> bool:
        return bool(self.search_text())

    def nothing_selected(self) -> None:
        """A key that needs a row was pressed on an empty list (the empty line says why)."""

    # -- the table -------------------------------------------------------------------------------

    @property
    def table(self) -> DataTable:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def record_table(self):
        """The table and, below it, its empty state: what a screen yields in its compose."""
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield self.empty_state()

    def clear_table(self, select: str | None = None) -> str | None:
        """Empty the table (columns too) for a refresh; the row to select again afterwards."""
        current = select or self.current_id()
        self.table.clear(columns=True)
        return current

    def empty_state(self) -> Static:
        """The line shown instead of an empty list; a screen yields it where it fits."""
        return Static("", id="empty-state", classes="empty-state")

    def on_mount(self) -> None:
        self.table.focus()

    def current_id(self) -> str | None:
        return current_key(self.table)

    def select(self, record_id: str) -> bool:
        return move_to_key(self.table, record_id)

    def show_empty(self) -> None:
        """After a refresh: an empty table gives its room to a line saying what to press."""
        table = self.table
        empty = table.row_count == 0
        table.styles.height = "auto" if empty else None
        line = self.query_one("#empty-state", Static)
        line.set_class(empty, "-shown")
        if empty:
            line.update(t(self.NO_MATCH_KEY) if self.filter_active() else t(self.EMPTY_KEY))

    def changed(self, select: str | None, message: str) -> None:
        """After a write: show it, tell the other screens, say what happened."""
        self.refresh_data(select=select)
        self.post_message(DataChanged())
        if message:
            self.notify(message)

    # -- adding and editing ----------------------------------------------------------------------

    def _saved(self, saved) -> None:
        if saved is not None:
            self.changed(saved.id, self.saved_message(saved))

    def action_add(self) -> None:
        form = self.add_form()
        if form is not None:
            self.app.push_screen(form, self._saved)

    def action_edit(self) -> None:
        record_id = self.current_id()
        form = self.edit_form(record_id) if record_id is not None else None
        if form is not None:
            self.app.push_screen(form, self._saved)

    def row_chosen(self) -> None:
        """Enter on a row (the table's own binding): edit it, unless a screen says otherwise."""
        self.action_edit()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.row_chosen()

    # -- deleting and undoing --------------------------------------------------------------------

    def action_delete(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            self.nothing_selected()
            return
        question = self.delete_warning(record_id)
        if question is None:
            self._delete(record_id)
            return
        from .confirm import ConfirmModal

        async def answered(yes: bool | None) -> None:
            if yes:
                self._confirmed = record_id
                # as an action, so a write the trip file refuses (locked) is said in words,
                # like any key's
                await self.run_action("delete_confirmed")

        self.app.push_screen(ConfirmModal(question), answered)

    def action_delete_confirmed(self) -> None:
        record_id, self._confirmed = self._confirmed, None
        if record_id is not None:
            self._delete(record_id)

    def _delete(self, record_id: str) -> None:
        token, message = self.delete_record(record_id)
        self.undo_stack.append(token)
        self.changed(None, message)

    def action_undo(self) -> None:
        """Undo the newest delete: restore it, select it, say so. One that is gone meanwhile
        (another laptop's merge) is passed over quietly."""
        if not self.undo_stack:
            self.notify(t(self.NOTHING_TO_UNDO_KEY), severity="warning")
            return
        try:
            back = self.restore_record(self.undo_stack.pop())
        except NotFound:
            return
        self.changed(back.id, self.restored_message(back))

    # -- the filter ------------------------------------------------------------------------------

    def search_text(self) -> str:
        if self.SEARCH_ID is None:
            return ""
        return self.query_one(f"#{self.SEARCH_ID}", Input).value.strip()

    def search_changed(self, text: str) -> None:
        """The filter text changed (a screen keeping a filter object copies it here)."""

    def action_search(self) -> None:
        if self.SEARCH_ID is not None:
            focus_now(self.query_one(f"#{self.SEARCH_ID}", Input))

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.SEARCH_ID is not None and event.input.id == self.SEARCH_ID:
            self.search_changed(event.value)
            self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.SEARCH_ID is not None and event.input.id == self.SEARCH_ID:
            self.table.focus()

    def action_back_to_table(self) -> None:
        if self.SEARCH_ID is not None:
            search = self.query_one(f"#{self.SEARCH_ID}", Input)
            if search.has_focus and search.value:
                search.value = ""
        self.table.focus()
