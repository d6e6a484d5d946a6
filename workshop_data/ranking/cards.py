"""Printable code cards: one card per participant with their name, code and personal QR link.

The cards are one HTML file with everything inline (the QR codes are SVG from segno), so it
prints from any browser with no network: A4, eight cards a page, dashed cut lines. The file holds
credentials: it is written only where the facilitator asks, and its path — never a code — is
what gets shown or logged.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from . import netaddr, voters
from .credentials import show_code
from ..common.i18n import t, tn
from ..common.model import BallotRound
from ..common.store import Store

_CSS = """
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; margin: 0; color: #000; background: #fff; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: 68mm; }
.card { border: 1px dashed #777; padding: 5mm; display: flex; gap: 4mm; align-items: center;
        break-inside: avoid; }
.card svg { width: 36mm; height: 36mm; flex: none; }
.who { font-size: 15pt; font-weight: 700; margin-bottom: 2mm; }
.round { font-size: 10pt; margin-bottom: 4mm; }
.code { font: 700 20pt ui-monospace, monospace; letter-spacing: 1mm; }
.hint { font-size: 8.5pt; margin-top: 3mm; color: #333; }
.note { font-size: 9pt; margin: 0 0 4mm; }
@media print { .note { display: none; } }
"""


def default_path(trip_path: str, rnd: BallotRound) -> Path:
    """Beside the trip file: ``trip-cards-<round title>.html``."""
    safe = "".join(ch if ch.isalnum() else "-" for ch in rnd.title).strip("-")[:40] or "round"
    trip = Path(trip_path)
    return trip.with_name(f"{trip.stem}-cards-{safe}.html")


def write_cards(store: Store, round_id: str, target: str | os.PathLike,
                base: str | None = None) -> int:
    """Write the round's cards to ``target`` (atomically); the number of cards."""
    import segno

    rnd = store.rounds.get(round_id)
    base = base or netaddr.base_url()
    cards = voters.cards(store, round_id)
    parts = []
    for card in cards:
        link = netaddr.voter_link(base, card.token)
        qr = segno.make(link, error="m").svg_inline(scale=4, border=2)
        parts.append(
            f'<div class="card">{qr}<div><div class="who">{html.escape(card.name)}</div>'
            f'<div class="round">{html.escape(rnd.title)}</div>'
            f'<div class="code">{html.escape(show_code(card.code))}</div>'
            f'<div class="hint">{html.escape(t("ranking.cards.hint"))}</div></div></div>')
    page = (f'<!doctype html><html lang="{html.escape(store.trip().language)}"><head>'
            f'<meta charset="utf-8"><title>{html.escape(t("ranking.cards.title", title=rnd.title))}'
            f'</title><style>{_CSS}</style></head><body>'
            f'<p class="note">{html.escape(tn("ranking.cards.note", len(cards)))}</p>'
            f'<div class="sheet">{"".join(parts)}</div></body></html>')
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    partial.write_text(page, "utf-8")
    os.replace(partial, target)
    return len(cards)
