"""Setting up a new trip: the trip row and its four ateliers, in one transaction."""

from __future__ import annotations

from datetime import date

from .errors import ValidationError
from .i18n import t
from .model import Trip
from .store import Store


def parse_date(value: str, field: str) -> str | None:
    """Accept ``2026-10-01`` or the Dutch ``1-10-2026``; return ISO or None for blank."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    parts = value.replace("/", "-").replace(".", "-").split("-")
    if len(parts) == 3 and len(parts[2]) == 4:
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0])).isoformat()
        except ValueError:
            pass
    raise ValidationError(field, t("setup.bad_date", value=value))


def create_trip(store: Store, *, name: str, organisation: str = "", language: str = "nl",
                dates: list[str] | None = None) -> Trip:
    if store.trip() is not None:
        raise ValidationError("name", t("setup.trip_exists"))
    dates = list(dates or []) + [""] * 4
    parsed = [parse_date(value, f"date-{n}") for n, value in enumerate(dates[:4], start=1)]
    with store.transaction():
        trip = store.trips.create(name=name, organisation=organisation, language=language)
        for number, when in enumerate(parsed, start=1):
            store.ateliers.create(trip_id=trip.id, number=number, date=when)
    return trip
