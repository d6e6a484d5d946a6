"""Issue 20, item 3: small .xlsx files that would take all memory or CPU are refused (or read by
their real cells) at once, with one clear message; a long sheet can be cancelled any time.
The files are made by tests/xlsxmake.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import xlsxmake
from workshop_data.explorer.loading import LoadCancelled, LoadError, detect, load

ROOT = Path(__file__).resolve().parent.parent


def test_a_huge_cell_in_a_small_file_is_refused_before_it_is_unpacked(tmp_path):
    path = xlsxmake.huge_cell(tmp_path / "cel.xlsx", 64 << 20)  # 64 MB of text, ~300 KB on disk
    assert path.stat().st_size < 1 << 20
    for read in (load, detect):
        with pytest.raises(LoadError) as caught:
            read(path)
        message = str(caught.value)
        assert message.startswith("cel.xlsx: ") and "xl/worksheets/sheet1.xml" in message
        assert "64.0 MB" in message and "times" in message


def test_millions_of_repeated_rows_are_refused(tmp_path):
    path = xlsxmake.many_rows(tmp_path / "rijen.xlsx", 3_000_000)  # under 1 MB on disk
    with pytest.raises(LoadError, match="unpacks from .* to 117.3 MB"):
        load(path)


def test_more_rows_than_excel_allows_stop_the_read(tmp_path, monkeypatch):
    from workshop_data.explorer.loading import xlsxguard

    monkeypatch.setattr(xlsxguard, "MAX_ROWS", 500)  # Excel's 1,048,576, made small to be quick
    path = xlsxmake.many_rows(tmp_path / "lang.xlsx", 2000)
    with pytest.raises(LoadError, match="more than 500 rows") as caught:
        load(path)
    assert caught.value.row == 501 and caught.value.sheet == "Blad1"


def test_a_declared_dimension_of_the_whole_sheet_reads_only_the_real_cells(tmp_path):
    """A1:XFD1048576 with three cells made openpyxl pad every row to 16,384 columns and add a
    million empty rows (minutes at 100 % CPU). In a child process so a hang fails the test
    instead of stopping the suite; the limit is generous, this is not a speed test."""
    path = xlsxmake.whole_sheet_dimension(tmp_path / "dim.xlsx")
    code = ("import sys; from workshop_data.explorer.loading import load; r = load(sys.argv[1]); "
            "print(r.frame.shape, list(r.frame.columns))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 2) ['naam', 'aantal']"


def test_a_long_sheet_can_be_cancelled_while_it_streams(tmp_path):
    path = xlsxmake.many_rows(tmp_path / "lang.xlsx", 200_000)  # allowed: 8 MB of XML
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2  # the first questions come at the start: cancel while streaming

    with pytest.raises(LoadCancelled):
        load(path, cancel=cancel)
    assert len(calls) == 3
