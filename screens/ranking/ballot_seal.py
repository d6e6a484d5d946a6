"""Keeping a participant inside ballot mode: no App key reaches a sealed screen, and leaving
needs the facilitator's PIN (set once per trip, kept as a salted hash)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from workshop_data.common.errors import ValidationError
from workshop_data.common.i18n import t

PIN_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 64; height: auto; border: thick $error; background: $surface;
                    padding: 1 2; }}
{name} Input {{ width: 24; margin-top: 1; }}
{name} .pin-error {{ color: $error; text-style: bold; height: auto; margin-top: 1; }}
"""


class Sealed:
    """A screen whose keys never reach the App's bindings (priority ones included)."""

    @property
    def _binding_chain(self):
        return [(node, bindings) for node, bindings in super()._binding_chain
                if node is not self.app]


class PinPrompt(Sealed, ModalScreen[bool]):
    """The facilitator types the PIN to leave ballot mode; escape goes back to the ballot."""

    DEFAULT_CSS = PIN_CSS.format(name="PinPrompt")
    BINDINGS = [Binding("escape", "back", show=False)]

    def __init__(self, check: Callable[[str], bool]) -> None:
        super().__init__()
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("ranking.pin.leave"))
            yield Input(password=True, id="pin", max_length=12)
            yield Static("", classes="pin-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.check(event.value):
            self.dismiss(True)
            return
        event.input.value = ""
        self.query_one(".pin-error", Static).update(t("ranking.pin.wrong"))

    def action_back(self) -> None:
        self.dismiss(False)


class SetPin(ModalScreen[bool]):
    """First use of ballot mode: the facilitator chooses the PIN that will let them out."""

    DEFAULT_CSS = PIN_CSS.format(name="SetPin")
    BINDINGS = [Binding("escape", "back", "key.cancel")]

    def __init__(self, save: Callable[[str], None]) -> None:
        super().__init__()
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("ranking.pin.choose"))
            yield Input(password=True, id="pin-new", max_length=12,
                        placeholder=t("ranking.pin.new"))
            yield Input(password=True, id="pin-again", max_length=12,
                        placeholder=t("ranking.pin.again"))
            yield Static("", classes="pin-error")

    def on_mount(self) -> None:
        self.query_one("#pin-new", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first, again = self.query_one("#pin-new", Input), self.query_one("#pin-again", Input)
        if event.input is first:
            again.focus()
            return
        error = self.query_one(".pin-error", Static)
        if first.value != again.value:
            error.update(t("ranking.pin.mismatch"))
            again.value = ""
            return
        try:
            self.save(first.value)
        except ValidationError as problem:
            error.update(problem.message)
            first.value = again.value = ""
            first.focus()
            return
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
