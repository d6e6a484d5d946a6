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


def _imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    """The project modules ``path`` imports, at its top or inside a function (a lazy import
    is still an arrow: the two modules cannot be understood or moved apart)."""
    import ast

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                       for a in node.names]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def _circles(tops: tuple[str, ...]) -> list[list[str]]:
    paths = {}
    for top in tops:
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {name: _imports_of(path, name, set(paths)) for name, path in paths.items()}
    # strongly connected components (Tarjan), iterative enough for a few hundred modules
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return circles


def test_the_shell_and_the_screens_import_in_no_circle():
    assert _circles(("datatrip_tui", "screens")) == []


def test_the_logic_imports_in_no_circle():
    assert _circles(("workshop_data",)) == []
