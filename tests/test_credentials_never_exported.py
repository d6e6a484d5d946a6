"""No voter credential leaves the laptop: every export format, public and full, and the report
are searched for every code and token of the demo trip (and of a round opened to the room)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from workshop_data.ranking import ballots, credentials, voters
from workshop_data.export import export
from workshop_data.common.store import open_store

FORMATS = ["xlsx", "csv", "md", "html", "datapackage", "ckan"]


def texts(folder: Path):
    """Every file written, as text; the members of a workbook or zip one by one."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    yield f"{path.name}:{name}", archive.read(name).decode("utf-8", "replace")
        else:
            yield path.name, path.read_bytes().decode("utf-8", "replace")


@pytest.mark.parametrize("public", [False, True], ids=["full", "public"])
def test_no_export_holds_a_code_or_a_token(demo_db, tmp_path, public):
    store = open_store(demo_db)
    try:
        rnd = ballots.open_round(store, "Room round", status="ready")
        ballot = ballots.start_ballot(store, rnd.id, voters.cards(store, rnd.id)[0].code)
        for item, criterion in ballot.questions():
            ballots.cast_vote(store, ballot, item.dataset_id, criterion, 4)
        secrets = []
        for row in store.query("SELECT code, token FROM voter"):
            secrets += [row["code"], credentials.show_code(row["code"]), row["token"]]
        assert len(secrets) == 3 * 24
        out = tmp_path / "out"
        export(store, out, formats=FORMATS, public=public)
    finally:
        store.close()
    seen = 0
    for name, text in texts(out):
        seen += 1
        for secret in secrets:
            assert secret not in text, f"{secret!r} in {name}"
    assert seen >= len(FORMATS)
