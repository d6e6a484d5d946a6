"""Text files that are not tables, recognised so the message says what they are.

An SPSS syntax export (.sps) is a list of commands - ``GET DATA``, ``DATA
LIST``, ``VARIABLE LABELS`` - that describes (and sometimes holds) data;
read as a CSV it gives a table of one column of commands. The user is told
what the file is and what to export instead.
"""

from __future__ import annotations

import re

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
        todo = (f"it reads its data from {source.group(1)!r}: open that file instead"
                if source else "open the data in SPSS and export it with File > Export > CSV Data")
        raise LoadError(f"this is an SPSS syntax file (commands such as {shown}), not a table; {todo}",
                        path=path)
