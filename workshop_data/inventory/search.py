"""Searching the offline portal catalogue the way a Dutch civil servant types.

People type "speelplekken" and mean the data the portal calls "Speelplek" or "Speelplaatsen".
Three kinds of match, tried in this order so that exact words come first:

1. **words**: every typed word is a word of the title or tags (diacritics folded);
2. **word forms**: every typed word has the same Dutch stem as a word of the title or tags
   (snowballstemmer's Dutch algorithm: "speelplekken" and "speelplek" are both "speelplek",
   "bomen" and "boom" both "boom"); the stems are kept in the column ``catalogue.stems``;
3. **compounds and half-typed words**: every typed word is the start of a word, or shares its
   first part (the first :data:`FIRST_PART` letters) with one: "speelplekken" finds
   "Speelplaatsen" (FTS5 prefix queries, with a prefix index of that length);

then the same in the description, and failing all of that any one word. Within a kind, bm25
ranks with the title weighted highest. Every query goes through the FTS5 index
``catalogue_fts`` (migration 7), so a keystroke stays within a few milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .similar import STOPWORDS, fold

# bm25 column weights: title, notes, tags, organisation, stems
_WEIGHTS = "10.0, 1.0, 4.0, 0.5, 6.0"

# The shared first part of two compounds: Dutch compound heads are rarely shorter ("speel",
# "fiets", "parke"); shorter would let "bom" find "bommen" and "bomb".
FIRST_PART = 5


@dataclass(frozen=True)
class Package:
    id: str
    name: str
    title: str
    notes: str
    organisation: str
    url: str


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("dutch")


def words(text: str) -> list[str]:
    """The words of ``text`` that can reach an FTS MATCH: letters and digits only, folded, no
    filler words, each once. Quotes, colons or a lone "-" would otherwise be FTS syntax."""
    out = []
    for word in "".join(c if c.isalnum() else " " for c in fold(text)).split():
        if word not in STOPWORDS and word not in out:
            out.append(word)
    return out


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def stems(text: str) -> str:
    """The Dutch stems of the words of ``text``, space separated: what ``catalogue.stems``
    holds for a package's title and tags."""
    return " ".join(dict.fromkeys(stem(w) for w in words(text)))


def _quoted(term: str, prefix: bool = False) -> str:
    return f'"{term}"' + ("*" if prefix else "")


def _every(terms: list[str]) -> str:
    return " AND ".join(terms)


def expressions(text: str) -> list[str]:
    """The MATCH expressions, best kind first (see the module's docstring)."""
    typed = words(text)
    if not typed:
        return []
    exact = _every(_quoted(w) for w in typed)
    forms = _every(_quoted(stem(w)) for w in typed)
    starts = _every(f"({_quoted(w, True)} OR {_quoted(w[:FIRST_PART], True)})"
                    if len(w) > FIRST_PART else _quoted(w, True) for w in typed)
    found = [f"{{title tags}} : ({exact})", f"stems : ({forms})",
             f"{{title tags stems}} : ({starts})", f"notes : ({starts})"]
    if len(typed) > 1:
        found.append(" OR ".join(
            f"({_quoted(w, True)} OR stems : {_quoted(stem(w))})" for w in typed))
    return found


def search(store, text: str, *, limit: int = 5) -> list[Package]:
    """Packages matching ``text``, the best kind of match first (see the module's docstring).

    Each kind is one indexed query of at most ``limit`` rows; the next kind only fills up."""
    sql = f"""
        SELECT c.id, c.name, c.title, c.notes, c.organisation, c.url
        FROM catalogue_fts JOIN catalogue AS c ON c.rowid = catalogue_fts.rowid
        WHERE catalogue_fts MATCH ?
        ORDER BY bm25(catalogue_fts, {_WEIGHTS})
        LIMIT ?"""
    found: dict[str, dict] = {}
    kinds = expressions(text)
    for n, expression in enumerate(kinds):
        if len(found) >= limit or (n == 4 and found):  # any one word: only if nothing else
            break
        for row in store.query(sql, [expression, limit]):
            found.setdefault(row["id"], row)
    return [Package(**row) for row in list(found.values())[:limit]]
