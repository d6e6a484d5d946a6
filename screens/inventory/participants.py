"""Participants: who takes part, from which department, in which role (never a code).

Keyboard only: ``a`` adds, ``enter`` edits, ``x`` deletes (soft; a participant's tasks and votes
go too, after a question saying how many) and ``u`` brings the last deleted participant back.
E-mail addresses are private: hidden until ``c`` shows them, so that the list can be projected
without showing anyone's contact details.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static

from workshop_data.common.i18n import t, tn
from workshop_data.inventory import people

from ..common.footer import WrapFooter
from ..common.form import Field, FormScreen
from ..common.record_list import (ADD_KEY, BACK_KEY, EDIT_KEY, SEARCH_KEY, UNDO_KEY,
                                  RecordListScreen, delete_key)


class ParticipantsScreen(RecordListScreen):
    TITLE_KEY = "participants.title"
    HELP_KEY = "participants.help"
    CSS_PATH = "participants.tcss"
    TABLE_ID = "participants"
    SEARCH_ID = "search"
    EMPTY_KEY = "records.empty.participants"

    BINDINGS = [
        ADD_KEY, EDIT_KEY, delete_key(), UNDO_KEY, SEARCH_KEY,
        Binding("c", "toggle_contacts", "key.contacts"),
        BACK_KEY,
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.show_contacts = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("participants.search_placeholder"), id="search")
        yield from self.record_table()
        yield Static("", id="status-line")
        yield WrapFooter()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        current = self.clear_table(select)
        table = self.table
        # No ballot code: credentials are per round and never shown here (projectable).
        columns = ["participants.name", "participants.department", "participants.role",
                   "participants.tasks"]
        if self.show_contacts:
            columns.append("participants.email")
        for key in columns:
            table.add_column(t(key), key=key)
        needle = self.search_text().casefold()
        task_counts = {row["participant_id"]: row["n"] for row in self.store.query(
            "SELECT participant_id, count(*) AS n FROM task WHERE deleted_at IS NULL "
            "GROUP BY participant_id")}
        everyone = self.store.participants.list()
        shown = 0
        for person in everyone:
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
            self.select(current)
        self.query_one("#status-line", Static).update(
            tn("participants.count", len(everyone), shown=shown, total=len(everyone))
            + ("   " + t("participants.contacts_shown") if self.show_contacts else ""))
        self.show_empty()

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

    def add_form(self) -> FormScreen:
        return self._form(t("participants.add_title"))

    def edit_form(self, record_id: str) -> FormScreen:
        person = self.store.participants.get(record_id)
        return self._form(t("participants.edit_title", name=person.name), person)

    def saved_message(self, saved) -> str:
        return t("participants.saved", name=saved.name)

    def delete_warning(self, record_id: str) -> str | None:
        tasks, votes = people.what_goes_with(self.store, record_id)
        if not tasks and not votes:
            return None  # nothing but the row: the undo is enough
        name = escape(self.store.participants.get(record_id).name)
        goes = [tn("records.n_tasks", tasks)] if tasks else []
        goes += [tn("records.n_votes", votes)] if votes else []
        return t("records.delete_participant", name=name,
                 what=t("records.and").join(goes))

    def delete_record(self, record_id: str):
        deleted = people.delete_participant(self.store, record_id)
        return deleted, t("participants.deleted", name=deleted.name)

    def restore_record(self, token):
        return people.restore_participant(self.store, token)

    def restored_message(self, back) -> str:
        return t("participants.restored", name=back.name)

    def action_toggle_contacts(self) -> None:
        self.show_contacts = not self.show_contacts
        self.refresh_data()
