"""The chart each insight was written on, drawn for the report from its dataset's file.

An insight note keeps the chart that was on screen (a :class:`..explorer.charts.ChartSpec` in
``insight.chart``). The report draws it again from the newest file attached to the insight's
dataset, read with the choices remembered for it, as text (the same drawing as the explorer's).
Only aggregates reach the report, never a row; a chart of a column in which the privacy scan
finds personal data is not drawn at all (a bar chart would name its values). A file that is not
on this laptop any more is said so, by its name only.
"""

from __future__ import annotations

import os
from typing import Any

from ..common.i18n import t
from ..common.store import Store
from .tables import TripExport

WIDTH, HEIGHT = 78, 18


def insight_charts(store: Store, data: TripExport) -> dict[str, str]:
    """{insight id: the chart drawn as text} for the insights of ``data`` that kept a chart."""
    table = data.table("insights")
    if table is None:
        return {}
    ids = [row[[c.name for c in table.columns].index("id")] for row in table.rows]
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = store.query(f"SELECT id, dataset_id, chart FROM insight WHERE id IN ({marks}) "
                       "AND chart != ''", ids)
    frames: dict[str, Any] = {}
    out = {}
    for row in rows:
        drawn = _drawn(store, row["dataset_id"], row["chart"], frames)
        if drawn:
            out[row["id"]] = drawn
    return out


def _drawn(store: Store, dataset_id: str, chart: str, frames: dict[str, Any]) -> str:
    from ..explorer.bookkeeping import files_of
    from ..explorer.chart_drawing import render_data
    from ..explorer.charts import ChartSpec, chart_data

    try:
        spec = ChartSpec.from_dict(chart)
    except ValueError:
        return ""  # written by a newer version, or by hand: nothing to draw
    files = files_of(store, dataset_id)
    if not files:
        return t("export.report.chart_no_file")
    path = files[0].path
    if path not in frames:
        frames[path] = _read(store, path)
    loaded = frames[path]
    if loaded is None:
        return t("export.report.chart_file_gone", file=os.path.basename(path))
    frame, personal = loaded
    if {spec.column, spec.other} & personal:
        return t("export.report.chart_personal")
    return render_data(chart_data(frame, spec), WIDTH, HEIGHT)


def _read(store: Store, path: str):
    """(frame, the columns holding personal data) of the file, or None if it cannot be read."""
    from ..explorer import bookkeeping
    from ..explorer.loading import LoadError, LoadOptions, load, scan_privacy
    from ..explorer.masking import masked_columns

    if not os.path.isfile(path):
        return None
    try:
        sha = bookkeeping.file_sha256(path)
        memory = bookkeeping.remembered(store, path, sha)
        if memory is not None and memory.same_content:
            options = memory.options
        else:
            options = LoadOptions(**(memory.overrides if memory else {}))
        frame = load(path, options, sample_if_too_big=True).frame
    except (LoadError, OSError):
        return None
    return frame, masked_columns(scan_privacy(frame), [str(c) for c in frame.columns])
