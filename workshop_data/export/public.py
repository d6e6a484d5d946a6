"""What may be published: one declared list, per table and field, for every export format.

Every writer (Excel, CSV, report, Data Package, CKAN load file) writes the tables that
:func:`.tables.build_tables` builds, and a public export (``public=True``) keeps of those tables
exactly the fields named in :data:`PUBLIC`; a table not named there (the individual votes) is
left out altogether. A field that is added to a table is therefore private until someone adds it
here, on purpose. The tests read every format back and check it against this list.

Why a field is *not* public:

* **people**: a participant's name, e-mail and role (with the department a role names one
  person), the participant who chases a dataset or owns a stakeholder, the author of an insight.
  The public report names no participant at all;
* **credentials**: ballot codes (:data:`NEVER`) let someone vote as somebody else and link a
  person to their votes, so they are in *no* export, public or full. A full export names people
  by name, individual votes by a ballot number that is only valid within one round of one export;
* **the facilitator's own assessments and notes**: a stakeholder's attitude ("resistant"), the
  current and desired engagement, their contact, and the free-text notes of datasets and
  stakeholders, written for the team, not for the stakeholder to read;
* **rows** that are not public at all are left out before this list applies: datasets flagged as
  personal data (and every row about them), rounds not yet revealed, invitations with a status
  other than invited, confirmed or attended, and the statistics of fewer than
  :data:`.rounds.MIN_PUBLIC_VOTES` votes.
"""

from __future__ import annotations

from ..explorer.masking import CREDENTIALS

PUBLIC: dict[str, frozenset[str]] = {
    "ateliers": frozenset({"number", "theme", "date", "place", "agenda"}),
    "participants": frozenset({"id", "department", "tasks"}),
    "tasks": frozenset({"id", "participant_id", "title", "description", "policy_goal",
                        "datasets"}),
    "datasets": frozenset({"id", "title", "status", "description", "owner_department",
                           "source_system", "format", "helps", "personal_data", "follow_up",
                           "licence", "theme", "access_rights", "tasks", "created_at"}),
    "ranking": frozenset({"round_id", "round", "dataset_id", "dataset", "criterion", "rank",
                          "tied", "n_votes", "n_skipped", "median", "mean", "q1", "q3", "iqr",
                          "disagreement", "score", "quadrant"}),
    "stakeholders": frozenset({"id", "name", "organisation", "category", "role", "influence",
                               "interest", "strategy", "datasets"}),
    "invitations": frozenset({"id", "stakeholder_id", "stakeholder", "organisation", "atelier",
                              "status", "changed_at"}),
    "prototypes": frozenset({"id", "title", "company", "link", "feedback", "datasets"}),
    "insights": frozenset({"id", "dataset_id", "dataset", "text", "atelier", "created_at"}),
    "publications": frozenset({"dataset_id", "dataset", "package_name", "state", "changed_at"}),
    # the links between rows, by id (Data Package only)
    "task_datasets": frozenset({"task_id", "dataset_id", "helps"}),
    "stakeholder_datasets": frozenset({"stakeholder_id", "dataset_id"}),
    "prototype_datasets": frozenset({"prototype_id", "dataset_id"}),
}

# Credentials: never a column of any export, public or full.
NEVER = CREDENTIALS


def public_fields(table: str) -> frozenset[str]:
    """The fields of ``table`` a public export holds; empty: the table is not published."""
    return PUBLIC.get(table, frozenset())
