"""Switching the interface language inside the app (F3, or "Taal / Language" in the palette).

Every screen speaks the language it was built in (titles, labels and key descriptions are
looked up when it is composed), so a switch builds the screens anew: each mode's screen is
dropped and made again by its factory, and the one shown comes back in the new language. The
choice is remembered (settings), like ``datatrip --lang`` without a command.

Only from a screen of its own: a dialog, a form or the ballot on top of it would be lost, so
then the switch is refused with a word.
"""

from __future__ import annotations

from textual.screen import Screen

from workshop_data.common.i18n import set_language, t

BLANK = "_language"


async def switch_language(app, language: str, screen_factories) -> None:
    """``screen_factories`` is the App's table of screens (passed in: the App imports this module)."""
    if len(app.screen_stack) > 1:
        app.bell()
        app.notify(t("language.close_first"), severity="warning")
        return
    set_language(language)
    app.settings.language = language
    app.settings.save()
    from screens.common.modal import translate_bindings

    translate_bindings(app)
    await _rebuild(app, screen_factories)
    app.notify(t("language.switched"))


async def _rebuild(app, screen_factories) -> None:
    from screens.common.dashboard import Dashboard

    back = app.current_mode
    app.add_mode(BLANK, Screen)
    await app.switch_mode(BLANK)
    old = app.dashboard
    factories = screen_factories() if app.store is not None else {}
    for mode in ("dashboard", *factories):
        try:
            await app.remove_mode(mode)
        except Exception:  # UnknownModeError: not added yet
            pass
    app.dashboard = Dashboard(store=old.store, navigation=app._navigation_labels())
    app.dashboard.portal_state = old.portal_state
    app.add_mode("dashboard", lambda: app.dashboard)
    for mode, factory in factories.items():
        app.add_mode(mode, lambda factory=factory: factory(app.store))
    await app.switch_mode(back)
    await app.remove_mode(BLANK)
