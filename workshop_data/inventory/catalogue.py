"""The offline copy of the portal's catalogue: "is this already published on the portal?"

The table ``catalogue`` and its full-text index ``catalogue_fts`` (SQLite FTS5, diacritics folded)
come from migrations 1, 2 and 7; ``datatrip catalogue pull`` fills them when online, with each
package's licence and resources for the catalogue screen. How it is searched (Dutch word forms,
compounds, exact words first) is in :mod:`.search`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from ..common.clock import now
from ..common.store import Store
from .search import Package, search, stems

__all__ = ["Package", "PackageDetail", "Resource", "detail", "replace_all", "search", "size",
           "pulled_at"]


@dataclass(frozen=True)
class Resource:
    name: str
    format: str
    url: str


@dataclass(frozen=True)
class PackageDetail:
    """One package as the catalogue screen shows it."""

    package: Package
    licence: str
    tags: str
    resources: list[Resource]
    metadata_modified: str | None


def detail(store: Store, package_id: str) -> PackageDetail | None:
    rows = store.query("SELECT * FROM catalogue WHERE id = ?", [package_id])
    if not rows:
        return None
    row = rows[0]
    try:
        listed = json.loads(row["resources"] or "[]")
    except ValueError:
        listed = []
    resources = [Resource(str(r.get("name") or ""), str(r.get("format") or ""),
                          str(r.get("url") or "")) for r in listed if isinstance(r, dict)]
    package = Package(row["id"], row["name"], row["title"], row["notes"], row["organisation"],
                      row["url"])
    return PackageDetail(package, row["licence"], row["tags"], resources,
                         row["metadata_modified"])


def _licence(package: dict) -> str:
    return str(package.get("license_title") or package.get("license_id") or
               package.get("licence") or "")


def _resources(package: dict) -> str:
    return json.dumps([{"name": r.get("name") or r.get("description") or "",
                        "format": r.get("format") or "", "url": r.get("url") or ""}
                       for r in package.get("resources") or [] if isinstance(r, dict)],
                      ensure_ascii=False)


def replace_all(store: Store, packages: Iterable[dict], *, stamp: str | None = None) -> int:
    """Replace the cache with a fresh pull, in one transaction: a failed pull keeps the old one.

    Each package is a CKAN ``package_show`` dict (or the few keys used here).
    """
    stamp = stamp or now()
    rows = []
    for package in packages:
        organisation = package.get("organization") or {}
        if isinstance(organisation, dict):
            organisation = organisation.get("title") or organisation.get("name") or ""
        tags = package.get("tags") or []
        tags = " ".join(t.get("name", "") if isinstance(t, dict) else str(t) for t in tags)
        title = package.get("title") or package.get("name", "")
        rows.append({
            "id": package["id"],
            "name": package.get("name", ""),
            "title": title,
            "notes": package.get("notes") or "",
            "organisation": str(organisation),
            "tags": tags,
            "url": package.get("url") or "",
            "metadata_modified": package.get("metadata_modified"),
            "pulled_at": stamp,
            "licence": _licence(package),
            "resources": _resources(package),
            "stems": stems(f"{title} {tags}"),
        })
    with store.transaction():
        table = store.db.table("catalogue")
        table.delete_where()
        # An upsert, not an insert: a package that moved while the portal was paged through
        # comes twice, and its newer copy wins (an UPDATE, so the search index's triggers
        # follow; INSERT OR REPLACE would delete without them).
        table.upsert_all(rows, pk="id")
    return size(store)


def size(store: Store) -> int:
    return store.query("SELECT count(*) AS n FROM catalogue")[0]["n"]


def pulled_at(store: Store) -> str | None:
    return store.query("SELECT max(pulled_at) AS at FROM catalogue")[0]["at"]


def task_choices(store: Store) -> list[tuple[str, str]]:
    """(label "participant — task", task id) of every task, by participant and title."""
    rows = store.query("""
        SELECT t.id, p.name, t.title FROM task t
        JOIN participant p ON p.id = t.participant_id AND p.deleted_at IS NULL
        WHERE t.deleted_at IS NULL ORDER BY p.name COLLATE NOCASE, t.title COLLATE NOCASE""")
    return [(f"{row['name']} — {row['title']}", row["id"]) for row in rows]
