"""Text files that are not tables, recognised so the message says what they are.

An SPSS syntax export (.sps) is a list of commands - ``GET DATA``, ``DATA
LIST``, ``VARIABLE LABELS`` - that describes (and sometimes holds) data;
read as a CSV it gives a table of one column of commands. The user is told
what the file is and what to export instead.
"""

from __future__ import annotations

import re

from ...common.i18n import t
from .errors import LoadError

_SPSS = re.compile(
    r"^\s*(GET\s+DATA|DATA\s+LIST|BEGIN\s+DATA|END\s+DATA|VARIABLE\s+LABELS|VALUE\s+LABELS|"
    r"VARIABLE\s+LEVEL|FORMATS|MISSING\s+VALUES|SAVE\s+OUTFILE|GET\s+FILE|EXECUTE)\b",
    re.IGNORECASE | re.MULTILINE)


_FILE = re.compile(r"/FILE\s*=\s*['\"]([^'\"]+)['\"]", re.IGNORECASE)


def check_text(head: str, path) -> None:
    """Raise LoadError when the start of a text file is a known non-table."""
    found = {" ".join(m.group(1).upper().split()) for m in _SPSS.finditer(head[:1 << 16])}
    if len(found) >= 2:
        shown = ", ".join(sorted(found)[:4])
        source = _FILE.search(head)
        todo = (t("loader.spss.source", file=repr(source.group(1))) if source else t("loader.spss.export"))
        raise LoadError(t("loader.error.spss_syntax", commands=shown, todo=todo), path=path)
