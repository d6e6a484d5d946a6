"""Turning text columns into numbers, dates or clean text.

CSV readers (and Excel cells typed as text) hand over strings such as
``"     1.0"``, ``"       ."``, ``"35,7"``, ``"13 562 940"`` or ``"0344"``.
Each column is stripped, missing markers become NaN, and the column becomes
numeric or a date when (nearly) all its values parse; codes with leading
zeros stay text. pandas is imported inside the functions on purpose.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field

from ...common.i18n import t, tn
from . import sentinels
from .arrowtext import arrow_text, value_counts
from .dates import parse_dates
from .table import DATE, MISSING, NUMBER, cell_kind

# Kinds a column ends up with (the profile reports the same names).
INTEGER, DECIMAL, DATE_KIND, TEXT, CODE, BOOLEAN = "integer", "decimal", "date", "text", "code", "boolean"


@dataclass
class Rules:
    """The options that matter per column (a slice of LoadOptions)."""

    decimal: str = ","
    thousands: str = ""
    na_values: list[str] = field(default_factory=list)
    date_format: str = ""
    text_columns: list[str] | None = None  # None: find codes automatically
    # "treat as number": these columns become numbers, whatever does not
    # parse becomes missing (and is listed in the warnings)
    number_columns: list[str] = field(default_factory=list)
    tolerance: float = 0.0
    # Speed-ups for big files that the CSV loader can vouch for: no value has
    # spaces around it, and the parser already turned na_values into NaN.
    strip: bool = True
    parsed_na: bool = False
    # The exporting system pads every value (KNMI, StatLine): then padding
    # says nothing about one column. Else a padded fixed-width column of
    # digits (" 637", "1641") is a code whose width matters.
    padding_habit: bool = False
    # JSON and GeoJSON: a value the file writes as a string stays a string
    # unless every value of the column reads back the same as a number
    exact_text: bool = False


@dataclass
class Converted:
    series: object  # pd.Series
    kind: str
    warnings: list[str] = field(default_factory=list)


def _numeric_kind(s) -> str:
    import pandas as pd

    if pd.api.types.is_bool_dtype(s):
        return BOOLEAN
    if pd.api.types.is_integer_dtype(s):
        return INTEGER
    # integers with gaps arrive as float64 (NaN has no int); still integers.
    # Decimals show in the first values: looked for there before the whole
    # column is copied without its gaps
    head = s.iloc[:1000].dropna().to_numpy()
    if len(head) and not bool((head % 1 == 0).all()):
        return DECIMAL
    values = s.dropna().to_numpy()
    return INTEGER if len(values) and bool((values % 1 == 0).all()) else DECIMAL


def _describe_bad(values, name: str, what: str) -> str:
    counts = value_counts(values)
    shown = ", ".join(f"{v!r} ({n}\u00d7)" for v, n in counts.head(5).items())
    more = t("loading.other_values", count=len(counts) - 5) if len(counts) > 5 else ""
    key = "loading.convert.set_missing_dates" if what == "dates" else "loading.convert.set_missing"
    return tn(key, int(counts.sum()), column=repr(name), values=shown + more)


# A column with at most this share of values that are not numbers stays
# text with a warning that says so (nothing a file holds is lost on reading);
# above it, the column is simply text.
KEPT_SHARE = 0.2


def _describe_kept(values, name: str) -> str:
    counts = value_counts(values)
    shown = ", ".join(f"{v!r} ({n}\u00d7)" for v, n in counts.head(5).items())
    more = t("loading.other_values", count=len(counts) - 5) if len(counts) > 5 else ""
    return tn("loading.convert.stays_text", int(counts.sum()), column=repr(name), values=shown + more)


def _is_text(s) -> bool:
    """Text as pandas holds it: Python strings, its string dtype, or a categorical of them
    (a big file's column of few distinct values)."""
    return s.dtype == object or str(s.dtype).startswith(("str", "string", "category"))


def _fixed_width(raw) -> bool:
    """Digits right-aligned with spaces to one width (" 637", "   3", "1641")."""
    if str(raw.dtype) == "category":
        raw = raw.cat.categories.to_series()  # the same test, on each value once
    if _is_text(raw):
        present = raw.dropna()
        if len(present) < 2 or not bool(present.str.startswith(" ").any()):
            return False
        lengths = present.str.len()
        return (int(lengths.min()) == int(lengths.max()) >= 2
                and bool(present.str.fullmatch(r" *\d+").all()))
    return False


def _round_trips(texts, numbers, rules: Rules) -> bool:
    """Every text is exactly how its number would be written in the file's
    style ("7", "3.5", "12,5"; not "3.10" or "007")."""
    if len(texts) != len(numbers):
        return False
    written = []
    for text in texts.tolist():
        if rules.thousands:
            text = text.replace(rules.thousands, "")
        written.append((text.replace(",", ".") if rules.decimal == "," else text).lstrip("+"))
    back = [str(int(n)) if float(n).is_integer() and "." not in w and "e" not in w.lower() else repr(float(n))
            for w, n in zip(written, numbers.tolist())]
    return back == written


def padding_habit(frame) -> bool:
    """Are most text columns padded with spaces (a fixed-width export)?"""
    padded = total = 0
    for name in frame.columns:
        s = frame[name]
        if not _is_text(s):
            continue
        head = [v for v in s.head(50).tolist() if isinstance(v, str) and v.strip()]
        if head:
            total += 1
            padded += any(v[:1] == " " or v[-1:] == " " for v in head)
    return total > 0 and padded > total / 2


def _looks(values, kinds: tuple[str, ...]) -> bool:
    """Quick look at the first 200 values before an expensive full parse."""
    head = [v for v in values.head(200).tolist() if v is not None]
    if not head:
        return False
    hits = sum(cell_kind(v) in kinds + (MISSING,) for v in head)
    return hits >= 0.5 * len(head)


def _all_digits(values) -> bool:
    """Every value is a string of digits (first a cheap look at the head)."""
    if not len(values) or not all(isinstance(v, str) and v.isdigit() for v in values.head(50).tolist()):
        return False
    return bool(values.str.fullmatch(r"\d+").all())


_NUMBER_PATTERN = r"^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|(?i:inf|infinity))$"


def _to_numbers_arrow(s, text, rules: Rules):
    """_to_numbers for Arrow-backed text, in Arrow's compute kernels: a
    million values in a few hundredths of a second instead of a second.
    A clean column is cast at once; one with odd values goes through a
    pattern that marks them, as pd.to_numeric(errors="coerce") would."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    norm = text
    if rules.thousands == " ":
        norm = pc.replace_substring_regex(norm, "[\\s\u00a0\u202f]", "")
    elif rules.thousands:
        norm = pc.replace_substring(norm, rules.thousands, "")
    # with a decimal comma a '.' may only group thousands: such values are odd
    dots = rules.decimal == "," and rules.thousands != "." and pc.any(pc.match_substring(text, ".")).as_py()
    if rules.decimal == ",":
        norm = pc.replace_substring(norm, ",", ".")
    # Arrow's casts read "0x1F" as hexadecimal, which no file means and pandas does not read:
    # such a column takes the checked way below
    hexadecimal = pc.any(pc.match_substring(norm, "x", ignore_case=True)).as_py()
    if not dots and not hexadecimal:
        # (a failing cast to int64 costs a second per million values: only
        # try it when no value has a decimal point)
        if not pc.any(pc.match_substring(norm, ".")).as_py():
            try:
                whole = pc.cast(norm, pa.int64())
                if not whole.null_count:
                    return pd.Series(whole.to_numpy(), index=s.index), pd.Series(False, index=s.index)
            except pa.ArrowInvalid:
                pass
        try:
            values = pc.cast(norm, pa.float64()).to_numpy(zero_copy_only=False)
            numbers = pd.Series(np.asarray(values, dtype="float64"), index=s.index)
            return numbers, numbers.isna()
        except pa.ArrowInvalid:
            pass
    norm = pc.utf8_trim_whitespace(pc.replace_substring(norm, "\u2212", "-"))  # as pd.to_numeric
    valid = pc.match_substring_regex(norm, _NUMBER_PATTERN)
    if dots:
        valid = pc.and_(valid, pc.invert(pc.match_substring(text, ".")))
    kept = pc.if_else(pc.fill_null(valid, False), norm, pa.scalar(None, norm.type))
    values = np.asarray(pc.cast(kept, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")
    if not np.isnan(values).any() and not pc.any(pc.match_substring(kept, ".")).as_py():
        try:  # "−5" and "+7" among whole numbers: still whole numbers
            values = pc.cast(kept, pa.int64()).to_numpy()
        except pa.ArrowInvalid:
            pass
    numbers = pd.Series(values, index=s.index)
    return numbers, numbers.isna()


def _to_numbers(s, rules: Rules):
    """(float/int Series, mask of NaN results)."""
    import pandas as pd

    text = arrow_text(s)
    if text is not None:
        return _to_numbers_arrow(s, text, rules)
    norm = s
    if rules.decimal == ",":
        # with a decimal comma a '.' is only valid as the thousands mark
        wrong = s.str.contains(".", regex=False) if rules.thousands != "." else None
    else:
        wrong = None
    if rules.thousands == " ":
        norm = norm.str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    elif rules.thousands:
        norm = norm.str.replace(rules.thousands, "", regex=False)
    if rules.decimal == ",":
        norm = norm.str.replace(",", ".", regex=False)
    norm = norm.str.replace("\u2212", "-", regex=False)
    numbers = pd.to_numeric(norm, errors="coerce")
    # pandas reads "+0e 0" as 0; Arrow's road (and a person) sees no number
    inner = norm.str.strip().str.contains(r"\s", regex=True)
    if bool(inner.fillna(False).any()):
        numbers = numbers.mask(inner.fillna(False).astype(bool))
    if wrong is not None:
        numbers = numbers.mask(wrong.fillna(False).astype(bool))
    return numbers, numbers.isna()  # the caller keeps only values that were present


def _plain_text(value, rules: Rules):
    """A typed cell (Excel/JSON) written the way the file writes text, so it
    can go through the same parsing as the text cells of its column."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if rules.decimal == "," else text
    if isinstance(value, (_dt.datetime, _dt.date)):
        fmt = rules.date_format
        if fmt and fmt != "ISO8601":
            return value.strftime(fmt)
        return value.isoformat()
    return str(value)


def convert_column(s, name: str, rules: Rules) -> Converted:
    """Type one column. Numeric and datetime columns pass through; text
    ends up in pandas' default string dtype."""
    import pandas as pd

    done = _convert(s, name, rules)
    if done.kind in (TEXT, CODE) and done.series.dtype == object and int(pd.__version__.split(".")[0]) >= 3:
        done.series = done.series.astype("str")  # pandas 2 would turn None into "None"
    return done


def _typed(s, rules: Rules):
    """A column the parser (or the file: Excel, JSON) already typed, as a
    Converted; or the Series of text to type further."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(s):
        if getattr(s.dtype, "tz", None) is None and str(s.dtype) != "datetime64[us]":
            s = s.astype("datetime64[us]")  # one unit whichever parser read the file
        return Converted(s, DATE_KIND)
    if pd.api.types.is_numeric_dtype(s):
        return Converted(s, _numeric_kind(s))
    if s.dtype != object:
        return s
    inferred = pd.api.types.infer_dtype(s, skipna=True)
    if inferred in ("integer", "floating", "mixed-integer-float", "decimal"):
        numbers = pd.to_numeric(s, errors="coerce")
        return Converted(numbers, _numeric_kind(numbers))
    if inferred in ("datetime", "datetime64", "date"):
        return Converted(pd.to_datetime(s, errors="coerce").astype("datetime64[us]"), DATE_KIND)
    if inferred == "empty":
        return Converted(s, TEXT)
    if inferred == "boolean" and s.notna().all():
        return Converted(s.astype(bool), BOOLEAN)
    if inferred != "string":
        s = s.map(lambda v: _plain_text(v, rules))
    return s


def _stripped(s):
    """`s.str.strip()`; a categorical stays one when its values stay distinct (stripped
    one by one and looked up per row, text spelled out for every row again)."""
    if str(s.dtype) != "category":
        return s.str.strip()
    stripped = s.cat.categories.str.strip()
    if stripped.equals(s.cat.categories):
        return s
    if not stripped.is_unique:  # "Noord" and "Noord ": one value once stripped
        return s.str.strip()
    return s.cat.rename_categories(stripped).cat.reorder_categories(stripped.sort_values())


def _convert(s, name: str, rules: Rules) -> Converted:
    s = _typed(s, rules)
    if isinstance(s, Converted):
        return s
    out: list[str] = []
    fixed = rules.text_columns is None and not rules.padding_habit and _fixed_width(s)
    if rules.strip or not rules.parsed_na or s.dtype == object:
        s = _stripped(s)
        missing = s.isna() | s.isin(["", *rules.na_values])
        if missing.any():
            s = s.mask(missing)
    else:
        missing = s.isna()
    present = ~missing
    # computed once: masking a million strings is not free
    values = s[present] if bool(missing.any()) else s
    valid = len(values)
    if valid == 0:
        return Converted(s, TEXT)

    if rules.text_columns is not None:
        if name in rules.text_columns:
            head = values.head(200).tolist()
            return Converted(s, CODE if all(v.isdigit() for v in head) else TEXT)
    elif _all_digits(values):
        lengths = values.str.len()
        if bool((values.str.startswith("0") & (lengths > 1)).any()) or bool((lengths > 15).any()) or fixed:
            return Converted(s, CODE)
    elif _looks(values, (NUMBER,)) and bool(values.str.match(r"[-+]?0\d").any()):
        return Converted(s, TEXT)  # "03.11", "0344.5": a dotted code, its zero would be lost

    forced = name in rules.number_columns
    if forced or _looks(values, (NUMBER,)):
        numbers, bad = _to_numbers(s, rules)
        bad &= present
        nbad = int(bad.sum())
        if rules.exact_text and not forced and not nbad and not _round_trips(values, numbers[present], rules):
            return Converted(s, TEXT)  # JSON text that would change when written back as a number
        if nbad <= (1.0 if forced else rules.tolerance) * valid and (nbad < valid or forced):
            if nbad:
                out.append(_describe_bad(s[bad], name, "numbers"))
            return Converted(numbers, _numeric_kind(numbers), out)
        if nbad <= KEPT_SHARE * valid:
            out.append(_describe_kept(s[bad], name))
    if rules.date_format and _looks(values, (DATE,)):
        # ISO dates are unambiguous: a column of them beside dd-mm-yyyy ones
        # ("Lastupdated" in an export of events) is read as dates too
        for fmt in dict.fromkeys((rules.date_format, "ISO8601")):
            dates = parse_dates(s, fmt, present)
            bad = dates.isna() & present
            nbad = int(bad.sum())
            if nbad <= rules.tolerance * valid and nbad < valid:
                if nbad:
                    out.append(_describe_bad(s[bad], name, "dates"))
                return Converted(dates.astype("datetime64[us]"), DATE_KIND, out)
    return Converted(s, TEXT, out)


def _has_values(s) -> bool:
    """Is any value present? Nearly always answered by the first rows."""
    return bool(s.iloc[:1000].notna().any()) or bool(s.notna().any())


def convert_frame(frame, rules: Rules, progress=None):
    """Type every column in place; returns (frame, kinds, warnings)."""
    kinds: dict[str, str] = {}
    warnings: list[str] = []
    if rules.text_columns is not None:
        unknown = [c for c in rules.text_columns if c not in frame.columns]
        if unknown:
            warnings.append(t("loading.convert.unknown_text_columns", columns=", ".join(map(repr, unknown))))
    n = len(frame.columns)
    empty, odd = [], {}
    if rules.strip and not rules.parsed_na:
        rules = dataclasses.replace(rules, padding_habit=padding_habit(frame))
    for i, name in enumerate(list(frame.columns)):
        column = frame[name]
        done = convert_column(column, name, rules)
        if done.kind in (INTEGER, DECIMAL):
            done.series, value = sentinels.apply(done.series, rules.na_values)
            if value is not None:
                odd.setdefault(value, []).append(name)
        if done.series is not column:  # a column the parser typed already is not copied back
            frame[name] = done.series
        kinds[name] = done.kind
        warnings.extend(done.warnings)
        if len(frame) and not _has_values(done.series):
            empty.append(name)
        if progress:
            progress((i + 1) / n)
    warnings += sentinels.warning(odd)
    if empty:
        shown = ", ".join(repr(c) for c in empty[:5]) + (t("loading.more", count=len(empty) - 5) if len(empty) > 5 else "")
        warnings.append(tn("loading.convert.empty_columns", len(empty), columns=shown))
    return frame, kinds, warnings
