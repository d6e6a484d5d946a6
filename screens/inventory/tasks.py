"""Task inventory (atelier 1): per participant their tasks, per task the data that would help.

Built for typing live in the room: ``n`` adds a task, ``a`` a dataset under the selected task,
``l`` links a dataset that is already in the trip. While a title is typed the quick-add bar shows
datasets of this trip with a similar name ("link instead of a duplicate?") and packages already
on the portal; a title this trip has already (case and spaces aside) is said above them, and
Enter then links that dataset instead of making a duplicate. The right-hand pane edits the
selected task or dataset in place, "helps me / lets others act" for the task it sits under.
``x`` deletes a task or unlinks a dataset from its task, asking what to do with a dataset that
loses its last task (delete it, or keep it under "not linked to a task"); ``u`` undoes it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Input, Select, Static

from workshop_data.inventory import tasks as inventory
from workshop_data.common.errors import NotFound, ValidationError
from workshop_data.common.i18n import t, tn
from workshop_data.common.model import HELPS

from ..common.atelier import ATELIER_BINDING, AtelierBar, AtelierScreen
from ..common.base import DataChanged
from .task_dialogs import LastLinkDialog
from .task_quick import QuickAddActions
from .task_widgets import DetailPane, InventoryTree, NodeRef, QuickAdd
from ..common.footer import WrapFooter


class InventoryScreen(QuickAddActions, AtelierScreen):
    TITLE_KEY = "inventory.title"
    HELP_KEY = "inventory.help"
    CSS_PATH = "tasks.tcss"
    ATELIER = 1

    BINDINGS = [
        Binding("n", "new_task", "key.new_task"),
        Binding("a", "add_dataset", "key.add_dataset"),
        Binding("l", "link_dataset", "key.link"),
        # f, not the global C: the catalogue for the selected task (a found package is linked
        # to it); C opens the catalogue on its own, where you choose the task.
        Binding("f", "catalogue", "key.find_in_catalogue"),
        ATELIER_BINDING,
        Binding("e", "edit", "key.edit"),
        Binding("x,delete", "delete", "key.delete"),
        Binding("u,ctrl+z", "undo", "key.undo"),
        Binding("slash", "search", "key.search", key_display="/"),
        Binding("escape", "back_to_tree", "key.back", show=False),
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.flt = inventory.Filter()
        # ("task", id), ("link", link id), ("dataset", id) or ("both", "link id dataset id")
        self.undo_stack: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield AtelierBar(id="atelier-bar")
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
        yield WrapFooter()

    def on_mount(self) -> None:
        tree = self.query_one(InventoryTree)
        tree.show_root = False
        tree.focus()

    def on_resize(self, event) -> None:
        tree = self.query_one(InventoryTree)
        compact = event.size.width < 140
        if compact != tree.compact:
            tree.compact = compact
            tree.guide_depth = 2 if compact else 4  # narrower guides: the titles fit
            if self.store is not None:
                self.refresh_data()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, keep: NodeRef | None = None) -> None:
        tree = self.query_one(InventoryTree)
        keep = keep or tree.current
        self.query_one(AtelierBar).show(self.store, self.ATELIER)
        departments = self.query_one("#department", Select)
        chosen = departments.value
        departments.set_options([(d, d) for d in inventory.departments(self.store)])
        if chosen is not Select.BLANK:
            departments.value = chosen
        nodes = inventory.tree(self.store, self.flt)
        unlinked = inventory.unlinked(self.store, self.flt)
        tree.show(nodes, keep, unlinked)
        n_tasks = sum(len(n.tasks) for n in nodes)
        # Every dataset counts, linked or not: the same number as the tracker and the dashboard.
        n_datasets = len({d.id for n in nodes for task in n.tasks for d in task.datasets}
                         | {d.id for d in unlinked})
        self.query_one("#status-line", Static).update(t(
            "inventory.counts", participants=tn("count.participants", len(nodes)),
            tasks=tn("count.tasks", n_tasks), datasets=tn("count.datasets", n_datasets))
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
            elif ref.kind == "unlinked":
                pane.show(ref, ref)
            elif ref.kind == "task":
                pane.show(ref, self.store.tasks.get(ref.id))
            else:
                link = (self.store.task_datasets.list(task_id=ref.task_id, dataset_id=ref.id)
                        if ref.task_id else [])
                pane.show(ref, self.store.datasets.get(ref.id),
                          inventory.needed_by(self.store, ref.id),
                          helps=link[0].helps if link else None)
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
        if ref is None or ref.participant_id is None:
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

    def action_catalogue(self) -> None:
        """The portal's catalogue for the selected task: ``l`` there links a package to it."""
        from .catalogue import CatalogueScreen

        task = self._task_of_selection()
        if task is None:
            return
        self.app.push_screen(CatalogueScreen(self.store, task_id=task.id),
                             lambda dataset_id, task=task: dataset_id and self.refresh_data(
                                 keep=NodeRef("dataset", dataset_id, task.id,
                                              task.participant_id)))

    def _task_of_selection(self):
        ref = self._selected()
        if ref is None or ref.kind in ("participant", "unlinked") or (
                ref.kind == "dataset" and ref.task_id is None):
            self.notify(t("inventory.pick_task"), severity="warning")
            return None
        return self.store.tasks.get(ref.id if ref.kind == "task" else ref.task_id)

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
        ref = message.ref
        if message.name == "helps" and ref.kind == "dataset":  # the link's, for this task
            inventory.set_helps(self.store, ref.task_id, ref.id, message.value)
            self._show_tree(ref)
            return
        repo = self.store.tasks if message.ref.kind == "task" else self.store.datasets
        try:
            repo.update(message.ref.id, **{message.name: message.value})
        except ValidationError as error:
            self.notify(f"{t('field.' + message.name)}: {error.message}", severity="error")
            message_row = repo.get(message.ref.id)
            self.query_one(DetailPane).restore(message.name, getattr(message_row, message.name))
            return
        self._show_tree(message.ref)

    def _show_tree(self, keep: NodeRef) -> None:
        self.query_one(InventoryTree).show(inventory.tree(self.store, self.flt), keep,
                                           inventory.unlinked(self.store, self.flt))
        self.post_message(DataChanged())

    def action_delete(self) -> None:
        ref = self._selected()
        if ref is None or ref.kind in ("participant", "unlinked"):
            self.notify(t("inventory.delete_where"), severity="warning")
            return
        if ref.kind == "task":
            task = self.store.tasks.delete(ref.id)
            self.undo_stack.append(("task", task.id))
            self.notify(t("inventory.task_deleted", title=task.title))
        elif ref.task_id is None:  # an unlinked dataset: x deletes it
            dataset = self.store.datasets.delete(ref.id)
            self.undo_stack.append(("dataset", dataset.id))
            self.notify(t("inventory.dataset_deleted", title=dataset.title))
        elif inventory.other_links(self.store, ref.id, ref.task_id) == 0:
            title = self.store.datasets.get(ref.id).title
            self.app.push_screen(LastLinkDialog(title),
                                 lambda choice, ref=ref: self._after_last_link(ref, choice))
            return
        else:
            link = inventory.unlink(self.store, ref.task_id, ref.id)
            self.undo_stack.append(("link", link.id))
            self.notify(t("inventory.unlinked", title=self.store.datasets.get(ref.id).title))
        self.refresh_data()
        self.post_message(DataChanged())

    def _after_last_link(self, ref: NodeRef, choice: str | None) -> None:
        """The answer to "delete it, or keep it unlinked?" (None: leave everything as it was)."""
        if choice is None:
            return
        with self.store.transaction():
            link = inventory.unlink(self.store, ref.task_id, ref.id)
            if choice == "delete":
                dataset = self.store.datasets.delete(ref.id)
        if choice == "delete":
            self.undo_stack.append(("both", f"{link.id} {dataset.id}"))
            self.notify(t("inventory.dataset_deleted", title=dataset.title))
            keep = None
        else:
            self.undo_stack.append(("link", link.id))
            dataset = self.store.datasets.get(ref.id)
            self.notify(t("inventory.kept_unlinked", title=dataset.title))
            keep = NodeRef("dataset", dataset.id)
        self.refresh_data(keep=keep)
        self.post_message(DataChanged())

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(t("participants.nothing_to_undo"), severity="warning")
            return
        kind, row_id = self.undo_stack.pop()
        if kind == "task":
            task = self.store.tasks.restore(row_id)
            keep = NodeRef("task", task.id, participant_id=task.participant_id)
        elif kind == "dataset":
            keep = NodeRef("dataset", self.store.datasets.restore(row_id).id)
        else:
            link_id, _, dataset_id = row_id.partition(" ")
            with self.store.transaction():
                if dataset_id:
                    self.store.datasets.restore(dataset_id)
                link = self.store.task_datasets.restore(link_id)
            task = self.store.tasks.get(link.task_id)
            keep = NodeRef("dataset", link.dataset_id, task.id, task.participant_id)
        self.refresh_data(keep=keep)
        self.post_message(DataChanged())
        self.notify(t("inventory.restored"))
