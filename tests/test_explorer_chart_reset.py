"""A chart belongs to the file it was drawn from: a newly opened file starts on its preview,
never with the previous file's chart (nor its "There is no column ..." message)."""

from __future__ import annotations

import shutil

from apphelpers import make_app, screen_text, wait_for
from test_explorer_screen import DATA, EINDHOVEN, open_explorer, open_file


async def test_the_previous_chart_is_not_applied_to_a_new_file(demo_db, tmp_path):
    twin = tmp_path / "eindhoven-kopie.csv"  # the same columns, another file
    shutil.copy(EINDHOVEN, twin)
    other = DATA / "utrecht_incijfers_vrouwen_leeftijd_buurten_zuilen_2024.csv"
    app = make_app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, EINDHOVEN)
        await pilot.press("right", "right", "2")  # histogram of Inwoners|2020
        await wait_for(pilot, lambda: screen.query_one("#explorer-chart").data is not None)
        assert screen.view == "chart" and screen.chart_spec.column == "Inwoners|2020"

        await open_file(pilot, screen, twin)
        assert screen.chart_spec is None and screen.view == "preview"
        assert screen.query_one("#explorer-chart").data is None

        await pilot.press("right", "right", "4")  # a scatter, then another file, then 4 again
        await wait_for(pilot, lambda: screen.chart_spec is not None)
        await open_file(pilot, screen, other)
        await pilot.press("4")
        await wait_for(pilot, lambda: screen.query_one("#explorer-chart").data is not None)
        assert "There is no column" not in screen_text(app)
        assert screen.chart_spec.column in [str(c) for c in screen.loaded.result.frame.columns]

        await pilot.press("l")  # the same file read again: its chart stays
        await wait_for(pilot, lambda: not screen.reading and screen.overrides.get("delimiter"))
        assert screen.view == "chart"
