"""What the data explorer writes to the trip: the file attached to its dataset (status
"explored"), the personal-data flag after a privacy hit, and insight notes with their chart."""

from __future__ import annotations

import os

from textual.widgets import Select

from workshop_data.i18n import t

from .base import DataChanged
from .explorer_forms import insight_form


class TripWrites:
    """Mixed into the ExplorerScreen: these need its store, loaded file and chosen dataset."""

    def _need_dataset(self) -> bool:
        if not self.dataset_id:
            self.notify(t("explorer.choose_dataset"), severity="warning")
            self.query_one("#explorer-dataset", Select).focus()
            return False
        return True

    def _flag_privacy(self) -> None:
        from workshop_data.explorer import flag_personal_data

        if self.loaded and self.loaded.hits and self.dataset_id:
            if flag_personal_data(self.store, self.dataset_id, self.loaded.hits):
                self.post_message(DataChanged())
                self.notify(t("explorer.flag_set"), severity="warning", timeout=8)

    def action_attach(self) -> None:
        if self.loaded is None or self.loading:  # not a table still being read again
            self.notify(t("explorer.still_loading" if self.loading else "explorer.load_first"),
                        severity="warning")
            return
        if not self._need_dataset():
            return
        from workshop_data.explorer import attach_file

        loaded = self.loaded
        done = attach_file(self.store, self.dataset_id, loaded.path, loaded.result.options,
                           sha256=loaded.sha256, overridden=self.overrides.keys())
        self._flag_privacy()
        self.post_message(DataChanged())
        title = self.store.datasets.get(self.dataset_id).title
        key = "explorer.attached_status" if done.status_changed else "explorer.attached"
        message = t(key, file=os.path.basename(loaded.path), title=title,
                    old=t(f"status.{done.old_status}"), new=t(f"status.{done.new_status}"))
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
