"""Dates as a room reads them: '1 okt 2026' / '1 Oct 2026'. A module of its own, so that the
dashboard's first frame does not wait for the atelier form (and its text area)."""

from __future__ import annotations

from datetime import date

from workshop_data.common.i18n import t


def format_date(value: str | None) -> str:
    """A short date a room can read at a glance: '1 okt 2026' / '1 Oct 2026'."""
    if not value:
        return t("dashboard.no_date")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    month = t(f"month.{day.month}")
    return f"{day.day} {month} {day.year}"
