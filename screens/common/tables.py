"""Small helpers for the DataTables every list screen has: which row the cursor is on, by key,
and text cut to a column's width with a visible "…"."""

from __future__ import annotations

from rich.cells import get_character_cell_size
from textual.widgets import DataTable


def current_key(table: DataTable) -> str | None:
    """The key of the row under the cursor, or None for an empty (or just cleared) table."""
    if table.row_count == 0:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:  # the cursor is outside a table that was just cleared and refilled
        return None


def move_to_key(table: DataTable, key: str) -> bool:
    """Put the cursor on the row with ``key``; False when it is not shown (filtered out)."""
    try:
        table.move_cursor(row=table.get_row_index(key))
    except Exception:
        return False
    return True


def text_width(text: str) -> int:
    return sum(get_character_cell_size(c) for c in text)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with … when something was cut."""
    if width <= 0:
        return ""
    if text_width(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        out += char
        used += size
    return out.rstrip() + "…"
