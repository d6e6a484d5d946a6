"""What the data explorer writes to the trip: the file attached to its dataset (status
"explored", and the personal-data flag when the file holds personal data), detached again (``x``,
undone by ``u``), and insight notes with their chart. Opening a file writes nothing: a privacy
hit in a file that is not attached flags no dataset."""

from __future__ import annotations

import os

from textual.widgets import Select

from workshop_data.common.i18n import t

from ..common.base import DataChanged
from .forms import insight_form


class TripWrites:
    """Mixed into the ExplorerScreen: these need its store, loaded file and chosen dataset."""

    def _need_dataset(self) -> bool:
        if not self.dataset_id:
            self.notify(t("explorer.choose_dataset"), severity="warning")
            self.query_one("#explorer-dataset", Select).focus()
            return False
        return True

    def action_attach(self) -> None:
        if self.loaded is None or self.reading:  # not a table still being read again
            self.notify(t("explorer.still_loading" if self.reading else "explorer.load_first"),
                        severity="warning")
            return
        if not self._need_dataset():
            return
        from workshop_data.explorer.bookkeeping import attach_file

        loaded = self.loaded
        done = attach_file(self.store, self.dataset_id, loaded.path, loaded.result.options,
                           sha256=loaded.sha256, overridden=self.overrides.keys(),
                           hits=loaded.hits)
        self._chosen_since_load = False  # the choice was for this file, and is used now
        if done.flagged:
            self.notify(t("explorer.flag_set"), severity="warning", timeout=8)
        self.post_message(DataChanged())
        title = self.store.datasets.get(self.dataset_id).title
        key = "explorer.attached_status" if done.status_changed else "explorer.attached"
        message = t(key, file=os.path.basename(loaded.path), title=title,
                    old=t(f"status.{done.old_status}"), new=t(f"status.{done.new_status}"))
        self.notify(message)
        self._say(message)
        self.refresh_data()

    def action_detach(self) -> None:
        """Take the file shown off the dataset chosen at the top (``u`` undoes it)."""
        from workshop_data.explorer.bookkeeping import attached_file, detach_file

        if self.loaded is None or not self._need_dataset():
            if self.loaded is None:
                self.notify(t("explorer.load_first"), severity="warning")
            return
        row = attached_file(self.store, self.dataset_id, self.loaded.path)
        title = self.store.datasets.get(self.dataset_id).title
        name = os.path.basename(self.loaded.path)
        if row is None:
            self.notify(t("explorer.not_attached", file=name, title=title), severity="warning")
            return
        done = detach_file(self.store, row.id)
        self.undo_stack.append(done)
        self.post_message(DataChanged())
        message = t("explorer.detached_unflagged" if done.unflagged else "explorer.detached",
                    file=name, title=title)
        self.notify(message)
        self._say(message)
        self.refresh_data()

    def action_undo(self) -> None:
        from workshop_data.explorer.bookkeeping import undo_detach
        from workshop_data.common.errors import NotFound

        if not self.undo_stack:
            self.notify(t("explorer.nothing_to_undo"), severity="warning")
            return
        detached = self.undo_stack.pop()
        try:
            row = undo_detach(self.store, detached)
        except NotFound:
            return
        self.post_message(DataChanged())
        title = self.store.datasets.get(row.dataset_id).title
        message = t("explorer.reattached", file=os.path.basename(row.path), title=title)
        self.notify(message)
        self._say(message)
        self.refresh_data()

    def action_note(self) -> None:
        if not self._need_dataset():
            return
        dataset = self.store.datasets.get(self.dataset_id)
        spec = self.chart_spec if self.loaded is not None else None

        def saved(insight) -> None:
            if insight is not None:
                self.post_message(DataChanged())
                self.notify(t("explorer.insight_saved", title=dataset.title))
                self._fill_insights()
                self._show_tabs()

        self.app.push_screen(insight_form(self.store, dataset, spec), saved)
