"""`inspect_file(path)`: everything detection and profiling found, as one
JSON-ready dict (printed by ``datatrip inspect FILE --json``).

Shape (keys are always present; null where they do not apply, e.g.
"delimiter" for Excel or "sheet" for CSV)::

    {
      "file": "buurten.csv",            # base name
      "path": "/abs/or/given/path.csv",
      "size_bytes": 5590,
      "format": "csv",                  # csv | xlsx | json | geojson
      "sheet": null, "sheets": [],      # Excel: chosen sheet and all sheets
      "encoding": "utf-8",              # utf-8 | utf-8-sig | cp1252 | latin-1 | utf-16...
      "delimiter": ";",
      "decimal": ",",
      "thousands": "",                  # "" = none
      "header_line": 1,                 # first line of the header (null: no header)
      "header_rows": 1,
      "skip_top": 0, "skip_bottom": 0,  # lines skipped above / below the table
      "na_values": [".", "-"],          # missing-value markers in use
      "date_format": "",                # strptime format, "ISO8601" or ""
      "rows": 117,
      "columns": [{"name": "Buurten", "type": "text"}, ...],
      "skipped_lines": [{"line": 1, "reason": "title", "text": "..."}, ...],
      "warnings": ["..."],              # things changed while loading
      "notes": ["..."],                 # further observations
      "reasons": {"delimiter": "';' splits 118 of 118 lines ...", ...},
      "options": {...},                 # LoadOptions.to_dict(): load again with these
      "truncated": false,               # only the start of a huge file was read
      "privacy": [{"column": "email", "kind": "email", "count": 3, "rows_scanned": 117}],
      "profile": {"rows": 117, "columns": [...]},  # TableProfile.to_dict()
      "total_rows": [{"label": "Totaal", "values": {...}}],  # kept apart (values null: kept in)
      "number_columns": []              # columns treated as numbers by request
    }

Column types are those of the profile: integer, decimal, text, date,
boolean, code. A file that cannot be read raises LoadError.
"""

from __future__ import annotations

import os
from typing import Any

from .options import LoadOptions
from .privacy import scan_privacy
from .profiling import profile
from .reader import DEFAULT_MAX_BYTES, load


def inspect_file(path: str | os.PathLike, options: LoadOptions | None = None, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, sample_if_too_big: bool = True) -> dict[str, Any]:
    result = load(path, options, max_bytes=max_bytes, sample_if_too_big=sample_if_too_big)
    return report_of(result, path, table=profile(result.frame), hits=scan_privacy(result.frame))


def report_of(result, path: str | os.PathLike, *, table=None, hits=None) -> dict[str, Any]:
    """The report of a file already loaded. Without ``table`` (its profile) it has no
    "profile" key and "rows"/"columns" are the frame's; without ``hits`` "privacy" is empty."""
    opts = result.options
    header_rows = opts.header_rows or 0
    report = {
        "file": os.path.basename(os.fspath(path)),
        "path": os.fspath(path),
        "size_bytes": os.path.getsize(path) if os.path.exists(path) else 0,  # gone since read
        "format": result.detection.format,
        "sheet": opts.sheet,
        "sheets": list(result.detection.sheets),
        "encoding": opts.encoding,
        "delimiter": opts.delimiter,
        "decimal": opts.decimal,
        "thousands": opts.thousands,
        "header_line": (opts.skip_top or 0) + 1 if header_rows else None,
        "header_rows": header_rows,
        "skip_top": opts.skip_top,
        "skip_bottom": opts.skip_bottom,
        "na_values": list(opts.na_values or []),
        "date_format": opts.date_format,
        "rows": table.rows if table is not None else len(result.frame),
        "columns": [{"name": c.name, "type": c.type} for c in table.columns] if table is not None
        else [{"name": str(c), "type": result.column_kinds.get(c, "text")} for c in result.frame.columns],
        "skipped_lines": [s.to_dict() for s in result.skipped],
        "warnings": list(result.warnings),
        "notes": list(result.detection.notes),
        "reasons": dict(result.detection.reasons),
        "options": opts.to_dict(),
        "truncated": result.truncated,
        "privacy": [h.to_dict() for h in hits or []],
    }
    if table is not None:
        report["profile"] = table.to_dict()
    # added in issue 16 (keys are only ever added)
    report["total_rows"] = _total_rows(result)
    report["number_columns"] = list(opts.number_columns or [])
    return report


def _total_rows(result) -> list[dict[str, Any]]:
    """The total rows kept apart: their label and their values (JSON-safe)."""
    from .profiling import _plain

    totals = result.totals
    if totals is None or totals.empty:
        return [{"label": label, "values": None} for label in result.total_labels]
    return [{"label": label, "values": {str(c): _plain(v) for c, v in row.items()}}
            for label, (_, row) in zip(result.total_labels, totals.iterrows())]
