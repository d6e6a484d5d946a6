"""`detect()` and `load()`: the two entry points, dispatching on format.

Size is checked before anything is read: a file above the byte limit (or
above what free memory can hold once parsed) is refused with a message, or -
when the caller asks for a sample - only its first part is loaded.
"""

from __future__ import annotations

import contextlib
import os
from typing import Callable

from ...common.i18n import t
from . import csvload, csvread, excel, jsonload, xlsxguard
from .arrowcsv import map_big_blocks
from .bigfile import FileBytes
from .damage import REPLACEMENT, damage_note
from .errors import LoadCancelled, LoadError
from .limits import DEFAULT_MAX_BYTES, byte_limit, human
from .options import Detection, LoadOptions, LoadResult
from .streams import Ticker
from .totals import split_totals
from .textio import file_size, read_bytes, sniff_format

# xlsx is zip-compressed (about 10x) and slow to parse: a smaller limit.
XLSX_SHARE = 10
SNIFF_BYTES = 1 << 16

Progress = Callable[[float], None]
Cancel = Callable[[], bool]


def _format(path, opts: LoadOptions) -> str:
    if opts.format is not None:
        if opts.format not in ("csv", "xlsx", "json", "geojson"):
            raise LoadError(t("loader.error.unknown_format", format=repr(opts.format)), path=path)
        return opts.format
    return sniff_format(path, read_bytes(path, SNIFF_BYTES))


def _check_options(path, opts: LoadOptions) -> None:
    if opts.delimiter is not None and len(opts.delimiter) != 1:
        raise LoadError(t("loader.error.delimiter", value=repr(opts.delimiter)), path=path)
    if opts.decimal is not None and opts.decimal not in (",", "."):
        raise LoadError(t("loader.error.decimal", value=repr(opts.decimal)), path=path)
    if opts.thousands is not None and opts.thousands not in ("", ".", ",", " ", "'"):
        raise LoadError(t("loader.error.thousands", value=repr(opts.thousands)), path=path)
    if opts.decimal and opts.thousands and opts.decimal == opts.thousands:
        raise LoadError(t("loader.error.same_marks", value=repr(opts.decimal)), path=path)


def _prepare(path, opts, max_bytes, sample_if_too_big):
    """(format, raw bytes - a FileBytes for a big CSV - or None for xlsx,
    complete?, warnings)."""
    _check_options(path, opts)
    map_big_blocks()
    size = file_size(path)
    if size == 0:
        raise LoadError(t("loader.error.empty"), path=path)
    fmt = _format(path, opts)
    limit, why = byte_limit(max_bytes)
    if fmt == "xlsx":
        limit //= XLSX_SHARE
        if size > limit:
            raise LoadError(t("loader.error.workbook_size", size=human(size), limit=human(limit), why=why),
                            path=path)
        xlsxguard.check_archive(path)  # what it unpacks to, before anything is parsed
        return fmt, None, True, []
    if size <= limit:
        # a big CSV is read where it lies: its bytes in memory would cost
        # as much as the parsed table
        big = fmt == "csv" and size > csvload.SMALL_FILE
        return fmt, FileBytes(path, size) if big else read_bytes(path), True, []
    if fmt != "csv" or not sample_if_too_big:
        key = "loader.error.too_big_csv" if fmt == "csv" else "loader.error.too_big"
        raise LoadError(t(key, size=human(size), limit=human(limit), why=why), path=path)
    raw = FileBytes(path, limit)
    cut = max(raw.rfind(b"\n", max(0, limit - (1 << 20))), raw.rfind(b"\r", max(0, limit - (1 << 20))))
    raw = FileBytes(path, cut + 1) if cut > 0 else raw
    return fmt, raw, False, [t("loading.size.sampled", size=human(size), read=human(len(raw)), why=why)]


@contextlib.contextmanager
def _guard(path):
    """Whatever goes wrong inside becomes a LoadError naming the file:
    a bad file must never end in a raw traceback."""
    try:
        yield
    except (LoadError, LoadCancelled):
        raise
    except MemoryError:
        raise LoadError(t("loader.error.memory"), path=path) from None
    except Exception as exc:
        raise LoadError(t("loader.error.unexpected", error=f"{type(exc).__name__}: {exc}"), path=path) from exc


def detect(path: str | os.PathLike, options: LoadOptions | None = None, *,
           max_bytes: int = DEFAULT_MAX_BYTES) -> Detection:
    """Find how to read `path`. Fields set in `options` are kept as given
    and the others detected; the result's `options` has them all. A file
    above `max_bytes` is judged by its first part (`sampled` is then True)."""
    opts = options or LoadOptions()
    with _guard(path):
        fmt, raw, complete, _ = _prepare(path, opts, max_bytes, sample_if_too_big=True)
        if fmt == "xlsx":
            return excel.detect_xlsx(path, opts)[0]
        if fmt in ("json", "geojson"):
            return jsonload.load_json(path, raw, opts)[0]
        return csvload.detect_csv(path, raw, opts, complete=complete)[0]


def _may_be_damaged(fmt: str, raw, detection: Detection) -> bool:
    """Can the table hold replacement characters? Looked for in the bytes of a file read whole
    (one C scan); a big file is judged by its first megabyte, which detection decoded."""
    if fmt == "xlsx":
        return True
    if isinstance(raw, (bytes, bytearray)):
        return REPLACEMENT.encode("utf-8") in raw or REPLACEMENT.encode("utf-16-le") in raw
    return REPLACEMENT in detection.reasons.get("encoding", "")


def load(path: str | os.PathLike, options: LoadOptions | None = None, *,
         progress: Progress | None = None, cancel: Cancel | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES, sample_if_too_big: bool = False) -> LoadResult:
    """Load `path` as a table.

    `options` fields that are None are detected. `progress(fraction)` is
    called with 0..1 as the load goes on; when `cancel()` returns True the
    load stops with LoadCancelled. A file above `max_bytes` raises LoadError,
    unless `sample_if_too_big` is True: then its first `max_bytes` are
    loaded and the result is marked `truncated`. Bad files raise LoadError.
    """
    opts = options or LoadOptions()
    tick = Ticker(path, progress, cancel, 0.0, 0.8)
    tick(0.0)
    with _guard(path):
        fmt, raw, complete, warnings = _prepare(path, opts, max_bytes, sample_if_too_big)
        if fmt == "xlsx":
            detection, frame, kinds, skipped, more = excel.load_xlsx(path, opts, tick)
        elif fmt in ("json", "geojson"):
            detection, frame, kinds, more = jsonload.load_json(path, raw, opts)
            skipped = []
        else:
            detection, plan = csvload.detect_csv(path, raw, opts, complete=complete)
            frame, kinds, skipped, more = csvread.load_csv(
                path, plan, detection.options, auto_codes=opts.text_columns is None,
                progress=progress, cancel=cancel)
            skipped = sorted(detection.skipped + skipped, key=lambda s: s.line)
    if _may_be_damaged(fmt, raw, detection):
        more.append(damage_note(frame) or "")
    frame, totals, total_labels, note = split_totals(frame, kinds, bool(opts.keep_totals))
    if note:
        more.append(note)
    more[:] = [m for m in more if m]
    if progress is not None:
        progress(1.0)
    # the options that were applied: codes as found in all rows (not only
    # in the sample detection saw), plus any the caller named
    codes = [str(c) for c in frame.columns if kinds.get(c) == "code"]
    given = [c for c in (opts.text_columns or []) if c not in codes]
    used = detection.options.updated(text_columns=codes + given)
    if opts.date_format is None and used.date_format and "date" not in kinds.values():
        # dates were seen, but no column is all dates: claim no date format
        detection.reasons["date_format"] = t("loading.dates.no_column", seen=detection.reasons.get("date_format", ""))
        used = used.updated(date_format="")
    return LoadResult(frame=frame, options=used.updated(keep_totals=bool(opts.keep_totals)),
                      detection=detection, warnings=warnings + more, skipped=skipped,
                      column_kinds=kinds, truncated=not complete, totals=totals,
                      total_labels=total_labels)
