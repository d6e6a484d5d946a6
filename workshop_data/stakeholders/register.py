"""Atelier 2: the stakeholder register, the influence × interest grid and links.

Invitations to the final atelier are in :mod:`workshop_data.stakeholders.invitations`.

**Strategy.** Each stakeholder sits on a 5 × 5 grid of influence (1–5) and interest (1–5). Its
Mendelow strategy follows from the position and is never stored or typed by hand:

=====================  =====================  =====================
                       interest 1–3 (low)     interest 4–5 (high)
influence 4–5 (high)   keep satisfied         manage closely
influence 1–3 (low)    monitor                keep informed
=====================  =====================  =====================

A score counts as *high* from 4 up; the middle score 3 counts as *low*. Managing a stakeholder
closely costs the most effort, so it is kept for those clearly above the middle on both axes, and a
new stakeholder (3, 3 by default) starts in "monitor" until the room places it deliberately.

**Privacy.** A stakeholder's ``contact`` is private. :func:`markers` (the projected grid) never
carries it; only the register does (and the facilitator's invitee list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..common.errors import NotFound, ValidationError
from ..common.i18n import t
from ..common.model import ATTITUDES, CATEGORIES, Stakeholder
from ..inventory.similar import fold
from . import ladder
from ..common.store import Repo, Store

SCALE = (1, 2, 3, 4, 5)
HIGH = 4  # a score of HIGH or more is "high"; 3, the middle, counts as low (see above)

STRATEGIES = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")


# -- strategy and position ---------------------------------------------------------------------

def is_high(score: int) -> bool:
    return score >= HIGH


def strategy(influence: int, interest: int) -> str:
    """The Mendelow strategy for a position: one of :data:`STRATEGIES`."""
    if is_high(influence):
        return "manage_closely" if is_high(interest) else "keep_satisfied"
    return "keep_informed" if is_high(interest) else "monitor"


def clamp(score: int) -> int:
    return max(SCALE[0], min(SCALE[-1], score))


def move(store: Store, stakeholder_id: str, influence: int = 0, interest: int = 0) -> Stakeholder:
    """Move a stakeholder ``influence``/``interest`` steps on the grid (kept within 1–5), stored.

    Returns the stakeholder as it is afterwards; nothing is written when it was already at the
    edge it was pushed against.
    """
    current = store.stakeholders.get(stakeholder_id)
    new_influence = clamp(current.influence + influence)
    new_interest = clamp(current.interest + interest)
    if (new_influence, new_interest) == (current.influence, current.interest):
        return current
    return store.stakeholders.update(stakeholder_id, influence=new_influence,
                                     interest=new_interest)


def place(store: Store, stakeholder_id: str, influence: int, interest: int) -> Stakeholder:
    """Put a stakeholder at a position (the undo of a move)."""
    return store.stakeholders.update(stakeholder_id, influence=clamp(influence),
                                     interest=clamp(interest))


# -- the register ------------------------------------------------------------------------------

def _checked(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    for name in ("influence", "interest"):
        if name in values:
            try:
                values[name] = int(values[name])
            except (TypeError, ValueError):
                raise ValidationError(name, t("stakeholders.bad_score")) from None
            if values[name] not in SCALE:
                raise ValidationError(name, t("stakeholders.bad_score"))
    if "category" in values and values["category"] not in CATEGORIES:
        raise ValidationError("category", t("stakeholders.bad_choice"))
    if "attitude" in values and values["attitude"] not in ATTITUDES:
        raise ValidationError("attitude", t("stakeholders.bad_choice"))
    for name in ("current_engagement", "desired_engagement"):
        if name in values:  # a code, or a word that names one ("raadplegen", "Consult")
            code = ladder.code_for(values[name])
            if code is None:
                raise ValidationError(name, t("ladder.bad_rung"))
            values[name] = code
    if values.get("owner_id") == "":
        values["owner_id"] = None
    return values


def create_stakeholder(store: Store, **values: Any) -> Stakeholder:
    """A new stakeholder; the participant who owns the relation is linked to it as well."""
    values = _checked(values)
    with store.transaction():
        made = store.stakeholders.create(**values)
        if made.owner_id:
            link_participant(store, made.id, made.owner_id)
    return made


def update_stakeholder(store: Store, stakeholder_id: str, **values: Any) -> Stakeholder:
    values = _checked(values)
    with store.transaction():
        saved = store.stakeholders.update(stakeholder_id, **values)
        if saved.owner_id:
            link_participant(store, saved.id, saved.owner_id)
    return saved


@dataclass
class Deleted:
    """What :func:`delete_stakeholder` removed, for the undo."""

    stakeholder_id: str
    name: str
    invitation_ids: list[str] = field(default_factory=list)


def delete_stakeholder(store: Store, stakeholder_id: str) -> Deleted:
    """Soft-delete a stakeholder together with its open invitations (they leave the counts)."""
    with store.transaction():
        gone = store.stakeholders.delete(stakeholder_id)
        invitations = [inv.id for inv in store.invitations.list(stakeholder_id=stakeholder_id)]
        for invitation_id in invitations:
            store.invitations.delete(invitation_id)
    return Deleted(gone.id, gone.name, invitations)


def restore_stakeholder(store: Store, deleted: Deleted) -> Stakeholder:
    with store.transaction():
        back = store.stakeholders.restore(deleted.stakeholder_id)
        for invitation_id in deleted.invitation_ids:
            store.invitations.restore(invitation_id)
    return back


@dataclass
class Filter:
    participant: str | None = None  # the owner, or a participant linked to the stakeholder
    category: str | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.text.strip()) or self.participant is not None \
            or self.category is not None


@dataclass
class StakeholderView:
    """A register line: the stakeholder with what is linked to it."""

    stakeholder: Stakeholder
    owner_name: str = ""
    participant_ids: set[str] = field(default_factory=set)
    dataset_ids: set[str] = field(default_factory=set)
    invitation_status: str | None = None

    @property
    def id(self) -> str:
        return self.stakeholder.id

    @property
    def strategy(self) -> str:
        return strategy(self.stakeholder.influence, self.stakeholder.interest)


def _pairs(store: Store, table: str, column: str, joined: str) -> dict[str, set[str]]:
    rows = store.query(
        f"SELECT l.stakeholder_id AS s, l.{column} AS o FROM {table} l "
        f"JOIN {joined} x ON x.id = l.{column} AND x.deleted_at IS NULL "
        "WHERE l.deleted_at IS NULL")
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["s"], set()).add(row["o"])
    return out


def matches(view: StakeholderView, flt: Filter) -> bool:
    s = view.stakeholder
    if flt.category is not None and s.category != flt.category:
        return False
    if flt.participant is not None and flt.participant != s.owner_id \
            and flt.participant not in view.participant_ids:
        return False
    words = fold(flt.text).split()
    if words:
        # the contact is private: it is not searched, so a search can never reveal it
        haystack = fold(" ".join([s.name, s.organisation, s.role, s.notes, view.owner_name,
                                  ladder.label(s.current_engagement),
                                  ladder.label(s.desired_engagement), s.engagement_note,
                                  t(f"category.{s.category}")]))
        if not all(word in haystack for word in words):
            return False
    return True


def register(store: Store, flt: Filter | None = None) -> list[StakeholderView]:
    """The stakeholders (sorted by name) that match the filter, with their links."""
    flt = flt or Filter()
    owners = {row["id"]: row["name"] for row in store.query(
        "SELECT id, name FROM participant WHERE deleted_at IS NULL")}
    people = _pairs(store, "stakeholder_participant", "participant_id", "participant")
    data = _pairs(store, "stakeholder_dataset", "dataset_id", "dataset")
    invited = {inv.stakeholder_id: inv.status for inv in store.invitations.list()}
    views = []
    for s in store.stakeholders.list():
        view = StakeholderView(s, owners.get(s.owner_id, ""), people.get(s.id, set()),
                               data.get(s.id, set()), invited.get(s.id))
        if matches(view, flt):
            views.append(view)
    return views


# -- the projected grid: never any contact detail ------------------------------------------------

@dataclass(frozen=True)
class Marker:
    """A stakeholder as the projected grid shows it. Deliberately has no contact field."""

    id: str
    name: str
    organisation: str
    category: str
    role: str
    attitude: str
    influence: int
    interest: int
    current_engagement: str
    desired_engagement: str
    owner_name: str
    datasets: int

    @property
    def strategy(self) -> str:
        return strategy(self.influence, self.interest)


def markers(store: Store, flt: Filter | None = None) -> list[Marker]:
    return [Marker(v.id, s.name, s.organisation, s.category, s.role, s.attitude, s.influence,
                   s.interest, s.current_engagement, s.desired_engagement, v.owner_name,
                   len(v.dataset_ids))
            for v in register(store, flt) for s in [v.stakeholder]]


def participant_choices(store: Store) -> list[tuple[str, str]]:
    """(id, name) of the participants, for owner pickers and the participant filter."""
    return [(p.id, p.name) for p in store.participants.list()]


# -- links: stakeholder ↔ dataset and stakeholder ↔ participant, from either side ---------------

_LINKS = {
    "dataset": ("stakeholder_datasets", "dataset_id"),
    "participant": ("stakeholder_participants", "participant_id"),
}


def _link_repo(kind: str) -> tuple[str, str]:
    return _LINKS[kind]


def _link(store: Store, kind: str, stakeholder_id: str, other_id: str):
    """Link, or bring back a removed link: the pair index is unique over deleted rows too."""
    repo_name, column = _link_repo(kind)
    repo: Repo = getattr(store, repo_name)
    with store.transaction():
        found = repo.list(include_deleted=True, stakeholder_id=stakeholder_id,
                          **{column: other_id})
        if found:
            return repo.restore(found[0].id) if found[0].deleted else found[0]
        return repo.create(stakeholder_id=stakeholder_id, **{column: other_id})


def _unlink(store: Store, kind: str, stakeholder_id: str, other_id: str):
    repo_name, column = _link_repo(kind)
    repo: Repo = getattr(store, repo_name)
    found = repo.list(stakeholder_id=stakeholder_id, **{column: other_id})
    if not found:
        raise NotFound(t("stakeholders.not_linked"))
    return repo.delete(found[0].id)


def link_dataset(store: Store, stakeholder_id: str, dataset_id: str):
    return _link(store, "dataset", stakeholder_id, dataset_id)


def unlink_dataset(store: Store, stakeholder_id: str, dataset_id: str):
    return _unlink(store, "dataset", stakeholder_id, dataset_id)


def link_participant(store: Store, stakeholder_id: str, participant_id: str):
    return _link(store, "participant", stakeholder_id, participant_id)


def unlink_participant(store: Store, stakeholder_id: str, participant_id: str):
    return _unlink(store, "participant", stakeholder_id, participant_id)


def _linked(store: Store, kind: str, where: str, value: str) -> set[str]:
    repo_name, column = _link_repo(kind)
    repo: Repo = getattr(store, repo_name)
    rows = repo.list(**{where: value})
    return {getattr(row, "stakeholder_id" if where == column else column) for row in rows}


def datasets_of(store: Store, stakeholder_id: str) -> set[str]:
    return _linked(store, "dataset", "stakeholder_id", stakeholder_id)


def participants_of(store: Store, stakeholder_id: str) -> set[str]:
    return _linked(store, "participant", "stakeholder_id", stakeholder_id)


def stakeholders_of_dataset(store: Store, dataset_id: str) -> set[str]:
    return _linked(store, "dataset", "dataset_id", dataset_id)


def stakeholders_of_participant(store: Store, participant_id: str) -> set[str]:
    return _linked(store, "participant", "participant_id", participant_id)


def _set_links(store: Store, kind: str, pairs_now: set[tuple[str, str]],
               pairs_wanted: set[tuple[str, str]]) -> tuple[int, int]:
    with store.transaction():
        for stakeholder_id, other_id in sorted(pairs_wanted - pairs_now):
            _link(store, kind, stakeholder_id, other_id)
        for stakeholder_id, other_id in sorted(pairs_now - pairs_wanted):
            _unlink(store, kind, stakeholder_id, other_id)
    return len(pairs_wanted - pairs_now), len(pairs_now - pairs_wanted)


def set_datasets(store: Store, stakeholder_id: str, dataset_ids: Iterable[str]) -> tuple[int, int]:
    """Make these exactly the stakeholder's datasets; returns (linked, unlinked)."""
    now = {(stakeholder_id, d) for d in datasets_of(store, stakeholder_id)}
    return _set_links(store, "dataset", now, {(stakeholder_id, d) for d in dataset_ids})


def set_participants(store: Store, stakeholder_id: str,
                     participant_ids: Iterable[str]) -> tuple[int, int]:
    now = {(stakeholder_id, p) for p in participants_of(store, stakeholder_id)}
    return _set_links(store, "participant", now, {(stakeholder_id, p) for p in participant_ids})


def set_dataset_stakeholders(store: Store, dataset_id: str,
                             stakeholder_ids: Iterable[str]) -> tuple[int, int]:
    """The same links edited from the dataset's side (the data tracker)."""
    now = {(s, dataset_id) for s in stakeholders_of_dataset(store, dataset_id)}
    return _set_links(store, "dataset", now, {(s, dataset_id) for s in stakeholder_ids})


def set_participant_stakeholders(store: Store, participant_id: str,
                                 stakeholder_ids: Iterable[str]) -> tuple[int, int]:
    now = {(s, participant_id) for s in stakeholders_of_participant(store, participant_id)}
    return _set_links(store, "participant", now, {(s, participant_id) for s in stakeholder_ids})
