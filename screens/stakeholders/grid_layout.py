"""Where things go on the stakeholder grid, without drawing anything: the markers per cell, how
the arrow keys step between them, how names are fitted into a cell, and the cell geometry.

Interest runs left to right (1–5), influence bottom to top (1–5); the quadrant border lies between
3 and 4 on both axes (``workshop_data.stakeholders.register.HIGH``).
"""

from __future__ import annotations

from dataclasses import dataclass

from workshop_data.stakeholders.register import HIGH, SCALE, Marker

from ..common.tables import fit, text_width  # noqa: F401 (the grid's modules import them here)

DIRECTIONS = {"up": (1, 0), "down": (-1, 0), "left": (0, -1), "right": (0, 1)}

# -- where the markers are, and how to step between them (no drawing) --------------------------

def by_cell(markers: list[Marker]) -> dict[tuple[int, int], list[Marker]]:
    """(influence, interest) → its markers, sorted by name."""
    cells: dict[tuple[int, int], list[Marker]] = {}
    for marker in sorted(markers, key=lambda m: (m.name.casefold(), m.id)):
        cells.setdefault((marker.influence, marker.interest), []).append(marker)
    return cells


def reading_order(markers: list[Marker]) -> list[Marker]:
    """Top row first, left to right, then down each cell: the order of tab / n."""
    return sorted(markers, key=lambda m: (-m.influence, m.interest, m.name.casefold(), m.id))


def neighbour(markers: list[Marker], current_id: str | None, direction: str) -> str | None:
    """The marker the arrow key ``direction`` goes to from ``current_id``: first within the
    cell's stack (up/down), then the nearest cell that way, preferring the same row or column."""
    cells = by_cell(markers)
    current = next((m for m in markers if m.id == current_id), None)
    if current is None:
        order = reading_order(markers)
        return order[0].id if order else None
    stack = cells[(current.influence, current.interest)]
    index = stack.index(current)
    if direction == "up" and index > 0:
        return stack[index - 1].id
    if direction == "down" and index < len(stack) - 1:
        return stack[index + 1].id
    dy, dx = DIRECTIONS[direction]
    best = None
    for (influence, interest), items in cells.items():
        ahead = (influence - current.influence) * dy + (interest - current.interest) * dx
        if ahead <= 0:
            continue
        aside = abs(influence - current.influence) if dx else abs(interest - current.interest)
        score = (ahead + 2 * aside, aside, ahead)
        if best is None or score < best[0]:
            best = (score, items)
    if best is None:
        return None
    items = best[1]
    if direction == "up":
        return items[-1].id
    if direction == "down":
        return items[0].id
    return items[min(index, len(items) - 1)].id


# -- text fitting ------------------------------------------------------------------------------

def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Word-wrap into at most ``max_lines`` lines of ``width`` cells; the last is cut with …"""
    if max_lines <= 1 or width <= 1:
        return [fit(text, width)]
    lines: list[str] = []
    current = ""
    words = text.split()
    for number, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[number:])
            break
    lines.append(current)
    lines = [fit(line, width) for line in lines[:max_lines]]
    return lines


# -- layout ------------------------------------------------------------------------------------

@dataclass
class Layout:
    """Where everything goes in a widget of ``width`` × ``height`` cells."""

    width: int
    height: int
    label_w: int = 2  # the influence numbers on the left
    title_y: int = 0
    top_y: int = 1

    def __post_init__(self) -> None:
        n = len(SCALE)
        low_rows = HIGH - SCALE[0]  # rows 1..3 below the quadrant line
        fixed = 6  # title, top frame, quadrant line, bottom frame, numbers, axis title
        spare = max(n, self.height - fixed)
        base, extra = divmod(spare, n)
        # influence 5 … 1 from top to bottom; extra lines go to the upper rows
        self.row_h = [base + (1 if i < extra else 0) for i in range(n)]
        self.row_y = []
        y = self.top_y + 1
        for index, h in enumerate(self.row_h):
            if index == n - low_rows:
                y += 1  # the quadrant line
            self.row_y.append(y)
            y += h
        self.mid_y = self.row_y[n - low_rows] - 1
        self.bottom_y = y
        self.numbers_y = y + 1
        self.axis_y = y + 2
        # interest 1 … 5 from left to right, one separator between columns and a frame each side
        inner = max(n, self.width - self.label_w - (n + 1))
        base, extra = divmod(inner, n)
        self.col_w = [base + (1 if i < extra else 0) for i in range(n)]
        self.col_x = []
        x = self.label_w + 1
        for w in self.col_w:
            self.col_x.append(x)
            x += w + 1
        self.right_x = x - 1
        self.split_x = self.col_x[HIGH - SCALE[0]] - 1  # the vertical quadrant line

    def cell(self, influence: int, interest: int) -> tuple[int, int, int, int]:
        """x, y, width, height of a cell's inside."""
        row = SCALE[-1] - influence
        col = interest - SCALE[0]
        return self.col_x[col], self.row_y[row], self.col_w[col], self.row_h[row]
