"""Opening a round to the room and closing it again, from any screen.

The server (:class:`workshop_data.ranking.room.server.RoomServer`) belongs to the App (``app.room``): it
goes on serving while the facilitator moves between screens, and stops when the round closes,
when the room is closed, or when the app quits. One round is open to the room at a time.
"""

from __future__ import annotations

from textual.message import Message

from workshop_data.common.i18n import t


class RoomChanged(Message):
    """A phone's vote was stored: what shows who has voted refreshes (soon, not per vote)."""


def serving(app, round_id: str | None = None):
    """The App's running room server (for ``round_id``, when given), or None."""
    room = getattr(app, "room", None)
    if room is None or not room.running:
        return None
    return room if round_id is None or room.round_id == round_id else None


async def open_room(app, store, round_id: str):
    """Serve ``round_id`` to the room (stopping another round's room first); the server.
    Raises :class:`workshop_data.ranking.room.server.RoomError` when the address cannot be used."""
    from workshop_data.ranking import netaddr
    from workshop_data.ranking.room.server import RoomServer

    running = serving(app, round_id)
    if running is not None:
        return running
    await close_room(app)
    settings = getattr(app, "settings", None)
    host = getattr(settings, "room_host", "") or netaddr.lan_address()
    port_text = getattr(settings, "room_port", "") or str(netaddr.DEFAULT_PORT)
    port = int(port_text) if port_text.isdigit() else netaddr.DEFAULT_PORT
    server = RoomServer(store, round_id, host, port,
                        on_change=lambda: app.post_message(RoomChanged()),
                        timer=lambda: getattr(app, "timer", None))
    await server.start()
    app.room = server
    return server


async def close_room(app, round_id: str | None = None) -> bool:
    """Stop serving (only if it serves ``round_id``, when given); whether a room was closed."""
    room = serving(app, round_id)
    if room is None:
        return False
    app.room = None
    await room.stop()
    app.notify(t("room.tui.closed"))
    return True
