"""Keys typed ahead of the focus: "a" and a title in one burst.

A key opens a text field (``a`` adds a dataset, ``/`` searches) and the next keys are the text.
Textual moves the focus a moment later (``Widget.focus`` is queued), and a burst of keys — a fast
typist on a busy laptop, a paste into the terminal, tmux — is handed out before that moment, to
the widget that had the focus. Those keys then bubble up unhandled and meet the screen keys: the
``s`` of "lijst" opened the stakeholders and its ``a`` a new stakeholder form.

Three pieces mend it: :func:`focus_now` moves the focus at once, when the field opens; the App
gives :func:`typed_ahead` every key that reaches it, which hands a printable one to the focused
text field (a text field stops every printable key it is sent, so one that reaches the App
while a field has the focus was meant for it and sent elsewhere); and a screen that opens onto
a text field (a form: "a" and the name) is :class:`TakesTyping`: what is typed while it is
being put up is kept and goes into its first field.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` before the next key is handled (``widget.focus()`` waits a turn).
    Without scrolling to it: a field that just opened is in view, and a form being mounted has
    no layout yet to scroll by (its title would scroll away)."""
    widget.screen.set_focus(widget, scroll_visible=False)


class TakesTyping:
    """Mixed into a screen that opens onto a text field; it calls :meth:`take_typing` with that
    field once mounted."""

    _typed_early = ""
    _typing_taken = False

    def take_typing(self, field: Widget) -> None:
        """Focus ``field`` and put into it what was typed while the screen was put up."""
        focus_now(field)
        self._typing_taken = True
        if self._typed_early and isinstance(field, Input):
            field.insert_text_at_cursor(self._typed_early)
        self._typed_early = ""


def typed_ahead(focused: Widget | None, screen, event: events.Key) -> bool:
    """Put a key typed ahead of the focus into the focused text field, or keep it for a screen
    that is opening onto one; True when it did."""
    if not event.is_printable or event.character is None:
        return False
    if focused is None and isinstance(screen, TakesTyping) and not screen._typing_taken:
        screen._typed_early += event.character
    elif isinstance(focused, Input) and not focused.disabled:
        focused.insert_text_at_cursor(event.character)
    elif isinstance(focused, TextArea) and not focused.read_only and not focused.disabled:
        focused.insert(event.character)
    else:
        return False
    event.stop()
    return True
