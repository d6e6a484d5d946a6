"""Filling the offline catalogue cache from the portal, a page at a time.

Everything is fetched first and written in one transaction at the end: a portal that goes away
half-way leaves the previous cache exactly as it was.
"""

from __future__ import annotations

from typing import Callable

from ..inventory import catalogue
from ..common.i18n import t
from ..common.store import Store
from .client import PortalError, call

PAGE = 100


def pull_catalogue(store: Store, ckan, *, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] = lambda: False) -> int:
    """Replace the cache with the portal's public packages; return how many."""
    packages: list[dict] = []
    total = None
    start = 0
    while total is None or start < total:
        if cancelled():
            raise PortalError(t("portal.pull_cancelled"))
        page = call(ckan, "package_search", {"q": "*:*", "rows": PAGE, "start": start,
                                             "sort": "name asc"})
        total = page.get("count", 0)
        results = page.get("results", [])
        packages.extend(results)
        start += PAGE
        if progress:
            progress(min(start, total), total)
        if not results:
            break
    return catalogue.replace_all(store, packages)
