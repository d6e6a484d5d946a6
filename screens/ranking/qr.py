"""A QR code drawn with half-block characters, two modules a character high, for a projector.

The terminal's background is dark, so the code's *light* modules (and the quiet zone around it)
are what is drawn, in white on black, and the dark modules are left black: drawn the other way
round, phones read a negative and most do not decode it.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

QUIET = 2  # modules of quiet zone; drawn light, so the code stands out from a dark screen
_CHARS = {(False, False): "█", (False, True): "▀", (True, False): "▄", (True, True): " "}


def qr_text(data: str) -> Text:
    import segno  # small, but only needed once the room opens

    code = segno.make(data, error="m", boost_error=False)
    rows = [[bool(dark) for dark in row] for row in code.matrix_iter(border=QUIET)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # a light row below: the quiet zone goes on
    lines = ["".join(_CHARS[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1]))
             for i in range(0, len(rows), 2)]
    return Text("\n".join(lines), style="#ffffff on #000000", no_wrap=True)


class QRCode(Static):
    DEFAULT_CSS = "QRCode { width: auto; height: auto; }"

    def show(self, data: str) -> None:
        self.update(qr_text(data))
