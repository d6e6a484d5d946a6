"""The domain model: one plain dataclass per table row.

Field names are the column names. Screens and scripts receive these objects from the store's
repositories (``store.participants.get(id)``) and never build SQL of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

STATUSES = ("identified", "requested", "located", "obtained", "explored", "ready", "published")
HELPS = ("me", "others", "both")
CATEGORIES = (
    "residents", "business", "civil_society", "government", "knowledge", "media", "internal",
    "other",
)
ATTITUDES = ("supporter", "neutral", "resistant")
INVITATION_STATUSES = ("candidate", "invited", "confirmed", "attended", "declined")


@dataclass
class Row:
    id: str
    created_at: str
    updated_at: str
    deleted_at: str | None

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass
class Trip(Row):
    name: str
    organisation: str = ""
    language: str = "nl"
    portal_url: str = ""
    portal_organisation: str = ""
    facilitator_pin: str = ""  # a salted scrypt hash (credentials.hash_pin); '' until set
    licence: str = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"


@dataclass
class Atelier(Row):
    trip_id: str
    number: int
    date: str | None = None
    place: str = ""
    agenda: str = ""


@dataclass
class Participant(Row):
    trip_id: str
    name: str
    department: str = ""
    role: str = ""
    email: str = ""  # private: never leaves the laptop
    ballot_code: str = ""  # retired (schema 5): holds the participant's id, not a credential


@dataclass
class Task(Row):
    participant_id: str
    title: str
    description: str = ""
    policy_goal: str = ""


@dataclass
class Dataset(Row):
    trip_id: str
    title: str
    description: str = ""
    owner_department: str = ""
    source_system: str = ""
    format: str = ""
    helps: str = "me"  # retired (schema 7): the link's helps holds it, per task
    personal_data: int = 0
    status: str = "identified"
    chaser_id: str | None = None
    follow_up: str | None = None
    licence: str = ""
    theme: str = ""
    access_rights: str = ""
    notes: str = ""


@dataclass
class DatasetFile(Row):
    dataset_id: str
    path: str
    load_options: str = "{}"
    sha256: str = ""


@dataclass
class TaskDataset(Row):
    task_id: str
    dataset_id: str
    helps: str = "me"  # does the data help this task's participant, let others act, or both


@dataclass
class BallotRound(Row):
    trip_id: str
    title: str
    atelier_id: str | None = None
    kind: str = "score"
    criteria: str = '["interest", "importance"]'
    scale_min: int = 1
    scale_max: int = 5
    allow_skip: int = 1
    allow_name_pick: int = 0
    random_order: int = 1
    points_budget: int = 100
    points_cap: int | None = None
    status: str = "open"
    revealed: int = 0


@dataclass
class RoundItem(Row):
    round_id: str
    dataset_id: str


@dataclass
class Voter(Row):
    """A participant's credential for one round; ``id`` is the pseudonym their votes carry."""

    round_id: str
    participant_id: str
    code: str   # secret: never on a projectable screen, in an export, a report or a log
    token: str  # secret: the personal link on the code card
    failures: int = 0
    locked_until: str | None = None


@dataclass
class Vote(Row):
    round_id: str
    ballot_code: str  # the voter's id (a pseudonym), not a code
    dataset_id: str
    criterion: str
    value: float | None = None
    skipped: int = 0


@dataclass
class Stakeholder(Row):
    trip_id: str
    name: str
    organisation: str = ""
    category: str = "other"
    role: str = ""
    influence: int = 3
    interest: int = 3
    attitude: str = "neutral"
    current_engagement: str = ""  # a rung of stakeholders.ladder.RUNGS, "" when not filled in
    desired_engagement: str = ""
    owner_id: str | None = None
    contact: str = ""  # private: never projected, exported publicly or sent to the portal
    notes: str = ""
    engagement_note: str = ""  # free text of before the ladder that named no rung (migration 8)


@dataclass
class StakeholderParticipant(Row):
    stakeholder_id: str
    participant_id: str


@dataclass
class StakeholderDataset(Row):
    stakeholder_id: str
    dataset_id: str


@dataclass
class Invitation(Row):
    stakeholder_id: str
    atelier_id: str | None = None
    status: str = "candidate"


@dataclass
class InvitationLog(Row):
    invitation_id: str
    to_status: str
    from_status: str | None = None
    override: int = 0
    note: str = ""


@dataclass
class Prototype(Row):
    trip_id: str
    title: str
    company: str = ""
    link: str = ""
    feedback: str = ""


@dataclass
class PrototypeDataset(Row):
    prototype_id: str
    dataset_id: str


@dataclass
class Insight(Row):
    dataset_id: str
    text: str
    author_id: str | None = None
    atelier_id: str | None = None
    chart: str = ""


@dataclass
class Publication(Row):
    dataset_id: str
    package_name: str
    metadata: str = "{}"
    state: str = "draft"
    remote_id: str | None = None
    last_seen_modified: str | None = None
    personal_override: str = ""


@dataclass
class OutboxItem(Row):
    publication_id: str
    action: str
    payload: str = "{}"
    state: str = "pending"
    attempts: int = 0
    next_attempt_at: str | None = None
    last_error: str = ""
