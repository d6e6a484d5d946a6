"""``datatrip sync`` and ``datatrip catalogue pull``: the portal from the command line.

Progress goes to stderr, results to stdout; the API token never appears in either.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workshop_data.errors import DatatripError
from workshop_data.i18n import t


def _portal(store):
    trip = store.trip()
    if not trip.portal_url:
        raise DatatripError(t("portal.no_portal"))
    return trip


def sync(path: Path, *, dry_run: bool = False) -> int:
    from workshop_data.portal.client import connect
    from workshop_data.portal.sync import Syncer
    from workshop_data.store import open_store

    store = open_store(path)
    try:
        trip = _portal(store)
        if dry_run:
            report = Syncer(store, None).plan()
        else:
            ckan = connect(trip.portal_url)

            def progress(done, total, item):
                print(f"[{done}/{total}] {item.package_name}: {item.outcome}", file=sys.stderr)

            report = Syncer(store, ckan, progress=progress).run()
        if not report.items:
            print(t("sync.nothing"))
            return 0
        for item in report.items:
            print(f"{t('sync.outcome.' + item.outcome):<14} {item.package_name:<40} {item.detail}")
        failed = report.count("failed") + report.count("conflict")
        return 1 if failed and not dry_run else 0
    finally:
        store.close()


def pull(path: Path) -> int:
    from workshop_data.portal.client import PortalError, connect
    from workshop_data.portal.pull import pull_catalogue
    from workshop_data.store import open_store

    store = open_store(path)
    try:
        trip = _portal(store)
        ckan = connect(trip.portal_url, need_token=False)

        def progress(done, total):
            print(t("sync.pull_progress", done=done, total=total), file=sys.stderr)

        try:
            count = pull_catalogue(store, ckan, progress=progress)
        except PortalError as error:
            from workshop_data import catalogue

            print(t("sync.pull_kept", error=error, count=catalogue.size(store)), file=sys.stderr)
            return 1
        print(t("sync.pulled", count=count))
        return 0
    finally:
        store.close()
