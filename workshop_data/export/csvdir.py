"""A folder of CSV files, one per table, that a double-click opens correctly in Excel (Dutch).

The choices, each for Excel with Dutch regional settings (the laptops of the people who receive
it), and written into ``README.txt`` in the folder:

* **UTF-8 with a byte order mark.** Without the BOM Excel reads the file as Windows-1252 and
  "financiële" becomes "financiÃ«le"; with it every Dutch (and other) character comes through.
* **Semicolon (;) between fields.** Dutch Excel uses the comma as decimal sign and therefore the
  semicolon as list separator; a comma-separated file opens as one column. No ``sep=;`` line:
  it would make Excel ignore the BOM.
* **Decimal comma** (3,5): Dutch Excel reads 3.5 as a date or as text.
* **Dates** as 2026-10-01 and times as 2026-10-01 14:30 (local time): Excel recognises both.
* Fields with ``;``, quotes or line breaks are quoted with double quotes (quotes inside doubled),
  lines end in CRLF; yes/no in words.
* Text that starts with ``=``, ``+`` or ``@`` gets a leading apostrophe, so that Excel shows it
  instead of running it as a formula.

Headers and codes are in the export's language, for people. For software, the Data Package
export writes plain UTF-8 CSV with comma separators, machine names and typed fields.
"""

from __future__ import annotations

import csv
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from ..common.i18n import t, tn
from .tables import Table, TripExport

ENCODING = "utf-8-sig"  # UTF-8 with BOM
DELIMITER = ";"
README = "README.txt"
FORMULA_START = ("=", "+", "@", "\t", "\r")


def file_names(data: TripExport) -> list[str]:
    return [f"{table.name}.csv" for table in data.tables] + [README]


def excel_text(value: Any) -> str:
    """One cell as Dutch Excel reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("export.yes") if value else t("export.no")
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if isinstance(value, datetime):
        local = value.astimezone() if value.tzinfo else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text


def write_table(table: Table, path: Path) -> None:
    keep = table.human_columns()
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL,
                            lineterminator="\r\n")
        writer.writerow([table.columns[i].label_text() for i in keep])
        for row in table.rows:
            writer.writerow([excel_text(table.columns[i].human(row[i])) for i in keep])


def write_csv_folder(data: TripExport, folder: Path,
                     step: Callable[[str], None] | None = None) -> None:
    for table in data.tables:
        write_table(table, folder / f"{table.name}.csv")
        if step:
            step(table.name)
    (folder / README).write_text(readme(data), encoding=ENCODING, newline="\r\n")


def readme(data: TripExport) -> str:
    stamp = data.exported_at.astimezone().strftime("%Y-%m-%d %H:%M")
    lines = [
        t("export.readme.title", trip=data.trip.get("name", "")),
        "",
        t("export.readme.made", when=stamp),
        t("export.readme.public") if data.public else t("export.readme.private"),
        "",
        t("export.readme.format_heading"),
        t("export.readme.encoding"),
        t("export.readme.delimiter"),
        t("export.readme.decimal"),
        t("export.readme.dates"),
        t("export.readme.quoting"),
        t("export.readme.formulas"),
        "",
        t("export.readme.files_heading"),
    ]
    for table in data.tables:
        rows = tn("export.readme.rows", len(table.rows))
        lines.append(f"  {table.name}.csv  {t(table.title)} ({rows}): {t(table.description)}")
    return "\n".join(lines) + "\n"
