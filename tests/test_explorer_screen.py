"""The data explorer by keyboard, as a participant uses it in atelier 3: open a real file, change
what the loader guessed, see the preview change, draw a chart, note an insight, attach the file;
and a bad file says what is wrong while the app keeps working."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from apphelpers import db_rows, make_app, screen_text, wait_for, wait_ready
from workshop_data.common.demo import _id

DATA = Path(__file__).parent / "data"
EINDHOVEN = DATA / "eindhoven_incijfers_buurten_2020.csv"


async def open_explorer(pilot):
    await wait_ready(pilot)
    await pilot.press("v")
    await pilot.pause()
    return pilot.app.screen


async def open_file(pilot, screen, path) -> None:
    """f, the path (pasted: typing 70 characters one by one only makes the test slow), enter;
    wait until it is shown or has failed."""
    before = screen._token
    await pilot.press("f")
    screen.query_one("#explorer-path", Input).value = str(path)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen._token is not before and not screen.reading, timeout=20)


async def choose_dataset(pilot, screen, dataset_id: str) -> None:
    """By keys: the dataset list opens with enter and is walked with the arrow keys."""
    select = screen.query_one("#explorer-dataset", Select)
    select.focus()
    await pilot.pause()
    titles = [d.id for d in screen.store.datasets.list()]
    await pilot.press("enter", *["down"] * (titles.index(dataset_id) + 1), "enter")
    await wait_for(pilot, lambda: screen.dataset_id == dataset_id)


def preview_columns(screen) -> list[str]:
    return [str(c.label) for c in screen.query_one("#explorer-preview", DataTable).columns.values()]


async def test_open_override_the_delimiter_and_draw_a_chart_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, EINDHOVEN)
        assert screen.loaded is not None
        assert preview_columns(screen)[:3] == ["Buurten", "Gemiddeld persoonlijk inkom…",
                                               "Inwoners|2020"]
        shown = screen_text(app)
        assert "Delimiter ';'" in shown and "Decimal ','" in shown
        assert "117 rows × 9 columns" in shown
        assert screen.query_one("#explorer-preview", DataTable).row_count == 100

        await pilot.press("l")  # ';' -> ','
        await wait_for(pilot, lambda: not screen.reading and screen.overrides.get("delimiter") == ","
                       and screen.loaded.result.options.delimiter == ",", timeout=20)
        assert preview_columns(screen) != ["Buurten"] + preview_columns(screen)[1:3]
        assert len(preview_columns(screen)) != 9
        assert "Delimiter ','*" in screen_text(app)  # marked as the user's own choice

        for _ in range(3):  # ',' -> tab -> '|' -> ';' again
            await pilot.press("l")
            await wait_for(pilot, lambda: not screen.reading, timeout=20)
        await wait_for(pilot, lambda: screen.loaded.result.options.delimiter == ";", timeout=20)
        assert len(preview_columns(screen)) == 9

        await pilot.press("right", "right")  # to Inwoners|2020
        await pilot.pause()
        assert screen.column == "Inwoners|2020"
        await pilot.press("2")  # histogram
        await wait_for(pilot, lambda: screen.query_one("#explorer-chart").data is not None)
        await pilot.pause()
        shown = screen_text(app)
        assert "[Chart]" in shown
        assert "Inwoners|2020: how the values are spread" in shown
        assert "↑ rows" in shown and "█" in shown

        await pilot.press("1")  # bar chart of the same column
        await wait_for(pilot, lambda: "most common" in screen_text(app))
        await pilot.press("w", "w")  # on to the insights, the reading, then the preview again
        await pilot.pause()
        assert screen.view == "reading"
        await pilot.press("w")
        await pilot.pause()
        assert screen.view == "preview"


async def test_a_bad_file_says_what_and_where_and_the_app_keeps_working(demo_db, tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"Wijk;Aantal\nOost;12\n" + b"\x00\x17\x99" * 400)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, bad)
        assert screen.loaded is None
        shown = screen_text(app)
        assert "export.csv" in shown and "binary" in shown
        await open_file(pilot, screen, tmp_path / "missing.csv")
        assert "missing.csv" in screen_text(app)
        await open_file(pilot, screen, EINDHOVEN)  # still working
        assert screen.loaded is not None and "117 rows" in screen_text(app)
        await pilot.press("k")  # and the app's navigation too
        await pilot.pause()
        assert app.current_mode == "tracker"


async def test_escape_cancels_a_slow_load(demo_db, monkeypatch):
    import time

    import workshop_data.explorer.loading as loading

    def slow_load(path, options=None, *, progress=None, cancel=None, **_):
        for step in range(500):
            progress(step / 500)
            if cancel():
                raise loading.LoadCancelled(path)
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(loading, "load", slow_load)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await pilot.press("f")
        path_input = screen.query_one("#explorer-path", Input)
        path_input.value = f"{DATA}/eindhove"
        await pilot.press("n")  # the rest of the name is suggested; the right arrow takes it
        await wait_for(pilot, lambda: path_input._suggestion.endswith("2020.csv"))
        await pilot.press("right", "enter")
        assert path_input.value == str(EINDHOVEN)
        await wait_for(pilot, lambda: screen.query_one("#explorer-progress").display)
        await pilot.pause(0.1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.reading, timeout=10)
        assert "was cancelled" in screen_text(app)


async def test_attach_a_file_with_personal_data_and_note_an_insight(demo_db, tmp_path):
    people = tmp_path / "meldingen.csv"
    people.write_text("Melder;E-mail;Aantal\nAnna;anna@example.nl;3\nBob;bob@utrecht.nl;5\n"
                      "Cor;;1\n", encoding="utf-8")
    dataset = _id("d13")  # Nabijheid voorzieningen per buurt: obtained, no personal data
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, people)
        assert "PERSONAL DATA?" in screen_text(app)
        assert "'E-mail': e-mail address in 2 of 3 rows" in screen_text(app)

        await pilot.press("a")  # no dataset yet: the dataset list gets the focus
        await pilot.pause()
        assert isinstance(app.focused, Select)
        await choose_dataset(pilot, screen, dataset)
        await pilot.press("a")
        await wait_for(pilot, lambda: db_rows(demo_db, "SELECT status FROM dataset WHERE id = ?",
                                              dataset) == [("explored",)])
        assert db_rows(demo_db, "SELECT personal_data FROM dataset WHERE id = ?", dataset) == [(1,)]
        files = db_rows(demo_db, "SELECT path, load_options FROM dataset_file WHERE dataset_id = ?",
                        dataset)
        assert files[0][0] == str(people.resolve())
        assert json.loads(files[0][1])["delimiter"] == ";"

        await pilot.press("w", "w")  # profile, then chart: move to Aantal and draw its bars
        screen.column = "Melder"
        await pilot.press("1")
        await wait_for(pilot, lambda: screen.chart_spec is not None
                       and screen.query_one("#explorer-chart").data is not None)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Drie melders, één zonder e-mail")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = db_rows(demo_db, "SELECT text, chart, atelier_id FROM insight WHERE dataset_id = ?",
                       dataset)
    assert rows[0][0] == "Drie melders, één zonder e-mail"
    assert json.loads(rows[0][1]) == {"kind": "bar", "column": "Melder", "other": None}
    assert rows[0][2] == _id("a3")


async def test_choices_are_remembered_for_the_file(demo_db, tmp_path):
    copy = tmp_path / "buurten.csv"
    copy.write_bytes(EINDHOVEN.read_bytes())
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, copy)
        await pilot.press("comma")  # decimal ',' -> '.'
        await wait_for(pilot, lambda: not screen.reading
                       and screen.loaded.result.options.decimal == ".", timeout=20)
        await choose_dataset(pilot, screen, _id("d12"))
        query = "SELECT count(*) FROM dataset_file WHERE dataset_id = ?"
        (before,), = db_rows(demo_db, query, _id("d12"))  # the demo attaches a file of its own
        await pilot.press("a")
        await wait_for(pilot, lambda: db_rows(demo_db, query, _id("d12")) == [(before + 1,)])
        screen.overrides = {}
        await open_file(pilot, screen, copy)  # opened again: read the way it was chosen
        assert screen.loaded.result.options.decimal == "."
        assert screen.overrides == {"decimal": "."}
        assert "your earlier choices" in screen_text(app)


async def test_prototypes_add_edit_delete_and_undo(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("o")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Speelplek Radar", "enter")  # company, then on to the title
        await pilot.press(*"Speeltuinen dichtbij", "enter")
        await pilot.press(*"speelradar.example", "enter", "enter")  # link; feedback left empty
        await pilot.press("down", "space")  # in the dataset list: tick the second one
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table.row_count == 3
        rows = db_rows(demo_db, "SELECT p.company, p.link, count(l.id) FROM prototype p "
                       "JOIN prototype_dataset l ON l.prototype_id = p.id "
                       "AND l.deleted_at IS NULL WHERE p.title = 'Speeltuinen dichtbij'")
        assert rows == [("Speelplek Radar", "speelradar.example", 1)]
        assert "Speeltuinen dichtbij" in screen_text(app)

        await pilot.press("enter")  # edit the highlighted (new) one
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", *"Kinderen willen ook de bankjes zien")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert db_rows(demo_db, "SELECT feedback FROM prototype WHERE title = ?",
                       "Speeltuinen dichtbij") == [("Kinderen willen ook de bankjes zien",)]

        await pilot.press("x")
        await pilot.pause()
        assert table.row_count == 2
        await pilot.press("u")
        await pilot.pause()
        assert table.row_count == 3


async def test_decimals_line_up_in_the_preview_with_the_dutch_mark(demo_db, tmp_path):
    """Amounts written with two decimals keep both in the preview (62705,50, not 62705,5), so the
    marks line up on a projector; the Dutch interface shows a decimal comma."""
    path = tmp_path / "bedragen.csv"
    path.write_text("Omschrijving;Bedrag;Jaar\nhuur;62705,50;2019\nlicentie;4136,36;2020\nleeg;;2021\n",
                    encoding="utf-8")
    app = make_app(demo_db, language="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, path)
        table = screen.query_one("#explorer-preview", DataTable)
        column = [table.get_cell_at((row, 1)).plain for row in range(table.row_count)]
        years = [table.get_cell_at((row, 2)).plain for row in range(table.row_count)]
    assert column == ["62705,50", "4136,36", "·"]
    assert years == ["2019", "2020", "2021"]


async def test_treat_as_number_and_totals_are_one_key_each(demo_db):
    """Issue 16: a week column with '28/29' stays text (nothing lost); '#' on it reads it as a
    number and the message says what became missing. 't' takes the total row back in."""
    app = make_app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, DATA / "utrecht_evenementen_2011_2016.csv")
        assert screen.loaded.result.column_kinds["Weeknummer"] == "text"
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert screen.column == "Weeknummer"
        await pilot.press("number_sign")
        await wait_for(pilot, lambda: not screen.reading
                       and screen.loaded.result.column_kinds.get("Weeknummer") == "integer", timeout=20)
        assert "19 values that are not numbers were set to missing" in screen_text(app)
        assert screen.loaded.overrides["number_columns"] == ["Weeknummer"]

        await open_file(pilot, screen, DATA / "amsterdam_ois_vestigingen_secties_2013_2017.csv")
        assert screen.loaded.profile.rows == 22
        assert "Totals 1 row apart (T)" in screen_text(app)
        await pilot.press("T")
        await wait_for(pilot, lambda: not screen.reading and screen.loaded.profile.rows == 23, timeout=20)
        assert "Totals 1 row in the" in screen_text(app)  # (the panel wraps here)
        assert screen.loaded.result.options.keep_totals is True


async def test_a_fresh_explorer_starts_on_the_datasets_and_enter_opens_an_attached_file(demo_db):
    from workshop_data.explorer.bookkeeping import files_of

    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_explorer(pilot)
        select = screen.query_one("#explorer-dataset", Select)
        assert app.focused is select  # nothing loaded: choosing a dataset comes first
        ids = [value for _, value in select._options if isinstance(value, str)]
        with_file = next(i for i, d in enumerate(ids) if files_of(app.store, d))
        await pilot.press("enter", *["down"] * (with_file + 1), "enter")  # +1: the blank line
        await wait_for(pilot, lambda: screen.loaded is not None and not screen.reading,
                       timeout=20)
        assert screen.dataset_id == ids[with_file]
        assert app.focused is screen.query_one("#explorer-preview")  # then the table
