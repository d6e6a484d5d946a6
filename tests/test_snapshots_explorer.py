"""How the data explorer and the prototypes look: on a laptop (120x40) and on a 100x30 projector,
in English and Dutch. Real files from tests/data, opened by a relative path so that the path shown
is the same on every machine.

Update with ``pytest --snapshot-update`` after a deliberate change of look, and look at the
report before committing the new SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from apphelpers import make_app, wait_for, wait_ready

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def from_the_project(monkeypatch):
    monkeypatch.chdir(ROOT)


def open_file(name: str, *keys: str, chart: bool = False):
    async def before(pilot):
        from textual.widgets import Input

        await wait_ready(pilot)
        await pilot.press("v")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press("f")
        screen.query_one("#explorer-path", Input).value = f"tests/data/{name}"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.loaded is not None and not screen.reading,
                       timeout=20)
        # the view takes the focus after the next refresh: its cursor is part of the look
        await wait_for(pilot, lambda: pilot.app.focused is screen.query_one(f"#explorer-{screen.view}"))
        await pilot.press(*keys)
        if chart:
            await wait_for(pilot, lambda: screen.query_one("#explorer-chart").data is not None)
        # (the picture is taken once the screen has settled: conftest's snap_compare)

    return before


def test_explorer_with_a_profile(snap_compare, demo_db):
    before = open_file("eindhoven_incijfers_buurten_2020.csv", "w", "down", "down")
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)


def test_explorer_preview_of_a_statline_file(snap_compare, demo_db):
    before = open_file("cbs_statline_bevolking_kerncijfers_2017_cp1252.csv")
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)


def test_explorer_with_a_histogram(snap_compare, demo_db):
    before = open_file("eindhoven_incijfers_buurten_2020.csv", "right", "right", "2", chart=True)
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)


def test_explorer_reading_view_in_dutch_on_a_projector(snap_compare, demo_db):
    """How the file was read, whole: choices and reasons, the warning, the skipped lines."""
    before = open_file("amsterdam_ois_vestigingen_secties_2013_2017.csv", "W")
    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=(100, 30),
                        run_before=before)


def test_explorer_line_over_time_in_dutch_on_a_projector(snap_compare, demo_db):
    before = open_file("utrecht_evenementen_2011_2016.csv", "f2", "3", chart=True)
    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=(100, 30),
                        run_before=before)


def test_explorer_bar_chart_on_a_projector(snap_compare, demo_db):
    before = open_file("utrecht_evenementen_2011_2016.csv", "f2", *["right"] * 7, "1",
                       chart=True)
    assert snap_compare(make_app(demo_db), terminal_size=(100, 30), run_before=before)


def test_explorer_choices_dialog(snap_compare, demo_db):
    before = open_file("amsterdam_ois_vestigingen_secties_2013_2017.csv", "c")
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)


def test_explorer_bad_file(snap_compare, demo_db, tmp_path, monkeypatch):
    whole = (ROOT / "tests/data/utrecht_cbs_kerncijfers_wijken_buurten_2024.xlsx").read_bytes()
    (tmp_path / "kerncijfers.xlsx").write_bytes(whole[:20_000])  # a download that broke off
    monkeypatch.chdir(tmp_path)

    async def before(pilot):
        from textual.widgets import Input

        await wait_ready(pilot)
        await pilot.press("v")
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press("f")
        screen.query_one("#explorer-path", Input).value = "kerncijfers.xlsx"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.reading and "-error" in
                       screen.query_one("#explorer-message").classes, timeout=20)
        await pilot.pause(0.2)

    assert snap_compare(make_app(demo_db), terminal_size=(100, 30), run_before=before)


def test_prototypes(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("o")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), run_before=before)


def test_prototype_form_in_dutch_on_a_projector(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "o", "down", "enter")
        await pilot.pause()

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=(100, 30),
                        run_before=before)
