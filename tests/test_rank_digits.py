"""A rank ballot by digits: one key a dataset, its place typed, on to the next one."""

from __future__ import annotations

import itertools

import pytest

from apphelpers import db_rows, make_app, voter_row
from test_ballot_screen import ready_round, start_ballot_mode
from workshop_data.ranking.ballot_drafts import RankDraft


@pytest.mark.parametrize("places", list(itertools.permutations([1, 2, 3, 4, 5])))
def test_typing_the_places_down_the_list_ranks_it_so(places):
    items = list("ABCDE")
    draft = RankDraft([], undecided=list(items))
    cursor = 0
    for item, place in zip(items, places):
        assert draft.rows()[cursor] == item  # the cursor went on to the next one
        cursor = draft.rank_as(cursor, place)
    assert draft.complete
    assert draft.order == [items[places.index(n)] for n in (1, 2, 3, 4, 5)]


def test_a_typed_place_moves_a_ranked_dataset_and_space_still_works():
    draft = RankDraft([], undecided=list("ABC"))
    draft.place(0)                      # A first, by space
    draft.rank_as(draft.rows().index("C"), 1)  # C typed first: before A
    assert draft.order == ["C", "A"] and draft.undecided == ["B"]
    draft.rank_as(draft.rows().index("C"), 3)  # C again, now third: after A (and B later)
    assert draft.order == ["A", "C"]


async def test_a_five_dataset_rank_ballot_takes_seven_keys(demo_db):
    from workshop_data.common.store import open_store

    round_id = ready_round(demo_db, kind="rank", allow_skip=False)  # the 4 ready datasets
    store = open_store(demo_db)
    fifth = next(d for d in store.datasets.list() if d.title == "Evenementenvergunningen")
    store.round_items.create(round_id=round_id, dataset_id=fifth.id)
    store.close()
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_ballot_mode(pilot)
        assert screen.state == "list" and len(screen.ballot.items) == 5
        titles = [item.dataset_id for item in screen.ballot.items]
        keys = ["3", "1", "5", "2", "4", "enter", "enter"]
        await pilot.press(*keys)
        await pilot.pause()
        assert screen.state == "thanks"
    ranks = dict(db_rows(demo_db, "SELECT dataset_id, value FROM vote WHERE round_id = ? "
                         "AND ballot_code = ? AND deleted_at IS NULL", round_id,
                         voter_row(demo_db, round_id)["id"]))
    assert [ranks[ds] for ds in titles] == [3.0, 1.0, 5.0, 2.0, 4.0]
    assert len(keys) == 7 and fifth.id in titles
