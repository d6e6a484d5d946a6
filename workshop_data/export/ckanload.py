"""A ``ckanapi load datasets`` file: one CKAN package dict per line (JSON lines).

For the portal team: ``ckanapi load datasets -I trip-ckan.jsonl -r https://data.example.nl``
creates or updates one package per dataset that is *ready to publish* (queued or not).

* A dataset whose publication was queued (or sent) is written from the publication's metadata,
  exactly as the sync sends it (:func:`..portal.metadata.package_dict`: licence, contact point,
  frequency, ... under the package name fixed when it was queued), plus the ``datatrip_id`` extra
  and the tags below. A dataset flagged as personal data is in the file only when its
  publication was queued with a recorded reason, as the sync would send it too.
* Any other dataset that is *ready* and not flagged as personal data gets a package from its
  tracker fields: ``name`` (the publication's package name when one was fixed already, otherwise a
slug of the title: stable, lower-case ASCII; a second dataset with the same slug gets a suffix
from its id), ``title``, ``notes`` (the description; the tracker's internal notes stay home),
``license_id`` (``notspecified`` when no licence was chosen), ``owner_org`` (the trip's portal
organisation), ``tags`` (department and theme) and ``extras``: ``datatrip_id`` (so a second load
finds the same package), theme, access rights, language and format when known.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable

from .tables import TripExport

NAME_LIMIT = 100
TAG_ALLOWED = re.compile(r"[^\w .-]+", re.UNICODE)


def slug(text: str, limit: int = NAME_LIMIT) -> str:
    """``"Meetwaarden luchtkwaliteit (sensoren)"`` → ``"meetwaarden-luchtkwaliteit-sensoren"``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].strip("-")


def _tag(text: str) -> str | None:
    if not text:
        return None
    if "://" in text:  # a vocabulary URI: its last part names it
        text = text.rstrip("/").rsplit("/", 1)[-1].replace("_", " ")
    tag = re.sub(r"\s+", " ", TAG_ALLOWED.sub(" ", text)).strip()[:100]
    return tag if len(tag) >= 2 else None


def _queued_package(publication: dict[str, Any], owner_org: str,
                    tags: list[str]) -> dict[str, Any]:
    from ..portal.metadata import Metadata, package_dict

    meta = Metadata.from_json(publication["metadata"])
    package = package_dict(meta, name=publication["package_name"], owner_org=owner_org,
                           publication_id=publication["id"])
    package["extras"].append({"key": "datatrip_id", "value": publication["dataset_id"]})
    package["tags"] = [{"name": tag} for tag in dict.fromkeys(tags)]
    return package


def _licence_id(licence: str) -> str:
    """The CKAN id of a licence from the value list (a URI), else the text as given."""
    from ..portal import vocab

    found = vocab.ckan_licence(licence) if licence else "notspecified"
    return licence if found == "notspecified" and licence and "://" not in licence else found


def _tags(row: dict[str, Any]) -> list[str]:
    return [tag for tag in (_tag(row.get("owner_department") or ""), _tag(row.get("theme") or ""))
            if tag]


def packages(data: TripExport) -> list[dict[str, Any]]:
    datasets = data.table("datasets")
    if datasets is None:
        return []
    rows = [dict(zip([c.name for c in datasets.columns], row)) for row in datasets.rows]
    by_id = {r["id"]: r for r in rows}
    owner_org = data.trip.get("portal_organisation") or ""
    queued = [p for p in data.queued
              if not p["personal_data"] or (p.get("personal_override") or "").strip()]
    out = [_queued_package(p, owner_org, _tags(by_id.get(p["dataset_id"], {}))) for p in queued]
    sent = {p["dataset_id"] for p in data.queued}
    rows = [r for r in rows if r["status"] == "ready" and not r.get("personal_data")
            and r["id"] not in sent]
    # The oldest dataset keeps the plain slug when two titles give the same one.
    rows.sort(key=lambda r: (r["created_at"].isoformat() if r.get("created_at") else "", r["id"]))
    publications = data.table("publications")
    fixed = {}
    if publications is not None:
        names = [c.name for c in publications.columns]
        for row in publications.rows:
            record = dict(zip(names, row))
            fixed[record["dataset_id"]] = record["package_name"]
    taken = set(fixed.values()) | {p["name"] for p in out}
    trip = data.trip
    for row in rows:
        name = fixed.get(row["id"])
        if not name:
            name = slug(row["title"]) or "dataset"
            if len(name) < 2 or name in taken:
                name = f"{name[:NAME_LIMIT - 7]}-{row['id'][:6]}"
        taken.add(name)
        tags = _tags(row)
        extras = [{"key": "datatrip_id", "value": row["id"]}]
        for key in ("theme", "access_rights", "format"):
            if row.get(key):
                extras.append({"key": key, "value": row[key]})
        if trip.get("language"):
            extras.append({"key": "language", "value": trip["language"]})
        package: dict[str, Any] = {
            "name": name,
            "title": row["title"],
            "notes": row.get("description") or "",
            "license_id": _licence_id(row.get("licence") or ""),
            "tags": [{"name": tag} for tag in dict.fromkeys(tags)],
            "extras": extras,
        }
        if trip.get("portal_organisation"):
            package["owner_org"] = trip["portal_organisation"]
        out.append(package)
    return out


def write_ckan(data: TripExport, path: Path, step: Callable[[str], None] | None = None) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for package in packages(data):
            out.write(json.dumps(package, ensure_ascii=False, sort_keys=True) + "\n")
    if step:
        step("ckan")
