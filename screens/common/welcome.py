"""The first start: a file without a trip offers to create one or to open the demo trip."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Header, Input, Label, Select, Static

from workshop_data.common.errors import ValidationError
from workshop_data.common.i18n import t

from .base import TripScreen
from .footer import WrapFooter


class TripCreated(Message):
    """The new trip is in the file; the shell can show the dashboard."""


class DemoRequested(Message):
    """The user wants to look at the demo trip instead."""


class WelcomeScreen(TripScreen):
    TITLE_KEY = "welcome.title"
    HELP_KEY = "welcome.help"
    DEFAULT_CSS = """
    WelcomeScreen VerticalScroll { padding: 1 4; }
    WelcomeScreen .intro { margin-bottom: 1; }
    WelcomeScreen Label { margin-top: 1; }
    WelcomeScreen .error { color: $error; height: auto; }
    WelcomeScreen .buttons { height: auto; margin-top: 1; }
    WelcomeScreen .buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("ctrl+s", "create", "welcome.create", priority=True),
        Binding("ctrl+d", "demo", "welcome.open_demo", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(t("welcome.intro"), classes="intro")
            yield Label(t("welcome.name"))
            yield Input(id="name", placeholder=t("welcome.name_placeholder"))
            yield Label(t("welcome.organisation"))
            yield Input(id="organisation", placeholder=t("welcome.organisation_placeholder"))
            yield Label(t("welcome.language"))
            yield Select([("Nederlands", "nl"), ("English", "en")], value="nl", id="language",
                         allow_blank=False)
            for number in range(1, 5):
                yield Label(t("welcome.atelier_date", number=number))
                yield Input(id=f"date-{number}", placeholder="2026-10-01")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("welcome.create"), id="create", variant="primary")
                yield Button(t("welcome.open_demo"), id="demo")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_demo()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def action_demo(self) -> None:
        self.post_message(DemoRequested())

    def action_create(self) -> None:
        from workshop_data.common.setup import create_trip

        dates = [self.query_one(f"#date-{n}", Input).value for n in range(1, 5)]
        try:
            create_trip(self.store, name=self.query_one("#name", Input).value,
                        organisation=self.query_one("#organisation", Input).value,
                        language=self.query_one("#language", Select).value, dates=dates)
        except ValidationError as error:
            self.query_one("#error", Static).update(error.message)
            focus = {"name": "#name"}.get(error.field) or (
                f"#date-{error.field[-1]}" if error.field.startswith("date") else None)
            if focus:
                self.query_one(focus).focus()
            return
        self.post_message(TripCreated())
