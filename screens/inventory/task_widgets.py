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

    kind: str  # participant | task | dataset | unlinked (the heading of datasets no task names)
    id: str
    task_id: str | None = None  # None for a dataset no task names
    participant_id: str | None = None


class InventoryTree(Tree[NodeRef]):
    """Participants, their tasks, and the datasets linked to each task."""

    # Set by the screen below 140 columns: lines without the policy goal and what the data helps
    # with (both are in the detail pane), so they are not cut off at the tree's edge.
    compact = False
    _pending: NodeRef | None = None  # where the cursor goes once the new lines are laid out

    def show(self, nodes, keep: NodeRef | None = None, unlinked=()) -> None:
        self._pending = keep
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
                    helps = None if self.compact else tnode.helps.get(dataset.id)
                    leaf = twig.add_leaf(dataset_label(dataset, helps), data=dref)
                    target = target or (leaf if keep == dref else None)
        if unlinked:  # kept on purpose when their last task went: they count, so they show
            heading = Text.assemble((t("inventory.unlinked_heading"), "bold"),
                                    (f"  {len(unlinked)}", "dim"))
            branch = self.root.add(heading, data=NodeRef("unlinked", ""), expand=True)
            for dataset in unlinked:
                dref = NodeRef("dataset", dataset.id)
                leaf = branch.add_leaf(dataset_label(dataset), data=dref)
                target = target or (leaf if keep == dref else None)
        # Keep the cursor on what was selected; otherwise on the first line, so the detail pane
        # always has something to show.
        self.call_after_refresh(self._place_cursor, target)

    def _place_cursor(self, target) -> None:
        self._pending = None
        if target is not None:
            self.move_cursor(target)
        elif self.cursor_node is None and self.last_line >= 0:
            self.move_cursor_to_line(0)

    @property
    def current(self) -> NodeRef | None:
        if self._pending is not None:  # shown again before the cursor found its line
            return self._pending
        node = self.cursor_node
        return node.data if node is not None else None


def dataset_label(dataset, helps: str | None = None) -> Text:
    """A dataset line; ``helps`` is its link's (under a task), None for an unlinked one or in
    the compact tree."""
    text = Text.assemble(("◆ ", "bold"), dataset.title, "  ")
    text.append(f"[{t('status.' + dataset.status)}]", style="dim")
    if helps:
        text.append(f"  {t('helps.' + helps)}", style="italic")
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
        if name == "helps":
            yield Label(t("inventory.helps_this_task"), id="label-helps")
        else:
            yield Label(t(f"field.{name}"))
        if name == "helps":
            yield Select([(t(f"helps.{h}"), h) for h in HELPS], allow_blank=False, id=widget_id,
                         compact=True)
        else:
            yield Input(id=widget_id, compact=True)

    def show(self, ref: NodeRef | None, row=None, needs=None, helps: str | None = None) -> None:
        """Show ``row`` (a Task or Dataset) for editing, or a hint for anything else; ``helps``
        is the link's (the dataset under the selected task), None for an unlinked dataset."""
        self.ref = ref
        kind = ref.kind if ref is not None and row is not None else None
        hint = self.query_one("#hint", Static)
        hint.display = kind not in self.FIELDS
        if kind == "unlinked":
            hint.update(t("inventory.unlinked_hint"))
        elif kind == "participant":
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
        if kind == "dataset":  # the link's, not the (retired) dataset column
            self._values["helps"] = helps or "me"
            for widget_id in ("#dataset-helps", "#label-helps"):
                self.query_one(widget_id).display = helps is not None
        for name, value in self._values.items():
            widget = self.query_one(f"#{kind}-{name}")
            widget.value = bool(value) if name == "personal_data" else (value or "")
            if isinstance(widget, Input):
                widget.cursor_position = 0  # show the start of a long text, not its end
        if kind == "dataset":
            lines = [f"• {escape(n.participant)} ({escape(n.department)}): {escape(n.task)}"
                     f"  [i]{t('helps.' + n.helps)}[/i]"
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
    """One line to type a title, and under it what is already known by that name.

    The list under the line keeps still while a title is typed: it has a fixed height, its
    lines are replaced in place (no layout pass), and a dataset that stays suggested keeps its
    place; only new ones are added below. A title that names a dataset of this trip exactly is
    said on the line above the list, where Enter links it instead of making a duplicate."""

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
        self._shown: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="quick-prompt")
        yield Input(id="quick-input")
        yield Static("", id="quick-exact")
        yield OptionList(id="quick-suggestions")

    def open(self, mode: str, prompt: str) -> None:
        self.mode = mode
        self.query_one("#quick-prompt", Static).update(prompt)
        field = self.query_one("#quick-input", Input)
        field.value = ""
        field.placeholder = t(f"inventory.quick_placeholder_{mode}")
        self._shown = []
        self.show_exact(None)
        self.show_suggestions([])
        # Shown (at its fixed height) for the whole of the typing, or not at all: nothing below
        # the input moves while a title is typed.
        self.query_one("#quick-suggestions").display = mode != "task"
        self.query_one("#quick-exact").display = mode == "dataset"
        self.add_class("-open")
        field.focus()

    def close(self) -> None:
        self.remove_class("-open")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def show_exact(self, match: tuple[str, str] | None) -> None:
        """``match``: (id, title) of the dataset the typed title names exactly, or None."""
        self.query_one("#quick-exact", Static).update(
            t("inventory.exact_exists", title=escape(match[1])) if match else "")

    def show_suggestions(self, options: list[tuple[str, str | None]]) -> None:
        """``options``: (text, choice id); a None id is a heading line. A suggestion that was
        shown before keeps its place within its group."""
        options = stable_order(self._shown, options)
        if options == self._shown and self._shown:
            return  # the same lines: nothing to repaint
        self._shown = options
        listing = self.query_one("#quick-suggestions", OptionList)
        listing.clear_options()
        listing.add_options([Option(text, id=choice, disabled=choice is None)
                             for text, choice in options]
                            or [Option(t("inventory.no_suggestions"), disabled=True)])

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


def stable_order(before: list[tuple[str, str | None]],
                 after: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """``after`` with the suggestions that ``before`` showed too in their old order, each group
    (a heading, None id, and its lines) on its own; new suggestions follow, best first."""
    rank = {choice: n for n, (_text, choice) in enumerate(before) if choice is not None}
    out: list[tuple[str, str | None]] = []
    group: list[tuple[str, str | None]] = []

    def flush():
        known = sorted((o for o in group if o[1] in rank), key=lambda o: rank[o[1]])
        out.extend(known + [o for o in group if o[1] not in rank])
        group.clear()

    for option in after:
        if option[1] is None:
            flush()
            out.append(option)
        else:
            group.append(option)
    flush()
    return out
