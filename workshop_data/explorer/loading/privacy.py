"""Quick scan of a loaded table for personal data that should not be in an
open-data workshop: BSN (citizen service numbers), e-mail addresses, Dutch
phone numbers and addresses (postcode with house number).

It only counts and names columns; it never returns the values, so the
warning itself leaks nothing. A 9-digit number passes the BSN check
(elfproef) by chance 1 time in 11, so a column counts as BSN only when most
of its 9-digit numbers pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCAN_ROWS = 100_000  # a quick scan: enough to warn, bounded time on big tables
BSN, EMAIL, PHONE, ADDRESS = "bsn", "email", "phone", "postcode_house_number"
LABELS = {BSN: "BSN (citizen service number)", EMAIL: "e-mail address", PHONE: "Dutch phone number",
          ADDRESS: "postcode with house number"}

_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# 06-12345678, 020 123 4567, +31 6 1234 5678, 0031 (0)20 1234567: a loose
# pattern finds candidates, _is_phone checks them (dates look alike)
_PHONE = r"(?<![\w+\-/.])(?:\+31|0031|0)[\d \-()]{8,17}"
_DATE_LIKE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_BSN = r"(?<![\d.,])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\d.,]?\d)"
_POSTCODE = r"[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}"
# "3511 AB 12", "3511AB, 12a" or "Oudegracht 12, 3511 AB Utrecht"
_ADDRESS = (rf"\b{_POSTCODE}\b[\s,]+\d{{1,5}}[a-zA-Z]?\b"
            rf"|[A-Za-z]{{3,}}\.?\s+\d{{1,5}}(?:\s?[a-zA-Z]\b|-\d+)?,?\s+{_POSTCODE}\b")
_HOUSE_NUMBER_NAME = re.compile(r"huis\s*(?:nummer|nr)|huisnr|house\s*number|^nr\.?$|^nummer$", re.I)
_POSTCODE_NAME = re.compile(r"postcode|zip", re.I)


@dataclass
class PrivacyHit:
    column: str  # a column name, or "A + B" for a pair of columns
    kind: str  # bsn, email, phone, postcode_house_number
    count: int  # rows (of those scanned) with such a value
    rows_scanned: int = 0

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)

    def to_dict(self) -> dict:
        return {"column": self.column, "kind": self.kind, "count": self.count, "rows_scanned": self.rows_scanned}


def elfproef(number: str) -> bool:
    """The 11-test of a BSN: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 9 or not any(digits):
        return False
    total = sum(d * w for d, w in zip(digits, range(9, 1, -1))) - digits[8]
    return total % 11 == 0


def _is_phone(candidate: str) -> bool:
    text = candidate.strip(" -(")
    # at most 3 single separators: "06 1234 5678", not digits strewn over a date range
    if _DATE_LIKE.search(text) or len(re.split(r"[ \-]", text.replace("(0)", ""))) > 4:
        return False
    digits = re.sub(r"\D", "", text)
    if text.startswith("+31"):
        digits = digits[2:]
    elif text.startswith("0031"):
        digits = digits[4:]
    else:
        digits = digits[1:]
    if len(digits) == 10 and digits[0] == "0":  # +31 (0)6 ...
        digits = digits[1:]
    return len(digits) == 9 and digits[0] != "0"


# RE2 (Arrow's regex engine) has no look-around: these looser patterns find
# every row the exact ones could match, in Arrow's kernels without the GIL;
# the exact patterns then run in Python on those few rows only
# Python's \s, spelled out: pandas hands a pattern with \s to Python's re, row by row (RE2's \s
# misses some of these), which made the address search most of the scan's time
_SPACES = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_LOOSE = {"phone": r"(?:\+31|0031|0)[\d \-()]{8,17}", "bsn": r"\d{9}|\d{4}\.\d{2}\.\d{3}",
          "address": rf"\b[1-9]\d{{3}} ?[A-Z]{{2}}\b[{_SPACES},]+\d"
                     rf"|[A-Za-z]{{3}}\.?[{_SPACES}]+\d[^,]*,?[{_SPACES}]+[1-9]\d{{3}} ?[A-Z]{{2}}\b"}


def _candidates(s, loose: str):
    """The values of `s` that the loose pattern finds something in."""
    return s[s.str.contains(loose, regex=True).fillna(False).astype(bool)]


def _phones_in_text(s, weights) -> int:
    s = _candidates(s, _LOOSE["phone"])
    found = s.str.findall(_PHONE)
    hit = found.map(lambda cells: any(_is_phone(c) for c in cells) if cells else False)
    return int(weights[hit[hit].index].sum())


def _bsn_in_text(s, weights) -> int:
    s = _candidates(s, _LOOSE["bsn"])
    found = s.str.findall(_BSN)
    candidates = [(c, int(weights[i])) for i, cells in found.items() if cells for c in cells]
    if not candidates:
        return 0
    valid = {c for c, _ in candidates if elfproef(c)}
    if sum(n for c, n in candidates if c in valid) < 0.5 * sum(n for _, n in candidates):
        return 0  # mostly other 9-digit numbers: passing ones are chance
    hit = found.map(lambda cells: any(c in valid for c in cells) if cells else False)
    return int(weights[hit[hit].index].sum())


def _addresses_in_text(s, weights) -> int:
    s = _candidates(s, _LOOSE["address"])
    hit = s.str.contains(_ADDRESS, regex=True)
    return int(weights[hit[hit].index].sum())


def _postcodes(s, weights) -> float:
    """The share of the values (by rows) that are a postcode and nothing else."""
    loose = s.str.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}").fillna(False).astype(bool)
    not_used = s.str.fullmatch(r"[1-9]\d{3} ?S[ADS]").fillna(False).astype(bool)  # never issued
    return float(weights[(loose & ~not_used).to_numpy()].sum()) / max(1, int(weights.sum()))


def _text_hits(text) -> tuple[dict, float, float]:
    """({kind: rows}, share of postcodes, share holding a postcode) of a text
    column, looked at once per distinct value (a column of municipalities or
    streets repeats a few values over every row)."""
    counts = text.value_counts(sort=False)
    values = pd_series(counts.index, text.dtype)
    weights = counts.to_numpy()
    hits = {
        EMAIL: int(weights[values.str.contains(_EMAIL, regex=True).fillna(False).to_numpy(dtype=bool)].sum()),
        PHONE: _phones_in_text(values, weights),
        ADDRESS: _addresses_in_text(values, weights),
        BSN: _bsn_in_text(values, weights),
    }
    holds = values.str.contains(r"[1-9]\d{3} ?[A-Z]{2}", regex=True).fillna(False).to_numpy(dtype=bool)
    return hits, _postcodes(values, weights), float(weights[holds].sum()) / max(1, int(weights.sum()))


def pd_series(values, dtype):
    import pandas as pd

    return pd.Series(values, dtype=dtype).reset_index(drop=True)


def _bsn_in_numbers(s) -> int:
    import numpy as np

    present = s.dropna().to_numpy(dtype="float64")
    values = present[(present >= 10_000_000) & (present <= 999_999_999) & (np.mod(present, 1) == 0)]
    # a BSN column holds (nearly) only 9-digit numbers; a column of amounts
    # with a few large totals is not one
    if not len(values) or len(values) < 0.8 * len(present):
        return 0
    values = values.astype("int64")
    digits = np.stack([(values // 10**k) % 10 for k in range(8, -1, -1)], axis=1)
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
    ok = (digits @ weights) % 11 == 0
    if ok.sum() < 0.5 * len(values):
        return 0
    return int(ok.sum())


def scan_privacy(frame, *, max_rows: int = SCAN_ROWS) -> list[PrivacyHit]:
    """Hits per column and kind, on the first `max_rows` rows."""
    import pandas as pd

    part = frame.head(max_rows)
    n = len(part)
    hits: list[PrivacyHit] = []
    postcode_cols, number_cols = [], []
    for j, name in enumerate(part.columns):
        s = part.iloc[:, j]
        label = str(name)
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        if pd.api.types.is_numeric_dtype(s):
            count = _bsn_in_numbers(s)
            if count:
                hits.append(PrivacyHit(label, BSN, count, n))
            if _HOUSE_NUMBER_NAME.search(label):
                number_cols.append(label)
            continue
        text = s.dropna().astype(str)
        if text.empty:
            continue
        counts, postcodes, holding = _text_hits(text)
        hits.extend(PrivacyHit(label, kind, count, n) for kind, count in counts.items() if count)
        if _HOUSE_NUMBER_NAME.search(label):
            number_cols.append(label)
        elif postcodes > 0.8 or (_POSTCODE_NAME.search(label) and holding > 0.8):
            postcode_cols.append(label)
    # a postcode column next to a house-number column identifies an address: one address per
    # postcode, however many columns the number is split over (number, addition)
    for pc in postcode_cols:
        with_pc = [hn for hn in number_cols if (part[pc].notna() & part[hn].notna()).any()]
        if with_pc:
            numbered = part[with_pc].notna().any(axis=1)
            both = int((part[pc].notna() & numbered).sum())
            hits.append(PrivacyHit(" + ".join([pc, *with_pc]), ADDRESS, both, n))
    return hits
