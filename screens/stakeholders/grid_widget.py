"""The influence × interest grid, drawn in the terminal: one labelled marker per stakeholder.

Interest runs left to right (1–5), influence bottom to top (1–5). The four Mendelow quadrants are
tinted and carry their strategy on the frame; the border between low and high lies between 3 and
4 on both axes (see ``workshop_data.stakeholders.register``). A cell lists its stakeholders by name: with
room to spare a name wraps over several lines, in a crowded cell each gets one line and the last
line says how many more there are (the selected one is always in view), so nothing ever overlaps.

The widget only ever receives :class:`~workshop_data.stakeholders.register.Marker` objects, which have no
contact field: the grid is made to be projected.
"""

from __future__ import annotations

import unicodedata

from rich.cells import get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from workshop_data.common.i18n import t
from workshop_data.stakeholders.register import HIGH, SCALE, Marker, strategy

from .grid_layout import Layout, by_cell, fit, neighbour, reading_order, text_width, wrap

ATTITUDE_GLYPH = {"supporter": "+", "neutral": "○", "resistant": "−"}



# -- the widget --------------------------------------------------------------------------------

class StakeholderGrid(Widget, can_focus=True):
    COMPONENT_CLASSES = {
        "grid--manage_closely", "grid--keep_satisfied", "grid--keep_informed", "grid--monitor",
        "grid--frame", "grid--label", "grid--axis", "grid--selected", "grid--moving",
        "grid--more", "grid--supporter", "grid--resistant", "grid--empty",
    }
    DEFAULT_CSS = """
    StakeholderGrid { width: 1fr; height: 1fr; }
    /* fixed hues, the same in both themes: red, amber, blue and grey stay apart on a projector */
    StakeholderGrid > .grid--manage_closely { background: #FF5050 30%; color: #FF7A7A; }
    StakeholderGrid > .grid--keep_satisfied { background: #FFB000 24%; color: #FFB000; }
    StakeholderGrid > .grid--keep_informed { background: #3A8EE6 32%; color: #6CB6FF; }
    StakeholderGrid > .grid--monitor { background: $foreground 8%; color: $foreground; }
    StakeholderGrid > .grid--frame { color: $foreground 60%; }
    StakeholderGrid > .grid--label { text-style: bold; }
    StakeholderGrid > .grid--axis { color: $foreground; text-style: bold; }
    StakeholderGrid > .grid--selected {
        background: $accent; color: $background; text-style: bold;
    }
    StakeholderGrid > .grid--moving { background: $success; color: $background; text-style: bold; }
    StakeholderGrid > .grid--more { color: $foreground; text-style: italic; }
    StakeholderGrid > .grid--supporter { color: $success; text-style: bold; }
    StakeholderGrid > .grid--resistant { color: $error; text-style: bold; }
    StakeholderGrid > .grid--empty { color: $foreground 70%; text-style: italic; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.markers: list[Marker] = []
        self.selected: str | None = None
        self.moving = False
        self._cache_key = None
        self._strips: list[Strip] = []

    # -- state -----------------------------------------------------------------------------------

    def show(self, markers: list[Marker], selected: str | None = None) -> None:
        self.markers = markers
        ids = {m.id for m in markers}
        if selected in ids:
            self.selected = selected
        elif self.selected not in ids:
            order = reading_order(markers)
            self.selected = order[0].id if order else None
        self._redraw()

    def select(self, marker_id: str | None) -> None:
        if marker_id is not None and marker_id != self.selected:
            self.selected = marker_id
            self._redraw()

    def set_moving(self, moving: bool) -> None:
        self.moving = moving
        self._redraw()

    @property
    def current(self) -> Marker | None:
        return next((m for m in self.markers if m.id == self.selected), None)

    def cellmates(self) -> list[Marker]:
        """The markers in the selected one's cell, itself included, sorted by name."""
        current = self.current
        if current is None:
            return []
        return by_cell(self.markers)[(current.influence, current.interest)]

    def step(self, offset: int) -> str | None:
        """Select the next (1) or previous (-1) marker in reading order."""
        order = [m.id for m in reading_order(self.markers)]
        if not order:
            return None
        index = order.index(self.selected) if self.selected in order else -offset
        self.select(order[(index + offset) % len(order)])
        return self.selected

    def go(self, direction: str) -> str | None:
        target = neighbour(self.markers, self.selected, direction)
        self.select(target)
        return target

    def _redraw(self) -> None:
        self._cache_key = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache_key = None

    # -- drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        key = (width, height, self.app.theme)
        if key != self._cache_key:
            self._strips = self._draw(width, height)
            self._cache_key = key
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width)

    def _style(self, name: str, partial: bool = True) -> Style:
        """A component's style; partial (only what it sets itself) unless it brings a background."""
        return self.get_component_rich_style(f"grid--{name}", partial=partial)

    def _draw(self, width: int, height: int) -> list[Strip]:
        base = self.rich_style
        canvas = _Canvas(width, height, base)
        if width < 30 or height < 12:
            canvas.put(0, 0, fit(t("grid.too_small"), width), base)
            return canvas.strips()
        lay = Layout(width, height)
        frame, label, axis = self._style("frame"), self._style("label"), self._style("axis")
        quadrant = {name: self._style(name, partial=False) for name in
                    ("manage_closely", "keep_satisfied", "keep_informed", "monitor")}
        # quadrant backgrounds, a checkerboard within each so that neighbouring cells stand apart
        shade = {}
        for influence in SCALE:
            for interest in SCALE:
                x, y, w, h = lay.cell(influence, interest)
                shade[influence, interest] = bg = self._cell_background(
                    quadrant[strategy(influence, interest)], (influence + interest) % 2 == 1)
                left = x - 1 if interest != HIGH else x
                for row in range(y, y + h):
                    canvas.put(left, row, " " * (w + (x - left)), base + bg)
        # frame, with the strategies on it: the top quadrants above, the bottom ones below
        for y_line, left_char, mid_char, right_char in (
                (lay.top_y, "┌", "┬", "┐"), (lay.mid_y, "├", "┼", "┤"),
                (lay.bottom_y, "└", "┴", "┘")):
            canvas.put(lay.label_w, y_line, left_char + "─" * (lay.right_x - lay.label_w - 1)
                       + right_char, base + frame)
            canvas.put(lay.split_x, y_line, mid_char, base + frame)
        for y in range(lay.top_y + 1, lay.bottom_y):
            if y != lay.mid_y:
                canvas.put(lay.label_w, y, "│", base + frame)
                canvas.put(lay.right_x, y, "│", base + frame)
                canvas.put(lay.split_x, y, "│", base + frame)
        for y_line, names in ((lay.top_y, ("keep_satisfied", "manage_closely")),
                              (lay.bottom_y, ("monitor", "keep_informed"))):
            for x0, x1, name in ((lay.label_w, lay.split_x, names[0]),
                                 (lay.split_x, lay.right_x, names[1])):
                text = fit(f" {t('strategy.' + name)} ", x1 - x0 - 3)
                colour = Style(color=quadrant[name].color)
                canvas.put(x0 + 2, y_line, text, base + label + colour)
        # axes
        canvas.put(0, lay.title_y, fit("▲ " + t("grid.influence"), width), base + axis)
        for influence in SCALE:
            _x, y, _w, h = lay.cell(influence, SCALE[0])
            canvas.put(0, y + (h - 1) // 2, str(influence), base + axis)
        for interest in SCALE:
            x, _y, w, _h = lay.cell(SCALE[0], interest)
            canvas.put(x + (w - 1) // 2, lay.numbers_y, str(interest), base + axis)
        title = t("grid.interest") + " ▶"
        canvas.put(max(0, lay.right_x - text_width(title)), lay.axis_y, fit(title, width),
                   base + axis)
        # the markers
        if not self.markers:
            x, y, w, _h = lay.cell(3, 2)
            canvas.put(x + 1, y, fit(t("grid.nobody"), lay.right_x - x - 2),
                       base + self._style("empty"))
        for (influence, interest), items in by_cell(self.markers).items():
            self._draw_cell(canvas, lay.cell(influence, interest), items,
                            base + shade[influence, interest])
        return canvas.strips()

    def _cell_background(self, quadrant: Style, odd: bool) -> Style:
        """The quadrant's tint; every other cell a little darker."""
        if not odd or quadrant.bgcolor is None or self.rich_style.bgcolor is None:
            return Style(bgcolor=quadrant.bgcolor)
        tint = Color.from_rich_color(quadrant.bgcolor)
        darker = tint.blend(Color.from_rich_color(self.rich_style.bgcolor), 0.45)
        return Style(bgcolor=darker.rich_color)

    def _draw_cell(self, canvas, box, items: list[Marker], cell_style: Style) -> None:
        x, y, w, h = box
        lines: list[tuple[Marker | None, str, bool]] = []  # marker, text, first line of it
        if len(items) <= h:
            base, extra = divmod(h, len(items))
            for index, marker in enumerate(items):
                room = base + (1 if index < extra else 0)
                for number, text in enumerate(wrap(marker.name, w - 2, room)):
                    lines.append((marker, text, number == 0))
        else:
            shown = max(1, h - 1)
            index = next((i for i, m in enumerate(items) if m.id == self.selected), 0)
            start = max(0, min(index - shown + 1, len(items) - shown)) if index >= shown else 0
            hidden = len(items) - shown
            for marker in items[start:start + shown]:
                lines.append((marker, fit(marker.name, w - 2), True))
            more = t("grid.more", count=hidden)
            if h == 1:  # no line of its own: squeeze the count behind the name
                marker, text, _ = lines[0]
                lines = [(marker, fit(marker.name, w - 3 - text_width(more)) + " " + more, True)]
            else:
                lines.append((None, fit(more, w), True))
        for offset, (marker, text, first) in enumerate(lines[:h]):
            row = y + offset
            if marker is None:
                canvas.put(x, row, text, cell_style + self._style("more"))
                continue
            chosen = marker.id == self.selected
            style = cell_style
            if chosen:
                style = cell_style + self._style("moving" if self.moving else "selected",
                                                 partial=False)
            glyph = ATTITUDE_GLYPH.get(marker.attitude, "○") if first else " "
            glyph_style = style
            if not chosen and marker.attitude in ("supporter", "resistant"):
                glyph_style = style + self._style(marker.attitude)
            canvas.put(x, row, glyph, glyph_style)
            label = " " + text
            if chosen:
                label = label.ljust(max(len(label), w - 1))
            canvas.put(x + 1, row, label, style)


class _Canvas:
    """A width × height grid of (character, style) turned into Strips."""

    def __init__(self, width: int, height: int, style: Style) -> None:
        self.width = width
        self.height = height
        self.cells = [[(" ", style)] * width for _ in range(height)]

    def put(self, x: int, y: int, text: str, style: Style) -> None:
        if not 0 <= y < self.height:
            return
        row = self.cells[y]
        for char in unicodedata.normalize("NFC", text):
            size = get_character_cell_size(char)
            if size == 0:
                continue
            if x < 0 or x + size > self.width:
                break
            row[x] = (char, style)
            if size == 2:
                row[x + 1] = ("", style)
            x += size

    def strips(self) -> list[Strip]:
        out = []
        for row in self.cells:
            segments: list[Segment] = []
            text, style = "", None
            for char, char_style in row:
                if char_style != style and text:
                    segments.append(Segment(text, style))
                    text = ""
                style = char_style
                text += char
            if text:
                segments.append(Segment(text, style))
            out.append(Strip(segments, self.width))
        return out
