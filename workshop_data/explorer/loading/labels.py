"""Label rows inside a table: a heading in the first cell, the rest empty.

CBS tables group their rows under such headings ("Tot 10 000 euro",
"10 000 tot 20 000 euro", each over the same three measures). Read as data
they would be empty rows, and the grouping they carry would be lost; here
they become a column "group" ("groep" in Dutch: the interface's language)
beside the rows they head, and are listed as skipped lines with the reason
"label".
"""

from __future__ import annotations

from ...common.i18n import t
from .options import SkippedLine
from .table import TEXT, cell_kind, cell_text

# more label rows than this share of the rows: not headings but a sparse table
MAX_SHARE = 1 / 3


def _is_label(cells: list) -> bool:
    if not cells or cell_kind(cells[0]) != TEXT:
        return False
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells[1:])


def split_labels(records: list[list], lines: list[int], width: int):
    """(records, lines, group values or None, skipped label lines).

    A label row counts only when a data row follows it (before the next
    label or the end); each data row gets the nearest label above it."""
    if width < 3 or len(records) < 3:
        return records, lines, None, []
    flags = [_is_label(cells) for cells in records]
    count = sum(flags)
    if not count or count > MAX_SHARE * len(records) or flags[-1]:
        return records, lines, None, []
    kept, kept_lines, groups, skipped = [], [], [], []
    label = None
    for cells, line, flag in zip(records, lines, flags):
        if flag:
            label = cell_text(cells[0])
            skipped.append(SkippedLine(line, "label", label))
            continue
        kept.append(cells)
        kept_lines.append(line)
        groups.append(label)
    return kept, kept_lines, groups, skipped


def group_name(names) -> str:
    base = t("loading.group_column")
    name, k = base, 2
    while name in names:
        name, k = f"{base} ({k})", k + 1
    return name


def with_groups(rows, names: list[str]) -> list[str]:
    """The column names a load will give, judged from sample rows
    (table.Row): the group column first when the rows hold labels."""
    width = len(names)
    records = [list(r.cells[:width]) + [None] * (width - len(r.cells)) for r in rows]
    groups = split_labels(records, [r.line for r in rows], width)[2]
    return [group_name(names), *names] if groups is not None else list(names)


def add_groups(frame, groups: list | None) -> None:
    """Put the group of each row in front of the table (in place)."""
    if groups is not None:
        frame.insert(0, group_name(frame.columns), groups)


def split_label_frame(frame, first_line: int):
    """split_labels for a frame that a bulk parser read (columns 0..n-1):
    (frame, groups or None, skipped). Its line numbers count records from
    the first data line, as the parser's own messages do."""
    if len(frame.columns) < 3 or len(frame) < 3:
        return frame, None, []
    first = frame.iloc[:, 0]
    # column by column, stopping at the first that leaves no row empty (in a big table the
    # usual answer, after one column instead of a table of flags)
    rest_empty = None
    for j in range(1, len(frame.columns)):
        missing = frame.iloc[:, j].isna().to_numpy()
        rest_empty = missing if rest_empty is None else rest_empty & missing
        if not rest_empty.any():
            return frame, None, []
    candidates = rest_empty & first.notna().to_numpy()
    if not bool(candidates.any()):
        return frame, None, []
    flags = [bool(c) and _is_label([v]) for c, v in zip(candidates.tolist(), first.tolist())]
    count = sum(flags)
    if not count or count > MAX_SHARE * len(frame) or flags[-1]:
        return frame, None, []
    groups, skipped, label = [], [], None
    for i, (flag, value) in enumerate(zip(flags, first.tolist())):
        if flag:
            label = cell_text(value)
            skipped.append(SkippedLine(first_line + i, "label", label))
        else:
            groups.append(label)
    keep = [not f for f in flags]
    return frame.loc[keep].reset_index(drop=True), groups, skipped
