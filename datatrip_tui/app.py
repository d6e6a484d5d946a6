"""The datatrip App: opens the trip file in a worker, then offers every screen by a key.

The first frame shows the dashboard's frame at once; the store (sqlite_utils, which imports pandas)
is opened in a thread worker and handed down to the screens when it is ready. Screens tell the App
about their writes with ``DataChanged``; changes made by another datatrip process on the same file
are noticed through SQLite's ``data_version`` and shown within a second.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from screens.common.base import DataChanged, failure_message, translate_bindings
from screens.common.dashboard import Dashboard
from workshop_data.common.i18n import language, t

from .settings import Settings, default_demo_path
from .themes import PROJECTOR, STANDARD, register_themes

# (key, mode, catalogue key of the title). A screen is listed here when it works, not before.
ROOM_REFRESH_SECONDS = 0.25
NAVIGATION = [
    ("d", "dashboard", "dashboard.title"),
    ("p", "participants", "participants.title"),
    ("t", "inventory", "inventory.title"),
    ("k", "tracker", "tracker.title"),
    ("r", "ranking", "ranking.title"),
    ("s", "stakeholders", "stakeholders.title"),
    ("g", "grid", "grid.title"),
    ("i", "invitations", "invitations.title"),
    ("v", "explorer", "explorer.title"),
    ("o", "prototypes", "prototypes.title"),
    ("b", "publish", "publish.title"),
    # The portal's catalogue, offline; c is taken on several screens (chart, clear, ballot).
    ("C", "catalogue", "catalogue.title"),
    # Export and merge are rarer, and x and m already mean delete and move on several screens.
    ("E", "export", "export.title"),
    ("M", "merge", "merge.title"),
]


def _screen_factories():
    """Screen classes by mode; imported lazily so the first frame does not wait for them."""
    from screens.export.formats import ExportScreen
    from screens.explorer.explore import ExplorerScreen
    from screens.inventory.tasks import InventoryScreen
    from screens.stakeholders.invitations import InvitationsScreen
    from screens.merge.review import MergeScreen
    from screens.inventory.participants import ParticipantsScreen
    from screens.explorer.prototypes import PrototypesScreen
    from screens.portal.publish import PublishScreen
    from screens.ranking.rounds import RankingScreen
    from screens.stakeholders.grid import StakeholderGridScreen
    from screens.stakeholders.register import StakeholdersScreen
    from screens.inventory.tracker import TrackerScreen
    from screens.inventory.catalogue import CatalogueScreen

    return {"participants": ParticipantsScreen, "inventory": InventoryScreen,
            "tracker": TrackerScreen,
            "ranking": RankingScreen,
            "stakeholders": StakeholdersScreen, "grid": StakeholderGridScreen,
            "invitations": InvitationsScreen,
            "explorer": ExplorerScreen, "prototypes": PrototypesScreen,
            "export": ExportScreen, "merge": MergeScreen,
            "publish": PublishScreen, "catalogue": CatalogueScreen}


# The dashboard's style sheet is read with the App's: a screen that brings a sheet of its own makes
# Textual parse every sheet again, and the dashboard is the first frame. Absolute paths, so that a
# subclass defined elsewhere (the start-up benchmark's) reads the same files.
CSS_FILES = [str(Path(__file__).with_name("app.tcss")),
             str(Path(inspect.getfile(Dashboard)).with_name(Dashboard.CSS_PATH))]


class DatatripApp(App):
    CSS_PATH = CSS_FILES
    TITLE = "datatrip"
    ENABLE_COMMAND_PALETTE = True
    # The dashboard is the first screen itself, not a switch away from an empty default one:
    # a switch restyles the whole app three times before the first frame.
    DEFAULT_MODE = "dashboard"

    # Classes on every screen by terminal size, for the .tcss of each screen: a projector's
    # 100x30 is -narrow and -short, a 120x36 one -medium and -tall.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (35, "-tall")]

    BINDINGS = [
        *[Binding(key, f"go('{mode}')", title, show=False) for key, mode, title in NAVIGATION],
        Binding("f2", "toggle_projector", "key.projector", show=False),  # in ? and the palette
        Binding("f3", "switch_language", "key.language", show=False),
        Binding("ctrl+t", "timer", "timer.key_open", show=False),  # in ? and the palette
        Binding("ctrl+q", "quit", "key.quit", priority=True),
        # Textual's own palette binding, declared here so its description is translated
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True,
                tooltip="key.palette_tooltip"),
    ]

    def __init__(self, path: str | Path, *, settings: Settings | None = None, demo: bool = False,
                 probe_portal: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self.settings = settings or Settings()
        self.demo = demo
        self.probe_portal = probe_portal
        self.store = None
        self.fatal_error: str | None = None
        self._data_version: int | None = None
        self.room = None  # the round served to the phones (screens.ranking.room_control), if any
        self._room_refresh = None
        self.dashboard: Dashboard | None = None
        self.add_mode("dashboard", self._make_dashboard)
        self.timer = None  # the exercise countdown (workshop_data.common.timer), made on first use
        translate_bindings(self)
        register_themes(self)
        self._start_theme(self.settings.theme or STANDARD)

    # -- start-up ------------------------------------------------------------------------------

    def _start_theme(self, name: str) -> None:
        """The saved theme, set the way Textual sets its default one: assigning ``theme`` runs
        its watcher, which restyles the whole app (twice) before the first frame."""
        if name not in self.available_themes:
            name = STANDARD
        self.set_reactive(DatatripApp.theme, name)
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark},
                            update=False)
        # The style sheet took its colours from the default theme in App.__init__; nothing is
        # parsed yet, so giving it ours now costs nothing.
        self.stylesheet.set_variables(self.get_css_variables())

    def _make_dashboard(self) -> Dashboard:
        if self.dashboard is None:
            self.dashboard = Dashboard(navigation=self._navigation_labels())
        return self.dashboard

    def on_ready(self) -> None:
        # After the first frame: importing sqlite_utils (and pandas) in a thread still holds the
        # GIL most of the time, so starting earlier would delay the first paint.
        self.run_worker(self._open_store, thread=True, name="open-store", exit_on_error=False)

    def _open_store(self):
        if self.demo:
            from workshop_data.common.demo import create_demo

            return create_demo(self.path)
        from workshop_data.common.store import open_store

        return open_store(self.path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name == "open-store":
            if event.state == WorkerState.SUCCESS:
                self._store_ready(worker.result)
            elif event.state == WorkerState.ERROR:
                self.fatal_error = str(worker.error)
                self.exit(return_code=2)
        elif worker.name == "probe-portal" and event.state == WorkerState.SUCCESS:
            self.dashboard.portal_state = worker.result

    def _store_ready(self, store) -> None:
        self.store = store
        self._data_version = store.data_version()
        self.settings.last_trip = "" if self.demo else str(self.path.resolve())
        self.settings.save()
        for mode, factory in _screen_factories().items():
            self.add_mode(mode, lambda factory=factory: factory(self.store))
        if store.trip() is None:
            from screens.common.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(store))
            return
        self._show_trip()

    def _show_trip(self) -> None:
        dashboard = self.dashboard
        dashboard.store = self.store
        dashboard.refresh_data()
        self.set_interval(1.0, self._poll_changes)
        if self.probe_portal:
            self._probe_portal()
            self.set_interval(30.0, self._probe_portal)
        else:
            dashboard.portal_state = "unknown"

    # -- errors --------------------------------------------------------------------------------

    async def _dispatch_action(self, namespace, action_name: str, params) -> bool:
        """Every key binding runs through here: a write that failed for a reason the user can
        act on (the trip file locked by another program, a full disk) is said in words and the
        screen stays as it was, typed input and all. Anything else is a bug and still ends the
        app. (Textual has no public hook for this; it is pinned below 9. An exception that
        reaches Textual's own handler would stop the screen's message loop, so it is caught
        here, before.)"""
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except Exception as error:
            if not self._tell_failure(error):
                raise
            return True

    def _handle_exception(self, error: Exception) -> None:
        # A thread worker's failure arrives here outside any message loop: safe to survive.
        if type(error).__name__ == "WorkerFailed" and self._tell_failure(
                getattr(error, "error", error)):
            return
        super()._handle_exception(error)

    def _tell_failure(self, error: BaseException) -> bool:
        message = failure_message(error, str(self.path))
        if message is None:
            return False
        self.bell()
        self.notify(message, severity="error", timeout=15)
        return True

    # -- messages from the screens -------------------------------------------------------------

    def on_data_changed(self, _message: DataChanged) -> None:
        """Our own write: the dashboard refreshes when it is shown again, nothing to poll."""
        if self.store is not None:
            self._data_version = self.store.data_version()

    def on_room_changed(self, _message) -> None:
        """A phone voted: the screen shown follows, once for a burst of votes (sixty phones at
        once), well within a second."""
        if self._room_refresh is None:
            self._room_refresh = self.set_timer(ROOM_REFRESH_SECONDS, self._refresh_for_room)

    def _refresh_for_room(self) -> None:
        self._room_refresh = None
        screen = self.screen
        if hasattr(screen, "refresh_data") and getattr(screen, "store", None) is not None:
            screen.refresh_data()

    async def on_unmount(self) -> None:
        if self.room is not None:  # quitting closes the room: the port is free again
            room, self.room = self.room, None
            await room.stop()

    def on_trip_created(self, _message) -> None:
        self.pop_screen()
        self._show_trip()

    def on_demo_requested(self, _message) -> None:
        from workshop_data.common.demo import create_demo

        self.store.close()
        self.path = default_demo_path() if self.path != default_demo_path() else self.path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.demo = True
        self.store = create_demo(self.path)
        self.pop_screen()
        self._store_ready(self.store)

    def _poll_changes(self) -> None:
        """Another process (a second ballot terminal) wrote to the file: refresh what is shown."""
        if self.store is None:
            return
        version = self.store.data_version()
        if version != self._data_version:
            self._data_version = version
            screen = self.screen
            if hasattr(screen, "refresh_data") and getattr(screen, "store", None) is not None:
                screen.refresh_data()

    def _probe_portal(self) -> None:
        trip = self.store.trip() if self.store else None
        url = trip.portal_url if trip else ""
        if url:
            confirmed = list(self.settings.portals)
            self.run_worker(lambda: _reachable(url, confirmed), thread=True,
                            name="probe-portal", exclusive=True, exit_on_error=False)

    # -- navigation ----------------------------------------------------------------------------

    def _navigation_labels(self) -> list[tuple[str, str]]:
        return [(key, t(title)) for key, _mode, title in NAVIGATION]

    def action_go(self, mode: str) -> None:
        if self.store is None or (mode != "dashboard" and self.store.trip() is None):
            self.bell()
            return
        if self.current_mode != mode:
            # What was said about the last screen is not about the next one.
            self.clear_notifications()
            self.switch_mode(mode)

    def action_timer(self) -> None:
        from screens.common.timer import TimerScreen

        if self.store is None or isinstance(self.screen, TimerScreen):
            return
        self.push_screen(TimerScreen(self.store))

    def action_toggle_projector(self) -> None:
        self.theme = STANDARD if self.theme == PROJECTOR else PROJECTOR
        self.settings.theme = self.theme
        self.settings.save()

    def action_command_palette(self) -> None:
        from screens.common.builtin import Palette

        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def action_help_quit(self) -> None:
        """ctrl+c (Textual's reflex key) says how to quit, in words."""
        self.notify(t("app.quit_hint", key="ctrl+q"), title=t("app.quit_title"))

    def on_key(self, event) -> None:
        # Before the screen keys: a key typed ahead of the focus belongs to the text field that
        # just opened (screens/common/typeahead.py says why). Textual calls a subclass's handler
        # before App's own (the bindings), and skips that one when the key was taken here.
        from screens.common.typeahead import typed_ahead

        if typed_ahead(self.focused, self.screen, event):
            event.prevent_default()

    def get_key_display(self, binding) -> str:
        # Keys named in words are words of the interface: "spatie", not "space", in Dutch.
        shown = super().get_key_display(binding)
        return t("keyname.space") if shown == "space" else shown

    async def action_switch_language(self) -> None:
        from .language import switch_language

        await switch_language(self, "en" if language() == "nl" else "nl", _screen_factories)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, mode, title in NAVIGATION:
            yield SystemCommand(t("palette.go", screen=t(title)), t("palette.go_help", key=key),
                                lambda mode=mode: self.action_go(mode))
        yield SystemCommand(t("palette.projector"), t("palette.projector_help"),
                            self.action_toggle_projector)
        yield SystemCommand(t("palette.language"), t("palette.language_help"),
                            self.action_switch_language)
        yield SystemCommand(t("timer.title"), t("timer.palette_help"), self.action_timer)
        yield SystemCommand(t("palette.help"), t("palette.help_help"),
                            lambda: self.screen.run_action("help"))
        yield SystemCommand(t("palette.quit"), t("palette.quit_help"), self.exit)


def _reachable(url: str, confirmed: list[str], timeout: float = 3.0) -> str:
    """'online' when the portal's host accepts a TCP connection, else 'offline'; 'unknown'
    for a portal URL not confirmed on this laptop, which is not contacted at all."""
    import socket
    from urllib.parse import urlsplit

    from workshop_data.portal.trust import is_trusted

    if not is_trusted(url, confirmed):
        return "unknown"

    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return "online"
    except (OSError, ValueError):
        return "offline"
