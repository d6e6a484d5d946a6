"""Invitations to the final atelier: who is asked, who said yes, who came.

``a`` puts stakeholders on the list (as candidates; ``n`` in the register does the same for one).
``]`` moves the selected invitation one step along candidate → invited → confirmed → attended,
the digits 1–5 set a status directly, ``!`` overrides the rules with a reason (``o`` is the
App's key for the prototypes). Every change is
dated in the log on the right. ``x`` takes an invitation off the list and ``u`` undoes the last
change. ``c`` shows contact details (facilitator only); ``l`` switches to the public list, which
never has them and leaves out candidates and those who declined.
"""

from __future__ import annotations

from datetime import datetime

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from workshop_data.stakeholders import invitations
from workshop_data.stakeholders import register as sh
from workshop_data.common.errors import NotFound, ValidationError
from workshop_data.common.i18n import t
from workshop_data.common.model import INVITATION_STATUSES

from ..common.footer import WrapFooter
from ..common.form import Field, FormScreen
from ..common.record_list import UNDO_KEY, RecordListScreen, delete_key
from .grid_layout import fit

STATUS_MARK = {"candidate": "·", "invited": "→", "confirmed": "✓", "attended": "●",
               "declined": "✗"}
STATUS_STYLE = {"candidate": "dim", "invited": "", "confirmed": "bold", "attended": "bold",
                "declined": "strike dim"}


def format_stamp(stamp: str | None, short: bool = False) -> str:
    """A log time in local time: '22 Oct 2026 14:05', or '22 Oct' when ``short``."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    day = f"{moment.day} {t(f'month.{moment.month}')}"
    return day if short else f"{day} {moment.year} {moment:%H:%M}"


def status_text(status: str) -> Text:
    return Text(f"{STATUS_MARK[status]} {t(f'invitation_status.{status}')}",
                style=STATUS_STYLE[status])


class InvitationsScreen(RecordListScreen):
    TITLE_KEY = "invitations.title"
    HELP_KEY = "invitations.help"
    CSS_PATH = "invitations.tcss"
    TABLE_ID = "inv-table"
    EMPTY_KEY = "records.empty.invitations"

    BINDINGS = [
        Binding("a", "add", "invitations.key_add"),
        Binding("right_square_bracket,greater_than_sign", "advance", "invitations.key_next",
                key_display="]"),
        *[Binding(str(n), f"set_status('{status}')", "invitations.key_set_status",
                  show=n == 1, key_display="1–5")
          for n, status in enumerate(INVITATION_STATUSES, start=1)],
        Binding("exclamation_mark", "override", "invitations.key_override", key_display="!"),
        delete_key("invitations.key_remove"),
        UNDO_KEY,
        Binding("c", "toggle_contacts", "key.contacts"),
        Binding("l", "toggle_public", "invitations.key_public"),
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.show_contacts = False
        self.public = False
        # undo_stack: ("removed", invitation id) or ("status", invitation id, status before)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="inv-counts")
        with Horizontal(id="inv-body"):
            yield DataTable(id="inv-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="inv-side"):
                yield Static("", id="inv-log-title")
                yield Static("", id="inv-log")
        yield self.empty_state()
        yield Static("", id="inv-status")
        yield WrapFooter()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        current = self.clear_table(select)
        table = self.table
        if self.public:
            self._fill_public(table)
        else:
            self._fill_facilitator(table)
            if current:
                self.select(current)
        counts = invitations.counts(self.store)
        if self.public:
            line = t("invitations.public_count",
                     count=sum(counts[status] for status in invitations.PUBLIC_STATUSES))
        else:
            line = " · ".join(f"{t(f'invitation_status.{status}')} [b]{counts[status]}[/b]"
                              for status in INVITATION_STATUSES)
            line += f"    [dim]{t('invitations.digits_hint')}[/dim]"
        self.query_one("#inv-counts", Static).update(line)
        if self.public:
            line = t("invitations.public_shown")
        else:
            line = t("invitations.facilitator_shown")
            if self.show_contacts:
                line += "   " + t("invitations.contacts_shown")
        self.query_one("#inv-status", Static).update(line)
        self.query_one("#inv-side").display = not self.public
        self._show_log()
        self.show_empty()

    def _fill_facilitator(self, table: DataTable) -> None:
        keys = ["invitations.col_name", "invitations.col_organisation", "invitations.col_status",
                "invitations.col_changed"]
        if self.show_contacts:
            keys.insert(2, "invitations.col_contact")
        for key in keys:
            table.add_column(t(key), key=key)
        for row in invitations.facilitator_list(self.store):
            cells = [Text(fit(row["name"], 30), style="bold"), fit(row["organisation"], 22),
                     status_text(row["status"]), format_stamp(row["changed_at"], short=True)]
            if self.show_contacts:
                cells.insert(2, row["contact"])
            table.add_row(*cells, key=row["invitation_id"])

    def _fill_public(self, table: DataTable) -> None:
        # what the room sees: from the public list only (the category stays in the data)
        for name in ("name", "organisation", "role", "status"):
            table.add_column(t(f"invitations.col_{name}"), key=name)
        for row in invitations.public_list(self.store):
            table.add_row(Text(fit(row["name"], 30), style="bold"), fit(row["organisation"], 20),
                          fit(row["role"], 26), status_text(row["status"]))

    def current_id(self) -> str | None:
        if self.public:
            return None
        return super().current_id()

    def on_data_table_row_highlighted(self, _event) -> None:
        self._show_log()

    def _show_log(self) -> None:
        title = self.query_one("#inv-log-title", Static)
        pane = self.query_one("#inv-log", Static)
        invitation_id = self.current_id()
        if invitation_id is None:
            title.update("")
            pane.update(t("invitations.no_selection") if not self.public else "")
            return
        try:
            invitation = self.store.invitations.get(invitation_id)
            who = self.store.stakeholders.get(invitation.stakeholder_id)
        except NotFound:
            return
        head = f"[b]{t('invitations.log_title', name=escape(who.name))}[/b]"
        owner = dict(sh.participant_choices(self.store)).get(who.owner_id)
        if owner:
            head += "\n" + t("grid.owner", name=escape(owner))
        title.update(head)
        lines = []
        for entry in reversed(invitations.log(self.store, invitation_id)):  # newest first
            new = t(f"invitation_status.{entry['to_status']}")
            old = entry["from_status"]
            change = (f"{t('invitation_status.' + old)} → [b]{new}[/b]" if old
                      else f"[b]{new}[/b]")
            lines.append(f"[dim]{format_stamp(entry['created_at'])}[/dim]\n  {change}")
            if entry["override"]:
                lines.append(f"  [b]⚠ {t('invitations.override_mark')}[/b]: "
                             f"{escape(entry['note'])}")
            elif entry["note"]:
                lines.append(f"  [i]{escape(entry['note'])}[/i]")
        following = invitations.TRANSITIONS[invitation.status]
        lines.append("")
        steps = t("invitations.or").join(t(f"invitation_status.{s}") for s in following)
        hint = t("invitations.next_steps", steps=steps) if following else t("invitations.final")
        lines.append(f"[dim]{hint}[/dim]")
        pane.update("\n".join(lines))

    # -- changing ------------------------------------------------------------------------------

    def _target(self) -> str | None:
        if self.public:
            self.notify(t("invitations.public_read_only"), severity="warning")
            return None
        invitation_id = self.current_id()
        if invitation_id is None:
            self.notify(t("invitations.no_selection"), severity="warning")
        return invitation_id

    def nothing_selected(self) -> None:
        self.notify(t("invitations.no_selection"), severity="warning")

    def _changed(self, invitation_id: str, before: str) -> None:
        self.undo_stack.append(("status", invitation_id, before))
        self.changed(invitation_id, "")

    def action_advance(self) -> None:
        invitation_id = self._target()
        if invitation_id is None:
            return
        before = self.store.invitations.get(invitation_id).status
        try:
            invitations.advance(self.store, invitation_id)
        except ValidationError as error:
            self.notify(error.message, severity="error", timeout=8)
            return
        self._changed(invitation_id, before)

    def action_set_status(self, status: str) -> None:
        invitation_id = self._target()
        if invitation_id is None:
            return
        before = self.store.invitations.get(invitation_id).status
        try:
            invitations.change_status(self.store, invitation_id, status)
        except ValidationError as error:
            self.notify(error.message, severity="error", timeout=8)
            return
        self._changed(invitation_id, before)

    def action_override(self) -> None:
        invitation_id = self._target()
        if invitation_id is None:
            return
        invitation = self.store.invitations.get(invitation_id)
        name = self.store.stakeholders.get(invitation.stakeholder_id).name
        fields = [
            Field("status", t("invitations.new_status"), kind="select",
                  value=invitation.status,
                  options=[(t(f"invitation_status.{s}"), s) for s in INVITATION_STATUSES]),
            Field("note", t("invitations.reason"), placeholder=t("invitations.reason_hint")),
        ]

        def save(values):
            return invitations.change_status(self.store, invitation_id, values["status"], override=True,
                                    note=values["note"] or "")

        def done(saved) -> None:
            if saved is not None:
                self._changed(invitation_id, invitation.status)

        self.app.push_screen(FormScreen(t("invitations.override_title", name=name), fields,
                                        save), done)

    def delete_record(self, record_id: str):
        invitation = self.store.invitations.delete(record_id)
        name = self.store.stakeholders.get(invitation.stakeholder_id).name
        return ("removed", record_id), t("invitations.removed", name=name)

    def action_undo(self) -> None:
        """Undoes a removal or a status change (the change back is itself logged)."""
        if not self.undo_stack:
            self.notify(t("participants.nothing_to_undo"), severity="warning")
            return
        entry = self.undo_stack.pop()
        try:
            if entry[0] == "removed":
                self.store.invitations.restore(entry[1])
            else:
                invitations.change_status(self.store, entry[1], entry[2], override=True,
                                 note=t("invitations.undo_note"))
        except (NotFound, ValidationError) as error:
            self.notify(str(error), severity="error")
            return
        self.changed(entry[1], t("invitations.undone"))

    def action_add(self) -> None:
        from .pick import PickModal

        on_list = {row["stakeholder_id"] for row in invitations.facilitator_list(self.store)}
        options = [(f"{v.stakeholder.name}  · {t(f'strategy.{v.strategy}')}", v.id)
                   for v in sh.register(self.store) if v.id not in on_list]
        if not options:
            self.notify(t("invitations.everyone_on_list"), severity="warning")
            return

        def done(result) -> None:
            if not result or not result[0]:
                return
            made = invitations.invite(self.store, sorted(result[0]))
            self.changed(made[0].id if made else None, t("invitations.added", count=len(made)))

        self.app.push_screen(PickModal(t("invitations.add_title"),
                                       [(t("invitations.add_list"), options, set())]), done)

    def action_toggle_contacts(self) -> None:
        if self.public:
            self.notify(t("invitations.public_no_contacts"), severity="warning")
            return
        self.show_contacts = not self.show_contacts
        self.refresh_data()

    def action_toggle_public(self) -> None:
        self.public = not self.public
        self.show_contacts = False
        self.refresh_data()
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        """The public list is for showing: its footer offers only the way back."""
        if self.public and action in ("add", "advance", "set_status", "override", "delete",
                                      "undo", "toggle_contacts"):
            return False
        return True
