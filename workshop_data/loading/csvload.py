"""CSV, TSV and TXT tables: detection.

Detection looks at the first lines (delimiter, title lines, header rows,
how values are written) and the last lines (footer), and leaves a CsvPlan
for csvread, which then takes one of two roads:

- files up to SMALL_FILE bytes (nearly every workshop file) are decoded and
  parsed with the csv module, so every skipped, short or long row is
  reported with its exact line number, and codes keep their leading zeros in
  every row;
- bigger files are not decoded in Python as a whole: the bytes between
  header and footer go to pyarrow's multi-threaded CSV reader when pyarrow is
  installed (and the file is clean), otherwise to pandas' C parser. Code
  columns found in the first rows are read as text, and whether values are
  padded with spaces is judged from the first and last part of the file.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass

from ..i18n import t, tn
from . import comments as comments_mod
from . import foreign, stacked, table, values
from .bigfile import FileBytes, quotes_before
from .errors import LoadError
from .labels import with_groups
from .options import Detection, LoadOptions, SkippedLine
from .table import Row
from .textio import (
    MAX_LINE_CHARS,
    check_binary,
    check_line_lengths,
    decode,
    detect_encoding,
    split_lines,
)

SMALL_FILE = 8 << 20  # bytes; above this pyarrow or pandas parse
HEAD_CHARS = 1 << 20  # bytes/characters of a big file examined at the start
TAIL_LINES = 40
TAIL_CHARS = 64 << 10  # ... and at the end
SAMPLE_ROWS = 2000  # rows whose values decide decimal mark, markers, dates, codes
BIG_SAMPLE_ROWS = 1000  # the same for big files, where detection time counts
DELIMITERS = [";", ",", "\t", "|"]
_DELIM_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}


def parse_rows(lines: list[str], delimiter: str, first_line: int = 1, path=None) -> list[Row]:
    """Records of `lines` with their physical line numbers (quoted fields
    may span lines)."""
    if csv.field_size_limit() < MAX_LINE_CHARS:
        csv.field_size_limit(MAX_LINE_CHARS)
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', strict=False)
    rows: list[Row] = []
    done = 0
    try:
        for cells in reader:
            rows.append(Row(first_line + done, cells, first_line + reader.line_num - 1))
            done = reader.line_num
    except csv.Error as exc:
        line = first_line + done
        raise LoadError(f"cannot split this line into fields ({exc}); probably a quote (\") "
                        f"that is never closed", path=path, line=line) from None
    return rows


def detect_delimiter(lines: list[str]) -> tuple[str, str]:
    """(delimiter, why): the candidate that splits the most lines into the
    same number (2 or more) of fields; quotes are respected, so a ";" inside
    a quoted title does not count."""
    sample = [ln for ln in lines[:200] if ln.strip()]
    scores = []
    for d in DELIMITERS:
        try:
            counts = Counter(len(r) for r in csv.reader(sample, delimiter=d, quotechar='"'))
        except csv.Error:
            continue
        width, freq = max(counts.items(), key=lambda kv: (kv[1], kv[0])) if counts else (1, 0)
        if width >= 2:
            scores.append((freq, width, d))
    if not scores:
        return ",", t("loading.delimiter.none")
    scores.sort(key=lambda s: (-s[0], DELIMITERS.index(s[2])))
    freq, width, d = scores[0]
    why = t("loading.delimiter.splits", mark=_DELIM_NAMES[d], count=freq, lines=len(sample), fields=width)
    others = [f"{_DELIM_NAMES[o]} {f}" for f, _, o in scores[1:]]
    if others:
        why += t("loading.delimiter.others", others=", ".join(others))
    return d, why


@dataclass
class CsvPlan:
    """What detection learned that loading reuses."""

    raw: bytes | FileBytes  # the file (UTF-16 re-encoded as UTF-8); big files stay on disk
    codec: str  # codec of `raw` for the parsers
    text: str | None  # the whole decoded text, for small files only
    complete: bool  # raw is the whole file
    total_lines: int
    width: int
    names: list[str]
    data_line: int  # first physical line of the data
    footer_line: int  # first physical line after the data
    unnamed: tuple[int, ...] = ()  # columns whose header is empty
    start_byte: int = 0  # where data_line starts in raw
    end_byte: int = 0  # where footer_line starts in raw


def _newline(data) -> str | bytes:
    """The line separator to count: LF, or CR for old Mac files."""
    lf, cr = ("\n", "\r") if isinstance(data, str) else (b"\n", b"\r")
    return cr if lf not in data[: 1 << 20] and cr in data[: 1 << 20] else lf


def _line_count(data) -> int:
    if not data:
        return 0
    sep = _newline(data)
    return data.count(sep) + (0 if data.endswith(sep) else 1)


def _line_start(raw: bytes, line: int, sep: bytes, total_seps: int) -> int:
    """Byte offset where 1-based physical `line` starts; searched from the
    nearer end of the file."""
    if line <= 1:
        return 0
    if line - 1 <= total_seps // 2:
        pos = -1
        for _ in range(line - 1):
            pos = raw.index(sep, pos + 1)
        return pos + 1
    pos = len(raw)
    for _ in range(total_seps - (line - 1) + 1):
        pos = raw.rindex(sep, 0, pos)
    return pos + 1


SPREAD_CHARS = 16 << 10  # bytes read at each of the quarter points of a big file


def _spread_rows(raw, codec: str, delimiter: str, start: int, width: int) -> list[Row]:
    """Records of the width of the table from windows at 1/4, 1/2 and 3/4 of
    a big file (the first and last line of a window may be cut: left out).
    Their line numbers are not known, so they are only used to judge values."""
    rows: list[Row] = []
    size = len(raw) - start
    for quarter in (1, 2, 3):
        at = start + size * quarter // 4
        window = raw[at : at + SPREAD_CHARS]
        cut = window.find(b"\n")
        if cut < 0:
            continue
        if quotes_before(raw, at + cut) % 2:  # the line break is inside a quoted value
            continue
        lines = split_lines(window[cut + 1 :].decode(codec, "replace"))[:-1]
        try:
            found = parse_rows(lines, delimiter)
        except LoadError:
            continue
        rows += [r for r in found if len(r.cells) == width]
    return rows


def _top_reason(r: Row, comments: int) -> str:
    if r.line <= comments:
        return "comment"
    return "blank" if table.is_blank(r) else "title"


def _is_utf16(encoding: str) -> bool:
    return encoding.lower().replace("_", "-").startswith("utf-16")


def detect_csv(path, raw: bytes, opts: LoadOptions, *, complete: bool) -> tuple[Detection, CsvPlan]:
    """Detect every option that is None in `opts` from the bytes `raw`
    (the whole file, or its first part when `complete` is False)."""
    reasons: dict[str, str] = {}
    notes: list[str] = []
    given = {k for k, v in opts.to_dict().items() if v is not None}
    size = len(raw)

    if opts.encoding is None:
        encoding, reasons["encoding"] = detect_encoding(raw, complete=complete)
        if not _is_utf16(encoding):  # UTF-16 is full of NUL bytes
            check_binary(raw, path)
    else:
        encoding = opts.encoding
    bom = 0
    if _is_utf16(encoding):  # rare and small: re-encode once, then it is UTF-8
        raw, codec = decode(raw[:], encoding, path, complete=complete).encode("utf-8"), "utf-8"
    elif encoding.lower().replace("_", "-") == "utf-8-sig":
        codec, bom = "utf-8", 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    else:
        codec = encoding
    small = complete and len(raw) <= SMALL_FILE
    if small:
        text = decode(raw[bom:], codec, path)
        head_text, more = text[:HEAD_CHARS], len(text) > HEAD_CHARS
    else:
        text = None
        try:
            head_text = decode(raw[bom : bom + HEAD_CHARS], codec, path, complete=False)
        except LoadError as exc:
            raise LoadError(exc.what, path=path, line=exc.line, offset=(exc.offset or 0) + bom) from None
        more = len(raw) > bom + HEAD_CHARS
    head_text = head_text.lstrip("\ufeff")  # a BOM read with plain "utf-8"
    if not head_text.strip():
        raise LoadError("the file holds no text (only spaces or empty lines)", path=path)
    if "\x00" in head_text[:65536]:
        raise LoadError("this is not a text table: it contains NUL characters (binary data, or the "
                        "wrong encoding)", path=path, offset=raw.find(b"\x00"))

    foreign.check_text(head_text, path)
    head_lines = split_lines(head_text)
    if more and head_lines and not head_lines[-1].endswith(("\n", "\r")):
        if len(head_lines) == 1:  # the first MiB holds no line break at all
            raise LoadError(f"line 1 is longer than {len(head_lines[0]):,} characters without a line "
                            f"break; this is not a table (a JSON file should end in .json)", path=path, line=1)
        head_lines = head_lines[:-1]  # cut off mid-line
    check_line_lengths(head_lines, path)
    comments = comments_mod.leading_comments(head_lines)
    if comments >= len(head_lines):
        comments = 0  # nothing but comments: read them as the table

    if opts.delimiter is None:
        delimiter, reasons["delimiter"] = detect_delimiter(head_lines[comments:])
    else:
        delimiter = opts.delimiter
    parsed_lines = (SAMPLE_ROWS if small else BIG_SAMPLE_ROWS) + 50
    rows = parse_rows(head_lines[:parsed_lines], delimiter, path=path)
    width = comments_mod.data_width(rows, comments) if comments else table.modal_width(rows[:300])

    if small:
        total_lines = _line_count(text)
    else:  # count once: a pass over 50 MB is not free
        sep = _newline(raw)
        seps = raw.count(sep)
        total_lines = seps + (0 if raw.endswith(sep) else 1)
    if not more:
        tail_lines = head_lines[-TAIL_LINES:]
    elif small:
        tail_lines = split_lines(text[-TAIL_CHARS:])[1:][-TAIL_LINES:]
    else:
        tail = raw[-TAIL_CHARS:]
        tail = tail[tail.find(b"\n") + 1 :] if b"\n" in tail else tail
        tail_lines = split_lines(tail.decode(codec, "replace"))[-TAIL_LINES:]
    tail_first = total_lines - len(tail_lines) + 1
    if not complete:
        tail_first, tail_lines = total_lines + 1, []
    tail_rows = parse_rows(tail_lines, delimiter, tail_first, path=path) if tail_lines else []
    # records that do not start on a line of their own (inside a quoted field) are unreliable
    if tail_rows and len(tail_rows) > 1:
        tail_rows = tail_rows[1:] if tail_first > 1 else tail_rows

    # --- several tables one after another: read the main one
    stack = []
    if complete and not more and not comments and len(head_lines) <= parsed_lines and opts.skip_top is None \
            and opts.skip_bottom is None and opts.header_rows is None:
        stack = stacked.find_tables(rows)
    if stack:
        main = stacked.main_table(stack)
        width = main.fields
        opts = opts.updated(skip_top=main.first - 1, skip_bottom=total_lines - main.last)
        shown = "; ".join(t("loading.stacked.block", first=b.first, last=b.last, columns=b.width)
                          for b in stack)
        reasons["skip_top"] = reasons["skip_bottom"] = t("loading.stacked.reason", count=len(stack),
                                                         tables=shown, first=main.first, last=main.last)

    # --- title lines above the table
    named = None
    if comments and opts.skip_top is None:
        named = comments_mod.find_names(rows, comments, width) if opts.header_rows in (None, 1) else None
        skip_top = named.line - 1 if named else comments
        start = next((i for i, r in enumerate(rows) if r.line > skip_top), len(rows))
        above = rows[:start]
        reasons["skip_top"] = (tn("loading.comments.lines", comments) +
                               (t("loading.comments.names", line=named.line) if named else ""))
    elif opts.skip_top is None:
        start, above, reasons["skip_top"] = table.find_skip_top(rows, width)
        skip_top = rows[start].line - 1 if rows else 0
    else:
        skip_top = opts.skip_top
        start = next((i for i, r in enumerate(rows) if r.line > skip_top), len(rows))
        above = rows[:start]
    value_cols = table.value_columns(rows[start:], width)

    # --- header rows
    body = rows[start:]
    if named is not None:
        header_rows = 1
        data_index = next((i for i, r in enumerate(body) if r.line > comments), len(body))
        reasons["header_rows"] = t("loading.comments.header", fields=width)
    elif opts.header_rows is None:
        header_rows, data_index, reasons["header_rows"] = table.find_header(body, width, value_cols)
    else:
        header_rows = opts.header_rows
        nonblank = [i for i, r in enumerate(body) if not table.is_blank(r)]
        data_index = nonblank[header_rows] if header_rows < len(nonblank) else len(body)
        if header_rows == 0:
            data_index = 0
    if comments and header_rows and data_index < len(body) and body[data_index].line <= comments:
        # the names sit in the comment block: the comment lines below them are no data
        data_index = next((i for i, r in enumerate(body) if r.line > comments), len(body))
    header = [r for r in body[:data_index] if not table.is_blank(r)][:header_rows]
    names, header_notes = table.header_names([comments_mod.strip_mark(r.cells) for r in header], width)
    unnamed = tuple(j for j, n in enumerate(names) if not n) if header else ()
    names, dup_notes = table.unique_names(names)
    notes += header_notes + dup_notes
    data_line = body[data_index].line if data_index < len(body) else (rows[-1].end_line + 1 if rows else 1)

    # --- footer lines
    if opts.skip_bottom is None:
        if complete:
            candidates = [r for r in tail_rows if r.line >= data_line]
            skip_bottom, footer, reasons["skip_bottom"] = table.find_footer(candidates, width, value_cols, total_lines)
        else:
            skip_bottom, footer = 0, []
            reasons["skip_bottom"] = t("loading.footer.sampled")
    else:
        skip_bottom = opts.skip_bottom
        footer = [r for r in tail_rows if r.line > total_lines - skip_bottom]
    footer_line = total_lines - skip_bottom + 1

    # --- value formats, from the data rows of the sample
    sample = [r for r in body[data_index:] if r.line < footer_line and not table.is_blank(r)]
    sample = sample[: SAMPLE_ROWS if small else BIG_SAMPLE_ROWS]
    columns = {name: [r.cells[j] if j < len(r.cells) else None for r in sample] for j, name in enumerate(names)}
    if opts.decimal is None or opts.thousands is None:
        dec, thou, dwhy, twhy = values.detect_number_format(columns, delimiter)
        decimal = opts.decimal if opts.decimal is not None else dec
        thousands = opts.thousands if opts.thousands is not None else thou
        if opts.decimal is None:
            reasons["decimal"] = dwhy
        if opts.thousands is None:
            reasons["thousands"] = twhy
        if decimal == thousands:  # e.g. the user chose decimal "." where "." groups thousands
            thousands = ""
    else:
        decimal, thousands = opts.decimal, opts.thousands
    if opts.na_values is None:
        na_values, reasons["na_values"] = values.detect_markers(columns)
    else:
        na_values = list(opts.na_values)
    if opts.date_format is None:
        date_format, reasons["date_format"], date_notes = values.detect_date_format(columns)
        notes += date_notes
    else:
        date_format = opts.date_format
    if opts.text_columns is None:
        code_columns = columns
        if not small and complete:
            # A sorted export may show its first thousand rows without one leading zero
            # ("1980" ... "1900") and "0344" only further on, where the parser would make it
            # 344: codes are also judged on rows from the middle and the end of the file.
            spread = _spread_rows(raw, codec, delimiter, bom, len(names))
            spread += [r for r in tail_rows if data_line <= r.line < footer_line and not table.is_blank(r)]
            code_columns = {name: cells + [r.cells[j] if j < len(r.cells) else None for r in spread]
                            for j, (name, cells) in enumerate(columns.items())}
        text_columns, reasons["text_columns"] = values.detect_codes(code_columns)
    else:
        text_columns = list(opts.text_columns)
    if opts.numeric_tolerance is None:
        reasons["numeric_tolerance"] = t("loading.tolerance.default")
    for key in given:
        reasons[key] = "given"

    resolved = LoadOptions(
        format="csv", encoding=encoding, delimiter=delimiter, decimal=decimal, thousands=thousands,
        skip_top=skip_top, header_rows=header_rows, skip_bottom=skip_bottom, na_values=na_values,
        sheet=None, date_format=date_format, text_columns=text_columns,
        numeric_tolerance=0.0 if opts.numeric_tolerance is None else opts.numeric_tolerance,
        number_columns=list(opts.number_columns or []),
        max_rows=opts.max_rows,
    )
    skipped = [SkippedLine(r.line, _top_reason(r, comments), table.row_text(r)) for r in above]
    if comments and header:  # comment lines between the names and the data
        skipped += [SkippedLine(r.line, "comment", table.row_text(r)) for r in body[:data_index]
                    if r.line > header[-1].end_line]
    skipped += [SkippedLine(r.line, "blank" if table.is_blank(r) else "footer", table.row_text(r)) for r in footer]
    if stack:  # every line of the other tables, not only the last ones
        skipped = [s for s in skipped if s.line < main.first] + [
            SkippedLine(r.line, "blank" if table.is_blank(r) else "table", table.row_text(r))
            for r in rows if r.line > main.last]
        skipped = [SkippedLine(s.line, "table" if s.reason != "blank" else s.reason, s.text) for s in skipped]
    detection = Detection(
        path=os.fspath(path), format="csv", options=resolved, reasons=reasons, notes=notes,
        columns=with_groups(sample, names) if small or not na_values else names,
        skipped=skipped, size_bytes=size,
        sampled=not complete or more or len(head_lines) > parsed_lines,
    )
    plan = CsvPlan(raw=raw, codec=codec, text=text, complete=complete, total_lines=total_lines,
                   width=width, names=names, data_line=data_line, footer_line=footer_line, unnamed=unnamed)
    if not small:
        plan.start_byte = max(bom, _line_start(raw, data_line, sep, seps))
        plan.end_byte = len(raw) if footer_line > total_lines else _line_start(raw, footer_line, sep, seps)
    return detection, plan
