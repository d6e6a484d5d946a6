"""The Excel workbook: one sheet per table, for colleagues back at the office.

Headers are bold on a coloured band and frozen, every sheet has a filter, columns are as wide as
their content (within limits) and long text wraps. Dates and times are real Excel dates (shown
``dd-mm-yyyy`` in Dutch, ``yyyy-mm-dd`` in English; times in the laptop's time zone), numbers are
numbers and yes/no are booleans, so sorting and filtering work. Codes (a status, a category) are
written as words in the export's language. Text is written as text, even when it starts with
``=``: a note can never become a formula.

openpyxl is imported inside :func:`write_xlsx`, never with this module.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from ..common.i18n import language, t
from .tables import Table, TripExport

MIN_WIDTH, MAX_WIDTH = 8, 60
HEADER_FILL = "1F4E79"
FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_name(title: str, taken: set[str]) -> str:
    name = title.translate(FORBIDDEN_IN_SHEET_NAMES).strip()[:31] or "Sheet"
    base, n = name, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: the laptop's local time, as the facilitator saw it.
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    return value


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.3f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_xlsx(data: TripExport, path: Path, step: Callable[[str], None] | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    dutch = language() == "nl"
    date_format = "dd-mm-yyyy" if dutch else "yyyy-mm-dd"
    stamp_format = f"{date_format} hh:mm"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_align = Alignment(vertical="top", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")

    book = Workbook()
    book.remove(book.active)
    book.properties.title = t("export.report_title", trip=data.trip.get("name", ""))
    book.properties.creator = "datatrip"
    taken: set[str] = set()
    for table in data.tables:
        sheet = book.create_sheet(sheet_name(t(table.title), taken))
        _fill(sheet, table, ILLEGAL_CHARACTERS_RE)
        for index, position in enumerate(table.human_columns(), start=1):
            column = table.columns[position]
            head = sheet.cell(row=1, column=index)
            head.font, head.fill, head.alignment = header_font, header_fill, header_align
            letter = get_column_letter(index)
            values = [row[position] for row in table.rows]
            natural = max([_width(column.human(v)) for v in values] + [len(head.value or "")])
            width = min(MAX_WIDTH, max(MIN_WIDTH, column.width or 0, min(natural, MAX_WIDTH)) + 2)
            sheet.column_dimensions[letter].width = width
            long_text = natural > MAX_WIDTH or any(isinstance(v, str) and "\n" in v
                                                   for v in values)
            for cell in sheet[letter][1:]:
                if column.type == "date":
                    cell.number_format = date_format
                elif column.type == "datetime":
                    cell.number_format = stamp_format
                elif column.type == "number":
                    cell.number_format = "0.0##"
                cell.alignment = wrap if long_text else top
        sheet.freeze_panes = "A2"
        if table.rows:
            sheet.auto_filter.ref = sheet.dimensions
        if step:
            step(table.name)
    book.save(path)


def _fill(sheet, table: Table, illegal) -> None:
    keep = table.human_columns()
    sheet.append([table.columns[i].label_text() for i in keep])
    for row in table.rows:
        values = []
        for i in keep:
            value = _cell_value(table.columns[i].human(row[i]))
            if isinstance(value, str):
                value = illegal.sub("", value)
            values.append(value)
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that starts with "=" stays text
                cell.data_type = "s"
