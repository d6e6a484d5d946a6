"""At a projector's 100x30, in Dutch, long cells are cut with a visible "…" (never cut off at the
screen's edge without a sign), the column that says what a row is gets the room, and what a
narrow screen leaves out of a table is still shown for the row under the cursor."""

from __future__ import annotations

import pytest
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


# -- the stakeholder register: eight columns need about 125 ------------------------------------

def column_keys(table: DataTable) -> list[str]:
    return [str(column.key.value) for column in table.ordered_columns]


def cut_panes(app) -> list[str]:
    """The detail panes whose text is taller than the pane (the rest would be cut off)."""
    cut = []
    for pane in app.screen.query("#sh-detail Static"):
        region = pane.content_region
        if pane.get_content_height(region.size, app.size, region.width) > region.height:
            cut.append(pane.id)
    return cut


@pytest.mark.parametrize("size", [(100, 30), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_register_fits_and_shows_what_it_leaves_out_in_the_detail(demo_db, size):
    async with opened(demo_db, size, "s", "down", "down") as (app, _):
        table = app.screen.query_one(DataTable)
        assert fits(table)
        keys = column_keys(table)
        for key in ("name", "organisation", "influence", "interest", "strategy", "invitation"):
            assert f"stakeholders.col_{key}" in keys
        assert "stakeholders.col_attitude" not in keys
        assert ("stakeholders.col_category" in keys) == (size[0] >= 110)
        text = squash(screen_text(app))
        # the attitude is a mark before the name, and the legend says what the marks mean
        assert "+ Energiecoöperatie Utrecht" in text and "− Festivalorganisatoren" in text
        assert "+ voorstander · ○ neutraal · − tegenstander" in text
        # the selected stakeholder's attitude (and the category, when left out) in words
        about = squash(str(app.screen.query_one("#sh-about").render()))
        if size[0] < 110:
            assert "Energiecoöperatie Utrecht Maatschappelijke organisatie · + voorstander" in about
        else:
            assert "Energiecoöperatie Utrecht + voorstander" in about
        assert cut_panes(app) == []


@pytest.mark.parametrize("contacts", [False, True], ids=["", "contacts"])
async def test_no_stakeholder_detail_is_cut_at_100x30(demo_db, contacts):
    keys = ("s", "c") if contacts else ("s",)
    async with opened(demo_db, (100, 30), *keys) as (app, pilot):
        table = app.screen.query_one(DataTable)
        assert fits(table)
        if contacts:  # the contact beside the name; the organisation moves to the detail
            assert column_keys(table)[:2] == ["stakeholders.col_name", "stakeholders.col_contact"]
            about = squash(str(app.screen.query_one("#sh-about").render()))
            assert "Buurtteams Utrecht · Maatschappelijke organisatie · + voorstander" in about
            assert "stakeholders.col_strategy" in column_keys(table)
            text = screen_text(app)  # addresses whole where they fit, else cut with a sign
            assert "utrecht@fietsersbond.example" in text
        for _ in range(table.row_count):
            assert cut_panes(app) == [], app.screen.query_one("#sh-about").render()
            await pilot.press("down")
            await pilot.pause(0.05)


async def test_a_wide_screen_shows_all_eight_register_columns(demo_db):
    async with opened(demo_db, (160, 40), "s") as (app, _):
        table = app.screen.query_one(DataTable)
        assert fits(table)
        assert column_keys(table) == [
            "stakeholders.col_name", "stakeholders.col_organisation", "stakeholders.col_category",
            "stakeholders.col_influence", "stakeholders.col_interest",
            "stakeholders.col_strategy", "stakeholders.col_attitude",
            "stakeholders.col_invitation"]
        assert "voorstander · ○ neutraal" not in squash(screen_text(app))
