"""A ``ckanapi load datasets`` file: one CKAN package dict per line (JSON lines).

For the portal team: ``ckanapi load datasets -I trip-ckan.jsonl -r https://data.example.nl``
creates or updates one package per dataset that is *ready to publish*. Datasets flagged as
personal data are never in it, public export or not.

Each package: ``name`` (the publication's package name when one was fixed already, otherwise a
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


def packages(data: TripExport) -> list[dict[str, Any]]:
    datasets = data.table("datasets")
    if datasets is None:
        return []
    rows = [dict(zip([c.name for c in datasets.columns], row)) for row in datasets.rows]
    rows = [r for r in rows if r["status"] == "ready" and not r.get("personal_data")]
    # The oldest dataset keeps the plain slug when two titles give the same one.
    rows.sort(key=lambda r: (r["created_at"].isoformat() if r.get("created_at") else "", r["id"]))
    publications = data.table("publications")
    fixed = {}
    if publications is not None:
        names = [c.name for c in publications.columns]
        for row in publications.rows:
            record = dict(zip(names, row))
            fixed[record["dataset_id"]] = record["package_name"]
    taken = set(fixed.values())
    trip = data.trip
    out = []
    for row in rows:
        name = fixed.get(row["id"])
        if not name:
            name = slug(row["title"]) or "dataset"
            if len(name) < 2 or name in taken:
                name = f"{name[:NAME_LIMIT - 7]}-{row['id'][:6]}"
        taken.add(name)
        tags = [tag for tag in (_tag(row.get("owner_department", "")), _tag(row.get("theme", "")))
                if tag]
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
            "license_id": row.get("licence") or "notspecified",
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
