"""A dialog of tick lists: pick datasets and participants to link, or stakeholders to invite.

Space (or enter) ticks the highlighted line, tab goes to the next list, ctrl+s saves and escape
cancels. It is dismissed with one set of chosen values per list, or ``None`` when cancelled.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from workshop_data.common.i18n import t

from ..common.base import TripModal
from ..common.marks import MarkedSelectionList

# (heading, [(label, value)], values ticked at the start)
Section = tuple[str, list[tuple[str, str]], set[str]]


class PickModal(TripModal):
    DEFAULT_CSS = """
    PickModal { align: center middle; }
    PickModal > Vertical {
        width: 90%; max-width: 120; height: 90%; max-height: 40;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    PickModal .pick-title { text-style: bold; margin-bottom: 1; }
    PickModal .pick-lists { height: 1fr; }
    PickModal .pick-section { width: 1fr; height: 1fr; margin-right: 1; }
    PickModal .pick-section Label { text-style: bold; width: 1fr; }
    /* At 100 columns every column counts: the lists' lines are cut with an ellipsis. */
    PickModal.-narrow > Vertical { width: 100%; }
    PickModal SelectionList { height: 1fr; }
    PickModal .pick-hint { color: $text-muted; height: auto; }
    PickModal .pick-buttons { height: auto; }
    PickModal .pick-buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "save", "key.save", priority=True),
    ]

    def __init__(self, title: str, sections: list[Section], hint: str = "") -> None:
        super().__init__()
        self.pick_title = title
        self.sections = sections
        self.hint = hint or t("pick.hint")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.pick_title, classes="pick-title")
            with Horizontal(classes="pick-lists"):
                for number, (heading, options, chosen) in enumerate(self.sections):
                    with Vertical(classes="pick-section"):
                        yield Label(f"{heading} ({len(chosen)})", id=f"pick-label-{number}")
                        yield MarkedSelectionList[str](
                            *[Selection(label, value, value in chosen)
                              for label, value in options],
                            id=f"pick-{number}")
            yield Static(self.hint, classes="pick-hint")
            with Horizontal(classes="pick-buttons"):
                yield Button(t("form.save"), id="save", variant="primary")
                yield Button(t("form.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        number = int(event.selection_list.id.rsplit("-", 1)[1])
        heading = self.sections[number][0]
        self.query_one(f"#pick-label-{number}", Label).update(
            f"{heading} ({len(event.selection_list.selected)})")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss([set(lst.selected) for lst in self.query(SelectionList)])

    def action_cancel(self) -> None:
        self.dismiss(None)
