"""The four ateliers of a trip: when, where, and what is on the agenda.

The facilitator edits them in the room (``A`` on an atelier's screens, ``1``–``4`` on the
dashboard); every screen of an atelier shows them at its top.
"""

from __future__ import annotations

from .model import Atelier
from .setup import parse_date
from .store import Store

def atelier(store: Store, number: int) -> Atelier | None:
    found = store.ateliers.list(number=number)
    return found[0] if found else None


def update_atelier(store: Store, number: int, *, date: str | None = None, place: str = "",
                   agenda: str = "") -> Atelier:
    """Save date (ISO or the Dutch ``1-10-2026``; blank: none), place and agenda; an atelier
    the trip does not have yet (an older file) is added."""
    values = {"date": parse_date(date or "", "date"), "place": place.strip(),
              "agenda": "\n".join(line.rstrip() for line in agenda.strip().splitlines())}
    found = atelier(store, number)
    if found is None:
        return store.ateliers.create(number=number, **values)
    return store.ateliers.update(found.id, **values)


def agenda_lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
