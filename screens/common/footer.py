"""A footer that wraps: every shown key stays visible on a projector's 100 columns.

Textual's footer is one line and cuts what does not fit ("Contactge▏^p palette"), which hides
keys the facilitator needs, more so in Dutch where the words are longer. This one lays the keys
out in as many lines as the width needs, breaking between keys, never inside one, and keeps the
command palette's key in the bottom-right corner where Textual puts it.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class FooterRow(HorizontalGroup):
    """One line of keys."""


class WrapFooter(Footer):
    DEFAULT_CSS = """
    WrapFooter {
        layout: vertical;
        height: auto;
        max-height: 4;
    }
    WrapFooter FooterRow {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, **kwargs) -> None:
        kwargs["compact"] = True  # the roomy style costs a key per line at 100 columns
        super().__init__(**kwargs)
        self._laid_out_for = 0

    @staticmethod
    def key_width(key_display: str, description: str) -> int:
        """Cells a compact key takes, with the space after it."""
        return cell_len(key_display) + (1 + cell_len(description) if description else 0) + 1

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self._width()
        self._laid_out_for = width
        active = self.screen.active_bindings
        keys: list[FooterKey] = []
        seen_actions: set[str] = set()
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            keys.append(FooterKey(binding.key, self.app.get_key_display(binding),
                                  binding.description, binding.action,
                                  disabled=not enabled, tooltip=tooltip)
                        .data_bind(compact=Footer.compact))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, tooltip = found
                palette = FooterKey(binding.key, self.app.get_key_display(binding),
                                    binding.description, binding.action,
                                    classes="-command-palette", disabled=not enabled,
                                    tooltip=binding.tooltip or binding.description)
        for row in self.rows(keys, width, palette):
            yield FooterRow(*row)

    def rows(self, keys: list[FooterKey], width: int, palette: FooterKey | None):
        """Greedy lines of keys; the last line leaves room for the palette's key."""
        rows: list[list[FooterKey]] = [[]]
        used = 0
        for key in keys:
            needed = self.key_width(key.key_display, key.description)
            if rows[-1] and used + needed > width:
                rows.append([])
                used = 0
            rows[-1].append(key)
            used += needed
        if palette is not None:
            # Its border takes a cell; docked right, it needs its width free on that line.
            needed = self.key_width(palette.key_display, palette.description) + 1
            if rows[-1] and used + needed > width:
                rows.append([])
            rows[-1].append(palette)
        return rows

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
