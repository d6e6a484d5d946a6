#!/usr/bin/env python3
"""The gettext catalogues of datatrip: fold JSON part files in, compile, check, extract.

    scripts/locales.py fold      fold locales/{en,nl}/*.json into the .po catalogues, delete the
                                 JSON files, compile the .mo files
    scripts/locales.py compile   write each locales/<lang>/LC_MESSAGES/datatrip.mo from its .po
    scripts/locales.py check     every message in both languages, no fuzzy or empty entries, the
                                 same {placeholders}, plural forms complete, .mo files current
    scripts/locales.py extract   the keys the code uses (t, tn, Binding) as datatrip.pot

The msgids are the dotted keys the code passes to ``t()`` (symbolic msgids), so the English
catalogue holds the English text like any other language. A plural message is ``msgid KEY``,
``msgid_plural KEY`` with one ``msgstr[i]`` per plural form; in a JSON part file it is written as
the two keys ``KEY.one`` and ``KEY.other``.

Folding after a merge: a part file that this branch deleted (the catalogues were made from it)
and another branch edited comes back in the merge. Only the keys whose text differs from the
version that was folded before (found with git) are taken, so the other branch's new wording
comes in and the catalogue's own changes (plural forms, rewording) stay. New part files are
taken whole. Needs Babel (a test dependency).
"""

from __future__ import annotations

import argparse
import io
import json
import string
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "workshop_data" / "common" / "locales"
LANGUAGES = ("en", "nl")
DOMAIN = "datatrip"
SOURCE_LANGUAGE = "en"


def po_path(language: str, root: Path = LOCALES) -> Path:
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str, root: Path = LOCALES) -> Path:
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


# -- reading and writing catalogues -----------------------------------------------------------

def load(language: str, root: Path = LOCALES) -> Catalog:
    path = po_path(language, root)
    if not path.exists():
        now = datetime.now(timezone.utc).replace(microsecond=0)
        return Catalog(locale=language, domain=DOMAIN, project="datatrip", fuzzy=False,
                       header_comment=f"# datatrip: the {language} catalogue.\n#"
                                      "\n# Sources are the dotted keys of t(); edit the msgstr only."
                                      "\n# scripts/locales.py compile writes the .mo beside it.",
                       creation_date=now, revision_date=now, version="1",
                       last_translator="datatrip", language_team=f"datatrip {language}",
                       charset="utf-8")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def save(catalog: Catalog, language: str, root: Path = LOCALES) -> None:
    path = po_path(language, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, sort_output=True, no_location=True, width=96)
    path.write_bytes(buffer.getvalue())


def compile_catalogue(language: str, root: Path = LOCALES) -> Path:
    buffer = io.BytesIO()
    write_mo(buffer, load(language, root), use_fuzzy=False)
    target = mo_path(language, root)
    if not target.exists() or target.read_bytes() != buffer.getvalue():
        target.write_bytes(buffer.getvalue())
    return target


def entries(catalog: Catalog) -> dict[str, str | tuple[str, ...]]:
    """key -> text, or key -> the plural forms, of every message but the header."""
    table: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        table[key] = tuple(message.string) if message.pluralizable else message.string
    return table


# -- folding JSON part files ------------------------------------------------------------------

def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def folded_before(part: Path) -> dict[str, str] | None:
    """The part file as it was when a commit deleted it (folded it in), if one did."""
    try:
        relative = part.resolve().relative_to(ROOT).as_posix()
    except ValueError:  # not in this repository
        return None
    commit = (_git("log", "-1", "--format=%H", "--diff-filter=D", "--", relative) or "").strip()
    if not commit:
        return None
    text = _git("show", f"{commit}^:{relative}")
    return json.loads(text) if text else None


def as_messages(flat: dict[str, str]) -> dict[str, str | tuple[str, str]]:
    """``KEY.one`` and ``KEY.other`` together become the plural message KEY."""
    out: dict[str, str | tuple[str, str]] = {}
    for key, text in flat.items():
        base, _, form = key.rpartition(".")
        if form in ("one", "other") and f"{base}.one" in flat and f"{base}.other" in flat \
                and base not in flat:
            out[base] = (flat[f"{base}.one"], flat[f"{base}.other"])
        else:
            out[key] = text
    return out


def _changed(new: dict[str, str], before: dict[str, str] | None) -> dict[str, str]:
    if before is None:
        return new
    return {key: text for key, text in new.items() if before.get(key) != text}


def put(catalog: Catalog, key: str, value: str | tuple[str, ...], flags=()) -> None:
    """Set the message ``key`` (Babel's ``catalog[key] = ...`` keeps an existing text)."""
    nplurals = catalog.num_plurals
    if key in catalog:
        del catalog[key]
    if isinstance(value, tuple):
        forms = list(value) + [value[-1]] * (nplurals - len(value))
        catalog[key] = Message((key, key), tuple(forms[:nplurals]), flags=flags)
    else:
        catalog[key] = Message(key, value, flags=flags)


def fold(root: Path = LOCALES, *, keep: bool = False, out=sys.stdout,
         before=folded_before) -> list[str]:
    """Fold every JSON part file into the catalogues; returns the problems (keys that a new
    part file gives another text than the catalogue has), which are left as they were."""
    problems: list[str] = []
    for language in LANGUAGES:
        catalog = load(language, root)
        have = entries(catalog)
        parts = sorted((root / language).glob("*.json"))
        for part in parts:
            flat = json.loads(part.read_text("utf-8"))
            earlier = before(part)
            changed = _changed(flat, earlier)
            taken = 0
            for key, value in as_messages(flat).items():
                forms = [f"{key}.one", f"{key}.other"] if isinstance(value, tuple) else [key]
                if not any(form in changed for form in forms):
                    continue  # as it was folded before: the catalogue's text stays
                if earlier is None and have.get(key, value) != value:
                    problems.append(f"{language}/{part.name}: {key} differs from the "
                                    "catalogue; kept the catalogue's")
                    continue
                put(catalog, key, value)
                have[key] = value
                taken += 1
            print(f"{language}: {part.name}: {taken} message(s) taken", file=out)
        save(catalog, language, root)
        if not keep:
            for part in parts:
                part.unlink()
    for language in LANGUAGES:
        compile_catalogue(language, root)
    return problems


# -- checking ---------------------------------------------------------------------------------

def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


def _mo_table(language: str, root: Path) -> dict | None:
    import gettext

    path = mo_path(language, root)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        table = dict(gettext.GNUTranslations(handle)._catalog)  # noqa: SLF001 (the one table)
    table.pop("", None)
    return table


def _po_as_mo(catalog: Catalog) -> dict:
    table = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            for i, form in enumerate(message.string):
                table[(message.id[0], i)] = form
        elif message.string:
            table[message.id] = message.string
    return table


def check(root: Path = LOCALES) -> list[str]:
    """What is wrong with the catalogues, as sentences; empty when all is well."""
    problems: list[str] = []
    catalogs = {language: load(language, root) for language in LANGUAGES}
    tables = {language: entries(c) for language, c in catalogs.items()}
    keys = set().union(*tables.values())
    for language, catalog in catalogs.items():
        if catalog.fuzzy:
            problems.append(f"{language}: the header is marked fuzzy")
        for message in catalog:
            if message.id and message.fuzzy:
                problems.append(f"{language}: {message.id!r} is fuzzy")
        for key in sorted(keys - set(tables[language])):
            problems.append(f"{language}: {key} is missing")
        for key, value in tables[language].items():
            forms = value if isinstance(value, tuple) else (value,)
            if any(not form for form in forms):
                problems.append(f"{language}: {key} has no text")
            if isinstance(value, tuple) and len(value) != catalog.num_plurals:
                problems.append(f"{language}: {key} has {len(value)} of "
                                f"{catalog.num_plurals} plural forms")
        mo = _mo_table(language, root)
        if mo is None:
            problems.append(f"{language}: {mo_path(language, root).name} is missing: "
                            "run scripts/locales.py compile")
        elif mo != _po_as_mo(catalog):
            problems.append(f"{language}: {mo_path(language, root).name} is not current: "
                            "run scripts/locales.py compile")
    source = tables[SOURCE_LANGUAGE]
    for language in LANGUAGES:
        for key, value in tables[language].items():
            if key not in source:
                continue
            if isinstance(value, tuple) != isinstance(source[key], tuple):
                problems.append(f"{language}: {key} is plural in one language only")
                continue
            theirs = value if isinstance(value, tuple) else (value,)
            ours = source[key] if isinstance(source[key], tuple) else (source[key],)
            wanted = set().union(*map(_fields, ours)) - {"count"}
            for form in theirs:
                if _fields(form) - {"count"} - wanted:
                    problems.append(f"{language}: {key} uses a field English does not give")
            if not isinstance(value, tuple) and _fields(value) != _fields(source[key]):
                problems.append(f"{language}: {key} has other {{fields}} than in English")
    leftovers = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*.json"))
    if leftovers:
        problems.append("JSON part files not folded in yet (scripts/locales.py fold): "
                        + ", ".join(leftovers))
    return problems


# -- extracting -------------------------------------------------------------------------------

KEYWORDS = {"t": (1,), "tn": (1,), "Binding": (3,)}


def extract(target: Path) -> int:
    """The keys the code passes to t(), tn() and Binding(), as a .pot template."""
    from babel.messages.extract import extract_from_dir

    template = Catalog(domain=DOMAIN, project="datatrip", fuzzy=False)
    for folder in ("datatrip_tui", "screens", "workshop_data"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS):
            if isinstance(message, str) and "." in message:
                template.add(message, locations=[(f"{folder}/{filename}", lineno)])
    with target.open("wb") as handle:
        write_po(handle, template, sort_output=True, width=96)
    return len(template)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/locales.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    folding = commands.add_parser("fold", help="fold locales/{en,nl}/*.json into the catalogues")
    folding.add_argument("--keep", action="store_true", help="do not delete the JSON files")
    commands.add_parser("compile", help="write the .mo files from the .po files")
    commands.add_parser("check", help="both languages complete, nothing fuzzy, .mo current")
    extracting = commands.add_parser("extract", help="write the keys used in the code as .pot")
    extracting.add_argument("--to", type=Path, default=ROOT / "build" / f"{DOMAIN}.pot")
    args = parser.parse_args(argv)
    if args.command == "fold":
        problems = fold(keep=args.keep)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args.command == "compile":
        for language in LANGUAGES:
            print(compile_catalogue(language).relative_to(ROOT))
        return 0
    if args.command == "check":
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    args.to.parent.mkdir(parents=True, exist_ok=True)
    print(f"{extract(args.to)} keys -> {args.to}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
