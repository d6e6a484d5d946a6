"""A rank or points ballot while the voter works on it, before it is saved.

Each item is in one of three states: decided (a place in the ranking, or a number of points —
0 included), skipped on purpose, or undecided. Ballots start with every item undecided: a random
pre-order that the voter only has to confirm would count as a real ranking and put noise into
the Borda count. The screen on the laptop and the phone page work on the same drafts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..common.i18n import t
from .rounds import POINTS, RANK


class Ballot(Protocol):
    """What a draft is made from: a :class:`ballots.Ballot` (named here, not imported, so that
    ballots can build on this module)."""

    items: list[Any]
    round: Any

    def ranked(self) -> list[str]: ...
    def skipped(self, criterion: str) -> list[str]: ...
    def allocation(self) -> dict[str, int]: ...


@dataclass
class RankDraft:
    """The ranked datasets best first, those left out on purpose, and those not placed yet."""

    order: list[str]
    skipped: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    wanted: dict[str, int] = field(default_factory=dict)  # the place typed for a dataset

    @classmethod
    def of(cls, ballot: Ballot) -> RankDraft:
        ids = [item.dataset_id for item in ballot.items]
        order = ballot.ranked()
        skipped = ballot.skipped(RANK)
        placed = set(order) | set(skipped)
        return cls(order, skipped, [ds for ds in ids if ds not in placed])

    @property
    def complete(self) -> bool:
        return not self.undecided

    def rows(self) -> list[str]:
        return self.order + self.undecided + self.skipped

    def state(self, index: int) -> str:
        """``ranked``, ``undecided`` or ``skipped``: what the row at ``index`` is."""
        if index < len(self.order):
            return "ranked"
        return "undecided" if index < len(self.order) + len(self.undecided) else "skipped"

    def move(self, index: int, step: int) -> int:
        """Move the ranked dataset at ``index`` up (-1) or down (+1); its new index."""
        there = index + step
        if index < len(self.order) and 0 <= there < len(self.order):
            self.order[index], self.order[there] = self.order[there], self.order[index]
            return there
        return index

    def place(self, index: int) -> int:
        """Put an undecided or skipped dataset at the end of the ranking; its new index."""
        ds = self.rows()[index]
        if ds in self.order:
            return index
        (self.undecided if ds in self.undecided else self.skipped).remove(ds)
        self.order.append(ds)
        return len(self.order) - 1

    def rank_as(self, index: int, place: int) -> int:
        """Give the dataset at ``index`` the place ``place`` (1 = best) typed as a digit; the
        index of the next undecided dataset (or of this one when none is left).

        Typed places keep their order whatever order they are typed in: the dataset goes after
        every ranked one typed with a place not higher, and after those placed with space that
        stand above that place; so typing 3, 1, 5, 2, 4 down a list ranks it exactly so."""
        ds = self.rows()[index]
        for group in (self.order, self.undecided, self.skipped):
            if ds in group:
                group.remove(ds)
        before = sum(1 for n, other in enumerate(self.order, start=1)
                     if (self.wanted[other] <= place if other in self.wanted else n < place))
        self.order.insert(before, ds)
        self.wanted[ds] = place
        return len(self.order) if self.undecided else self.order.index(ds)

    def toggle_skip(self, index: int) -> int:
        """Leave the dataset at ``index`` out on purpose, or (when it was) undecide it again."""
        ds = self.rows()[index]
        if ds in self.skipped:
            self.skipped.remove(ds)
            self.undecided.append(ds)
            return len(self.order) + len(self.undecided) - 1
        (self.order if ds in self.order else self.undecided).remove(ds)
        self.skipped.insert(0, ds)
        return len(self.order) + len(self.undecided)


@dataclass
class PointsDraft:
    """A points ballot being filled in; :meth:`give` refuses what breaks the round's rules."""

    budget: int
    cap: int | None
    alloc: dict[str, int]
    skipped: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, ballot: Ballot) -> PointsDraft:
        return cls(ballot.round.points_budget, ballot.round.points_cap, ballot.allocation(),
                   set(ballot.skipped(POINTS)))

    @property
    def spent(self) -> int:
        return sum(self.alloc.values())

    def decided(self, dataset_id: str) -> bool:
        return dataset_id in self.alloc or dataset_id in self.skipped

    def complete(self, dataset_ids) -> bool:
        return all(self.decided(ds) for ds in dataset_ids)

    def give(self, dataset_id: str, points: int) -> str | None:
        """Set the points of one dataset; the problem (and no change) if that is not allowed."""
        trial = {**self.alloc, dataset_id: points}
        problem = points_problem(trial, self.budget, self.cap)
        if problem is None:
            self.alloc = trial
            self.skipped.discard(dataset_id)
        return problem

    def toggle_skip(self, dataset_id: str) -> None:
        if dataset_id in self.skipped:
            self.skipped.discard(dataset_id)
        else:
            self.alloc.pop(dataset_id, None)
            self.skipped.add(dataset_id)


def points_problem(allocation: Mapping[str, int], budget: int, cap: int | None) -> str | None:
    """The first thing wrong with an allocation, in the user's language; None when valid."""
    for pts in allocation.values():
        if isinstance(pts, bool) or not isinstance(pts, int) or pts < 0:
            return t("ranking.points.whole")
        if cap is not None and pts > cap:
            return t("ranking.points.over_cap", cap=cap)
    total = sum(allocation.values())
    if total > budget:
        return t("ranking.points.over_budget", total=total, budget=budget)
    return None
