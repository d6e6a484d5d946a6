"""Step 2 of the pipeline - decode: the text of a CSV, TSV or TXT file.

The encoding is detected (or given), UTF-16 is re-encoded as UTF-8 once,
a BOM is stepped over, and small files are decoded whole while big ones
only at their start (the parsers read the rest as bytes). Text that is not
a table (NUL characters, one endless line, an SPSS syntax file) is refused
here with a message that says what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...common.i18n import grouped, t
from . import foreign
from .bigfile import FileBytes
from .errors import LoadError
from .options import LoadOptions
from .textio import check_binary, check_line_lengths, decode, detect_encoding, split_lines

HEAD_CHARS = 1 << 20  # bytes/characters of a big file examined at the start
# ... of which a quarter is decoded first: it holds the lines detection reads (the
# thousand rows of csvload.BIG_SAMPLE_ROWS and what is above them) unless they are long,
# and splitting and checking a megabyte of lines was a sixth of detecting a big file
BIG_HEAD_CHARS = HEAD_CHARS // 4
BIG_HEAD_LINES = 2000


@dataclass
class Decoded:
    raw: bytes | FileBytes  # the file (UTF-16 re-encoded as UTF-8); big files stay on disk
    encoding: str  # as detected or given
    codec: str  # codec of `raw` for the parsers
    bom: int  # bytes of BOM at the start of raw
    text: str | None  # the whole text of a small file
    head_lines: list[str]  # the first lines (all of a small file's first MiB)
    more: bool  # there is more text than head_lines
    small: bool


def is_utf16(encoding: str) -> bool:
    return encoding.lower().replace("_", "-").startswith("utf-16")


def _codec(path, raw, encoding: str, complete: bool):
    """(raw, codec, bom) ready for the parsers."""
    if is_utf16(encoding):  # rare and small: re-encode once, then it is UTF-8
        return decode(raw[:], encoding, path, complete=complete).encode("utf-8"), "utf-8", 0
    if encoding.lower().replace("_", "-") == "utf-8-sig":
        return raw, "utf-8", 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    return raw, encoding, 0


def _head_text(path, raw, codec: str, bom: int, small: bool):
    """(whole text or None, head text, more text after the head?)."""
    if small:
        text = decode(raw[bom:], codec, path)
        return text, text[:HEAD_CHARS], len(text) > HEAD_CHARS
    for size in (BIG_HEAD_CHARS, HEAD_CHARS):
        try:
            head = decode(raw[bom : bom + size], codec, path, complete=False)
        except LoadError as exc:
            raise LoadError(exc.what, path=path, line=exc.line, offset=(exc.offset or 0) + bom) from None
        if max(head.count("\n"), head.count("\r")) > BIG_HEAD_LINES:
            break
    return None, head, len(raw) > bom + size


def _check_text(path, raw, head_text: str) -> None:
    if not head_text.strip():
        raise LoadError(t("loader.error.no_text"), path=path)
    if "\x00" in head_text[:65536]:
        raise LoadError(t("loader.error.nul_chars"), path=path, offset=raw.find(b"\x00"))
    foreign.check_text(head_text, path)


def decode_head(path, raw, opts: LoadOptions, reasons: dict, *, complete: bool, small_file: int) -> Decoded:
    """Decode `raw` (the whole file, or its first part when not `complete`)."""
    if opts.encoding is None:
        encoding, reasons["encoding"] = detect_encoding(raw, complete=complete)
        if not is_utf16(encoding):  # UTF-16 is full of NUL bytes
            check_binary(raw, path)
    else:
        encoding = opts.encoding
    raw, codec, bom = _codec(path, raw, encoding, complete)
    small = complete and len(raw) <= small_file
    text, head_text, more = _head_text(path, raw, codec, bom, small)
    head_text = head_text.lstrip("\ufeff")  # a BOM read with plain "utf-8"
    _check_text(path, raw, head_text)
    head_lines = split_lines(head_text)
    if more and head_lines and not head_lines[-1].endswith(("\n", "\r")):
        if len(head_lines) == 1:  # the first MiB holds no line break at all
            raise LoadError(t("loader.error.no_line_break", chars=grouped(len(head_lines[0]))),
                            path=path, line=1)
        head_lines = head_lines[:-1]  # cut off mid-line
    check_line_lengths(head_lines, path)
    return Decoded(raw, encoding, codec, bom, text, head_lines, more, small)
