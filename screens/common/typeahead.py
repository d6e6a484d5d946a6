"""Keys typed ahead of the focus: "a" and a title in one burst.

A key opens a text field (``a`` adds a dataset, ``/`` searches) and the next keys are the text.
Textual moves the focus a moment later (``Widget.focus`` is queued), and a burst of keys — a fast
typist on a busy laptop, a paste into the terminal, tmux — is handed out before that moment, to
the widget that had the focus. Those keys then bubble up unhandled and meet the screen keys: the
``s`` of "lijst" opened the stakeholders and its ``a`` a new stakeholder form.

Two halves mend it: :func:`focus_now` moves the focus at once, when the field opens; and the App
gives :func:`typed_ahead` every key that reaches it, which hands a printable one to the focused
text field. (A text field stops every printable key it is sent, so one that reaches the App
while a field has the focus was meant for it and sent elsewhere.)
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` before the next key is handled (``widget.focus()`` waits a turn)."""
    widget.screen.set_focus(widget)


def typed_ahead(focused: Widget | None, event: events.Key) -> bool:
    """Put a key typed ahead of the focus into the focused text field; True when it did."""
    if not event.is_printable or event.character is None:
        return False
    if isinstance(focused, Input) and not focused.disabled:
        focused.insert_text_at_cursor(event.character)
    elif isinstance(focused, TextArea) and not focused.read_only and not focused.disabled:
        focused.insert(event.character)
    else:
        return False
    event.stop()
    return True
