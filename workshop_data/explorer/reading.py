"""How a file was read, as a person reads it: the choices with their reasons, the lines skipped
(titles, footers, blank lines), the total rows set apart, the warnings and the notes.

One account for both places that tell it: ``datatrip inspect`` prints it above the profile, and
the explorer's "Reading" view shows it whole (its panel has room for the first warning only).
Both start from an ``inspect_file()``-shaped report (:func:`loading.report.report_of`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..common.i18n import t, tn

SKIP_REASONS = ("title", "blank", "footer", "comment", "label", "table")
CHOICES = ("sheet", "encoding", "delimiter", "decimal", "thousands")


def shown_value(value: Any, plain: bool = False) -> str:
    """A detected choice or a statistic as it is read: ';', tab, none, 1.234,5."""
    if value is None:
        return "—"
    if value == "":
        return t("inspect.none")
    if value == "\t":
        return "tab"
    if isinstance(value, str):
        return repr(value) if len(value) == 1 else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from .charts import fmt_value

        return fmt_value(value, plain)
    return str(value)


def skipped_reason(reason: str) -> str:
    """A skipped line's reason as the user reads it; the JSON keeps the stable code."""
    if reason in SKIP_REASONS:
        return t(f"inspect.reason.{reason}")
    found = re.match(r"too many fields:\s*(\d+)(?: instead of |, saw )(\d+)", reason)
    if found:
        return t("inspect.reason.too_many", fields=found.group(1), width=found.group(2))
    return reason


@dataclass
class Skipped:
    line: int
    reason: str  # as read: "titel", "voettekst"
    text: str  # the whole line


@dataclass
class TotalRow:
    label: str  # "Totaal", "Nederland"
    values: list[tuple[str, Any]] | None  # (column, value); None: kept in the table


@dataclass
class Reading:
    choices: list[tuple[str, str, str]] = field(default_factory=list)  # (label, value, why)
    skipped: list[Skipped] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    truncated: bool = False
    privacy: list[str] = field(default_factory=list)  # what the privacy scan found, in words

    @property
    def totals_apart(self) -> list[TotalRow]:
        return [row for row in self.totals if row.values is not None]


def _why(why: str) -> str:
    return t("inspect.given") if why == "given" else why


def reading_of(report: dict[str, Any]) -> Reading:
    """The account of an ``inspect_file()`` report (or of ``report_of()``'s, which has no
    profile), in the current language."""
    reasons = report.get("reasons", {})
    reading = Reading()
    for name in CHOICES:
        value = report.get(name)
        if value is None:  # Excel has no encoding or delimiter, a CSV no sheet
            continue
        reading.choices.append((t("inspect." + name), shown_value(value), _why(reasons.get(name, ""))))
    if report["format"] in ("csv", "xlsx"):
        header = (tn("inspect.header_span", report["header_rows"], line=report["header_line"])
                  if report["header_line"] else t("inspect.no_header"))
        reading.choices.append((t("inspect.header"), header, ""))
    markers = " ".join(report.get("na_values") or []) or t("inspect.none")
    reading.choices.append((t("inspect.missing_markers"), markers, ""))
    if report.get("date_format"):
        reading.choices.append((t("inspect.dates"), report["date_format"], ""))
    reading.skipped = [Skipped(s["line"], skipped_reason(s["reason"]), s["text"])
                       for s in report.get("skipped_lines", [])]
    reading.totals = [TotalRow(row["label"], None if row.get("values") is None
                               else list(row["values"].items()))
                      for row in report.get("total_rows", [])]
    reading.warnings = list(report.get("warnings", []))
    reading.notes = list(report.get("notes", []))
    reading.truncated = bool(report.get("truncated"))
    reading.privacy = [t("explorer.privacy_hit", column=hit["column"],
                         kind=t(f"explorer.privacy.{hit['kind']}"), count=hit["count"],
                         rows=hit["rows_scanned"]) for hit in report.get("privacy", [])]
    return reading


def reading_lines(reading: Reading) -> list[str]:
    """The account as ``datatrip inspect`` prints it, one line per fact, long lines cut."""
    lines = [f"  {label:<14} {value:<8} {why}".rstrip() for label, value, why in reading.choices]
    for skipped in reading.skipped:
        text = skipped.text if len(skipped.text) <= 60 else skipped.text[:59] + "…"
        lines.append(f"  {t('inspect.skipped'):<14} {t('inspect.line', line=skipped.line)}: "
                     f"{skipped.reason}  {text}".rstrip())
    for total in reading.totals_apart:
        lines.append(f"  {t('inspect.total_row'):<14} {t('inspect.total_apart', label=total.label)}")
    lines += [f"  ! {warning}" for warning in reading.warnings]
    lines += [f"  · {note}" for note in reading.notes]
    if reading.truncated:
        lines.append(f"  ! {t('inspect.truncated')}")
    lines += [f"  ! {found}" for found in reading.privacy]
    return lines
