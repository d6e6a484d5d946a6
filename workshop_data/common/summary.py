"""The numbers on the dashboard: what each atelier has produced so far, and what waits to sync.

One function, a handful of ``count(*)`` queries: cheap enough to run after every change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import INVITATION_STATUSES, STATUSES
from .store import Store


@dataclass
class AtelierInfo:
    number: int
    date: str | None
    place: str
    agenda: str


@dataclass
class TripSummary:
    trip_name: str
    organisation: str
    portal_url: str
    ateliers: list[AtelierInfo]
    participants: int
    tasks: int
    datasets: int
    datasets_by_status: dict[str, int]
    rounds: int
    votes: int
    stakeholders: int
    invitations_by_status: dict[str, int]
    insights: int
    prototypes: int
    publications_by_state: dict[str, int] = field(default_factory=dict)
    outbox_pending: int = 0

    @property
    def invitations(self) -> int:
        return sum(self.invitations_by_status.values())

    @property
    def published(self) -> int:
        return self.publications_by_state.get("published", 0)


def _grouped(store: Store, table: str, column: str, keys) -> dict[str, int]:
    rows = store.query(f"SELECT {column} AS k, count(*) AS n FROM {table} "
                       f"WHERE deleted_at IS NULL GROUP BY {column}")
    counts = {key: 0 for key in keys}
    counts.update({row["k"]: row["n"] for row in rows})
    return counts


def _count(store: Store, table: str) -> int:
    return store.query(f"SELECT count(*) AS n FROM {table} WHERE deleted_at IS NULL")[0]["n"]


def trip_summary(store: Store) -> TripSummary:
    trip = store.trip()
    ateliers = [AtelierInfo(a.number, a.date, a.place, a.agenda) for a in store.ateliers.list()]
    by_status = _grouped(store, "dataset", "status", STATUSES)
    return TripSummary(
        trip_name=trip.name if trip else "",
        organisation=trip.organisation if trip else "",
        portal_url=trip.portal_url if trip else "",
        ateliers=ateliers,
        participants=_count(store, "participant"),
        tasks=_count(store, "task"),
        datasets=sum(by_status.values()),
        datasets_by_status=by_status,
        rounds=_count(store, "ballot_round"),
        votes=store.query("SELECT count(*) AS n FROM vote WHERE deleted_at IS NULL "
                          "AND skipped = 0")[0]["n"],
        stakeholders=_count(store, "stakeholder"),
        invitations_by_status=_grouped(store, "invitation", "status", INVITATION_STATUSES),
        insights=_count(store, "insight"),
        prototypes=_count(store, "prototype"),
        publications_by_state=_grouped(store, "publication", "state",
                                       ("draft", "queued", "published", "conflict", "failed")),
        outbox_pending=store.query("SELECT count(*) AS n FROM outbox WHERE deleted_at IS NULL "
                                   "AND state IN ('pending', 'failed')")[0]["n"],
    )
