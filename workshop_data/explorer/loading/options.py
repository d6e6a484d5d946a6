"""Plain data classes shared by detection and loading.

`LoadOptions` holds every choice the loader makes. ``None`` means "detect it";
any other value is used as given. After a load, `LoadResult.options` holds
the values that were actually used (``None`` is left only where an option
does not apply to the format, such as `delimiter` for Excel or `sheet` for
CSV, and in `max_rows`), so storing ``options.to_dict()`` per file and
loading again with ``LoadOptions.from_dict(...)`` gives the same table.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas stays out of import time (see package docstring)
    import pandas as pd

FORMATS = ("csv", "xlsx", "json", "geojson")
LIST_OPTIONS = ("na_values", "text_columns", "number_columns")


@dataclass
class LoadOptions:
    """Every choice of a load; ``None`` = detect.

    - format: "csv" (also TSV/TXT), "xlsx", "json" or "geojson".
    - encoding: a Python codec name ("utf-8", "utf-8-sig", "cp1252", ...).
    - delimiter: ";", ",", "\\t" or "|" (any single character works).
    - decimal: "," or ".".
    - thousands: ".", ",", " " or "" for none.
    - skip_top: physical lines (Excel: rows) above the header to skip, such
      as title lines.
    - header_rows: number of non-blank header rows after `skip_top`; 0 means
      no header (columns are named "column 1", ...). Several header rows are
      joined with " ".
    - skip_bottom: physical lines (Excel: rows) at the end to skip, such as
      "bron:" or "©" lines and footnotes.
    - na_values: cell texts that mean "missing" (compared after stripping
      spaces). Empty cells are always missing.
    - sheet: Excel sheet name; None = the first sheet.
    - date_format: strptime format such as "%d-%m-%Y", "ISO8601", or "" to
      parse no dates.
    - text_columns: columns kept as text even if they look numeric (codes with
      leading zeros such as "0344").
    - numeric_tolerance: share (0..1) of values in a column that may fail to
      parse as a number or date before the whole column stays text; the
      failing values become missing and are listed in the warnings. The
      default 0: nothing a file holds is lost, a column with odd values
      stays text (and a warning names them).
    - max_rows: load at most this many data rows (None = all). Not detected.
    - number_columns: "treat as number": these columns become numbers even
      with odd values, which become missing (listed in the warnings).
    - keep_totals: total rows ("Totaal", "Nederland") stay in the table;
      by default they are kept apart in `LoadResult.totals`.
    """

    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    skip_top: int | None = None
    header_rows: int | None = None
    skip_bottom: int | None = None
    na_values: list[str] | None = None
    sheet: str | None = None
    date_format: str | None = None
    text_columns: list[str] | None = None
    numeric_tolerance: float | None = None
    max_rows: int | None = None
    number_columns: list[str] | None = None
    keep_totals: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every field (None stays None)."""
        out = dataclasses.asdict(self)
        for key in LIST_OPTIONS:
            if out[key] is not None:
                out[key] = list(out[key])
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LoadOptions":
        """Build options from `to_dict()` output; unknown keys are ignored
        (so options saved by a newer version still load), wrong types raise
        ValueError."""
        if not isinstance(data, dict):
            raise ValueError("load options must be a JSON object")
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data or data[f.name] is None:
                continue
            value = data[f.name]
            if f.name in LIST_OPTIONS:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"load option {f.name!r} must be a list of strings")
            elif f.name in ("skip_top", "header_rows", "skip_bottom", "max_rows"):
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise ValueError(f"load option {f.name!r} must be a whole number >= 0")
            elif f.name == "keep_totals":
                if not isinstance(value, bool):
                    raise ValueError("load option 'keep_totals' must be true or false")
            elif f.name == "numeric_tolerance":
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                    raise ValueError("load option 'numeric_tolerance' must be a number from 0 to 1")
                value = float(value)
            elif not isinstance(value, str):
                raise ValueError(f"load option {f.name!r} must be a string")
            kwargs[f.name] = value
        if kwargs.get("format") is not None and kwargs["format"] not in FORMATS:
            raise ValueError(f"unknown format {kwargs['format']!r}; expected one of {', '.join(FORMATS)}")
        return cls(**kwargs)

    def updated(self, **changes: Any) -> "LoadOptions":
        """A copy with some fields changed (for "override and preview")."""
        return dataclasses.replace(self, **changes)

    def filled_from(self, detected: "LoadOptions") -> "LoadOptions":
        """Fields that are None here take the value from `detected`."""
        values = {
            f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(detected, f.name)
            for f in dataclasses.fields(self)
        }
        return LoadOptions(**values)


@dataclass
class SkippedLine:
    """A line (Excel: row) that is not part of the table, and why."""

    line: int  # 1-based, as a text editor (or Excel) numbers it
    reason: str  # "title", "blank", "footer", "too many fields", ...
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason, "text": self.text}


@dataclass
class Detection:
    """What `detect()` found: the chosen options plus the evidence.

    `reasons` maps an option name to a human-readable sentence saying why it
    has its value ("given" when the caller set it). `notes` holds further
    observations (missing markers, dates inside text, ...).
    """

    path: str
    format: str
    options: LoadOptions
    reasons: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    size_bytes: int = 0
    sampled: bool = False  # True when only part of the file was examined


@dataclass
class LoadResult:
    """A loaded table with the options that were used and what went wrong."""

    frame: "pd.DataFrame"
    options: LoadOptions
    detection: Detection
    warnings: list[str] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    column_kinds: dict[str, str] = field(default_factory=dict)
    truncated: bool = False  # only the start of the file was loaded
    # total rows kept apart from `frame` (same columns; empty when none or
    # when keep_totals), and the label of each total row found
    totals: "pd.DataFrame | None" = None
    total_labels: list[str] = field(default_factory=list)
