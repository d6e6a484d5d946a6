"""The line over time shows a value per year (the mean, or the total or median chosen), not the
number of rows: a statistics table has one row per region and year."""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelpers import make_app, screen_text, wait_for
from workshop_data.explorer.charts import ChartSpec, chart_data, suggest

WIJKEN = "Jaar;Wijk;Inwoners\n2019;Noord;100\n2019;Zuid;300\n2020;Noord;200\n2020;Zuid;500\n"


@pytest.fixture
def table():
    import pandas as pd

    return pd.DataFrame({"Jaar": [2019, 2019, 2020, 2020], "Wijk": ["N", "Z", "N", "Z"],
                         "Inwoners": [100.0, 300.0, 200.0, 500.0]})


def test_standing_on_the_year_column_draws_the_mean_of_the_value_per_year(table):
    spec = suggest(table, "line", "Jaar")
    assert spec == ChartSpec("line", "Jaar", "Inwoners")
    data = chart_data(table, spec)
    assert (data.x, data.y) == ([2019.0, 2020.0], [200.0, 350.0])  # not [2, 2] rows
    assert data.title == "mean of Inwoners per year"


@pytest.mark.parametrize("agg, expected, title", [
    ("sum", [400.0, 700.0], "total of Inwoners per year"),
    ("median", [200.0, 350.0], "median of Inwoners per year")])
def test_the_aggregate_chosen_is_drawn_and_kept_with_the_spec(table, agg, expected, title):
    spec = ChartSpec("line", "Jaar", "Inwoners", agg)
    data = chart_data(table, spec)
    assert data.y == expected and data.title == title
    assert ChartSpec.from_dict(spec.to_json()) == spec


def test_a_table_with_no_value_column_still_counts_rows_per_year():
    import pandas as pd

    events = pd.DataFrame({"Jaar": [2011, 2011, 2012], "Naam": ["a", "b", "c"]})
    data = chart_data(events, suggest(events, "line", "Jaar"))
    assert data.y == [2.0, 1.0] and data.title.startswith("Rows per year")


async def test_key_3_on_the_year_column_shows_the_mean_and_3_again_the_total(demo_db,
                                                                            tmp_path):
    from test_explorer_screen import open_explorer, open_file

    path = Path(tmp_path / "wijken.csv")
    path.write_text(WIJKEN, encoding="utf-8")
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, path)
        assert screen.column == "Jaar"
        await pilot.press("3")
        await wait_for(pilot, lambda: "mean of Inwoners per year" in screen_text(app))
        assert screen.query_one("#explorer-chart").data.y == [200.0, 350.0]
        await pilot.press("3")
        await wait_for(pilot, lambda: "total of Inwoners per year" in screen_text(app))
        assert screen.query_one("#explorer-chart").data.y == [400.0, 700.0]
