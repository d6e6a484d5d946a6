"""Small generators of hostile .xlsx files (issue 20): a workbook is a zip of XML parts, so a
few lines of XML make a file that is tiny on disk but huge (or endless) once read."""

from __future__ import annotations

import zipfile
from pathlib import Path

_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/'
          'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
          'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
          '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
         'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
             'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" '
             'r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
               'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def cell(ref: str, value) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def workbook(path: Path, rows, *, ref: str = "A1") -> Path:
    """Write a one-sheet workbook; `rows` yields the XML of each <row> (streamed, so millions
    of rows cost no memory), `ref` is the dimension the sheet declares."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(_SHEET_HEAD.format(ref=ref).encode())
            chunk = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= 10000:
                    out.write("".join(chunk).encode())
                    chunk = []
            out.write("".join(chunk).encode())
            out.write(_SHEET_TAIL.encode())
    return path


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def huge_cell(path: Path, size: int) -> Path:
    """One text cell of `size` bytes ('a' repeated: a ratio of about 1000 to 1)."""
    def rows():
        yield row(1, cell("A1", "naam"), cell("B1", "aantal"))
        yield f'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(size // (1 << 20)):
            yield "a" * (1 << 20)
        yield '</t></is></c><c r="B2"><v>1</v></c></row>'
    return workbook(path, rows())


def whole_sheet_dimension(path: Path) -> Path:
    """Three cells, but the sheet declares every cell Excel has (A1:XFD1048576)."""
    return workbook(path, iter([row(1, cell("A1", "naam"), cell("B1", "aantal")),
                                row(2, cell("A2", "x"), cell("B2", 1))]), ref="A1:XFD1048576")


def many_rows(path: Path, count: int) -> Path:
    """`count` equal rows without row numbers (allowed; openpyxl counts them): they compress
    to almost nothing, so the file is small and the sheet is far longer than Excel allows."""
    def rows():
        yield row(1, cell("A1", "nr"), cell("B1", "aantal"))
        same = "<row><c><v>7</v></c><c><v>1</v></c></row>"
        for _ in range(count):
            yield same
    return workbook(path, rows(), ref="A1:B2")
