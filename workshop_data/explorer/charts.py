"""Quick terminal charts of a loaded table, for the data explorer and the report.

Four kinds, each chosen by a :class:`ChartSpec` (kind + column names), which is small and
JSON-ready so that a chart can be kept with an insight and drawn again later:

- ``bar``: the most common values of one column, with their counts;
- ``hist``: the distribution of one numeric column;
- ``line``: rows per period (or the mean of a numeric column per period) over a date column, or
  over a year column such as "Jaar" or "Perioden";
- ``scatter``: one numeric column against another.

Drawing happens in two steps, so that a window resize only repeats the cheap one:
:func:`chart_data` reduces the table (a million rows) to a few dozen numbers (this module), and
:func:`render_data` turns those into text of the given width and height
(:mod:`workshop_data.explorer.chart_drawing`, with :func:`render` for both steps).

Histogram, line and scatter are drawn by plotext (imported inside the functions; plotext keeps
its figure in global state, so every drawing holds a lock). The bar chart of value counts is drawn
as plain text bars: plotext's horizontal bars run into each other in text mode, and a facilitator
must be able to read the category names and counts from the back of the room. Nothing carries
meaning by colour alone: the output is colourless text with a title, axis labels and numbers.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..common.i18n import grouped, language, t, tn

KINDS = ("bar", "hist", "line", "scatter")
# What a line draws of a value per period when a period holds several rows; the first is the
# default, pressing the line's key again goes to the next.
AGGREGATES = ("mean", "sum", "median")
MIN_WIDTH, MIN_HEIGHT = 24, 8
BAR_KEEP = 40  # values kept for a bar chart; as many as fit are drawn
HIST_BINS = 20
SCATTER_POINTS = 3000
TIME_WORDS = ("jaar", "year", "periode", "period", "jr")
# A column of whole numbers like 20180101 (KNMI's YYYYMMDD) is a date when its name says so.
DAY_WORDS = ("yyyymmdd", "datum", "date", "dag", "day")
ID_WORDS = ("nummer", "code", "id", "nr", "number")



@dataclass
class ChartSpec:
    """What to draw: the kind, its main column and (scatter, line) a second column."""

    kind: str
    column: str
    other: str | None = None
    agg: str = AGGREGATES[0]  # line of a value: what a period with several rows shows

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.kind, "column": self.column, "other": self.other}
        if self.agg != AGGREGATES[0]:
            out["agg"] = self.agg
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any) -> "ChartSpec":
        if isinstance(data, str):
            data = json.loads(data)
        if not isinstance(data, dict) or data.get("kind") not in KINDS:
            raise ValueError(f"not a chart: {data!r}")
        if not isinstance(data.get("column"), str):
            raise ValueError("a chart needs a column name")
        other = data.get("other")
        agg = data.get("agg") if data.get("agg") in AGGREGATES else AGGREGATES[0]
        return cls(data["kind"], data["column"], other if isinstance(other, str) else None, agg)


@dataclass
class ChartData:
    """A table reduced to what one chart draws."""

    spec: ChartSpec
    title: str
    xlabel: str = ""
    ylabel: str = ""
    labels: list[str] = field(default_factory=list)  # bar: the values counted
    x: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    ticks: list[float] = field(default_factory=list)  # x tick positions ...
    tick_labels: list[str] = field(default_factory=list)  # ... and what they read
    step: float = 1.0  # hist: bin width
    total: int = 0  # bar: rows with a value
    distinct: int = 0  # bar: different values
    plain_x: bool = False  # x values are years: 2016, not 2,016
    plain_y: bool = False
    note: str = ""  # a line under the title: what is left out
    empty: str = ""  # why nothing can be drawn


# -- numbers ---------------------------------------------------------------------------------


def fmt_int(n: int) -> str:
    return grouped(n)


def fmt_num(x: float, plain: bool = False) -> str:
    """A short, readable number for an axis: 1,234, 12.5, 250 k, 1.2 M (with the decimal mark
    and grouping of the language); ``plain`` writes whole numbers without grouping (years)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    if plain and float(x).is_integer():
        return str(int(x))
    size = abs(x)
    for limit, unit, suffix in ((1e9, 1e9, " G"), (1e6, 1e6, " M"), (1e5, 1e3, " k")):
        if size >= limit:
            return _decimal(f"{x / unit:.3g}") + suffix
    if size >= 100 or float(x).is_integer():
        return fmt_int(round(x))
    if size >= 1:
        return _decimal(f"{x:.2f}".rstrip("0").rstrip("."))
    return _decimal(f"{x:.3g}")


def fmt_value(x, plain: bool = False) -> str:
    """A profile value written in full: 482,638 or 43,880.25 (decimal mark of the language);
    ``plain`` writes whole numbers without grouping (years)."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if plain and float(x).is_integer():
        return str(int(x))
    if float(x).is_integer() and abs(x) < 2**53:
        return fmt_int(int(x))
    text = f"{x:,.2f}".rstrip("0").rstrip(".") if abs(x) >= 1 else f"{x:.3g}"
    if language() == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def _decimal(text: str) -> str:
    if "e" in text:
        return text
    return text.replace(".", ",") if language() == "nl" else text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round ticks (1, 2, 2.5 or 5 times a power of ten) from low to high."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        return [low]
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


# -- which columns suit which chart ----------------------------------------------------------


def _is_numeric(s) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s))


def _is_datetime(s) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_datetime64_any_dtype(s))


def year_like(name: str, low, high) -> bool:
    """Whole numbers from 1800 to 2100 in a column whose name says years ("Jaar", "Perioden")."""
    try:
        low, high = float(low), float(high)
    except (TypeError, ValueError):
        return False
    return (any(word in str(name).lower() for word in TIME_WORDS) and 1800 <= low and high <= 2100
            and low.is_integer() and high.is_integer())


def _is_year(name: str, s) -> bool:
    """A numeric column of whole years (1800-2100) whose name says so ("Jaar", "Perioden")."""
    if not _is_numeric(s) or not any(word in str(name).lower() for word in TIME_WORDS):
        return False
    present = s.dropna()
    if present.empty:
        return False
    low, high = float(present.min()), float(present.max())
    return 1800 <= low and high <= 2100 and bool((present % 1 == 0).all())


def _is_day_number(name: str, s) -> bool:
    """Whole numbers that are all real YYYYMMDD days, in a column whose name says dates."""
    import pandas as pd

    if not _is_numeric(s) or not any(word in str(name).lower() for word in DAY_WORDS):
        return False
    present = s.dropna()
    if present.empty or not (18000101 <= present.min() and present.max() <= 21001231):
        return False
    days = pd.unique(present)  # a day a row, or a few hundred days over a million rows
    if not bool((days % 1 == 0).all()):
        return False
    parsed = pd.to_datetime(pd.Series(days.astype("int64")).astype(str), format="%Y%m%d",
                            errors="coerce")
    return bool(parsed.notna().all())


def _as_days(s):
    import pandas as pd

    return pd.to_datetime(s.astype("Int64").astype("string"), format="%Y%m%d")


def _names_an_identifier(name: str) -> bool:
    # "vestigingsnummer" and "gemeentecode" end in one; "id" only as a word ("snelheid" is none)
    words = re.split(r"[^a-z]+", str(name).lower())
    return any(w in ID_WORDS or w.endswith(("nummer", "code")) for w in words if w)


def numeric_columns(frame) -> list[str]:
    return [str(c) for c in frame.columns if _is_numeric(frame[c])]


def time_columns(frame) -> list[str]:
    """Date columns first (dates, then YYYYMMDD numbers), then year columns."""
    dates = [str(c) for c in frame.columns if _is_datetime(frame[c])]
    dates += [str(c) for c in frame.columns if _is_day_number(c, frame[c])]
    years = [str(c) for c in frame.columns if _is_year(c, frame[c])]
    return dates + years


def suggest(frame, kind: str, column: str | None = None, other: str | None = None) -> ChartSpec:
    """A spec of ``kind`` around ``column`` (the one the user points at), filling in the rest.

    bar: that column (else the first text column); hist: that column when it holds numbers, else
    the first numeric one; line: the first date or year column (or ``column`` when it is one),
    with ``column`` as the value when it holds numbers, else rows are counted; scatter:
    ``column`` (or the first numeric) against ``other``, else the next numeric column.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    names = [str(c) for c in frame.columns]
    if column is not None and column not in names:
        column = None
    times = time_columns(frame)
    years = set(times)
    numeric = numeric_columns(frame)
    numeric = [c for c in numeric if c not in years] + [c for c in numeric if c in years]
    if kind == "bar":
        if column is None:
            text = [c for c in names if c not in numeric]
            column = text[0] if text else (names[0] if names else "")
        return ChartSpec("bar", column)
    if kind == "hist":
        if column not in numeric:
            column = numeric[0] if numeric else (column or "")
        return ChartSpec("hist", column)
    if kind == "line":
        when = column if column in times else (times[0] if times else "")
        value = column if column in numeric and column != when else None
        if value is None and column is not None and column == when:
            # Standing on the time column itself: the first value column over it, not the
            # number of rows per year (one per region and year in most statistics tables).
            # Identifiers (BEVOEGD_GEZAG_NUMMER, Gemeentecode) are numbers but not measures.
            values = [c for c in numeric if c not in years]
            measures = [c for c in values if not _names_an_identifier(c)]
            value = (measures or values or [None])[0]
        return ChartSpec("line", when, value)
    x = column if column in numeric else (numeric[0] if numeric else (column or ""))
    if other not in numeric or other == x:
        rest = [c for c in numeric if c != x]
        if x in numeric:
            after = numeric[numeric.index(x) + 1:] + numeric[:numeric.index(x)]
            rest = [c for c in after if c != x]
        other = rest[0] if rest else None
    return ChartSpec("scatter", x, other)


def next_numeric(frame, after: str | None, skip: str | None = None) -> str | None:
    """The numeric column after ``after`` (wrapping round), not ``skip``: to cycle a scatter's y."""
    numeric = [c for c in numeric_columns(frame) if c != skip]
    if not numeric:
        return None
    if after not in numeric:
        return numeric[0]
    return numeric[(numeric.index(after) + 1) % len(numeric)]


# -- reducing the table -----------------------------------------------------------------------


def chart_data(frame, spec: ChartSpec) -> ChartData:
    """The few numbers ``spec`` draws from ``frame``; ``empty`` says why when there are none."""
    if spec.kind not in KINDS:
        raise ValueError(f"unknown chart kind {spec.kind!r}")
    names = [str(c) for c in frame.columns]
    for name in (spec.column, spec.other):
        if name and name not in names:
            return ChartData(spec, spec.column or spec.kind,
                             empty=t("chart.no_column", column=name))
    return {"bar": _bar_data, "hist": _hist_data, "line": _line_data,
            "scatter": _scatter_data}[spec.kind](frame, spec)


def _column(frame, name: str):
    return frame.loc[:, name] if list(frame.columns).count(name) == 1 else frame[name].iloc[:, 0]


def _label(value) -> str:
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    if isinstance(value, float):
        return fmt_num(value)
    return str(value).strip()


def _bar_data(frame, spec: ChartSpec) -> ChartData:
    from .loading.arrowtext import value_counts  # here: charts' import stays light

    s = _column(frame, spec.column)
    title = t("chart.bar_title", column=spec.column)
    data = ChartData(spec, title, xlabel=t("chart.rows"), ylabel=spec.column)
    counts = value_counts(s, dropna=True)
    if counts.empty:
        data.empty = t("chart.no_values", column=spec.column)
        return data
    missing = int(s.isna().sum())
    kept = counts.iloc[:BAR_KEEP]
    data.labels = [_label(v) for v in kept.index]
    data.y = [int(n) for n in kept.to_numpy()]
    data.total, data.distinct = int(counts.sum()), int(len(counts))
    notes = [tn("chart.values", data.total, count=fmt_int(data.total)),
             t("chart.distinct", count=fmt_int(data.distinct))]
    if missing:
        notes.append(t("chart.missing", count=fmt_int(missing)))
    data.note = " · ".join(notes)
    return data


def _numbers(s):
    import numpy as np

    values = s.to_numpy(dtype="float64", na_value=np.nan)
    return values[np.isfinite(values)]


def _hist_data(frame, spec: ChartSpec) -> ChartData:
    import numpy as np

    s = _column(frame, spec.column)
    data = ChartData(spec, t("chart.hist_title", column=spec.column), xlabel=spec.column,
                     ylabel=t("chart.rows"))
    if not _is_numeric(s):
        data.empty = t("chart.not_numeric", column=spec.column)
        return data
    values = _numbers(s)
    if not len(values):
        data.empty = t("chart.no_values", column=spec.column)
        return data
    low, high = float(values.min()), float(values.max())
    whole = bool(np.all(np.mod(values[:1000], 1) == 0)) and bool(np.all(np.mod(values, 1) == 0))
    if whole and high - low < 30:  # counts, scores, small integers: one bar per value
        edges = np.arange(low - 0.5, high + 1.5)
    elif high == low:
        edges = np.array([low - 0.5, high + 0.5])
    else:  # round edges: 0-500, 500-1000, ... rather than 13-1098
        ticks = nice_ticks(low, high, HIST_BINS)
        step = ticks[1] - ticks[0] if len(ticks) > 1 else (high - low) / HIST_BINS
        first = math.floor(low / step) * step
        count = max(math.ceil((high - first) / step - 1e-9), 1)
        edges = first + step * np.arange(count + 1)
        edges[-1] = max(edges[-1], high)
    counts, edges = np.histogram(values, bins=edges)
    data.plain_x = _is_year(spec.column, s)
    data.x = [float(c) for c in (edges[:-1] + edges[1:]) / 2]
    data.y = [int(n) for n in counts]
    data.step = float(edges[1] - edges[0])
    data.ticks = [float(e) for e in edges]
    missing = len(s) - len(values)
    data.note = tn("chart.values", len(values), count=fmt_int(len(values))) + (
        " · " + t("chart.missing", count=fmt_int(missing)) if missing else "")
    return data


def _periods(s):
    """(period of each row as a sortable number, period name, its label) for a date column:
    days for a few months, months for a few years, else years."""
    import pandas as pd

    present = s.dropna()
    span = (present.max() - present.min()).days if len(present) else 0
    if span <= 92:
        return (s.dt.normalize() - pd.Timestamp(0)).dt.days, "day", _day_label
    if span <= 6 * 366:
        return s.dt.year * 12 + (s.dt.month - 1), "month", \
            lambda v: f"{int(v) // 12}-{int(v) % 12 + 1:02d}"
    return s.dt.year, "year", lambda v: str(int(v))


def _day_label(days) -> str:
    import pandas as pd

    return (pd.Timestamp(0) + pd.Timedelta(days=int(days))).date().isoformat()


def _line_data(frame, spec: ChartSpec) -> ChartData:
    import pandas as pd

    if not spec.column:
        return ChartData(spec, t("chart.line"), empty=t("chart.no_time"))
    s = _column(frame, spec.column)
    if not _is_datetime(s) and _is_day_number(spec.column, s):
        s = _as_days(s)
    if _is_datetime(s):
        period, unit, label = _periods(s)
    elif _is_numeric(s):
        period, unit, label = s, "year", lambda v: str(int(v))
    else:
        return ChartData(spec, t("chart.line"), empty=t("chart.no_time"))
    unit_name = t(f"chart.period.{unit}")
    if spec.other:
        value = _column(frame, spec.other)
        if not _is_numeric(value):
            return ChartData(spec, spec.other, empty=t("chart.not_numeric", column=spec.other))
        grouped = pd.DataFrame({"p": period, "v": value}).dropna().groupby("p")["v"]
        sizes = grouped.size()
        agg = spec.agg if spec.agg in AGGREGATES else AGGREGATES[0]
        series = grouped.agg(agg)  # of one row per period: its value
        several = bool(len(sizes) and sizes.max() > 1)
        ylabel = t(f"chart.{agg}_of", column=spec.other) if several else spec.other
        title = t("chart.line_value_title", value=ylabel, period=unit_name, column=spec.column)
    else:
        series = pd.Series(period).dropna().value_counts().sort_index()
        ylabel = t("chart.rows")
        title = t("chart.line_count_title", period=unit_name, column=spec.column)
    data = ChartData(spec, title, xlabel=spec.column, ylabel=ylabel)
    if series.empty:
        data.empty = t("chart.no_values", column=spec.column)
        return data
    data.x = [float(v) for v in series.index.to_numpy(dtype="float64")]
    data.y = [float(v) for v in series.to_numpy(dtype="float64")]
    positions = data.x
    shown = nice_ticks(positions[0], positions[-1], 6) if unit == "year" else positions
    if unit == "year":
        shown = [p for p in shown if float(p).is_integer()] or positions[:1]
    elif len(shown) > 8:
        stride = math.ceil(len(shown) / 7)
        shown = shown[::stride]
    data.ticks = [float(p) for p in shown]
    data.tick_labels = [label(p) for p in shown]
    data.note = tn("chart.points", len(data.x), count=fmt_int(len(data.x)), period=unit_name)
    return data


def _scatter_data(frame, spec: ChartSpec) -> ChartData:
    import numpy as np

    title = t("chart.scatter_title", x=spec.column, y=spec.other or "?")
    data = ChartData(spec, title, xlabel=spec.column, ylabel=spec.other or "")
    if not spec.other or not spec.column:
        data.empty = t("chart.two_numeric")
        return data
    xs, ys = _column(frame, spec.column), _column(frame, spec.other)
    for name, s in ((spec.column, xs), (spec.other, ys)):
        if not _is_numeric(s):
            data.empty = t("chart.not_numeric", column=name)
            return data
    x = xs.to_numpy(dtype="float64", na_value=np.nan)
    y = ys.to_numpy(dtype="float64", na_value=np.nan)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if not len(x):
        data.empty = t("chart.no_pairs", x=spec.column, y=spec.other)
        return data
    total = len(x)
    if total > SCATTER_POINTS:  # evenly spread rows: the same points on every redraw
        pick = np.linspace(0, total - 1, SCATTER_POINTS).astype("int64")
        x, y = x[pick], y[pick]
        data.note = t("chart.sampled", shown=fmt_int(SCATTER_POINTS), total=fmt_int(total))
    else:
        data.note = tn("chart.values", total, count=fmt_int(total))
    data.x, data.y = x.tolist(), y.tolist()
    data.plain_x, data.plain_y = _is_year(spec.column, xs), _is_year(spec.other, ys)
    return data
