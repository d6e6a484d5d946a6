"""The offline copy of the portal's catalogue: "is this already published on the portal?"

The table ``catalogue`` and its full-text index ``catalogue_fts`` (SQLite FTS5, diacritics folded)
come from migrations 1 and 2; ``datatrip catalogue pull`` fills them when online. Searching while
a title is typed must feel instant over thousands of packages, so every query goes through the
index: prefix matches on each typed word, ranked by bm25 with the title weighted highest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..common.clock import now
from .similar import STOPWORDS, fold
from ..common.store import Store

# bm25 column weights: title, notes, tags, organisation
_WEIGHTS = "10.0, 1.0, 4.0, 0.5"


@dataclass(frozen=True)
class Package:
    id: str
    name: str
    title: str
    notes: str
    organisation: str
    url: str


def _terms(text: str) -> list[str]:
    # Only letters and digits reach MATCH: quotes, colons or a lone "-" in what a user types
    # would otherwise be FTS syntax (or a syntax error).
    terms = []
    for word in "".join(c if c.isalnum() else " " for c in fold(text)).split():
        if word not in STOPWORDS and word not in terms:
            terms.append(word)
    return terms


def _match_expression(terms: list[str], joiner: str) -> str:
    return f" {joiner} ".join(f'"{term}"*' for term in terms)


def search(store: Store, text: str, *, limit: int = 5) -> list[Package]:
    """Packages whose title or tags hold every word typed (as prefixes), best first; then, to
    fill up, those whose description holds them; failing all that, those matching any word.

    Titles first is what "already on the portal?" needs, and it keeps the ranking work small:
    a word like "data" appears in most descriptions, and bm25 ranks every row that matches.
    """
    terms = _terms(text)
    if not terms:
        return []
    sql = f"""
        SELECT c.id, c.name, c.title, c.notes, c.organisation, c.url
        FROM catalogue_fts JOIN catalogue AS c ON c.rowid = catalogue_fts.rowid
        WHERE catalogue_fts MATCH ?
        ORDER BY bm25(catalogue_fts, {_WEIGHTS})
        LIMIT ?"""
    every = _match_expression(terms, "AND")
    found: dict[str, dict] = {}
    for expression in (f"{{title tags}} : ({every})", every):
        if len(found) >= limit:
            break
        for row in store.query(sql, [expression, limit]):
            found.setdefault(row["id"], row)
    if not found and len(terms) > 1:
        found = {row["id"]: row for row in store.query(sql, [_match_expression(terms, "OR"),
                                                              limit])}
    return [Package(**row) for row in list(found.values())[:limit]]


def replace_all(store: Store, packages: Iterable[dict]) -> int:
    """Replace the cache with a fresh pull, in one transaction: a failed pull keeps the old one.

    Each package is a CKAN ``package_show`` dict (or the few keys used here).
    """
    stamp = now()
    rows = []
    for package in packages:
        organisation = package.get("organization") or {}
        if isinstance(organisation, dict):
            organisation = organisation.get("title") or organisation.get("name") or ""
        tags = package.get("tags") or []
        rows.append({
            "id": package["id"],
            "name": package.get("name", ""),
            "title": package.get("title") or package.get("name", ""),
            "notes": package.get("notes") or "",
            "organisation": str(organisation),
            "tags": " ".join(t.get("name", "") if isinstance(t, dict) else str(t) for t in tags),
            "url": package.get("url") or "",
            "metadata_modified": package.get("metadata_modified"),
            "pulled_at": stamp,
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
