"""Ticks that read without colour: ✔ for a ticked choice, ☐ for one that is not.

Textual's Checkbox and SelectionList draw ``▐X▌`` on every row and tell ticked from not by
colour only, which a washed-out projector (or a colour-blind participant) loses. These draw a
different mark for each state, in the same three cells, so layouts do not move.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

TICKED = "✔"
UNTICKED = "☐"


def mark(ticked: bool) -> str:
    """The three cells before a choice's label."""
    return f" {TICKED if ticked else UNTICKED} "


class MarkedCheckbox(Checkbox):
    """A Checkbox that shows ✔ or ☐."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        # The mark itself tells the state; the colour of a ticked one only adds to it.
        colour = style.foreground if self.value else None
        return Content.assemble((mark(self.value), f"bold {colour.hex}" if colour else "bold"))


class MarkedSelectionList(SelectionList[SelectionType]):
    """A SelectionList whose rows start with ✔ or ☐."""

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt, without Textual's ▐X▌
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self._selected
        name = "selection-list--button"
        name += "-selected" if ticked else ""
        name += "-highlighted" if self.highlighted == index else ""
        underlying = next(iter(line)).style or self.rich_style
        button = self.get_component_rich_style(name)
        # The option's index in the meta lets a click on the mark toggle it, as on Textual's.
        style = Style(bold=True, color=button.color if ticked else None,
                      bgcolor=underlying.bgcolor, meta={"option": index})
        return Strip([Segment(mark(ticked), style=style), Segment(" ", style=underlying), *line])
