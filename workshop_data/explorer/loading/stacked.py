"""Files that hold several tables one after another.

Some exports stack tables of different widths in one CSV, separated by
blank lines (a summary of 3 columns, then the detail of 8). Read as one
table, the narrower one becomes rows of a wrong shape. A careful reader
reads the main table - the one with the most rows - and says where the
others are, so they can be read with --skip-top/--skip-bottom.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .table import Row, is_blank

MIN_ROWS = 3  # a header and two rows: smaller blocks are titles or notes


@dataclass
class Block:
    first: int  # first and last physical line
    last: int
    width: int  # columns that hold something
    rows: int
    fields: int  # fields per line, as split (trailing empty ones too)


def _filled_width(row: Row) -> int:
    for j in range(len(row.cells) - 1, -1, -1):
        v = row.cells[j]
        if v is not None and (not isinstance(v, str) or v.strip()):
            return j + 1
    return 0


def _block(rows: list[Row]) -> Block:
    widths = Counter(_filled_width(r) for r in rows)
    width = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]
    fields = Counter(len(r.cells) for r in rows).most_common(1)[0][0]
    return Block(rows[0].line, rows[-1].end_line, width, len(rows), fields)


def find_tables(rows: list[Row]) -> list[Block]:
    """The blocks of rows between blank lines that look like tables (of
    two or more columns and MIN_ROWS rows); [] unless there are two or
    more of different widths."""
    blocks, current = [], []
    for r in rows:
        if is_blank(r):
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(r)
    if current:
        blocks.append(current)
    tables = [_block(b) for b in blocks if len(b) >= MIN_ROWS]
    tables = [b for b in tables if b.width >= 2]
    if len(tables) < 2 or len({b.width for b in tables}) < 2:
        return []
    return tables


def main_table(tables: list[Block]) -> Block:
    return max(tables, key=lambda b: (b.rows, -b.first))
