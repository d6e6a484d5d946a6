"""The explorer's charts: 1-4 draw the column under the cursor, drawn in a thread worker (a
million rows take a moment) and shown only if the file and the chart are still the ones asked
for. 4 again steps the scatter's y axis, 3 again the line's aggregate (mean, total, median)."""

from __future__ import annotations

from textual import work

from workshop_data.common.i18n import t

from .widgets import ChartView


class ChartActions:
    """Mixed into the explorer screen, which holds ``loaded``, ``chart_spec``, ``column``,
    ``view`` and ``_token`` and provides ``_switch`` and ``_say``."""

    def action_chart(self, kind: str) -> None:
        if self.loaded is None:
            self.notify(t("explorer.load_first"), severity="warning")
            return
        from workshop_data.explorer import charts

        frame, now = self.loaded.result.frame, self.chart_spec
        if kind == "scatter" and now is not None and now.kind == "scatter" and self.view == "chart":
            # pressed again: the next numeric column up the y axis
            other = charts.next_numeric(frame, now.other, skip=now.column)
            self._draw(charts.ChartSpec("scatter", now.column, other))
        elif kind == "line" and now is not None and now.kind == "line" and now.other \
                and self.view == "chart":
            # pressed again: the next aggregate (mean, sum, median) of the same value
            agg = charts.AGGREGATES[(charts.AGGREGATES.index(now.agg) + 1)
                                    % len(charts.AGGREGATES)]
            self._draw(charts.ChartSpec("line", now.column, now.other, agg))
        else:
            self._draw(charts.suggest(frame, kind, self.column))

    def _draw(self, spec) -> None:
        self.chart_spec = spec
        self._switch("chart")
        self._chart_data(self.loaded.result.frame, spec, self._token)

    @work(thread=True, exclusive=True, group="explorer-chart", exit_on_error=False)
    def _chart_data(self, frame, spec, token) -> None:
        from workshop_data.explorer.charts import ChartData, chart_data

        try:
            data = chart_data(frame, spec)
        except Exception as error:  # a column no chart can make sense of: say so, do not die
            data = ChartData(spec, spec.column, empty=f"{type(error).__name__}: {error}")
        self.app.call_from_thread(self._show_chart, data, token)

    def _show_chart(self, data, token) -> None:
        if token is self._token and data.spec is self.chart_spec:
            self.query_one(ChartView).show_data(data)
            self._say(data.empty or data.title, error=bool(data.empty))
