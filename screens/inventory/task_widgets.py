"""Widgets of the task inventory: the participant → task → dataset tree, the inline detail
editor, and the quick-add bar that suggests what is already known while a title is typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static, Tree
from textual.widgets.option_list import Option

from workshop_data.common.i18n import t, tn
from workshop_data.common.model import HELPS

from ..common.marks import MarkedCheckbox


@dataclass(frozen=True)
class NodeRef:
    """What a tree line stands for; ``task_id`` is the task a dataset line sits under."""

    kind: str  # participant | task | dataset
    id: str
    task_id: str | None = None
    participant_id: str | None = None


class InventoryTree(Tree[NodeRef]):
    """Participants, their tasks, and the datasets linked to each task."""

    # Set by the screen below 140 columns: lines without the policy goal and what the data helps
    # with (both are in the detail pane), so they are not cut off at the tree's edge.
    compact = False

    def show(self, nodes, keep: NodeRef | None = None) -> None:
        self.clear()
        self.root.expand()
        target = None
        for pnode in nodes:
            person = pnode.participant
            label = Text.assemble((person.name, "bold"), f"  {person.department}",
                                  (f"  {tn('inventory.n_tasks', len(pnode.tasks))}", "dim"))
            pref = NodeRef("participant", person.id, participant_id=person.id)
            branch = self.root.add(label, data=pref, expand=True)
            target = target or (branch if keep == pref else None)
            for tnode in pnode.tasks:
                task = tnode.task
                tref = NodeRef("task", task.id, participant_id=person.id)
                task_label = Text(task.title, style="bold")
                if task.policy_goal and not self.compact:
                    task_label.append(f"  → {task.policy_goal}", style="italic dim")
                twig = branch.add(task_label, data=tref, expand=True)
                target = target or (twig if keep == tref else None)
                for dataset in tnode.datasets:
                    dref = NodeRef("dataset", dataset.id, task.id, person.id)
                    leaf = twig.add_leaf(dataset_label(dataset, self.compact), data=dref)
                    target = target or (leaf if keep == dref else None)
        # Keep the cursor on what was selected; otherwise on the first line, so the detail pane
        # always has something to show.
        self.call_after_refresh(self._place_cursor, target)

    def _place_cursor(self, target) -> None:
        if target is not None:
            self.move_cursor(target)
        elif self.cursor_node is None and self.last_line >= 0:
            self.move_cursor_to_line(0)

    @property
    def current(self) -> NodeRef | None:
        node = self.cursor_node
        return node.data if node is not None else None


def dataset_label(dataset, compact: bool = False) -> Text:
    text = Text.assemble(("◆ ", "bold"), dataset.title, "  ")
    text.append(f"[{t('status.' + dataset.status)}]", style="dim")
    if not compact:
        text.append(f"  {t('helps.' + dataset.helps)}", style="italic")
    if dataset.personal_data:
        text.append(f"  {t('inventory.personal_mark')}", style="bold red")
    return text


class DetailPane(VerticalScroll):
    """Inline editing of the selected task or dataset: a field is saved when you press enter in
    it or leave it; selects and checkboxes save at once.

    Both forms are built once and shown or hidden: rebuilding widgets on every cursor move would
    be slow and lose focus.
    """

    class FieldEdited(Message):
        def __init__(self, ref: NodeRef, name: str, value: Any) -> None:
            super().__init__()
            self.ref = ref
            self.name = name
            self.value = value

    FIELDS = {
        "task": ("title", "description", "policy_goal"),
        "dataset": ("title", "description", "helps", "owner_department", "source_system",
                    "format", "personal_data", "notes"),
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ref: NodeRef | None = None
        self._values: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Static(t("inventory.nothing_selected"), id="hint", classes="hint")
        for kind, names in self.FIELDS.items():
            with Vertical(id=f"{kind}-form", classes="form"):
                yield Static(t(f"inventory.{kind}_heading"), classes="pane-title")
                for name in names:
                    yield from self._field(kind, name)
                if kind == "dataset":
                    yield Label(t("inventory.needed_by"), classes="needs-title")
                    yield Static("", id="needs")

    def _field(self, kind: str, name: str):
        widget_id = f"{kind}-{name}"
        if name == "personal_data":
            yield MarkedCheckbox(t("field.personal_data"), id=widget_id)
            return
        yield Label(t(f"field.{name}"))
        if name == "helps":
            yield Select([(t(f"helps.{h}"), h) for h in HELPS], allow_blank=False, id=widget_id,
                         compact=True)
        else:
            yield Input(id=widget_id, compact=True)

    def show(self, ref: NodeRef | None, row=None, needs=None) -> None:
        """Show ``row`` (a Task or Dataset) for editing, or a hint for anything else."""
        self.ref = ref
        kind = ref.kind if ref is not None and row is not None else None
        hint = self.query_one("#hint", Static)
        hint.display = kind not in self.FIELDS
        if kind == "participant":
            hint.update(f"[b]{escape(row.name)}[/b]\n{escape(row.department)}\n"
                        f"{escape(row.role)}\n\n{t('inventory.participant_hint')}")
        elif kind is None:
            hint.update(t("inventory.nothing_selected"))
        for form_kind in self.FIELDS:
            self.query_one(f"#{form_kind}-form").display = form_kind == kind
        if kind not in self.FIELDS:
            return
        # Remember the values first: the Changed events that setting them causes then compare
        # equal and are not mistaken for edits.
        self._values = {name: getattr(row, name) for name in self.FIELDS[kind]}
        for name, value in self._values.items():
            widget = self.query_one(f"#{kind}-{name}")
            widget.value = bool(value) if name == "personal_data" else (value or "")
            if isinstance(widget, Input):
                widget.cursor_position = 0  # show the start of a long text, not its end
        if kind == "dataset":
            lines = [f"• {escape(n.participant)} ({escape(n.department)}): {escape(n.task)}"
                     for n in needs or []] or [t("inventory.needed_by_nobody")]
            self.query_one("#needs", Static).update("\n".join(lines))

    def focus_first(self) -> None:
        if self.ref is not None and self.ref.kind in self.FIELDS:
            self.query_one(f"#{self.ref.kind}-title", Input).focus()

    def _edited(self, widget, value) -> None:
        if self.ref is None or widget.id is None:
            return
        kind, _, name = widget.id.partition("-")
        if kind != self.ref.kind or self._values.get(name) == value:
            return
        self._values[name] = value
        self.post_message(self.FieldEdited(self.ref, name, value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._edited(event.input, event.value)
        self.screen.focus_next()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self._edited(event.input, event.input.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._edited(event.select, event.value)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._edited(event.checkbox, int(event.value))

    def restore(self, name: str, value) -> None:
        """Put back the stored value after the store refused an edit."""
        self._values[name] = value
        if self.ref is not None:
            widget = self.query(f"#{self.ref.kind}-{name}")
            if widget:
                widget.first().value = value


class QuickAdd(Vertical):
    """One line to type a title, and under it what is already known by that name."""

    class Submitted(Message):
        def __init__(self, mode: str, text: str, choice: str | None) -> None:
            super().__init__()
            self.mode = mode  # task | dataset | link
            self.text = text
            self.choice = choice  # "trip:<id>" or "portal:<id>" when a suggestion was picked

    class Cancelled(Message):
        pass

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.mode = "dataset"

    def compose(self) -> ComposeResult:
        yield Static("", id="quick-prompt")
        yield Input(id="quick-input")
        yield OptionList(id="quick-suggestions")

    def open(self, mode: str, prompt: str) -> None:
        self.mode = mode
        self.query_one("#quick-prompt", Static).update(prompt)
        field = self.query_one("#quick-input", Input)
        field.value = ""
        field.placeholder = t(f"inventory.quick_placeholder_{mode}")
        self.show_suggestions([])
        self.add_class("-open")
        field.focus()

    def close(self) -> None:
        self.remove_class("-open")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def show_suggestions(self, options: list[tuple[str, str | None]]) -> None:
        """``options``: (text, choice id); a None id is a heading line."""
        listing = self.query_one("#quick-suggestions", OptionList)
        listing.clear_options()
        listing.add_options([Option(text, id=choice, disabled=choice is None)
                             for text, choice in options])
        listing.display = bool(options)

    def on_key(self, event) -> None:
        listing = self.query_one("#quick-suggestions", OptionList)
        field = self.query_one("#quick-input", Input)
        if event.key == "escape":
            event.stop()
            self.post_message(self.Cancelled())
        elif event.key == "down" and field.has_focus and listing.option_count:
            event.stop()
            listing.focus()
            listing.action_first()
        elif event.key == "up" and listing.has_focus and listing.highlighted in (None, 0, 1):
            event.stop()
            field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self.mode, event.value, None))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        text = self.query_one("#quick-input", Input).value
        self.post_message(self.Submitted(self.mode, text, event.option.id))
