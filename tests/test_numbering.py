"""One numbering of a round's datasets: the results table, the 2×2 chart and the report agree."""

from __future__ import annotations

from textual.widgets import DataTable

from apphelpers import make_app, wait_ready
from screens.ranking.priority_chart import PriorityChart
from screens.ranking.results import ResultsScreen
from workshop_data.export.report import build_blocks
from workshop_data.export.tables import build_tables
from workshop_data.ranking import tally
from workshop_data.ranking.numbering import dataset_numbers


def report_numbers(store) -> dict[str, int]:
    """{title: number} from the report's ranking table, and the same from its quadrant grid."""
    blocks = build_blocks(build_tables(store))
    table = next(b for b in blocks if b[0] == "table" and b[1][0] == "#")
    from_table = {row[1]: row[0] for row in table[2]}
    grid = next(b for b in blocks if b[0] == "quadrants")[1]
    from_grid = {}
    for line in grid:
        for cell in line[1::2]:
            for entry in filter(None, cell.split("; ")):
                number, _, title = entry.partition(". ")
                from_grid[title] = int(number)
    assert from_grid == from_table
    return from_table


def test_numbers_follow_the_first_criterion_rank_and_are_unique(demo_store):
    round_id = demo_store.rounds.list()[0].id
    res = tally.results(demo_store, round_id)
    numbers = dataset_numbers(res.scores, res.criteria, res.titles)
    assert sorted(numbers.values()) == list(range(1, len(res.scores) + 1))
    table = tally.results_table(res)  # the first order of the results screen
    assert [numbers[row.dataset_id] for row in table.rows] == list(range(1, len(table.rows) + 1))
    by_title = {res.titles[d]: n for d, n in numbers.items()}
    assert report_numbers(demo_store) == by_title


async def test_results_table_chart_and_report_number_the_datasets_alike(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("r", "enter")  # the demo's round, its results
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        table = screen.query_one(DataTable)
        shown = {str(table.get_row_at(i)[1]).strip(): int(str(table.get_row_at(i)[2]))
                 for i in range(table.row_count)}
        await pilot.press("greater_than_sign")  # sorted otherwise: the numbers stay
        await pilot.pause()
        resorted = {str(table.get_row_at(i)[1]).strip(): int(str(table.get_row_at(i)[2]))
                    for i in range(table.row_count)}
        assert resorted == shown
        await pilot.press("c")  # the chart
        await pilot.pause()
        charted = {p.title: p.number for p in screen.query_one(PriorityChart).numbered}
        assert charted == shown
        assert report_numbers(app.store) == shown
