"""Sentences with a number agree with it in both languages: "1 participant listed 1 task",
"1 van 12 heeft gestemd", "Je hebt 1 punt aan 1 dataset gegeven" (never "1 datasets")."""

from __future__ import annotations

import pytest

from workshop_data.common.i18n import speaking, tn
from workshop_data.common.setup import create_trip
from workshop_data.common.store import open_store
from workshop_data.export.report import build_blocks
from workshop_data.export.tables import build_tables
from workshop_data.inventory import tasks as inventory

TURNOUT = {("en", 1): "1 of 12 has voted", ("en", 2): "2 of 12 have voted",
           ("nl", 1): "1 van 12 heeft gestemd", ("nl", 2): "2 van 12 hebben gestemd"}
POINTS = {("en", 1): "You gave 1 point to 1 dataset.",
          ("en", 2): "You gave 2 points to 2 datasets.",
          ("nl", 1): "Je hebt 1 punt aan 1 dataset gegeven.",
          ("nl", 2): "Je hebt 2 punten aan 2 datasets gegeven."}
RANKED = {("en", 1): "You ranked 1 dataset.", ("en", 2): "You ranked 2 datasets.",
          ("nl", 1): "Je hebt 1 dataset gerangschikt.",
          ("nl", 2): "Je hebt 2 datasets gerangschikt."}
SUMMARY = {
    ("en", 1): "1 participant listed 1 task and identified 1 dataset that would help them or "
               "others.",
    ("en", 2): "2 participants listed 2 tasks and identified 2 datasets that would help them or "
               "others.",
    ("nl", 1): "1 deelnemer noemde 1 taak en vond 1 dataset die deze deelnemer of anderen "
               "zouden helpen.",
    ("nl", 2): "2 deelnemers noemden 2 taken en vonden 2 datasets die hen of anderen zouden "
               "helpen.",
}
EXPLORED = {("en", 1): "1 dataset obtained, 1 of them explored.",
            ("en", 2): "2 datasets obtained, 2 of them explored.",
            ("nl", 1): "1 dataset verkregen, waarvan 1 verkend.",
            ("nl", 2): "2 datasets verkregen, waarvan 2 verkend."}
PUBLISHED = {("en", 1): "Published: 1 of 1 dataset for the portal.",
             ("en", 2): "Published: 2 of 2 datasets for the portal.",
             ("nl", 1): "Gepubliceerd: 1 van 1 dataset voor het portaal.",
             ("nl", 2): "Gepubliceerd: 2 van 2 datasets voor het portaal."}


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_turnout_and_ballot_endings_agree_with_the_number(language, n):
    with speaking(language):
        for key in ("ranking.turnout.count", "room.cli.turnout"):
            assert tn(key, n, done=n, total=12) == TURNOUT[language, n]
        assert tn("ranking.ballot.finish_points", n,
                  datasets=tn("count.datasets", n)) == POINTS[language, n]
        assert tn("ranking.ballot.finish_rank", n) == RANKED[language, n]


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_report_counts_atelier_one_in_words_that_agree(tmp_path, language, n):
    store = open_store(tmp_path / "trip.db")
    try:
        create_trip(store, name="Data Trip Zeist")
        for i in range(n):
            person = store.participants.create(name=f"Deelnemer {i}")
            task = inventory.add_task(store, person.id, title=f"Taak {i}")
            dataset = inventory.add_dataset(store, task.id, title=f"Dataset {i}", helps="me")
            store.datasets.update(dataset.id, status="explored")
            store.publications.create(dataset_id=dataset.id, package_name=f"dataset-{i}",
                                      state="published")
        with speaking(language):
            paragraphs = [block[1] for block in build_blocks(build_tables(store))
                          if block[0] == "p"]
    finally:
        store.close()
    assert SUMMARY[language, n] in paragraphs
    assert EXPLORED[language, n] in paragraphs
    assert PUBLISHED[language, n] in paragraphs


@pytest.mark.parametrize("language, n, expected", [
    ("en", 1, "1 value that is not a number was set to missing"),
    ("en", 3, "3 values that are not numbers were set to missing"),
    ("nl", 1, "1 waarde die geen getal is, is leeggemaakt"),
    ("nl", 3, "3 waarden die geen getal zijn, zijn leeggemaakt"),
])
def test_the_loaders_counts_agree_with_their_number(language, n, expected):
    from workshop_data.common.i18n import speaking, tn

    with speaking(language):
        text = tn("loading.convert.set_missing", n, column="'x'", values="'-'")
        assert expected in text
        assert tn("loading.decimal.comma", 1, eg="1,5").startswith(
            {"en": "1 number with", "nl": "1 getal met"}[language])
