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


def test_knmi_yyyymmdd_numbers_are_days_to_draw_over():
    """KNMI writes its dates as whole numbers (20180101); a person sees days, so does the chart."""
    from pathlib import Path

    from workshop_data.explorer.charts import chart_data, suggest, time_columns
    from workshop_data.explorer.loading import load

    frame = load(Path(__file__).parent / "data" / "knmi_daggegevens_debilt_260_2018-01.txt").frame
    assert str(frame["YYYYMMDD"].dtype).lower().startswith("int")  # the table keeps the numbers
    assert time_columns(frame) == ["YYYYMMDD"]
    data = chart_data(frame, suggest(frame, "line", "TG"))  # standing on the temperature
    assert not data.empty and len(data.x) == 29
    assert data.tick_labels[0] == "2018-01-01" and data.y[0] == 68.0


def test_eight_digit_numbers_under_another_name_stay_numbers():
    import pandas as pd

    from workshop_data.explorer.charts import time_columns

    frame = pd.DataFrame({"Vergunningnummer": [20180101, 20180102], "Datum": [20180101, 20181399]})
    assert time_columns(frame) == []  # no date word, or not every value a real day


def test_standing_on_the_date_the_line_draws_a_measure_not_an_identifier():
    """DUO's file: the first number after the date is BEVOEGD_GEZAG_NUMMER (a board's number);
    its mean per day means nothing, the score that follows does."""
    import pandas as pd

    from workshop_data.explorer.charts import suggest

    frame = pd.DataFrame({"PEILDATUM": [20190417, 20190418], "BEVOEGD_GEZAG_NUMMER": [41, 42],
                          "Bevolkingsdichtheid": [3.5, 4.0], "GEMIDDELDE_CET_SCORE": [535.1, 536.2]})
    assert suggest(frame, "line", "PEILDATUM").other == "Bevolkingsdichtheid"  # "heid" is no id
    only_ids = frame[["PEILDATUM", "BEVOEGD_GEZAG_NUMMER"]]
    assert suggest(only_ids, "line", "PEILDATUM").other == "BEVOEGD_GEZAG_NUMMER"  # still a line
