"""How the ranking exercise looks: ballot mode, the results table and the priority chart.

Update with ``pytest tests/test_snapshots_ranking.py --snapshot-update`` after a deliberate change
of look, and look at the new SVGs before committing them. The rounds opened here use a fixed
order, so that the ballot does not depend on the (random) round id.
"""

from __future__ import annotations

from apphelpers import code_of, make_app, wait_ready
from workshop_data.ranking import ballots, voters
from workshop_data.common.store import open_store

SIZE = (120, 40)
PROJECTOR = (100, 30)


def ready_round(path, **options) -> str:
    """The round's id; Fatima's code for it is read as her card shows it (codes are random)."""
    store = open_store(path)
    try:
        voters.set_pin(store, "2468")
        return ballots.open_round(store, "Atelier 1: klaar voor publicatie", status="ready",
                                  random_order=False, **options).id
    finally:
        store.close()


def test_who_has_voted(snap_compare, demo_db):
    """Names and ticks on the projector, never a score or a code."""
    round_id = ready_round(demo_db)
    store = open_store(demo_db)
    ballot = ballots.start_ballot(store, round_id, code_of(store, round_id))
    for item, criterion in ballot.questions():
        ballots.cast_vote(store, ballot, item.dataset_id, criterion, 3)
    store.close()

    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "r", "w")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=PROJECTOR, run_before=before)


def test_rounds(snap_compare, demo_db):
    ready_round(demo_db)

    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=before)


def test_ballot_mode_on_a_projector(snap_compare, demo_db):
    code = code_of(demo_db, ready_round(demo_db))

    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "r", "c", *code, "enter", "4", "5", "3", "left")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=PROJECTOR, run_before=before)


def test_ballot_mode_in_dutch(snap_compare, demo_db):
    code = code_of(demo_db, ready_round(demo_db))

    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("r", "c", *code, "enter", "2", "s")
        await pilot.pause()

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=SIZE,
                        run_before=before)


def test_ballot_thanks_shows_nothing_of_the_ballot(snap_compare, demo_db):
    code = code_of(demo_db, ready_round(demo_db))

    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("r", "c", *code, "enter", *"45213425", "enter")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=PROJECTOR, run_before=before)


def test_rank_ballot(snap_compare, demo_db):
    code = code_of(demo_db, ready_round(demo_db, kind="rank"))

    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("r", "c", *code, "enter", "space", "down", "down", "space",
                          "down", "s")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=PROJECTOR, run_before=before)


def test_results_table(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("r", "enter")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=SIZE, run_before=before)


def test_results_table_on_a_projector_sorted_by_spread(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "r", "enter", *[">"] * 3)
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=PROJECTOR, run_before=before)


def test_priority_chart_on_a_projector(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("f2", "r", "enter", "c")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=PROJECTOR, run_before=before)


def test_priority_chart_in_dutch(snap_compare, demo_db):
    async def before(pilot):
        await wait_ready(pilot)
        await pilot.press("r", "enter", "c")
        await pilot.pause()

    assert snap_compare(make_app(demo_db, language="nl"), terminal_size=SIZE,
                        run_before=before)
