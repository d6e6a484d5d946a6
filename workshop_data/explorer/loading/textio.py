"""Bytes-level work: reading a file safely, recognising its format from the
first bytes, guessing the text encoding and cutting text into lines.

Nothing here needs pandas.
"""

from __future__ import annotations

import codecs
import os
import re

from ...common.i18n import grouped, t
from .bigfile import CP1252_UNDEFINED, FileBytes, iter_blocks
from .errors import LoadError

# A "table" line longer than this with no line break is not a table (it is a
# minified JSON file, a binary blob or a file with only CR line breaks that we
# failed to see); 1 MiB is far above any real CSV row.
MAX_LINE_CHARS = 1 << 20

# Bytes that say "this is not a text table", with the key of the message for the user.
_MAGIC: list[tuple[bytes, str]] = [
    (b"\xd0\xcf\x11\xe0", "loader.magic.xls"),
    (b"%PDF", "loader.magic.pdf"),
    (b"\x89PNG", "loader.magic.png"),
    (b"\xff\xd8\xff", "loader.magic.jpeg"),
    (b"GIF8", "loader.magic.gif"),
    (b"\x1f\x8b", "loader.magic.gzip"),
    (b"SQLite format 3", "loader.magic.sqlite"),
    (b"7z\xbc\xaf", "loader.magic.7z"),
    (b"Rar!", "loader.magic.rar"),
    (b"$FL2", "loader.magic.sav"),
    (b"$FL3", "loader.magic.zsav"),
    (b"PAR1", "loader.magic.parquet"),
    (b"<stata_dta>", "loader.magic.stata"),
]

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def file_size(path: str | os.PathLike) -> int:
    """Size in bytes, or a LoadError saying why the file cannot be read."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise LoadError(t("loader.error.not_found"), path=path) from None
    except OSError as exc:
        raise LoadError(t("loader.error.cannot_open", reason=exc.strerror), path=path) from None
    if os.path.isdir(path):
        raise LoadError(t("loader.error.folder"), path=path)
    return st.st_size


def read_bytes(path: str | os.PathLike, limit: int | None = None, *, tail: bool = False) -> bytes:
    """The first (or with tail=True the last) `limit` bytes, or all of them."""
    try:
        with open(path, "rb") as fh:
            if tail and limit is not None:
                size = fh.seek(0, os.SEEK_END)
                fh.seek(max(0, size - limit))
            return fh.read() if limit is None else fh.read(limit)
    except OSError as exc:
        raise LoadError(t("loader.error.cannot_read", reason=exc.strerror), path=path) from None


def sniff_format(path: str | os.PathLike, head: bytes) -> str:
    """"csv", "xlsx", "json" or "geojson" from the first bytes and the name.

    Content wins over the extension where it is unambiguous: a zip archive is
    tried as a workbook, text starting with "{" or "[" as JSON.
    """
    for magic, message in _MAGIC:
        if head.startswith(magic):
            raise LoadError(t(message), path=path)
    ext = os.path.splitext(os.fspath(path))[1].lower()
    if head.startswith(b"PK\x03\x04") or ext in (".xlsx", ".xlsm"):
        return "xlsx"
    if ext == ".geojson":
        return "geojson"
    if ext == ".json":
        return "json"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    return "csv"


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: every other byte is NUL in ASCII-heavy text."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def line_of_offset(raw: bytes, offset: int) -> int:
    """1-based line number of a byte offset (counting LF, or CR in old Mac
    files that have no LF at all)."""
    sep = b"\r" if b"\n" not in raw and b"\r" in raw else b"\n"
    return raw.count(sep, 0, offset) + 1


def check_binary(raw: bytes, path: str | os.PathLike) -> None:
    """Refuse data that is clearly not text (NUL bytes, many control bytes)."""
    sample = raw[: 1 << 16]
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise LoadError(t("loader.error.nul_byte"),
                        path=path, offset=nul)
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13))
    if sample and controls > 0.01 * len(sample):
        raise LoadError(t("loader.error.control_bytes", count=controls, size=grouped(len(sample))),
                        path=path)


def detect_encoding(raw: bytes, *, complete: bool = True) -> tuple[str, str]:
    """(codec name, reason). `complete` False means `raw` is only the start
    of the file, so a multi-byte character cut at the end is not an error."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", t("loading.encoding.bom")
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", t("loading.encoding.utf16_bom")
    utf16 = _looks_utf16(raw)
    if utf16:
        return utf16, t("loading.encoding.utf16")
    bad_at = None if raw.isascii() else _first_invalid_utf8(raw, complete)  # isascii: a fast C scan
    if bad_at is not None:
        bad = raw[bad_at : bad_at + 1][0]
        where = t("loading.encoding.where", byte=f"0x{bad:02X}", offset=grouped(bad_at),
                  line=line_of_offset(raw, bad_at))
        char = bytes([bad]).decode("cp1252", "replace")
        if char == "\ufffd" or _undefined_in_cp1252(raw):
            return "latin-1", t("loading.encoding.latin1", where=where)
        return "cp1252", t("loading.encoding.cp1252", where=where, char=repr(char))
    head = raw[: 1 << 20]
    non_ascii = [] if head.isascii() else sorted(set(re.findall(r"[^\x00-\x7f]", head.decode("utf-8", "ignore"))))
    if non_ascii:
        shown = " ".join(non_ascii[:8])
        return "utf-8", t("loading.encoding.utf8", chars=shown)
    return "utf-8", t("loading.encoding.ascii")


def _undefined_in_cp1252(raw) -> bool:
    """Does any of the 5 bytes cp1252 leaves undefined occur? As exact as
    decoding it all, and 8x faster."""
    if isinstance(raw, FileBytes):
        return raw.survey().cp1252_undefined
    return any(byte in raw for byte in CP1252_UNDEFINED)


def _first_invalid_utf8(raw, complete: bool) -> int | None:
    """Offset of the first byte that is not valid UTF-8, or None. Decoded
    block by block: the text of a 50 MB file is never built at once."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for offset, block in iter_blocks(raw):
        pending = len(decoder.getstate()[0])  # bytes of a character cut by the last block
        try:
            decoder.decode(block, final=complete and offset + len(block) >= len(raw))
        except UnicodeDecodeError as exc:
            return offset - pending + exc.start
    return None


def decode(raw: bytes, encoding: str, path: str | os.PathLike, *, complete: bool = True) -> str:
    """Text of `raw`; a LoadError names the first byte that does not fit."""
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise LoadError(t("loader.error.unknown_encoding", encoding=repr(encoding)), path=path) from None
    try:
        return decoder.decode(raw, final=complete)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex().upper()
        raise LoadError(
            t("loader.error.not_in_encoding", encoding=encoding, byte=bad),
            path=path, line=line_of_offset(raw, exc.start), offset=exc.start,
        ) from None


def split_lines(text: str) -> list[str]:
    """Lines with their line breaks kept; CRLF, LF and lone CR all count.

    (str.splitlines also splits on form feeds, U+2028 and latin-1's NEL,
    which are not line breaks in a CSV.)
    """
    return _LINE_RE.findall(text)


def check_line_lengths(lines: list[str], path: str | os.PathLike, *, first_line: int = 1) -> None:
    """Refuse a line longer than MAX_LINE_CHARS: no table has such rows."""
    if not lines or max(map(len, lines)) <= MAX_LINE_CHARS:  # the usual case, at C speed
        return
    for i, line in enumerate(lines):
        if len(line) > MAX_LINE_CHARS:
            number = first_line + i
            raise LoadError(
                t("loader.error.line_too_long", line=number, chars=grouped(len(line))),
                path=path, line=number,
            )
