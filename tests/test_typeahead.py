"""Keys typed ahead of the focus: a key that opens a form and the text for it, in one burst (a
paste, tmux, a fast typist on a busy laptop). The text is the form's, not screen keys."""

from __future__ import annotations

from textual import events

from apphelpers import make_app, wait_for, wait_ready


def burst(app, text: str) -> None:
    """Every key queued before the first is handled."""
    for letter in text:
        app.post_message(events.Key("space" if letter == " " else letter, letter))


async def test_a_and_a_name_at_once_open_the_stakeholder_form_with_that_name(demo_db,
                                                                          monkeypatch):
    import asyncio

    from screens.common.form import FormScreen

    mount = FormScreen.on_mount

    async def slow_mount(self):  # a busy laptop: the name arrives before the form is up
        await asyncio.sleep(0.2)
        mount(self)

    monkeypatch.setattr(FormScreen, "on_mount", slow_mount)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("s")
        await pilot.pause()
        register = app.screen
        burst(app, "aGasunie regio Utrecht")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen)
                       and app.screen.query_one("#field-name").value)
        assert app.screen.query_one("#field-name").value == "Gasunie regio Utrecht"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is register  # nothing else was opened by the name's letters


async def test_on_the_dashboard_letters_still_go_to_their_screens(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        burst(app, "p")
        for _ in range(3):
            await pilot.pause()
        assert app.screen.TITLE_KEY == "participants.title"
