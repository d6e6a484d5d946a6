"""Step 3 of the pipeline - detect the layout: where the table sits in a
grid of rows (title lines above it, the header rows, the footer below).

    sniff (textio) -> decode (decoding) -> detect layout (here) -> parse
    (csvread, excel, jsonload) -> type (formats, convert) -> report (report)

CSV and Excel share it: both hand over `table.Row`s (strings from a CSV,
typed cells from a sheet). Every choice the caller gave in LoadOptions is
used as given; the others are found, with a sentence in `reasons`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...common.i18n import t, tn
from . import comments as comments_mod
from . import table
from .options import LoadOptions
from .table import Row

TAIL_ROWS = 40  # rows at the end that may be footer


@dataclass
class Layout:
    skip_top: int
    header_rows: int
    skip_bottom: int
    above: list[Row]  # title (or comment) rows above the table
    body: list[Row]  # the rows from the first table row on
    data_index: int  # index in body of the first data row
    header: list[Row]
    names: list[str]
    unnamed: tuple[int, ...]  # columns whose header is empty
    value_cols: set[int]
    footer: list[Row] = field(default_factory=list)
    named_in_comment: bool = False

    @property
    def data_line(self) -> int:
        if self.data_index < len(self.body):
            return self.body[self.data_index].line
        return self.body[-1].end_line + 1 if self.body else (self.above[-1].end_line + 1 if self.above else 1)


def _top(rows: list[Row], width: int, opts: LoadOptions, reasons: dict, comments: int):
    """(skip_top, index of the first table row, the names' comment line or None)."""
    if comments and opts.skip_top is None:
        named = comments_mod.find_names(rows, comments, width) if opts.header_rows in (None, 1) else None
        skip_top = named.line - 1 if named else comments
        reasons["skip_top"] = (tn("loading.comments.lines", comments) +
                               (t("loading.comments.names", line=named.line) if named else ""))
        return skip_top, _first_after(rows, skip_top), named
    if opts.skip_top is None:
        start, _, reasons["skip_top"] = table.find_skip_top(rows, width)
        return (rows[start].line - 1 if rows else 0), start, None
    return opts.skip_top, _first_after(rows, opts.skip_top), None


def _first_after(rows: list[Row], line: int) -> int:
    return next((i for i, r in enumerate(rows) if r.line > line), len(rows))


def _header(body: list[Row], width: int, opts: LoadOptions, value_cols: set[int], reasons: dict,
            named, comments: int) -> tuple[int, int]:
    """(header rows, index in body of the first data row)."""
    if named is not None:
        reasons["header_rows"] = t("loading.comments.header", fields=width)
        return 1, _first_after(body, comments)
    if opts.header_rows is None:
        header_rows, data_index, reasons["header_rows"] = table.find_header(body, width, value_cols)
    else:
        header_rows = opts.header_rows
        nonblank = [i for i, r in enumerate(body) if not table.is_blank(r)]
        data_index = nonblank[header_rows] if header_rows < len(nonblank) else len(body)
        if header_rows == 0:
            data_index = 0
    if comments and header_rows and data_index < len(body) and body[data_index].line <= comments:
        # the names sit in the comment block: the comment lines below them are no data
        data_index = _first_after(body, comments)
    return header_rows, data_index


def _footer(tail: list[Row], width: int, value_cols: set[int], last_line: int, data_line: int,
            opts: LoadOptions, reasons: dict, complete: bool, partial: str) -> tuple[int, list[Row]]:
    if opts.skip_bottom is not None:
        return opts.skip_bottom, [r for r in tail if r.line > last_line - opts.skip_bottom]
    if not complete:
        reasons["skip_bottom"] = t(partial)
        return 0, []
    candidates = [r for r in tail if r.line >= data_line][-TAIL_ROWS:]
    skip_bottom, footer, reasons["skip_bottom"] = table.find_footer(candidates, width, value_cols, last_line)
    return skip_bottom, footer


def find_layout(rows: list[Row], width: int, opts: LoadOptions, *, tail: list[Row], last_line: int,
                complete: bool, reasons: dict, notes: list, comments: int = 0,
                partial: str = "loading.footer.sampled") -> Layout:
    """The layout of `rows` (the first rows of the file; `tail` its last
    ones, `last_line` the number of its last line). `partial` is the reason
    given when only the start was read and so no footer can be found."""
    skip_top, start, named = _top(rows, width, opts, reasons, comments)
    value_cols = table.value_columns(rows[start:], width)
    body = rows[start:]
    header_rows, data_index = _header(body, width, opts, value_cols, reasons, named, comments)
    header = [r for r in body[:data_index] if not table.is_blank(r)][:header_rows]
    cells = [comments_mod.strip_mark(r.cells) if comments else r.cells for r in header]
    names, header_notes = table.header_names(cells, width)
    unnamed = tuple(j for j, n in enumerate(names) if not n) if header else ()
    names, dup_notes = table.unique_names(names)
    notes += header_notes + dup_notes
    found = Layout(skip_top, header_rows, 0, rows[:start], body, data_index, header, names, unnamed,
                   value_cols, named_in_comment=named is not None)
    found.skip_bottom, found.footer = _footer(tail, width, value_cols, last_line, found.data_line, opts,
                                              reasons, complete, partial)
    return found
