"""Step 5 of the pipeline, first half - how values are written, found once
for every reader (CSV, Excel, JSON) from a sample of cells per column:
decimal and thousands marks, missing markers, the date format and code
columns; then the LoadOptions that a load applies (`resolve`). The second
half, typing the columns by these rules, is convert.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...common.i18n import t
from . import values
from .options import LoadOptions


@dataclass
class ValueFormats:
    decimal: str
    thousands: str
    na_values: list[str]
    date_format: str
    text_columns: list[str]


def _number_format(columns: dict, opts: LoadOptions, reasons: dict, delimiter, default: str):
    if opts.decimal is not None and opts.thousands is not None:
        return opts.decimal, opts.thousands
    dec, thou, dwhy, twhy = values.detect_number_format(columns, delimiter, default=default)
    decimal = opts.decimal if opts.decimal is not None else dec
    thousands = opts.thousands if opts.thousands is not None else thou
    if opts.decimal is None:
        reasons["decimal"] = dwhy
    if opts.thousands is None:
        reasons["thousands"] = twhy
    if decimal == thousands:  # e.g. the user chose decimal "." where "." groups thousands
        thousands = ""
    return decimal, thousands


def detect_formats(columns: dict[str, list], opts: LoadOptions, reasons: dict, notes: list, *,
                   delimiter: str | None = None, default_decimal: str = ",",
                   code_columns: dict[str, list] | None = None) -> ValueFormats:
    """Every value format that is None in `opts`, from `columns` (name ->
    sample cells, strings or typed values). `code_columns` is a wider
    sample for the code check (the middle and end of a big file)."""
    decimal, thousands = _number_format(columns, opts, reasons, delimiter, default_decimal)
    if opts.na_values is None:
        na_values, reasons["na_values"] = values.detect_markers(columns)
    else:
        na_values = list(opts.na_values)
    if opts.date_format is None:
        date_format, reasons["date_format"], date_notes = values.detect_date_format(columns)
        notes += date_notes
    else:
        date_format = opts.date_format
    if opts.text_columns is None:
        text_columns, reasons["text_columns"] = values.detect_codes(code_columns or columns)
    else:
        text_columns = list(opts.text_columns)
    return ValueFormats(decimal, thousands, na_values, date_format, text_columns)


def resolve(fmt: str, opts: LoadOptions, found: ValueFormats, reasons: dict, **layout) -> LoadOptions:
    """The options a load applies: what was found, what was given (its
    reason "given"), and the defaults; `layout` holds encoding, delimiter,
    skip_top, header_rows, skip_bottom and sheet where they apply."""
    if opts.numeric_tolerance is None:
        reasons["numeric_tolerance"] = t("loading.tolerance.default")
    for key, value in opts.to_dict().items():
        if value is not None:
            reasons[key] = "given"
    return LoadOptions(
        format=fmt, decimal=found.decimal, thousands=found.thousands, na_values=found.na_values,
        date_format=found.date_format, text_columns=found.text_columns,
        numeric_tolerance=0.0 if opts.numeric_tolerance is None else opts.numeric_tolerance,
        number_columns=list(opts.number_columns or []), max_rows=opts.max_rows,
        keep_totals=opts.keep_totals, **layout)


def sample_columns(rows, names: list[str]) -> dict[str, list]:
    """name -> the cells of `rows` (table.Row) in that column (None past a short row's end)."""
    return {name: [r.cells[j] if j < len(r.cells) else None for r in rows] for j, name in enumerate(names)}
