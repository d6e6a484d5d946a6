"""CSV, TSV and TXT tables: detection (the decode and layout steps for a
CSV: see decoding.py, layout.py and formats.py for the steps themselves).

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

from ...common.i18n import t
from . import comments as comments_mod
from . import stacked, table
from .bigfile import FileBytes, quotes_before
from .decoding import Decoded, decode_head
from .errors import LoadError
from .formats import detect_formats, resolve, sample_columns
from .labels import with_groups
from .layout import Layout, find_layout
from .options import Detection, LoadOptions, SkippedLine
from .table import Row
from .textio import MAX_LINE_CHARS, split_lines

SMALL_FILE = 8 << 20  # bytes; above this pyarrow or pandas parse
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
        raise LoadError(t("loader.error.unsplittable", error=exc), path=path, line=line) from None
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


def _line_total(dec: Decoded):
    """(number of lines, the line separator, how many separators) - a big file is
    counted once: a pass over 50 MB is not free."""
    if dec.small:
        return _line_count(dec.text), None, 0
    sep = _newline(dec.raw)
    seps = dec.raw.count(sep)
    return seps + (0 if dec.raw.endswith(sep) else 1), sep, seps


def _tail_rows(dec: Decoded, delimiter: str, total_lines: int, complete: bool, path) -> list[Row]:
    """The last records of the file, with their line numbers (none for a sample)."""
    if not complete:
        return []
    if not dec.more:
        tail_lines = dec.head_lines[-TAIL_LINES:]
    elif dec.small:
        tail_lines = split_lines(dec.text[-TAIL_CHARS:])[1:][-TAIL_LINES:]
    else:
        tail = dec.raw[-TAIL_CHARS:]
        tail = tail[tail.find(b"\n") + 1 :] if b"\n" in tail else tail
        tail_lines = split_lines(tail.decode(dec.codec, "replace"))[-TAIL_LINES:]
    first = total_lines - len(tail_lines) + 1
    rows = parse_rows(tail_lines, delimiter, first, path=path) if tail_lines else []
    # records that do not start on a line of their own (inside a quoted field) are unreliable
    if len(rows) > 1 and first > 1:
        rows = rows[1:]
    return rows


def _main_table(rows: list[Row], opts: LoadOptions, reasons: dict, total_lines: int):
    """(options, the main table's Block or None): for several tables one after another the
    layout of the one with the most rows, as if skip_top and skip_bottom had been given."""
    stack = stacked.find_tables(rows)
    if not stack:
        return opts, None
    main = stacked.main_table(stack)
    shown = "; ".join(t("loading.stacked.block", first=b.first, last=b.last, columns=b.width) for b in stack)
    reasons["skip_top"] = reasons["skip_bottom"] = t("loading.stacked.reason", count=len(stack),
                                                     tables=shown, first=main.first, last=main.last)
    return opts.updated(skip_top=main.first - 1, skip_bottom=total_lines - main.last), main


def _code_sample(dec: Decoded, columns: dict, delimiter: str, tail_rows, data_line: int, footer_line: int):
    """A sorted export may show its first thousand rows without one leading zero ("1980" ...
    "1900") and "0344" only further on, where the parser would make it 344: the codes of a big
    file are also judged on rows from its middle and its end."""
    spread = _spread_rows(dec.raw, dec.codec, delimiter, dec.bom, len(columns))
    spread += [r for r in tail_rows if data_line <= r.line < footer_line and not table.is_blank(r)]
    return {name: cells + [r.cells[j] if j < len(r.cells) else None for r in spread]
            for j, (name, cells) in enumerate(columns.items())}


def _skipped(found: Layout, comments: int, main, rows: list[Row]) -> list[SkippedLine]:
    """Every line that is not part of the table, and why."""
    skipped = [SkippedLine(r.line, _top_reason(r, comments), table.row_text(r)) for r in found.above]
    if comments and found.header:  # comment lines between the names and the data
        skipped += [SkippedLine(r.line, "comment", table.row_text(r)) for r in found.body[:found.data_index]
                    if r.line > found.header[-1].end_line]
    skipped += [SkippedLine(r.line, "blank" if table.is_blank(r) else "footer", table.row_text(r))
                for r in found.footer]
    if main is not None:  # every line of the other tables, not only the last ones
        skipped = [s for s in skipped if s.line < main.first] + [
            SkippedLine(r.line, "blank" if table.is_blank(r) else "table", table.row_text(r))
            for r in rows if r.line > main.last]
        skipped = [SkippedLine(s.line, "table" if s.reason != "blank" else s.reason, s.text) for s in skipped]
    return skipped


def detect_csv(path, raw: bytes, opts: LoadOptions, *, complete: bool) -> tuple[Detection, CsvPlan]:
    """Detect every option that is None in `opts` from the bytes `raw`
    (the whole file, or its first part when `complete` is False): decode,
    find the delimiter, the layout and how values are written."""
    reasons: dict[str, str] = {}
    notes: list[str] = []
    dec = decode_head(path, raw, opts, reasons, complete=complete, small_file=SMALL_FILE)
    comments = comments_mod.leading_comments(dec.head_lines)
    if comments >= len(dec.head_lines):
        comments = 0  # nothing but comments: read them as the table
    delimiter = opts.delimiter
    if delimiter is None:
        delimiter, reasons["delimiter"] = detect_delimiter(dec.head_lines[comments:])
    parsed_lines = (SAMPLE_ROWS if dec.small else BIG_SAMPLE_ROWS) + 50
    rows = parse_rows(dec.head_lines[:parsed_lines], delimiter, path=path)
    width = comments_mod.data_width(rows, comments) if comments else table.modal_width(rows[:300])
    total_lines, sep, seps = _line_total(dec)
    tail_rows = _tail_rows(dec, delimiter, total_lines, complete, path)
    main, layout_opts = None, opts
    if complete and not dec.more and not comments and len(dec.head_lines) <= parsed_lines \
            and opts.skip_top is None and opts.skip_bottom is None and opts.header_rows is None:
        layout_opts, main = _main_table(rows, opts, reasons, total_lines)
        width = main.fields if main is not None else width
    found = find_layout(rows, width, layout_opts, tail=tail_rows, last_line=total_lines,
                        complete=complete, reasons=reasons, notes=notes, comments=comments)
    footer_line = total_lines - found.skip_bottom + 1
    sample = [r for r in found.body[found.data_index:] if r.line < footer_line and not table.is_blank(r)]
    columns = sample_columns(sample[: SAMPLE_ROWS if dec.small else BIG_SAMPLE_ROWS], found.names)
    codes = (_code_sample(dec, columns, delimiter, tail_rows, found.data_line, footer_line)
             if opts.text_columns is None and not dec.small and complete else None)
    formats = detect_formats(columns, opts, reasons, notes, delimiter=delimiter, code_columns=codes)
    resolved = resolve("csv", opts, formats, reasons, encoding=dec.encoding, delimiter=delimiter,
                       skip_top=found.skip_top, header_rows=found.header_rows, skip_bottom=found.skip_bottom)
    detection = Detection(
        path=os.fspath(path), format="csv", options=resolved, reasons=reasons, notes=notes,
        columns=with_groups(sample, found.names) if dec.small or not formats.na_values else found.names,
        skipped=_skipped(found, comments, main, rows), size_bytes=len(raw),
        sampled=not complete or dec.more or len(dec.head_lines) > parsed_lines)
    plan = CsvPlan(raw=dec.raw, codec=dec.codec, text=dec.text, complete=complete, total_lines=total_lines,
                   width=width, names=found.names, data_line=found.data_line, footer_line=footer_line,
                   unnamed=found.unnamed)
    if not dec.small:
        plan.start_byte = max(dec.bom, _line_start(dec.raw, found.data_line, sep, seps))
        plan.end_byte = len(dec.raw) if footer_line > total_lines else _line_start(dec.raw, footer_line, sep, seps)
    return detection, plan
