"""The data tracker (atelier 1): how far each dataset has come, who chases it, and by when.

Keyboard only: ``]``/``>`` moves the selected dataset one step forward in the pipeline and
``[``/``<`` one step back; ``f`` sets the follow-up date, ``w`` who chases it, ``u`` undoes the
last change. ``s`` cycles the status filter, ``e`` the department filter, ``o`` shows only what is
overdue, ``/`` searches and ``c`` clears every filter. Below the list, a pane shows the tasks and
participants that need the selected dataset, and its stakeholders.

"Today" (for overdue follow-ups) is the ``today`` attribute when set, else the real date: tests and
snapshots set it so they do not depend on the day they run.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.markup import escape
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from workshop_data.inventory import tracker
from workshop_data.common.errors import NotFound, ValidationError
from workshop_data.common.i18n import t, tn
from workshop_data.common.model import STATUSES

from ..common.base import DataChanged, TripScreen
from ..common.dates import format_date
from ..common.form import Field, FormScreen
from .tracker_detail import DatasetDetailPane, short_date, status_dots
from ..common.tables import current_key, move_to_key
from ..common.footer import WrapFooter
from ..common.typeahead import focus_now

COLUMNS = ("tracker.col_title", "tracker.col_status", "tracker.col_department",
           "tracker.col_chaser", "tracker.col_follow_up")


class TrackerScreen(TripScreen):
    TITLE_KEY = "tracker.title"
    HELP_KEY = "tracker.help"
    CSS_PATH = "tracker.tcss"

    BINDINGS = [
        Binding("right_square_bracket,greater_than_sign", "move(1)", "tracker.key_forward",
                key_display="]"),
        Binding("left_square_bracket,less_than_sign", "move(-1)", "tracker.key_back",
                key_display="["),
        Binding("f", "follow_up", "tracker.key_follow_up"),
        Binding("w", "chaser", "tracker.key_chaser"),
        Binding("l", "stakeholders", "tracker.key_stakeholders"),
        Binding("u,ctrl+z", "undo", "tracker.key_undo"),
        # the filter keys are shown on the filter line, beside what they change
        Binding("S", "cycle_status", "tracker.key_status", show=False),
        Binding("e", "cycle_department", "tracker.key_department", show=False),
        Binding("O", "toggle_overdue", "tracker.key_overdue", show=False),
        Binding("slash", "search", "key.search", key_display="/", show=False),
        Binding("c", "clear_filters", "tracker.key_clear", show=False),
    ]

    # None: the real date. Set (or passed in) by tests and snapshots for a fixed "today".
    today: date | None = None

    def __init__(self, store=None, *, today: date | None = None, **kwargs):
        super().__init__(store, **kwargs)
        if today is not None:
            self.today = today
        self.status_filter: str | None = None
        self.department_filter: str | None = None
        self.overdue_only = False
        # (dataset id, field, value before the change), newest last
        self.undo_stack: list[tuple[str, str, object]] = []

    def current_today(self) -> date:
        return self.today or date.today()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="tracker-pipeline")
        yield Static("", id="tracker-filters")
        yield Input(placeholder=t("tracker.search_placeholder"), id="tracker-search",
                    classes="-hidden")
        yield DataTable(id="tracker-table", cursor_type="row", zebra_stripes=True)
        yield DatasetDetailPane(id="tracker-detail")
        yield Static("", id="tracker-status")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        # colours of the status dots and of overdue dates come from the theme (F2: projector)
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self) -> None:
        if self.store is not None:  # after the new theme's colours are in place
            self.call_after_refresh(self.refresh_data)

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        current = select or self._current_id()
        today = self.current_today()
        everything = tracker.list_datasets(self.store, today=today)
        rows = tracker.filter_rows(
            everything, status=self.status_filter, department=self.department_filter,
            overdue_only=self.overdue_only, search=self.query_one("#tracker-search", Input).value)
        counts = {status: 0 for status in STATUSES}
        for row in everything:
            counts[row.status] += 1
        # columns as wide as all rows need, filtered or not: they stay put as filters change
        cells = {row.id: self._cells(row, today) for row in everything}
        table.clear(columns=True)
        for key, width in zip(COLUMNS, self._column_widths(list(cells.values()))):
            table.add_column(t(key), key=key, width=width)
        for row_cells in cells.values():  # a cut name says so with an ellipsis
            for cell in row_cells:
                cell.no_wrap, cell.overflow = True, "ellipsis"
        for row in rows:
            table.add_row(*cells[row.id], key=row.id)
        if current:
            self._select(current)
        self._show_pipeline(counts)
        self._show_filters()
        self._show_detail()
        line = tn("tracker.count", len(everything), shown=len(rows), total=len(everything))
        overdue = sum(1 for row in everything if row.overdue)
        line += "  ·  " + t("tracker.overdue_count", count=overdue)
        line += "  ·  " + t("tracker.today", date=format_date(today.isoformat()))
        self.query_one("#tracker-status", Static).update(line)

    def _column_widths(self, cells: list[list[Text]]) -> list[int]:
        """Status, chaser and follow-up as wide as their widest cell; title and department
        share the rest of the screen's width, so nothing needs a sideways scroll."""
        def widest(column: int, cap: int = 99) -> int:
            widths = [cell_len(t(COLUMNS[column]))] + [row[column].cell_len for row in cells]
            return min(cap, max(widths))

        status, chaser, follow_up = widest(1), widest(3, 18 if self._wide() else 14), widest(4)
        # cell padding (1 each side), the table's vertical scrollbar
        rest = (self.size.width or 120) - status - chaser - follow_up - 2 * len(COLUMNS) - 3
        department = min(widest(2), max(10, rest * 2 // 5))
        return [max(12, rest - department), status, department, chaser, follow_up]

    def _wide(self) -> bool:
        """Room for the status dots (a 100-column projector has none to spare)."""
        return not self.size.width or self.size.width >= 110

    def _cells(self, row: tracker.TrackerRow, today: date) -> list[Text]:
        colours = self.app.theme_variables
        overdue_style = f"bold {colours.get('error', 'red')}"
        status = Text()
        if self._wide():
            done, todo = status_dots(row.status)
            colour = colours.get("success" if row.status == STATUSES[-1] else "primary", "")
            status.append(done, style=colour)
            status.append(todo, style="dim")
            status.append(" ")
        status.append(t(f"status.{row.status}"))
        if not row.follow_up:
            follow_up = Text("  —", style="dim")
        elif row.overdue:
            follow_up = Text(f"! {short_date(row.follow_up, today)}", style=overdue_style)
        else:
            follow_up = Text(f"  {short_date(row.follow_up, today)}")
        chaser = Text(row.chaser_name) if row.chaser_name else Text("—", style="dim")
        return [Text(row.title, style=overdue_style if row.overdue else ""), status,
                Text(row.owner_department), chaser, follow_up]

    def _show_pipeline(self, counts: dict[str, int]) -> None:
        steps = []
        for status, count in counts.items():
            plain = f"{t(f'status.{status}')} {count}"
            step = f"{t(f'status.{status}')} [b]{count}[/b]"
            if status == self.status_filter:
                plain, step = f" {plain} ", f"[reverse] {step} [/reverse]"
            steps.append((step, plain))
        head = t("tracker.pipeline")
        self.query_one("#tracker-pipeline", Static).update(
            f"[b]{head}[/b] " + self._wrap(steps, " › ", cell_len(head) + 1))

    def _show_filters(self) -> None:
        def part(key: str, label: str, value: str | None = None, active: bool = False):
            text, plain = f"[b $accent]{key}[/] {t(label)}", f"{key} {t(label)}"
            if value is not None:
                shown = escape(value)
                text += f": [b reverse] {shown} [/]" if active else f": [dim]{shown}[/dim]"
                plain += f": {value}  " if active else f": {value}"
            return text, plain

        status = t(f"status.{self.status_filter}") if self.status_filter else t("tracker.all")
        parts = [
            part("S", "tracker.filter_status", status, self.status_filter is not None),
            part("e", "tracker.filter_department", self.department_filter or t("tracker.all"),
                 self.department_filter is not None),
            part("O", "tracker.filter_overdue",
                 t("tracker.yes" if self.overdue_only else "tracker.no"), self.overdue_only),
        ]
        needle = self.query_one("#tracker-search", Input).value.strip()
        parts.append(part("/", "tracker.filter_search", needle or None, bool(needle)))
        if self.status_filter or self.department_filter or self.overdue_only or needle:
            parts.append(part("c", "tracker.key_clear"))
        self.query_one("#tracker-filters", Static).update(self._wrap(parts, "   "))

    def _wrap(self, parts: list[tuple[str, str]], separator: str, used: int = 0) -> str:
        """Join (markup, plain text) parts; a line too long breaks between parts, never inside."""
        width = (self.size.width or 120) - 2
        text = ""
        for index, (markup, plain) in enumerate(parts):
            sep = separator if index else ""
            if index and used + len(sep) + cell_len(plain) > width:
                text, used, sep = text + "\n", 0, separator.lstrip()
            text += sep + markup
            used += len(sep) + cell_len(plain)
        return text

    def _show_detail(self) -> None:
        dataset_id = self._current_id()
        detail = None
        if dataset_id is not None:
            try:
                detail = tracker.detail(self.store, dataset_id)
            except NotFound:
                detail = None
        empty = t("tracker.empty") if self.query_one(DataTable).row_count == 0 else ""
        self.query_one(DatasetDetailPane).show(detail, self.current_today(), empty)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.store is not None:
            self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # enter: nothing to open, the detail is already shown

    def on_resize(self, event: events.Resize) -> None:
        # a projector at 100x30: fewer blank lines, a shorter detail pane, no status dots
        self.set_class(event.size.height < 35, "-short")
        self.query_one(DatasetDetailPane).compact = event.size.height < 35
        if self.store is not None:
            self.refresh_data()

    def _current_id(self) -> str | None:
        return current_key(self.query_one(DataTable))

    def _select(self, dataset_id: str) -> None:
        move_to_key(self.query_one(DataTable), dataset_id)

    # -- changing ------------------------------------------------------------------------------

    def _changed(self, dataset_id: str, field: str, old, message: str) -> None:
        """After a write: remember how to undo it, show it, tell the others."""
        self.undo_stack.append((dataset_id, field, old))
        self.refresh_data(select=dataset_id)
        self.post_message(DataChanged())
        self.notify(message)

    def action_move(self, step: int) -> None:
        dataset_id = self._current_id()
        if dataset_id is None:
            return
        try:
            old = tracker.move_status(self.store, dataset_id, step)
        except ValidationError as error:
            self.notify(error.message, severity="warning")
            return
        dataset = self.store.datasets.get(dataset_id)
        self._changed(dataset_id, "status", old, t(
            "tracker.moved", title=dataset.title, old=t(f"status.{old}"),
            new=t(f"status.{dataset.status}")))

    def action_follow_up(self) -> None:
        dataset_id = self._current_id()
        if dataset_id is None:
            return
        dataset = self.store.datasets.get(dataset_id)
        fields = [Field("follow_up", t("tracker.follow_up_label"), value=dataset.follow_up or "",
                        placeholder=t("tracker.follow_up_placeholder"))]
        old = dataset.follow_up

        def save(values):
            tracker.set_follow_up(self.store, dataset_id, values["follow_up"])
            return self.store.datasets.get(dataset_id)

        def done(saved) -> None:
            if saved is None or saved.follow_up == old:
                return
            message = (t("tracker.follow_up_set", title=saved.title,
                         date=format_date(saved.follow_up)) if saved.follow_up
                       else t("tracker.follow_up_cleared", title=saved.title))
            self._changed(dataset_id, "follow_up", old, message)

        self.app.push_screen(FormScreen(t("tracker.follow_up_title", title=dataset.title),
                                        fields, save), done)

    def action_stakeholders(self) -> None:
        """Who would act on this data: the same links as in the stakeholder register."""
        from .tracker_detail import edit_stakeholders

        if self._current_id() is not None:
            edit_stakeholders(self, self._current_id())

    def action_chaser(self) -> None:
        dataset_id = self._current_id()
        if dataset_id is None:
            return
        dataset = self.store.datasets.get(dataset_id)
        people = self.store.participants.list()
        options = [(t("tracker.nobody"), "")] + [
            (f"{p.name} ({p.department})" if p.department else p.name, p.id) for p in people]
        known = {p.id for p in people}
        current = dataset.chaser_id if dataset.chaser_id in known else ""
        fields = [Field("chaser_id", t("tracker.chaser_label"), kind="select", value=current,
                        options=options)]
        old = dataset.chaser_id

        def save(values):
            tracker.set_chaser(self.store, dataset_id, values["chaser_id"])
            return self.store.datasets.get(dataset_id)

        def done(saved) -> None:
            if saved is None or saved.chaser_id == old:
                return
            names = {p.id: p.name for p in people}
            message = (t("tracker.chaser_set", name=names.get(saved.chaser_id, ""),
                         title=saved.title) if saved.chaser_id
                       else t("tracker.chaser_cleared", title=saved.title))
            self._changed(dataset_id, "chaser_id", old, message)

        self.app.push_screen(FormScreen(t("tracker.chaser_title", title=dataset.title),
                                        fields, save), done)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(t("tracker.nothing_to_undo"), severity="warning")
            return
        dataset_id, field, old = self.undo_stack.pop()
        try:
            tracker.revert(self.store, dataset_id, field, old)
            dataset = self.store.datasets.get(dataset_id)
        except (NotFound, ValidationError) as error:  # deleted meanwhile, on another laptop
            self.notify(str(error), severity="warning")
            return
        self.refresh_data(select=dataset_id)
        self.post_message(DataChanged())
        self.notify(t("tracker.undone", title=dataset.title))

    # -- filtering -----------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        choices = [None, *STATUSES]
        self.status_filter = choices[(choices.index(self.status_filter) + 1) % len(choices)]
        self.refresh_data()

    def action_cycle_department(self) -> None:
        choices = [None, *tracker.departments(self.store)]
        index = choices.index(self.department_filter) if self.department_filter in choices else 0
        self.department_filter = choices[(index + 1) % len(choices)]
        self.refresh_data()

    def action_toggle_overdue(self) -> None:
        self.overdue_only = not self.overdue_only
        self.refresh_data()

    def action_clear_filters(self) -> None:
        self.status_filter = self.department_filter = None
        self.overdue_only = False
        search = self.query_one("#tracker-search", Input)
        search.value = ""
        search.add_class("-hidden")
        self.refresh_data()
        self.notify(t("tracker.filters_cleared"))

    def action_search(self) -> None:
        search = self.query_one("#tracker-search", Input)
        search.remove_class("-hidden")
        focus_now(search)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "tracker-search":
            self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "tracker-search":
            event.input.set_class(not event.input.value.strip(), "-hidden")
            self.query_one(DataTable).focus()

    def key_escape(self) -> None:
        search = self.query_one("#tracker-search", Input)
        if search.has_focus:
            search.value = ""
            search.add_class("-hidden")
            self.query_one(DataTable).focus()
