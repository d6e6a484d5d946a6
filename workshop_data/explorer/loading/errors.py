"""The two exceptions of the loading layer.

`LoadError` is the only error a bad file produces: its message says what is
wrong and where (file, line or row, sheet, byte offset), so the UI can show it
as is. `LoadCancelled` is not a LoadError: the user pressed cancel. Both are
DatatripErrors, whose text is fit to show a user.
"""

from __future__ import annotations

import os

from ...common.errors import DatatripError
from ...common.i18n import grouped, t


class LoadError(DatatripError):
    """A file could not be read as a table.

    The message reads "<where>: <what>", e.g.
    ``"data.csv, line 13: ..."``. The parts are also kept as attributes so
    the UI can highlight the spot.
    """

    def __init__(
        self,
        what: str,
        *,
        path: str | os.PathLike | None = None,
        line: int | None = None,
        row: int | None = None,
        column: int | str | None = None,
        sheet: str | None = None,
        offset: int | None = None,
    ) -> None:
        self.what = what
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.row = row
        self.column = column
        self.sheet = sheet
        self.offset = offset
        super().__init__(self._format())

    @property
    def where(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(os.path.basename(self.path))
        if self.sheet is not None:
            parts.append(t("loader.where.sheet", sheet=repr(self.sheet)))
        if self.line is not None:
            parts.append(t("loader.where.line", line=self.line))
        if self.row is not None:
            parts.append(t("loader.where.row", row=self.row))
        if self.column is not None:
            parts.append(t("loader.where.column", column=self.column))
        if self.offset is not None:
            parts.append(t("loader.where.offset", offset=grouped(self.offset)))
        return ", ".join(parts)

    def _format(self) -> str:
        where = self.where
        return f"{where}: {self.what}" if where else self.what


class LoadCancelled(DatatripError):
    """Raised when the ``cancel()`` callback asked to stop a load (not a
    LoadError: nothing is wrong with the file)."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        name = os.path.basename(os.fspath(path)) if path is not None else "file"
        super().__init__(t("loader.cancelled", file=name))
