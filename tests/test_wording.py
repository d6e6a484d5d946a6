"""Wording that misled a first-time facilitator, walked by keys: notifications of one screen
are not carried to the next, a link that existed says so, a key without a use is not offered."""

from __future__ import annotations

from apphelpers import make_app, screen_text, wait_ready
from test_ballot_screen import open_ranking, ready_round
from test_inventory_screen import open_inventory
from test_ladder_screen import open_register


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_notification_is_not_carried_to_the_next_screen(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_register(pilot)
        await pilot.press("n")  # put the first stakeholder on the invitation list
        await pilot.pause()
        assert notes(app)
        await pilot.press("g")  # on to the grid: nothing said about the register is left
        await pilot.pause()
        assert notes(app) == []


async def test_linking_a_dataset_twice_says_it_was_already_linked(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inventory(pilot)
        await pilot.press("slash", *"sanne", "enter")  # only Sanne de Vries left
        await pilot.pause()
        said = []
        for _ in range(2):
            app.clear_notifications()
            await pilot.press("home", "down", "l", *"evenementen")
            await pilot.pause()
            await pilot.press("down", "enter")
            await pilot.pause()
            said.append(notes(app))
    assert said[0] == ["Evenementenvergunningen is now linked to “Geluidshinder verminderen”."]
    assert said[1] == ["Evenementenvergunningen was already linked to “Geluidshinder "
                       "verminderen”."]


async def test_chart_key_is_offered_only_where_there_is_a_chart(demo_db):
    from screens.ranking.results import ResultsScreen

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ranking(pilot)
        await pilot.press("enter")  # the demo's score round: interest × importance
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Chart/table" in screen_text(app)
        await pilot.press("escape")
    from workshop_data.common.store import open_store
    from workshop_data.ranking import ballots

    store = open_store(demo_db)
    ballots.reveal(store, ready_round(demo_db, kind="rank"), True)  # shown, yet no chart
    store.close()
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ranking(pilot)  # the newest round, a ranking, is selected first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.screen.round.kind == "rank"
        assert app.screen.results is not None
        assert "Chart/table" not in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert not app.screen.show_chart
