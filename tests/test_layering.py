"""The layers import one way only, and the first frame does not wait for heavy libraries."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import workshop_data

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["workshop_data"] + [
    f"workshop_data.{m.name}" for m in pkgutil.walk_packages(workshop_data.__path__)
    if not m.name.startswith("_")
]


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("module", MODULES)
def test_workshop_data_never_imports_textual(module):
    loaded = loaded_after(f"import {module}")
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert "screens" not in loaded and "datatrip_tui" not in loaded


def test_the_shell_loads_no_heavy_library_before_the_first_frame():
    loaded = loaded_after("import datatrip_tui.cli, datatrip_tui.app, screens.common.dashboard")
    for heavy in ("pandas", "sqlite_utils", "ckanapi", "openpyxl", "numpy", "plotext"):
        assert heavy not in loaded, heavy


def test_screens_never_import_the_shell():
    for path in (ROOT / "screens").glob("*.py"):
        text = path.read_text("utf-8")
        assert "datatrip_tui" not in text.replace('"""', ""), path.name
