"""Prototypes (atelier 3 → 4): what local companies built with the trip's data, and the feedback.

``a`` adds, ``enter`` (or ``e``) edits, ``x`` deletes (soft) and ``u`` brings the last deleted
prototype back. A prototype has a company, a title, the datasets it uses (ticked in a list), a link
and feedback notes.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (Button, DataTable, Header, Input, Label, SelectionList,
                             Static)
from textual.strip import Strip
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from workshop_data.common.errors import DatatripError, ValidationError
from workshop_data.common.i18n import t, tn

from ..common.modal import TripModal
from ..common.footer import WrapFooter
from ..common.tables import fit, text_width
from ..common.record_list import ADD_KEY, EDIT_KEY, UNDO_KEY, RecordListScreen, delete_key

FIELDS = ("company", "title", "link", "feedback")


class TickList(SelectionList[str]):
    """A SelectionList whose ticked lines show ✔ and unticked ones nothing: the stock list shows
    an X on every line and tells them apart by colour alone, unreadable on a projector."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        mark = "✔" if selection.value in self._selected else " "
        segments = list(line)
        for number, segment in enumerate(segments):
            if segment.text == ToggleButton.BUTTON_INNER:
                segments[number] = Segment(mark, segment.style, segment.control)
                break
        return Strip(segments, line.cell_length)


class PrototypeForm(TripModal):
    """Company, title, link and feedback on the left; the datasets used, ticked, on the right."""

    DEFAULT_CSS = """
    PrototypeForm { align: center middle; }
    PrototypeForm > Vertical {
        width: 90%; max-width: 120; height: 90%; max-height: 36;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PrototypeForm .proto-title { text-style: bold; margin-bottom: 1; }
    PrototypeForm .proto-body { height: 1fr; }
    PrototypeForm .proto-fields { width: 1fr; height: 1fr; margin-right: 1; }
    PrototypeForm .proto-datasets { width: 1fr; height: 1fr; }
    PrototypeForm SelectionList { height: 1fr; }
    PrototypeForm .field-error { color: $error; height: auto; }
    PrototypeForm .field-error.-empty { display: none; }
    PrototypeForm .proto-buttons { height: auto; }
    PrototypeForm .proto-buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "save", "key.save", priority=True),
    ]

    def __init__(self, store, row=None) -> None:
        super().__init__()
        self.store = store
        self.row = row  # explorer.PrototypeRow when editing

    def compose(self) -> ComposeResult:
        proto = self.row.prototype if self.row else None
        chosen = set(self.row.dataset_ids) if self.row else set()
        heading = (t("prototypes.edit_title", title=proto.title) if proto
                   else t("prototypes.add_title"))
        with Vertical():
            yield Static(heading, classes="proto-title")
            with Horizontal(classes="proto-body"):
                with VerticalScroll(classes="proto-fields"):
                    for name in FIELDS:
                        yield Label(t(f"prototypes.field.{name}"))
                        yield Input(getattr(proto, name) if proto else "", id=f"field-{name}",
                                    placeholder=t(f"prototypes.hint.{name}"))
                        yield Static("", id=f"error-{name}", classes="field-error -empty")
                with Vertical(classes="proto-datasets"):
                    yield Label(t("prototypes.datasets_used", count=len(chosen)), id="proto-count")
                    yield TickList(
                        *[Selection(d.title, d.id, d.id in chosen)
                          for d in self.store.datasets.list()], id="field-datasets")
            with Horizontal(classes="proto-buttons"):
                yield Button(t("form.save"), id="save", variant="primary")
                yield Button(t("form.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#field-company").focus()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self.query_one("#proto-count", Label).update(
            t("prototypes.datasets_used", count=len(event.selection_list.selected)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        from workshop_data.explorer.bookkeeping import save_prototype

        for error in self.query(".field-error"):
            error.update("")
            error.add_class("-empty")
        values = {name: self.query_one(f"#field-{name}", Input).value for name in FIELDS}
        datasets = list(self.query_one(SelectionList).selected)
        try:
            saved = save_prototype(self.store, self.row.prototype.id if self.row else None,
                                   dataset_ids=datasets, **values)
        except ValidationError as error:
            self._error(error.field if error.field in FIELDS else "title", error.message)
            return
        except DatatripError as error:
            self._error("title", str(error))
            return
        self.dismiss(saved)

    def _error(self, name: str, message: str) -> None:
        target = self.query_one(f"#error-{name}", Static)
        target.update(message)
        target.remove_class("-empty")
        self.query_one(f"#field-{name}").focus()


class PrototypesScreen(RecordListScreen):
    TITLE_KEY = "prototypes.title"
    HELP_KEY = "prototypes.help"
    CSS_PATH = "prototypes.tcss"
    TABLE_ID = "prototypes"
    EMPTY_KEY = "records.empty.prototypes"
    NOTHING_TO_UNDO_KEY = "prototypes.nothing_to_undo"

    BINDINGS = [ADD_KEY, EDIT_KEY, delete_key(), UNDO_KEY]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.rows = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("prototypes.intro"), id="prototypes-intro")
        yield from self.record_table()
        yield Static("", id="prototypes-detail")
        yield Static("", id="prototypes-status")
        yield WrapFooter()

    def refresh_data(self, select: str | None = None) -> None:
        from workshop_data.explorer.bookkeeping import list_prototypes

        current = self.clear_table(select)
        table = self.table
        for key in ("company", "title", "datasets"):
            table.add_column(t(f"prototypes.col.{key}"), key=key)
        self.rows = {row.prototype.id: row for row in list_prototypes(self.store)}
        room = self._datasets_room()
        for row in self.rows.values():
            used = "; ".join(row.dataset_titles) or "—"
            table.add_row(row.prototype.company, row.prototype.title, fit(used, room),
                          key=row.prototype.id)
        if current:
            self.select(current)
        self.query_one("#prototypes-status", Static).update(
            tn("prototypes.count", len(self.rows)))
        self._show_detail()
        self.show_empty()

    def _datasets_room(self) -> int:
        """Cells left for the datasets column: the list is cut with "…" there (the detail below
        names them all), not cut off unmarked at the screen's edge."""
        width = (self.size.width or self.app.size.width) - 2 - 2  # the margins, a scrollbar
        for key, texts in (("company", [r.prototype.company for r in self.rows.values()]),
                           ("title", [r.prototype.title for r in self.rows.values()])):
            width -= 2 + max(map(text_width, [t(f"prototypes.col.{key}"), *texts]))
        return max(width - 2, 20)

    def on_resize(self) -> None:
        if self.store is not None:
            self.refresh_data()

    def _show_detail(self) -> None:
        row = self.rows.get(self.current_id() or "")
        detail = self.query_one("#prototypes-detail", Static)
        if row is None:
            detail.update(t("prototypes.empty"))
            return
        proto = row.prototype
        used = ", ".join(row.dataset_titles) or "—"
        detail.update(f"[b]{_escape(proto.title)}[/b] — {_escape(proto.company)}\n"
                      f"[b]{t('prototypes.field.link')}:[/b] {_escape(proto.link or '—')}\n"
                      f"[b]{t('prototypes.field.datasets')}:[/b] {_escape(used)}\n"
                      f"[b]{t('prototypes.field.feedback')}:[/b] "
                      f"{_escape(proto.feedback or '—')}")

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def add_form(self) -> PrototypeForm:
        return PrototypeForm(self.store)

    def edit_form(self, record_id: str) -> PrototypeForm:
        return PrototypeForm(self.store, self.rows[record_id])

    def saved_message(self, saved) -> str:
        return t("prototypes.saved", title=saved.title)

    def delete_record(self, record_id: str):
        from workshop_data.explorer.bookkeeping import delete_prototype

        proto = delete_prototype(self.store, record_id)
        return proto.id, t("prototypes.deleted", title=proto.title)

    def restore_record(self, token):
        from workshop_data.explorer.bookkeeping import restore_prototype

        return restore_prototype(self.store, token)

    def restored_message(self, back) -> str:
        return t("prototypes.restored", title=back.title)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text or "")
