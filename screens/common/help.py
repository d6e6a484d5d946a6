"""The help overlay: what this screen is for and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from workshop_data.common.i18n import t

from .builtin import words
from .modal import TripModal


class HelpScreen(TripModal):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80%; max-width: 90; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    HelpScreen .help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen .help-keys { margin-top: 1; }
    """
    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "key.close")]

    def __init__(self, title: str, text: str, bindings) -> None:
        super().__init__()
        self.help_title = title
        self.help_text = text
        self.help_bindings = bindings

    def compose(self) -> ComposeResult:
        lines = []
        seen = set()
        for key, active in self.help_bindings.items():
            binding = active.binding
            if not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            shown = binding.key_display or self.app.get_key_display(binding)
            lines.append(f"[b]{shown:>10}[/b]  {words(binding.description)}")
        with VerticalScroll():
            yield Static(t("help.heading", screen=self.help_title), classes="help-title")
            yield Static(self.help_text)
            yield Static("\n".join(lines), classes="help-keys")
            yield Static(t("help.close"), classes="help-close")
