"""The one translation function of datatrip, and its catalogues.

Every text a user reads goes through :func:`t` with a dotted key, e.g. ``t("participants.title")``,
and a text that depends on a number through :func:`tn` (``tn("inventory.n_tasks", 3)``), which
picks the plural form with gettext's rules (``ngettext``). The catalogues are gettext's:
``locales/<language>/LC_MESSAGES/datatrip.po`` in the repository, compiled to the ``.mo`` beside
it that this module reads (the standard library's ``gettext``, so Babel is only needed to compile
and check them: ``scripts/locales.py``). The msgids are the dotted keys, so English is a catalogue
like Dutch. A missing key shows as the key itself rather than failing: a visible mistake, not a
crash.

JSON part files (``locales/<language>/*.json``, flat ``{key: text}``; a plural as ``KEY.one`` and
``KEY.other``) are read too, below the catalogue: branches add their new keys that way, and
``scripts/locales.py fold`` folds them into the catalogues after a merge.

It lives in ``workshop_data`` (not the UI) because the command line, exports and reports speak
the user's language too.
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
import re
from functools import cache
from importlib import resources

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE
# A language for one piece of work only (one request of the room's phone page, which may speak
# another language than the terminal): a context variable, so each asyncio task and the thread
# it hands work to see their own.
_speaking: ContextVar[str | None] = ContextVar("datatrip_language", default=None)


DOMAIN = "datatrip"
Text = str | tuple[str, ...]  # a message, or its plural forms


@cache
def _compiled(language: str) -> gettext.NullTranslations:
    folder = resources.files(__package__).joinpath("locales", language, "LC_MESSAGES")
    try:
        with folder.joinpath(f"{DOMAIN}.mo").open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


@cache
def catalogue(language: str) -> dict[str, Text]:
    """Every message of ``language``: key -> text, or key -> its plural forms (a tuple)."""
    table: dict[str, Text] = {}
    folder = resources.files(__package__).joinpath("locales", language)
    for part in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if part.name.endswith(".json"):  # not folded in yet
            table.update(json.loads(part.read_text("utf-8")))
    # GNUTranslations keeps one table: msgid -> text, (msgid, form) -> plural form.
    forms: dict[str, dict[int, str]] = {}
    for key, text in getattr(_compiled(language), "_catalog", {}).items():
        if isinstance(key, tuple):
            forms.setdefault(key[0], {})[key[1]] = text
        elif key:
            table[key] = text
    table.update({key: tuple(f[i] for i in sorted(f)) for key, f in forms.items()})
    return table


def _plural_index(language: str, count: int) -> int:
    rule = getattr(_compiled(language), "plural", None)
    return int(rule(count)) if rule else int(count != 1)


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _current = language


def language() -> str:
    return _speaking.get() or _current


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within this block (this task or thread only), :func:`t` speaks ``language``."""
    token = _speaking.set(language if language in LANGUAGES else None)
    try:
        yield
    finally:
        _speaking.reset(token)


# Control characters other than newline and tab: a file name holding ESC [ ... would otherwise
# move the cursor, recolour or retitle the terminal it is echoed to.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``) instead of acted upon."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def grouped(n: int) -> str:
    """A whole number with the language's thousands mark: 1.250 in Dutch, 1,250 in English."""
    text = f"{int(n):,}"
    return text.replace(",", ".") if language() == "nl" else text


def decimal(x: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals and the language's decimal mark: 155,9 / 155.9."""
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if language() == "nl" else text


def _text(key: str, count: int | None) -> str | None:
    for speaking_now in dict.fromkeys((language(), DEFAULT_LANGUAGE)):
        table = catalogue(speaking_now)
        text = table.get(key)
        if isinstance(text, tuple):
            index = _plural_index(speaking_now, 2 if count is None else count)
            return text[min(index, len(text) - 1)]
        if count is not None:  # a plural in a JSON part file, not folded in yet
            text = table.get(f"{key}.{'one' if count == 1 else 'other'}", text)
        if text is not None:
            return text
    return None


def t(key: str, /, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled in (values
    such as file names made printable)."""
    text = _text(key, None)
    if text is None:
        return key
    return printable(text.format(**values)) if values else text


def tn(key: str, count: int, /, **values: object) -> str:
    """The form of ``key`` for the number ``count`` (gettext's plural rule of the language),
    with ``{count}`` and the other fields filled in."""
    text = _text(key, count)
    if text is None:
        return key
    # count=... among the values shows the number otherwise (grouped: "1.250")
    return printable(text.format(**{"count": count, **values}))
