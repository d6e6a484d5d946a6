"""Personal data on the screen: values of the columns the privacy scan flagged are masked.

The room looks at a projector. A column in which the scan found BSNs, e-mail addresses, phone
numbers or addresses (:func:`workshop_data.explorer.loading.scan_privacy`) shows its values masked,
``111222333`` as ``•••••••33``: enough to see that a value is there and tell two apart, not to
read one. The explorer shows them in clear only after an explicit key; ``datatrip inspect``
never does, and an export never holds the file's rows at all. The statistics of such a column
that are values of it (min, max, mean, median) are left out, and its most common values masked.
"""

from __future__ import annotations

from typing import Any, Iterable

MASK = "•"
# Fields that hold a credential (a voter's ballot code, a token, a PIN): never on a screen that may
# be projected, never in an export.
CREDENTIALS = frozenset({"ballot_code", "token", "pin"})
KEEP = 2  # characters left readable at the end
VALUE_STATS = ("min", "max", "mean", "median")


def mask(value: Any) -> str:
    """``"111222333"`` → ``"•••••••33"``; short values are masked whole."""
    text = str(value)
    if len(text) <= KEEP * 2:
        return MASK * len(text)
    return MASK * (len(text) - KEEP) + text[-KEEP:]


def masked_columns(hits: Iterable, names: Iterable[str] | None = None) -> set[str]:
    """The names of the columns the privacy scan found personal data in. An address found in
    a postcode and a house-number column is one hit named "Postcode + Huisnummer": with the
    table's column ``names`` given, both columns are masked."""
    found = {hit["column"] if isinstance(hit, dict) else hit.column for hit in hits}
    if names is None:
        return found
    names = set(names)
    out = set()
    for column in found:
        out |= {column} if column in names else set(column.split(" + ")) & names
    return out


def mask_profile(profile: dict[str, Any], columns: set[str]) -> dict[str, Any]:
    """A profile as ``Profile.to_dict()`` gives it, with the columns in ``columns`` masked:
    no value statistics, the most common values masked (their counts kept)."""
    out = dict(profile)
    out["columns"] = []
    for col in profile.get("columns", []):
        if col.get("name") in columns:
            col = {**col, **{key: None for key in VALUE_STATS if key in col}}
            col["top"] = [{**top, "value": mask(top["value"])} for top in col.get("top", [])]
        out["columns"].append(col)
    return out


def mask_report(report: dict[str, Any]) -> dict[str, Any]:
    """An ``inspect_file()`` report as it may be shown: the profile of flagged columns masked."""
    columns = masked_columns(report.get("privacy", []),
                             [c["name"] for c in report.get("profile", {}).get("columns", [])])
    if not columns:
        return report
    return {**report, "profile": mask_profile(report["profile"], columns)}
