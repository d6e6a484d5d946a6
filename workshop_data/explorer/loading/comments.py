"""Files that start with a block of "#" comment lines.

KNMI's daily data (and many scientific exports) put a description of every
column in "#" lines above the data, and the column names in the last but
one of them: ``# STN,YYYYMMDD,DDVEC,...``. A careful reader takes the
names from that line and skips the other comment lines; reading them as a
title would leave a table of two columns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .table import Row, cell_text

MARK = "#"


def leading_comments(lines: list[str]) -> int:
    """How many lines at the start are "#" comments (0 when the first is not)."""
    count = 0
    for line in lines:
        if not line.lstrip("\ufeff").startswith(MARK):
            break
        count += 1
    return count


@dataclass
class CommentHeader:
    """Where the names are in the comment block."""

    line: int  # 1-based line of the names ("# STN,YYYYMMDD,...")
    last: int  # last line of the comment block


def data_width(rows: list[Row], comments: int) -> int:
    """The most common number of fields below the comment block."""
    counts = Counter(len(r.cells) for r in rows if r.line > comments and len(r.cells) >= 2)
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else 1


def find_names(rows: list[Row], comments: int, width: int) -> CommentHeader | None:
    """The last comment line that splits into as many fields as the data
    has, when there is data below the block; else None."""
    if width < 2 or not any(r.line > comments for r in rows):
        return None
    for r in reversed([r for r in rows if r.line <= comments]):
        if len(r.cells) == width:
            return CommentHeader(r.line, comments)
    return None


def strip_mark(cells: list) -> list:
    """The header cells without the "#" that opens the line."""
    if cells and isinstance(cells[0], str) and cells[0].lstrip().startswith(MARK):
        cells = [cells[0].lstrip()[1:].strip(), *cells[1:]]
    return cells


def comment_text(row: Row) -> str:
    return " ".join(cell_text(v) for v in row.cells if cell_text(v)).strip()
