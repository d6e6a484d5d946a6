"""Quick terminal charts: each kind draws text of the asked size with a title and axis labels,
and nothing crashes on empty or all-missing columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop_data.explorer import charts
from workshop_data.explorer.chart_drawing import render
from workshop_data.explorer.charts import ChartSpec, chart_data, suggest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def frame():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(7)
    n = 400
    return pd.DataFrame({
        "Wijk": rng.choice(["Binnenstad", "Oost", "Zuid", "West", "Overvecht"], n),
        "Inwoners": rng.integers(100, 9000, n),
        "Inkomen": rng.normal(32.5, 6.0, n),
        "Datum": pd.Timestamp("2016-01-01") + pd.to_timedelta(rng.integers(0, 365 * 3, n), "D"),
        "Leeg": [None] * n,
        "Leeg getal": np.full(n, np.nan),
    })


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def fits(text: str, width: int, height: int) -> bool:
    rows = lines_of(text)
    return len(rows) <= height and all(len(row) <= width for row in rows)


@pytest.mark.parametrize("width,height", [(100, 30), (60, 16), (40, 12)])
def test_bar_chart_of_value_counts(frame, width, height):
    text = render(frame, ChartSpec("bar", "Wijk"), width, height)
    assert fits(text, width, height)
    assert "Wijk: most common values" in text
    assert "rows" in text  # the x axis label
    counts = frame["Wijk"].value_counts()
    top = counts.index[0]
    assert any(top in row and str(counts.iloc[0]) in row for row in lines_of(text))


@pytest.mark.parametrize("width,height", [(100, 30), (60, 16)])
def test_histogram(frame, width, height):
    text = render(frame, ChartSpec("hist", "Inwoners"), width, height)
    assert fits(text, width, height)
    assert "Inwoners: how the values are spread" in text
    assert "↑ rows" in text and "Inwoners →" in text
    assert "█" in text


def test_line_over_time_counts_rows_per_month(frame):
    spec = suggest(frame, "line", "Wijk")
    assert spec == ChartSpec("line", "Datum", None)
    data = chart_data(frame, spec)
    assert sum(data.y) == len(frame)  # every row in one month
    assert len(data.x) == 36
    text = render(frame, spec, 90, 24)
    assert fits(text, 90, 24)
    assert "Rows per month (Datum)" in text
    assert "Datum →" in text and "2016-" in text


def test_line_of_a_value_over_a_year_column():
    import pandas as pd

    table = pd.DataFrame({"Jaar": [2011, 2012, 2013, 2014], "Bezoekers": [10.0, 30.0, 20.0, 40.0]})
    spec = suggest(table, "line", "Bezoekers")
    assert spec == ChartSpec("line", "Jaar", "Bezoekers")
    text = render(table, spec, 70, 20)
    assert "Bezoekers per year" in text
    assert "2012" in text and "2,012" not in text  # years are not grouped


def test_scatter_of_two_numeric_columns(frame):
    spec = suggest(frame, "scatter", "Inwoners")
    assert spec == ChartSpec("scatter", "Inwoners", "Inkomen")
    text = render(frame, spec, 80, 24)
    assert fits(text, 80, 24)
    assert "Inkomen against Inwoners" in text
    assert "↑ Inkomen" in text and "Inwoners →" in text
    assert "•" in text


def test_a_big_scatter_is_thinned_the_same_way_every_time():
    import numpy as np
    import pandas as pd

    table = pd.DataFrame({"x": np.arange(50_000.0), "y": np.arange(50_000.0) % 97})
    first = chart_data(table, ChartSpec("scatter", "x", "y"))
    assert len(first.x) == charts.SCATTER_POINTS
    assert chart_data(table, ChartSpec("scatter", "x", "y")).x == first.x
    assert "3,000 of 50,000" in first.note


@pytest.mark.parametrize("spec", [
    ChartSpec("bar", "Leeg"), ChartSpec("hist", "Leeg getal"), ChartSpec("hist", "Wijk"),
    ChartSpec("line", "Datum", "Leeg getal"), ChartSpec("scatter", "Inwoners", "Leeg getal"),
    ChartSpec("scatter", "Inwoners", None), ChartSpec("bar", "no such column"),
    ChartSpec("line", "", None),
])
def test_nothing_to_draw_says_why_instead_of_crashing(frame, spec):
    data = chart_data(frame, spec)
    assert data.empty
    text = render(frame, spec, 60, 14)
    assert fits(text, 60, 14)
    assert data.empty.split()[0] in text


def test_an_empty_table_and_a_tiny_window(frame):
    empty = frame.head(0)
    for kind in charts.KINDS:
        text = render(empty, suggest(empty, kind, "Wijk"), 50, 12)
        assert fits(text, 50, 12)
    tiny = render(frame, ChartSpec("bar", "Wijk"), 10, 4)
    assert fits(tiny, 10, 4) and "Make the" in tiny


def test_a_table_without_a_date_has_no_line_over_time():
    import pandas as pd

    table = pd.DataFrame({"Naam": ["a", "b"], "Waarde": [1, 2]})
    data = chart_data(table, suggest(table, "line", "Waarde"))
    assert "no date or year column" in data.empty


def test_spec_round_trips_through_json():
    spec = ChartSpec("scatter", "Inwoners|2020", "Hoog opleidingsniveau %|2020")
    assert ChartSpec.from_dict(spec.to_json()) == spec
    assert ChartSpec.from_dict(spec.to_dict()) == spec
    with pytest.raises(ValueError):
        ChartSpec.from_dict({"kind": "pie", "column": "x"})


def test_charts_in_dutch_use_dutch_numbers():
    from workshop_data.common.i18n import set_language

    set_language("nl")
    assert charts.fmt_num(12.5) == "12,5"
    assert charts.fmt_int(4673) == "4.673"
    assert charts.fmt_value(43880.25) == "43.880,25"


def test_every_kind_on_a_real_file():
    from workshop_data.explorer.loading import load

    table = load(DATA / "utrecht_evenementen_2011_2016.csv").frame
    for kind in charts.KINDS:
        text = render(table, suggest(table, kind, "Locatie"), 100, 30)
        assert fits(text, 100, 30)
        assert text.strip()
    # "Jaar" is a year column: events per year
    line = chart_data(table, suggest(table, "line"))
    assert line.spec.column == "Jaar" and sum(line.y) == len(table)


def test_drawing_from_threads_at_once(frame):
    """plotext keeps one global figure: concurrent drawings must not mix."""
    from concurrent.futures import ThreadPoolExecutor

    specs = [ChartSpec("hist", "Inwoners"), ChartSpec("scatter", "Inwoners", "Inkomen")] * 6
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda s: render(frame, s, 70, 20), specs))
    assert all("spread" in text for text in texts[::2])
    assert all("against" in text for text in texts[1::2])
