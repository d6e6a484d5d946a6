"""Where the room's voting page can be reached: the laptop's address on the room's network.

The default is the address of the interface a phone on the LAN or the laptop's hotspot would
reach (10.42.0.1 for a Linux hotspot), found without sending anything: connecting a UDP socket
only picks a route. With no network at all it is 127.0.0.1, which only this laptop can open.
"""

from __future__ import annotations

import socket

DEFAULT_PORT = 8765
# Private ranges a room network uses; a route to any one of them names the LAN interface.
_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")


def lan_address() -> str:
    for probe in _PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 9))
                address = sock.getsockname()[0]
            except OSError:
                continue
        if address and not address.startswith("127.") and address != "0.0.0.0":
            return address
    return "127.0.0.1"


def base_url(host: str | None = None, port: int | None = None) -> str:
    host = host or lan_address()
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port or DEFAULT_PORT}"


def voter_link(base: str, token: str) -> str:
    """The personal link of a code card: opens that voter's ballot on the room's page."""
    return f"{base}/v/{token}"
