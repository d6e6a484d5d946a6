"""The charts of the report, drawn without any library or network.

The 2×2 priority chart of a round (atelier 1), the stakeholder grid of influence × interest
(atelier 2) and the tracker's pipeline (how many datasets at each status): each as an inline
SVG for the HTML and as plain text for the Markdown (in a code block), from the same numbers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..common.i18n import t

QUADRANT_COLOURS = {"act_now": "#2e8b57", "quick_wins": "#1f77b4", "build_interest": "#d98c00",
                    "park": "#7f7f7f", "unrated": "#7f7f7f"}


@dataclass
class Point:
    number: int
    title: str
    x: float
    y: float
    quadrant: str


@dataclass
class Chart:
    points: list[Point]
    scale: tuple[int, int]
    x_label: str
    y_label: str


# -- the text chart ------------------------------------------------------------------------------

def ascii_chart(chart: Chart, width: int = 49, height: int = 21) -> str:
    """Interest (x) against importance (y): numbers in a box of plain ASCII, quadrants marked."""
    lo, hi = chart.scale
    grid = [[" "] * width for _ in range(height)]
    mid_col, mid_row = (width - 1) // 2, (height - 1) // 2
    for r in range(height):
        grid[r][mid_col] = "|"
    for c in range(width):
        grid[mid_row][c] = "+" if c == mid_col else "-"

    def put(row: int, col: int, text: str) -> bool:
        if not (0 <= row < height and 0 <= col and col + len(text) <= width):
            return False
        if any(grid[row][col + i] not in " |-+" for i in range(len(text))):
            return False
        grid[row][col:col + len(text)] = list(text)
        return True

    for point in sorted(chart.points, key=lambda p: p.number):
        label = str(point.number)
        col = round((point.x - lo) / (hi - lo) * (width - 1)) - len(label) // 2
        row = round((hi - point.y) / (hi - lo) * (height - 1))
        step = len(label) + 1
        candidates = [(row + dr, col + dc * step) for dr in (0, -1, 1, -2, 2)
                      for dc in (0, 1, -1, 2, -2)]
        any(put(r, c, label) for r, c in candidates)
    def names(left: str, right: str) -> str:
        room = mid_col - 1
        return ("     " + t(f"ranking.quadrant.{left}")[:room].ljust(mid_col + 2)
                + t(f"ranking.quadrant.{right}")[:room]).rstrip()

    lines = [f"{chart.y_label}", names("build_interest", "act_now")]
    for r in range(height):
        tick = str(hi) if r == 0 else str(lo) if r == height - 1 else ""
        lines.append(f"{tick:>3} |" + "".join(grid[r]).rstrip())
    lines.append("    +" + "-" * width)
    lines.append(names("park", "quick_wins"))
    lines.append("     " + str(lo).ljust(width - len(str(hi))) + str(hi))
    lines.append("     " + chart.x_label.rjust(width))
    return "\n".join(lines)


def svg_chart(chart: Chart, size: int = 520) -> str:
    """The same chart as an inline SVG: quadrants tinted, dots numbered, no external resources."""
    lo, hi = chart.scale
    margin, plot = 56, size - 2 * 56 - 8
    e = html.escape

    def x_of(v: float) -> float:
        return margin + (v - lo) / (hi - lo) * plot

    def y_of(v: float) -> float:
        return margin + (hi - v) / (hi - lo) * plot

    mid = (lo + hi) / 2
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
             f'width="{size}" height="{size}" role="img" '
             f'aria-label="{e(chart.y_label)} / {e(chart.x_label)}" '
             f'font-family="sans-serif" font-size="12">']
    quads = {"build_interest": (lo, mid, mid, hi), "act_now": (mid, hi, mid, hi),
             "park": (lo, mid, lo, mid), "quick_wins": (mid, hi, lo, mid)}
    for quadrant, (x0, x1, y0, y1) in quads.items():
        parts.append(f'<rect x="{x_of(x0):.1f}" y="{y_of(y1):.1f}" '
                     f'width="{x_of(x1) - x_of(x0):.1f}" height="{y_of(y0) - y_of(y1):.1f}" '
                     f'fill="{QUADRANT_COLOURS[quadrant]}" fill-opacity="0.12"/>')
        anchor_x = x_of(x0) + 6 if quadrant in ("build_interest", "park") else x_of(x1) - 6
        anchor = "start" if quadrant in ("build_interest", "park") else "end"
        label_y = y_of(y1) + 16 if quadrant in ("build_interest", "act_now") else y_of(y0) - 8
        parts.append(f'<text x="{anchor_x:.1f}" y="{label_y:.1f}" text-anchor="{anchor}" '
                     f'font-weight="bold" fill="{QUADRANT_COLOURS[quadrant]}">'
                     f'{e(t(f"ranking.quadrant.{quadrant}"))}</text>')
    parts.append(f'<rect x="{margin}" y="{margin}" width="{plot}" height="{plot}" fill="none" '
                 f'stroke="#444"/>')
    parts.append(f'<line x1="{x_of(mid):.1f}" y1="{margin}" x2="{x_of(mid):.1f}" '
                 f'y2="{margin + plot}" stroke="#444" stroke-dasharray="4 3"/>')
    parts.append(f'<line x1="{margin}" y1="{y_of(mid):.1f}" x2="{margin + plot}" '
                 f'y2="{y_of(mid):.1f}" stroke="#444" stroke-dasharray="4 3"/>')
    for v in range(int(lo), int(hi) + 1):
        parts.append(f'<text x="{x_of(v):.1f}" y="{margin + plot + 16}" '
                     f'text-anchor="middle">{v}</text>')
        parts.append(f'<text x="{margin - 8}" y="{y_of(v) + 4:.1f}" text-anchor="end">{v}</text>')
    parts.append(f'<text x="{margin + plot / 2:.1f}" y="{size - 6}" text-anchor="middle">'
                 f'{e(chart.x_label)}</text>')
    parts.append(f'<text transform="translate(14 {margin + plot / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle">{e(chart.y_label)}</text>')
    seen: dict[tuple[float, float], int] = {}
    for point in chart.points:
        key = (point.x, point.y)
        n = seen.get(key, 0)
        seen[key] = n + 1
        dx, dy = [(0, 0), (14, 0), (-14, 0), (0, 14), (0, -14), (14, 14), (-14, -14)][n % 7]
        cx, cy = x_of(point.x) + dx, y_of(point.y) + dy
        colour = QUADRANT_COLOURS.get(point.quadrant, "#7f7f7f")
        parts.append(f'<g><title>{e(f"{point.number}. {point.title}")}</title>'
                     f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="9" fill="{colour}"/>'
                     f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" fill="#fff" '
                     f'font-size="10">{point.number}</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


# -- the stakeholder grid ----------------------------------------------------------------------

STRATEGY_COLOURS = {"manage_closely": "#2e8b57", "keep_satisfied": "#1f77b4",
                    "keep_informed": "#d98c00", "monitor": "#7f7f7f"}


@dataclass
class GridPoint:
    number: int
    name: str
    influence: int
    interest: int
    strategy: str


@dataclass
class Grid:
    points: list[GridPoint]
    x_label: str  # interest
    y_label: str  # influence
    high: int = 4  # from this score up a score is "high" (the quadrant borders)
    scale: tuple[int, int] = (1, 5)


def _cells(grid: Grid) -> dict[tuple[int, int], list[int]]:
    cells: dict[tuple[int, int], list[int]] = {}
    for p in sorted(grid.points, key=lambda p: p.number):
        cells.setdefault((p.influence, p.interest), []).append(p.number)
    return cells


def text_grid(grid: Grid, cell: int = 11) -> str:
    """Influence (up) against interest (right): the stakeholders' numbers in their cells."""
    lo, hi = grid.scale
    cells = _cells(grid)
    border = "    +" + "+".join("-" * cell for _ in range(lo, hi + 1)) + "+"
    lines = [grid.y_label, border]
    for influence in range(hi, lo - 1, -1):
        row = []
        for interest in range(lo, hi + 1):
            numbers = ",".join(map(str, cells.get((influence, interest), [])))
            row.append((numbers if len(numbers) <= cell else numbers[:cell - 1] + "…")
                       .center(cell))
        lines.append(f"{influence:>3} |" + "|".join(row) + "|")
        lines.append(border if influence != grid.high else border.replace("-", "="))
    lines.append("     " + "".join(str(v).center(cell + 1) for v in range(lo, hi + 1)))
    lines.append("     " + grid.x_label.rjust((cell + 1) * (hi - lo + 1)))
    return "\n".join(lines)


def svg_grid(grid: Grid, size: int = 520) -> str:
    """The grid as an inline SVG: quadrants tinted by strategy, numbered dots in their cells."""
    lo, hi = grid.scale
    e = html.escape
    margin, plot = 56, size - 2 * 56 - 8
    step = plot / (hi - lo + 1)

    def x_of(v: float) -> float:  # the left edge of a cell
        return margin + (v - lo) * step

    def y_of(v: float) -> float:  # the top edge of a cell
        return margin + (hi - v) * step

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
             f'width="{size}" height="{size}" role="img" '
             f'aria-label="{e(grid.y_label)} / {e(grid.x_label)}" '
             f'font-family="sans-serif" font-size="12">']
    quads = {"keep_satisfied": (lo, grid.high - 1, grid.high, hi),
             "manage_closely": (grid.high, hi, grid.high, hi),
             "monitor": (lo, grid.high - 1, lo, grid.high - 1),
             "keep_informed": (grid.high, hi, lo, grid.high - 1)}
    for strategy, (x0, x1, y0, y1) in quads.items():
        colour = STRATEGY_COLOURS[strategy]
        parts.append(f'<rect x="{x_of(x0):.1f}" y="{y_of(y1):.1f}" '
                     f'width="{(x1 - x0 + 1) * step:.1f}" height="{(y1 - y0 + 1) * step:.1f}" '
                     f'fill="{colour}" fill-opacity="0.12" stroke="#444"/>')
        parts.append(f'<text x="{x_of(x0) + 6:.1f}" y="{y_of(y1) + 15:.1f}" font-weight="bold" '
                     f'fill="{colour}">{e(t(f"strategy.{strategy}"))}</text>')
    for v in range(lo, hi + 1):
        parts.append(f'<text x="{x_of(v) + step / 2:.1f}" y="{margin + plot + 16:.1f}" '
                     f'text-anchor="middle">{v}</text>')
        parts.append(f'<text x="{margin - 8}" y="{y_of(v) + step / 2 + 4:.1f}" '
                     f'text-anchor="end">{v}</text>')
    parts.append(f'<text x="{margin + plot / 2:.1f}" y="{size - 6}" text-anchor="middle">'
                 f'{e(grid.x_label)}</text>')
    parts.append(f'<text transform="translate(14 {margin + plot / 2:.1f}) rotate(-90)" '
                 f'text-anchor="middle">{e(grid.y_label)}</text>')
    by_number = {p.number: p for p in grid.points}
    for (influence, interest), numbers in _cells(grid).items():
        for n, number in enumerate(numbers[:9]):  # three rows of three in a cell
            cx = x_of(interest) + step * (0.2 + 0.3 * (n % 3))
            cy = y_of(influence) + step * (0.35 + 0.28 * (n // 3))
            point = by_number[number]
            parts.append(f'<g><title>{e(f"{number}. {point.name}")}</title>'
                         f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="9" '
                         f'fill="{STRATEGY_COLOURS.get(point.strategy, "#7f7f7f")}"/>'
                         f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" fill="#fff" '
                         f'font-size="10">{number}</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


# -- bars (the tracker's pipeline) -------------------------------------------------------------

@dataclass
class Bars:
    title: str
    items: list[tuple[str, int]]  # (label, count), in the order shown


def text_bars(bars: Bars, width: int = 40) -> str:
    most = max((n for _label, n in bars.items), default=0) or 1
    room = max(len(label) for label, _n in bars.items) if bars.items else 0
    return "\n".join(f"{label.ljust(room)} {'#' * round(n / most * width)} {n}".rstrip()
                     for label, n in bars.items)


def svg_bars(bars: Bars, width: int = 520) -> str:
    e = html.escape
    row, label_w = 24, 170
    most = max((n for _label, n in bars.items), default=0) or 1
    height = row * len(bars.items) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="{e(bars.title)}" '
             f'font-family="sans-serif" font-size="12">']
    for i, (label, n) in enumerate(bars.items):
        y = 4 + i * row
        w = (width - label_w - 40) * n / most
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{e(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                     f'fill="#1f4e79"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{n}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
