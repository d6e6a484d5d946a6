"""Publish & sync (atelier 4): prepare publications offline, send them when there is a network.

``enter`` edits a dataset's publication metadata, ``q`` checks it against the Dutch value lists
and queues it (a dataset with personal data asks for the facilitator's reason), ``y`` sends the
outbox to the portal in a worker with progress, ``n`` shows what a sync would do without
sending anything, ``l`` pulls the portal's catalogue for the offline "already on the portal?"
search, ``c`` resolves a conflict, ``a`` sets the portal address.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, ProgressBar, RichLog, Static

from workshop_data.common.i18n import t, tn
from workshop_data.portal.queue import publication_for

from ..common.atelier import ATELIER_BINDING, AtelierBar, AtelierScreen
from ..common.base import DataChanged
from .publish_forms import ConflictScreen, metadata_form, portal_form
from ..common.tables import current_key
from ..common.footer import WrapFooter

STATE_STYLE = {"queued": "bold yellow", "published": "bold green", "conflict": "bold red",
               "failed": "bold red", "draft": "dim"}


WIDE = 140  # columns from which the package name fits beside the note


class PublishScreen(AtelierScreen):
    TITLE_KEY = "publish.title"
    HELP_KEY = "publish.help"
    CSS_PATH = "publish.tcss"
    ATELIER = 4

    BINDINGS = [
        ATELIER_BINDING,
        Binding("e", "edit", "publish.key_edit"),
        Binding("q", "queue", "publish.key_queue"),
        Binding("y", "sync", "publish.key_sync"),
        Binding("n", "dry_run", "publish.key_dry_run"),
        Binding("l", "pull", "publish.key_pull"),
        Binding("c", "conflict", "publish.key_conflict"),
        Binding("a", "portal", "publish.key_portal"),
    ]
    _with_package = True  # whether the table has the package column now

    def compose(self) -> ComposeResult:
        yield Header()
        yield AtelierBar(id="atelier-bar")
        yield Static("", id="publish-portal")
        yield DataTable(id="publish-table", cursor_type="row", zebra_stripes=True)
        yield ProgressBar(id="publish-progress", show_eta=False)
        yield RichLog(id="publish-log", wrap=True, markup=True)
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one("#publish-progress").display = False
        self.query_one(DataTable).focus()
        self._log(f"[dim]{t('publish.log_hint')}[/dim]")

    # -- showing -------------------------------------------------------------------------------

    def on_resize(self, event) -> None:
        if self.store is not None and (event.size.width >= WIDE) != self._with_package:
            self.refresh_data()

    def refresh_data(self) -> None:
        from workshop_data.inventory import catalogue

        self.query_one(AtelierBar).show(self.store, self.ATELIER)
        trip = self.store.trip()
        waiting = self.store.query("SELECT count(*) AS n FROM outbox WHERE deleted_at IS NULL "
                                   "AND state IN ('pending', 'failed')")[0]["n"]
        portal = trip.portal_url or t("publish.no_portal")
        self.query_one("#publish-portal", Static).update(t(
            "publish.portal_line", portal=portal, org=trip.portal_organisation or "—",
            waiting=waiting, packages=catalogue.size(self.store),
            pulled=(catalogue.pulled_at(self.store) or "—")[:16].replace("T", " ")))
        table = self.query_one(DataTable)
        keep = self._current_id()
        table.clear(columns=True)
        # the note (personal data, the last error) before the package name: on a projector's
        # 100 or 120 columns it must not be cut off; the package name, also in the form (e),
        # is left out there
        self._with_package = self.app.size.width >= WIDE
        keys = ("title", "status", "publication", "note", "package")
        for key in keys if self._with_package else keys[:-1]:
            table.add_column(t(f"publish.col.{key}"), key=key)
        items = {row["publication_id"]: row for row in self.store.query(
            "SELECT publication_id, state, last_error FROM outbox WHERE deleted_at IS NULL "
            "ORDER BY created_at")}
        for dataset in self.store.datasets.list():
            publication = publication_for(self.store, dataset.id)
            if publication is None and dataset.status not in ("obtained", "explored", "ready",
                                                              "published"):
                continue
            state = publication.state if publication else ""
            item = items.get(publication.id) if publication else None
            note = item["last_error"] if item and item["last_error"] else ""
            if dataset.personal_data:
                note = f"⚠ {t('publish.personal')}  {note}".strip()
            cells = [dataset.title, t(f"status.{dataset.status}"),
                     Text(t(f"publish.state.{state}") if state else "—",
                          style=STATE_STYLE.get(state, "")),
                     Text(note, style="red" if item and item["last_error"] else "yellow"),
                     publication.package_name if publication else ""]
            table.add_row(*cells[:len(table.columns)], key=dataset.id)
        if keep:
            try:
                table.move_cursor(row=table.get_row_index(keep))
            except Exception:
                pass

    def _current_id(self) -> str | None:
        return current_key(self.query_one(DataTable))

    def _log(self, text: str) -> None:
        self.query_one(RichLog).write(text)

    # -- preparing -----------------------------------------------------------------------------

    def _after_form(self, result) -> None:
        if result is not None:
            self.refresh_data()
            self.post_message(DataChanged())

    def action_edit(self) -> None:
        dataset_id = self._current_id()
        if dataset_id:
            dataset = self.store.datasets.get(dataset_id)
            self.app.push_screen(metadata_form(self.store, dataset, queue_it=False),
                                 self._after_form)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_queue(self) -> None:
        dataset_id = self._current_id()
        if dataset_id:
            dataset = self.store.datasets.get(dataset_id)
            self.app.push_screen(metadata_form(self.store, dataset, queue_it=True),
                                 self._queued)

    def _queued(self, result) -> None:
        if result is not None:
            self._log(t("publish.queued", name=result.publication.package_name))
        self._after_form(result)

    def action_portal(self) -> None:
        self.app.push_screen(portal_form(self.store, on_saved=self._confirm_portal),
                             self._after_form)

    def _confirmed_portals(self) -> list[str]:
        """Portal URLs confirmed on this laptop (the App keeps them in its settings)."""
        return list(getattr(getattr(self.app, "settings", None), "portals", None) or [])

    def _confirm_portal(self, url: str) -> None:
        # Typed (or saved) here, on this laptop: that is the confirmation a token needs.
        settings = getattr(self.app, "settings", None)
        if url and settings is not None:
            settings.confirm_portal(url)

    def action_conflict(self) -> None:
        dataset_id = self._current_id()
        publication = publication_for(self.store, dataset_id) if dataset_id else None
        items = self.store.outbox.list(publication_id=publication.id, state="conflict") \
            if publication else []
        if not items:
            self.notify(t("publish.no_conflict"), severity="warning")
            return

        def chosen(choice):
            if choice:
                from workshop_data.portal.sync import resolve_conflict

                resolve_conflict(self.store, items[0].id, choice)
                self._log(t(f"publish.resolved_{choice}", name=publication.package_name))
                self.refresh_data()
                self.post_message(DataChanged())

        self.app.push_screen(ConflictScreen(items[0], publication), chosen)

    # -- talking to the portal (workers) -------------------------------------------------------

    def action_dry_run(self) -> None:
        from workshop_data.portal.sync import Syncer

        report = Syncer(self.store, None).plan()
        if not report.items:
            self._log(t("sync.nothing"))
        for item in report.items:
            self._log(f"[b]{t('sync.outcome.' + item.outcome)}[/b] {item.package_name}: "
                      f"{item.detail}")

    def action_sync(self) -> None:
        self._start_progress()
        self._sync()

    def action_pull(self) -> None:
        self._start_progress()
        self._pull()

    def _start_progress(self) -> None:
        bar = self.query_one("#publish-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#publish-progress", ProgressBar).update(total=max(total, 1),
                                                                progress=done)

    def _finished(self) -> None:
        self.query_one("#publish-progress").display = False
        self.refresh_data()
        self.post_message(DataChanged())

    @work(thread=True, exclusive=True, group="portal")
    def _sync(self) -> None:
        from workshop_data.portal.client import PortalError, connect
        from workshop_data.portal.sync import Syncer

        app = self.app
        try:
            trip = self.store.trip()
            ckan = connect(trip.portal_url, confirmed=self._confirmed_portals()) \
                if trip.portal_url else None
            if ckan is None:
                raise PortalError(t("portal.no_portal"))

            def progress(done, total, item):
                app.call_from_thread(self._progress, done, total)
                app.call_from_thread(self._log, f"[b]{t('sync.outcome.' + item.outcome)}[/b] "
                                     f"{item.package_name}: {item.detail}")

            report = Syncer(self.store, ckan, progress=progress).run()
            if not report.items:
                app.call_from_thread(self._log, t("sync.nothing"))
        except PortalError as error:
            app.call_from_thread(self._log, f"[red]{error}[/red]")
        finally:
            app.call_from_thread(self._finished)

    @work(thread=True, exclusive=True, group="portal")
    def _pull(self) -> None:
        from workshop_data.portal.client import PortalError, connect
        from workshop_data.portal.pull import pull_catalogue

        app = self.app
        try:
            trip = self.store.trip()
            if not trip.portal_url:
                raise PortalError(t("portal.no_portal"))
            count = pull_catalogue(
                self.store, connect(trip.portal_url, need_token=False,
                                    confirmed=self._confirmed_portals()),
                progress=lambda done, total: app.call_from_thread(self._progress, done, total))
            app.call_from_thread(self._log, tn("sync.pulled", count))
        except PortalError as error:
            from workshop_data.inventory import catalogue

            app.call_from_thread(self._log, "[red]" + tn(
                "sync.pull_kept", catalogue.size(self.store), error=error) + "[/red]")
        finally:
            app.call_from_thread(self._finished)
