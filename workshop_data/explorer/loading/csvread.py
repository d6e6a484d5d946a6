"""CSV, TSV and TXT tables: loading, once csvload has detected the layout.

Small files (up to csvload.SMALL_FILE bytes) are parsed with the csv module
from the decoded text: exact line numbers for every skipped, short or long
row. Big files go as bytes to pyarrow's multi-threaded reader when it is
installed and the file is clean, else to pandas' C parser.
"""

from __future__ import annotations

import csv
import warnings as _warnings

from ...common.i18n import t, tn
from . import table
from .arrowcsv import read_arrow as _arrow_frame
from .arrowtext import text_series
from .convert import Rules, convert_frame
from .bigfile import quotes_before
from .csvload import TAIL_CHARS, CsvPlan
from .decoding import BIG_HEAD_CHARS
from .errors import LoadError
from .labels import add_groups, split_label_frame, split_labels
from .options import LoadOptions, SkippedLine
from .streams import Ticker, open_stream
from .textio import MAX_LINE_CHARS, check_line_lengths, split_lines

__all__ = ["load_csv"]


def _small_rows(plan: CsvPlan, opts: LoadOptions, tick: Ticker, path):
    """Data records of a small file via the csv module: (list of cell lists,
    skipped lines, warnings). One pass: rows of the header's width that are
    not blank (nearly all) cost a join and a strip, nothing more."""
    lines = split_lines(plan.text)
    region = lines[plan.data_line - 1 : plan.footer_line - 1]
    # by length, before the csv module (whose limit another library may have raised) sees them
    check_line_lengths(region, path, first_line=plan.data_line)
    if csv.field_size_limit() < MAX_LINE_CHARS:
        csv.field_size_limit(MAX_LINE_CHARS)
    reader = csv.reader(region, delimiter=opts.delimiter, quotechar='"', strict=False)
    width, first, total = len(plan.names), plan.data_line, max(1, len(region))
    data, numbers, skipped, short = [], [], [], []
    done = 0  # physical lines read before the current record
    try:
        for number, cells in enumerate(reader):
            line, end_line, done = first + done, first + reader.line_num - 1, reader.line_num
            if number % 5000 == 0:
                tick(done / total)
            if end_line > line and (end_line - line > 100 or (
                    done >= len(region) and end_line >= plan.total_lines
                    and sum(c.count('"') for c in lines[line - 1 : end_line]) % 2)):
                raise LoadError(t("loader.error.runs_on", end=end_line), path=path, line=line)
            if not "".join(cells).strip():
                skipped.append(SkippedLine(line, "blank"))
                continue
            if len(cells) > width:
                if any(c.strip() for c in cells[width:]):
                    skipped.append(SkippedLine(line, f"too many fields: {len(cells)} instead of {width}",
                                               table.row_text(table.Row(line, cells, end_line))))
                    continue
                cells = cells[:width]
            elif len(cells) < width:
                short.append(line)
                cells = cells + [None] * (width - len(cells))
            data.append(cells)
            numbers.append(line)
            if opts.max_rows is not None and len(data) >= opts.max_rows:
                break
    except csv.Error as exc:
        raise LoadError(t("loader.error.unsplittable", error=exc), path=path, line=first + done) from None
    warns = []
    if short:
        shown = ", ".join(map(str, short[:10])) + (" ..." if len(short) > 10 else "")
        warns.append(tn("loading.csv.short_lines", len(short), width=width, lines=shown))
    return data, numbers, skipped, warns


def _c_frame(plan: CsvPlan, opts: LoadOptions, tick: Ticker, path):
    """pandas' C parser: (frame with columns 0..n-1, skipped lines, warnings)."""
    import pandas as pd

    width = len(plan.names)
    dtype = {j: "str" for j, name in enumerate(plan.names) if name in (opts.text_columns or [])}
    thousands = opts.thousands or None
    if thousands == " ":
        thousands = None  # the C parser does not strip the padding; the converter does
    skipped: list[SkippedLine] = []
    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                open_stream(plan.raw, plan.start_byte, plan.end_byte, tick),
                sep=opts.delimiter, quotechar='"', header=None, names=list(range(width)), index_col=False,
                encoding=plan.codec, decimal=opts.decimal, thousands=thousands, dtype=dtype or None,
                na_values=["", *opts.na_values], keep_default_na=False, skip_blank_lines=True,
                on_bad_lines="warn", low_memory=False, nrows=opts.max_rows, engine="c",
            )
        except UnicodeDecodeError as exc:
            raise LoadError(t("loader.error.not_codec", codec=plan.codec, reason=exc.reason), path=path) from None
        except (ValueError, pd.errors.ParserError) as exc:
            raise LoadError(t("loader.error.unparsable", error=exc), path=path, line=plan.data_line) from None
    for w in caught:
        for part in str(w.message).splitlines():
            # "Skipping line 7: expected 5 fields, saw 6"
            if part.startswith("Skipping line "):
                number, _, why = part[len("Skipping line "):].partition(":")
                if number.isdigit():
                    skipped.append(SkippedLine(plan.data_line + int(number) - 1,
                                               "too many fields:" + why.replace("expected", "").strip()))
    warns = []
    if skipped:
        warns.append(tn("loading.csv.long_rows", len(skipped)))
    return frame, skipped, warns


MAX_BLANKS = 1000  # listed; a file with more blank lines is not a table of them


def _blank_lines(plan: CsvPlan) -> list[SkippedLine]:
    """Empty lines between header and footer of a big file, found in its
    bytes (a C-speed search per block, no decoding), with their numbers."""
    found: list[SkippedLine] = []
    raw, start, end = plan.raw, plan.start_byte, plan.end_byte
    line, pos, carry = plan.data_line, start, b""
    step = 8 << 20
    while pos < end and len(found) < MAX_BLANKS:
        block = carry + raw[pos : min(end, pos + step)]
        base = pos - len(carry)
        for sep in (b"\n\n", b"\n\r\n"):
            at = block.find(sep)
            while at >= 0 and len(found) < MAX_BLANKS:
                if not quotes_before(raw, base + at) % 2:  # not inside a quoted value
                    found.append(SkippedLine(line + block.count(b"\n", 0, at + 1), "blank"))
                at = block.find(sep, at + 1)
        line += block.count(b"\n", 0, len(block) - 2) if len(block) > 2 else 0
        carry = block[-2:] if len(block) >= 2 else block
        pos += step
    return sorted({s.line: s for s in found}.values(), key=lambda s: s.line)


def _padded(data: bytes, delimiter: str) -> bool:
    """Could values have spaces around them? Stripping a million strings
    costs more than parsing them, so for big files only the bytes of the
    first and last part are checked: padding is a habit of the exporting
    system, not of single rows."""
    d = delimiter.encode()
    probes = [b" " + d, d + b" ", b" \n", b" \r", b"\n ", b'" ', b' "', b"\t" + d, d + b"\t"]
    return data[:1].isspace() or data[-1:] in (b" ", b"\t") or any(p in data for p in probes)


def load_csv(path, plan: CsvPlan, opts: LoadOptions, *, auto_codes: bool = True, progress=None, cancel=None):
    """(frame, kinds, skipped lines, warnings) for resolved options. With
    `auto_codes` every column is checked for codes (not only those the
    sample found), so a leading zero in the last row still counts."""
    import pandas as pd

    tick = Ticker(path, progress, cancel, 0.0, 0.8)
    tick(0.0)
    names = plan.names
    big = plan.text is None
    if not big:
        data, lines, skipped, warns = _small_rows(plan, opts, tick, path)
        data, lines, groups, labels = split_labels(data, lines, len(names))
        skipped += labels
        columns = list(zip(*data)) if data else [()] * len(names)
        frame = pd.DataFrame({j: _text_series(col, pd) for j, col in enumerate(columns)}, copy=False)
        padded = True
    else:
        frame = _arrow_frame(plan, opts, tick)
        skipped, warns, groups = [], [], None
        if frame is None:
            frame, skipped, warns = _c_frame(plan, opts, tick, path)
        if len(frame) + len(skipped) < plan.footer_line - plan.data_line:
            # fewer records than lines: blank lines (which the bulk parsers drop without a
            # word) or quoted line breaks - only then is the file searched for them
            skipped += _blank_lines(plan)
        start, end = plan.start_byte, plan.end_byte
        head = plan.raw[start : min(end, start + BIG_HEAD_CHARS)]
        tail = plan.raw[max(start + len(head), end - TAIL_CHARS) : end]
        padded = _padded(head + b"\n" + tail if tail else head, opts.delimiter)
        # rows of only delimiters: the parsers give all-NaN rows (a row can
        # only be all-NaN when its first cell is)
        if len(frame.columns) and bool(frame[0].isna().any()):
            blank = frame.isna().all(axis=1)
            if bool(blank.any()):
                frame = frame.loc[~blank].reset_index(drop=True)
                warns.append(tn("loading.csv.empty_rows", int(blank.sum())))
        if not opts.na_values:  # else the parser made markers NaN: a row of "." is no label
            frame, groups, labels = split_label_frame(frame, plan.data_line)
            skipped += labels
    tick(1.0)
    frame.columns = names
    # Small files: look for codes in every row. Big files: the parser has
    # already read numbers as numbers, so the codes are those the sample found.
    codes = None if auto_codes and not big else opts.text_columns
    rules = Rules(decimal=opts.decimal, thousands=opts.thousands, na_values=opts.na_values,
                  date_format=opts.date_format, text_columns=codes,
                  tolerance=opts.numeric_tolerance, strip=padded, parsed_na=big,
                  number_columns=list(opts.number_columns or []))
    # a delimiter at the end of every data line makes a column with neither
    # a name nor a value: leave it out
    empty = [names[j] for j in plan.unnamed if len(frame) and _blank_column(frame[names[j]])]
    if empty:
        frame = frame.drop(columns=empty)
        warns.append(tn("loading.csv.unnamed_empty", len(empty), columns=", ".join(empty)))
    add_groups(frame, groups)
    frame, kinds, conv_warnings = convert_frame(frame, rules, Ticker(path, progress, cancel, 0.8, 0.98))
    return frame, kinds, skipped, warns + conv_warnings


def _text_series(cells, pd):
    """A column of cells as Arrow-backed text when pyarrow is there:
    stripping, matching and number parsing then run in Arrow's kernels,
    several times faster than on Python strings, and the typed columns
    come out the same."""
    try:
        import pyarrow as pa
    except ImportError:
        return pd.Series(cells, dtype=object)
    return text_series(pa.array(cells, pa.large_string()))


def _blank_column(s) -> bool:
    return all(v is None or v != v or (isinstance(v, str) and not v.strip()) for v in s.tolist())
