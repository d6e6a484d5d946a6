"""Task inventory (atelier 1): per participant their tasks, per task the data that would help.

Built for typing live in the room: ``n`` adds a task, ``a`` a dataset under the selected task,
``l`` links a dataset that is already in the trip. While a title is typed the quick-add bar shows
datasets of this trip with a similar name ("link instead of a duplicate?") and packages already
on the portal. The right-hand pane edits the selected task or dataset in place. ``x`` deletes a
task or unlinks a dataset from its task; ``u`` undoes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Select, Static

from workshop_data.inventory import tasks as inventory
from workshop_data.common.errors import NotFound, ValidationError
from workshop_data.common.i18n import t
from workshop_data.common.model import HELPS
from workshop_data.inventory.similar import similar

from ..common.base import DataChanged, TripScreen
from .task_widgets import DetailPane, InventoryTree, NodeRef, QuickAdd


class InventoryScreen(TripScreen):
    TITLE_KEY = "inventory.title"
    HELP_KEY = "inventory.help"
    CSS_PATH = "tasks.tcss"

    BINDINGS = [
        Binding("n", "new_task", "key.new_task"),
        Binding("a", "add_dataset", "key.add_dataset"),
        Binding("l", "link_dataset", "key.link"),
        Binding("e", "edit", "key.edit"),
        Binding("x,delete", "delete", "key.delete"),
        Binding("u,ctrl+z", "undo", "key.undo"),
        Binding("slash", "search", "key.search", key_display="/"),
        Binding("escape", "back_to_tree", "key.back", show=False),
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.flt = inventory.Filter()
        self.undo_stack: list[tuple[str, str]] = []  # ("task", id) or ("link", link id)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder=t("inventory.search_placeholder"), id="search")
            yield Select([], prompt=t("inventory.any_department"), id="department")
            yield Select([(t(f"helps.{h}"), h) for h in HELPS], prompt=t("inventory.any_helps"),
                         id="helps")
            yield Select([(t("inventory.personal_only"), True),
                          (t("inventory.not_personal"), False)],
                         prompt=t("inventory.any_personal"), id="personal")
        with Horizontal(id="body"):
            yield InventoryTree(t("inventory.all_participants"), id="tree")
            yield DetailPane(id="detail")
        yield QuickAdd(id="quick")
        yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        tree = self.query_one(InventoryTree)
        tree.show_root = False
        tree.focus()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, keep: NodeRef | None = None) -> None:
        tree = self.query_one(InventoryTree)
        keep = keep or tree.current
        departments = self.query_one("#department", Select)
        chosen = departments.value
        departments.set_options([(d, d) for d in inventory.departments(self.store)])
        if chosen is not Select.BLANK:
            departments.value = chosen
        nodes = inventory.tree(self.store, self.flt)
        tree.show(nodes, keep)
        n_tasks = sum(len(n.tasks) for n in nodes)
        n_datasets = len({d.id for n in nodes for tn in n.tasks for d in tn.datasets})
        self.query_one("#status-line", Static).update(t(
            "inventory.counts", participants=len(nodes), tasks=n_tasks, datasets=n_datasets)
            + ("   " + t("inventory.filtered") if self.flt.active else ""))

    def on_tree_node_highlighted(self, event: InventoryTree.NodeHighlighted) -> None:
        self._show_detail(event.node.data)

    def _show_detail(self, ref: NodeRef | None) -> None:
        pane = self.query_one(DetailPane)
        try:
            if ref is None:
                pane.show(None)
            elif ref.kind == "participant":
                pane.show(ref, self.store.participants.get(ref.id))
            elif ref.kind == "task":
                pane.show(ref, self.store.tasks.get(ref.id))
            else:
                pane.show(ref, self.store.datasets.get(ref.id),
                          inventory.needed_by(self.store, ref.id))
        except NotFound:
            pane.show(None)

    # -- filters -------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.flt.text = event.value
            self.refresh_data()
        elif event.input.id == "quick-input":
            self._suggest(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(InventoryTree).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id not in ("department", "helps", "personal"):
            return
        value = None if event.value is Select.BLANK else event.value
        setattr(self.flt, event.select.id, value)
        self.refresh_data()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back_to_tree(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus and search.value:
            search.value = ""
        self.query_one(InventoryTree).focus()

    # -- adding --------------------------------------------------------------------------------

    def _selected(self) -> NodeRef | None:
        return self.query_one(InventoryTree).current

    def action_new_task(self) -> None:
        ref = self._selected()
        if ref is None:
            self.notify(t("inventory.pick_participant"), severity="warning")
            return
        person = self.store.participants.get(ref.participant_id)
        self.query_one(QuickAdd).open("task", t("inventory.new_task_for", name=person.name))

    def action_add_dataset(self) -> None:
        task = self._task_of_selection()
        if task is not None:
            self.query_one(QuickAdd).open("dataset", t("inventory.new_dataset_for",
                                                       task=task.title))

    def action_link_dataset(self) -> None:
        task = self._task_of_selection()
        if task is not None:
            self.query_one(QuickAdd).open("link", t("inventory.link_to", task=task.title))
            self._suggest("")

    def _task_of_selection(self):
        ref = self._selected()
        if ref is None or ref.kind == "participant":
            self.notify(t("inventory.pick_task"), severity="warning")
            return None
        return self.store.tasks.get(ref.id if ref.kind == "task" else ref.task_id)

    def _suggest(self, text: str) -> None:
        quick = self.query_one(QuickAdd)
        if quick.mode == "task":
            return
        options: list[tuple[str, str | None]] = []
        if quick.mode == "link":
            known = [(d.id, d.title) for d in self.store.datasets.list()]
            matches = similar(text, known, threshold=0.3, limit=8) if text.strip() else []
            if not text.strip():
                matches = [m for m in (similar(title, known, limit=1)[0] for _, title in known[:8])]
            options += [(f"  ↪ {m.title}", f"trip:{m.id}") for m in matches]
        else:
            found = inventory.suggestions(self.store, text)
            if found.in_trip:
                options.append((t("inventory.similar_in_trip"), None))
                options += [(f"  ↪ {m.title}", f"trip:{m.id}") for m in found.in_trip]
            if found.on_portal:
                options.append((t("inventory.on_portal"), None))
                options += [(f"  ⛁ {p.title}  ({p.name})", f"portal:{p.id}")
                            for p in found.on_portal]
        quick.show_suggestions(options)

    def on_quick_add_submitted(self, message: QuickAdd.Submitted) -> None:
        ref = self._selected()
        try:
            new_ref = self._apply_quick(message, ref)
        except ValidationError as error:
            self.notify(error.message, severity="error")
            return
        self.query_one(QuickAdd).close()
        self.refresh_data(keep=new_ref)
        self.query_one(InventoryTree).focus()
        self.post_message(DataChanged())

    def _apply_quick(self, message: QuickAdd.Submitted, ref: NodeRef) -> NodeRef | None:
        if message.mode == "task":
            task = inventory.add_task(self.store, ref.participant_id, title=message.text)
            self.notify(t("inventory.task_added", title=task.title))
            return NodeRef("task", task.id, participant_id=ref.participant_id)
        task = self.store.tasks.get(ref.id if ref.kind == "task" else ref.task_id)
        choice = message.choice or ""
        if choice.startswith("trip:"):
            dataset = self.store.datasets.get(choice[5:])
            already = self.store.task_datasets.count(task_id=task.id, dataset_id=dataset.id)
            inventory.link(self.store, task.id, dataset.id)
            self.notify(t("inventory.already_linked" if already else "inventory.linked",
                          title=dataset.title, task=task.title))
        elif choice.startswith("portal:"):
            package = self.store.query("SELECT title, url, name FROM catalogue WHERE id = ?",
                                       [choice[7:]])[0]
            dataset = inventory.add_dataset(
                self.store, task.id, title=package["title"], status="published",
                notes=t("inventory.portal_note", name=package["name"], url=package["url"]))
            self.notify(t("inventory.added_from_portal", title=dataset.title))
        elif message.mode == "link":
            raise ValidationError("title", t("inventory.pick_a_suggestion"))
        else:
            dataset = inventory.add_dataset(self.store, task.id, title=message.text)
            self.notify(t("inventory.dataset_added", title=dataset.title))
        return NodeRef("dataset", dataset.id, task.id, task.participant_id)

    def on_quick_add_cancelled(self, _message) -> None:
        self.query_one(QuickAdd).close()
        self.query_one(InventoryTree).focus()

    # -- editing and deleting ------------------------------------------------------------------

    def action_edit(self) -> None:
        self.query_one(DetailPane).focus_first()

    def on_tree_node_selected(self, event: InventoryTree.NodeSelected) -> None:
        if event.node.data and event.node.data.kind != "participant":
            self.action_edit()

    def on_detail_pane_field_edited(self, message: DetailPane.FieldEdited) -> None:
        repo = self.store.tasks if message.ref.kind == "task" else self.store.datasets
        try:
            repo.update(message.ref.id, **{message.name: message.value})
        except ValidationError as error:
            self.notify(f"{t('field.' + message.name)}: {error.message}", severity="error")
            message_row = repo.get(message.ref.id)
            self.query_one(DetailPane).restore(message.name, getattr(message_row, message.name))
            return
        self.query_one(InventoryTree).show(inventory.tree(self.store, self.flt), message.ref)
        self.post_message(DataChanged())

    def action_delete(self) -> None:
        ref = self._selected()
        if ref is None or ref.kind == "participant":
            self.notify(t("inventory.delete_where"), severity="warning")
            return
        if ref.kind == "task":
            task = self.store.tasks.delete(ref.id)
            self.undo_stack.append(("task", task.id))
            self.notify(t("inventory.task_deleted", title=task.title))
        else:
            link = inventory.unlink(self.store, ref.task_id, ref.id)
            self.undo_stack.append(("link", link.id))
            self.notify(t("inventory.unlinked", title=self.store.datasets.get(ref.id).title))
        self.refresh_data()
        self.post_message(DataChanged())

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(t("participants.nothing_to_undo"), severity="warning")
            return
        kind, row_id = self.undo_stack.pop()
        if kind == "task":
            task = self.store.tasks.restore(row_id)
            keep = NodeRef("task", task.id, participant_id=task.participant_id)
        else:
            link = self.store.task_datasets.restore(row_id)
            task = self.store.tasks.get(link.task_id)
            keep = NodeRef("dataset", link.dataset_id, task.id, task.participant_id)
        self.refresh_data(keep=keep)
        self.post_message(DataChanged())
        self.notify(t("inventory.restored"))
