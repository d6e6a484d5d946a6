"""What stands between the room's network and the trip: sessions, CSRF, rate limits, addresses.

Nothing here knows HTTP libraries; the server (:mod:`.server`) asks these small objects.

* A **session** is what a phone holds after it proved a credential once (a personal link or a
  typed code): a random id in an HttpOnly, SameSite=Strict cookie, mapped in memory to the voter
  and a CSRF token. Sessions live as long as the server: after a restart a phone joins again
  with its card; votes are in the trip file, not here.
* **CSRF**: every POST carries the session's token (a form field or the ``X-CSRF-Token`` header);
  the join form, before there is a session, uses a double-submit cookie.
* **Addresses**: ``Host`` must be the address the server was started on (this also stops DNS
  rebinding), and a POST's ``Origin`` (or, without it, its ``Referer``) must be that address too.
* **Rate limits**: a token bucket per client address for all requests, a budget of writes per
  voter, and a :class:`voters.Station` per address for typed codes (three wrong: one minute).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from .. import voters
from ..credentials import same

SESSION_COOKIE = "dt_session"
JOIN_COOKIE = "dt_join"
LANG_COOKIE = "dt_lang"
MAX_SESSIONS = 2000  # far more phones than a room holds; the oldest go first


@dataclass
class Session:
    voter_id: str
    token: str  # the voter's token when the phone joined: a re-issue ends the session
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    started: float = field(default_factory=time.monotonic)


class Sessions:
    def __init__(self) -> None:
        self._by_id: dict[str, Session] = {}

    def start(self, voter_id: str, token: str) -> tuple[str, Session]:
        if len(self._by_id) >= MAX_SESSIONS:
            oldest = min(self._by_id, key=lambda sid: self._by_id[sid].started)
            del self._by_id[oldest]
        sid = secrets.token_urlsafe(32)
        session = Session(voter_id, token)
        self._by_id[sid] = session
        return sid, session

    def get(self, sid: str | None) -> Session | None:
        return self._by_id.get(sid) if sid else None

    def end(self, sid: str | None) -> None:
        if sid:
            self._by_id.pop(sid, None)

    def end_stale(self, voter_id: str, token: str | None) -> None:
        """Sessions of this voter that joined with another token than ``token`` end."""
        for sid in [sid for sid, s in self._by_id.items()
                    if s.voter_id == voter_id and not (token and same(s.token, token))]:
            del self._by_id[sid]

    def end_voter(self, voter_id: str) -> None:
        """A re-issued credential: phones that joined with the old one are out too."""
        for sid in [sid for sid, s in self._by_id.items() if s.voter_id == voter_id]:
            del self._by_id[sid]


def csrf_ok(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and same(expected, given)


class Addresses:
    """The one address the page is served on, as ``Host`` and as ``Origin``."""

    def __init__(self, host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        self.hosts = {f"{shown}:{port}".lower()}
        if port == 80:
            self.hosts.add(shown.lower())
        self.origin = f"http://{shown}:{port}".lower()

    def host_ok(self, host: str | None) -> bool:
        return (host or "").lower() in self.hosts

    def origin_ok(self, origin: str | None, referer: str | None) -> bool:
        if origin:
            return origin.lower() == self.origin
        if referer:
            referer = referer.lower()
            return referer == self.origin or referer.startswith(self.origin + "/")
        return False


class Bucket:
    """A token bucket: ``rate`` requests a second on average, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Limits:
    """Per client address: requests (bucket) and typed codes (station); per voter: writes."""

    def __init__(self, per_address: tuple[float, float] = (10, 40),
                 per_voter: tuple[float, float] = (1, 12)) -> None:
        self.per_address, self.per_voter = per_address, per_voter
        self._addresses: dict[str, Bucket] = {}
        self._voters: dict[str, Bucket] = {}
        self._stations: dict[str, voters.Station] = {}

    def request(self, address: str) -> bool:
        bucket = self._addresses.get(address)
        if bucket is None:
            bucket = self._addresses[address] = Bucket(*self.per_address)
        return bucket.take()

    def write(self, voter_id: str) -> bool:
        bucket = self._voters.get(voter_id)
        if bucket is None:
            bucket = self._voters[voter_id] = Bucket(*self.per_voter)
        return bucket.take()

    def station(self, address: str) -> voters.Station:
        return self._stations.setdefault(address, voters.Station())

    def unlock_all(self) -> None:
        for station in self._stations.values():
            station.unlock()


SECURITY_HEADERS = {
    # One page with its own CSS and script: nothing else may load, frame it or be posted to.
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # A personal link never travels on in a Referer to another site; same-origin, not
    # no-referrer, because with no-referrer browsers send "Origin: null" on a form's POST.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
