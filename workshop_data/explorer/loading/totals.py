"""Totals and subtotal rows ("Totaal", "Buurten totaal", "Nederland").

Exports put the sum of the rows beside the rows themselves; counted in a
mean or a maximum, or drawn as one more bar, it dwarfs them. The loader
recognises such rows by the label in one of the first text columns and
keeps them apart (`LoadResult.totals`), out of statistics and charts;
the option `keep_totals` takes them back into the table.
"""

from __future__ import annotations

import re

from ...common.i18n import tn
from .arrowtext import arrow_text, text_series

TOTAL_RE = re.compile(
    r"^(?:(?:sub|eind)?totaal|totalen|(?:sub|grand )?total|nederland|heel nederland|"
    r"totaal\b.*|.*\btotaal|alle (?:buurten|wijken|gemeenten))$",
    re.IGNORECASE,
)
_WORDS = r"totaa|total|nederland|alle "
# more total rows than this (and than 2) is a column of categories, not totals
MAX_SHARE = 0.1
LABEL_COLUMNS = 3  # labels sit in the first columns
FEW_ROWS = 5000  # tables up to this size are searched row by row


def _maybe_total(s):
    """Rows whose label holds one of the words of a total: one regex search in
    Arrow's kernels for Arrow text (separate case-free searches cost more)."""
    return s.astype("str").str.contains(_WORDS, case=False, regex=True).fillna(False).astype(bool)


def _is_total(s):
    """A numpy bool per value of Series `s`: the words first (vectorised),
    the exact pattern only on the few values that hold one."""
    import numpy as np

    maybe = np.flatnonzero(_maybe_total(s).to_numpy(dtype=bool))
    hits = np.zeros(len(s), dtype=bool)
    hits[maybe] = [bool(TOTAL_RE.match(str(v).strip())) for v in s.iloc[maybe].tolist()]
    return hits


def _total_mask(s):
    """`_is_total` per row. A label column repeats few values (municipalities,
    categories) in a big table: its distinct values are matched once and
    looked up, several times faster than a search of every row."""
    import numpy as np
    import pandas as pd

    head = s.iloc[:FEW_ROWS]
    if len(s) <= FEW_ROWS or head.nunique() > len(head) // 4:
        return _is_total(s.reset_index(drop=True))
    text = arrow_text(s)
    if text is not None:
        return _arrow_total_mask(text, s.dtype)
    if isinstance(s.dtype, pd.CategoricalDtype):  # codes and distinct values are there already
        codes, distinct = s.cat.codes.to_numpy(), pd.Series(s.cat.categories)
    else:
        codes, distinct = pd.factorize(s)
        distinct = pd.Series(distinct, dtype=s.dtype)
    hit = np.flatnonzero(_is_total(distinct))
    if not len(hit):
        return np.zeros(len(s), dtype=bool)
    return np.isin(codes, hit)


def _arrow_total_mask(text, dtype):
    """`_total_mask` for Arrow text: the distinct values from Arrow's hash (no codes per row,
    which cost a 1,000,000-row table 20 MB at its peak), and only when one is a total a pass
    that marks its rows."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    distinct = text.unique()
    hit = _is_total(pd.Series(text_series(distinct), dtype=dtype))
    if not hit.any():
        return np.zeros(len(text), dtype=bool)
    found = pc.is_in(text, value_set=distinct.filter(pa.array(hit)))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def _label_columns(frame, kinds: dict) -> list:
    return [c for c in list(frame.columns)[:LABEL_COLUMNS] if kinds.get(c) in ("text", "code")]


def find_totals(frame, kinds: dict) -> list[int]:
    """Positions of the rows whose label says they are totals."""
    import numpy as np

    if not any(kinds.get(c) in ("integer", "decimal") for c in frame.columns):
        return []
    hits = np.zeros(len(frame), dtype=bool)
    for name in _label_columns(frame, kinds):
        hits |= _total_mask(frame[name])
    rows = np.flatnonzero(hits)
    if not len(rows) or len(rows) > max(2, MAX_SHARE * len(frame)):
        return []
    return rows.tolist()


def labels_of(frame, kinds: dict, rows: list[int]) -> list[str]:
    names = _label_columns(frame, kinds)
    out = []
    for i in rows:
        texts = [str(frame[n].iloc[i]).strip() for n in names if frame[n].iloc[i] == frame[n].iloc[i]]
        out.append(next((text for text in texts if TOTAL_RE.match(text)), texts[0] if texts else ""))
    return out


def split_totals(frame, kinds: dict, keep: bool):
    """(table, totals, labels, warning or None). With `keep` the totals stay
    in the table and are only named."""
    import numpy as np

    rows = find_totals(frame, kinds)
    if not rows:
        return frame, frame.iloc[0:0], [], None
    labels = labels_of(frame, kinds, rows)
    shown = ", ".join(repr(x) for x in labels[:5]) + (" ..." if len(labels) > 5 else "")
    if keep:
        return frame, frame.iloc[0:0], labels, tn("loading.totals.kept_in", len(rows), labels=shown)
    apart = frame.iloc[rows].reset_index(drop=True)
    keep = np.ones(len(frame), dtype=bool)
    keep[rows] = False
    table = frame.iloc[keep].reset_index(drop=True)
    return table, apart, labels, tn("loading.totals.apart", len(rows), labels=shown)
