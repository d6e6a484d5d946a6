"""Limits that keep a small .xlsx from taking all memory or CPU (issue 20).

A workbook is a zip of XML: 1 MB on disk can hold a 1 GiB cell, a sheet
can declare all 17 billion cells Excel has (``A1:XFD1048576``) for three
real ones, and rows can be repeated by the million at almost no cost. So
before anything is parsed the zip directory is read - uncompressed sizes
and ratios - and while a sheet streams, rows and cells are counted against
a budget. The rows themselves are read as they are in the file, not as the
declared dimension says (see excel._read_rows).
"""

from __future__ import annotations

import os
import zipfile

from ...common.i18n import grouped, t
from .errors import LoadError

# XML of a real sheet compresses 5-20x; far more is a "zip bomb"
MAX_RATIO = 100
RATIO_FROM = 16 << 20  # ... judged for parts above this size only
MAX_XML = 256 << 20  # uncompressed bytes of all parts together
MAX_ROWS = 1_048_576  # Excel's own limit: a sheet with more was not made by Excel
CELL_BYTES = 64  # memory one read cell takes, about


def _human(n: int) -> str:
    from .limits import human

    return human(n)


def check_archive(path: str | os.PathLike) -> None:
    """Refuse a workbook whose parts would unpack to too much; a damaged
    zip is left for openpyxl to report."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return
    total = 0
    for info in infos:
        total += info.file_size
        packed = max(1, info.compress_size)
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * packed:
            raise LoadError(
                t("loader.error.zip_bomb", part=repr(info.filename), packed=_human(packed),
                  size=_human(info.file_size), times=grouped(info.file_size // packed)),
                path=path)
    if total > MAX_XML:
        raise LoadError(
            t("loader.error.xml_size", size=_human(total), limit=_human(MAX_XML)), path=path)


class Budget:
    """Rows and cells a sheet may yield while it streams."""

    def __init__(self, path, sheet: str, max_cells: int) -> None:
        self.path, self.sheet, self.max_cells = path, sheet, max_cells
        self.cells = 0

    def count(self, number: int, cells: int) -> None:
        self.cells += cells
        if number > MAX_ROWS:
            raise LoadError(t("loader.error.too_many_rows", limit=grouped(MAX_ROWS)),
                            path=self.path, sheet=self.sheet, row=number)
        if self.cells > self.max_cells:
            raise LoadError(t("loader.error.too_many_cells", limit=grouped(self.max_cells)),
                            path=self.path, sheet=self.sheet, row=number)


def max_cells(limit_bytes: int) -> int:
    return max(1_000_000, limit_bytes // CELL_BYTES)
