"""Both interfaces stay complete: every message in both catalogues (gettext .po, compiled .mo),
nothing fuzzy, every key used exists, plurals by gettext's rules."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

from scripts import locales
from workshop_data.common.i18n import catalogue, set_language, t, tn

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*ROOT.glob("datatrip_tui/**/*.py"), *ROOT.glob("screens/**/*.py"),
           *ROOT.glob("workshop_data/**/*.py")]


def _calls() -> tuple[set[str], set[str]]:
    """The keys passed to t() (and Binding, TITLE_KEY, HELP_KEY), and those passed to tn()."""
    single, plural = set(), set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    if name == "t":
                        single.add(first.value)
                    if name == "tn":
                        plural.add(first.value)
                if name == "Binding" and len(node.args) >= 3 \
                        and isinstance(node.args[2], ast.Constant) and node.args[2].value:
                    single.add(node.args[2].value)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    if getattr(target, "id", "") in ("TITLE_KEY", "HELP_KEY") and node.value.value:
                        single.add(node.value.value)
    return single, plural


def used_keys() -> set[str]:
    single, plural = _calls()
    keys = single | plural
    # keys built at run time: "dashboard.tasks", f"status.{status}", f"month.{n}"...
    for path in SOURCES:
        found = re.findall(r'"((?:dashboard|participants)\.[a-z_]+)"', path.read_text())
        keys |= {key for key in found if not key.endswith(".tcss")}
    return keys


def fields(text) -> set[str]:
    forms = text if isinstance(text, tuple) else (text,)
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def test_the_catalogues_are_complete_and_current():
    """The build step's check: both languages hold every message, no fuzzy or empty entry,
    plural forms complete, the .mo files compiled from the .po files as they are."""
    assert locales.check() == []


def test_both_catalogues_hold_the_same_keys():
    assert set(catalogue("en")) == set(catalogue("nl"))


def test_every_key_used_in_the_code_is_translated():
    missing = sorted(used_keys() - set(catalogue("en")))
    assert missing == []


def test_numbers_go_through_plural_messages():
    single, plural = _calls()
    en = catalogue("en")
    assert sorted(k for k in plural if not isinstance(en.get(k), tuple)) == []
    assert sorted(k for k in single if isinstance(en.get(k), tuple)) == []


def test_no_half_plurals_left():
    """'1 regel(s)', 'waarschuwing(en)': a number's noun is a plural message instead."""
    for language in ("en", "nl"):
        texts = [text for value in catalogue(language).values()
                 for text in (value if isinstance(value, tuple) else (value,))]
        assert [x for x in texts if re.search(r"\w\((s|en|n|e)\)", x)] == [], language


def test_translations_use_the_same_placeholders():
    en, nl = catalogue("en"), catalogue("nl")
    assert [k for k in en if fields(en[k]) - {"count"} != fields(nl[k]) - {"count"}] == []


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


def test_plurals_follow_the_number():
    set_language("en")
    assert tn("inventory.n_tasks", 1) == "1 task"
    assert tn("inventory.n_tasks", 0) == "0 tasks"
    assert tn("dashboard.attended", 1) == "stakeholder came"
    set_language("nl")
    assert tn("inventory.n_tasks", 1) == "1 taak"
    assert tn("inventory.n_tasks", 2) == "2 taken"
    assert tn("dashboard.attended", 1) == "stakeholder kwam"
    assert tn("dashboard.attended", 3) == "stakeholders kwamen"
    set_language("en")


def test_organisations_are_not_hij_in_dutch():
    """A stakeholder is an organisation or a person: 'de stakeholder', 'die', never 'hij/hem'.
    (Elsewhere 'hem' for a column or a round is plain Dutch.)"""
    nl = catalogue("nl")
    texts = [text for key, value in nl.items() if key.split(".")[0] in STAKEHOLDER_FAMILIES
             for text in (value if isinstance(value, tuple) else (value,))]
    assert [x for x in texts if re.search(r"\b(hij|hem|diens|zijn vak)\b", x)] == []
    assert "Datasets waarmee de stakeholder aan de slag zou gaan" in texts


STAKEHOLDER_FAMILIES = {"stakeholders", "grid", "invitations", "attitude", "engagement",
                        "category", "strategy"}


# -- folding the JSON part files of other branches ---------------------------------------------

def _tree(tmp_path: Path, parts: dict[str, dict[str, dict[str, str]]]) -> Path:
    root = tmp_path / "locales"
    for language in ("en", "nl"):
        (root / language).mkdir(parents=True)
        for name, content in parts.get(language, {}).items():
            (root / language / name).write_text(json.dumps(content), "utf-8")
    return root


def test_fold_makes_catalogues_of_part_files_and_deletes_them(tmp_path):
    root = _tree(tmp_path, {
        "en": {"a.json": {"x.title": "Title {name}", "x.rows.one": "{count} row",
                          "x.rows.other": "{count} rows"}},
        "nl": {"a.json": {"x.title": "Titel {name}", "x.rows.one": "{count} rij",
                          "x.rows.other": "{count} rijen"}},
    })
    assert locales.fold(root, out=None, before=lambda part: None) == []
    assert list(root.glob("*/*.json")) == []
    assert locales.check(root) == []
    assert locales.entries(locales.load("nl", root)) == {
        "x.title": "Titel {name}", "x.rows": ("{count} rij", "{count} rijen")}

    # a later branch's part file: new keys come in, the catalogue's own text stays
    (root / "en" / "b.json").write_text(json.dumps({"y.new": "New", "x.title": "Other"}))
    (root / "nl" / "b.json").write_text(json.dumps({"y.new": "Nieuw"}))
    problems = locales.fold(root, out=None, before=lambda part: None)
    assert problems == ["en/b.json: x.title differs from the catalogue; kept the catalogue's"]
    en = locales.entries(locales.load("en", root))
    assert en["y.new"] == "New" and en["x.title"] == "Title {name}"
    assert locales.check(root) == []


def test_fold_takes_only_what_another_branch_reworded(tmp_path):
    """A part file this branch folded, edited on another branch, comes back with a merge: only
    the keys that branch changed are taken, the catalogue's own changes stay."""
    original = {"x.a": "one text", "x.b": "old wording", "x.n.one": "1 thing",
                "x.n.other": "{count} things"}
    root = _tree(tmp_path, {"en": {"a.json": original}, "nl": {"a.json": original}})
    locales.fold(root, out=None, before=lambda part: None)
    catalog = locales.load("en", root)
    locales.put(catalog, "x.a", "one text, improved here")
    locales.save(catalog, "en", root)

    merged = {**original, "x.b": "their new wording", "x.n.one": "a single thing"}
    (root / "en" / "a.json").write_text(json.dumps(merged))
    assert locales.fold(root, out=None, before=lambda part: original) == []
    en = locales.entries(locales.load("en", root))
    assert en["x.a"] == "one text, improved here"
    assert en["x.b"] == "their new wording"
    assert en["x.n"] == ("a single thing", "{count} things")


def test_check_finds_what_is_missing_fuzzy_or_stale(tmp_path):
    root = _tree(tmp_path, {"en": {"a.json": {"x.a": "A", "x.b": "B"}},
                            "nl": {"a.json": {"x.a": "A"}}})
    locales.fold(root, out=None, before=lambda part: None)
    catalog = locales.load("nl", root)
    locales.put(catalog, "x.a", "A2", flags=["fuzzy"])
    locales.save(catalog, "nl", root)
    problems = locales.check(root)
    assert "nl: x.b is missing" in problems
    assert "nl: 'x.a' is fuzzy" in problems
    assert any("not current" in p for p in problems)
