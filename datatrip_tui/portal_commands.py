"""``datatrip sync``, ``datatrip catalogue pull`` and ``datatrip portal``: the portal from the
command line.

Progress goes to stderr, each item as it ends; results to stdout; the API token never appears in
either. The trip's portal URL is only used once it was confirmed on this laptop
(``datatrip portal --confirm``, or saving it on the publish screen).
"""

from __future__ import annotations

import sys
from pathlib import Path

from workshop_data.common.errors import DatatripError
from workshop_data.common.i18n import t, tn


def _portal(store):
    trip = store.trip()
    if not trip.portal_url:
        raise DatatripError(t("portal.no_portal"))
    return trip


def sync(path: Path, settings, *, dry_run: bool = False, now: bool = False,
         time_limit: float | None = None) -> int:
    from workshop_data.portal.client import connect
    from workshop_data.portal.sync import TIME_LIMIT, Syncer
    from workshop_data.common.store import open_store

    if time_limit is not None and not time_limit > 0:
        raise DatatripError(t("cli.bad_time_limit", value=time_limit))
    store = open_store(path)
    try:
        trip = _portal(store)
        if dry_run:
            report = Syncer(store, None, retry_waiting=now).plan()
        else:
            ckan = connect(trip.portal_url, confirmed=settings.portals)
            limit = time_limit or TIME_LIMIT
            print(t("sync.starting", portal=trip.portal_url, seconds=round(limit)),
                  file=sys.stderr, flush=True)

            def progress(done, total, item):
                print(f"[{done}/{total}] {item.package_name}: "
                      f"{t('sync.outcome.' + item.outcome)} {item.detail}".rstrip(),
                      file=sys.stderr, flush=True)

            report = Syncer(store, ckan, progress=progress, retry_waiting=now,
                            time_limit=limit).run()
        if not report.items:
            print(t("sync.nothing"))
            return 0
        for item in report.items:
            print(f"{t('sync.outcome.' + item.outcome):<14} {item.package_name:<40} {item.detail}")
        failed = report.count("failed") + report.count("conflict")
        return 1 if failed and not dry_run else 0
    finally:
        store.close()


def pull(path: Path, settings) -> int:
    from workshop_data.portal.client import PortalError, connect
    from workshop_data.portal.pull import pull_catalogue
    from workshop_data.common.store import open_store

    store = open_store(path)
    try:
        trip = _portal(store)
        ckan = connect(trip.portal_url, need_token=False, confirmed=settings.portals)

        def progress(done, total):
            print(t("sync.pull_progress", done=done, total=total), file=sys.stderr)

        try:
            count = pull_catalogue(store, ckan, progress=progress)
        except PortalError as error:
            from workshop_data.inventory import catalogue

            print(tn("sync.pull_kept", catalogue.size(store), error=error), file=sys.stderr)
            return 1
        print(tn("sync.pulled", count))
        return 0
    finally:
        store.close()


def portal(path: Path, settings, *, confirm: bool = False, yes: bool = False) -> int:
    """``datatrip portal [--confirm]``: the trip's portal URL, and whether this laptop trusts it."""
    from workshop_data.portal.client import check_url
    from workshop_data.portal.trust import is_trusted
    from workshop_data.common.store import open_store

    store = open_store(path)
    try:
        url = check_url(_portal(store).portal_url)
    finally:
        store.close()
    trusted = is_trusted(url, settings.portals)
    print(t("sync.portal_trusted" if trusted else "sync.portal_untrusted", url=url))
    if not confirm or trusted:
        return 0
    if not yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise DatatripError(t("sync.confirm_no_stdin"))
        try:
            answer = input(t("sync.confirm_question", url=url))
        except EOFError:
            answer = ""
        if answer.strip().casefold() not in ("y", "yes", "j", "ja"):
            print(t("merge.cli.cancelled"))
            return 1
    settings.confirm_portal(url)
    print(t("sync.portal_confirmed", url=url))
    return 0
