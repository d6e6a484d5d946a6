"""Preparing publications in the room: drafts, offline checks, and the outbox.

Queueing writes the publication and its outbox row in one transaction, so a publication is never
marked as waiting without the row that will send it (or the other way round). The package name
is fixed here, at the first save, and never changes: that is what makes a retried sync find the
package it may already have created instead of making a second one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from ..common.clock import now
from ..common.errors import DatatripError, ValidationError
from ..common.i18n import t
from ..common.model import Publication
from ..common.store import Store
from .metadata import Metadata, Resource, slug, validate


class MetadataInvalid(DatatripError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def private_values(store: Store) -> set[str]:
    """Values that must never reach the portal: participants' names and e-mail addresses,
    stakeholders' contact details."""
    rows = store.query("SELECT name AS v FROM participant UNION SELECT email FROM participant "
                       "UNION SELECT contact FROM stakeholder")
    return {row["v"] for row in rows if row["v"] and len(row["v"].strip()) >= 4}


def publication_for(store: Store, dataset_id: str) -> Publication | None:
    found = store.publications.list(dataset_id=dataset_id)
    return found[0] if found else None


def draft_for(store: Store, dataset_id: str) -> Metadata:
    """The saved metadata of a dataset's publication, or a first draft from what is known."""
    existing = publication_for(store, dataset_id)
    if existing is not None:
        return Metadata.from_json(existing.metadata)
    dataset = store.datasets.get(dataset_id)
    trip = store.trip()
    base = (trip.portal_url or "https://data.example.org").rstrip("/")
    files = store.dataset_files.list(dataset_id=dataset_id)
    return Metadata(
        title=dataset.title,
        description=dataset.description,
        identifier=f"{base}/dataset/{slug(dataset.title)}",
        publisher=trip.organisation,
        theme=dataset.theme,
        licence=dataset.licence,
        access_rights=dataset.access_rights,
        language="http://publications.europa.eu/resource/authority/language/"
                 + ("NLD" if trip.language == "nl" else "ENG"),
        resources=[Resource(name=f.path.rsplit("/", 1)[-1], path=f.path,
                            format=dataset.format) for f in files],
    )


def _unique_name(store: Store, title: str) -> str:
    base = slug(title)
    taken = {row["package_name"] for row in store.query("SELECT package_name FROM publication")}
    name, n = base, 2
    while name in taken:
        name = f"{base}-{n}"
        n += 1
    return name


def save_draft(store: Store, dataset_id: str, meta: Metadata) -> Publication:
    with store.transaction():
        existing = publication_for(store, dataset_id)
        if existing is None:
            return store.publications.create(dataset_id=dataset_id, metadata=meta.to_json(),
                                              package_name=_unique_name(store, meta.title))
        return store.publications.update(existing.id, metadata=meta.to_json())


@dataclass
class Queued:
    publication: Publication
    outbox_id: str


def queue(store: Store, dataset_id: str, meta: Metadata, *, override: str = "") -> Queued:
    """Check ``meta`` offline and put the publication in the outbox.

    A dataset flagged as holding personal data is refused unless ``override`` records why the
    facilitator decided it may be published anyway.
    """
    errors = validate(meta, private_values=private_values(store))
    if errors:
        raise MetadataInvalid(errors)
    dataset = store.datasets.get(dataset_id)
    if dataset.personal_data and not override.strip():
        raise ValidationError("personal_data", t("portal.personal_refused", title=dataset.title))
    with store.transaction():
        publication = save_draft(store, dataset_id, meta)
        if publication.state == "conflict":
            raise ValidationError("state", t("portal.resolve_first"))
        publication = store.publications.update(publication.id, state="queued",
                                                personal_override=override.strip())
        waiting = store.outbox.list(publication_id=publication.id, state="pending")
        item = waiting[0] if waiting else store.outbox.create(publication_id=publication.id,
                                                              action="publish")
        if dataset.status not in ("ready", "published"):
            store.datasets.update(dataset_id, status="ready")
    return Queued(publication, item.id)


def pending(store: Store) -> list:
    """Outbox rows still to send (failed ones are retried too), oldest first; one per
    publication, so that two rows (from a merge) never send the same one twice at once."""
    seen: set[str] = set()
    waiting = []
    for item in store.outbox.list(order_by="created_at"):
        if item.state in ("pending", "failed") and item.publication_id not in seen:
            seen.add(item.publication_id)
            waiting.append(item)
    return waiting


def dedupe_outbox(conn: sqlite3.Connection) -> int:
    """One waiting outbox row per publication: both laptops may have queued the same one.

    The oldest row is kept (with the revisions every copy recorded as sent, so the sync still
    recognises its own earlier writes); the others are soft-deleted, which the next merge
    carries back to the other laptop."""
    rows = conn.execute("SELECT id, publication_id, payload FROM outbox WHERE deleted_at IS NULL "
                        "AND state IN ('pending', 'failed') ORDER BY created_at, id").fetchall()
    kept: dict[str, tuple[str, list]] = {}
    stamp = now()
    dropped = 0
    for row_id, publication_id, payload in rows:
        try:
            sent = list(json.loads(payload or "{}").get("sent") or [])
        except (ValueError, AttributeError):
            sent = []
        if publication_id not in kept:
            kept[publication_id] = (row_id, sent)
            continue
        keep_id, keep_sent = kept[publication_id]
        keep_sent += [s for s in sent if s not in keep_sent]
        if sent:
            conn.execute("UPDATE outbox SET payload = ?, updated_at = ? WHERE id = ?",
                         [json.dumps({"sent": keep_sent[-8:]}), stamp, keep_id])
        conn.execute("UPDATE outbox SET deleted_at = ?, updated_at = ? WHERE id = ?",
                     [stamp, stamp, row_id])
        dropped += 1
    return dropped
