"""Atelier 2 without a terminal: strategies, moves, filters, links and the invitation rules."""

from __future__ import annotations

import json
import sqlite3

import pytest

from workshop_data.stakeholders import invitations
from workshop_data.stakeholders import register as sh
from workshop_data.common.demo import _id
from workshop_data.common.errors import NotFound, ValidationError
from workshop_data.common.i18n import catalogue
from workshop_data.common.model import ATTITUDES, CATEGORIES, INVITATION_STATUSES
from workshop_data.common.summary import trip_summary

MITROS = _id("s7")  # Woningcorporatie Mitros: influence 5, interest 4, invited
FESTIVAL = _id("s14")  # Festivalorganisatoren Utrecht: 3, 4, candidate
COMMUNICATIE = _id("s12")  # Team Communicatie: 3, 3, not invited, no datasets
JOOST = _id("p2")  # owns Fietsersbond (s2) and the Provincie (s3)


# -- strategy ----------------------------------------------------------------------------------

@pytest.mark.parametrize("influence, interest, expected", [
    (5, 5, "manage_closely"), (4, 4, "manage_closely"),
    (5, 1, "keep_satisfied"), (4, 3, "keep_satisfied"),
    (1, 5, "keep_informed"), (3, 4, "keep_informed"),
    (1, 1, "monitor"), (3, 3, "monitor"), (3, 1, "monitor"), (1, 3, "monitor"),
])
def test_strategy_follows_the_position(influence, interest, expected):
    assert sh.strategy(influence, interest) == expected


def test_three_counts_as_low_and_four_as_high_on_both_axes():
    assert [sh.is_high(n) for n in sh.SCALE] == [False, False, False, True, True]
    # the borders: one step across 3|4 changes the quadrant, one step within does not
    assert sh.strategy(3, 3) == "monitor"
    assert sh.strategy(4, 3) == "keep_satisfied"
    assert sh.strategy(3, 4) == "keep_informed"
    assert sh.strategy(4, 4) == "manage_closely"


def test_every_position_has_exactly_one_of_the_four_strategies():
    found = {sh.strategy(i, j) for i in sh.SCALE for j in sh.SCALE}
    assert found == set(sh.STRATEGIES)


def test_the_strategy_is_not_stored(demo_store):
    columns = [row["name"] for row in demo_store.query("PRAGMA table_info(stakeholder)")]
    assert "strategy" not in columns and "influence" in columns


# -- moving ------------------------------------------------------------------------------------

def test_move_is_stored_and_clamped(demo_store, demo_db):
    moved = sh.move(demo_store, FESTIVAL, influence=1)
    assert (moved.influence, moved.interest) == (4, 4)
    assert sh.strategy(moved.influence, moved.interest) == "manage_closely"
    conn = sqlite3.connect(demo_db)
    assert conn.execute("SELECT influence, interest FROM stakeholder WHERE id = ?",
                        [FESTIVAL]).fetchone() == (4, 4)
    conn.close()
    for _ in range(4):
        moved = sh.move(demo_store, FESTIVAL, influence=1, interest=1)
    assert (moved.influence, moved.interest) == (5, 5)
    before = moved.updated_at
    assert sh.move(demo_store, FESTIVAL, influence=1).updated_at == before  # at the edge
    for _ in range(6):
        moved = sh.move(demo_store, FESTIVAL, influence=-1, interest=-1)
    assert (moved.influence, moved.interest) == (1, 1)


# -- the register ------------------------------------------------------------------------------

def test_create_validates_and_links_the_owner(demo_store):
    made = sh.create_stakeholder(demo_store, name="Vereniging Eigen Huis", category="residents",
                                 influence="2", interest=5, owner_id=JOOST,
                                 contact="info@veh.example")
    assert (made.influence, made.interest) == (2, 5)
    assert sh.participants_of(demo_store, made.id) == {JOOST}
    with pytest.raises(ValidationError) as error:
        sh.create_stakeholder(demo_store, name="X", influence=6)
    assert error.value.field == "influence"
    with pytest.raises(ValidationError) as error:
        sh.create_stakeholder(demo_store, name="X", category="aliens")
    assert error.value.field == "category"
    with pytest.raises(ValidationError) as error:
        sh.create_stakeholder(demo_store, name="  ")
    assert error.value.field == "name"


def test_delete_takes_the_invitation_along_and_undo_brings_both_back(demo_store):
    assert trip_summary(demo_store).invitations_by_status["invited"] == 2
    deleted = sh.delete_stakeholder(demo_store, MITROS)
    assert len(deleted.invitation_ids) == 1
    summary = trip_summary(demo_store)
    assert summary.stakeholders == 14
    assert summary.invitations_by_status["invited"] == 1
    assert invitations.counts(demo_store)["invited"] == 1
    sh.restore_stakeholder(demo_store, deleted)
    assert trip_summary(demo_store).invitations_by_status["invited"] == 2
    assert invitations.invitation_of(demo_store, MITROS).status == "invited"


def test_filters_by_participant_category_and_text(demo_store):
    everyone = sh.register(demo_store)
    assert len(everyone) == 15
    joost = sh.register(demo_store, sh.Filter(participant=JOOST))
    assert {v.stakeholder.name for v in joost} == {"Fietsersbond Utrecht",
                                                   "Provincie Utrecht, team Mobiliteit"}
    business = sh.register(demo_store, sh.Filter(category="business"))
    assert {v.stakeholder.category for v in business} == {"business"}
    assert len(business) == 3
    found = sh.register(demo_store, sh.Filter(text="energiecooperatie"))  # without the ö
    assert [v.stakeholder.name for v in found] == ["Energiecoöperatie Utrecht"]
    both = sh.register(demo_store, sh.Filter(participant=JOOST, category="government"))
    assert [v.stakeholder.name for v in both] == ["Provincie Utrecht, team Mobiliteit"]
    # the contact is never searched: a search cannot reveal it
    assert sh.register(demo_store, sh.Filter(text="fietsersbond.example")) == []


def test_a_participant_linked_without_owning_is_found_by_the_filter(demo_store):
    sh.link_participant(demo_store, COMMUNICATIE, JOOST)
    names = {v.stakeholder.name for v in sh.register(demo_store, sh.Filter(participant=JOOST))}
    assert "Team Communicatie" in names


# -- links -------------------------------------------------------------------------------------

def test_links_edited_from_either_side_are_the_same_links(demo_store):
    dataset = _id("d15")  # Evenementenvergunningen: DUIC, Politie, Festival
    assert sh.stakeholders_of_dataset(demo_store, dataset) == {_id("s8"), _id("s11"), FESTIVAL}
    sh.set_datasets(demo_store, COMMUNICATIE, [dataset])
    assert COMMUNICATIE in sh.stakeholders_of_dataset(demo_store, dataset)
    sh.set_dataset_stakeholders(demo_store, dataset, [FESTIVAL])
    assert sh.stakeholders_of_dataset(demo_store, dataset) == {FESTIVAL}
    assert dataset not in sh.datasets_of(demo_store, COMMUNICATIE)
    person = _id("p9")
    sh.set_participant_stakeholders(demo_store, person, [FESTIVAL, COMMUNICATIE])
    assert person in sh.participants_of(demo_store, COMMUNICATIE)


def test_relinking_restores_the_removed_row(demo_store):
    dataset = _id("d1")
    first = sh.link_dataset(demo_store, COMMUNICATIE, dataset)
    removed = sh.unlink_dataset(demo_store, COMMUNICATIE, dataset)
    assert removed.deleted
    again = sh.link_dataset(demo_store, COMMUNICATIE, dataset)  # the pair index is UNIQUE
    assert again.id == first.id and not again.deleted
    assert sh.link_dataset(demo_store, COMMUNICATIE, dataset).id == first.id  # idempotent
    rows = demo_store.stakeholder_datasets.list(include_deleted=True,
                                                stakeholder_id=COMMUNICATIE)
    assert len(rows) == 1
    sh.set_datasets(demo_store, COMMUNICATIE, [])
    sh.set_datasets(demo_store, COMMUNICATIE, [dataset])
    assert sh.datasets_of(demo_store, COMMUNICATIE) == {dataset}
    with pytest.raises(NotFound):
        sh.unlink_dataset(demo_store, COMMUNICATIE, _id("d2"))


def test_participant_links_relink_too(demo_store):
    person = _id("p3")
    sh.link_participant(demo_store, COMMUNICATIE, person)
    sh.unlink_participant(demo_store, COMMUNICATIE, person)
    sh.link_participant(demo_store, COMMUNICATIE, person)
    assert person in sh.participants_of(demo_store, COMMUNICATIE)


# -- invitations -------------------------------------------------------------------------------

def _log(store, invitation_id):
    return [(e["from_status"], e["to_status"], e["override"], e["note"])
            for e in invitations.log(store, invitation_id)]


def test_the_legal_steps():
    legal = {(a, b) for a in INVITATION_STATUSES for b in INVITATION_STATUSES
             if invitations.is_legal(a, b)}
    assert legal == {("candidate", "invited"), ("invited", "confirmed"),
                     ("confirmed", "attended"), ("candidate", "declined"),
                     ("invited", "declined"), ("confirmed", "declined")}


def test_invite_makes_a_candidate_with_a_log_row_once(demo_store):
    made = invitations.invite(demo_store, [COMMUNICATIE, MITROS])  # Mitros is already on the list
    assert len(made) == 1
    invitation = made[0]
    assert invitation.status == "candidate"
    assert invitation.atelier_id == _id("a4")
    assert _log(demo_store, invitation.id) == [(None, "candidate", 0, "")]
    assert invitations.invite(demo_store, [COMMUNICATIE]) == []


def test_the_whole_path_is_logged_in_order(demo_store):
    invitation = invitations.invite(demo_store, [COMMUNICATIE])[0]
    for _ in range(3):
        invitations.advance(demo_store, invitation.id)
    assert demo_store.invitations.get(invitation.id).status == "attended"
    assert _log(demo_store, invitation.id) == [
        (None, "candidate", 0, ""), ("candidate", "invited", 0, ""),
        ("invited", "confirmed", 0, ""), ("confirmed", "attended", 0, "")]
    stamps = [e["created_at"] for e in invitations.log(demo_store, invitation.id)]
    assert stamps == sorted(stamps) and all(stamps)
    with pytest.raises(ValidationError):
        invitations.advance(demo_store, invitation.id)  # nothing after attended


def test_an_illegal_jump_is_refused_and_changes_nothing(demo_store):
    invitation = invitations.invite(demo_store, [COMMUNICATIE])[0]
    with pytest.raises(invitations.IllegalTransition) as error:
        invitations.change_status(demo_store, invitation.id, "attended")
    message = str(error.value)
    assert "candidate → attended" in message and "invited or declined" in message
    assert "override" in message
    assert demo_store.invitations.get(invitation.id).status == "candidate"
    assert len(_log(demo_store, invitation.id)) == 1


def test_declined_is_final_and_going_back_is_illegal(demo_store):
    declined = invitations.invitation_of(demo_store, _id("s5"))
    with pytest.raises(invitations.IllegalTransition):
        invitations.change_status(demo_store, declined.id, "invited")
    confirmed = invitations.invitation_of(demo_store, _id("s2"))
    with pytest.raises(invitations.IllegalTransition):
        invitations.change_status(demo_store, confirmed.id, "invited")
    invitations.change_status(demo_store, confirmed.id, "declined")  # legal from confirmed
    with pytest.raises(ValidationError):
        invitations.change_status(demo_store, confirmed.id, "declined")  # already


def test_an_override_needs_a_reason_and_is_marked_in_the_log(demo_store):
    invitation = invitations.invite(demo_store, [COMMUNICATIE])[0]
    with pytest.raises(ValidationError) as error:
        invitations.change_status(demo_store, invitation.id, "attended", override=True, note="  ")
    assert error.value.field == "note"
    assert demo_store.invitations.get(invitation.id).status == "candidate"
    invitations.change_status(demo_store, invitation.id, "attended", override=True,
                     note="came with the Fietsersbond")
    assert demo_store.invitations.get(invitation.id).status == "attended"
    assert _log(demo_store, invitation.id)[-1] == (
        "candidate", "attended", 1, "came with the Fietsersbond")
    # an "override" of a legal step is an ordinary, logged step with its note
    other = invitations.invite(demo_store, [_id("s13")])[0]
    invitations.change_status(demo_store, other.id, "invited", override=True, note="by phone")
    assert _log(demo_store, other.id)[-1] == ("candidate", "invited", 0, "by phone")


def test_the_status_and_its_log_row_are_one_transaction(demo_store, monkeypatch):
    invitation = invitations.invite(demo_store, [COMMUNICATIE])[0]

    def broken(**_values):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_store.invitation_log, "create", broken)
    with pytest.raises(RuntimeError):
        invitations.change_status(demo_store, invitation.id, "invited")
    assert demo_store.invitations.get(invitation.id).status == "candidate"


def test_removed_invitation_comes_back_with_its_history(demo_store):
    invitation = invitations.invitation_of(demo_store, MITROS)
    demo_store.invitations.delete(invitation.id)
    assert invitations.invitation_of(demo_store, MITROS) is None
    back = invitations.invite(demo_store, [MITROS])[0]
    assert back.id == invitation.id and back.status == "invited"


def test_counts_follow_changes_and_match_the_dashboard(demo_store):
    assert invitations.counts(demo_store) == {"candidate": 2, "invited": 2, "confirmed": 3,
                                     "attended": 0, "declined": 1}
    invitations.advance(demo_store, invitations.invitation_of(demo_store, _id("s2")).id)
    counts = invitations.counts(demo_store)
    assert counts["attended"] == 1 and counts["confirmed"] == 2
    assert trip_summary(demo_store).invitations_by_status == counts


# -- the two invitee lists ---------------------------------------------------------------------

def test_the_facilitator_list_has_contacts_and_everyone(demo_store):
    rows = invitations.facilitator_list(demo_store)
    assert len(rows) == 8
    assert all(set(invitations.FACILITATOR_FIELDS) <= set(row) for row in rows)
    mitros = next(row for row in rows if row["name"] == "Woningcorporatie Mitros")
    assert mitros["contact"] == "gemeentezaken@mitros.example"
    assert mitros["owner"] == "Fatima El Amrani"


def test_the_public_list_holds_no_contact(demo_store):
    contacts = [s.contact for s in demo_store.stakeholders.list()]
    rows = invitations.public_list(demo_store)
    assert {row["status"] for row in rows} <= set(invitations.PUBLIC_STATUSES)
    assert len(rows) == 5  # 2 invited + 3 confirmed; no candidates, no declined
    for row in rows:
        assert tuple(row) == invitations.PUBLIC_FIELDS
        assert "contact" not in row
    text = json.dumps(rows, ensure_ascii=False)
    assert not any(contact in text for contact in contacts)
    assert "@" not in text
    everyone = invitations.public_list(demo_store, statuses=INVITATION_STATUSES)
    assert len(everyone) == 8 and "@" not in json.dumps(everyone)


def test_grid_markers_carry_no_contact(demo_store):
    markers = sh.markers(demo_store)
    assert len(markers) == 15
    assert not hasattr(markers[0], "contact")
    text = repr(markers)
    assert "@" not in text


# -- catalogues --------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_value_name_is_translated(language):
    table = catalogue(language)
    names = ([f"category.{c}" for c in CATEGORIES] + [f"attitude.{a}" for a in ATTITUDES]
             + [f"strategy.{s}" for s in sh.STRATEGIES]
             + [f"invitation_status.{s}" for s in INVITATION_STATUSES]
             + [f"stakeholders.level.{n}" for n in sh.SCALE])
    assert [name for name in names if not table.get(name)] == []
