"""Atelier 2: invitations to the final atelier, a small state machine with a dated log.

**Invitations.** An invitation to the final atelier follows the path candidate → invited →
confirmed → attended, and may end in declined from any step before attended. These are the only
legal steps (:data:`TRANSITIONS`); attended and declined are final. Any other change (a jump such
as candidate → attended, or a step back) needs a facilitator override with a reason. Every change
is written to ``invitation_log`` in the same transaction as the new status: the log row's
``created_at`` dates it, ``override`` marks an override and ``note`` holds the reason.

**Privacy.** :func:`public_list` never carries a stakeholder's contact; only
:func:`facilitator_list` does, for the facilitator's own use.
"""

from __future__ import annotations

from typing import Any, Iterable

from ..common.errors import ValidationError
from ..common.i18n import t
from ..common.model import INVITATION_STATUSES, Invitation
from ..common.store import Store

# The legal status changes of an invitation; everything else needs an override with a reason.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "candidate": ("invited", "declined"),
    "invited": ("confirmed", "declined"),
    "confirmed": ("attended", "declined"),
    "attended": (),
    "declined": (),
}
# The next step forward on the main path (the "advance" key of the invitations screen).
NEXT_STEP = {"candidate": "invited", "invited": "confirmed", "confirmed": "attended"}

# What the two invitee lists hold. The public one never has contact details.
PUBLIC_FIELDS = ("name", "organisation", "category", "role", "status")
FACILITATOR_FIELDS = ("name", "organisation", "category", "role", "status", "owner", "contact",
                      "changed_at")
PUBLIC_STATUSES = ("invited", "confirmed", "attended")


class IllegalTransition(ValidationError):
    """A status change that is not one of :data:`TRANSITIONS` and was not overridden."""

    def __init__(self, from_status: str, to_status: str):
        allowed = TRANSITIONS[from_status]
        if allowed:
            message = t("invitations.illegal", old=t(f"invitation_status.{from_status}"),
                        new=t(f"invitation_status.{to_status}"),
                        allowed=t("invitations.or").join(
                            t(f"invitation_status.{s}") for s in allowed))
        else:
            message = t("invitations.illegal_final", old=t(f"invitation_status.{from_status}"),
                        new=t(f"invitation_status.{to_status}"))
        super().__init__("status", message)
        self.from_status = from_status
        self.to_status = to_status


def is_legal(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, ())


def final_atelier_id(store: Store) -> str | None:
    rows = store.query("SELECT id FROM atelier WHERE deleted_at IS NULL "
                       "ORDER BY number DESC LIMIT 1")
    return rows[0]["id"] if rows else None


def invite(store: Store, stakeholder_ids: Iterable[str],
           atelier_id: str | None = None) -> list[Invitation]:
    """Put stakeholders on the invitation list as candidates; those already on it are skipped.

    A stakeholder whose invitation was removed gets that invitation back, with its history.
    """
    made = []
    with store.transaction():
        atelier_id = atelier_id or final_atelier_id(store)
        for stakeholder_id in stakeholder_ids:
            store.stakeholders.get(stakeholder_id)
            if store.invitations.list(stakeholder_id=stakeholder_id):
                continue
            removed = store.invitations.list(include_deleted=True,
                                             stakeholder_id=stakeholder_id,
                                             order_by="deleted_at DESC")
            if removed:
                made.append(store.invitations.restore(removed[0].id))
                continue
            invitation = store.invitations.create(stakeholder_id=stakeholder_id,
                                                  atelier_id=atelier_id, status="candidate")
            store.invitation_log.create(invitation_id=invitation.id, from_status=None,
                                        to_status="candidate")
            made.append(invitation)
    return made


def invitation_of(store: Store, stakeholder_id: str) -> Invitation | None:
    found = store.invitations.list(stakeholder_id=stakeholder_id)
    return found[0] if found else None


def change_status(store: Store, invitation_id: str, to_status: str, *, override: bool = False,
                  note: str = "") -> Invitation:
    """Change an invitation's status and log the change, dated, in the same transaction.

    A change outside :data:`TRANSITIONS` raises :class:`IllegalTransition` unless ``override`` is
    set, and an override needs a reason (``note``); the log row then has ``override = 1``.
    """
    if to_status not in INVITATION_STATUSES:
        raise ValidationError("status", t("stakeholders.bad_choice"))
    note = (note or "").strip()
    with store.transaction():
        invitation = store.invitations.get(invitation_id)
        old = invitation.status
        if old == to_status:
            raise ValidationError("status", t("invitations.already",
                                              status=t(f"invitation_status.{old}")))
        legal = is_legal(old, to_status)
        if not legal and not override:
            raise IllegalTransition(old, to_status)
        if not legal and not note:
            raise ValidationError("note", t("invitations.reason_needed"))
        changed = store.invitations.update(invitation_id, status=to_status)
        store.invitation_log.create(invitation_id=invitation_id, from_status=old,
                                    to_status=to_status, override=0 if legal else 1, note=note)
    return changed


def advance(store: Store, invitation_id: str) -> Invitation:
    """One step forward on the main path (candidate → invited → confirmed → attended)."""
    invitation = store.invitations.get(invitation_id)
    following = NEXT_STEP.get(invitation.status)
    if following is None:
        raise ValidationError("status", t("invitations.no_next",
                                          status=t(f"invitation_status.{invitation.status}")))
    return change_status(store, invitation_id, following)


def log(store: Store, invitation_id: str) -> list[dict[str, Any]]:
    """The dated changes of one invitation, oldest first."""
    return store.query(
        "SELECT created_at, from_status, to_status, override, note FROM invitation_log "
        "WHERE invitation_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid",
        [invitation_id])


def counts(store: Store) -> dict[str, int]:
    """Open invitations per status, of stakeholders still in the register."""
    result = {status: 0 for status in INVITATION_STATUSES}
    for row in store.query(
            "SELECT i.status AS status, count(*) AS n FROM invitation i "
            "JOIN stakeholder s ON s.id = i.stakeholder_id AND s.deleted_at IS NULL "
            "WHERE i.deleted_at IS NULL GROUP BY i.status"):
        result[row["status"]] = row["n"]
    return result


_LIST_SQL = """
    SELECT i.id AS invitation_id, s.id AS stakeholder_id, s.name, s.organisation, s.category,
           s.role, i.status, s.contact, coalesce(p.name, '') AS owner,
           (SELECT max(l.created_at) FROM invitation_log l
             WHERE l.invitation_id = i.id AND l.deleted_at IS NULL) AS changed_at
    FROM invitation i
    JOIN stakeholder s ON s.id = i.stakeholder_id AND s.deleted_at IS NULL
    LEFT JOIN participant p ON p.id = s.owner_id AND p.deleted_at IS NULL
    WHERE i.deleted_at IS NULL
    ORDER BY s.name COLLATE NOCASE"""


def facilitator_list(store: Store,
                     statuses: Iterable[str] = INVITATION_STATUSES) -> list[dict[str, Any]]:
    """Every invitee with status, contact and the participant who owns the relation.

    Private: for the facilitator's own use, never to be projected or published. Rows also carry
    ``invitation_id`` and ``stakeholder_id`` for the screens.
    """
    wanted = set(statuses)
    return [row for row in store.query(_LIST_SQL) if row["status"] in wanted]


def public_list(store: Store, statuses: Iterable[str] = PUBLIC_STATUSES) -> list[dict[str, Any]]:
    """Who is invited to the final atelier, fit to show or publish: :data:`PUBLIC_FIELDS` only.

    Candidates and those who declined are left out by default; no contact detail, ever.
    """
    wanted = set(statuses)
    return [{name: row[name] for name in PUBLIC_FIELDS}
            for row in store.query(_LIST_SQL) if row["status"] in wanted]
