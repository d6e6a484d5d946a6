"""The report of a trip, in Markdown and in HTML: what each atelier produced.

Both are rendered from one list of blocks built from the export's tables, so they say the same
and a public report holds exactly what a public export holds. Per atelier: the numbers, the
ranking table and the 2×2 priority chart (atelier 1), the stakeholder grid summary and the
invitations (atelier 2), insights and prototypes (atelier 3), and what was published (atelier 4).

The charts (:mod:`.report_charts`: the priority chart, the stakeholder grid, the tracker's
pipeline) are drawn without any library or network: an inline SVG in the HTML, a text chart
(plain ASCII in a code block) in the Markdown, and a 2×2 table naming the datasets of each
quadrant. An insight's chart is drawn from its dataset's file (:mod:`.report_insights`), as text.
"""

from __future__ import annotations

import html
from typing import Any

from ..common.i18n import language, t, tn
from ..ranking.numbering import dataset_numbers
from .report_charts import (Bars, Chart, Grid, GridPoint, Point, ascii_chart, svg_bars,
                            svg_chart, svg_grid, text_bars, text_grid)
from .tables import Column, RoundResult, Table, TripExport

QUADRANT_ORDER = ("act_now", "quick_wins", "build_interest", "park", "unrated")
STRATEGY_ORDER = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")


# -- the blocks ----------------------------------------------------------------------------------

Block = tuple  # ("h1"|"h2"|"h3"|"p"|"small", text) | ("table", headers, rows, numeric) | ...


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("export.yes") if value else t("export.no")
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if language() == "nl" else text
    if hasattr(value, "strftime"):
        if hasattr(value, "hour"):
            local = value.astimezone() if value.tzinfo else value
            return local.strftime("%d-%m-%Y %H:%M" if language() == "nl" else "%Y-%m-%d %H:%M")
        return value.strftime("%d-%m-%Y" if language() == "nl" else "%Y-%m-%d")
    return str(value)


def _records(table: Table | None) -> list[dict[str, Any]]:
    if table is None:
        return []
    return [{c.name: v for c, v in zip(table.columns, row)} for row in table.rows]


def _column(table: Table | None, name: str) -> Column | None:
    if table is None:
        return None
    return next((c for c in table.columns if c.name == name), None)


def _human(table: Table | None, name: str, value: Any) -> Any:
    column = _column(table, name)
    return column.human(value) if column else value


def build_blocks(data: TripExport) -> list[Block]:
    trip = data.trip
    blocks: list[Block] = [("h1", t("export.report_title", trip=trip.get("name", "")))]
    meta = [trip.get("organisation", ""),
            t("export.report.made", when=_fmt(data.exported_at))]
    blocks.append(("small", " · ".join(m for m in meta if m)))
    if data.public:
        blocks.append(("p", t("export.report.public_note")))

    ateliers = {a["number"]: a for a in _records(data.table("ateliers"))}
    for number in (1, 2, 3, 4):
        atelier = ateliers.get(number, {})
        heading = t("export.report.atelier", number=number, theme=t(f"atelier.theme.{number}"))
        when = ", ".join(x for x in (_fmt(atelier.get("date")), atelier.get("place") or "") if x)
        blocks.append(("h2", heading + (f" ({when})" if when else "")))
        blocks.extend(SECTIONS[number](data))
    return blocks


def _atelier1(data: TripExport) -> list[Block]:
    out: list[Block] = []
    participants = data.table("participants")
    tasks = data.table("tasks")
    datasets = data.table("datasets")
    out.append(("p", tn("export.report.a1_summary",
                        len(participants.rows) if participants else 0,
                        tasks=tn("count.tasks", len(tasks.rows) if tasks else 0),
                        datasets=tn("count.datasets", len(datasets.rows) if datasets else 0))))
    by_status: dict[str, int] = {}
    for d in _records(datasets):
        by_status[d["status"]] = by_status.get(d["status"], 0) + 1
    if by_status:
        from ..common.model import STATUSES

        out.append(("table", [t("export.col.status"), t("export.report.count")],
                    [[t(f"status.{s}"), by_status[s]] for s in STATUSES if s in by_status],
                    {1}))
        # The tracker's pipeline: every status, the empty ones too, so the flow reads the
        # same way in every report.
        title = t("export.report.pipeline")
        out.append(("h3", title))
        out.append(("bars", Bars(title, [(t(f"status.{s}"), by_status.get(s, 0))
                                         for s in STATUSES])))
    for result in data.results:
        out.extend(_ranking(data, result))
    if not data.results:
        out.append(("p", t("export.report.no_rounds")))
    return out


def _ranking(data: TripExport, res: RoundResult) -> list[Block]:
    out: list[Block] = [("h3", t("export.report.ranking", round=res.round["title"]))]
    rows = [r for r in _records(data.table("ranking")) if r["round_id"] == res.round["id"]]
    titles: dict[str, str] = {}
    by_dataset: dict[str, dict[str, dict]] = {}
    for row in rows:
        key = row.get("dataset_id") or row["dataset"]
        titles[key] = row["dataset"]
        by_dataset.setdefault(key, {})[row["criterion"]] = row
    if not by_dataset:
        return out + [("p", t("export.report.no_votes"))]
    crit_label = {c: str(_human(data.table("ranking"), "criterion", c)) for c in res.criteria}
    if res.kind == "score":
        headers = ["#", t("export.col.dataset")]
        for c in res.criteria:
            headers += [t("export.report.median_of", criterion=crit_label[c]),
                        t("export.report.rank_of", criterion=crit_label[c])]
        headers += [t("export.col.n_votes"), t("export.col.quadrant")]
        # One numbering with the results screen and its chart (ranking.numbering).
        numbers = dataset_numbers([r for r in res.scores if r.dataset_id in by_dataset],
                                  res.criteria, titles)
        table_rows = []
        points = []
        for key in sorted(by_dataset, key=lambda k: numbers.get(k, 10**6)):
            n = numbers.get(key, "")
            stats = by_dataset[key]
            line: list[Any] = [n, titles[key]]
            for c in res.criteria:
                row = stats.get(c, {})
                tie = "=" if row.get("tied") else ""
                line += [row.get("median"), f"{tie}{row['rank']}" if row.get("rank") else ""]
            line.append(max((r.get("n_votes") or 0) for r in stats.values()))
            quadrant = next(iter(stats.values())).get("quadrant") or ""
            line.append(_human(data.table("ranking"), "quadrant", quadrant) if quadrant else "")
            table_rows.append(line)
            x = stats.get("interest", {}).get("median")
            y = stats.get("importance", {}).get("median")
            if res.quadrants and x is not None and y is not None:
                points.append(Point(n, titles[key], x, y, quadrant or "unrated"))
        numeric = {0} | {2 + 2 * i for i in range(len(res.criteria))} | {len(headers) - 2}
        out.append(("table", headers, table_rows, numeric))
        if res.quadrants:
            out.append(("h3", t("export.report.chart", round=res.round["title"])))
            out.append(("chart", Chart(points, res.scale, crit_label.get("interest", "interest"),
                                       crit_label.get("importance", "importance"))))
            out.append(("quadrants", _quadrant_grid(points)))
    else:
        headers = ["#", t("export.col.dataset"), t("export.col.score"), t("export.col.n_votes")]
        ordered = sorted(by_dataset, key=lambda k: (
            next(iter(by_dataset[k].values())).get("rank") or 10**6, titles[k].casefold()))
        table_rows = []
        for key in ordered:
            row = next(iter(by_dataset[key].values()))
            tie = "=" if row.get("tied") else ""
            table_rows.append([f"{tie}{row['rank']}" if row.get("rank") else "", titles[key],
                               row.get("score"), row.get("n_votes")])
        out.append(("table", headers, table_rows, {0, 2, 3}))
    if data.public:
        out.append(("small", t("export.report.min_votes_note")))
    return out


def _quadrant_grid(points: list[Point]) -> list[list[str]]:
    """[[build_interest, act_now], [park, quick_wins]]: the numbers and titles per quadrant."""
    def names(q: str) -> str:
        return "; ".join(f"{p.number}. {p.title}" for p in points if p.quadrant == q)

    return [["build_interest", names("build_interest"), "act_now", names("act_now")],
            ["park", names("park"), "quick_wins", names("quick_wins")]]


def _atelier2(data: TripExport) -> list[Block]:
    stakeholders = data.table("stakeholders")
    records = _records(stakeholders)
    out: list[Block] = [("p", tn("export.report.a2_summary", len(records), stakeholders=len(records)))]
    if records:
        rows = []
        for strategy in STRATEGY_ORDER:
            members = [r for r in records if r["strategy"] == strategy]
            rows.append([_human(stakeholders, "strategy", strategy), len(members),
                         "; ".join(r["name"] for r in members)])
        out.append(("h3", t("export.report.grid")))
        out.append(("table", [t("export.col.strategy"), t("export.report.count"),
                              t("export.table.stakeholders")], rows, {1}))
        out.extend(_grid_chart(stakeholders, records))
    invitations = data.table("invitations")
    inv = _records(invitations)
    out.append(("h3", t("export.table.invitations")))
    if inv:
        out.append(("table", [t("export.col.stakeholder"), t("export.col.organisation"),
                              t("export.col.status")],
                    [[r["stakeholder"], r["organisation"],
                      _human(invitations, "status", r["status"])] for r in inv], set()))
    else:
        out.append(("p", t("export.report.none")))
    return out


def _grid_chart(stakeholders: Table | None, records: list[dict[str, Any]]) -> list[Block]:
    """The grid itself: every stakeholder a number (in the order of the table) in its cell."""
    points = [GridPoint(n, r["name"], r["influence"], r["interest"], r["strategy"])
              for n, r in enumerate(records, start=1)
              if r.get("influence") is not None and r.get("interest") is not None]
    if not points:
        return []
    grid = Grid(points, _column(stakeholders, "interest").label_text(),
                _column(stakeholders, "influence").label_text())
    return [("h3", t("export.report.grid_chart")), ("grid", grid),
            ("list", [f"{p.number}. {p.name}" for p in points])]


def _atelier3(data: TripExport) -> list[Block]:
    datasets = _records(data.table("datasets"))
    explored = sum(d["status"] in ("explored", "ready", "published") for d in datasets)
    obtained = sum(d["status"] in ("obtained", "explored", "ready", "published") for d in datasets)
    # one count per noun: "1 dataset obtained, 1 of them explored" reads right in both languages
    out: list[Block] = [("p", t("export.report.a3_summary", datasets=tn("count.datasets", obtained),
                                explored=explored))]
    out.append(("h3", t("export.table.insights")))
    insights = _records(data.table("insights"))
    if insights:
        out.append(("list", [f"{i['dataset']}: {i['text']}"
                             + (f" ({i['author']})" if i.get("author") else "")
                             for i in insights]))
    else:
        out.append(("p", t("export.report.none")))
    charted = [i for i in insights if i["id"] in data.insight_charts]
    if charted:  # the chart each insight was written on, drawn from the dataset's file
        out.append(("h3", t("export.report.insight_charts")))
        for insight in charted:
            out.append(("p", f"{insight['dataset']}: {insight['text']}"))
            out.append(("pre", data.insight_charts[insight["id"]]))
    out.append(("h3", t("export.table.prototypes")))
    prototypes = _records(data.table("prototypes"))
    if prototypes:
        out.append(("table", [t("export.col.title"), t("export.col.company"),
                              t("export.col.datasets"), t("export.col.link"),
                              t("export.col.feedback")],
                    [[p["title"], p["company"], p["datasets"], p["link"], p["feedback"]]
                     for p in prototypes], set()))
    else:
        out.append(("p", t("export.report.none")))
    return out


def _atelier4(data: TripExport) -> list[Block]:
    publications = data.table("publications")
    records = _records(publications)
    published = [r for r in records if r["state"] == "published"]
    out: list[Block] = [("p", t("export.report.a4_summary", published=len(published),
                                datasets=tn("count.datasets", len(records))))]
    out.append(("h3", t("export.table.publications")))
    if records:
        out.append(("table", [t("export.col.dataset"), t("export.col.package_name"),
                              t("export.col.state")],
                    [[r["dataset"], r["package_name"], _human(publications, "state", r["state"])]
                     for r in records], set()))
    else:
        out.append(("p", t("export.report.none")))
    ready = [d["title"] for d in _records(data.table("datasets")) if d["status"] == "ready"]
    out.append(("h3", t("export.report.ready")))
    out.append(("list", ready) if ready else ("p", t("export.report.none")))
    return out


SECTIONS = {1: _atelier1, 2: _atelier2, 3: _atelier3, 4: _atelier4}


# -- Markdown ------------------------------------------------------------------------------------

def _md(text: Any) -> str:
    out = str(text)
    for ch in "\\`*_[]<>|":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_cell(value: Any) -> str:
    return _md(_fmt(value)).replace("\r\n", "\n").replace("\n", "<br>")


def render_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            lines += ["#" * int(kind[1]) + " " + _md(block[1]).replace("\n", " "), ""]
        elif kind == "p":
            lines += [_md(block[1]), ""]
        elif kind == "small":
            lines += ["*" + _md(block[1]) + "*", ""]
        elif kind == "list":
            lines += [f"- {_md_cell(item)}" for item in block[1]] + [""]
        elif kind == "table":
            headers, rows, numeric = block[1], block[2], block[3]
            lines.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
            lines.append("|" + "|".join("---:" if i in numeric else "---"
                                        for i in range(len(headers))) + "|")
            lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
            lines.append("")
        elif kind == "chart":
            lines += ["```text", ascii_chart(block[1]), "```", ""]
        elif kind in ("grid", "bars", "pre"):
            drawn = {"grid": text_grid, "bars": text_bars, "pre": str}[kind](block[1])
            lines += ["```text", drawn.replace("```", "` ` `"), "```", ""]
        elif kind == "quadrants":
            grid = block[1]
            lines.append("| | |")
            lines.append("|---|---|")
            for row in grid:
                lines.append("| " + " | ".join(
                    f"**{_md(t(f'ranking.quadrant.{row[i]}'))}**: {_md_cell(row[i + 1])}"
                    for i in (0, 2)) + " |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- HTML ----------------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1a1a1a; line-height: 1.45; }
h1 { border-bottom: 3px solid #1f4e79; padding-bottom: .3rem; }
h2 { margin-top: 2.5rem; color: #1f4e79; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .92rem; }
th, td { border: 1px solid #ccc; padding: .3rem .55rem; vertical-align: top; text-align: left; }
th { background: #1f4e79; color: #fff; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr:nth-child(even) td { background: #f4f7fb; }
.small { color: #555; font-size: .9rem; }
table.quadrants td { width: 50%; }
figure { margin: 1rem 0; }
pre.chart { font-size: .8rem; line-height: 1.15; background: #f4f7fb; padding: .6rem;
            overflow-x: auto; }
"""


def _html_cell(value: Any) -> str:
    return html.escape(_fmt(value)).replace("\r\n", "\n").replace("\n", "<br>")


def render_html(blocks: list[Block], title: str) -> str:
    e = html.escape
    body: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            body.append(f"<{kind}>{e(block[1])}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{_html_cell(block[1])}</p>")
        elif kind == "small":
            body.append(f'<p class="small">{_html_cell(block[1])}</p>')
        elif kind == "list":
            body.append("<ul>" + "".join(f"<li>{_html_cell(i)}</li>" for i in block[1]) + "</ul>")
        elif kind == "table":
            headers, rows, numeric = block[1], block[2], block[3]
            out = ["<table>", "<thead><tr>" + "".join(f"<th>{e(str(h))}</th>" for h in headers)
                   + "</tr></thead>", "<tbody>"]
            for row in rows:
                out.append("<tr>" + "".join(
                    f'<td class="num">{_html_cell(v)}</td>' if i in numeric
                    else f"<td>{_html_cell(v)}</td>" for i, v in enumerate(row)) + "</tr>")
            out += ["</tbody>", "</table>"]
            body.append("\n".join(out))
        elif kind == "chart":
            body.append(f"<figure>{svg_chart(block[1])}</figure>")
        elif kind == "grid":
            body.append(f"<figure>{svg_grid(block[1])}</figure>")
        elif kind == "bars":
            body.append(f"<figure>{svg_bars(block[1])}</figure>")
        elif kind == "pre":
            body.append(f'<pre class="chart">{e(block[1])}</pre>')
        elif kind == "quadrants":
            cells = []
            for row in block[1]:
                cells.append("<tr>" + "".join(
                    f"<td><strong>{e(t(f'ranking.quadrant.{row[i]}'))}</strong><br>"
                    f"{_html_cell(row[i + 1])}</td>" for i in (0, 2)) + "</tr>")
            body.append('<table class="quadrants"><tbody>' + "".join(cells) + "</tbody></table>")
    return (f'<!DOCTYPE html>\n<html lang="{e(language())}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def markdown_report(data: TripExport) -> str:
    return render_markdown(build_blocks(data))


def html_report(data: TripExport) -> str:
    return render_html(build_blocks(data), t("export.report_title", trip=data.trip.get("name", "")))
