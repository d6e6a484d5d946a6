"""The round opened to the room, on the projector: the address and a large QR code to join,
the room code, and who has voted (names, never scores or codes), live within a second.

Opened with ``R`` on the ranking screen. ``x`` closes the room (the round stays open for the
laptop ballot), ``l`` closes the round, which closes the room too. Escape goes back; the room
stays open meanwhile. Re-issuing and unlocking codes work as on the "who has voted" screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from workshop_data.ranking import ballots
from workshop_data.common.i18n import t

from ..common.base import DataChanged
from .qr import QRCode
from .room_control import close_room, serving
from .turnout import TurnoutScreen
from ..common.footer import WrapFooter


class RoomScreen(TurnoutScreen):
    TITLE_KEY = "room.tui.title"
    HELP_KEY = "room.tui.help"
    CSS_PATH = ["turnout.tcss", "room.tcss"]

    BINDINGS = [
        Binding("x", "close_room", "room.tui.key_close_room"),
        Binding("l", "close_round", "room.tui.key_close_round"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="room"):
            with Vertical(id="join"):
                yield QRCode(id="qr")
                yield Static("", id="join-url")
                yield Static("", id="join-hint")
            with Vertical(id="voted"):
                yield Static("", id="turnout-head")
                yield DataTable(id="turnout", cursor_type="row", zebra_stripes=True)
                yield Static(t("ranking.turnout.legend"), id="turnout-legend")
        yield WrapFooter()

    def on_mount(self) -> None:
        room = serving(self.app, self.round_id)
        if room is not None:
            self.query_one(QRCode).show(room.url)
            url = Text(room.url, style="bold")
            url.append("\n" + t("room.room_code", code=room.room_code), style="bold")
            self.query_one("#join-url", Static).update(url)
            self.query_one("#join-hint", Static).update(t("room.tui.hint"))
        super().on_mount()

    async def action_close_room(self) -> None:
        await close_room(self.app, self.round_id)
        self.dismiss()

    async def action_close_round(self) -> None:
        await close_room(self.app, self.round_id)
        rnd = ballots.close_round(self.store, self.round_id)
        self.post_message(DataChanged())
        self.notify(t("ranking.closed_note", title=rnd.title))
        self.dismiss()
