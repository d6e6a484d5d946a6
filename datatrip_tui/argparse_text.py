"""argparse's own words (``usage:``, ``options``, ``error:``, ``expected one argument``...) in the
interface's language, so that ``datatrip --lang nl inspect --help`` or a mistyped option leaves no
English in a Dutch sentence.

argparse looks its words up through gettext's ``gettext``/``ngettext``, which it imported into its
own module; they are replaced there by lookups in datatrip's catalogue (keys ``cli.argparse.*``).
A word argparse may add in a later Python and that is not listed here stays as argparse has it.
"""

from __future__ import annotations

import argparse

from workshop_data.common.i18n import t, tn

WORDS = {
    "usage: ": "usage",
    "positional arguments": "positionals",
    "options": "options",
    "show this help message and exit": "help",
    "%(prog)s: error: %(message)s\n": "error",
    "argument %(argument_name)s: %(message)s": "argument",
    "the following arguments are required: %s": "required",
    "one of the arguments %s is required": "one_required",
    "unrecognized arguments: %s": "unrecognized",
    "expected one argument": "expected_one",
    "expected at most one argument": "expected_at_most_one",
    "expected at least one argument": "expected_at_least_one",
    "not allowed with argument %s": "not_allowed_with",
    "ignored explicit argument %r": "ignored_value",
    "ambiguous option: %(option)s could match %(matches)s": "ambiguous",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "unknown_command",
    "can't open '%(filename)s': %(error)s": "cannot_open",
}


def _gettext(message: str) -> str:
    key = WORDS.get(message)
    return t(f"cli.argparse.{key}") if key else message


def _ngettext(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return tn("cli.argparse.expected_n", count)
    return singular if count == 1 else plural


def speak() -> None:
    """From now on argparse speaks the current language (looked up each time it speaks)."""
    argparse._ = _gettext
    argparse.ngettext = _ngettext


def metavar(name: str) -> str:
    """The placeholder of an argument in the help (``FILE``, ``BESTAND``)."""
    return t(f"cli.metavar.{name}")
