"""Pilot tests of the publish screen: metadata checked in the room, the outbox, conflicts."""

from __future__ import annotations

import json

from textual.widgets import DataTable, Input, RichLog

from apphelpers import db_rows as rows, make_app, screen_text, wait_ready
from screens.common.form import FormScreen
from screens.portal.publish import PublishScreen
from screens.portal.publish_forms import ConflictScreen


async def open_publish(pilot):
    await wait_ready(pilot)
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PublishScreen)


def select_row(app, title: str) -> None:
    table = app.screen.query_one(DataTable)
    for index in range(table.row_count):
        if table.get_row_at(index)[0] == title:
            table.move_cursor(row=index)
            return
    raise AssertionError(f"{title} not listed")


async def open_queue_form(pilot, title: str):
    """The publish screen, the row of ``title``, q: its metadata form."""
    await open_publish(pilot)
    select_row(pilot.app, title)
    await pilot.press("q")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    return pilot.app.screen


def fill_valid_lists(form) -> None:
    """A contact point and the values of the lists that a queued publication needs."""
    form.query_one("#field-contact_point", Input).value = "opendata@utrecht.example"
    form.query_one("#field-theme").value = "http://standaarden.overheid.nl/owms/terms/Bestuur"
    form.query_one("#field-licence").value = "http://creativecommons.org/licenses/by/4.0/deed.nl"
    form.query_one("#field-access_rights").value = \
        "http://publications.europa.eu/resource/authority/access-right/PUBLIC"


async def test_lists_what_can_be_published_with_its_state(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_publish(pilot)
        table = app.screen.query_one(DataTable)
        titles = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert "Bomenregister" in titles and "Meetwaarden luchtkwaliteit (sensoren)" in titles
        assert "Culturele voorzieningen" not in titles  # only identified: nothing to publish
        portal = app.screen.query_one("#publish-portal").render().plain
        assert "data.utrecht.nl" in portal and "1 waiting" in portal


async def test_invalid_metadata_is_shown_by_the_field_and_nothing_queued(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(140, 50)) as pilot:
        form = await open_queue_form(pilot, "Kerncijfers wijken en buurten")
        form.query_one("#field-contact_point", Input).value = "bel de afdeling"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # still open, nothing lost
        assert "e-mail" in app.screen.query_one("#error-contact_point").render().plain
        assert "required" in app.screen.query_one("#error-theme").render().plain
        await pilot.press("escape")
    assert rows(demo_db, "SELECT count(*) FROM outbox") == [(1,)]


async def test_queue_a_dataset_by_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_publish(pilot)
        select_row(app, "Kerncijfers wijken en buurten")
        await pilot.press("q")
        await pilot.pause()
        fill_valid_lists(app.screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PublishScreen)
        log = "\n".join(str(line.text) for line in app.screen.query_one(RichLog).lines)
        assert "kerncijfers-wijken-en-buurten" in log
        await pilot.press("n")  # dry run
        await pilot.pause()
        log = "\n".join(str(line.text) for line in app.screen.query_one(RichLog).lines)
        assert "will be created" in log
    assert rows(demo_db, """SELECT p.state, o.state FROM publication p JOIN outbox o
        ON o.publication_id = p.id WHERE p.package_name = 'kerncijfers-wijken-en-buurten'""") \
        == [("queued", "pending")]


async def test_a_personal_dataset_asks_for_a_reason(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_publish(pilot)
        select_row(app, "Leegstaande panden")
        await pilot.press("q")
        await pilot.pause()
        assert app.screen.query("#field-override")


async def test_a_conflict_shows_both_versions_and_keeps_ours(demo_db):
    import sqlite3

    conn = sqlite3.connect(demo_db)
    conn.execute("""UPDATE outbox SET state = 'conflict', payload = ? """,
                 [json.dumps({"kind": "edited", "reason": "changed on the portal",
                              "remote": {"id": "r1", "title": "Luchtmeetnet (portaal)",
                                         "notes": "Door de beheerder aangepast",
                                         "metadata_modified": "2026-11-20T10:00:00"}})])
    conn.execute("UPDATE publication SET state = 'conflict', remote_id = 'r1' "
                 "WHERE package_name = 'meetwaarden-luchtkwaliteit-sensoren'")
    conn.commit()
    conn.close()
    app = make_app(demo_db)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_publish(pilot)
        select_row(app, "Meetwaarden luchtkwaliteit (sensoren)")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "Door de beheerder aangepast" in text and "Meetwaarden luchtkwaliteit" in text
        await pilot.press("m")
        await pilot.pause()
    assert rows(demo_db, """SELECT p.state, o.state, p.last_seen_modified FROM publication p
        JOIN outbox o ON o.publication_id = p.id
        WHERE p.package_name = 'meetwaarden-luchtkwaliteit-sensoren'""") == [
        ("queued", "pending", "2026-11-20T10:00:00")]


async def test_a_missing_reason_is_said_by_its_field_and_focused(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(140, 50)) as pilot:
        form = await open_queue_form(pilot, "Leegstaande panden")
        form.query_one("#field-title", Input).value = "Leegstaande panden"
        form.query_one("#field-description", Input).value = "Panden die langer leeg staan"
        form.query_one("#field-identifier", Input).value = "https://data.utrecht.nl/dataset/lp"
        form.query_one("#field-publisher", Input).value = "Gemeente Utrecht"
        fill_valid_lists(form)
        form.query_one("#field-language").value = \
            "http://publications.europa.eu/resource/authority/language/NLD"
        form.query_one("#field-title", Input).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open, nothing lost
        assert "say why" in form.query_one("#error-override").render().plain
        assert form.focused is form.query_one("#field-override")
        assert form.query_one("#error-title").render().plain == ""
        await pilot.press(*"Geanonimiseerd tot postcode4", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PublishScreen)
    assert rows(demo_db, """SELECT p.personal_override FROM publication p JOIN dataset d
        ON d.id = p.dataset_id WHERE d.title = 'Leegstaande panden'""") == [
        ("Geanonimiseerd tot postcode4",)]
