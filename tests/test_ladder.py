"""The engagement ladder: codes in the file, words per language, free text of before kept."""

from __future__ import annotations

import sqlite3

import pytest

from workshop_data.common.errors import ValidationError
from workshop_data.common.i18n import speaking
from workshop_data.common.migrations import migrate, schema_version, LATEST
from workshop_data.common.store import open_store
from workshop_data.stakeholders import ladder
from workshop_data.stakeholders import register as sh

STAMP = "2025-01-01T00:00:00.000000Z"


@pytest.mark.parametrize("typed, code", [
    ("Raadplegen", "consult"), ("consult", "consult"), (" INFORM ", "inform"),
    ("informeren", "inform"), ("meedenken", "involve"), ("Involved", "involve"),
    ("samenwerking", "collaborate"), ("co-creation", "collaborate"),
    ("Meebeslissen", "empower"), ("empoweren", "empower"), ("geen", "none"), ("None", "none"),
    ("", ""), ("  ", ""), ("3", "involve"), ("Negeert onze mails", None)])
def test_typed_words_of_either_language_name_their_rung(typed, code):
    assert ladder.code_for(typed) == code


def test_a_rung_is_shown_in_the_language_of_the_screen():
    with speaking("nl"):
        assert [ladder.label(c) for c in ladder.RUNGS[1:]] == [
            "informeren", "raadplegen", "betrekken", "samenwerken", "meebeslissen"]
    with speaking("en"):
        assert ladder.label("collaborate") == "collaborate"
        assert ladder.label("") == "–"
        assert ladder.options()[2] == ("2  consult", "consult")


def _old_file(path, language="nl"):
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=6)
    conn.execute("INSERT INTO trip (id, created_at, updated_at, name, language) "
                 "VALUES ('t', ?, ?, 'Oud', ?)", [STAMP, STAMP, language])
    for n, (now, wanted) in enumerate([("Informeren", "samenwerken"), ("consult", "Empower"),
                                       ("Negeert onze mails", "meebeslissen"),
                                       ("", "Eindelijk meedoen")]):
        conn.execute("INSERT INTO stakeholder (id, created_at, updated_at, trip_id, name, "
                     "current_engagement, desired_engagement) VALUES (?, ?, ?, 't', ?, ?, ?)",
                     [f"s{n}", STAMP, STAMP, f"S{n}", now, wanted])
    conn.close()


def test_migration_8_turns_free_text_into_codes_and_keeps_what_names_no_rung(tmp_path):
    _old_file(tmp_path / "old.db")
    store = open_store(tmp_path / "old.db")
    assert schema_version(store.conn) == LATEST >= 8
    got = {s.name: (s.current_engagement, s.desired_engagement, s.engagement_note)
           for s in store.stakeholders.list()}
    assert got == {"S0": ("inform", "collaborate", ""), "S1": ("consult", "empower", ""),
                   "S2": ("", "empower", "nu: Negeert onze mails"),
                   "S3": ("", "", "gewenst: Eindelijk meedoen")}
    # the row is not "changed" by the migration: two laptops migrating agree
    assert {s.updated_at for s in store.stakeholders.list()} == {STAMP}
    # an edit of the note afterwards is stamped for the field-by-field merge
    store.stakeholders.update("s2", engagement_note="")
    assert store.query("SELECT name FROM field_stamp WHERE row_id = 's2' "
                       "AND name = 'engagement_note'") == [{"name": "engagement_note"}]
    store.close()


def test_the_register_stores_codes_and_refuses_what_is_no_rung(tmp_path):
    from workshop_data.common.setup import create_trip

    store = open_store(tmp_path / "trip.db")
    create_trip(store, name="Trip")
    made = sh.create_stakeholder(store, name="Wijkraad", current_engagement="Raadplegen",
                                 desired_engagement="collaborate")
    assert (made.current_engagement, made.desired_engagement) == ("consult", "collaborate")
    with pytest.raises(ValidationError) as error:
        sh.update_stakeholder(store, made.id, desired_engagement="veel meer")
    assert error.value.field == "desired_engagement"
    store.close()


def test_exports_write_the_rung_in_the_export_language(demo_store):
    from workshop_data.export.tables import build_tables

    english = {"inform", "consult", "involve", "collaborate", "empower"}
    for language in ("nl", "en"):
        with speaking(language):
            table = build_tables(demo_store).table("stakeholders")
            index = [c.name for c in table.columns].index("desired_engagement")
            shown = {table.columns[index].human(row[index]) for row in table.rows}
        if language == "nl":
            assert "samenwerken" in shown and not shown & english
        else:
            assert "collaborate" in shown and shown <= english | {"not engaged", ""}
