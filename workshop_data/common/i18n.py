"""The one translation function of datatrip, and its catalogues.

Every text a user reads goes through :func:`t` with a dotted key, e.g. ``t("participants.title")``.
The catalogues are flat JSON files in ``locales/<language>/``, one file per part of the app
(``core.json``, ``tracker.json``, ...) merged into one table per language; a test checks that both
languages hold the same keys and that every key used in the code exists, so the Dutch and English
interfaces stay complete. A missing key shows as the key itself rather than failing: a visible mistake, not a crash.

It lives in ``workshop_data`` (not the UI) because the command line, exports and reports speak
the user's language too.
"""

from __future__ import annotations

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


@cache
def catalogue(language: str) -> dict[str, str]:
    table: dict[str, str] = {}
    folder = resources.files(__package__).joinpath("locales", language)
    for part in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if part.name.endswith(".json"):
            table.update(json.loads(part.read_text("utf-8")))
    return table


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


def t(key: str, /, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled in (values
    such as file names made printable)."""
    text = catalogue(language()).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return printable(text.format(**values)) if values else text


def tn(key: str, count: int, /, **values: object) -> str:
    """A text that depends on a number: ``key.one`` for 1, ``key.other`` for anything else."""
    return t(f"{key}.{'one' if count == 1 else 'other'}", count=count, **values)
