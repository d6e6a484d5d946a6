"""Drawing a reduced chart (:class:`charts.ChartData`) as text of a given width and height.

Histogram, line and scatter are drawn by plotext (imported inside the functions; plotext keeps
its figure in global state, so every drawing holds a lock). The bar chart of value counts is
plain text bars, readable from the back of the room. This module builds on :mod:`charts`, which
never imports it: :func:`render` draws a spec, :func:`render_data` numbers already reduced.
"""

from __future__ import annotations

import math
import threading

from .charts import (MIN_HEIGHT, MIN_WIDTH, ChartData, ChartSpec, chart_data, fmt_int, fmt_num,
                     nice_ticks)
from ..common.i18n import t, tn

_LOCK = threading.RLock()


def render(frame, spec: ChartSpec, width: int, height: int) -> str:
    """``spec`` drawn from ``frame`` as text of at most ``width`` x ``height`` characters."""
    return render_data(chart_data(frame, spec), width, height)


def render_data(data: ChartData, width: int, height: int) -> str:
    width, height = int(width), int(height)
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return _fit([data.title, t("chart.too_small")], width, height)
    if data.empty:
        return _message(data, width, height)
    if data.spec.kind == "bar":
        return _text_bars(data, width, height)
    return _plotext(data, width, height)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _fit(lines: list[str], width: int, height: int) -> str:
    return "\n".join(_cut(line, max(width, 1)) for line in lines[: max(height, 1)])


def _message(data: ChartData, width: int, height: int) -> str:
    """The title and, in a frame, why nothing is drawn."""
    inner = width - 2
    lines = [_cut(data.title, width).center(width).rstrip(), "┌" + "─" * inner + "┐"]
    body = height - 3
    words, wrapped, line = data.empty.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > inner - 4:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    wrapped.append(line)
    top = max((body - len(wrapped)) // 2, 0)
    for row in range(body):
        text = wrapped[row - top] if 0 <= row - top < len(wrapped) else ""
        lines.append("│" + _cut(text, inner).center(inner) + "│")
    lines.append("└" + "─" * inner + "┘")
    return "\n".join(lines)


def _text_bars(data: ChartData, width: int, height: int) -> str:
    """Horizontal bars with the value's name on the left and its count on the right."""
    lines = [_cut(data.title, width).center(width).rstrip()]
    if data.note:
        lines.append(_cut(data.note, width).center(width).rstrip())
    room = height - len(lines) - 3  # header line, axis, axis label
    gap = room >= 2 * min(len(data.labels), 12)  # a blank line between bars when it fits
    shown = min(len(data.labels), max(room // (2 if gap else 1), 1))
    labels, counts = data.labels[:shown], data.y[:shown]
    label_width = min(max(len(label) for label in labels + [data.ylabel]), max(width // 3, 8))
    numbers = [fmt_int(n) for n in counts]
    number_width = max(len(n) for n in numbers)
    bar_room = max(width - label_width - number_width - 4, 4)
    top = max(counts)
    lines.append(_cut(data.ylabel, label_width).rjust(label_width) + " │")
    for label, count, number in zip(labels, counts, numbers):
        length = max(round(count / top * bar_room), 1) if count else 0
        lines.append(f"{_cut(label, label_width):>{label_width}} ┤{'█' * length} {number}")
        if gap:
            lines.append(" " * label_width + " │")
    if gap:
        lines.pop()
    axis = " " * label_width + " └" + "─" * bar_room
    lines.append(axis)
    hidden = max(data.distinct, len(data.labels)) - shown
    more = tn("chart.more_values", hidden, count=fmt_int(hidden)) if hidden else ""
    legend = data.xlabel + (f" · {more}" if more else "")
    lines.append(" " * (label_width + 2) + _cut(legend, max(width - label_width - 2, 1)))
    return "\n".join(lines[:height])


def _plotext(data: ChartData, width: int, height: int) -> str:
    """plotext draws the frame, the marks and the ticks; the axis labels are written by us
    (plotext puts the y label under the plot, where a long one runs into the x label)."""
    import plotext

    above = [_cut(line, width).center(width).rstrip() for line in (data.note,) if line]
    above.append(_cut("↑ " + data.ylabel, width))
    below = [_cut(data.xlabel + " →", width).center(width).rstrip()]
    with _LOCK:
        plotext.terminal.limit(False, False)
        fig = plotext.figure
        fig.clear()
        fig.plot_size(width, height - len(above) - len(below))
        if data.spec.kind == "hist":
            _draw_hist(fig, data, width)
        elif data.spec.kind == "line":
            _draw_line(fig, data)
        else:
            fig.draw(fig.signal(data.x, data.y, marker="•"))
            _numeric_ticks(fig, "x", data.x, max(width // 14, 2), plain=data.plain_x)
        _numeric_ticks(fig, "y", data.y, max((height - 6) // 3, 2),
                       from_zero=data.spec.kind != "scatter", plain=data.plain_y)
        fig.title(data.title)
        text = fig.build().string(colorless=True)
        fig.clear()
    body = [line.rstrip() for line in text.splitlines()]
    return "\n".join(body[:1] + above + body[1:] + below)


def _numeric_ticks(fig, axis: str, values: list[float], count: int, from_zero: bool = False,
                   plain: bool = False) -> None:
    low, high = min(values), max(values)
    if from_zero:
        low = min(low, 0.0)
    if high == low:
        high = low + 1
    ticks = nice_ticks(low, high, count)
    if from_zero and len(ticks) > 1 and ticks[-1] < high:  # the axis ends on a round number
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    fig.ruler(axis).ticks(ticks, [fmt_num(v, plain) for v in ticks])
    if from_zero:
        fig.ruler(axis).lim(low, max(high, ticks[-1] if ticks else high))


def _draw_hist(fig, data: ChartData, width: int) -> None:
    fig.draw(fig.bar(data.x, data.y, width=0.85, marker="full"))
    edges = data.ticks
    every = max(math.ceil(len(edges) / max(width // 10, 2)), 1)
    shown = edges[::every]
    if data.step == 1 and all(float(v).is_integer() for v in data.x):
        shown = data.x[::every]  # whole values: label the bars themselves
    fig.ruler("x").ticks(shown, [fmt_num(v, data.plain_x) for v in shown])
    fig.ruler("x").lim(edges[0], edges[-1])


def _draw_line(fig, data: ChartData) -> None:
    line = fig.signal(data.x, data.y, marker="hd")  # braille dots are too faint on a projector
    line.lines()
    fig.draw(line)
    if len(data.x) <= 40:  # few points: mark each one, so the line is not the only clue
        fig.draw(fig.signal(data.x, data.y, marker="●"))
    fig.ruler("x").ticks(data.ticks, data.tick_labels)
    if len(data.x) > 1:
        fig.ruler("x").lim(data.x[0], data.x[-1])
