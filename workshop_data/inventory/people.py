"""Deleting a participant, and what goes with them: their tasks and the votes they cast.

A participant's tasks and votes mean nothing without them (their credential stops working at
once, see ``ranking.voters``), so they are soft-deleted together in one transaction and brought
back together by the undo. The screen asks first, saying how many of each go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..common.model import Participant
    from ..common.store import Store


@dataclass
class Deleted:
    """What one delete took away: enough to put exactly that back (not older deletes)."""

    participant_id: str
    name: str
    task_ids: list[str] = field(default_factory=list)
    vote_ids: list[str] = field(default_factory=list)


def _vote_ids(store: Store, participant_id: str) -> list[str]:
    # A vote carries its voter's id (a pseudonym), the voter row knows the participant.
    return [row["id"] for row in store.query(
        "SELECT vote.id FROM vote JOIN voter ON voter.id = vote.ballot_code "
        "WHERE voter.participant_id = ? AND vote.deleted_at IS NULL", [participant_id])]


def what_goes_with(store: Store, participant_id: str) -> tuple[int, int]:
    """(tasks, votes) that a delete of this participant takes with it."""
    return (store.tasks.count(participant_id=participant_id),
            len(_vote_ids(store, participant_id)))


def delete_participant(store: Store, participant_id: str) -> Deleted:
    with store.transaction():
        gone = store.participants.delete(participant_id)
        tasks = [task.id for task in store.tasks.list(participant_id=participant_id)]
        votes = _vote_ids(store, participant_id)
        for task_id in tasks:
            store.tasks.delete(task_id)
        for vote_id in votes:
            store.votes.delete(vote_id)
    return Deleted(gone.id, gone.name, tasks, votes)


def restore_participant(store: Store, deleted: Deleted) -> Participant:
    with store.transaction():
        back = store.participants.restore(deleted.participant_id)
        for task_id in deleted.task_ids:
            store.tasks.restore(task_id)
        for vote_id in deleted.vote_ids:
            store.votes.restore(vote_id)
    return back
