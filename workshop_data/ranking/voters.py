"""Who may vote in a round, and how they prove it: one model for the laptop and the phones.

Every participant gets a *voter* per round (:class:`model.Voter`): a short code to type and a long
token for the personal link on their code card (:mod:`credentials`). The voter's id is the
pseudonym their votes carry, so re-issuing a credential (the old one stops working at once) keeps
the ballot. Whatever goes wrong — an unknown code, a locked one, a code of another round, a token
from before a re-issue — the answer is the same one line, "not valid now", so that trying codes
tells nothing about which ones exist.

Three wrong codes in a row lock the *station* where they were typed (the laptop's ballot screen,
one phone's address) for a minute; three wrong codes for a voter picked by name lock that voter's
code for a minute. The facilitator can lift both.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from ..common.clock import new_id, now
from .credentials import new_code, new_token, normalise_code, same
from ..common.errors import DatatripError, NotFound
from ..common.i18n import t
from ..common.model import BallotRound, Voter
from ..common.store import Store

LOCK_AFTER = 3     # wrong codes in a row
LOCK_SECONDS = 60


class NotValid(DatatripError):
    """A credential that does not open a ballot now; the text never says why."""

    def __init__(self, key: str = "ranking.voter.not_valid"):
        super().__init__(t(key))


class NeedsCode(DatatripError):
    """A voter picked by name who has already voted: their own code opens their ballot."""


class StationLocked(NotValid):
    def __init__(self) -> None:
        super().__init__("ranking.voter.station_locked")


@dataclass
class Station:
    """Wrong codes typed in a row at one place; locked for a minute after three."""

    failures: int = 0
    locked_until: float = 0.0

    def locked(self) -> bool:
        return time.monotonic() < self.locked_until

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= LOCK_AFTER:
            self.failures = 0
            self.locked_until = time.monotonic() + LOCK_SECONDS

    def succeeded(self) -> None:
        self.failures = 0

    def unlock(self) -> None:
        self.failures, self.locked_until = 0, 0.0


# -- issuing ------------------------------------------------------------------------------------


def issue(store: Store, round_id: str) -> int:
    """Give every participant of the trip a voter in this round (those who have none); the
    number issued. Cheap when nothing is missing (one read, no write transaction), so callers
    run it whenever a round is used."""
    if not _missing(store.conn, round_id, store):
        return 0
    with store.transaction() as conn:
        missing = _missing(conn, round_id)  # again, inside the write lock
        taken = {row[0] for row in conn.execute(
            "SELECT code FROM voter WHERE round_id = ?", [round_id])}
        stamp = now()
        for (participant_id,) in missing:
            code = _fresh_code(taken)
            conn.execute("INSERT INTO voter (id, created_at, updated_at, round_id, "
                         "participant_id, code, token) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [new_id(), stamp, stamp, round_id, participant_id, code, new_token()])
    return len(missing)


def _missing(conn, round_id: str, store: Store | None = None) -> list[tuple[str]]:
    sql = ("SELECT p.id FROM participant p WHERE p.deleted_at IS NULL AND NOT EXISTS "
           "(SELECT 1 FROM voter v WHERE v.round_id = ? AND v.participant_id = p.id)")
    if store is None:
        return conn.execute(sql, [round_id]).fetchall()
    with store._lock:
        return conn.execute(sql, [round_id]).fetchall()


def _fresh_code(taken: set[str]) -> str:
    code = new_code()
    while code in taken:
        code = new_code()
    taken.add(code)
    return code


def reissue(store: Store, voter_id: str) -> Voter:
    """A new code and token for this voter; the old ones stop working. Votes stay theirs."""
    voter = store.voters.get(voter_id)
    taken = {row["code"] for row in store.query(
        "SELECT code FROM voter WHERE round_id = ?", [voter.round_id])}
    return store.voters.update(voter_id, code=_fresh_code(taken), token=new_token(),
                               failures=0, locked_until=None)


def unlock(store: Store, voter_id: str) -> Voter:
    return store.voters.update(voter_id, failures=0, locked_until=None)


@dataclass
class Card:
    """What one printed code card holds."""

    name: str
    code: str
    token: str


def cards(store: Store, round_id: str) -> list[Card]:
    """The code cards of a round, by participant name (issuing what is missing first)."""
    issue(store, round_id)
    return [Card(r["name"], r["code"], r["token"]) for r in store.query(
        "SELECT p.name, v.code, v.token FROM voter v JOIN participant p ON p.id = v.participant_id "
        "WHERE v.round_id = ? AND v.deleted_at IS NULL AND p.deleted_at IS NULL "
        "ORDER BY p.name COLLATE NOCASE", [round_id])]


def voter_of(store: Store, round_id: str, participant_id: str) -> Voter:
    issue(store, round_id)
    rows = store.query("SELECT id FROM voter WHERE round_id = ? AND participant_id = ? "
                       "AND deleted_at IS NULL", [round_id, participant_id])
    if not rows:
        raise NotFound(t("ranking.error.unknown_participant"))
    return store.voters.get(rows[0]["id"])


# -- proving ------------------------------------------------------------------------------------


def _candidates(store: Store, round_id: str) -> list[dict]:
    return store.query(
        "SELECT v.id, v.code, v.token, v.locked_until FROM voter v JOIN participant p "
        "ON p.id = v.participant_id WHERE v.round_id = ? AND v.deleted_at IS NULL "
        "AND p.deleted_at IS NULL", [round_id])


def _locked(row: dict) -> bool:
    return bool(row["locked_until"]) and row["locked_until"] > now()


def by_code(store: Store, rnd: BallotRound, code: str, station: Station) -> Voter:
    """The voter whose code this is, in this round; :class:`NotValid` otherwise."""
    if station.locked():
        raise StationLocked()
    issue(store, rnd.id)
    typed = normalise_code(code)
    found = None
    for row in _candidates(store, rnd.id):  # every row compared, in constant time each
        if same(row["code"], typed) and typed:
            found = row
    if found is None:
        station.failed()
        raise NotValid()
    if _locked(found):
        raise NotValid()
    station.succeeded()
    return store.voters.get(found["id"])


def by_token(store: Store, rnd: BallotRound, token: str) -> Voter:
    """The voter of a personal link, in this round; :class:`NotValid` otherwise."""
    found = None
    for row in _candidates(store, rnd.id):
        if same(row["token"], token or ""):
            found = row
    if found is None or _locked(found):
        raise NotValid()
    return store.voters.get(found["id"])


def by_name(store: Store, rnd: BallotRound, participant_id: str, code: str | None,
            has_ballot: bool) -> Voter:
    """A voter picked by name (rounds that allow it). Someone who has voted before must type
    their own code: three wrong ones in a row lock it for a minute."""
    try:
        voter = voter_of(store, rnd.id, participant_id)
    except NotFound:
        raise NotValid() from None
    if _locked({"locked_until": voter.locked_until}):
        raise NotValid()
    if not has_ballot:
        return voter
    if code is None:
        raise NeedsCode(t("ranking.voter.needs_code"))
    if same(voter.code, normalise_code(code)):
        return unlock(store, voter.id) if voter.failures else voter
    failures = voter.failures + 1
    locked = None
    if failures >= LOCK_AFTER:
        failures = 0
        until = datetime.now(timezone.utc) + timedelta(seconds=LOCK_SECONDS)
        locked = until.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    store.voters.update(voter.id, failures=failures, locked_until=locked)
    raise NotValid()


def locked_voters(store: Store, round_id: str) -> set[str]:
    """Participant ids whose code is locked now (for the facilitator's list)."""
    return {r["participant_id"] for r in store.query(
        "SELECT participant_id FROM voter WHERE round_id = ? AND deleted_at IS NULL "
        "AND locked_until > ?", [round_id, now()])}


# -- the facilitator's PIN ----------------------------------------------------------------------


def has_pin(store: Store) -> bool:
    trip = store.trip()
    return bool(trip and trip.facilitator_pin)


def set_pin(store: Store, pin: str) -> None:
    """Set (or change) the PIN that leaves ballot mode; ValidationError when it breaks the rule."""
    from .credentials import hash_pin, pin_problem
    from ..common.errors import ValidationError

    problem = pin_problem(pin)
    if problem:
        raise ValidationError("pin", t(problem))
    store.trips.update(store.trip_id, facilitator_pin=hash_pin(pin))


def pin_ok(store: Store, pin: str) -> bool:
    from .credentials import check_pin

    trip = store.trip()
    return bool(trip and trip.facilitator_pin and check_pin(pin, trip.facilitator_pin))
