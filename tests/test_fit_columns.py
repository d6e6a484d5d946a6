"""At a projector's 100x30, in Dutch, long cells are cut with a visible "…" (never cut off at the
screen's edge without a sign), the column that says what a row is gets the room, and what a
narrow screen leaves out of a table is still shown for the row under the cursor."""

from __future__ import annotations

from textual.widgets import DataTable

from apphelpers import screen_text
from test_fit import opened, squash


def fits(table: DataTable) -> bool:
    return table.virtual_size.width <= table.scrollable_content_region.width


async def test_prototypes_cut_their_datasets_with_an_ellipsis_at_100_columns(demo_db):
    async with opened(demo_db, (100, 30), "o") as (app, _):
        table = app.screen.query_one(DataTable)
        assert fits(table)
        row = next(line for line in screen_text(app).splitlines() if "Fietsparkeerwijzer" in line)
        assert row.rstrip(" │▐▌▊").endswith("…"), row
        assert "Bezetting fietsenstallingen" in row
        # the detail below names every dataset whole
        assert "Verkeersongevallen met letsel" in screen_text(app)


async def test_prototypes_show_the_whole_list_when_there_is_room(demo_db):
    async with opened(demo_db, (140, 36), "o") as (app, _):
        row = next(line for line in screen_text(app).splitlines() if "Fietsparkeerwijzer" in line)
        assert "Verkeersongevallen met letsel" in row and "…" not in row


def title_cell(app, row: int = 0) -> str:
    table = app.screen.query_one(DataTable)
    return str(table.get_cell_at((row, 1))).strip()


async def test_results_give_the_titles_room_at_100_columns(demo_db):
    async with opened(demo_db, (100, 30), "r", "enter") as (app, pilot):
        table = app.screen.query_one(DataTable)
        assert fits(table)
        titles = [title_cell(app, row) for row in range(table.row_count)]
        cut = [title for title in titles if title.endswith("…")]
        assert cut and all(len(title) >= 30 for title in cut), cut
        longest = max(app.screen.results.titles.values(), key=len)
        assert longest[:29] in squash(screen_text(app))
        # the skipped shares left out of the table are on the line below it, for the cursor's row
        assert "overgesl." not in str(table.columns[table.ordered_columns[-1].key].label)
        line = squash(str(app.screen.query_one("#results-row").render()))
        assert line.startswith(titles[0].rstrip("…")) and "interesse overgesl." in line
        await pilot.press("down")
        await pilot.pause()
        assert squash(str(app.screen.query_one("#results-row").render())).startswith(
            titles[1].rstrip("…"))


async def test_results_sorted_on_a_skipped_share_show_that_column_at_100_columns(demo_db):
    async with opened(demo_db, (100, 30), "r", "enter", *[">"] * 4) as (app, _):
        table = app.screen.query_one(DataTable)
        assert fits(table)
        sort = app.screen.table_data.sort
        assert sort.endswith(":share_skipped")
        assert sort in [c.key.value for c in table.ordered_columns]


async def test_results_keep_every_column_at_120_columns(demo_db):
    async with opened(demo_db, (120, 36), "r", "enter") as (app, _):
        table = app.screen.query_one(DataTable)
        assert fits(table)
        assert sum(c.key.value.endswith("share_skipped") for c in table.ordered_columns) == 2
        assert not app.screen.query_one("#results-row").display
