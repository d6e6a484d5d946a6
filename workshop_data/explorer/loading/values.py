"""Guessing how values are written, from a sample of cells per column:
decimal and thousands separators, missing-value markers, the date format and
code columns whose leading zeros must be kept. Pure Python, no pandas.
"""

from __future__ import annotations

import re
from collections import Counter

from ...common.i18n import t, tn
from .table import DATE, MISSING, MISSING_MARKERS, NUMBER, cell_kind

_SIGN = "-+\u2212"
_COMMA_DEC = re.compile(r"^(?:\d+|\d{1,3}(?:\.\d{3})+),\d+$")
_POINT_DEC = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)\.\d+$")
# "1.234" / "1,234": a thousands group or three decimals - cannot tell alone
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
_DOT_GROUPS = re.compile(r"^\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$|^\d{1,3}(?:\.\d{3})+,\d+$")
_COMMA_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^\d{1,3}(?:,\d{3})+\.\d+$")
_SPACE_GROUPS = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$")

# (strptime format, regex for a whole cell, regex for a date inside text)
DATE_FORMATS = [
    ("%d-%m-%Y", r"\d{1,2}-\d{1,2}-\d{4}"),
    ("%d/%m/%Y", r"\d{1,2}/\d{1,2}/\d{4}"),
    ("%d.%m.%Y", r"\d{1,2}\.\d{1,2}\.\d{4}"),
    ("ISO8601", r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?"),
]
# any date at all, in one search: most cells (amounts, names) hold none, and then the
# formats need not be tried one by one
_ANY_DATE = re.compile("|".join(f"(?:{p})" for _, p in DATE_FORMATS))
_DATE_WHOLE = [(fmt, re.compile(p)) for fmt, p in DATE_FORMATS]
_DATE_INSIDE = [(fmt, re.compile(r"(?<!\d)" + p + r"(?!\d)")) for fmt, p in DATE_FORMATS]
DATE_NAMES = {"%d-%m-%Y": "dd-mm-yyyy", "%d/%m/%Y": "dd/mm/yyyy", "%d.%m.%Y": "dd.mm.yyyy",
              "%m-%d-%Y": "mm-dd-yyyy", "%m/%d/%Y": "mm/dd/yyyy", "ISO8601": "yyyy-mm-dd (ISO)"}


def _number_tokens(columns: dict[str, list]) -> list[str]:
    tokens = []
    for values in columns.values():
        for v in values:
            if isinstance(v, str) and cell_kind(v) == NUMBER:
                tokens.append(v.strip().lstrip(_SIGN))
    return tokens


def detect_number_format(columns: dict[str, list], delimiter: str | None,
                         default: str = ",") -> tuple[str, str, str, str]:
    """(decimal, thousands, reason for decimal, reason for thousands).
    `default` is used when no number shows its decimal mark."""
    tokens = _number_tokens(columns)
    comma = [t for t in tokens if _COMMA_DEC.match(t) and not _AMBIGUOUS.match(t)]
    point = [t for t in tokens if _POINT_DEC.match(t) and not _AMBIGUOUS.match(t)]
    ambiguous = [t for t in tokens if _AMBIGUOUS.match(t)]
    dots = [t for t in tokens if _DOT_GROUPS.match(t)]
    commas = [t for t in tokens if _COMMA_GROUPS.match(t)]
    spaces = [t for t in tokens if _SPACE_GROUPS.match(t)]

    def eg(items: list[str]) -> str:
        return ", ".join(repr(t) for t in list(dict.fromkeys(items))[:3])

    if len(comma) > len(point):
        decimal, why = ",", tn("loading.decimal.comma", len(comma), eg=eg(comma))
        if point:
            why += t("loading.decimal.against_point", count=len(point))
    elif point:
        decimal, why = ".", tn("loading.decimal.point", len(point), eg=eg(point))
        if comma:
            why += t("loading.decimal.against_comma", count=len(comma))
    elif dots or any("." in t for t in ambiguous):
        decimal, why = ",", t("loading.decimal.dot_groups", eg=eg(dots or ambiguous))
    elif commas or any("," in t for t in ambiguous):
        decimal, why = ".", t("loading.decimal.comma_groups", eg=eg(commas or ambiguous))
    elif delimiter == ",":
        decimal, why = ".", t("loading.decimal.comma_delimiter")
    elif delimiter is None:
        decimal, why = default, t("loading.decimal.default", mark=repr(default))
    else:
        decimal, why = ",", t("loading.decimal.dutch")

    if spaces:
        thousands, twhy = " ", tn("loading.thousands.spaces", len(spaces), eg=eg(spaces))
    elif decimal == "," and (dots or any("." in t for t in ambiguous)):
        found = dots or [t for t in ambiguous if "." in t]
        thousands, twhy = ".", tn("loading.thousands.mark", len(found), mark="'.'", eg=eg(found))
    elif decimal == "." and (commas or any("," in t for t in ambiguous)):
        found = commas or [t for t in ambiguous if "," in t]
        thousands, twhy = ",", tn("loading.thousands.mark", len(found), mark="','", eg=eg(found))
    else:
        thousands, twhy = "", t("loading.thousands.none")
    return decimal, thousands, why, twhy


def detect_markers(columns: dict[str, list]) -> tuple[list[str], str]:
    """Missing-value markers found in columns that otherwise hold numbers or
    dates, most frequent first, and a sentence saying where."""
    found: Counter = Counter()
    where: dict[str, set[str]] = {}
    for name, values in columns.items():
        kinds = [cell_kind(v) for v in values]
        if sum(k in (NUMBER, DATE) for k in kinds) == 0:
            continue  # a text column: "-" or "x" may be real values there
        for v, k in zip(values, kinds):
            if k == MISSING:
                marker = v.strip()
                found[marker] += 1
                where.setdefault(marker, set()).add(name)
    if not found:
        return [], t("loading.markers.none")
    parts = []
    for marker, n in found.most_common():
        cols = sorted(where[marker])
        shown = ", ".join(repr(c) for c in cols[:2]) + (t("loading.more", count=len(cols) - 2) if len(cols) > 2 else "")
        parts.append(t("loading.markers.one", marker=repr(marker), count=n, columns=shown))
    return [m for m, _ in found.most_common()], t("loading.markers.found", parts="; ".join(parts))


def detect_date_format(columns: dict[str, list]) -> tuple[str, str, list[str]]:
    """(format or "", reason, notes). Dates filling a whole cell decide;
    dates inside longer text (ranges such as "03-01-2011 t/m 31-01-2011")
    only decide when there are no whole-cell dates."""
    whole: Counter = Counter()
    inside: Counter = Counter()
    inside_cols: dict[str, set[str]] = {}
    firsts: dict[str, list[int]] = {}
    for name, values in columns.items():
        for v in values:
            if not isinstance(v, str):
                continue
            text = v.strip()
            if len(text) < 8 or not _ANY_DATE.search(text):
                continue  # (every date format has a 4-digit year: 8 characters at least)
            for (fmt, whole_re), (_, inside_re) in zip(_DATE_WHOLE, _DATE_INSIDE):
                if whole_re.fullmatch(text):
                    whole[fmt] += 1
                    if fmt != "ISO8601":
                        a, b = re.split(r"[-/.]", text)[:2]
                        firsts.setdefault(fmt, []).append(int(a))
                        firsts.setdefault(fmt + "m", []).append(int(b))
                    break
                hits = inside_re.findall(text)
                if hits:
                    inside[fmt] += len(hits)
                    inside_cols.setdefault(fmt, set()).add(name)
    notes = []
    for fmt, n in inside.items():
        cols = ", ".join(repr(c) for c in sorted(inside_cols[fmt])[:3])
        notes.append(t("loading.dates.inside", count=n, format=DATE_NAMES[fmt], columns=cols))
    if whole:
        fmt, n = whole.most_common(1)[0]
        # month-first only when the first number is never above 12 but the second is
        if fmt in ("%d-%m-%Y", "%d/%m/%Y") and max(firsts.get(fmt, [0])) <= 12 < max(firsts.get(fmt + "m", [0])):
            fmt = fmt.replace("%d", "%D").replace("%m", "%d").replace("%D", "%m")
        return fmt, tn("loading.dates.cells", n, format=DATE_NAMES[fmt]), notes
    if inside:
        # no column would be typed as dates: claiming a format would mislead
        fmt, n = inside.most_common(1)[0]
        return "", t("loading.dates.only_inside", count=n, format=DATE_NAMES[fmt]), notes
    return "", t("loading.dates.none"), notes


_DOTTED_CODE = re.compile(r"^[-+]?0\d+[.,]\d+$")
_DOTTED = re.compile(r"^[-+]?\d+[.,]\d+$")


def _padded_share(columns: dict[str, list]) -> float:
    """Share of the columns whose values come padded with spaces."""
    padded = total = 0
    for values in columns.values():
        head = [v for v in values[:50] if isinstance(v, str) and v.strip()]
        if head:
            total += 1
            padded += any(v[:1] == " " or v[-1:] == " " for v in head)
    return padded / total if total else 0.0


def _code_column(values: list, fixed_ok: bool) -> bool:
    """Digit strings with a leading zero, too long for a float, dotted with a
    leading zero ("03.11"), or padded to one width (" 637") - which change
    when written back as numbers."""
    found = code = False
    widths = set()
    padded = False
    for v in values:
        if not isinstance(v, str):
            continue
        text = v.strip()
        if not text or text in MISSING_MARKERS:
            continue
        if not (text.isascii() and text.isdigit()):
            if _DOTTED.match(text):  # "12.04" beside "03.11": the zero decides
                found = True
                code = code or bool(_DOTTED_CODE.match(text))
                continue
            return False
        found = True
        widths.add(len(v))
        padded = padded or v[:1] == " "
        code = code or (len(text) > 1 and text[0] == "0") or len(text) > 15
    if fixed_ok and padded and len(widths) == 1 and min(widths) >= 2:
        code = True
    return code and found


def detect_codes(columns: dict[str, list]) -> tuple[list[str], str]:
    """Columns of codes that must stay text (see _code_column): postcodes,
    CBS codes like "0344", neighbourhood codes like "03.11"."""
    fixed_ok = _padded_share(columns) <= 0.5  # padding everywhere is the system's habit
    codes = [name for name, values in columns.items() if _code_column(values, fixed_ok)]
    if not codes:
        return [], t("loading.codes.none")
    shown = ", ".join(repr(c) for c in codes[:5]) + (t("loading.more", count=len(codes) - 5) if len(codes) > 5 else "")
    return codes, t("loading.codes.found", columns=shown)
