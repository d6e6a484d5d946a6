"""Finding datasets that are probably the same: "link instead of creating a duplicate?"

In a live atelier two people name the same data differently: "Bomenregister" and "register van
de bomen", "Leegstaande panden" and "panden leegstand". Titles are compared as sets of
normalised words — case folded, diacritics removed ("coöperatie" = "cooperatie"), common Dutch
and English filler words dropped, simple plurals folded — so word order does not matter, and
compounds are matched by their parts ("bomenregister" contains "bomen" and "register").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

STOPWORDS = frozenset("""
de het een en of van voor in op per met bij naar uit aan te tot door over om als
the a an and of for in on per with by to from at
""".split())

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without diacritics: 'Financiële Coöperatie' -> 'financiele cooperatie'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(word: str) -> str:
    # Dutch and English plurals, roughly: enough to make "panden"/"pand", "bomen"/"boom" close.
    for suffix in ("'s", "en", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(fold(text)) if w not in STOPWORDS]


def _best(word: str, others: list[str]) -> float:
    best = 0.0
    for other in others:
        if word == other:
            return 1.0
        if len(word) >= 4 and len(other) >= 4 and (word in other or other in word):
            best = max(best, 0.8)  # a compound and its part: "bomen" in "bomenregister"
        else:
            best = max(best, SequenceMatcher(None, word, other).ratio() * 0.9)
    return best if best >= 0.75 else 0.0


def similarity(a: str, b: str) -> float:
    """0..1: how likely two titles name the same data.

    Each word of either title looks for its best partner in the other; the score is the share of
    all words that found one. Symmetric, and indifferent to word order.
    """
    left, right = words(a), words(b)
    if not left or not right:
        return 0.0
    matched = sum(_best(w, right) for w in left) + sum(_best(w, left) for w in right)
    return matched / (len(left) + len(right))


@dataclass(frozen=True)
class Match:
    id: str
    title: str
    score: float


def similar(title: str, candidates: list[tuple[str, str]], *, threshold: float = 0.6,
            limit: int = 5, exclude: str | None = None) -> list[Match]:
    """The candidates (id, title) most like ``title``, best first."""
    if len(words(title)) == 0:
        return []
    found = [Match(id, other, round(similarity(title, other), 3))
             for id, other in candidates if id != exclude]
    found = [m for m in found if m.score >= threshold]
    found.sort(key=lambda m: (-m.score, m.title.casefold()))
    return found[:limit]
