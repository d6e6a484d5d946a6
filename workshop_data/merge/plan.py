"""What a merge does, per table, before and after it is applied, and the words for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..common.i18n import t


# -- what a merge does -------------------------------------------------------------------------

@dataclass
class TableCounts:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.deleted

    def as_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "deleted": self.deleted,
                "conflicts": self.conflicts}


@dataclass
class PlannedConflict:
    table: str
    row_id: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    winner: str  # "mine" or "theirs": whose values the conflicting fields hold for now
    fields: list[str] = field(default_factory=list)  # the fields both sides changed


@dataclass
class MergePlan:
    """What merging OTHER changes, per table; ``apply_merge`` returns the one it committed."""

    other_path: Path
    other_trip_id: str
    other_trip_name: str
    first_merge: bool  # no sync point with this file yet: the split was estimated
    counts: dict[str, TableCounts] = field(default_factory=dict)
    conflicts: list[PlannedConflict] = field(default_factory=list)
    applied: bool = False
    # (ours, theirs) when the merge changes the trip's portal URL: the new one is not trusted
    # with a token until it is confirmed on this laptop (portal.trust).
    portal_change: tuple[str, str] | None = None
    _ops: list[tuple] = field(default_factory=list, repr=False)
    _bases: list[tuple] = field(default_factory=list, repr=False)

    @property
    def totals(self) -> TableCounts:
        total = TableCounts()
        for counts in self.counts.values():
            total.added += counts.added
            total.updated += counts.updated
            total.deleted += counts.deleted
            total.conflicts += counts.conflicts
        return total

    @property
    def empty(self) -> bool:
        """Nothing in the trip would change that a person would notice: no row added, updated
        or deleted, no conflict (time stamps and the sync point may still be brought up to date)."""
        return not self.totals.changes and not self.conflicts

    def rows(self) -> list[tuple[str, TableCounts]]:
        """(table, counts) for the tables that change, in merge order."""
        return [(name, c) for name, c in self.counts.items() if c.changes or c.conflicts]


# -- saying what a merge does ------------------------------------------------------------------

def table_label(name: str) -> str:
    key = f"merge.table.{name}"
    text = t(key)
    return name if text == key else text


SUMMARY_COLUMNS = ("added", "updated", "deleted", "conflicts")


def summary_lines(plan) -> list[str]:
    """The plan as lines of text: a heading, then a table of counts per table and a total."""
    lines = [t("merge.summary.heading", trip=plan.other_trip_name, path=plan.other_path)]
    if plan.first_merge:
        lines.append(t("merge.summary.first"))
    if plan.portal_change:
        lines.append(t("merge.summary.portal", mine=plan.portal_change[0] or "-",
                       theirs=plan.portal_change[1] or "-"))
    if plan.empty:
        lines.append(t("merge.summary.nothing"))
        return lines
    header = [t("merge.summary.table")] + [t(f"merge.summary.{c}") for c in SUMMARY_COLUMNS]
    rows = [[table_label(name)] + [str(v) for v in counts.as_dict().values()]
            for name, counts in plan.rows()]
    rows.append([t("merge.summary.total")] + [str(v) for v in plan.totals.as_dict().values()])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                                for i, c in enumerate(cells)).rstrip()

    lines += [line(header), *[line(r) for r in rows]]
    return lines
