"""Participants: who takes part, from which department, in which role (never a code).

Keyboard only: ``a`` adds, ``enter`` edits, ``x`` deletes (soft) and ``u`` brings the last deleted
participant back. E-mail addresses are private: hidden until ``c`` shows them, so that the list
can be projected without showing anyone's contact details.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from workshop_data.common.i18n import t

from ..common.base import DataChanged, TripScreen
from ..common.form import Field, FormScreen
from ..common.tables import current_key, move_to_key
from ..common.footer import WrapFooter


class ParticipantsScreen(TripScreen):
    TITLE_KEY = "participants.title"
    HELP_KEY = "participants.help"
    CSS_PATH = "participants.tcss"

    BINDINGS = [
        Binding("a", "add", "key.add"),
        Binding("enter,e", "edit", "key.edit", key_display="⏎"),
        Binding("x,delete", "delete", "key.delete"),
        Binding("u,ctrl+z", "undo", "key.undo"),
        Binding("slash", "search", "key.search", key_display="/"),
        Binding("c", "toggle_contacts", "key.contacts"),
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.show_contacts = False
        self.undo_stack: list[str] = []  # ids of soft-deleted participants, newest last

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("participants.search_placeholder"), id="search")
        yield DataTable(id="participants", cursor_type="row", zebra_stripes=True)
        yield Static("", id="status-line")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        current = select or self._current_id()
        table.clear(columns=True)
        # No ballot code: credentials are per round and never shown here (projectable).
        columns = ["participants.name", "participants.department", "participants.role",
                   "participants.tasks"]
        if self.show_contacts:
            columns.append("participants.email")
        for key in columns:
            table.add_column(t(key), key=key)
        needle = self.query_one("#search", Input).value.strip().casefold()
        task_counts = {row["participant_id"]: row["n"] for row in self.store.query(
            "SELECT participant_id, count(*) AS n FROM task WHERE deleted_at IS NULL "
            "GROUP BY participant_id")}
        people = self.store.participants.list()
        shown = 0
        for person in people:
            haystack = f"{person.name} {person.department} {person.role}"
            if needle and needle not in haystack.casefold():
                continue
            cells = [person.name, person.department, person.role,
                     Text(str(task_counts.get(person.id, 0)), justify="right")]
            if self.show_contacts:
                cells.append(person.email)
            table.add_row(*cells, key=person.id)
            shown += 1
        if current:
            self._select(current)
        self.query_one("#status-line", Static).update(
            t("participants.count", shown=shown, total=len(people))
            + ("   " + t("participants.contacts_shown") if self.show_contacts else ""))

    def _current_id(self) -> str | None:
        return current_key(self.query_one(DataTable))

    def _select(self, participant_id: str) -> None:
        move_to_key(self.query_one(DataTable), participant_id)

    # -- editing -------------------------------------------------------------------------------

    def _form(self, title: str, person=None) -> FormScreen:
        fields = [
            Field("name", t("participants.name"), value=person.name if person else ""),
            Field("department", t("participants.department"),
                  value=person.department if person else ""),
            Field("role", t("participants.role"), value=person.role if person else ""),
            Field("email", t("participants.email"), value=person.email if person else "",
                  private=True),
        ]
        if person is None:
            return FormScreen(title, fields, lambda values: self.store.participants.create(**values))
        return FormScreen(title, fields,
                          lambda values: self.store.participants.update(person.id, **values))

    def _after_save(self, saved) -> None:
        if saved is None:
            return
        self.refresh_data(select=saved.id)
        self.post_message(DataChanged())
        self.notify(t("participants.saved", name=saved.name))

    def action_add(self) -> None:
        self.app.push_screen(self._form(t("participants.add_title")), self._after_save)

    def action_edit(self) -> None:
        participant_id = self._current_id()
        if participant_id is None:
            return
        person = self.store.participants.get(participant_id)
        self.app.push_screen(self._form(t("participants.edit_title", name=person.name), person),
                             self._after_save)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (the table's own binding) edits it."""
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        participant_id = self._current_id()
        if participant_id is None:
            return
        person = self.store.participants.delete(participant_id)
        self.undo_stack.append(person.id)
        self.refresh_data()
        self.post_message(DataChanged())
        self.notify(t("participants.deleted", name=person.name))

    def action_undo(self) -> None:
        self.undo_last(self.store.participants.restore,
                       lambda person: t("participants.restored", name=person.name))

    def action_toggle_contacts(self) -> None:
        self.show_contacts = not self.show_contacts
        self.refresh_data()

    # -- searching -----------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(DataTable).focus()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            search.value = ""
            self.query_one(DataTable).focus()
