"""The results of one ballot round: a table per criterion, and the 2x2 priority chart.

Hidden until the facilitator reveals the round (``h``). The table shows, per criterion, the median,
mean, number of votes, spread (interquartile range) and share skipped; ``<`` and ``>`` choose the
column to sort on, ``f`` flips the order. The ``#`` column ranks on that column, ties
shown as ties ("=3"); a spread marked "!" is high disagreement. ``c`` switches between the table
and the chart. Rank and points rounds show their Borda scores or points in the same table.

The App calls :meth:`refresh_data` within a second when another datatrip process (a second
ballot terminal) adds votes, so the table follows the room live.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerState

from workshop_data.ranking import ballots, tally
from workshop_data.common.errors import NotFound
from workshop_data.common.i18n import t
from workshop_data.ranking.maths import DISAGREEMENT_SHARE

from ..common.base import DataChanged, TripScreen
from .priority_chart import ChartLegend, PriorityChart, number_points
from ..common.tables import current_key, fit
from ..common.footer import WrapFooter

GAP = 1  # cells carry their own one-space gap: a table of 12 columns fits a 100-column projector
FLAG_STYLE = "bold #FFB000"  # high disagreement: the accent of both themes
NARROW = 110  # the App's -narrow breakpoint: below it a 100-column projector
SECONDARY = {"share_skipped"}  # left out of the table when narrow, shown for the cursor's row


NUMBER_WIDTH = 5  # the chart's number of a dataset: "Nr." and up to three digits


class ResultsScreen(TripScreen):
    TITLE_KEY = "ranking.results.title"
    HELP_KEY = "ranking.results.help"
    CSS_PATH = "results.tcss"

    BINDINGS = [
        Binding("greater_than_sign,full_stop", "sort(1)", "ranking.key_sort_next",
                key_display=">"),
        Binding("less_than_sign,comma", "sort(-1)", "ranking.key_sort_previous",
                key_display="<"),
        Binding("f", "flip", "ranking.key_order"),
        Binding("c", "chart", "ranking.key_chart"),
        Binding("h", "toggle_reveal", "ranking.key_reveal"),
        Binding("escape", "back", "ranking.key_back"),
    ]

    def __init__(self, store=None, round_id: str = "", **kwargs):
        super().__init__(store, **kwargs)
        self.round_id = round_id
        self.sort: str | None = None
        self.descending: bool | None = None
        self.show_chart = False
        self.table_data: tally.ResultsTable | None = None
        self.round = None
        self.results: tally.RoundResults | None = None
        self._shape: tuple | None = None  # columns and widths the table was built with
        self._hidden: list[int] = []  # columns left out of the table for want of room

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="results-info")
        yield Static("", id="results-hidden")
        yield DataTable(id="results-table", cursor_type="row", zebra_stripes=True,
                        header_height=2, cell_padding=0)
        with Horizontal(id="chart-view"):
            yield PriorityChart(id="chart")
            with VerticalScroll(id="legend-scroll"):
                yield ChartLegend(id="legend")
        yield Static("", id="results-row")
        yield Static("", id="results-legend")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Reload the round. The first time at once; after that (another terminal voted) in a
        thread, so that loading 30,000 votes never holds up the keys."""
        if self.round is None:
            self._load()
        else:
            self.run_worker(self._compute, thread=True, exclusive=True, group="results",
                            exit_on_error=False)

    def _compute(self):
        rnd = self.store.rounds.get(self.round_id)
        return rnd, tally.results(self.store, self.round_id) if rnd.revealed else None

    def _load(self) -> None:
        try:
            self._show(*self._compute())
        except NotFound:
            self.app.pop_screen()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "results":
            return
        if event.state == WorkerState.SUCCESS:
            self._show(*event.worker.result)
        elif event.state == WorkerState.ERROR and isinstance(event.worker.error, NotFound):
            self.app.pop_screen()

    def _show(self, rnd, res) -> None:
        self.round, self.results = rnd, res
        self.refresh_bindings()  # "c Chart/table" only where there is a chart to show
        self.sub_title = rnd.title
        hidden = res is None
        self.set_class(hidden, "-hidden")
        self.set_class(self.show_chart and not hidden, "-chart")
        self.query_one("#results-info", Static).update(self._info(rnd, res))
        if hidden:
            self._shape = None
            self.table_data = None
            self._hidden = []
            self.set_class(False, "-hiding")
            self.query_one(DataTable).clear(columns=True)
            self.query_one(PriorityChart).show([], ("", ""), (rnd.scale_min, rnd.scale_max))
            self.query_one("#legend", ChartLegend).show([])
            self.query_one("#results-hidden", Static).update(t("ranking.results.hidden"))
            self.query_one("#results-legend", Static).update("")
            return
        self._fill_chart(res)
        self._resort()

    def _resort(self) -> None:
        """The table again from the results in hand, e.g. in another order."""
        res = self.results
        self.table_data = tally.results_table(res, self.sort, self.descending)
        self.sort, self.descending = self.table_data.sort, self.table_data.descending
        # The chart's numbers, in a column of their own after the title: the same in the report.
        self._chart_numbers = self._numbers(res) if tally.chart_axes(res) is not None else {}
        self._fill_table(self.table_data)
        self.query_one("#results-legend", Static).update(self._legend(res))

    @staticmethod
    def _numbers(res) -> dict[str, int]:
        from workshop_data.ranking.numbering import dataset_numbers

        return dataset_numbers(res.scores, res.criteria, res.titles)

    def _info(self, rnd, res) -> Text:
        text = Text()
        text.append(rnd.title, style="bold")
        text.append(f"   {t(f'ranking.kind.{rnd.kind}')} · ")
        text.append(t("ranking.open") if rnd.status == "open" else t("ranking.closed"))
        if res is not None:
            text.append(" · " + tally.counts_text(res))
        return text

    def _legend(self, res) -> Text:
        text = Text(style="italic")
        if self.table_data is not None:
            column = next(c for c in self.table_data.columns if c.key == self.table_data.sort)
            arrow = "▼" if self.table_data.descending else "▲"
            text.append(t("ranking.results.sorted_by", column=column.name) + f" {arrow}   ")
        if res.kind == "score":
            lo, hi = res.scale
            text.append("! ", style="bold")
            text.append(t("ranking.results.disagreement",
                          threshold=tally.number(DISAGREEMENT_SHARE * (hi - lo), 1)))
        return text

    def _shown(self, data: tally.ResultsTable) -> list[int]:
        """The columns in the table: on a narrow screen (a 100-column projector) the skipped
        shares give their room to the titles, unless sorted on; the line below the table
        shows them for the row under the cursor."""
        narrow = (self.size.width or self.app.size.width) < NARROW
        return [i for i, col in enumerate(data.columns)
                if not (narrow and col.stat in SECONDARY and col.key != data.sort)]

    def _fill_table(self, data: tally.ResultsTable) -> None:
        table = self.query_one(DataTable)
        shown = self._shown(data)
        columns = [data.columns[i] for i in shown]
        widths = [GAP + max(max(cell_len(line) for line in col.label.split("\n")),
                            max((cell_len(row.cells[i]) for row in data.rows), default=1))
                  for i, col in zip(shown, columns)]
        if data.sort in {c.key for c in columns}:  # room for the sort arrow, on the 2nd line
            index = [c.key for c in columns].index(data.sort)
            widths[index] = max(widths[index], GAP + 2 + cell_len(
                columns[index].label.split("\n")[-1]))
        others = sum(widths) - widths[1] + 2  # + a scrollbar
        available = max(self.size.width or 120, 60) - 2  # the table's margins
        numbers = getattr(self, "_chart_numbers", {})
        if numbers:
            others += NUMBER_WIDTH
        longest = GAP + max((cell_len(row.cells[1]) for row in data.rows), default=10)
        widths[1] = max(12, min(longest, available - others))
        shape = (tuple(c.key for c in columns), tuple(widths), data.sort, data.descending,
                 bool(numbers))
        current = self._cursor_key()
        if shape != self._shape:
            table.clear(columns=True)
            for n, (col, width) in enumerate(zip(columns, widths)):
                table.add_column(self._header(col, data, width - GAP), key=col.key, width=width)
                if n == 1 and numbers:
                    table.add_column(Text("\n" + t("ranking.results.number"), style="bold",
                                          justify="right"), key="number", width=NUMBER_WIDTH)
            self._shape = shape
        else:
            table.clear()
        self._hidden = [i for i in range(len(data.columns)) if i not in shown]
        self.set_class(bool(self._hidden), "-hiding")
        for row in data.rows:
            cells = self._cells(row, data, widths[1] - GAP)
            cells = [cells[i] for i in shown]
            if numbers:
                cells.insert(2, Text(str(numbers.get(row.dataset_id, "")), justify="right",
                                     style="bold"))
            table.add_row(*cells, key=row.dataset_id)
        if current is not None:
            try:
                table.move_cursor(row=table.get_row_index(current), animate=False)
            except Exception:
                pass
        self._show_row()

    def _show_row(self) -> None:
        """The row under the cursor in full: its whole title and the columns left out."""
        line = self.query_one("#results-row", Static)
        key, data = self._cursor_key(), self.table_data
        row = next((r for r in data.rows if r.dataset_id == key), None) if data else None
        if row is None or not self._hidden:
            line.update("")
            return
        text = Text(row.cells[1], style="bold")
        for i in self._hidden:
            text.append(f"  ·  {data.columns[i].name} {row.cells[i]}")
        line.update(text)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_row()

    def _header(self, col: tally.Column, data: tally.ResultsTable, width: int) -> Text:
        first, _, second = col.label.partition("\n")
        first = first.ljust(width)  # the criterion starts its group of columns
        justify = "right" if col.numeric else "left"
        if col.key == data.sort:
            second += " ▼" if data.descending else " ▲"
        pad = "" if col.numeric else " "
        text = Text(justify=justify)
        text.append(pad + first + "\n", style="bold")
        text.append(pad)
        text.append(second, style="bold reverse" if col.key == data.sort else "")
        return text

    def _cells(self, row: tally.TableRow, data: tally.ResultsTable, title_width: int):
        cells = []
        for col, value in zip(data.columns, row.cells):
            if col.key == "title":
                cells.append(" " + fit(value, title_width))
            elif col.key in row.flagged:
                cells.append(Text(value, style=FLAG_STYLE, justify="right"))
            elif col.key == "rank":
                cells.append(Text(value, style="bold", justify="right"))
            else:
                cells.append(Text(value, justify="right"))
        return cells

    def _cursor_key(self) -> str | None:
        return current_key(self.query_one(DataTable))

    def _fill_chart(self, res: tally.RoundResults) -> None:
        axes = tally.chart_axes(res)
        numbered = number_points(tally.chart_points(res), self._numbers(res)) if axes else []
        labels = tuple(ballots.criterion_label(c) for c in axes) if axes else ("", "")
        self.query_one(PriorityChart).show(numbered, labels, res.scale)
        self.query_one("#legend", ChartLegend).show(numbered)

    def on_resize(self) -> None:
        if self.table_data is not None:
            self._fill_table(self.table_data)

    # -- keys ----------------------------------------------------------------------------------

    def action_sort(self, step: int) -> None:
        if self.table_data is None:
            return
        keys = self.table_data.sortable()
        position = keys.index(self.table_data.sort) if self.table_data.sort in keys else 0
        self.sort = keys[(position + step) % len(keys)]
        self.descending = None
        self._resort()

    def action_flip(self) -> None:
        if self.table_data is None:
            return
        self.descending = not self.table_data.descending
        self._resort()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if self.table_data is not None and key in self.table_data.sortable():
            if key == self.sort:
                self.descending = not self.descending
            else:
                self.sort, self.descending = key, None
            self._resort()

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "chart" and self.round is not None and (
                self.results is None or tally.chart_axes(self.results) is None):
            return False  # hidden, or no second criterion: no chart, so no key for it
        return True

    def action_chart(self) -> None:
        if self.results is not None and tally.chart_axes(self.results) is None:
            self.notify(t("ranking.results.no_chart"), severity="warning")
            return
        self.show_chart = not self.show_chart
        self.set_class(self.show_chart and self.results is not None, "-chart")

    def action_toggle_reveal(self) -> None:
        rnd = self.store.rounds.get(self.round_id)
        ballots.reveal(self.store, rnd.id, not rnd.revealed)
        self.post_message(DataChanged())
        self._load()

    def action_back(self) -> None:
        self.app.pop_screen()
