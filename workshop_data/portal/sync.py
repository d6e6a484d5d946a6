"""Draining the outbox: idempotent, resumable, and never overwriting someone else's edit.

For each waiting publication:

1. Not yet on the portal (no remote id): ``package_create`` under the name fixed when it was
   queued. If the name is taken, ``package_show`` it: when its ``datatrip_publication`` extra is
   ours, an earlier run died after creating it and we carry on with it; otherwise it is somebody
   else's dataset and the item stops as a conflict.
2. Already on the portal: ``package_show``; if its ``metadata_modified`` is not the one we saw
   last, someone edited it there: nothing is written, the item becomes a conflict holding both
   versions. Otherwise ``package_patch`` (never ``package_update``, which would drop resources).
3. Each file is uploaded with ``resource_create`` unless the package already holds a resource
   with the same ``datatrip_sha256`` (uploaded by a run that died before recording it).
4. What we last saw is recorded: the package's ``metadata_modified``, or — when our own uploads
   just moved it — a fingerprint of the content we sent, which the next sync compares instead
   (one ``package_show`` a dataset less; the budget is ``ckanapi load`` speed).

A run that dies anywhere (kill -9, a portal that goes away) must not turn its own half-done write
into a conflict. Before anything is sent, the outbox row records the *revision* being sent (a hash
of the fields we manage), and the package carries it in its ``datatrip_revision`` extra. When the
portal's package moved since what we last saw, but it still is exactly that revision of ours (its
content hashes to its own revision extra, it is the one we recorded, and every file in it is one
datatrip uploaded), the retry carries on and finishes as published; anything else stays a conflict.

A run tries each due item once and reports each as it finishes; a transient failure (no connection,
a timeout, a 5xx) leaves the row with ``next_attempt_at`` (exponential backoff with jitter), and
rows not yet due are skipped, saying until when. The run has an overall time limit: what has not
started by then waits for the next run, and no request is given longer than the time left. Items
are sent by a small pool of threads; each item's database writes are short transactions.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from ..common.clock import now
from ..common.i18n import t, tn
from ..common.store import Store
from .client import TIMEOUT, PortalError, call
from .metadata import Metadata, package_dict
from .metadata import validate
from .queue import pending, private_values
from .trust import redact

BASE_DELAY = 1.0  # seconds; doubled per attempt, with jitter
MAX_DELAY = 15 * 60
TIME_LIMIT = 120.0  # seconds for one run, all items together
REVISION = "datatrip_revision"


@dataclass
class ItemResult:
    outbox_id: str
    package_name: str
    title: str
    outcome: str  # create | update | skip | published | conflict | failed | retry-later
    detail: str = ""


@dataclass
class SyncReport:
    items: list[ItemResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)


def backoff(attempts: int, rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempts + 1``: 1, 2, 4 … capped, with full jitter on
    the upper half so that many laptops coming online at once do not retry in step."""
    delay = min(MAX_DELAY, BASE_DELAY * 2 ** max(0, attempts - 1))
    return delay / 2 + (rng or random).uniform(0, delay / 2)


def _due(item) -> bool:
    return not item.next_attempt_at or item.next_attempt_at <= now()


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Syncer:
    def __init__(self, store: Store, ckan, *, workers: int = 4,
                 progress: Callable[[int, int, ItemResult], None] | None = None,
                 cancelled: Callable[[], bool] = lambda: False,
                 time_limit: float = TIME_LIMIT, retry_waiting: bool = False,
                 clock: Callable[[], float] = time.monotonic):
        self.store = store
        self.ckan = ckan
        self.workers = workers
        self.progress = progress
        self.cancelled = cancelled
        self.time_limit = time_limit
        self.retry_waiting = retry_waiting  # also send rows whose backoff has not run out
        self.clock = clock
        self._deadline = float("inf")
        self._lock = threading.Lock()
        trip = store.trip()
        self.owner_org = trip.portal_organisation if trip else ""

    # -- planning (offline) --------------------------------------------------------------------

    def plan(self) -> SyncReport:
        """What a run would do and why, without touching the network."""
        report = SyncReport()
        private = private_values(self.store)
        for item in pending(self.store):
            publication = self.store.publications.get(item.publication_id)
            meta = Metadata.from_json(publication.metadata)
            result = ItemResult(item.id, publication.package_name, meta.title, "skip")
            dataset = self.store.datasets.get(publication.dataset_id, include_deleted=True)
            errors = validate(meta, private_values=private)
            if dataset.personal_data and not publication.personal_override:
                result.detail = t("portal.plan_personal")
            elif errors:
                result.detail = t("portal.plan_invalid", fields=", ".join(errors))
            elif not self.retry_waiting and not _due(item):
                result.detail = t("portal.plan_waiting", at=item.next_attempt_at[:19])
            elif publication.remote_id:
                result.outcome, result.detail = "update", t("portal.plan_update")
            else:
                result.outcome, result.detail = "create", t("portal.plan_create")
            report.items.append(result)
        return report

    # -- running -------------------------------------------------------------------------------

    def run(self) -> SyncReport:
        """Send every due item once; ``progress`` hears of each as it ends, skips first."""
        self._deadline = self.clock() + self.time_limit
        plan = self.plan()
        todo = [item for item in plan.items if item.outcome in ("create", "update")]
        report = SyncReport()
        total = len(plan.items)

        def tell(result: ItemResult) -> None:
            report.items.append(result)
            if self.progress:
                self.progress(len(report.items), total, result)

        for skipped in (item for item in plan.items if item.outcome == "skip"):
            tell(skipped)
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            futures = [pool.submit(self._send_item, item) for item in todo]
            for future in as_completed(futures):
                tell(future.result())
        return report

    def _time_left(self) -> float:
        return self._deadline - self.clock()

    def _call(self, action: str, data: dict, **files):
        """``call`` with no more time than the run has left."""
        left = self._time_left()
        if left <= 0:
            raise PortalError(t("portal.time_limit"), transient=True)
        return call(self.ckan, action, data, timeout=(min(TIMEOUT[0], left), min(TIMEOUT[1], left)),
                    **files)

    def _send_item(self, planned: ItemResult) -> ItemResult:
        result = ItemResult(planned.outbox_id, planned.package_name, planned.title, "failed")
        if self.cancelled():
            result.outcome, result.detail = "skip", t("portal.cancelled")
            return result
        if self._time_left() <= 0:  # not started: it keeps its place for the next run
            result.outcome, result.detail = "skip", t("portal.time_limit")
            return result
        item = self.store.outbox.get(planned.outbox_id)
        try:
            result.outcome, result.detail = self._publish(item)
        except PortalError as error:
            message = redact(str(error), getattr(self.ckan, "apikey", None))
            attempts = item.attempts + 1
            retry_at = None
            if error.transient:
                at = datetime.now(timezone.utc) + timedelta(seconds=backoff(attempts))
                retry_at = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            self.store.outbox.update(item.id, attempts=attempts, last_error=message,
                                     state="pending" if error.transient else "failed",
                                     next_attempt_at=retry_at)
            result.outcome = "retry-later" if error.transient else "failed"
            result.detail = message
        return result

    def _publish(self, item) -> tuple[str, str]:
        import ckanapi

        publication = self.store.publications.get(item.publication_id)
        meta = Metadata.from_json(publication.metadata)
        package = package_dict(meta, name=publication.package_name, owner_org=self.owner_org,
                               publication_id=publication.id)
        revision = revision_of(package)
        package["extras"].append({"key": REVISION, "value": revision})
        # Say what is about to be sent before sending it: a run killed after this point left
        # a write the next run can recognise as its own (see the module docstring).
        sent = _sent_revisions(item)
        if revision not in sent:
            sent.append(revision)
            item = self.store.outbox.update(item.id, payload=json.dumps({"sent": sent[-8:]}))
        if publication.remote_id is None:
            try:
                remote = self._call("package_create", package)
            except ckanapi.ValidationError as error:
                if "name" not in (error.error_dict or {}):
                    raise PortalError(t("portal.refused", errors=_errors(error))) from None
                remote = self._call("package_show", {"id": publication.package_name})
                if _extra(remote, "datatrip_publication") != publication.id:
                    return self._conflict(item, publication, remote, "name_taken",
                                          t("portal.name_taken", name=publication.package_name))
                # Ours, from a run that died before recording it: bring it up to date.
                remote = self._call("package_patch", {**package, "id": remote["id"]})
        else:
            try:
                remote = self._call("package_show", {"id": publication.remote_id})
            except ckanapi.NotFound:
                return self._conflict(item, publication, None, "gone", t("portal.gone_remote"))
            if not _unchanged_since(remote, publication.last_seen_modified) \
                    and not own_write(remote, publication.id, sent):
                return self._conflict(item, publication, remote, "edited",
                                      t("portal.edited_remote"))
            try:
                remote = self._call("package_patch", {**package, "id": remote["id"]})
            except ckanapi.ValidationError as error:
                raise PortalError(t("portal.refused", errors=_errors(error))) from None
        # Record the remote id at once: if the uploads below die, the next run patches.
        self.store.publications.update(publication.id, remote_id=remote["id"],
                                       last_seen_modified=remote.get("metadata_modified"))
        uploaded = self._upload(remote, meta)
        # Our uploads moved the package's metadata_modified, and learning the new value would
        # cost a package_show per dataset. Instead remember what the package now holds: the
        # next sync checks that content, and from then on metadata_modified again.
        seen = fingerprint(package, uploaded) if uploaded else remote.get("metadata_modified")
        with self.store.transaction():
            self.store.publications.update(publication.id, state="published",
                                           remote_id=remote["id"], last_seen_modified=seen)
            self.store.outbox.update(item.id, state="done", last_error="", payload="{}",
                                     attempts=item.attempts + 1)
            self.store.datasets.update(publication.dataset_id, status="published")
        return "published", tn("portal.published_detail", len(uploaded), uploads=len(uploaded))

    def _upload(self, remote: dict, meta: Metadata) -> list[str]:
        """Upload the files the package lacks; return the sha256 of every file it now holds."""
        import ckanapi

        present = {r.get("datatrip_sha256") for r in remote.get("resources", [])}
        present.discard(None)
        count = 0
        for resource in meta.resources:
            if not resource.path:
                continue
            digest = sha256_of(resource.path)
            if digest in present:
                continue
            with open(resource.path, "rb") as handle:
                try:
                    self._call("resource_create", {
                        "package_id": remote["id"], "name": resource.name,
                        "description": resource.description, "format": resource.format,
                        "datatrip_sha256": digest,
                    }, upload=(resource.name, handle))
                except ckanapi.ValidationError as error:
                    raise PortalError(t("portal.refused", errors=_errors(error))) from None
            present.add(digest)
            count += 1
        return sorted(present) if count else []

    def _conflict(self, item, publication, remote: dict | None, kind: str,
                  why: str) -> tuple[str, str]:
        """Stop: keep the remote version beside ours for the facilitator to choose."""
        payload = json.dumps({"kind": kind, "remote": remote, "reason": why}, ensure_ascii=False)
        with self.store.transaction():
            self.store.outbox.update(item.id, state="conflict", payload=payload, last_error=why)
            self.store.publications.update(publication.id, state="conflict")
        return "conflict", why


def fingerprint(package: dict, hashes: list[str]) -> str:
    """What we sent, as one hash: the fields we manage and the files' sha256 values."""
    extras = sorted((e["key"], e["value"]) for e in package.get("extras") or [] if e.get("value"))
    content = json.dumps([package.get("title") or "", package.get("notes") or "",
                          package.get("license_id") or "", extras, sorted(hashes)])
    return "sha256:" + hashlib.sha256(content.encode("utf-8")).hexdigest()


def revision_of(package: dict) -> str:
    """A hash of the fields datatrip manages, as sent or as the portal holds them now."""
    bare = {**package, "extras": [e for e in package.get("extras") or []
                                  if e.get("key") != REVISION]}
    return fingerprint(bare, [])[len("sha256:"):][:32]


def own_write(remote: dict, publication_id: str, sent: list[str]) -> bool:
    """Is the portal's package exactly a revision this outbox row sent, untouched since?

    It must be ours (``datatrip_publication``), carry a revision we recorded before sending,
    still hold that revision's content, and every file in it must be one datatrip uploaded
    (a file added by hand has no ``datatrip_sha256``)."""
    revision = _extra(remote, REVISION)
    return (_extra(remote, "datatrip_publication") == publication_id
            and bool(revision) and revision in sent and revision_of(remote) == revision
            and all(r.get("datatrip_sha256") for r in remote.get("resources") or []))


def _sent_revisions(item) -> list[str]:
    try:
        sent = json.loads(item.payload or "{}").get("sent") or []
    except (ValueError, AttributeError):
        return []
    return [str(revision) for revision in sent]


def _unchanged_since(remote: dict, last_seen: str | None) -> bool:
    """Has nobody changed the package on the portal since our last sync?"""
    if last_seen and last_seen.startswith("sha256:"):
        hashes = [r["datatrip_sha256"] for r in remote.get("resources", [])
                  if r.get("datatrip_sha256")]
        if len(hashes) != len(remote.get("resources", [])):
            return False  # a file was added there
        return fingerprint(remote, hashes) == last_seen
    return remote.get("metadata_modified") == last_seen


def _extra(package: dict, key: str) -> str | None:
    for extra in package.get("extras") or []:
        if extra.get("key") == key:
            return extra.get("value")
    return None


def _errors(error) -> str:
    details = {k: v for k, v in (error.error_dict or {}).items() if not k.startswith("__")}
    return redact("; ".join(f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}"
                            for k, v in details.items()))[:300]


def resolve_conflict(store: Store, outbox_id: str, choose: str) -> None:
    """The facilitator's choice after a conflict.

    ``mine``: our version goes out at the next sync — over the portal's edit (``edited``), as a
    new package (``gone``), or under a new name (``name_taken``, never touching the other
    package). ``theirs``: take the portal's title and description into our metadata and count
    it as published (for ``edited``); for the other kinds it withdraws our publication.
    """
    from .queue import _unique_name

    item = store.outbox.get(outbox_id)
    payload = json.loads(item.payload or "{}")
    kind, remote = payload.get("kind"), payload.get("remote") or {}
    publication = store.publications.get(item.publication_id)
    meta = Metadata.from_json(publication.metadata)
    requeue = {"state": "pending", "payload": "{}", "last_error": "", "next_attempt_at": None}
    with store.transaction():
        if choose == "mine" and kind == "edited":
            store.publications.update(publication.id, state="queued",
                                      last_seen_modified=remote.get("metadata_modified"))
            store.outbox.update(item.id, **requeue)
        elif choose == "mine":
            changes = {"state": "queued", "remote_id": None, "last_seen_modified": None}
            if kind == "name_taken":
                changes["package_name"] = _unique_name(store, f"{publication.package_name}-2")
            store.publications.update(publication.id, **changes)
            store.outbox.update(item.id, **requeue)
        elif choose == "theirs" and kind == "edited":
            meta.title = remote.get("title") or meta.title
            meta.description = remote.get("notes") or meta.description
            store.publications.update(publication.id, state="published",
                                      metadata=meta.to_json(), remote_id=remote.get("id"),
                                      last_seen_modified=remote.get("metadata_modified"))
            store.outbox.update(item.id, state="done", payload="{}", last_error="")
        elif choose == "theirs":
            store.publications.update(publication.id, state="draft")
            store.outbox.update(item.id, state="done", payload="{}",
                                last_error=t("portal.withdrawn"))
        else:
            raise ValueError(f"choose 'mine' or 'theirs', not {choose!r}")
