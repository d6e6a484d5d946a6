"""The engagement ladder: how far a stakeholder takes part, now and as wanted.

A fixed ladder, stored as codes and translated only when shown, so an export of a Dutch trip
never mixes "consult" with "raadplegen". The rungs follow the IAP2 participation spectrum; the
Dutch names are those of the participation ladder Dutch municipalities use (informeren,
raadplegen, betrekken, samenwerken, meebeslissen). ``none`` is the rung below the ladder: known
not to take part at all, which differs from "not filled in" (the empty code).

:func:`code_for` reads the words people typed before the ladder was fixed (English or Dutch, any
case, common variants), for migration 8 and for text typed where a code is expected.
"""

from __future__ import annotations

import re

from ..common.i18n import t

RUNGS = ("none", "inform", "consult", "involve", "collaborate", "empower")
UNSET = ""

# Words (folded: lower case, no accents, no punctuation) meaning each rung.
_WORDS: dict[str, tuple[str, ...]] = {
    "none": ("none", "geen", "niets", "nee", "no", "nothing", "not engaged", "niet betrokken",
             "0"),
    "inform": ("inform", "informing", "informed", "information", "informeren", "informatie",
               "geinformeerd", "meeweten", "keep informed", "op de hoogte houden",
               "1"),
    "consult": ("consult", "consulting", "consulted", "consultation", "raadplegen",
                "geraadpleegd", "consulteren", "consultatie", "adviseren", "advies", "advise",
                "2"),
    "involve": ("involve", "involving", "involved", "involvement", "betrekken", "betrokken",
                "meedenken", "meepraten", "participeren", "3"),
    "collaborate": ("collaborate", "collaborating", "collaboration", "cooperate",
                    "co-operate", "partner", "partnership", "co-create", "cocreate",
                    "co-creation", "samenwerken", "samenwerking", "meewerken", "coproduceren",
                    "coproductie", "cocreatie", "4"),
    "empower": ("empower", "empowering", "empowered", "empowerment", "empoweren",
                "meebeslissen", "beslissen", "zeggenschap", "delegate", "delegeren",
                "zelfbeheer", "decide", "co-decide", "5"),
}


def _fold(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("-", "")
    plain = re.sub(r"[^a-z0-9 ]", " ", plain)
    return " ".join(plain.split())


_BY_WORD = {_fold(word): rung for rung, words in _WORDS.items() for word in words}


def code_for(text: str | None) -> str | None:
    """The rung a typed word names: a code of :data:`RUNGS`, ``""`` for nothing typed, or
    ``None`` when the text is not a rung (it is then kept as a note, never thrown away)."""
    folded = _fold(text or "")
    if not folded:
        return UNSET
    if folded in RUNGS:
        return folded
    return _BY_WORD.get(folded)


def label(code: str | None) -> str:
    """The rung's name in the current language; "–" when not filled in."""
    if not code:
        return "–"
    if code not in RUNGS:  # not a code (a file of a newer version): shown as it is
        return code
    return t(f"ladder.{code}")


def step(code: str | None) -> int | None:
    """0 for none, 1 (inform) up to 5 (empower); None when not filled in."""
    return RUNGS.index(code) if code in RUNGS else None


def options() -> list[tuple[str, str]]:
    """The rungs for a Select, each led by the digit that picks it."""
    return [(f"{n}  {t(f'ladder.{code}')}", code) for n, code in enumerate(RUNGS)]

