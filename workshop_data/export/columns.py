"""The building blocks of an export: a :class:`Column` with its type and labels, a :class:`Table`
of plain Python values, and the conversions of the stored text to dates and times."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any

from ..common.i18n import t


@dataclass(frozen=True)
class Column:
    name: str                  # machine name: CSV header, Data Package field name
    label: str                 # catalogue key of the header people read
    type: str = "string"       # Frictionless type: string integer number boolean date datetime
    machine: bool = False      # only in the Data Package (ids, to join the tables)
    people: bool = False       # not in the Data Package (a list of titles; it has link tables)
    codes: str = ""            # catalogue prefix that turns a code into words ("status.")
    width: int = 0             # a hint for Excel: characters (0: from the content)

    def label_text(self) -> str:
        return t(self.label)

    def human(self, value: Any) -> Any:
        """The value as people read it: a code becomes its translated word."""
        if self.codes and isinstance(value, str) and value:
            text = t(f"{self.codes}{value}")
            return value if text == f"{self.codes}{value}" else text
        return value


@dataclass
class Table:
    name: str                  # file and sheet key: "participants"
    title: str                 # catalogue key of the sheet title
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    description: str = ""      # catalogue key, for the Data Package

    def human_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if not c.machine]

    def machine_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if not c.people]

    def keeping(self, names: set[str] | frozenset[str]) -> Table:
        return self.without({c.name for c in self.columns if c.name not in names})

    def without(self, names: set[str]) -> Table:
        keep = [i for i, c in enumerate(self.columns) if c.name not in names]
        return replace(self, columns=[self.columns[i] for i in keep],
                       rows=[[row[i] for i in keep] for row in self.rows])


# -- conversions -------------------------------------------------------------------------------

def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_stamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
