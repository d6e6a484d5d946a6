"""The projector theme's text is readable on a washed-out beamer: WCAG AA, a contrast of at least
4.5:1 for text, computed from the theme's own colours (relative luminance, WCAG 2.x)."""

from __future__ import annotations

import pytest
from textual.color import Color

from datatrip_tui.themes import _PROJECTOR

AA_TEXT = 4.5


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


VARIABLES = _PROJECTOR.to_color_system().generate()


def colour(name: str, under: Color | None = None) -> Color:
    """A theme variable as it shows: a translucent one laid over what is under it."""
    base = under or Color.parse(VARIABLES["background"])
    parsed = Color.parse(VARIABLES[name])
    return base.blend(parsed.with_alpha(1.0), parsed.a) if parsed.a < 1 else parsed


SURFACES = ["background", "surface", "panel"]
PAIRS = [
    *[("foreground", surface) for surface in [*SURFACES, "boost", "primary-background"]],
    *[("text-muted", surface) for surface in SURFACES],
    *[("foreground-muted", surface) for surface in SURFACES],
    # coloured text: headings, warnings, errors, "online", the stakeholder grid's strategies
    *[(accent, surface) for accent in ("primary", "secondary", "accent", "warning", "error",
                                       "success", "text-primary", "text-secondary",
                                       "text-accent", "text-warning", "text-error",
                                       "text-success") for surface in SURFACES],
    ("footer-key-foreground", "footer-key-background"),
    ("footer-description-foreground", "footer-background"),
    ("footer-foreground", "footer-background"),
    ("block-cursor-foreground", "block-cursor-background"),
    ("block-cursor-blurred-foreground", "block-cursor-blurred-background"),
    ("input-cursor-foreground", "input-cursor-background"),
    ("input-selection-foreground", "input-selection-background"),
    ("button-foreground", "panel"),
]


def _shown(fg: str, bg: str) -> tuple[Color, Color]:
    background = colour(bg) if bg != "transparent" else Color.parse(VARIABLES["background"])
    if VARIABLES.get(bg) == "transparent":
        background = Color.parse(VARIABLES["footer-background"])
    return colour(fg, background), background


@pytest.mark.parametrize("fg,bg", PAIRS, ids=[f"{fg}-on-{bg}" for fg, bg in PAIRS])
def test_projector_text_meets_wcag_aa(fg, bg):
    text, background = _shown(fg, bg)
    ratio = contrast(text, background)
    assert ratio >= AA_TEXT, f"{fg} {text.hex} on {bg} {background.hex}: {ratio:.2f}:1"


def test_dim_text_stays_readable():
    """[dim] text is drawn halfway to the background: white and yellow still pass."""
    background = Color.parse(VARIABLES["background"])
    for name in ("foreground", "primary"):
        dimmed = background.blend(Color.parse(VARIABLES[name]), 0.5)
        assert contrast(dimmed, background) >= AA_TEXT, name


def test_the_formula():
    black, white = Color.parse("#000000"), Color.parse("#FFFFFF")
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)  # WCAG's own
    assert contrast(white, white) == pytest.approx(1.0)


async def test_the_stakeholder_grid_on_the_projector_meets_wcag_aa(demo_db):
    """Names, the quadrants' titles and the + / − marks on each quadrant's colour, as the
    grid's own styles resolve them in the projector theme."""
    from screens.stakeholders.grid_widget import StakeholderGrid
    from test_fit import opened

    async with opened(demo_db, (100, 30), "f2", "g", language="en") as (app, _):
        grid = app.screen.query_one(StakeholderGrid)
        failing = []
        for quadrant in ("manage_closely", "keep_satisfied", "keep_informed", "monitor"):
            cell = grid.get_component_rich_style(f"grid--{quadrant}", partial=False)
            background = Color.from_rich_color(cell.bgcolor)
            texts = {"name": grid.rich_style.color, "title": cell.color}
            for mark in ("supporter", "resistant", "more", "axis"):
                texts[mark] = grid.get_component_rich_style(f"grid--{mark}").color
            for what, rich_colour in texts.items():
                ratio = contrast(Color.from_rich_color(rich_colour), background)
                if ratio < AA_TEXT:
                    failing.append(f"{what} on {quadrant}: {ratio:.2f}:1")
        for state in ("selected", "moving"):
            style = grid.get_component_rich_style(f"grid--{state}", partial=False)
            ratio = contrast(Color.from_rich_color(style.color),
                             Color.from_rich_color(style.bgcolor))
            if ratio < AA_TEXT:
                failing.append(f"{state}: {ratio:.2f}:1")
        assert not failing
