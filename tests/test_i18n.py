"""Both interfaces stay complete: every key in both catalogues, every key used exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from workshop_data.common.i18n import catalogue, set_language, t

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*ROOT.glob("datatrip_tui/*.py"), *ROOT.glob("screens/*.py"),
           *ROOT.glob("workshop_data/**/*.py")]


def used_keys() -> set[str]:
    keys = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "t" and node.args and isinstance(node.args[0], ast.Constant):
                    keys.add(node.args[0].value)
                if name == "tn" and node.args and isinstance(node.args[0], ast.Constant):
                    keys |= {f"{node.args[0].value}.one", f"{node.args[0].value}.other"}
                if name == "Binding" and len(node.args) >= 3 \
                        and isinstance(node.args[2], ast.Constant):
                    keys.add(node.args[2].value)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if getattr(target, "id", "") in ("TITLE_KEY", "HELP_KEY") and node.value.value:
                        keys.add(node.value.value)
    # keys built at run time: "dashboard.tasks", f"status.{status}", f"month.{n}"...
    for path in SOURCES:
        found = re.findall(r'"((?:dashboard|participants)\.[a-z_]+)"', path.read_text())
        keys |= {key for key in found if not key.endswith(".tcss")}
    return keys


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_hold_the_same_keys():
    assert set(catalogue("en")) == set(catalogue("nl"))


def test_no_key_is_defined_in_two_files():
    import json

    for language in ("en", "nl"):
        seen: dict[str, str] = {}
        for part in sorted((ROOT / "workshop_data" / "locales" / language).glob("*.json")):
            for key in json.loads(part.read_text("utf-8")):
                assert key not in seen, f"{key} in both {seen[key]} and {part.name}"
                seen[key] = part.name


def test_every_key_used_in_the_code_is_translated():
    missing = sorted(used_keys() - set(catalogue("en")))
    assert missing == []


def test_translations_use_the_same_placeholders():
    en, nl = catalogue("en"), catalogue("nl")
    assert [k for k in en if fields(en[k]) != fields(nl[k])] == []


def test_dynamic_families_are_complete():
    from workshop_data.common.model import STATUSES

    en = catalogue("en")
    assert all(f"status.{s}" in en for s in STATUSES)
    assert all(f"month.{m}" in en for m in range(1, 13))
    assert all(f"atelier.theme.{n}" in en for n in range(1, 5))
    assert all(f"sync.{s}" in en for s in ("none", "online", "offline", "unknown"))


def test_switching_language():
    set_language("nl")
    assert t("participants.title") == "Deelnemers"
    set_language("en")
    assert t("participants.title") == "Participants"
    assert t("participants.count", shown=2, total=3) == "2 of 3 participants"
