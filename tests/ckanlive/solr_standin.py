#!/usr/bin/env python3
"""A stdlib-only stand-in for the Solr endpoints CKAN 2.12 calls (via pysolr).

Solr cannot be installed on the project's machines, and CKAN 2.11/2.12 cannot
run without a search index (every dataset write indexes before the database
commit).  This server answers the requests CKAN makes, keeping the documents
in memory keyed by ``index_id``:

* ``GET  /solr/<core>/admin/ping``
* ``GET  /solr/<core>/schema?wt=schema.xml`` and ``/admin/file/?file=schema.xml``
  (``<schema name="ckan-2.12" version="1.6">`` with ``<uniqueKey>index_id``)
* ``GET|POST /solr/<core>/select`` with ``q``, repeated ``fq``, ``fl``, ``rows``,
  ``start``, ``sort``, ``facet``/``facet.field``/``facet.limit``/
  ``facet.mincount``, ``defType`` (lucene, dismax, edismax), ``qf``, ``mm``,
  ``df``, ``q.op``; a form-encoded POST is accepted as well as a GET.
* ``POST /solr/<core>/update`` with a JSON list of documents, a JSON command
  object, or XML ``<add>``, ``<delete><id>/<query>``, ``<commit/>``.

The query support is a small Lucene-syntax evaluator: ``field:value``,
``+field:"phrase"``, ``-field:x``, ``field:(a OR b)``, ``AND``/``OR``/``NOT``,
``*:*``, ``field:*``, wildcards, ``[a TO b]`` ranges, free text over the
catch-all ``text`` field (the schema's copyFields), and dismax over ``qf``
with ``mm``.  Text fields are tokenised, lower-cased, ASCII-folded and lightly
stemmed; string fields match exactly.  Scores are simple term-match counts
times boosts, enough for ``sort=score desc, metadata_modified desc``.

Everything visible at once (every update behaves as committed).  Nothing is
persisted: the harness re-indexes from CKAN's database when it starts a fresh
stand-in.

Run: ``python tests/ckanlive/solr_standin.py --port 8983 [--host 127.0.0.1]``
"""
from __future__ import annotations

import argparse
import datetime as _dt
import fnmatch
import itertools
import json
import re
import sys
import threading
import time
import unicodedata
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SCHEMA_NAME = "ckan-2.12"
SCHEMA_VERSION = "1.6"
UNIQUE_KEY = "index_id"

# --------------------------------------------------------------------------
# Schema (mirrors ckan/config/solr/schema.xml of CKAN 2.12)
# --------------------------------------------------------------------------
# name -> (type, stored, multiValued)
FIELDS: dict[str, tuple[str, bool, bool]] = {
    "index_id": ("string", True, False),
    "id": ("string", True, False),
    "site_id": ("string", True, False),
    "title": ("text", True, False),
    "title_ngram": ("text_ngram", True, False),
    "entity_type": ("string", True, False),
    "dataset_type": ("string", True, False),
    "state": ("string", True, False),
    "name": ("string", True, False),
    "name_ngram": ("text_ngram", True, False),
    "revision_id": ("string", True, False),
    "version": ("string", True, False),
    "url": ("string", True, False),
    "ckan_url": ("string", True, False),
    "download_url": ("string", True, False),
    "notes": ("text", True, False),
    "author": ("text_general", True, False),
    "author_email": ("text_general", True, False),
    "maintainer": ("text_general", True, False),
    "maintainer_email": ("text_general", True, False),
    "license": ("string", True, False),
    "license_id": ("string", True, False),
    "tags": ("string", True, True),
    "groups": ("string", True, True),
    "organization": ("string", True, False),
    "capacity": ("string", True, False),
    "permission_labels": ("string", False, True),
    "res_name": ("text_general", True, True),
    "res_description": ("text_general", True, True),
    "res_format": ("string", True, True),
    "res_url": ("string", True, True),
    "res_type": ("string", True, True),
    "text": ("text", False, True),
    "urls": ("text", False, True),
    "depends_on": ("text", False, True),
    "dependency_of": ("text", False, True),
    "derives_from": ("text", False, True),
    "has_derivation": ("text", False, True),
    "links_to": ("text", False, True),
    "linked_from": ("text", False, True),
    "child_of": ("text", False, True),
    "parent_of": ("text", False, True),
    "views_total": ("int", False, False),
    "views_recent": ("int", False, False),
    "resources_accessed_total": ("int", False, False),
    "resources_accessed_recent": ("int", False, False),
    "metadata_created": ("date", True, False),
    "metadata_modified": ("date", True, False),
    "indexed_ts": ("date", True, False),
    "title_string": ("string", False, False),
    "data_dict": ("string", True, False),
    "validated_data_dict": ("string", True, False),
    "_version_": ("string", True, False),
}
# (pattern, type, stored, multiValued), first match wins, like Solr
DYNAMIC_FIELDS = [
    ("*_date", "date", True, False),
    ("extras_*", "text", True, False),
    ("res_extras_*", "text", True, True),
    ("vocab_*", "string", True, True),
    ("*", "string", False, False),
]
# copyField sources of the catch-all fields (dest -> sources; globs allowed)
COPY_FIELDS = {
    "urls": ["url", "ckan_url", "download_url", "res_url"],
    "title_ngram": ["title"],
    "name_ngram": ["name"],
    "text": ["extras_*", "res_extras_*", "vocab_*", "urls", "name", "title",
             "text", "license", "notes", "tags", "groups", "organization",
             "res_name", "res_description", "maintainer", "author"],
}


def field_info(name: str) -> tuple[str, bool, bool]:
    if name in FIELDS:
        return FIELDS[name]
    for pattern, ftype, stored, multi in DYNAMIC_FIELDS:
        if fnmatch.fnmatchcase(name, pattern):
            return ftype, stored, multi
    return "string", False, False


def schema_xml() -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8" ?>',
        f'<schema name="{SCHEMA_NAME}" version="{SCHEMA_VERSION}">',
        "<types>",
    ]
    for t, cls in (("string", "solr.StrField"), ("boolean", "solr.BoolField"),
                   ("int", "solr.IntPointField"), ("date", "solr.DatePointField"),
                   ("text", "solr.TextField"), ("text_general", "solr.TextField"),
                   ("text_ngram", "solr.TextField")):
        lines.append(f'    <fieldType name="{t}" class="{cls}"/>')
    lines += ["</types>", "<fields>"]
    for name, (ftype, stored, multi) in FIELDS.items():
        lines.append(
            f'    <field name="{name}" type="{ftype}" indexed="true" '
            f'stored="{str(stored).lower()}" multiValued="{str(multi).lower()}"/>')
    for pattern, ftype, stored, multi in DYNAMIC_FIELDS:
        lines.append(
            f'    <dynamicField name="{pattern}" type="{ftype}" indexed="true" '
            f'stored="{str(stored).lower()}" multiValued="{str(multi).lower()}"/>')
    lines += ["</fields>", f"<uniqueKey>{UNIQUE_KEY}</uniqueKey>"]
    for dest, sources in COPY_FIELDS.items():
        for src in sources:
            lines.append(f'<copyField source="{src}" dest="{dest}"/>')
    lines.append("</schema>")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Analysis
# --------------------------------------------------------------------------
_WORD_RE = re.compile(r"[^\W_]+")
_CASE_SPLIT_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\d_a-zA-Z]+")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def _stem(tok: str) -> str:
    """A deliberately small English stemmer (plurals and a few endings)."""
    if len(tok) <= 3 or tok.isdigit():
        return tok
    if tok.endswith("ies") and len(tok) > 4:
        return tok[:-3] + "y"
    if tok.endswith(("sses", "xes", "ches", "shes", "zes")):
        return tok[:-2]
    if tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
        return tok[:-1]
    return tok


def analyze(value: str, ftype: str, query: bool = False) -> list[str]:
    """Tokens of a text value, roughly like CKAN's text / text_general types."""
    out: list[str] = []
    for word in str(value).split():
        parts: list[str] = []
        for chunk in _WORD_RE.findall(word):
            if ftype == "text":  # splitOnCaseChange=1, letter/digit split
                parts.extend(_CASE_SPLIT_RE.findall(chunk) or [chunk])
            else:
                parts.append(chunk)
        toks = [p.lower() for p in parts if p]
        if not query and len(toks) > 1:
            toks.append("".join(toks))  # catenateWords at index time
        for t in toks:
            t = _fold(t)
            if ftype == "text":
                t = _stem(t)
            out.append(t)
    return out


def _as_list(v) -> list:
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return [x for x in v if x is not None]
    return [v]


def _as_str(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


_DATE_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?Z?$")


def _parse_date(s: str) -> _dt.datetime | None:
    s = s.strip()
    if s.upper().startswith("NOW"):
        return _date_math(s[3:], _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None))
    m = _DATE_RE.match(s)
    if not m:
        return None
    y, mo, d, h, mi, se, frac = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    return _dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0),
                        int(se or 0), micro)


_UNITS = {"YEAR": "years", "YEARS": "years", "MONTH": "months", "MONTHS": "months",
          "DAY": "days", "DAYS": "days", "DATE": "days", "HOUR": "hours",
          "HOURS": "hours", "MINUTE": "minutes", "MINUTES": "minutes",
          "SECOND": "seconds", "SECONDS": "seconds"}


def _date_math(expr: str, base: _dt.datetime) -> _dt.datetime | None:
    for op, num, unit in re.findall(r"([+\-/])(\d*)([A-Z]+)", expr.upper()):
        u = _UNITS.get(unit)
        if u is None:
            return None
        if op == "/":
            if u == "years":
                base = base.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
            elif u == "months":
                base = base.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            elif u == "days":
                base = base.replace(hour=0, minute=0, second=0, microsecond=0)
            elif u == "hours":
                base = base.replace(minute=0, second=0, microsecond=0)
            elif u == "minutes":
                base = base.replace(second=0, microsecond=0)
            continue
        n = int(num or 1) * (1 if op == "+" else -1)
        if u == "years":
            base = base.replace(year=base.year + n)
        elif u == "months":
            m = base.month - 1 + n
            base = base.replace(year=base.year + m // 12, month=m % 12 + 1)
        else:
            base = base + _dt.timedelta(**{u: n})
    return base


class SolrError(Exception):
    def __init__(self, msg: str, code: int = 400):
        super().__init__(msg)
        self.code = code


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------
class Doc:
    """A stored document plus lazily computed analysed fields."""

    def __init__(self, data: dict):
        self.data = data
        self._tokens: dict[str, list[list[str]]] = {}

    def raw_values(self, field: str) -> list:
        if field in COPY_FIELDS:
            vals = list(_as_list(self.data.get(field)))
            for src in COPY_FIELDS[field]:
                if "*" in src:
                    for k in self.data:
                        if fnmatch.fnmatchcase(k, src):
                            vals.extend(_as_list(self.data[k]))
                elif src != field:
                    vals.extend(self.raw_values(src))
            return vals
        return _as_list(self.data.get(field))

    def token_lists(self, field: str, ftype: str) -> list[list[str]]:
        key = field
        if key not in self._tokens:
            self._tokens[key] = [analyze(_as_str(v), ftype) for v in self.raw_values(field)]
        return self._tokens[key]


# --------------------------------------------------------------------------
# Query parsing (Lucene classic syntax, the part CKAN and its users send)
# --------------------------------------------------------------------------
MUST, SHOULD, MUST_NOT = "MUST", "SHOULD", "MUST_NOT"
_SPECIAL = set(' \t\r\n\u3000()[]{}":^~')


class Term:
    """A term or phrase on a field (field None = the default field(s))."""

    def __init__(self, field, text, phrase=False, wildcard=None):
        self.field, self.text, self.phrase, self.wildcard = field, text, phrase, wildcard

    def __repr__(self):
        return f"Term({self.field}:{self.text!r}{' phrase' if self.phrase else ''})"


class Range:
    def __init__(self, field, lo, hi, lo_incl, hi_incl):
        self.field, self.lo, self.hi, self.lo_incl, self.hi_incl = field, lo, hi, lo_incl, hi_incl


class MatchAll:
    pass


class Bool:
    def __init__(self, clauses):
        self.clauses = clauses  # list of [occur, node]


class Parser:
    def __init__(self, text: str, default_fields, default_op: str = "AND"):
        self.s = text
        self.i = 0
        self.default_fields = default_fields  # list of (field, boost)
        self.op_and = default_op.upper() == "AND"

    def error(self, msg):
        raise SolrError(f"org.apache.solr.search.SyntaxError: Cannot parse '{self.s}': {msg}")

    def skip_ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\r\n\u3000":
            self.i += 1

    def peek_word(self, word) -> bool:
        j = self.i + len(word)
        return (self.s.startswith(word, self.i)
                and (j >= len(self.s) or self.s[j] in " \t\r\n(\"" or word in ("&&", "||")))

    def parse(self):
        node = self.parse_query(field=None)
        self.skip_ws()
        if self.i < len(self.s):
            self.error(f"unexpected '{self.s[self.i]}' at position {self.i}")
        return node

    def parse_query(self, field, closing=None):
        clauses: list[list] = []
        while True:
            self.skip_ws()
            if self.i >= len(self.s):
                break
            if closing and self.s[self.i] == closing:
                break
            conj = None
            if self.peek_word("AND") or self.peek_word("&&"):
                conj = "AND"
                self.i += 3 if self.s[self.i] == "A" else 2
            elif self.peek_word("OR") or self.peek_word("||"):
                conj = "OR"
                self.i += 2
            self.skip_ws()
            mods = None
            if self.i < len(self.s) and self.s[self.i] in "+-!":
                mods = "REQ" if self.s[self.i] == "+" else "NOT"
                self.i += 1
            elif self.peek_word("NOT"):
                mods = "NOT"
                self.i += 3
            self.skip_ws()
            if self.i >= len(self.s):
                self.error("unexpected end of query")
            node = self.parse_clause(field)
            self.add_clause(clauses, conj, mods, node)
        if not clauses:
            return Bool([])
        if len(clauses) == 1 and clauses[0][0] != MUST_NOT:
            return clauses[0][1]
        return Bool(clauses)

    def add_clause(self, clauses, conj, mods, node):
        # Lucene's QueryParserBase.addClause
        if clauses and conj == "AND" and clauses[-1][0] != MUST_NOT:
            clauses[-1][0] = MUST
        if clauses and self.op_and and conj == "OR" and clauses[-1][0] != MUST_NOT:
            clauses[-1][0] = SHOULD
        prohibited = mods == "NOT"
        if self.op_and:
            required = not prohibited and conj != "OR"
        else:
            required = mods == "REQ" or (conj == "AND" and not prohibited)
        clauses.append([MUST_NOT if prohibited else (MUST if required else SHOULD), node])

    def parse_clause(self, field):
        s = self.s
        if s[self.i] == "(":
            self.i += 1
            node = self.parse_query(field, closing=")")
            self.expect(")")
            self.skip_boost()
            return node
        if s[self.i] in "[{":
            return self.parse_range(field)
        if s[self.i] == '"':
            text = self.read_quoted()
            self.skip_boost()
            return Term(field, text, phrase=True)
        text, wildcard = self.read_term()
        if self.i < len(s) and s[self.i] == ":" and field is None:
            self.i += 1
            fname = text
            if not fname:
                self.error(f"empty field name at position {self.i - 1}")
            if self.i >= len(s):
                self.error("missing value after field")
            if fname == "*":
                if s[self.i] == "*":
                    self.i += 1
                    self.skip_boost()
                    return MatchAll()
                self.error("'*' is only valid as '*:*'")
            c = s[self.i]
            if c == "(":
                self.i += 1
                node = self.parse_query(fname, closing=")")
                self.expect(")")
                self.skip_boost()
                return node
            if c in "[{":
                return self.parse_range(fname)
            if c == '"':
                text2 = self.read_quoted()
                self.skip_boost()
                return Term(fname, text2, phrase=True)
            text2, wildcard2 = self.read_term()
            if text2 == "" and wildcard2 is None:
                self.error(f"missing value for field {fname}")
            self.skip_boost()
            return Term(fname, text2, wildcard=wildcard2)
        if text == "" and wildcard is None:
            self.error(f"unexpected '{s[self.i] if self.i < len(s) else 'EOF'}'")
        self.skip_boost()
        return Term(field, text, wildcard=wildcard)

    def expect(self, ch):
        self.skip_ws()
        if self.i >= len(self.s) or self.s[self.i] != ch:
            self.error(f"expected '{ch}'")
        self.i += 1

    def skip_boost(self):
        while self.i < len(self.s) and self.s[self.i] in "^~":
            self.i += 1
            while self.i < len(self.s) and (self.s[self.i].isdigit() or self.s[self.i] == "."):
                self.i += 1

    def read_quoted(self) -> str:
        assert self.s[self.i] == '"'
        self.i += 1
        out = []
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                out.append(self.s[self.i + 1])
                self.i += 2
                continue
            if c == '"':
                self.i += 1
                return "".join(out)
            out.append(c)
            self.i += 1
        self.error("unterminated phrase")

    def read_term(self):
        """Returns (unescaped text, regex for wildcards or None)."""
        out, rx, has_wild = [], [], False
        while self.i < len(self.s):
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                nxt = self.s[self.i + 1]
                out.append(nxt)
                rx.append(re.escape(nxt))
                self.i += 2
                continue
            if c in _SPECIAL:
                break
            if c in "*?":
                has_wild = True
                rx.append(".*" if c == "*" else ".")
            else:
                rx.append(re.escape(c))
            out.append(c)
            self.i += 1
        return "".join(out), (re.compile("^" + "".join(rx) + "$", re.S) if has_wild else None)

    def parse_range(self, field):
        lo_incl = self.s[self.i] == "["
        self.i += 1
        self.skip_ws()
        lo = self.read_quoted() if self.s[self.i:self.i + 1] == '"' else self.read_range_term()
        self.skip_ws()
        if not self.s.startswith("TO", self.i):
            self.error("expected TO in range")
        self.i += 2
        self.skip_ws()
        hi = self.read_quoted() if self.s[self.i:self.i + 1] == '"' else self.read_range_term()
        self.skip_ws()
        if self.i >= len(self.s) or self.s[self.i] not in "]}":
            self.error("unterminated range")
        hi_incl = self.s[self.i] == "]"
        self.i += 1
        self.skip_boost()
        if field is None:
            field = self.default_fields[0][0]
        return Range(field, lo, hi, lo_incl, hi_incl)

    def read_range_term(self) -> str:
        out = []
        while self.i < len(self.s) and self.s[self.i] not in " \t\r\n]}":
            c = self.s[self.i]
            if c == "\\" and self.i + 1 < len(self.s):
                out.append(self.s[self.i + 1])
                self.i += 2
                continue
            out.append(c)
            self.i += 1
        return "".join(out)


def parse_dismax(q: str):
    """Dismax 'simple' syntax: terms, "phrases", +required, -prohibited."""
    clauses = []
    for m in re.finditer(r'([+\-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))', q):
        mod, phrase, term = m.groups()
        if phrase is not None:
            node = Term(None, re.sub(r"\\(.)", r"\1", phrase), phrase=True)
        else:
            term = re.sub(r"\\(.)", r"\1", term)
            if term in ("AND", "OR", "NOT", "&&", "||"):
                continue
            node = Term(None, term)
        occur = MUST if mod == "+" else MUST_NOT if mod == "-" else SHOULD
        clauses.append([occur, node])
    return clauses


def mm_required(mm: str, n: int) -> int:
    """Number of optional clauses that must match for a dismax 'mm' spec."""
    mm = (mm or "100%").strip()

    def one(spec: str) -> int:
        spec = spec.strip()
        if spec.endswith("%"):
            pct = int(spec[:-1])
            v = int(n * abs(pct) / 100)
            return n - v if pct < 0 else v
        v = int(spec)
        return n + v if v < 0 else v

    if "<" not in mm:
        r = one(mm)
    else:
        r = n  # below the first threshold: all clauses are required
        for cond in mm.split():
            limit, spec = cond.split("<", 1)
            if n > int(limit):
                r = one(spec)
    return max(0, min(n, r))


def parse_fields_boosts(spec: str) -> list[tuple[str, float]]:
    out = []
    for part in (spec or "").replace(",", " ").split():
        name, _, boost = part.partition("^")
        out.append((name, float(boost) if boost else 1.0))
    return out


# --------------------------------------------------------------------------
# Evaluation: returns a score (> 0 matches) or 0.0 / None for no match
# --------------------------------------------------------------------------
def _field_type(field: str) -> str:
    return field_info(field)[0]


def match_term(doc: Doc, field: str, term: Term) -> bool:
    ftype = _field_type(field)
    if term.wildcard is not None and not term.phrase:
        if term.text == "*":  # field:* -> any value
            return bool(doc.raw_values(field))
        if ftype.startswith("text"):
            rx = re.compile(term.wildcard.pattern, re.S | re.I)
            return any(rx.match(t) for toks in doc.token_lists(field, ftype) for t in toks) or \
                any(rx.match(_as_str(v)) for v in doc.raw_values(field))
        return any(term.wildcard.match(_as_str(v)) for v in doc.raw_values(field))
    if ftype == "text_ngram":
        needle = term.text.lower()
        return any(needle in _as_str(v).lower() for v in doc.raw_values(field))
    if ftype in ("text", "text_general"):
        qtoks = analyze(term.text, ftype, query=True)
        if not qtoks:
            return False
        for toks in doc.token_lists(field, ftype):
            n = len(qtoks)
            for k in range(len(toks) - n + 1):
                if toks[k:k + n] == qtoks:
                    return True
        return False
    if ftype == "date":
        want = _parse_date(term.text)
        return any(_parse_date(_as_str(v)) == want for v in doc.raw_values(field)) if want else False
    if ftype == "int":
        return any(_as_str(v) == term.text.strip() for v in doc.raw_values(field))
    return any(_as_str(v) == term.text for v in doc.raw_values(field))


def _cmp_key(ftype: str, s: str):
    if ftype == "date":
        d = _parse_date(s)
        return d
    if ftype == "int":
        try:
            return float(s)
        except ValueError:
            return None
    return s


def match_range(doc: Doc, r: Range) -> bool:
    ftype = _field_type(r.field)
    lo = None if r.lo == "*" else _cmp_key(ftype, r.lo)
    hi = None if r.hi == "*" else _cmp_key(ftype, r.hi)
    for v in doc.raw_values(r.field):
        k = _cmp_key(ftype, _as_str(v))
        if k is None:
            continue
        try:
            if lo is not None and (k < lo or (k == lo and not r.lo_incl)):
                continue
            if hi is not None and (k > hi or (k == hi and not r.hi_incl)):
                continue
        except TypeError:
            continue
        return True
    return False


def evaluate(node, doc: Doc, default_fields) -> float:
    if isinstance(node, MatchAll):
        return 1.0
    if isinstance(node, Term):
        if node.field is not None:
            return 1.0 if match_term(doc, node.field, node) else 0.0
        best = 0.0
        for field, boost in default_fields:
            if match_term(doc, field, node):
                best = max(best, boost)
        return best
    if isinstance(node, Range):
        return 1.0 if match_range(doc, node) else 0.0
    if isinstance(node, Bool):
        score, has_must, should_hit, has_should = 0.0, False, False, False
        for occur, sub in node.clauses:
            s = evaluate(sub, doc, default_fields)
            if occur == MUST:
                has_must = True
                if s <= 0:
                    return 0.0
                score += s
            elif occur == MUST_NOT:
                if s > 0:
                    return 0.0
            else:
                has_should = True
                if s > 0:
                    should_hit = True
                    score += s
        if has_must or should_hit:
            return score or 1.0
        if not has_should:  # purely negative query: everything else matches
            return 1.0
        return 0.0
    raise SolrError(f"unsupported query node {node!r}", 500)


def evaluate_dismax(clauses, doc: Doc, qf, mm: str) -> float:
    score = 0.0
    optional = [c for c in clauses if c[0] == SHOULD]
    hits = 0
    for occur, term in clauses:
        best = 0.0
        for field, boost in qf:
            if match_term(doc, field, term):
                best = max(best, boost)
        if occur == MUST and best <= 0:
            return 0.0
        if occur == MUST_NOT and best > 0:
            return 0.0
        if occur == SHOULD and best > 0:
            hits += 1
        if occur != MUST_NOT:
            score += best
    if hits < mm_required(mm, len(optional)):
        return 0.0
    if not clauses or all(c[0] == MUST_NOT for c in clauses):
        return 0.0 if not clauses else 1.0
    return score or 1.0


# --------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------
class Index:
    def __init__(self):
        self.docs: dict[str, Doc] = {}
        self.lock = threading.RLock()
        self.version = itertools.count(int(time.time() * 1000) << 20)

    # ---- updates
    def add(self, doc: dict):
        if not isinstance(doc, dict):
            raise SolrError("Document must be a JSON object")
        doc = {k: v for k, v in doc.items() if v is not None}
        key = doc.get(UNIQUE_KEY)
        if key in (None, "", []):
            raise SolrError(f"Document is missing mandatory uniqueKey field: {UNIQUE_KEY}")
        for k, v in list(doc.items()):
            if isinstance(v, dict):
                raise SolrError(f"ERROR: [doc={key}] Unknown operation for the field {k}")
            multi = field_info(k)[2]
            if not multi and isinstance(v, list):
                if len(v) > 1:
                    raise SolrError(f"ERROR: [doc={key}] multiple values encountered for "
                                    f"non multiValued field {k}: {v!r}")
                doc[k] = v[0] if v else None
            elif multi and not isinstance(v, list):
                doc[k] = [v]
        doc.setdefault("indexed_ts", _dt.datetime.now(_dt.timezone.utc)
                       .strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")
        doc["_version_"] = next(self.version)
        with self.lock:
            self.docs[str(key)] = Doc(doc)

    def delete_ids(self, ids):
        with self.lock:
            for i in ids:
                self.docs.pop(str(i), None)

    def delete_query(self, q: str, params=None):
        node = Parser(q, [("text", 1.0)], "OR").parse()
        with self.lock:
            doomed = [k for k, d in self.docs.items() if evaluate(node, d, [("text", 1.0)]) > 0]
            for k in doomed:
                del self.docs[k]
        return len(doomed)

    # ---- search
    def select(self, params: list[tuple[str, str]]) -> dict:
        t0 = time.monotonic()
        p: dict[str, list[str]] = {}
        for k, v in params:
            p.setdefault(k, []).append(v)

        def one(key, default=None):
            vals = p.get(key)
            return vals[-1] if vals else default

        q = one("q", "") or ""
        deftype = (one("defType", "lucene") or "lucene").lower()
        q_op = one("q.op", "OR")
        df = one("df", "text")
        qf = parse_fields_boosts(one("qf", "")) or [(df, 1.0)]
        try:
            rows = int(one("rows", "10"))
            start = int(one("start", "0"))
        except ValueError as e:
            raise SolrError(f"Invalid rows/start: {e}")
        if rows < 0 or start < 0:
            raise SolrError("'start' and 'rows' must not be negative")

        # main query
        if q.strip() in ("", "*", "*:*") and deftype != "dismax":
            qmatch = lambda d: 1.0  # noqa: E731
        elif q.strip() in ("", "*:*"):
            qmatch = lambda d: 1.0  # noqa: E731 (dismax with q.alt semantics)
        elif deftype == "dismax":
            clauses = parse_dismax(q)
            mm = one("mm", "100%")
            qmatch = lambda d: evaluate_dismax(clauses, d, qf, mm)  # noqa: E731
        else:
            fields = qf if deftype == "edismax" else [(df, 1.0)]
            node = Parser(q, fields, "AND" if deftype == "edismax" else q_op).parse()
            qmatch = lambda d: evaluate(node, d, fields)  # noqa: E731

        fq_nodes = [Parser(fq, [(df, 1.0)], q_op).parse()
                    for fq in p.get("fq", []) if fq and fq.strip()]

        with self.lock:
            docs = list(self.docs.values())
        hits: list[tuple[float, Doc]] = []
        for d in docs:
            if any(evaluate(n, d, [(df, 1.0)]) <= 0 for n in fq_nodes):
                continue
            s = qmatch(d)
            if s > 0:
                hits.append((s, d))

        hits = self.sort(hits, one("sort", "score desc"))
        page = hits[start:start + rows]
        fl = self.parse_fl(p.get("fl", []))
        out_docs = [self.project(d, s, fl) for s, d in page]
        max_score = max((s for s, _ in hits), default=0.0)
        resp: dict = {
            "responseHeader": {
                "status": 0,
                "QTime": int((time.monotonic() - t0) * 1000),
                "params": {k: (v[0] if len(v) == 1 else v) for k, v in p.items()},
            },
            "response": {"numFound": len(hits), "start": start, "numFoundExact": True,
                         "docs": out_docs},
        }
        if fl is None or "score" in fl:
            resp["response"]["maxScore"] = max_score
        if (one("facet", "false") or "").lower() == "true":
            resp["facet_counts"] = self.facets(p, [d for _, d in hits], docs)
        return resp

    @staticmethod
    def parse_fl(fl_values):
        names = []
        for v in fl_values:
            names.extend(x for x in re.split(r"[\s,]+", v) if x)
        return names or None

    @staticmethod
    def project(doc: Doc, score: float, fl):
        data = doc.data
        if fl is None or "*" in fl:
            out = {k: v for k, v in data.items() if field_info(k)[1]}
        else:
            out = {}
        if fl is not None:
            for name in fl:
                if name in ("*", "score"):
                    continue
                if "*" in name:
                    out.update({k: v for k, v in data.items()
                                if fnmatch.fnmatchcase(k, name) and field_info(k)[1]})
                elif name in data and field_info(name)[1]:
                    out[name] = data[name]
            if "score" in fl:
                out["score"] = score
        return out

    @staticmethod
    def sort(hits, sort_spec: str):
        specs = []
        for part in (sort_spec or "").split(","):
            part = part.strip()
            if not part:
                continue
            bits = part.split()
            if len(bits) != 2 or bits[1].lower() not in ("asc", "desc"):
                raise SolrError(f"Can't determine a Sort Order (asc or desc) in sort spec "
                                f"'{part}', pos={len(bits)}")
            specs.append((bits[0], bits[1].lower() == "desc"))
        if not specs:
            specs = [("score", True)]
        # stable sorts, least significant key first; missing values sort last
        hits = list(hits)
        for field, desc in reversed(specs):
            if field == "score":
                hits.sort(key=lambda h: h[0], reverse=desc)
                continue
            ftype = _field_type(field)

            def key(h, field=field, ftype=ftype):
                vals = h[1].raw_values(field)
                if not vals:
                    return None
                k = _cmp_key(ftype, _as_str(vals[0]))
                return k

            present = [h for h in hits if key(h) is not None]
            missing = [h for h in hits if key(h) is None]
            try:
                present.sort(key=key, reverse=desc)
            except TypeError:
                present.sort(key=lambda h: _as_str(key(h)), reverse=desc)
            hits = present + missing
        return hits

    @staticmethod
    def facets(p, hit_docs: list[Doc], all_docs: list[Doc]) -> dict:
        def param(name, field, default):
            for key in (f"f.{field}.{name}", name):
                if p.get(key):
                    return p[key][-1]
            return default

        fields = []
        for v in p.get("facet.field", []):
            for f in re.split(r"[\s,]+", v):
                if f and f not in fields:
                    fields.append(f)
        out = {}
        for field in fields:
            limit = int(param("facet.limit", field, "100"))
            mincount = int(param("facet.mincount", field, "0"))
            ftype = _field_type(field)

            def values(d: Doc):
                if ftype in ("text", "text_general"):
                    return {t for toks in d.token_lists(field, ftype) for t in toks}
                return {_as_str(v) for v in d.raw_values(field)}

            counts: dict[str, int] = {}
            for d in hit_docs:
                for v in values(d):
                    counts[v] = counts.get(v, 0) + 1
            if mincount <= 0:
                for d in all_docs:
                    for v in values(d):
                        counts.setdefault(v, 0)
            items = [(v, c) for v, c in counts.items() if c >= mincount]
            sort = param("facet.sort", field, "count" if limit > 0 else "index")
            if sort == "index":
                items.sort(key=lambda vc: vc[0])
            else:
                items.sort(key=lambda vc: (-vc[1], vc[0]))
            if limit >= 0:
                items = items[:limit]
            flat: list = []
            for v, c in items:
                flat += [v, c]
            out[field] = flat
        return {"facet_queries": {}, "facet_fields": out, "facet_ranges": {},
                "facet_intervals": {}, "facet_heatmaps": {}}

    # ---- update message parsing
    def update(self, body: bytes, content_type: str, params) -> dict:
        t0 = time.monotonic()
        ctype = (content_type or "").split(";")[0].strip().lower()
        text = body.decode("utf-8") if body else ""
        stripped = text.lstrip()
        if not stripped:
            pass  # e.g. a bare ?commit=true
        elif ctype.endswith("json") or stripped[:1] in "[{":
            self.update_json(text)
        else:
            self.update_xml(text)
        return {"responseHeader": {"status": 0, "QTime": int((time.monotonic() - t0) * 1000)}}

    def update_json(self, text: str):
        try:
            data = json.loads(text, object_pairs_hook=lambda pairs: pairs)
        except ValueError as e:
            raise SolrError(f"Cannot parse provided JSON: {e}")

        def to_obj(x):
            if isinstance(x, list) and all(isinstance(i, tuple) and len(i) == 2 for i in x) and x:
                return {k: to_obj(v) for k, v in x}
            if isinstance(x, list):
                return [to_obj(i) for i in x]
            return x

        if isinstance(data, list) and not (data and all(isinstance(i, tuple) for i in data)):
            for doc in data:
                self.add(to_obj(doc))
            return
        for cmd, arg in data:  # command object; keys may repeat
            arg = to_obj(arg)
            if cmd == "add":
                self.add(arg.get("doc", arg) if isinstance(arg, dict) else arg)
            elif cmd == "delete":
                for item in (arg if isinstance(arg, list) else [arg]):
                    if isinstance(item, dict) and "query" in item:
                        self.delete_query(item["query"])
                    elif isinstance(item, dict) and "id" in item:
                        self.delete_ids([item["id"]])
                    else:
                        self.delete_ids([item])
            elif cmd in ("commit", "optimize", "rollback"):
                pass
            else:
                raise SolrError(f"Unknown command '{cmd}'")

    def update_xml(self, text: str):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            raise SolrError(f"Cannot parse provided XML: {e}")
        elems = [root] if root.tag != "update" else list(root)
        for el in elems:
            if el.tag == "add":
                for d in el.findall("doc"):
                    doc: dict = {}
                    for f in d.findall("field"):
                        name = f.get("name")
                        val = f.text or ""
                        if name in doc:
                            prev = doc[name]
                            doc[name] = (prev if isinstance(prev, list) else [prev]) + [val]
                        elif field_info(name)[2]:
                            doc[name] = [val]
                        else:
                            doc[name] = val
                    self.add(doc)
            elif el.tag == "delete":
                self.delete_ids([i.text for i in el.findall("id") if i.text])
                for qel in el.findall("query"):
                    self.delete_query(qel.text or "")
            elif el.tag in ("commit", "optimize", "rollback"):
                pass
            else:
                raise SolrError(f"Unexpected XML tag <{el.tag}>")


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------
INDEX = Index()
QUIET = False


class Handler(BaseHTTPRequestHandler):
    server_version = "datatrip-solr-standin/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        if not QUIET:
            sys.stderr.write("%s [solr-standin] %s\n" % (
                time.strftime("%Y-%m-%d %H:%M:%S"), fmt % args))

    def send(self, code: int, body, ctype="application/json; charset=utf-8"):
        if not isinstance(body, (bytes, str)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error_json(self, code: int, msg: str):
        self.send(code, {"responseHeader": {"status": code, "QTime": 0},
                         "error": {"msg": msg, "code": code}})

    def do_GET(self):
        self.dispatch(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.dispatch(body)

    def dispatch(self, body: bytes):
        url = urlsplit(self.path)
        params = parse_qsl(url.query, keep_blank_values=True)
        parts = [x for x in url.path.split("/") if x]
        try:
            if not parts or parts == ["solr"]:
                return self.send(200, {"status": "OK", "standin": True,
                                       "docs": len(INDEX.docs)})
            if parts[0] != "solr" or len(parts) < 3:
                return self.send_error_json(404, f"Not found: {url.path}")
            handler = "/".join(parts[2:])
            ctype = self.headers.get("Content-Type", "")
            if handler in ("select", "query"):
                if body and "x-www-form-urlencoded" in ctype:
                    params = params + parse_qsl(body.decode("utf-8"), keep_blank_values=True)
                return self.send(200, INDEX.select(params))
            if handler.startswith("update"):
                return self.send(200, INDEX.update(body, ctype, params))
            if handler == "admin/ping":
                return self.send(200, {"responseHeader": {"status": 0, "QTime": 0},
                                       "status": "OK"})
            if handler == "schema" or handler == "admin/file":
                want_xml = dict(params).get("wt") == "schema.xml" or handler == "admin/file"
                if want_xml:
                    return self.send(200, schema_xml(), "application/xml; charset=utf-8")
                return self.send(200, {"responseHeader": {"status": 0, "QTime": 0},
                                       "schema": {"name": SCHEMA_NAME,
                                                  "version": float(SCHEMA_VERSION),
                                                  "uniqueKey": UNIQUE_KEY}})
            if handler == "schema/uniquekey":
                return self.send(200, {"responseHeader": {"status": 0, "QTime": 0},
                                       "uniqueKey": UNIQUE_KEY})
            if handler == "schema/name":
                return self.send(200, {"responseHeader": {"status": 0, "QTime": 0},
                                       "name": SCHEMA_NAME})
            return self.send_error_json(404, f"Unknown handler: {handler}")
        except SolrError as e:
            self.log_message("error %s: %s", e.code, e)
            return self.send_error_json(e.code, str(e))
        except Exception as e:  # a bug here must surface in CKAN's log, not hang it
            self.log_message("internal error: %r", e)
            return self.send_error_json(500, f"stand-in internal error: {e!r}")


def make_server(host: str, port: int) -> ThreadingHTTPServer:
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    return ThreadingHTTPServer((host, port), Handler)


def main(argv=None) -> int:
    global QUIET
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8983)
    ap.add_argument("--quiet", action="store_true", help="do not log each request")
    args = ap.parse_args(argv)
    QUIET = args.quiet
    try:
        srv = make_server(args.host, args.port)
    except OSError as e:
        print(f"solr stand-in: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 2
    print(f"solr stand-in listening on http://{args.host}:{args.port}/solr/ckan "
          f"(schema {SCHEMA_NAME})", file=sys.stderr, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
