"""The data explorer (atelier 3): open a file people brought, see what was detected, fix what
was guessed wrong, look at the table, its profile and a quick chart, note an insight, and attach
the file to its dataset in the tracker.

Loading, profiling and chart data run in thread workers with a progress bar (``escape`` cancels),
so a big or broken file never freezes the room's screen. Keys: ``l`` delimiter, ``,`` decimal
mark, ``e`` encoding, ``h`` header rows, ``c`` every choice, ``#`` treat the column as a number,
``t`` total rows into the table or apart; ``w`` preview / profile / chart /
insights; ``1``-``4`` bar, histogram, line, scatter of the column under the cursor; ``n`` insight
(with the chart), ``a`` attach to the dataset chosen at the top, ``x`` detach it (``u`` undoes),
``r`` show or mask the values of columns with personal data.

The dataset chosen at the top is the one the file shown belongs to: opening another file chooses
the dataset that file is attached to (or none), unless a dataset was chosen since the last file.
"""

from __future__ import annotations

import os
import threading

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import (ContentSwitcher, DataTable, Header, Input, ProgressBar, Select,
                             Static)

from workshop_data.common.i18n import t

from ..common.atelier import ATELIER_BINDING, AtelierBar, AtelierScreen
from .charting import ChartActions
from .owner import FileOwner
from .rows import RowChoices
from .writes import TripWrites
from .read_view import ReadView
from .reading import Loaded, LoadProgress, add_profile, failure, progress_poster, read_file
from .widgets import (VIEWS, ChartView, PathSuggester, detection_text, fill_insights,
                      fill_preview, fill_profile, tabs_text)
from ..common.footer import WrapFooter


class ExplorerScreen(ChartActions, FileOwner, RowChoices, TripWrites, AtelierScreen):
    TITLE_KEY = "explorer.title"
    HELP_KEY = "explorer.help"
    CSS_PATH = "explore.tcss"
    ATELIER = 3

    BINDINGS = [
        ATELIER_BINDING,
        Binding("f", "open_file", "explorer.key_file"),
        Binding("w", "next_view", "explorer.key_view"),
        Binding("W", "next_view(-1)", "explorer.key_view_back", show=False),
        Binding("1", "chart('bar')", "explorer.key_bar"),
        Binding("2", "chart('hist')", "explorer.key_hist"),
        Binding("3", "chart('line')", "explorer.key_line"),
        Binding("4", "chart('scatter')", "explorer.key_scatter"),
        Binding("n", "note", "explorer.key_note"),
        Binding("a", "attach", "explorer.key_attach"),
        Binding("x", "detach", "explorer.key_detach", show=False),
        Binding("u", "undo", "explorer.key_undo", show=False),
        Binding("R", "reveal", "explorer.key_reveal", show=False),  # r, t: the App's navigation
        Binding("c", "choices", "explorer.key_choices"),
        Binding("l", "cycle('delimiter')", "explorer.key_delimiter", show=False),
        Binding("comma", "cycle('decimal')", "explorer.key_decimal", key_display=",", show=False),
        Binding("e", "cycle('encoding')", "explorer.key_encoding", show=False),
        Binding("h", "cycle('header_rows')", "explorer.key_header", show=False),
        Binding("number_sign", "treat_as_number", "explorer.key_number", key_display="#", show=False),
        Binding("T", "toggle_totals", "explorer.key_totals", show=False),
        Binding("escape", "cancel", "explorer.key_cancel", show=False),
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.loaded: Loaded | None = None
        self.overrides: dict = {}
        self.path: str | None = None  # the file being loaded or shown
        self.column: str | None = None  # the column under the cursor: what a chart draws
        self.chart_spec = None
        self.view = "preview"
        # A file is being read (its table, then its profile). Not Textual's `loading`: that
        # covers the whole screen, progress bar and message included, and disables it.
        self.reading = False
        self._typing = False
        self._token = object()
        self._cancel = threading.Event()
        self.undo_stack: list = []  # files detached, newest last
        self.revealed = False  # personal data shown in clear (r), for this file only
        self._chosen_since_load = False  # the dataset was picked after the last file was read

    def compose(self) -> ComposeResult:
        yield Header()
        yield AtelierBar(id="atelier-bar")
        with Horizontal(id="explorer-top"):
            yield Select([], prompt=t("explorer.dataset_prompt"), id="explorer-dataset")
            yield Input(placeholder=t("explorer.path_placeholder"), id="explorer-path",
                        suggester=PathSuggester())
        yield Static(t("explorer.start"), id="explorer-detected")
        yield ProgressBar(id="explorer-progress", show_eta=False)
        yield Static("", id="explorer-tabs")
        with ContentSwitcher(initial="explorer-preview", id="explorer-views"):
            yield DataTable(id="explorer-preview", cursor_type="column")
            yield DataTable(id="explorer-profile", cursor_type="row", zebra_stripes=True)
            yield ChartView(id="explorer-chart")
            yield DataTable(id="explorer-insights", cursor_type="row", zebra_stripes=True)
            yield ReadView(id="explorer-reading")
        yield Static("", id="explorer-message")
        yield WrapFooter()

    def on_resize(self) -> None:
        if self.loaded is not None:
            self._show_detected()
            self._show_tabs()  # the column's name is cut to the width

    def on_mount(self) -> None:
        self.query_one("#explorer-progress").display = False
        self._show_tabs()
        # Nothing loaded yet: the first choice is a dataset (enter lists them; the one with a
        # file opens it) or f for a file; once a file is read the table has the focus.
        self.query_one("#explorer-dataset" if self.loaded is None else "#explorer-preview").focus()

    # -- the trip's datasets ---------------------------------------------------------------------

    @property
    def dataset_id(self) -> str | None:
        value = self.query_one("#explorer-dataset", Select).value
        return None if value is Select.NULL or value is None else str(value)

    def refresh_data(self) -> None:
        self.query_one(AtelierBar).show(self.store, self.ATELIER)
        select = self.query_one("#explorer-dataset", Select)
        keep = self.dataset_id
        options = [(d.title if len(d.title) <= 36 else d.title[:35] + "…", d.id)
                   for d in self.store.datasets.list()]
        with select.prevent(Select.Changed):
            select.set_options(options)
            if keep in [value for _, value in options]:
                select.value = keep
        self._show_detected()
        self._fill_insights()
        self._show_tabs()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "explorer-dataset":
            return
        self._chosen_since_load = True
        self._show_detected()
        self._fill_insights()
        self._show_tabs()
        path_input = self.query_one("#explorer-path", Input)
        if self.dataset_id and not path_input.value.strip():
            from workshop_data.explorer.bookkeeping import files_of

            files = files_of(self.store, self.dataset_id)
            if files and os.path.exists(files[0].path):  # its file, the way it was read last time
                path_input.value = files[0].path
                self._start_load(files[0].path, {}, remembered=True)

    # -- loading ---------------------------------------------------------------------------------

    def action_open_file(self) -> None:
        self.query_one("#explorer-path", Input).focus()

    def _focus_view(self) -> None:
        """Back to the table or chart after a load, unless the user is typing a new path or has
        the dataset list open: while the top row is laid out again Textual may hand the focus to
        the path field or the dataset list, where the view keys would not reach the screen."""
        typing = self.query_one("#explorer-path", Input).has_focus and self._typing
        if not typing and not self.query_one("#explorer-dataset", Select).expanded:
            self.query_one(f"#explorer-{self.view}").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typing = event.input.id == "explorer-path" and event.input.has_focus

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "explorer-path":
            return
        event.stop()
        path = os.path.expanduser(event.value.strip())
        if not path:
            return
        self.overrides = {}
        self._typing = False
        self._start_load(path, {}, remembered=True)
        self.call_after_refresh(self._focus_view)

    def _start_load(self, path: str, overrides: dict, *, remembered: bool = False,
                    message: str = "") -> None:
        self._cancel.set()  # a load still running is of no use any more
        self._cancel = threading.Event()
        self._token = object()
        self.path = path
        self.reading = True
        bar = self.query_one("#explorer-progress", ProgressBar)
        bar.update(total=100, progress=0)
        bar.display = True
        self._say(message or t("explorer.loading", file=os.path.basename(path)))
        self._load(path, dict(overrides), remembered, self._cancel, self._token)

    @work(thread=True, exclusive=True, group="explorer-load", exit_on_error=False)
    def _load(self, path, overrides, use_remembered, cancel, token) -> None:
        app = self.app
        try:
            loaded = read_file(self.store, path, overrides, use_remembered,
                               progress_poster(self, token), cancel.is_set)
            loaded.token = token
            app.call_from_thread(self._loaded, loaded)  # the table first, then its profile:
            painted = threading.Event()  # made once the table is on the screen (drawing it
            app.call_from_thread(self._after_paint, painted.set)  # needs the GIL too)
            painted.wait(timeout=1.0)
            add_profile(loaded)
            app.call_from_thread(self._profiled, loaded)
        except Exception as error:  # never a dead "loading…" screen, whatever the file holds
            app.call_from_thread(self._failed, *failure(error, path), token)

    def _after_paint(self, callback) -> None:
        """`callback` once the preview has been drawn with its rows: the table measures its
        columns when its own messages are done, and only the repaint after that shows them."""
        table = self.query_one("#explorer-preview", DataTable)
        self.call_after_refresh(table.call_after_refresh, callback)

    def on_load_progress(self, message: LoadProgress) -> None:
        if message.token is self._token and self.reading:
            bar = self.query_one("#explorer-progress", ProgressBar)
            bar.update(progress=round(message.fraction * 100))

    def _failed(self, message: str, cancelled: bool, token) -> None:
        if token is not self._token:
            return
        self.reading = False
        self.query_one("#explorer-progress").display = False
        self.call_after_refresh(self._focus_view)
        self._say(message, error=not cancelled)
        if not cancelled:  # in full in the panel, where the detection would be: what and where
            panel = self.query_one("#explorer-detected", Static)
            panel.add_class("-error")
            text = Text("✖ " + t("explorer.failed") + "\n", style="bold")
            text.append(message + ("\n" + t("explorer.still_shown") if self.loaded else ""))
            panel.update(text)

    def _loaded(self, loaded: Loaded) -> None:
        """The table, the detection panel and the privacy scan; the profile follows
        (`_profiled`), and until then the screen is still reading."""
        if loaded.token is not self._token:
            return  # an older load that finished late
        self._dataset_for(loaded)
        new_file = self.loaded is None or self.loaded.path != loaded.path
        if new_file:
            self.revealed = False
            self.chart_spec = None  # a chart belongs to the file it was drawn from
            self.query_one(ChartView).clear_chart()
        self.loaded = loaded
        self.overrides = dict(loaded.overrides)
        self.query_one("#explorer-progress").display = False
        self.call_after_refresh(self._focus_view)
        if self.column not in self._columns():
            self.column = self._columns()[0] if self._columns() else None
        with self.app.batch_update():
            fill_preview(self.query_one("#explorer-preview", DataTable), loaded, self.column,
                         self.revealed)
            fill_profile(self.query_one("#explorer-profile", DataTable), None)
            self._show_detected()
            self._show_reading()
            self._show_tabs()
            # the panel has the counts: say how to fix a guess (or what "treat as number" set
            # missing)
            self._say(self.number_message(loaded) or t("explorer.loaded"))
        if new_file and self.view == "chart":
            self._switch("preview")

    def _profiled(self, loaded: Loaded) -> None:
        if loaded.token is not self._token:
            return
        self.reading = False
        with self.app.batch_update():
            fill_profile(self.query_one("#explorer-profile", DataTable), loaded.profile,
                         loaded.hits, self.revealed)
            self._show_tabs()
        spec = self.chart_spec
        if spec is not None and self.view == "chart":  # the same chart of the table as now read
            if {spec.column, spec.other} - {None, ""} <= set(self._columns()):
                self._draw(spec)
            else:
                self.action_chart(spec.kind)

    def action_cancel(self) -> None:
        if self.reading:
            self._cancel.set()
            return
        if self.query_one("#explorer-path", Input).has_focus:
            self.query_one(f"#explorer-{self.view}").focus()

    # -- changing what the loader chose -----------------------------------------------------------

    def _need_file(self) -> bool:
        if self.path is None:
            self.notify(t("explorer.load_first"), severity="warning")
            return False
        return True

    # -- showing ---------------------------------------------------------------------------------

    def _columns(self) -> list[str]:
        return [str(c) for c in self.loaded.result.frame.columns] if self.loaded else []

    def _say(self, message: str, *, error: bool = False) -> None:
        text = Text(("✖ " if error else "") + message, style="bold" if error else "")
        widget = self.query_one("#explorer-message", Static)
        widget.set_class(error, "-error")
        widget.update(text)

    def _show_detected(self) -> None:
        panel = self.query_one("#explorer-detected", Static)
        panel.remove_class("-error")
        if self.loaded is None:
            panel.update(t("explorer.start"))
        else:
            width = max(self.size.width - 6, 20)
            panel.update(detection_text(self.loaded, self._flagged(), width))

    def _show_reading(self) -> None:
        """The Reading view: how the file was read, whole (the panel has the first warning)."""
        from workshop_data.explorer.loading.report import report_of
        from workshop_data.explorer.masking import masked_columns
        from workshop_data.explorer.reading import reading_of

        loaded, view = self.loaded, self.query_one(ReadView)
        if loaded is None:
            view.show(None)
            return
        report = report_of(loaded.result, loaded.path, hits=loaded.hits)
        masked = set() if self.revealed else masked_columns(loaded.hits, self._columns())
        view.show(reading_of(report), masked)

    def _show_tabs(self) -> None:
        dataset_id = self.dataset_id
        insights = self.store.insights.count(dataset_id=dataset_id) if dataset_id else None
        self.query_one("#explorer-tabs", Static).update(
            tabs_text(self.view, self.loaded, insights, self.column,
                      self.query_one("#explorer-tabs").size.width or None))

    def _fill_insights(self) -> None:
        from workshop_data.explorer.bookkeeping import insights_for

        rows = insights_for(self.store, self.dataset_id) if self.dataset_id else []
        fill_insights(self.query_one("#explorer-insights", DataTable), rows)

    def on_data_table_column_highlighted(self, event: DataTable.ColumnHighlighted) -> None:
        if event.data_table.id == "explorer-preview" and event.column_key.value:
            self.column = event.column_key.value
            self._show_tabs()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "explorer-profile" and event.row_key.value:
            self.column = event.row_key.value
            self._show_tabs()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an insight shows the chart kept with it."""
        if event.data_table.id != "explorer-insights" or not self.loaded:
            return
        from workshop_data.explorer.bookkeeping import insight_chart

        insight = self.store.insights.get(event.row_key.value)
        spec = insight_chart(insight)
        if spec is not None:
            self._draw(spec)

    def action_next_view(self, step: int = 1) -> None:
        self._switch(VIEWS[(VIEWS.index(self.view) + step) % len(VIEWS)])

    def _switch(self, view: str) -> None:
        self.view = view
        self.query_one(ContentSwitcher).current = f"explorer-{view}"
        if self.column in self._columns():
            at = self._columns().index(self.column)
            if view == "profile":
                self.query_one("#explorer-profile", DataTable).move_cursor(row=at)
            elif view == "preview":
                self.query_one("#explorer-preview", DataTable).move_cursor(column=at)
        self.query_one(f"#explorer-{view}").focus()
        self._show_tabs()
