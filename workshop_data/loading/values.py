"""Guessing how values are written, from a sample of cells per column:
decimal and thousands separators, missing-value markers, the date format and
code columns whose leading zeros must be kept. Pure Python, no pandas.
"""

from __future__ import annotations

import re
from collections import Counter

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
_HAS_YEAR = re.compile(r"\d{4}")
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
        decimal, why = ",", f"{len(comma)} numbers with a decimal comma (e.g. {eg(comma)})"
        if point:
            why += f" against {len(point)} with a decimal point"
    elif point:
        decimal, why = ".", f"{len(point)} numbers with a decimal point (e.g. {eg(point)})"
        if comma:
            why += f" against {len(comma)} with a decimal comma"
    elif dots or any("." in t for t in ambiguous):
        decimal, why = ",", "numbers such as " + eg(dots or ambiguous) + " use '.' between thousands"
    elif commas or any("," in t for t in ambiguous):
        decimal, why = ".", "numbers such as " + eg(commas or ambiguous) + " use ',' between thousands"
    elif delimiter == ",":
        decimal, why = ".", "no decimal numbers seen; ',' separates fields, so '.' is the decimal mark"
    elif delimiter is None:
        decimal, why = default, f"no decimal numbers written as text; {default!r} assumed"
    else:
        decimal, why = ",", "no decimal numbers seen; assuming the Dutch decimal comma"

    if spaces:
        thousands, twhy = " ", f"{len(spaces)} numbers grouped with spaces (e.g. {eg(spaces)})"
    elif decimal == "," and (dots or any("." in t for t in ambiguous)):
        found = dots or [t for t in ambiguous if "." in t]
        thousands, twhy = ".", f"{len(found)} numbers grouped with '.' (e.g. {eg(found)})"
    elif decimal == "." and (commas or any("," in t for t in ambiguous)):
        found = commas or [t for t in ambiguous if "," in t]
        thousands, twhy = ",", f"{len(found)} numbers grouped with ',' (e.g. {eg(found)})"
    else:
        thousands, twhy = "", "no thousands separators seen"
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
        return [], "no missing-value markers such as '.', '-' or 'NA' in numeric columns"
    parts = []
    for marker, n in found.most_common():
        cols = sorted(where[marker])
        shown = ", ".join(repr(c) for c in cols[:2]) + (f" and {len(cols) - 2} more" if len(cols) > 2 else "")
        parts.append(f"{marker!r} {n}\u00d7 (in {shown})")
    return [m for m, _ in found.most_common()], "missing-value markers: " + "; ".join(parts)


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
            if len(text) < 8 or not _HAS_YEAR.search(text):
                continue  # every date format has a 4-digit year
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
        notes.append(f"{n} {DATE_NAMES[fmt]} dates inside longer text in {cols} "
                     f"(e.g. date ranges); those cells stay text")
    if whole:
        fmt, n = whole.most_common(1)[0]
        # month-first only when the first number is never above 12 but the second is
        if fmt in ("%d-%m-%Y", "%d/%m/%Y") and max(firsts.get(fmt, [0])) <= 12 < max(firsts.get(fmt + "m", [0])):
            fmt = fmt.replace("%d", "%D").replace("%m", "%d").replace("%D", "%m")
        return fmt, f"{n} cells hold a {DATE_NAMES[fmt]} date", notes
    if inside:
        # no column would be typed as dates: claiming a format would mislead
        fmt, n = inside.most_common(1)[0]
        return "", f"no cell is a date by itself ({n} {DATE_NAMES[fmt]} dates only inside text)", notes
    return "", "no dates seen", notes


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
        return [], "no code columns with leading zeros"
    shown = ", ".join(repr(c) for c in codes[:5]) + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")
    return codes, f"kept as text because of leading zeros or a fixed width: {shown}"
