"""Merge: bring a co-facilitator's trip file into this one, then resolve the conflicts.

Type the other file's path and press enter: the plan (what would be added, updated, deleted, and
which rows both laptops changed) is read in a worker from a copy of that file, which itself is
never changed. ``a`` merges after a confirmation, in one transaction. Below, the conflicts wait
for the facilitator, one row each; the panel beside the list shows the fields both laptops
changed, with the value now in the trip. In the list, ``1`` keeps this laptop's values of every
conflicting field of the row, ``2`` the other laptop's; in the panel (tab), ``1``, ``2`` and ``e``
(type a value) settle the field under the cursor. ``f`` goes back to the path. The rules are in
``workshop_data.merge.apply``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Label, Static
from textual.worker import Worker, WorkerState

from workshop_data.common.errors import DatatripError
from workshop_data.common.i18n import t, tn

from ..common.base import DataChanged, TripScreen
from .forms import ConfirmMerge, EditValue
from ..common.tables import current_key
from ..common.footer import WrapFooter

__all__ = ["MergeScreen", "ConfirmMerge", "EditValue"]

COUNT_COLUMNS = ("added", "updated", "deleted", "conflicts")


class MergeScreen(TripScreen):
    TITLE_KEY = "merge.title"
    HELP_KEY = "merge.help"
    CSS_PATH = "review.tcss"

    BINDINGS = [
        Binding("a", "apply", "merge.key.apply"),
        Binding("1", "keep('mine')", "merge.key.mine"),
        Binding("2", "keep('theirs')", "merge.key.theirs"),
        Binding("e", "edit_field", "merge.key.edit"),
        Binding("f", "focus_path", "merge.key.file"),
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.plan = None
        self.other: Path | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="merge-top"):
            yield Label(t("merge.other_label"), classes="merge-label")
            yield Input(placeholder=t("merge.other_placeholder"), id="other-path")
            yield Static("", id="plan-heading")
            yield DataTable(id="plan-table", cursor_type="none", zebra_stripes=True)
            yield Static("", id="merge-status")
        yield Static("", id="conflicts-heading")
        with Horizontal(id="conflicts-area"):
            yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
            with Vertical(id="versions-side"):
                yield Static("", id="versions-note")
                yield DataTable(id="versions", cursor_type="row")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one("#plan-table", DataTable).display = False
        # Not the path field: letters typed there would not reach the screen's keys (? for help).
        self.query_one("#conflicts", DataTable).focus()

    def refresh_data(self) -> None:
        self._fill_conflicts()

    # -- planning ------------------------------------------------------------------------------

    def action_focus_path(self) -> None:
        self.query_one("#other-path", Input).focus()

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#merge-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text or self.busy:
            return
        self.other = Path(text).expanduser()
        self.plan = None
        self.busy = True
        self.query_one("#plan-table", DataTable).display = False
        self.query_one("#plan-heading", Static).update("")
        self._status(t("merge.planning", path=self.other))
        other = self.other
        self.run_worker(lambda: self._plan(other), thread=True, name="merge-plan",
                        exclusive=True, exit_on_error=False)

    def _plan(self, other: Path):
        from workshop_data.merge.apply import plan_merge

        return plan_merge(self.store, other)

    def _show_plan(self, plan) -> None:
        from workshop_data.merge.apply import summary_lines, table_label

        lines = summary_lines(plan)
        heading = lines[0] + ("\n" + lines[1] if plan.first_merge else "")
        self.query_one("#plan-heading", Static).update(heading)
        table = self.query_one("#plan-table", DataTable)
        table.clear(columns=True)
        table.add_column(t("merge.summary.table"), key="table")
        for name in COUNT_COLUMNS:
            table.add_column(t(f"merge.summary.{name}"), key=name)
        for name, counts in plan.rows():
            values = counts.as_dict()
            table.add_row(table_label(name), *[Text(str(values[c]), justify="right")
                                               for c in COUNT_COLUMNS], key=name)
        if plan.rows():
            totals = plan.totals.as_dict()
            table.add_row(Text(t("merge.summary.total"), style="bold"),
                          *[Text(str(totals[c]), style="bold", justify="right")
                            for c in COUNT_COLUMNS], key="__total__")
        table.display = not plan.empty
        if plan.empty:
            self._status(t("merge.summary.nothing"))
        else:
            self._status(t("merge.plan_ready"))
            self.query_one("#conflicts", DataTable).focus()

    # -- merging -------------------------------------------------------------------------------

    def action_apply(self) -> None:
        if self.busy:
            return
        if self.plan is None or self.other is None:
            self._status(t("merge.no_plan"), error=True)
            return
        if self.plan.empty:
            self._status(t("merge.nothing_to_apply"))
            return
        totals = self.plan.totals
        question = tn("merge.confirm", totals.changes + totals.conflicts, path=self.other)
        self.app.push_screen(ConfirmMerge(question), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if not yes or self.other is None:
            return
        self.busy = True
        other = self.other
        self.run_worker(lambda: self._apply(other), thread=True, name="merge-apply",
                        exclusive=True, exit_on_error=False)

    def _apply(self, other: Path):
        from workshop_data.merge.apply import apply_merge

        return apply_merge(self.store, other)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        name = event.worker.name
        if name not in ("merge-plan", "merge-apply"):
            return
        if event.state == WorkerState.SUCCESS:
            self.busy = False
            if name == "merge-plan":
                self.plan = event.worker.result
                self._show_plan(self.plan)
            else:
                done = event.worker.result
                totals = done.totals
                self.plan = None
                self._status(t("merge.applied", **totals.as_dict()))
                self.post_message(DataChanged())
                self._fill_conflicts()
                self.query_one("#conflicts", DataTable).focus()
        elif event.state == WorkerState.ERROR:
            self.busy = False
            error = event.worker.error
            reason = str(error) if isinstance(error, DatatripError) else \
                f"{type(error).__name__}: {error}"
            self._status(reason, error=True)
        elif event.state == WorkerState.CANCELLED:
            self.busy = False

    # -- conflicts -----------------------------------------------------------------------------

    def _fill_conflicts(self, select: str | None = None) -> None:
        from workshop_data.merge.apply import list_conflicts, table_label

        conflicts = list_conflicts(self.store)
        self.query_one("#conflicts-heading", Static).update(
            t("merge.conflicts_heading", count=len(conflicts)) if conflicts
            else t("merge.no_conflicts"))
        table = self.query_one("#conflicts", DataTable)
        current = select or self._current()
        table.clear(columns=True)
        table.add_column(t("merge.col.table"), key="table")
        table.add_column(t("merge.col.row"), key="row")
        table.add_column(t("merge.col.fields"), key="fields")
        for conflict in conflicts:
            fields = ", ".join(conflict.open_fields())
            table.add_row(table_label(conflict.table), conflict.label, fields, key=conflict.id)
        if current:
            try:
                table.move_cursor(row=table.get_row_index(current))
            except Exception:
                pass
        self._show_versions()

    def _current(self) -> str | None:
        return current_key(self.query_one("#conflicts", DataTable))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "conflicts":
            self._show_versions()

    def _show_versions(self) -> None:
        from workshop_data.merge.apply import get_conflict

        versions = self.query_one("#versions", DataTable)
        note = self.query_one("#versions-note", Static)
        field = current_key(versions)
        versions.clear(columns=True)
        conflict_id = self._current()
        if conflict_id is None:
            note.update("")
            return
        conflict = get_conflict(self.store, conflict_id)
        versions.add_column(t("merge.col.field"), key="field")
        versions.add_column(t("merge.col.mine"), key="mine")
        versions.add_column(t("merge.col.theirs"), key="theirs")
        versions.add_column(t("merge.col.now"), key="now")
        rows = self.store.query(f"SELECT * FROM {conflict.table} WHERE id = ?", [conflict.row_id])
        now = rows[0] if rows else {}
        for name in conflict.open_fields():
            versions.add_row(name, _cell(name, conflict.mine.get(name)),
                             _cell(name, conflict.theirs.get(name)), _cell(name, now.get(name)),
                             key=name)
        if field in conflict.open_fields():
            versions.move_cursor(row=versions.get_row_index(field))
        note.update(t("merge.fields_note"))

    def _field(self) -> str | None:
        """The conflicting field under the cursor of the panel, when the panel has the focus."""
        versions = self.query_one("#versions", DataTable)
        return current_key(versions) if versions.has_focus else None

    def action_keep(self, choice: str) -> None:
        from workshop_data.merge.apply import choose_field, get_conflict, resolve_conflict

        conflict_id = self._current()
        if conflict_id is None:
            self.bell()
            return
        conflict = get_conflict(self.store, conflict_id)
        field = self._field()
        try:
            if field:
                choose_field(self.store, conflict_id, field, choice)
            else:
                resolve_conflict(self.store, conflict_id, choice)
        except DatatripError as error:
            self._status(str(error), error=True)
            return
        what = field or conflict.label
        self._settled(t("merge.resolved", choice=t(f"merge.choice.{choice}"), label=what))

    def action_edit_field(self) -> None:
        from workshop_data.merge.apply import get_conflict

        conflict_id = self._current()
        versions = self.query_one("#versions", DataTable)
        field = current_key(versions)
        if conflict_id is None or field is None:
            self.bell()
            return
        conflict = get_conflict(self.store, conflict_id)
        rows = self.store.query(f"SELECT * FROM {conflict.table} WHERE id = ?", [conflict.row_id])
        value = rows[0].get(field) if rows else conflict.mine.get(field)
        question = t("merge.edit_question", field=field, label=conflict.label)
        self.app.push_screen(EditValue(question, "" if value is None else str(value)),
                             lambda text: self._edited(conflict_id, field, text))

    def _edited(self, conflict_id: str, field: str, text: str | None) -> None:
        from workshop_data.merge.apply import choose_field

        if text is None:
            return
        try:
            choose_field(self.store, conflict_id, field, "edit", text)
        except DatatripError as error:
            self._status(str(error), error=True)
            return
        self._settled(t("merge.edited", field=field))

    def _settled(self, message: str) -> None:
        """After a choice: the data changed, the lists follow, the cursor stays near."""
        self.post_message(DataChanged())
        self._status(message)
        self.notify(message)
        table = self.query_one("#conflicts", DataTable)
        row = table.cursor_row
        focus_panel = self.query_one("#versions", DataTable).has_focus
        self._fill_conflicts()
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
            self._show_versions()
            if focus_panel and self.query_one("#versions", DataTable).row_count:
                self.query_one("#versions", DataTable).focus()
                return
        table.focus()


def _cell(name: str, value: Any) -> Text:
    from workshop_data.explorer.masking import CREDENTIALS, MASK

    if name in CREDENTIALS and value:  # a voter's code never on a screen that may be projected
        return Text(MASK * 4, style="dim")
    if name == "deleted_at" and value:
        return Text(t("merge.deleted_value"), style="bold red")
    if value is None:
        return Text("—", style="dim")
    if name.endswith("_at") and isinstance(value, str):
        from datetime import datetime

        try:  # a time stamp, as the facilitator reads the clock: local time, to the second
            stamp = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone()
            return Text(stamp.strftime("%Y-%m-%d %H:%M:%S"))
        except ValueError:
            pass
    return Text(str(value).replace("\n", " ⏎ "))
