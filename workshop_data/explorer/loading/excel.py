"""Excel workbooks (.xlsx): list the sheets, find the table in one sheet
(title rows, header rows, footer rows, just like a CSV) and load it.

openpyxl is imported inside the functions; it reads in read-only mode so a
big sheet streams row by row and can report progress and be cancelled.
"""

from __future__ import annotations

import os
import zipfile

from ...common.i18n import grouped, t, tn
from . import table, xlsxguard
from .convert import Rules, convert_frame
from .errors import LoadCancelled, LoadError
from .formats import detect_formats, resolve, sample_columns
from .labels import add_groups, split_labels, with_groups
from .layout import find_layout
from .options import Detection, LoadOptions, SkippedLine
from .table import Row

SAMPLE_ROWS = 5000


def _open(path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        size = os.path.getsize(path)
        raise LoadError(
            t("loader.error.zip_cut", size=grouped(size)),
            path=path, offset=size) from None
    except KeyError as exc:
        raise LoadError(t("loader.error.not_workbook", part=exc), path=path) from None
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise LoadError(t("loader.error.workbook", error=exc), path=path) from None


def list_sheets(path: str | os.PathLike) -> list[str]:
    """Names of the worksheets, in workbook order."""
    wb = _open(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


BLANK_RUN = 1000  # blank rows kept in a row; more say nothing (their numbers stay right)
TICK_CELLS = 50_000  # progress and the cancel button are asked this often


def _read_rows(path, wb, sheet: str, limit: int | None, tick=None) -> tuple[list[Row], bool]:
    """Rows of a sheet (trailing empty cells cut off) and whether all were read.

    The rows are those the file holds: the dimension a sheet declares
    ("A1:XFD1048576" for three cells) is dropped, or openpyxl would pad
    every row to it. Rows and cells are counted against a budget."""
    from .limits import DEFAULT_MAX_BYTES, byte_limit

    ws = wb[sheet]
    total = ws.max_row or 0  # declared: only for the progress bar
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    budget = xlsxguard.Budget(path, sheet, xlsxguard.max_cells(byte_limit(DEFAULT_MAX_BYTES)[0]))
    rows: list[Row] = []
    number = blanks = since_tick = 0
    try:
        for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = list(cells)
            while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
                cells.pop()
            blanks = 0 if cells else blanks + 1
            if blanks <= BLANK_RUN:
                rows.append(Row(number, cells))
            budget.count(number, len(cells))
            since_tick += len(cells) + 1
            if tick is not None and since_tick >= TICK_CELLS:
                since_tick = 0
                tick(min(1.0, number / total) if total else 0.0)
            if limit is not None and number >= limit:
                return rows, False
    except (LoadCancelled, LoadError):
        raise
    except Exception as exc:  # a damaged sheet inside an intact archive
        raise LoadError(t("loader.error.sheet_damaged", error=exc),
                        path=path, sheet=sheet, row=number + 1) from None
    return rows, True


def _width(rows: list[Row]) -> int:
    """The widest row that has at least two filled cells (a note far to
    the right in a single cell does not widen the table)."""
    widths = [len(r.cells) for r in rows if sum(table.cell_kind(v) != table.EMPTY for v in r.cells) >= 2]
    return max(widths) if widths else max((len(r.cells) for r in rows), default=1)


def _sample(path, opts: LoadOptions):
    """(rows, complete, sheets): the first SAMPLE_ROWS rows of the chosen sheet."""
    wb = _open(path)
    try:
        sheets = list(wb.sheetnames)
        rows, complete = _read_rows(path, wb, _pick_sheet(path, opts.sheet, sheets), SAMPLE_ROWS)
    finally:
        wb.close()
    return rows, complete, sheets


def detect_xlsx(path, opts: LoadOptions, *, rows=None, complete=None, sheets=None):
    """(Detection, rows, complete, sheets, data rows, column names without
    the group column). Reads at most SAMPLE_ROWS rows unless `rows` (all
    rows of the sheet) are given. The layout and the value formats are
    found as for a CSV (layout.py, formats.py)."""
    reasons: dict[str, str] = {}
    notes: list[str] = []
    if rows is None:
        rows, complete, sheets = _sample(path, opts)
    sheet = _pick_sheet(path, opts.sheet, sheets)
    if opts.sheet is None:
        reasons["sheet"] = (t("loading.excel.first_sheet", count=len(sheets), sheets=", ".join(map(repr, sheets)))
                            if len(sheets) > 1 else t("loading.excel.only_sheet"))
    if not any(not table.is_blank(r) for r in rows):
        raise LoadError(t("loader.error.sheet_empty"), path=path, sheet=sheet)
    width = _width(rows)
    last = rows[-1].line
    found = find_layout(rows, width, opts, tail=rows, last_line=last, complete=complete,
                        reasons=reasons, notes=notes, partial="loading.excel.footer_later")
    data = [r for r in found.body[found.data_index:]
            if r.line <= last - found.skip_bottom and not table.is_blank(r)]
    formats = detect_formats(sample_columns(data[:SAMPLE_ROWS], found.names), opts, reasons, notes,
                             default_decimal=".")
    resolved = resolve("xlsx", opts, formats, reasons, sheet=sheet, skip_top=found.skip_top,
                       header_rows=found.header_rows, skip_bottom=found.skip_bottom)
    skipped = [SkippedLine(r.line, "blank" if table.is_blank(r) else "title", table.row_text(r)) for r in found.above]
    skipped += [SkippedLine(r.line, "blank" if table.is_blank(r) else "footer", table.row_text(r))
                for r in found.footer]
    detection = Detection(path=os.fspath(path), format="xlsx", options=resolved, reasons=reasons,
                          notes=notes, columns=with_groups(data, found.names), skipped=skipped,
                          sheets=sheets, size_bytes=os.path.getsize(path), sampled=not complete)
    return detection, rows, complete, sheets, data, found.names


def _pick_sheet(path, wanted: str | None, sheets: list[str]) -> str:
    if not sheets:
        raise LoadError(t("loader.error.no_sheets"), path=path)
    if wanted is None:
        return sheets[0]
    if wanted not in sheets:
        raise LoadError(t("loader.error.no_such_sheet", sheet=repr(wanted), sheets=", ".join(map(repr, sheets))),
                        path=path)
    return wanted


def load_xlsx(path, opts: LoadOptions, tick):
    """(Detection, frame, kinds, skipped, warnings) with all rows read.
    `opts` are the caller's: text_columns None means "find codes in every
    row", not only in the rows detection looked at."""
    import pandas as pd

    wb = _open(path)
    try:
        sheets = list(wb.sheetnames)
        sheet = _pick_sheet(path, opts.sheet, sheets)
        limit = None
        if opts.max_rows is not None:
            limit = (opts.skip_top or 0) + (opts.header_rows if opts.header_rows is not None else 10) + opts.max_rows + 50
        rows, complete = _read_rows(path, wb, sheet, limit, tick)
    finally:
        wb.close()
    detection, rows, complete, sheets, data, names = detect_xlsx(path, opts, rows=rows, complete=complete, sheets=sheets)
    used = detection.options
    width = len(names)
    skipped = list(detection.skipped)
    records, lines = [], []
    wide = []
    for r in data:
        cells = r.cells
        if len(cells) > width:
            wide.append(r.line)
            cells = cells[:width]
        records.append(cells + [None] * (width - len(cells)))
        lines.append(r.line)
        if opts.max_rows is not None and len(records) >= opts.max_rows:
            break
    warns = []
    if wide:
        warns.append(tn("loading.excel.wide_rows", len(wide), rows=", ".join(map(str, wide[:10]))))
    records, lines, groups, labels = split_labels(records, lines, width)
    skipped = sorted(skipped + labels, key=lambda s: s.line)
    columns = list(zip(*records)) if records else [()] * width
    frame = pd.DataFrame({j: pd.Series(col, dtype=object) for j, col in enumerate(columns)})
    frame.columns = names
    add_groups(frame, groups)
    rules = Rules(decimal=used.decimal, thousands=used.thousands, na_values=used.na_values,
                  date_format=used.date_format, text_columns=opts.text_columns, tolerance=used.numeric_tolerance,
                  number_columns=used.number_columns)
    frame, kinds, conv = convert_frame(frame, rules)
    return detection, frame, kinds, skipped, warns + conv
