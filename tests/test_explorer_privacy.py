"""The privacy scan tells the truth: the flag belongs to the file that holds personal data, and to
a dataset only once that file is attached (detaching undoes it, and can be undone); the values are
masked on the screen and in ``datatrip inspect``; the dataset choice follows the file shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable

from apphelpers import make_app, screen_text, wait_for
from test_explorer_screen import EINDHOVEN, choose_dataset, open_explorer, open_file
from workshop_data.explorer import bookkeeping as explorer
from workshop_data.common.demo import _id
from workshop_data.explorer.loading import LoadOptions, load, scan_privacy

BSNS = ("111222333", "123456782", "999999990", "100000009")


@pytest.fixture
def personal(tmp_path) -> Path:
    path = tmp_path / "clienten.csv"
    lines = ["naam;bsn;email;wijk"]
    for n, bsn in enumerate(BSNS * 3):
        lines.append(f"Persoon {n};{bsn};persoon{n}@voorbeeld.nl;Zuid")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- attach and detach -------------------------------------------------------------------------

def test_only_attaching_a_file_with_personal_data_flags_the_dataset(demo_store, personal):
    dataset_id = _id("d13")
    result = load(personal)
    hits = scan_privacy(result.frame)
    assert demo_store.datasets.get(dataset_id).personal_data == 0
    done = explorer.attach_file(demo_store, dataset_id, personal, result.options, hits=hits)
    assert done.flagged and demo_store.datasets.get(dataset_id).personal_data == 1
    gone = explorer.detach_file(demo_store, done.file.id)
    assert gone.unflagged and demo_store.datasets.get(dataset_id).personal_data == 0
    assert explorer.attached_file(demo_store, dataset_id, personal) is None
    explorer.undo_detach(demo_store, gone)
    assert demo_store.datasets.get(dataset_id).personal_data == 1
    assert explorer.attached_file(demo_store, dataset_id, personal) is not None


def test_a_flag_set_by_hand_stays_when_the_file_is_detached(demo_store):
    dataset_id = _id("d13")
    demo_store.datasets.update(dataset_id, personal_data=1)
    done = explorer.attach_file(demo_store, dataset_id, EINDHOVEN, LoadOptions())
    assert not done.flagged
    assert not explorer.detach_file(demo_store, done.file.id).unflagged
    assert demo_store.datasets.get(dataset_id).personal_data == 1


# -- in the explorer ---------------------------------------------------------------------------

async def test_opening_a_file_with_personal_data_flags_no_dataset(demo_db, personal):
    app = make_app(demo_db)
    clean, other = _id("d13"), _id("d12")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_explorer(pilot)
        await choose_dataset(pilot, screen, clean)
        await open_file(pilot, screen, EINDHOVEN)
        assert screen.dataset_id == clean  # chosen for this file, before it was opened
        await open_file(pilot, screen, personal)
        assert screen.loaded.hits
        assert app.store.datasets.get(clean).personal_data == 0
        assert screen.dataset_id is None  # the choice does not stick to the next file
        assert "(attaching it flags its dataset)" in screen_text(app)
        assert not any("flagged" in n.message for n in app._notifications)

        await choose_dataset(pilot, screen, other)
        await pilot.press("a")
        await wait_for(pilot, lambda: app.store.datasets.get(other).personal_data == 1)
        assert app.store.datasets.get(clean).personal_data == 0
        await pilot.press("x")  # attached to the wrong dataset: detach it
        await wait_for(pilot, lambda: app.store.datasets.get(other).personal_data == 0)
        assert explorer.attached_file(app.store, other, personal) is None
        await pilot.press("u")
        await wait_for(pilot, lambda: app.store.datasets.get(other).personal_data == 1)
        assert explorer.attached_file(app.store, other, personal) is not None

        await open_file(pilot, screen, EINDHOVEN)
        assert screen.dataset_id is None  # not the dataset of the file before
        await open_file(pilot, screen, personal)
        assert screen.dataset_id == other  # the dataset it is attached to


def _column(table: DataTable, key: str) -> list[str]:
    return [str(table.get_cell_at((row, table.get_column_index(key)))) for row in
            range(table.row_count)]


async def test_personal_data_is_masked_until_revealed(demo_db, personal):
    app = make_app(demo_db)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_explorer(pilot)
        await open_file(pilot, screen, personal)
        preview = screen.query_one("#explorer-preview", DataTable)
        assert _column(preview, "bsn")[0] == "•••••••33"
        assert _column(preview, "email")[0].endswith("nl") and "@" not in _column(preview, "email")[0]
        assert _column(preview, "wijk")[0] == "Zuid"  # no personal data: shown
        text = screen_text(app)
        assert not any(bsn in text for bsn in BSNS) and "@voorbeeld.nl" not in text
        profile = screen.query_one("#explorer-profile", DataTable)
        row = profile.get_row("bsn")
        assert not any(bsn in str(cell) for cell in row for bsn in BSNS)

        await pilot.press("R")
        await pilot.pause()
        assert _column(preview, "bsn")[0] == "111222333"
        await pilot.press("R")
        await pilot.pause()
        assert _column(preview, "bsn")[0] == "•••••••33"


# -- datatrip inspect --------------------------------------------------------------------------

@pytest.mark.parametrize("as_json", [False, True])
def test_inspect_never_prints_personal_values(personal, tmp_path, as_json):
    args = ["inspect", str(personal)] + (["--json"] if as_json else [])
    result = subprocess.run([sys.executable, "-m", "datatrip_tui.cli", *args],
                            capture_output=True, text=True, timeout=60,
                            env={"DATATRIP_CONFIG_DIR": str(tmp_path / "c"),
                                 "DATATRIP_DATA_DIR": str(tmp_path / "d"),
                                 "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert not any(bsn in result.stdout for bsn in BSNS)
    assert "@voorbeeld.nl" not in result.stdout
    assert "•••••••33" in result.stdout  # the most common values, masked, with their counts
    if as_json:
        report = json.loads(result.stdout)
        bsn = next(c for c in report["profile"]["columns"] if c["name"] == "bsn")
        assert bsn["min"] is None and bsn["max"] is None and bsn["top"][0]["count"] == 3
        assert {h["column"] for h in report["privacy"]} >= {"bsn", "email"}


def test_an_address_over_two_columns_masks_both_columns():
    import pandas as pd

    from workshop_data.explorer.masking import masked_columns

    frame = pd.DataFrame({"Postcode": ["3511 AB", "1011AA"], "Huisnummer": [12, 3],
                          "Plaats": ["Utrecht", "Amsterdam"]})
    assert masked_columns(scan_privacy(frame), frame.columns) == {"Postcode", "Huisnummer"}
