"""The exercise timer on the projector: a countdown in large digits.

``ctrl+t`` opens it from any screen. ``space`` starts and pauses, ``+`` adds a minute and ``-``
takes one off, ``x`` stops (back to the full time), a digit 1–9 sets that many minutes while it
is not running. Escape goes back; the countdown runs on, and the phones' page shows it as long
as the room is open. The countdown itself (:class:`workshop_data.common.timer.Countdown`)
belongs to the App, so it is the same one wherever it is shown.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.widgets import Digits, Header, Static

from workshop_data.common.i18n import t
from workshop_data.common.timer import Countdown

from .base import TripScreen
from .footer import WrapFooter


def countdown_of(app) -> Countdown:
    """The App's countdown, made on first use."""
    timer = getattr(app, "timer", None)
    if timer is None:
        timer = app.timer = Countdown()
    return timer


class TimerScreen(TripScreen):
    TITLE_KEY = "timer.title"
    HELP_KEY = "timer.help"
    DEFAULT_CSS = """
    TimerScreen Middle { height: 1fr; }
    TimerScreen Digits { width: auto; text-style: bold; }
    TimerScreen #timer-state { width: auto; margin-top: 1; }
    TimerScreen.-done Digits { color: $error; }
    TimerScreen.-paused Digits { color: $text-muted; }
    """

    BINDINGS = [
        Binding("space", "start_pause", "timer.key_start_pause"),
        Binding("plus,equals_sign", "add(60)", "timer.key_add", key_display="+"),
        Binding("minus", "add(-60)", "timer.key_less", key_display="-"),
        Binding("x", "stop", "timer.key_stop"),
        *[Binding(str(n), f"minutes({n})", "timer.key_minutes", show=False)
          for n in range(1, 10)],
        Binding("escape", "back", "key.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle():
            with Center():
                yield Digits("", id="timer-digits")
            with Center():
                yield Static("", id="timer-state")
        yield WrapFooter()

    def on_mount(self) -> None:
        self._last_state = ""
        self.show()
        self.set_interval(0.2, self.show)

    @property
    def countdown(self) -> Countdown:
        return countdown_of(self.app)

    def show(self) -> None:
        timer = self.countdown
        state = timer.state
        if state == "done" and self._last_state == "running":
            self.app.bell()
        self._last_state = state
        self.query_one(Digits).update(timer.text())
        line = t(f"timer.state.{state}")
        if getattr(self.app, "room", None) is not None and state != "idle":
            line += "   " + t("timer.on_phones")
        self.query_one("#timer-state", Static).update(line)
        for name in ("running", "paused", "done"):
            self.set_class(state == name, f"-{name}")

    def action_start_pause(self) -> None:
        self.countdown.start_or_pause()
        self.show()

    def action_add(self, seconds: int) -> None:
        self.countdown.add(seconds)
        self.show()

    def action_stop(self) -> None:
        self.countdown.stop()
        self.show()

    def action_minutes(self, minutes: int) -> None:
        if self.countdown.state == "running":
            self.app.bell()
            return
        self.countdown.set_minutes(minutes)
        self.show()

    def action_back(self) -> None:
        self.dismiss()
