"""Two themes: the everyday one, and a high-contrast one that survives a washed-out projector.

The projector theme is pure black on white-ish text with saturated, distinct accents: beamers in
lit rooms lose dark greys and pastel colours first.
"""

from __future__ import annotations

from textual.theme import Theme

STANDARD = "datatrip"
PROJECTOR = "datatrip-projector"

_STANDARD = Theme(
    name=STANDARD,
    primary="#4A9EDB",
    secondary="#7FB800",
    accent="#FFB000",
    warning="#FFB000",
    error="#FF5555",
    success="#50D050",
    foreground="#E8E8E8",
    background="#101418",
    surface="#1A2027",
    panel="#232B34",
    dark=True,
)

_PROJECTOR = Theme(
    name=PROJECTOR,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFA500",
    error="#FF6666",  # still 4.5:1 as the − mark on the grid's coloured quadrants
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    boost="#333333",
    dark=True,
    variables={
        "text-muted": "#FFFFFF",
        "footer-key-foreground": "#000000",
        "footer-key-background": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
    },
)


def register_themes(app) -> None:
    app.register_theme(_STANDARD)
    app.register_theme(_PROJECTOR)
