"""Finding the table inside a grid of cells.

Government exports put title lines above the table, spread the header over
several rows, and end with "bron:"/"©" lines and footnotes. The functions
here look at the kind of each cell (empty, missing marker, number, date,
text) to find those parts. They work on rows from a CSV (all strings) and
from a worksheet (typed values) alike, and need no pandas.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections import Counter
from dataclasses import dataclass

from ...common.i18n import t, tn

# Cell texts that government exports use for "no value". CBS: "." unknown,
# "-" nil, "x" secret; Excel: "#N/B" (Dutch) and "#N/A".
MISSING_MARKERS = frozenset({
    ".", "..", "...", "-", "--", "\u2013", "\u2014", "x", "X", "?",
    "NA", "N/A", "n/a", "n.a.", "n.v.t.", "nvt", "#N/B", "#N/A", "NULL", "null", "NaN", "nan",
})

# A number in any Dutch or English style: 1234, -1.234.567, 1 234, 35,7, 2.1
NUMBER_RE = re.compile(r"^[-+\u2212]?(?:\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?$")
DATE_RE = re.compile(
    r"^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?)$")
FOOTER_RE = re.compile(
    r"^\s*(?:\u00a9|\(c\)|copyright|bron\b|bronnen\b|source\b|noot\b|noten\b|voetnoot|"
    r"toelichting|opmerking|verklaring|gegenereerd|geraadpleegd|centraal bureau voor de statistiek|"
    r"\*+\s|\d{1,2}\)\s|[\u00b9\u00b2\u00b3\u2074-\u2079])",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(1[89]|20|21)\d\d$")

EMPTY, MISSING, NUMBER, DATE, TEXT = "empty", "missing", "number", "date", "text"


@dataclass
class Row:
    """One record of the grid: `line` is its first physical line (CSV) or
    row number (Excel), 1-based; `end_line` its last."""

    line: int
    cells: list
    end_line: int = 0

    def __post_init__(self) -> None:
        if not self.end_line:
            self.end_line = self.line


@functools.lru_cache(maxsize=1 << 16)
def _text_kind(value: str) -> str:
    # cached: detection asks about the same cells several times, and
    # columns repeat their values
    text = value.strip()
    if not text:
        return EMPTY
    if text in MISSING_MARKERS:
        return MISSING
    if NUMBER_RE.match(text):
        return NUMBER
    if DATE_RE.match(text):
        return DATE
    return TEXT


def cell_kind(value: object) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return _text_kind(value) if len(value) < 200 else (TEXT if value.strip() else EMPTY)
    if isinstance(value, bool):
        return TEXT
    if isinstance(value, (int, float)):
        return EMPTY if value != value else NUMBER  # NaN
    if isinstance(value, (_dt.date, _dt.time)):
        return DATE
    return TEXT


def _filled(cells: list) -> list[int]:
    """Indexes of the cells that hold something (markers count)."""
    return [j for j, v in enumerate(cells) if cell_kind(v) != EMPTY]


def is_blank(row: Row) -> bool:
    """No cell holds anything (a missing marker counts as something). Asked
    often, so it avoids cell_kind."""
    for v in row.cells:
        if v is None or (isinstance(v, float) and v != v):
            continue
        if isinstance(v, str) and not v.strip():
            continue
        return False
    return True


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def row_text(row: Row, limit: int = 120) -> str:
    """The row as the user would recognise it, shortened."""
    text = " | ".join(cell_text(v) for v in row.cells if cell_text(v))
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def modal_width(rows: list[Row]) -> int:
    """The most common number of fields among non-blank rows with 2 or more
    fields (title and footer rows often have fewer); 1 for a one-column file."""
    counts = Counter(len(r.cells) for r in rows if len(r.cells) >= 2 and not is_blank(r))
    if not counts:
        return 1
    # ties go to the wider table, so trailing-delimiter rows are not cut off
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def value_columns(rows: list[Row], width: int) -> set[int]:
    """Columns whose cells are mostly numbers or dates.

    The first rows are left out of the vote (that is where headers sit)."""
    body = [r for r in rows[min(10, len(rows) // 3):1000] if not is_blank(r)] or rows
    values, texts = Counter(), Counter()
    for r in body:
        for j, v in enumerate(r.cells[:width]):
            kind = cell_kind(v)
            if kind in (NUMBER, DATE):
                values[j] += 1
            elif kind == TEXT:
                texts[j] += 1
    return {j for j in values if values[j] >= texts[j]}


def find_skip_top(rows: list[Row], width: int) -> tuple[int, list[Row], str]:
    """Index of the first table row, the title/blank rows above it, and why.

    A title line has at most one filled cell, in the first column, while the
    table is wider than one column."""
    if width < 2:
        for i, r in enumerate(rows):
            if not is_blank(r):
                return i, rows[:i], t("loading.top.one_column")
        return 0, [], t("loading.top.no_data")
    for i, r in enumerate(rows[:50]):
        filled = _filled(r.cells)
        if len(filled) >= 2 or (filled and filled[0] != 0):
            skipped = rows[:i]
            titles = [x for x in skipped if not is_blank(x)]
            if not skipped:
                return i, [], t("loading.top.first_line")
            if titles:
                shown = "; ".join(repr(row_text(x, 60)) for x in titles[:3])
                return i, skipped, tn("loading.top.titles", len(titles), shown=shown)
            return i, skipped, tn("loading.top.blank", len(skipped))
    return 0, [], t("loading.top.none_found")


def _is_year_row(cells: list, width: int) -> bool:
    """";2013;;2014;;..." or "Gemeente;2019;2020": a header row whose only
    numbers are years (often spanning two columns each)."""
    kinds = [cell_kind(v) for v in cells[:width]]
    if not cells or kinds[0] not in (EMPTY, TEXT):
        return False
    years = [cell_text(v) for v, k in zip(cells, kinds) if k == NUMBER]
    return bool(years) and all(_YEAR_RE.match(y) for y in years)


def find_header(rows: list[Row], width: int, values: set[int]) -> tuple[int, int, str]:
    """(number of non-blank header rows, index of the first data row, why).

    `rows` start at the first table row. Header rows have text where the
    data below has numbers; the header ends at the last such row before the
    first row of data."""
    last_header = None
    for i, r in enumerate(rows[:40]):
        kinds = [cell_kind(v) for v in r.cells[:width]]
        data = any(kinds[j] in (NUMBER, DATE) for j in values if j < len(kinds))
        if data and not _is_year_row(r.cells, width):
            break  # the first row of data ends the header
        if any(kinds[j] == TEXT for j in values if j < len(kinds)):
            last_header = i
    nonblank = [i for i, r in enumerate(rows) if not is_blank(r)]
    if not nonblank:
        return 0, 0, t("loading.header.no_rows")
    if not values:
        first = nonblank[0]
        return 1, first + 1, t("loading.header.no_numbers")
    if last_header is None:
        first = nonblank[0]
        kinds = [cell_kind(v) for v in rows[first].cells]
        if any(kinds[j] in (NUMBER, DATE) for j in values if j < len(kinds)):
            return 0, first, t("loading.header.none")
        return 1, first + 1, t("loading.header.first_line")
    count = sum(1 for i in nonblank if i <= last_header)
    data_start = next((i for i in nonblank if i > last_header), last_header + 1)
    if count == 1:
        why = t("loading.header.one")
    else:
        why = t("loading.header.rows", count=count)
    return count, data_start, why


def header_names(rows: list[list], width: int) -> tuple[list[str], list[str]]:
    """Column names from the header rows, and notes.

    Several header rows are joined with " ". In every row but the last an
    empty cell takes the text to its left (a merged cell spanning columns,
    like a year above two measures). A row part that is the same above every
    column but the first says nothing about the columns and is left out
    (it is reported in the notes instead)."""
    notes: list[str] = []
    grid = []
    for k, cells in enumerate(rows):
        texts = [cell_text(cells[j]) if j < len(cells) else "" for j in range(width)]
        grid.append(texts)
    # In every row but the last an empty cell takes the text to its left (a
    # merged cell spanning columns, like a year above two measures) - but only
    # when a row below names the column under the text: "Gemeente" over
    # empty cells names its own column, it does not span the next ones.
    for k in range(len(grid) - 1):
        texts = grid[k]
        named_below = [any(row[j] for row in grid[k + 1:]) for j in range(width)]
        for j in range(2, width):
            if not texts[j] and texts[j - 1] and named_below[j - 1]:
                texts[j] = texts[j - 1]
    if len(grid) > 1 and width > 2:
        kept = []
        for texts in grid:
            rest = set(texts[1:])
            if len(rest) == 1 and "" not in rest:
                notes.append(t("loading.note.same_header", text=repr(rest.pop())))
                texts = [texts[0]] + [""] * (width - 1)
            kept.append(texts)
        grid = kept
    names = []
    for j in range(width):
        parts: list[str] = []
        for texts in grid:
            if texts[j] and (not parts or parts[-1] != texts[j]):
                parts.append(texts[j])
        names.append(" ".join(parts))
    return names, notes


def unique_names(names: list[str]) -> tuple[list[str], list[str]]:
    """Empty names become "column N" (in the interface's language: a Dutch user reads "kolom N");
    repeats become "name (2)", "name (3)". Returns the names and notes about what was renamed."""
    notes: list[str] = []
    out: list[str] = []
    taken = set()
    filled = [n.strip() or t("loading.column_n", n=j + 1) for j, n in enumerate(names)]
    counts = Counter(filled)
    seen: Counter = Counter()
    for name in filled:
        seen[name] += 1
        new = name
        if counts[name] > 1 and seen[name] > 1:
            k = seen[name]
            while f"{name} ({k})" in taken or f"{name} ({k})" in counts:
                k += 1
            new = f"{name} ({k})"
        taken.add(new)
        out.append(new)
    for name, n in counts.items():
        if n > 1:
            notes.append(t("loading.note.duplicate", name=repr(name), count=n))
    return out, notes


def _footer_like(r: Row, width: int, values: set[int]) -> bool:
    filled = _filled(r.cells)
    if not filled or len(filled) > 2:
        return False
    kinds = [cell_kind(v) for v in r.cells]
    if any(kinds[j] in (NUMBER, DATE) for j in filled if j in values and j != 0):
        return False
    texts = [cell_text(r.cells[j]) for j in filled]
    if any(FOOTER_RE.match(t) for t in texts):
        return True
    # a lone sentence in a short row: a footnote written without a marker
    return len(r.cells) < width and len(filled) == 1 and len(texts[0]) > 40 and " " in texts[0]


def _note_like(r: Row, values: set[int]) -> bool:
    """Only the first cell holds something, and it is text: a note, or a
    source line written without "bron:" (or a label row inside a table)."""
    filled = _filled(r.cells)
    return filled == [0] and cell_kind(r.cells[0]) == TEXT


def find_footer(tail: list[Row], width: int, values: set[int], last_line: int) -> tuple[int, list[Row], str]:
    """(physical lines to skip at the end, the footer rows, why) from the
    last rows of the file.

    The footer starts where the shape of the data ends: after the last row
    that looks like data, every row that is blank, footer-like ("bron:",
    "©", "1) ...") or a note in the first cell only is cut - provided the
    rows there hold at least one blank or footer-like row, so that a table
    ending in a few one-cell rows keeps them."""
    start = len(tail)
    for i in range(len(tail) - 1, -1, -1):
        r = tail[i]
        if is_blank(r) or _footer_like(r, width, values) or (width >= 2 and _note_like(r, values)):
            start = i
        else:
            break
    footer = tail[start:]
    if not any(is_blank(x) or _footer_like(x, width, values) for x in footer):
        footer = []
    if not footer:
        return 0, [], t("loading.footer.none")
    lines = last_line - footer[0].line + 1
    texts = [x for x in footer if not is_blank(x)]
    if not texts:
        return lines, footer, tn("loading.footer.blank", lines)
    shown = "; ".join(repr(row_text(x, 60)) for x in texts[:3])
    return lines, footer, tn("loading.footer.lines", len(texts), shown=shown)
