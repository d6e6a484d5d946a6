"""The explorer's "Reading" view: how the file was read, whole.

The panel above the table has room for the choices and the first warning; here is everything a
careful reader would want to check before trusting the table: each choice with its reason, every
warning and note in full, the lines skipped (titles, footers, blank lines) with their text, and
the total rows set apart with their values. The values of columns holding personal data are
masked unless the user revealed them (R), as everywhere on this screen.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from workshop_data.common.i18n import t, tn

MAX_TOTAL_VALUES = 8  # values of a total row shown; a CBS "Nederland" row has 115


class ReadView(VerticalScroll):
    """Scrolls with the arrow and page keys when focused (w brings it up)."""

    DEFAULT_CSS = """
    ReadView { padding: 0 1; }
    ReadView > Static { width: 1fr; height: auto; }
    """

    shown = None  # what the view shows now (a rich renderable), None before a file is read

    def compose(self):
        yield Static(t("explorer.reading.none"), id="reading-text")

    def show(self, reading, masked: set[str] = frozenset()) -> None:
        self.shown = None if reading is None else account(reading, masked)
        self.query_one("#reading-text", Static).update(self.shown or t("explorer.reading.none"))


def _grid(kinds: tuple[str, ...], rows: list[tuple]) -> Table:
    """Columns side by side without borders: "fixed" as wide as its widest cell, "wrap" takes
    the rest and wraps with its own indent (a long footnote is read whole, not cut). Cells are
    plain text: a footer's "[1]" is not markup."""
    rows = [tuple(Text(c) if isinstance(c, str) else c for c in row) for row in rows]
    grid = Table.grid(padding=(0, 2))
    for at, kind in enumerate(kinds):
        if kind == "fixed":  # its width held, or a long last column squeezes it to "…"
            grid.add_column(no_wrap=True,
                            min_width=max((row[at].cell_len for row in rows), default=1))
        else:
            grid.add_column(ratio=1, overflow="fold")
    for row in rows:
        grid.add_row(*row)
    return grid


def _heading(text: str) -> Text:
    return Text("\n" + text, style="bold")


def _marked(heading: str, mark: str, lines: list[str]) -> list:
    return [_heading(heading), _grid(("fixed", "wrap"), [(mark, line) for line in lines])]


def account(reading, masked: set[str] = frozenset()) -> Group:
    """What the view shows for a ``workshop_data.explorer.reading.Reading``."""
    parts: list = [Text(t("explorer.reading.choices"), style="bold"),
                   _grid(("fixed", "fixed", "wrap"),
                         [(label, Text(value, style="bold"), why)
                          for label, value, why in reading.choices])]
    warnings = reading.warnings + ([t("inspect.truncated")] if reading.truncated else [])
    if warnings:
        parts += _marked("⚠ " + tn("explorer.reading.warnings", len(warnings)), "!", warnings)
    if reading.privacy:
        parts += _marked("⚠ " + t("explorer.privacy_found"), "!", reading.privacy)
    if reading.skipped:
        parts.append(_heading(tn("explorer.reading.skipped", len(reading.skipped))))
        parts.append(_grid(("fixed", "fixed", "wrap"),
                           [(t("inspect.line", line=line.line), line.reason, line.text)
                            for line in reading.skipped]))
    if reading.totals:
        parts += _totals(reading, masked)
    if reading.notes:
        parts += _marked(tn("explorer.reading.notes", len(reading.notes)), "·", reading.notes)
    if not (warnings or reading.skipped or reading.totals or reading.notes):
        parts.append(Text("\n" + t("explorer.reading.nothing")))
    return Group(*parts)


def _totals(reading, masked: set[str]) -> list:
    from workshop_data.explorer.masking import mask
    from workshop_data.explorer.reading import shown_value

    apart = reading.totals_apart
    key = "explorer.reading.totals_apart" if apart else "explorer.reading.totals_in"
    rows = []
    for total in apart or reading.totals:
        values = [(name, value) for name, value in total.values or []
                  if value is not None and value != "" and value != total.label]
        shown = [f"{name}: {mask(value) if name in masked else shown_value(value)}"
                 for name, value in values[:MAX_TOTAL_VALUES]]
        more = len(values) - MAX_TOTAL_VALUES
        rows.append((Text(total.label, style="bold"),
                     " · ".join(shown) + (t("loading.more", count=more) if more > 0 else "")))
    return [_heading(tn(key, len(reading.totals))), _grid(("fixed", "wrap"), rows)]
