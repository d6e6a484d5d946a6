"""The explorer's Reading view (w, or W from the table): how the file was read, whole - every
choice with its reason, every warning in full, the lines skipped with their text, the total rows
set apart with their values - where the panel above the table has room for one warning only."""

from __future__ import annotations

import io
from pathlib import Path

from apphelpers import make_app, screen_text, wait_for
from test_explorer_screen import open_explorer, open_file
from workshop_data.common.i18n import speaking
from workshop_data.explorer.loading import load
from workshop_data.explorer.loading.report import report_of
from workshop_data.explorer.reading import reading_lines, reading_of

DATA = Path(__file__).parent / "data"
OIS = DATA / "amsterdam_ois_vestigingen_secties_2013_2017.csv"
EXHIBITIONS = DATA / "amsterdam_tentoonstellingen_2017.csv"


def view_text(screen) -> str:
    """The view's text as a terminal of the view's width shows it."""
    from rich.console import Console

    view = screen.query_one("#explorer-reading")
    console = Console(width=max(view.size.width - 2, 40), record=True, file=io.StringIO())
    console.print(view.shown)
    return console.export_text()


async def test_w_shows_every_warning_in_full_the_skipped_lines_and_the_totals(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, EXHIBITIONS)
        panel = screen_text(app)
        assert "3 warnings (W shows all):" in panel and "Reading ⚠ 3" in panel
        assert "replacement character" not in panel  # the panel has room for the first only
        await pilot.press("W")  # back from the table: the last view
        await wait_for(pilot, lambda: screen.view == "reading")
        shown = screen_text(app)
        assert "[Reading ⚠ 3]" in shown and "How the file was read" in shown
        text = view_text(screen)
        for warning in screen.loaded.result.warnings:
            assert " ".join(warning.split()) in " ".join(text.split())
        assert "encoding" in text and "valid UTF-8" in text  # the choice and its reason

        await open_file(pilot, screen, OIS)
        text = " ".join(view_text(screen).split())
        assert "4 lines skipped" in text and "line 1 title 5.1.1 Vestigingen" in text
        assert "line 30 footer 1) Personen 12 uur" in text
        assert "1 total row kept apart from the table" in text and "(T takes it in)" in text
        assert "totaal 2013 vestigingen met wp: 95,831" in text
        await pilot.press("T")  # taken in: the view says so
        await wait_for(pilot, lambda: not screen.reading
                       and screen.loaded.result.options.keep_totals, timeout=20)
        assert "1 total row counted in the table (T keeps it apart)" in view_text(screen)
        await pilot.press("w")  # w goes round: from Reading back to the table
        await wait_for(pilot, lambda: screen.view == "preview")


async def test_the_reading_view_speaks_dutch_and_scrolls_by_keys(demo_db):
    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, DATA / "cbs_wanbetalers_zorgverzekering_inkomen_2015.csv")
        await pilot.press("W")
        await wait_for(pilot, lambda: screen.view == "reading")
        text = " ".join(view_text(screen).split())
        assert "Zo is het bestand gelezen" in text and "19 regels overgeslagen" in text
        assert "regel 12 groepsnaam Tot 10 000 euro1)" in text
        assert "totaalrij apart" in text and "(T neemt hem op)" in text
        view = screen.query_one("#explorer-reading")
        assert view.has_focus and view.max_scroll_y > 0  # longer than the screen
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: view.scroll_y > 0)
        assert "groep" in [str(c) for c in screen.loaded.result.frame.columns]


async def test_personal_values_of_a_total_row_are_masked_until_revealed(demo_db, tmp_path):
    path = tmp_path / "contacten.csv"
    path.write_text("naam;email;aantal\nAnna;anna@example.nl;3\nBram;bram@example.nl;4\n"
                    "Cees;cees@example.nl;5\nTotaal;totaal@example.nl;12\n", encoding="utf-8")
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, path)
        assert screen.loaded.result.total_labels == ["Totaal"]
        text = view_text(screen)
        assert "totaal@example.nl" not in text and "aantal: 12" in text
        await pilot.press("R")
        await wait_for(pilot, lambda: "totaal@example.nl" in view_text(screen))
        await pilot.press("R")
        await wait_for(pilot, lambda: "totaal@example.nl" not in view_text(screen))


def test_inspect_and_the_view_tell_the_same_account():
    with speaking("nl"):
        result = load(OIS)
        reading = reading_of(report_of(result, OIS))
        lines = reading_lines(reading)
    assert lines[0].split()[:2] == ["tekenset", "utf-8"]
    assert any(line.startswith("  overgeslagen   regel 30: voettekst  1) Personen") for line in lines)
    assert "  totaal         buiten de statistieken gehouden: totaal" in lines
    assert [s.line for s in reading.skipped] == [1, 2, 29, 30]
    assert reading.totals_apart[0].values[:2] == [("sectie", "totaal"),
                                                 ("2013 vestigingen met wp", 95831)]


def test_a_footer_with_brackets_is_shown_as_written():
    from screens.explorer.read_view import account
    from workshop_data.explorer.reading import Reading, Skipped

    from rich.console import Console

    console = Console(width=80, record=True)
    console.print(account(Reading(choices=[("encoding", "utf-8", "[bold]not markup[/]")],
                                  skipped=[Skipped(9, "footer", "[1] Bron: CBS [/]")])))
    text = console.export_text()
    assert "[1] Bron: CBS [/]" in text and "[bold]not markup[/]" in text
