"""The quick-add bar of the task inventory: what it suggests while a title is typed, and what
Enter does with it (add a task or a dataset, or link one that exists)."""

from __future__ import annotations

from workshop_data.common.errors import ValidationError
from workshop_data.common.i18n import t
from workshop_data.inventory import tasks as inventory
from workshop_data.inventory.similar import similar

from ..common.base import DataChanged
from .task_widgets import InventoryTree, NodeRef, QuickAdd

IN_TRIP = 4  # suggestions of this trip; with the portal's and two headings: the list's 9 lines
ON_PORTAL = 3


class QuickAddActions:
    """Mixed into the inventory screen: it has ``store``, ``notify`` and the widgets."""

    def _suggest(self, text: str) -> None:
        quick = self.query_one(QuickAdd)
        if quick.mode == "task":
            return
        options: list[tuple[str, str | None]] = []
        if quick.mode == "link":
            known = [(d.id, d.title) for d in self.store.datasets.list()]
            if text.strip():
                matches = similar(text, known, threshold=0.3, limit=8)
            else:
                matches = [m for m in (similar(title, known, limit=1)[0] for _, title in known[:8])]
            options += [(f"  ↪ {m.title}", f"trip:{m.id}") for m in matches]
        else:
            exact = inventory.exact_match(self.store, text)
            quick.show_exact((exact.id, exact.title) if exact else None)
            found = inventory.suggestions(self.store, text, limit=IN_TRIP)
            # Both headings always: a group that comes and goes would move the other one.
            options.append((t("inventory.similar_in_trip"), None))
            options += [(f"  ↪ {m.title}", f"trip:{m.id}") for m in found.in_trip]
            options.append((t("inventory.on_portal"), None))
            options += [(f"  ⛁ {p.title}  ({p.name})", f"portal:{p.id}")
                        for p in found.on_portal[:ON_PORTAL]]
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
        if not choice and message.mode == "dataset":
            # Enter on a title a dataset of this trip has already (case and spaces aside) links
            # that one: the same keys as adding it, and no duplicate.
            exact = inventory.exact_match(self.store, message.text)
            choice = f"trip:{exact.id}" if exact else ""
        if choice.startswith("trip:"):
            dataset = self.store.datasets.get(choice[5:])
            already = inventory.is_linked(self.store, task.id, dataset.id)
            inventory.link(self.store, task.id, dataset.id)
            self.notify(t("inventory.already_linked" if already else "inventory.linked",
                          title=dataset.title, task=task.title))
        elif choice.startswith("portal:"):
            from workshop_data.inventory.tasks import link_to_task

            dataset, existed = link_to_task(self.store, task.id, choice[7:])
            self.notify(t("inventory.linked" if existed else "inventory.added_from_portal",
                          title=dataset.title, task=task.title))
        elif message.mode == "link":
            raise ValidationError("title", t("inventory.pick_a_suggestion"))
        else:
            dataset = inventory.add_dataset(self.store, task.id, title=message.text)
            self.notify(t("inventory.dataset_added", title=dataset.title))
        return NodeRef("dataset", dataset.id, task.id, task.participant_id)
