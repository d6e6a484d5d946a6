"""The parts of the data explorer that are not the screen itself: the chart widget, the path
suggester and the text of the detection panel (the dialogs are in ``explorer_forms``).

No pandas here at import time: frames arrive already loaded, and the helpers that touch them run
in the screen's worker threads.
"""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text
from textual.suggester import Suggester
from textual.widgets import Static

from workshop_data.common.i18n import t, tn

from .reading import PREVIEW_ROWS, Loaded


VIEWS = ("preview", "profile", "chart", "insights", "reading")
LABEL_WIDTH = 28  # preview column headers are cut to this many characters

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1"]
DELIMITERS = [";", ",", "\t", "|"]
DECIMALS = [",", "."]
THOUSANDS = ["", ".", ",", " "]
HEADER_ROWS = [0, 1, 2, 3, 4]
CYCLES = {"encoding": ENCODINGS, "delimiter": DELIMITERS, "decimal": DECIMALS,
          "thousands": THOUSANDS, "header_rows": HEADER_ROWS}


def shown(name: str, value: Any) -> str:
    """A load choice as a person reads it: ';' , tab, none."""
    if value is None:
        return "—"
    if name == "thousands" and value == "":
        return t("explorer.none")
    if value == "\t":
        return "tab"
    if value == " ":
        return t("explorer.space")
    if name in ("delimiter", "decimal", "thousands"):
        return f"'{value}'"
    return str(value)


def next_choice(name: str, current: Any) -> Any:
    values = CYCLES[name]
    if current in values:
        return values[(values.index(current) + 1) % len(values)]
    return values[0]


def column_label(name: str) -> Text:
    """A preview header: the column name, cut (the tabs line shows it in full with its type)."""
    return Text(name if len(name) <= LABEL_WIDTH else name[: LABEL_WIDTH - 1] + "…", style="bold")


def tabs_text(view: str, loaded, insights: int | None, column: str | None,
              width: int | None = None) -> Text:
    """The line over the views: which one is shown (in brackets, not only by colour), with counts,
    and the column a chart key would draw; within ``width`` the column's name is what is cut
    ("kolom: Gemiddeld persoon… (decimaal)"), never its type."""
    from workshop_data.explorer.charts import fmt_int

    counts = dict.fromkeys(VIEWS, "")
    if insights is not None:
        counts["insights"] = f" ({insights})"
    if loaded is not None:
        frame = loaded.result.frame  # the profile has a row per column: counted before it is made
        rows = len(frame)
        counts["preview"] = f" ({fmt_int(min(PREVIEW_ROWS, rows))}/{fmt_int(rows)})"
        counts["profile"] = f" ({len(frame.columns)})"
        warnings = len(loaded.result.warnings) + loaded.result.truncated
        counts["reading"] = f" ⚠ {warnings}" if warnings else ""
    line = Text()
    for name in VIEWS:
        label = f"{t('explorer.view.' + name)}{counts[name]}"
        line.append(f"[{label}]" if name == view else f" {label} ",
                    style="bold reverse" if name == view else "")
        line.append(" ")
    if column and loaded is not None:
        kind = t("explorer.type." + loaded.kinds.get(column, "text"))
        line.append(_column_hint(column, kind, width - line.cell_len if width else None),
                    style="italic")
    return line


def _column_hint(column: str, kind: str, room: int | None) -> str:
    """"kolom: Naam (type)" within ``room`` cells: without "kolom:" when it does not fit, then
    with the name cut (the type is what a chart key needs to know), and only then cut at the end."""
    full = "  " + t("explorer.column_now", column=column, type=kind)
    if room is None or len(full) <= room:
        return full
    tail = f" ({kind})"
    keep = room - 2 - len(tail)  # cells left for the name
    if keep >= len(column):
        return f"  {column}{tail}"
    if keep >= 9:
        return f"  {column[: keep - 1]}…{tail}"
    return f"  {column}{tail}"[: max(room, 3) - 1] + "…"  # a terminal this narrow cuts it anyway


def fill_preview(table, loaded, column: str | None, revealed: bool = False) -> None:
    """The first rows; the values of columns holding personal data masked unless ``revealed``."""
    from workshop_data.explorer.masking import mask, masked_columns

    names = [str(c) for c in loaded.result.frame.columns]
    hidden = set() if revealed else masked_columns(loaded.hits, names)
    at = [i for i, name in enumerate(names) if name in hidden]
    table.clear(columns=True)
    for name in names:
        table.add_column(column_label(name), key=name)
    for number, cells in enumerate(loaded.preview, start=1):
        if at:
            cells = list(cells)
            for i in at:
                if cells[i].plain != "·":  # a missing value stays a dim dot
                    cells[i] = Text(mask(cells[i].plain), justify=cells[i].justify)
        table.add_row(*cells, label=str(number))
    if column in names:
        table.move_cursor(column=names.index(column))


def fill_profile(table, profile, hits=(), revealed: bool = False) -> None:
    """One row per column: type, missing, unique, min, max, mean, median, most common values
    (of a column holding personal data no values, unless ``revealed``). No profile yet (it is
    made after the table is shown): an empty table."""
    from workshop_data.explorer.charts import fmt_value, year_like

    if profile is None:
        table.clear(columns=True)
        return
    from workshop_data.explorer.masking import mask_profile, masked_columns

    hidden = set() if revealed else masked_columns(hits, [c.name for c in profile.columns])
    masked = {c["name"]: c for c in mask_profile(profile.to_dict(), hidden)["columns"]} \
        if hidden else {}

    table.clear(columns=True)
    for key in ("column", "type", "missing", "unique", "min", "max", "mean", "median", "top"):
        table.add_column(t(f"explorer.col.{key}"), key=key)
    for col in profile.columns:
        name = col.name if len(col.name) <= 32 else col.name[:31] + "…"
        # JSON-safe: dates as ISO text, numbers as plain Python numbers
        values = masked.get(col.name) or col.to_dict()
        plain = year_like(col.name, values["min"], values["max"])
        top = ", ".join(f"{fmt_value(v['value'], plain)} ({v['count']})" for v in values["top"][:3])
        numbers = [Text(fmt_value(values[key], plain and key != "mean"), justify="right")
                   for key in ("missing", "unique", "min", "max", "mean", "median")]
        table.add_row(name, t(f"explorer.type.{col.type}"), *numbers,
                      top if len(top) <= 60 else top[:59] + "…", key=col.name)


def fill_insights(table, rows) -> None:
    table.clear(columns=True)
    for key in ("author", "atelier", "chart", "text"):
        table.add_column(t(f"explorer.insight_col.{key}"), key=key)
    for row in rows:
        chart = chart_name(row.chart) if row.chart else ""
        table.add_row(row.author, str(row.atelier or ""), chart if len(chart) <= 30 else
                      chart[:29] + "…", row.insight.text, key=row.insight.id)


def chart_name(spec) -> str:
    return f"{t('explorer.chart_kind.' + spec.kind)}: {spec.column}"


# -- the detection panel -------------------------------------------------------------------------


def detection_text(loaded: Loaded, flagged: bool | None = False, width: int = 200) -> Text:
    """Four short lines: the file; the choices (yours marked *, may wrap); the first warning and
    the privacy scan, each cut to ``width`` so the panel stays small on a projector."""
    from workshop_data.explorer.charts import fmt_int
    from workshop_data.explorer.loading.reader import human

    result, opts = loaded.result, loaded.result.options
    size = os.path.getsize(loaded.path) if os.path.exists(loaded.path) else 0
    out = Text()
    out.append(os.path.basename(loaded.path), style="bold")
    out.append("  " + t("explorer.file_line", format=result.detection.format.upper(),
                        size=human(size),
                        rows=tn("count.rows", len(result.frame), shown=fmt_int(len(result.frame))),
                        columns=tn("count.columns", len(result.frame.columns))))
    if loaded.remembered is not None:
        out.append("  " + t("explorer.remembered"), style="italic")
    if result.truncated:
        out.append("  " + t("explorer.truncated"), style="bold")
    out.append("\n")
    choices = [("sheet", opts.sheet), ("encoding", opts.encoding), ("delimiter", opts.delimiter),
               ("decimal", opts.decimal), ("thousands", opts.thousands)]
    parts: list[tuple[str, str, bool]] = [
        (t(f"explorer.panel.{name}"), shown(name, value), name in loaded.overrides)
        for name, value in choices if value is not None]
    if result.detection.format in ("csv", "xlsx"):
        rows = opts.header_rows or 0
        header = (tn("explorer.header_at", rows, line=(opts.skip_top or 0) + 1) if rows
                  else t("explorer.no_header"))
        mine = bool({"header_rows", "skip_top"} & set(loaded.overrides))
        parts.append((t("explorer.panel.header"), header, mine))
        parts.append((t("explorer.panel.skipped"), str(len(result.skipped)),
                      "skip_bottom" in loaded.overrides))
    if opts.na_values:
        parts.append((t("explorer.panel.missing"), " ".join(opts.na_values),
                      "na_values" in loaded.overrides))
    if result.total_labels:  # kept apart from statistics and charts unless taken in (T)
        where = "explorer.totals_kept_in" if opts.keep_totals else "explorer.totals_kept_apart"
        parts.append((t("explorer.panel.totals"), tn(where, len(result.total_labels)),
                      "keep_totals" in loaded.overrides))
    for number, (label, value, mine) in enumerate(parts):
        out.append((" · " if number else "") + label + " ")
        out.append(value + ("*" if mine else ""), style="bold underline" if mine else "bold")
    out.append("\n")
    line = Text()
    if result.warnings:
        head = "⚠ " + tn("explorer.warnings", len(result.warnings))
        if len(result.warnings) > 1:  # the others are on the Reading view: say its key
            head = f"{head.rstrip(':')} ({t('explorer.warnings_all')}):"
        line.append(head + " ", style="bold")
        line.append(result.warnings[0])
    else:
        line.append(t("explorer.no_warnings"))
    out.append_text(_cut(line, width))
    out.append("\n")
    line = Text()
    if loaded.hits:
        from workshop_data.explorer.bookkeeping import describe_hit

        line.append("⚠ " + t("explorer.privacy_found"), style="bold reverse")
        if flagged:
            line.append(" " + t("explorer.flagged"), style="bold")
        elif flagged is None:  # the file is no dataset's yet: attaching it flags the dataset
            line.append(" " + t("explorer.flag_on_attach"), style="bold")
        line.append(" " + "; ".join(describe_hit(h) for h in loaded.hits[:3]))
        if len(loaded.hits) > 3:
            line.append(" " + t("explorer.more", count=len(loaded.hits) - 3))
    else:
        line.append(t("explorer.privacy_clean"))
    out.append_text(_cut(line, width))
    return out


def _cut(text: Text, width: int) -> Text:
    if text.cell_len <= width:
        return text
    text.truncate(max(width - 1, 1))
    text.append("…")
    return text


# -- the chart -------------------------------------------------------------------------------------


class ChartView(Static):
    """A chart drawn to the widget's size, drawn again when that changes (resize, projector)."""

    DEFAULT_CSS = """
    ChartView { width: 1fr; height: 1fr; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.data = None
        self.hint = t("explorer.chart_hint")
        self._drawn: tuple | None = None

    def show_data(self, data) -> None:
        self.data = data
        self._drawn = None
        self.refresh(layout=True)

    def clear_chart(self, hint: str | None = None) -> None:
        self.data = None
        if hint:
            self.hint = hint
        self._drawn = None
        self.refresh(layout=True)

    def on_resize(self) -> None:
        self.refresh()

    def render(self) -> Text:
        if self.data is None:
            return Text(self.hint, justify="center")
        width, height = self.content_size
        key = (id(self.data), width, height)
        if self._drawn is None or self._drawn[0] != key:
            from workshop_data.explorer.chart_drawing import render_data

            self._drawn = (key, render_data(self.data, width, height))
        return Text(self._drawn[1], no_wrap=True, overflow="crop")

    @property
    def text(self) -> str:
        return self._drawn[1] if self._drawn else ""


# -- typing a path -------------------------------------------------------------------------------


class PathSuggester(Suggester):
    """Completes the file or folder name being typed (like a shell's tab, shown in grey)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        full = os.path.expanduser(value)
        folder, start = os.path.split(full)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(start) and name != start and not name.startswith("."):
                suffix = os.sep if os.path.isdir(os.path.join(folder or ".", name)) else ""
                return value + name[len(start):] + suffix
        return None
