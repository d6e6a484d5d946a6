"""The 2x2 priority chart: median interest (x) against median importance (y), drawn with plotext.

Each dataset is a dot with a number; the legend beside the chart lists the numbers by quadrant
("act now", "quick wins", ...; keys of ``ranking.priority_quadrant``, translated). Datasets that
share a position share a label ("3,7"). The chart is drawn for the widget's size and drawn again
when it changes; plotext is imported on the first draw, never with this module, so the first frame
of the app does not wait for it.

plotext 6 is used through its figure API (``plotext.figure``); plotext 5's functional API
(``plotext.scatter``, ``plotext.build``) is supported as a fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from workshop_data.common.i18n import t
from workshop_data.ranking.tally import QUADRANT_ORDER

# Each quadrant's colour, bright enough for a projector.
COLOURS = {
    "act_now": (80, 220, 80),
    "quick_wins": (0, 200, 255),
    "build_interest": (255, 176, 0),
    "park": (170, 170, 170),
    "unrated": (170, 170, 170),
}
MAX_IDS_IN_LABEL = 3
# plotext paints its reference lines on a white background whatever the theme: the chart takes the
# background of the app instead.
_BACKGROUND = re.compile(r"\x1b\[48;(?:5;\d+|2;\d+;\d+;\d+)m")


@dataclass
class Numbered:
    number: int
    dataset_id: str
    title: str
    x: float | None
    y: float | None
    quadrant: str


def number_points(points, numbers: dict[str, int]) -> list[Numbered]:
    """The datasets with the numbers of the results table and the report
    (``workshop_data.ranking.numbering``), in the legend's order: by quadrant, then number."""
    def key(p):
        return (QUADRANT_ORDER.index(p.quadrant), numbers.get(p.dataset_id, 0))

    return [Numbered(numbers.get(p.dataset_id, 0), p.dataset_id, p.title, p.x, p.y, p.quadrant)
            for p in sorted(points, key=key)]


def _rgb(quadrant: str) -> str:
    r, g, b = COLOURS[quadrant]
    return f"rgb({r},{g},{b})"


class PriorityChart(Widget):
    """The chart itself; call :meth:`show` with numbered points, axis names and the scale."""

    DEFAULT_CSS = "PriorityChart { width: 1fr; height: 1fr; min-height: 12; min-width: 40; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.numbered: list[Numbered] = []
        self.axes = ("interest", "importance")
        self.axis_labels = ("", "")
        self.scale = (1, 5)
        self._cache: tuple[tuple, Text] | None = None

    def show(self, numbered: list[Numbered], axis_labels: tuple[str, str],
             scale: tuple[int, int]) -> None:
        self.numbered = numbered
        self.axis_labels = axis_labels
        self.scale = scale
        self._cache = None
        self.refresh()

    def render(self) -> Text:
        width, height = self.content_size
        key = (width, height, id(self.numbered))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._draw(width, height))
        return self._cache[1]

    # -- drawing -----------------------------------------------------------------------------------

    def _labels(self) -> list[tuple[float, float, str, str]]:
        """(x, y, label, quadrant) per occupied position."""
        spots: dict[tuple[float, float], list[Numbered]] = {}
        for p in self.numbered:
            if p.x is not None and p.y is not None:
                spots.setdefault((p.x, p.y), []).append(p)
        labels = []
        for (x, y), group in spots.items():
            ids = [str(p.number) for p in group]
            if len(ids) > MAX_IDS_IN_LABEL:
                ids = ids[:MAX_IDS_IN_LABEL - 1] + [f"+{len(ids) - MAX_IDS_IN_LABEL + 1}"]
            labels.append((x, y, ",".join(ids), group[0].quadrant))
        return labels

    def _draw(self, width: int, height: int) -> Text:
        if width < 20 or height < 8:
            return Text("")
        import plotext

        lo, hi = self.scale
        mid = (lo + hi) / 2
        pad = (hi - lo) * 0.08
        limits = (lo - pad, hi + pad)
        corner = {"build_interest": (limits[0], limits[1], "left"),
                  "act_now": (limits[1], limits[1], "right"),
                  "park": (limits[0], limits[0], "left"),
                  "quick_wins": (limits[1], limits[0], "right")}
        x_label = f"{self.axis_labels[0]} →"
        y_label = f"↑ {self.axis_labels[1]}"
        title = t("ranking.chart.title")
        labels = self._labels()
        if hasattr(plotext, "figure") and hasattr(plotext.figure, "build"):
            ansi = _draw_v6(plotext, width, height, limits, mid, lo, hi, corner, labels,
                            title, x_label, y_label)
        else:  # plotext 5
            ansi = _draw_v5(plotext, width, height, limits, mid, lo, hi, corner, labels,
                            title, x_label, y_label)
        ansi = _BACKGROUND.sub("", ansi)
        text = Text("\n").join(Text.from_ansi(line) for line in ansi.splitlines()[:height])
        text.no_wrap = True
        return text


def _quadrant_text(quadrant: str) -> str:
    return t(f"ranking.quadrant.{quadrant}").upper()


def _place(labels, width: int, limits: tuple[float, float], mid: float):
    """(x, y, text, alignment, quadrant) per label. The number goes on the side away from the
    centre lines, where most points crowd, unless there is no room for it before the frame."""
    per_unit = max(width - 4, 1) / (limits[1] - limits[0])
    placed = []
    for x, y, label, quadrant in labels:
        room_left = (x - limits[0]) * per_unit
        room_right = (limits[1] - x) * per_unit
        need = len(label) + 2
        left = (x < mid and room_left >= need) or (x >= mid and room_right < need)
        placed.append((x, y, f"{label}●" if left else f"●{label}", "right" if left else "left",
                       quadrant))
    return placed


def _draw_v6(plt, width, height, limits, mid, lo, hi, corner, labels, title, x_label, y_label):
    plt.terminal.limit(False, False)  # the widget's size, not the terminal's, is the limit
    fig = plt.figure
    fig.clear()
    fig.theme("colorless")
    fig.plot_size(width, height)
    fig.title(title)
    fig.label(x_label, axis="x")
    fig.label(y_label, axis="y")
    ticks = list(range(lo, hi + 1))
    for axis in ("x", "y"):
        fig.ruler(axis).lim(*limits)
        fig.ruler(axis).ticks(ticks)
    grey = plt.pixel(foreground=(110, 110, 110))
    fig.line(mid, orientation="v", pixel=grey)
    fig.line(mid, orientation="h", pixel=grey)
    for quadrant, (x, y, align) in corner.items():
        pixel = plt.pixel(foreground=COLOURS[quadrant], style="bold")
        fig.draw(fig.text(x, y, plt.colorize(_quadrant_text(quadrant), pixel), alignment=align))
    for x, y, shown, align, quadrant in _place(labels, width, limits, mid):
        pixel = plt.pixel(foreground=COLOURS[quadrant], style="bold")
        fig.draw(fig.text(x, y, plt.colorize(shown, pixel), alignment=align))
    return fig.build().string()


def _draw_v5(plt, width, height, limits, mid, lo, hi, corner, labels, title, x_label, y_label):
    plt.clf()
    plt.limitsize(False, False)
    plt.theme("clear")
    plt.plotsize(width, height)
    plt.title(title)
    plt.xlabel(x_label)
    plt.ylabel(y_label)
    plt.xlim(*limits)
    plt.ylim(*limits)
    plt.xticks(list(range(lo, hi + 1)))
    plt.yticks(list(range(lo, hi + 1)))
    plt.vline(mid, "gray")
    plt.hline(mid, "gray")
    for quadrant, (x, y, align) in corner.items():
        plt.text(_quadrant_text(quadrant), x, y, color=COLOURS[quadrant], alignment=align)
    for x, y, shown, align, quadrant in _place(labels, width, limits, mid):
        plt.text(shown, x, y, color=COLOURS[quadrant], alignment=align)
    return plt.build()


class ChartLegend(Widget):
    """The numbers of the chart, listed under their quadrant; titles cut to the width."""

    DEFAULT_CSS = "ChartLegend { width: 1fr; height: auto; padding: 0 1; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.numbered: list[Numbered] = []

    def show(self, numbered: list[Numbered]) -> None:
        self.numbered = numbered
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(12, (self.content_size.width or 34) - 4)  # 4: the number in front
        room = getattr(self.parent, "content_size", None)
        text = self._text(width, hints=True)
        if room is not None and room.height and len(text.split()) > room.height:
            text = self._text(width, hints=False)  # a projector's few rows: numbers first
        return text

    def _text(self, width: int, hints: bool) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for quadrant in QUADRANT_ORDER:
            group = [p for p in self.numbered if p.quadrant == quadrant]
            if not group:
                continue
            if text and hints:
                text.append("\n")
            text.append(t(f"ranking.quadrant.{quadrant}").upper() + "\n",
                        style=f"bold {_rgb(quadrant)}")
            if hints:
                text.append(t(f"ranking.quadrant_hint.{quadrant}") + "\n", style="italic")
            for p in group:
                title = p.title if cell_len(p.title) <= width else p.title[:width - 1] + "…"
                text.append(f"{p.number:>3} ", style=f"bold {_rgb(quadrant)}")
                text.append(title + "\n")
        text.rstrip()
        return text
