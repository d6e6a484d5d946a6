"""Text that was damaged before the file was written: U+FFFD, the replacement character.

A program that exported the file could not spell some letters and wrote '�' instead
('M�xima', 'Ti�sto'). The file is then valid UTF-8 and nothing can be decoded better: the
letters are gone. A careful reader notices and says so, so the user does not blame the loader or
try other encodings; the cells are kept as they are.
"""

from __future__ import annotations

import re

from ...common.i18n import t, tn

REPLACEMENT = "\ufffd"
_WORD = re.compile(r"\S{0,20}\ufffd\S{0,20}")


def damage_note(frame) -> str | None:
    """One warning for the replacement characters in the frame's text columns, or None."""
    import pandas as pd

    count, columns, example = 0, [], None
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            texts = column.cat.categories
            weights = column.value_counts(sort=False).reindex(texts, fill_value=0).to_numpy()
        elif column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            texts, weights = column.dropna(), None
        else:
            continue
        if texts.dtype != object and not pd.api.types.is_string_dtype(texts.dtype):
            continue
        per_text = pd.Series(texts, dtype=object).astype(str).str.count(REPLACEMENT).to_numpy()
        found = int((per_text * weights).sum() if weights is not None else per_text.sum())
        if not found:
            continue
        count += found
        columns.append(name)
        if example is None:
            first = next(str(v) for v, n in zip(texts, per_text) if n)
            example = _WORD.search(first).group(0)
    if not count:
        return None
    shown = ", ".join(repr(str(c)) for c in columns[:5]) + (
        t("loading.more", count=len(columns) - 5) if len(columns) > 5 else "")
    return tn("loading.note.damaged", count, columns=shown, example=repr(example))
