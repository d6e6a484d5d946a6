"""A keyboard-first form dialog shared by every screen that edits a row.

The caller describes the fields and passes a ``save`` callback that writes to the store. When the
store refuses the input (``ValidationError``) the message is shown under that field and the dialog
stays open with everything typed still in it: nothing the user entered is lost. The same holds
when the trip file cannot be written (another program holds its lock, the disk is full). On
success the dialog closes with the saved row.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from workshop_data.common.errors import DatatripError, ValidationError
from workshop_data.common.i18n import t

from .base import TripModal, failure_message
from .marks import MarkedCheckbox
from .typeahead import TakesTyping


@dataclass
class Field:
    name: str
    label: str  # already translated
    kind: str = "text"  # text | select | check | area (several lines: enter is a new line)
    value: Any = ""
    options: list[tuple[str, Any]] = field(default_factory=list)  # (label, value) for select
    placeholder: str = ""
    private: bool = False  # contact data: marked so nobody projects it unawares


class KeySelect(Select):
    """A Select whose options are led by a digit ("4  high", "2  consult"): typing the digit
    picks that option and moves on to the next field, one key instead of opening the list."""

    def __init__(self, options, **kwargs) -> None:
        super().__init__(options, **kwargs)
        self._by_digit = {label.split(" ", 1)[0]: value for label, value in options
                          if isinstance(label, str) and label[:1].isdigit()}

    def on_key(self, event) -> None:
        if self.expanded or event.character not in self._by_digit:
            return
        event.stop()
        event.prevent_default()
        self.value = self._by_digit[event.character]
        self.screen.focus_next()


class FormScreen(TakesTyping, TripModal):
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > VerticalScroll {
        width: 80%; max-width: 96; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    FormScreen .form-title { text-style: bold; margin-bottom: 1; }
    FormScreen Label { margin-top: 1; }
    FormScreen .field-error { color: $error; height: auto; }
    FormScreen .field-error.-empty { display: none; }
    FormScreen .form-buttons { height: auto; margin-top: 1; }
    FormScreen .form-buttons Button { margin-right: 2; }
    FormScreen TextArea { height: 8; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("ctrl+s", "save", "key.save", priority=True),
    ]

    def __init__(self, title: str, fields: list[Field],
                 save: Callable[[dict[str, Any]], Any]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.form_title, classes="form-title")
            for spec in self.fields:
                label = spec.label + (f"  [i]({t('form.private')})[/i]" if spec.private else "")
                yield Label(label, id=f"label-{spec.name}")
                yield self._widget(spec)
                yield Static("", id=f"error-{spec.name}", classes="field-error -empty")
            with Horizontal(classes="form-buttons"):
                yield Button(t("form.save"), id="save", variant="primary")
                yield Button(t("form.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.take_typing(self.query_one(f"#field-{self.fields[0].name}"))

    def _widget(self, spec: Field):
        if spec.kind == "select":
            return KeySelect(spec.options, value=spec.value if spec.value is not None else Select.NULL,
                          id=f"field-{spec.name}", allow_blank=spec.value is None,
                          prompt=t("select.prompt"))
        if spec.kind == "check":
            return MarkedCheckbox(spec.label, bool(spec.value), id=f"field-{spec.name}")
        if spec.kind == "area":  # tab leaves it, like every field (not a tab character)
            return TextArea(str(spec.value or ""), id=f"field-{spec.name}", tab_behavior="focus")
        return Input(str(spec.value or ""), placeholder=spec.placeholder, id=f"field-{spec.name}")

    def values(self) -> dict[str, Any]:
        out = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            value = widget.text if spec.kind == "area" else widget.value
            if spec.kind == "select" and value is Select.NULL:
                value = None
            if spec.kind == "check":
                value = int(bool(value))
            out[spec.name] = value
        return out

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; on the last field it saves."""
        event.stop()
        inputs = list(self.query(Input))
        names = [f"field-{spec.name}" for spec in self.fields]
        after = self.fields[names.index(event.input.id) + 1:] if event.input.id in names else []
        # ... unless a text area follows: enter there is a new line, ctrl+s saves.
        if event.input is inputs[-1] and not any(spec.kind == "area" for spec in after):
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        for error in self.query(".field-error"):
            error.update("")
            error.add_class("-empty")
        try:
            saved = self.save(self.values())
        except ValidationError as error:
            self._show_error(error.field, error.message)
            return
        except DatatripError as error:
            # several fields at once (e.g. metadata checked against the value lists)
            errors = getattr(error, "errors", None) or {"": str(error)}
            for name, message in reversed(list(errors.items())):
                self._show_error(name, message)
            return
        except sqlite3.OperationalError as error:
            # The trip file is locked or the disk is full: say so, keep what was typed, and
            # let the user press save again.
            store = getattr(self.app, "store", None)
            self._show_error("", failure_message(error, getattr(store, "path", "")) or "")
            return
        self.dismiss(saved)

    def _show_error(self, name: str, message: str) -> None:
        safe = "".join(c if c.isalnum() or c in "_-" else "-" for c in name)
        matches = self.query(f"#error-{safe}") if safe else None
        if not matches:  # a rule about no single field: show it under the first one
            matches = self.query(".field-error")
            if name:
                message = f"{name}: {message}"
        target = matches.first()
        if "-empty" not in target.classes and str(target.render()).strip():
            message = f"{target.render()}\n{message}"  # keep what is already shown there
        target.update(message)
        target.remove_class("-empty")
        field_widget = self.query(f"#field-{safe}") if safe else None
        if field_widget:
            field_widget.first().focus()
        else:  # no field of its own: at least bring the message into view
            target.scroll_visible()
