"""The stakeholder register (atelier 2): who the participants deal with, and whom to involve.

Keyboard only, like the participants: ``a`` adds, ``enter`` edits, ``x`` deletes (soft; the
stakeholder's invitation goes with it) and ``u`` brings it back. ``/`` searches, ``f`` goes to the
participant and category filters, ``l`` edits the datasets and participants linked to the selected
stakeholder, ``n`` puts it on the invitation list. Contact details are private: hidden until ``c``
shows them. The strategy column is derived from influence and interest, never typed.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Input, Select, Static

from workshop_data.stakeholders import invitations, ladder
from workshop_data.stakeholders import register as sh
from workshop_data.common.i18n import t, tn
from workshop_data.common.model import ATTITUDES, CATEGORIES

from ..common.footer import WrapFooter
from ..common.form import Field, FormScreen
from ..common.record_list import (ADD_KEY, BACK_KEY, EDIT_KEY, SEARCH_KEY, UNDO_KEY,
                                  RecordListScreen, delete_key)
from .grid_layout import fit
from .grid_widget import ATTITUDE_GLYPH

COLUMNS = ("stakeholders.col_name", "stakeholders.col_organisation", "stakeholders.col_category",
           "stakeholders.col_influence", "stakeholders.col_interest", "stakeholders.col_strategy",
           "stakeholders.col_attitude", "stakeholders.col_invitation")
# Left out, in this order, while the table is wider than the screen (eight columns need about
# 125): the attitude becomes its mark before the name, then the category and the organisation
# go; with the contacts shown on a projector's 100 columns also the invitation and the
# strategy. The detail below the table says them for the selected stakeholder, the edit form
# has them all, and a legend says what the marks mean.
SPARE = ("stakeholders.col_attitude", "stakeholders.col_category",
         "stakeholders.col_organisation", "stakeholders.col_invitation",
         "stakeholders.col_strategy")
CONTACT = (30, 40)  # the contacts column's least and most cells
LABELLED = ("stakeholders.col_invitation", "stakeholders.col_strategy")  # "Strategie: ..."


def score_options() -> list[tuple[str, int]]:
    return [(f"{n}  {t(f'stakeholders.level.{n}')}", n) for n in sh.SCALE]


class StakeholdersScreen(RecordListScreen):
    TITLE_KEY = "stakeholders.title"
    HELP_KEY = "stakeholders.help"
    CSS_PATH = "register.tcss"
    TABLE_ID = "sh-table"
    SEARCH_ID = "sh-search"
    EMPTY_KEY = "records.empty.stakeholders"

    BINDINGS = [
        ADD_KEY, EDIT_KEY, delete_key(), UNDO_KEY,
        Binding("l", "links", "stakeholders.key_links"),
        Binding("n", "invite", "stakeholders.key_invite"),
        SEARCH_KEY,
        Binding("f", "filter", "stakeholders.key_filter"),
        Binding("c", "toggle_contacts", "key.contacts"),
        BACK_KEY,
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.show_contacts = False
        self.flt = sh.Filter()
        self._people_options: list[tuple[str, str]] = []
        self._views: dict[str, sh.StakeholderView] = {}
        self._hidden: frozenset[str] = frozenset()
        self._contact_width = CONTACT[1]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="sh-filters"):
            yield Input(placeholder=t("stakeholders.search_placeholder"), id="sh-search")
            yield Select([], prompt=t("stakeholders.any_participant"), id="sh-participant")
            yield Select([(t(f"category.{c}"), c) for c in CATEGORIES],
                         prompt=t("stakeholders.any_category"), id="sh-category")
        yield from self.record_table()
        with Horizontal(id="sh-detail"):
            yield Static("", id="sh-about")
            yield Static("", id="sh-datasets")
            yield Static("", id="sh-people")
        yield Static("", id="sh-status")
        yield WrapFooter()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        people = self.query_one("#sh-participant", Select)
        options = [(name, pid) for pid, name in sh.participant_choices(self.store)]
        if options != self._people_options:  # setting options fires Changed: only when new
            self._people_options = options
            chosen = people.value
            people.set_options(options)
            if chosen is not Select.BLANK and chosen in {pid for _n, pid in options}:
                people.value = chosen
        current = self.clear_table(select)
        table = self.table
        views = sh.register(self.store, self.flt)
        self._hidden, self._contact_width = self._fit_columns(views)
        # more than the attitude's mark left out: the detail gets a line for them, and room
        self.set_class(len(self._hidden) > 1, "-spare")
        for key in self._keys(self._hidden):
            table.add_column(t(key), key=key)
        for view in views:
            cells = self._cells(view, self._hidden, self._contact_width)
            table.add_row(*cells.values(), key=view.id)
        if current:
            self.select(current)
        self._views = {view.id: view for view in views}
        self._show_detail()
        total = self.store.stakeholders.count()
        line = tn("stakeholders.count", total, shown=len(views), total=total)
        if self.flt.active:
            line += "   " + t("stakeholders.filtered")
        if self.show_contacts:
            line += "   " + t("stakeholders.contacts_shown")
        if "stakeholders.col_attitude" in self._hidden:  # what the marks before the names mean
            line += "   " + " · ".join(f"{glyph} {t(f'attitude.{a}')}"
                                       for a, glyph in ATTITUDE_GLYPH.items())
        self.query_one("#sh-status", Static).update(line)
        self.show_empty()

    def filter_active(self) -> bool:
        return self.flt.active

    def _keys(self, hidden) -> list[str]:
        keys = [key for key in COLUMNS if key not in hidden]
        if self.show_contacts:  # beside the name, so it is in view on a narrow screen too
            keys.insert(keys.index("stakeholders.col_name") + 1 + (
                "stakeholders.col_organisation" in keys), "stakeholders.col_contact")
        return keys

    def _fit_columns(self, views) -> tuple[frozenset[str], int]:
        """The SPARE columns to leave out so that the table fits the screen's width, and the
        cells the contacts get (an address whole where it can be, cut with … where not)."""
        room = (self.size.width or self.app.size.width) - 4  # the margins and a scrollbar
        hidden: set[str] = set()
        for spare in (None, *SPARE):
            if spare is not None:
                hidden.add(spare)
            rows = [self._cells(view, hidden, CONTACT[1]) for view in views]
            widths = {key: 2 + max([cell_len(t(key))] + [cell_len(str(row[key])) for row in rows])
                      for key in self._keys(hidden)}  # + a cell's padding either side
            contact = widths.pop("stakeholders.col_contact", 0)
            left = room - sum(widths.values())
            if left >= min(contact, 2 + CONTACT[0]):
                break
        return frozenset(hidden), max(CONTACT[0], min(CONTACT[1], left - 2))

    def on_resize(self) -> None:
        views = list(self._views.values())
        if self.store is not None and \
                self._fit_columns(views) != (self._hidden, self._contact_width):
            self.refresh_data()

    def _cells(self, view: sh.StakeholderView, hidden, contact_width: int) -> dict:
        """The row's cells by column, in the order of the columns shown."""
        s = view.stakeholder
        strategy = view.strategy
        status = view.invitation_status
        glyph = ATTITUDE_GLYPH.get(s.attitude, "")
        name = Text()
        if "stakeholders.col_attitude" in hidden:
            name.append(f"{glyph} ")
        name.append(fit(s.name, 26), style="bold")
        cells = {
            "stakeholders.col_name": name,
            "stakeholders.col_organisation": fit(s.organisation, 16),
            "stakeholders.col_contact": fit(s.contact, contact_width),
            "stakeholders.col_category": fit(t(f"category.{s.category}"), 15),
            "stakeholders.col_influence": Text(str(s.influence), justify="center"),
            "stakeholders.col_interest": Text(str(s.interest), justify="center"),
            "stakeholders.col_strategy": Text(
                t(f"strategy.{strategy}"), style="bold" if strategy == "manage_closely" else ""),
            "stakeholders.col_attitude": f"{glyph} {t(f'attitude.{s.attitude}')}",
            "stakeholders.col_invitation": t(f"invitation_status.{status}") if status else "",
        }
        return {key: cells[key] for key in self._keys(hidden)}

    def on_data_table_row_highlighted(self, _event) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Below the table: role, relation, engagement, notes, and what it is linked to."""
        view = self._views.get(self.current_id())
        about = self.query_one("#sh-about", Static)
        data = self.query_one("#sh-datasets", Static)
        people = self.query_one("#sh-people", Static)
        if view is None:
            about.update(t("stakeholders.none_selected"))
            data.update("")
            people.update("")
            return
        s = view.stakeholder
        lines = [f"[b]{escape(s.name)}[/b]"]
        if self._hidden:  # what the table has no room for, for the selected stakeholder
            lines.append(self._hidden_values(view))
        if s.role:
            lines.append(escape(s.role))
        if view.owner_name:
            lines.append(t("grid.owner", name=escape(view.owner_name)))
        lines.append(f"[b]{t('grid.engagement')}[/b]")
        lines.append(t("grid.engagement_now", value=ladder.label(s.current_engagement)))
        lines.append(t("grid.engagement_wanted", value=ladder.label(s.desired_engagement)))
        if s.engagement_note:  # what was typed before the ladder and named no rung
            lines.append(f"[dim]{escape(s.engagement_note)}[/dim]")
        if s.notes:
            lines.append(f"[i]{escape(s.notes)}[/i]")
        about.update("\n".join(lines))
        titles = sorted((d.title for d in self.store.datasets.list()
                         if d.id in view.dataset_ids), key=str.casefold)
        names = sorted((name for pid, name in sh.participant_choices(self.store)
                        if pid in view.participant_ids), key=str.casefold)
        for pane, heading, items in ((data, "stakeholders.links_datasets", titles),
                                     (people, "stakeholders.links_participants", names)):
            text = [f"[b]{t(heading)} ({len(items)})[/b]"]
            text += [f"• {escape(item)}" for item in items] or [
                f"[dim]{t('stakeholders.none_linked')}[/dim]"]
            pane.update("\n".join(text))

    def _hidden_values(self, view: sh.StakeholderView) -> str:
        """What the table leaves out for want of room, in words, for the selected stakeholder."""
        s, status = view.stakeholder, view.invitation_status
        values = {"stakeholders.col_organisation": s.organisation,
                  "stakeholders.col_category": t(f"category.{s.category}"),
                  "stakeholders.col_attitude":
                      f"{ATTITUDE_GLYPH.get(s.attitude, '')} {t(f'attitude.{s.attitude}')}",
                  "stakeholders.col_strategy": t(f"strategy.{view.strategy}"),
                  "stakeholders.col_invitation":
                      t(f"invitation_status.{status}") if status else ""}
        shown = [f"{t(key)}: {values[key]}" if key in LABELLED else values[key]
                 for key in COLUMNS if key in self._hidden and values.get(key)]
        return escape(" · ".join(shown))

    # -- editing -------------------------------------------------------------------------------

    def _form(self, title: str, s=None) -> FormScreen:
        def value(name, default=""):
            return getattr(s, name) if s is not None else default

        people = [(name, pid) for pid, name in sh.participant_choices(self.store)]
        fields = [
            Field("name", t("stakeholders.col_name"), value=value("name")),
            Field("organisation", t("stakeholders.col_organisation"),
                  value=value("organisation")),
            Field("category", t("stakeholders.col_category"), kind="select",
                  value=value("category", "other"),
                  options=[(t(f"category.{c}"), c) for c in CATEGORIES]),
            Field("role", t("stakeholders.role"), value=value("role")),
            Field("influence", t("stakeholders.influence"), kind="select",
                  value=value("influence", 3), options=score_options()),
            Field("interest", t("stakeholders.interest"), kind="select",
                  value=value("interest", 3), options=score_options()),
            Field("attitude", t("stakeholders.col_attitude"), kind="select",
                  value=value("attitude", "neutral"),
                  options=[(t(f"attitude.{a}"), a) for a in ATTITUDES]),
            Field("current_engagement", t("stakeholders.current_engagement"), kind="select",
                  value=value("current_engagement") or None, options=ladder.options()),
            Field("desired_engagement", t("stakeholders.desired_engagement"), kind="select",
                  value=value("desired_engagement") or None, options=ladder.options()),
            Field("owner_id", t("stakeholders.owner"), kind="select",
                  value=value("owner_id", None), options=people),
            Field("notes", t("stakeholders.notes"), value=value("notes")),
            Field("contact", t("stakeholders.col_contact"), value=value("contact"),
                  private=True),
        ]
        if s is None:
            return FormScreen(title, fields,
                              lambda values: sh.create_stakeholder(self.store, **values))
        return FormScreen(title, fields,
                          lambda values: sh.update_stakeholder(self.store, s.id, **values))

    def add_form(self) -> FormScreen:
        return self._form(t("stakeholders.add_title"))

    def edit_form(self, record_id: str) -> FormScreen:
        s = self.store.stakeholders.get(record_id)
        return self._form(t("stakeholders.edit_title", name=s.name), s)

    def saved_message(self, saved) -> str:
        return t("stakeholders.saved", name=saved.name,
                 strategy=t(f"strategy.{sh.strategy(saved.influence, saved.interest)}"))

    def delete_record(self, record_id: str):
        deleted = sh.delete_stakeholder(self.store, record_id)
        return deleted, t("stakeholders.deleted", name=deleted.name)

    def restore_record(self, token):
        return sh.restore_stakeholder(self.store, token)

    def restored_message(self, back) -> str:
        return t("stakeholders.restored", name=back.name)

    def action_toggle_contacts(self) -> None:
        self.show_contacts = not self.show_contacts
        self.refresh_data()

    # -- links and invitations -----------------------------------------------------------------

    def action_links(self) -> None:
        from .pick import PickModal

        stakeholder_id = self.current_id()
        if stakeholder_id is None:
            return
        s = self.store.stakeholders.get(stakeholder_id)
        datasets = [(d.title, d.id) for d in self.store.datasets.list()]
        people = [(f"{p.name}  ({p.department})" if p.department else p.name, p.id)
                  for p in self.store.participants.list()]
        sections = [(t("stakeholders.links_datasets"), datasets, sh.datasets_of(self.store, s.id)),
                    (t("stakeholders.links_participants"), people,
                     sh.participants_of(self.store, s.id))]

        def done(result) -> None:
            if result is None:
                return
            with self.store.transaction():
                sh.set_datasets(self.store, s.id, result[0])
                sh.set_participants(self.store, s.id, result[1])
            self.changed(s.id, t("stakeholders.links_saved", name=s.name,
                                 datasets=tn("count.datasets", len(result[0])),
                                 participants=tn("count.participants", len(result[1]))))

        self.app.push_screen(PickModal(t("stakeholders.links_title", name=s.name), sections),
                             done)

    def action_invite(self) -> None:
        stakeholder_id = self.current_id()
        if stakeholder_id is None:
            return
        s = self.store.stakeholders.get(stakeholder_id)
        existing = invitations.invitation_of(self.store, s.id)
        if existing is not None:
            self.notify(t("stakeholders.already_invited", name=s.name,
                          status=t(f"invitation_status.{existing.status}")), severity="warning")
            return
        invitations.invite(self.store, [s.id])
        self.changed(s.id, t("stakeholders.invited", name=s.name))

    # -- searching and filtering ---------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#sh-participant", Select).focus()

    def search_changed(self, text: str) -> None:
        self.flt.text = text

    def on_select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.BLANK else event.value
        if event.select.id == "sh-participant":
            if value == self.flt.participant:
                return
            self.flt.participant = value
        elif event.select.id == "sh-category":
            if value == self.flt.category:
                return
            self.flt.category = value
        else:
            return
        self.refresh_data()
