"""The report has the charts of every atelier: the priority chart, the stakeholder grid, the
tracker's pipeline, and the chart each insight was written on."""

from __future__ import annotations

import json
import re

from workshop_data.common.demo import _id
from workshop_data.export import export
from workshop_data.export.report_charts import Grid, GridPoint, text_grid


def test_the_markdown_report_draws_the_grid_the_pipeline_and_the_insight_charts(demo_store,
                                                                                 tmp_path):
    export(demo_store, tmp_path / "verslag.md")
    text = (tmp_path / "verslag.md").read_text("utf-8")
    assert "### Datasets along the pipeline" in text
    pipeline = text.split("### Datasets along the pipeline")[1].split("```")[1]
    explored = next(line for line in pipeline.splitlines() if line.startswith("explored"))
    assert explored.rstrip().endswith(" 4") and "#" in explored  # d4, d7, d12, d15
    assert "### The stakeholder grid: influence × interest" in text
    assert "1. Buurtteam Noordwest" in text  # numbered as in the table, by name
    assert "### The charts of the insights" in text
    charts = text.split("### The charts of the insights")[1].split("### ")[0]
    assert charts.count("```text") == 3  # the three insights that kept a chart
    assert "Locatie" in charts  # the events' bar chart of the location
    assert "a_00_14 against a_inw" in charts


def test_the_html_report_has_an_svg_per_atelier_chart(demo_store, tmp_path):
    export(demo_store, tmp_path / "verslag.html")
    page = (tmp_path / "verslag.html").read_text("utf-8")
    assert page.count("<svg") == 3  # priority chart, stakeholder grid, pipeline
    assert 'aria-label="Influence / Interest"' in page or "Influence" in page
    assert page.count('<pre class="chart">') == 3
    assert not re.search(r"(src|href)\s*=|<link|@import|url\(", page)  # still no network


def test_a_note_keeps_the_chart_it_was_written_on_and_a_missing_file_is_said(demo_store,
                                                                              tmp_path):
    import os

    (row,) = demo_store.dataset_files.list(dataset_id=_id("d15"))
    os.rename(row.path, row.path + ".weg")
    try:
        export(demo_store, tmp_path / "verslag.md")
    finally:
        os.rename(row.path + ".weg", row.path)
    text = (tmp_path / "verslag.md").read_text("utf-8")
    assert "utrecht_evenementen_2011_2016_elke_8e.csv is not on this laptop" in text
    assert row.path not in text  # the file's name, not where it lives on this laptop


def test_a_chart_of_a_column_with_personal_data_is_left_out(demo_store, tmp_path):
    from workshop_data.explorer.bookkeeping import attach_file
    from workshop_data.explorer.loading import LoadOptions

    path = tmp_path / "meldingen.csv"
    path.write_text("Melder;E-mail;Aantal\nA;a@example.nl;1\nB;b@example.nl;2\n"
                    "C;c@example.nl;3\n", encoding="utf-8")
    attach_file(demo_store, _id("d14"), path, LoadOptions())
    demo_store.insights.create(dataset_id=_id("d14"), text="Drie melders",
                               chart=json.dumps({"kind": "bar", "column": "E-mail"}))
    export(demo_store, tmp_path / "verslag.md")
    text = (tmp_path / "verslag.md").read_text("utf-8")
    assert "a@example.nl" not in text
    assert "left out: its column holds personal data" in text


def test_the_text_grid_puts_each_number_in_its_cell():
    grid = Grid([GridPoint(1, "A", 5, 5, "manage_closely"), GridPoint(2, "B", 1, 1, "monitor"),
                 GridPoint(3, "C", 1, 1, "monitor")], "interest", "influence")
    lines = text_grid(grid).splitlines()
    top = next(line for line in lines if line.startswith("  5 |"))
    bottom = next(line for line in lines if line.startswith("  1 |"))
    assert top.split("|")[5].strip() == "1"
    assert bottom.split("|")[1].strip() == "2,3"


async def test_a_note_written_on_a_chart_by_keys_shows_that_chart_in_the_report(demo_db,
                                                                               tmp_path):
    from apphelpers import make_app, wait_for
    from test_explorer_screen import choose_dataset, open_explorer
    from workshop_data.common.store import open_store

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await choose_dataset(pilot, screen, _id("d15"))  # its demo file opens by itself
        await wait_for(pilot, lambda: screen.loaded is not None and not screen.reading,
                       timeout=20)
        screen.query_one("#explorer-preview").focus()
        await pilot.press("3")  # events per year
        await wait_for(pilot, lambda: screen.query_one("#explorer-chart").data is not None)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Elk jaar minder evenementen", "ctrl+s")
        await pilot.pause()
    store = open_store(demo_db)
    try:
        (kept,) = [i for i in store.insights.list() if i.text == "Elk jaar minder evenementen"]
        assert json.loads(kept.chart) == {"kind": "line", "column": "Jaar", "other": None}
        export(store, tmp_path / "verslag.md")
    finally:
        store.close()
    text = (tmp_path / "verslag.md").read_text("utf-8")
    charts = text.split("### The charts of the insights")[1]
    after = charts.split("Evenementenvergunningen: Elk jaar minder evenementen")[1]
    assert "Rows per year (Jaar)" in after.split("```")[1]
