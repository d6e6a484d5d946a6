"""Whose file is shown in the data explorer, and how much of it the room may read.

The dataset chosen at the top belongs to the file shown: a new file brings its own dataset (the
one it is attached to, else none), unless the user picked one since the last file was read. A
column in which the privacy scan found personal data shows its values masked until ``r``.
"""

from __future__ import annotations

from textual.widgets import DataTable, Select

from workshop_data.common.i18n import t

from .reading import Loaded
from .widgets import fill_preview, fill_profile


class FileOwner:
    """Mixed into the ExplorerScreen: needs its store, loaded file and dataset choice."""

    def _flagged(self) -> bool | None:
        """Whether the dataset of the file shown is flagged; None: the file is not attached."""
        from workshop_data.explorer.bookkeeping import attached_file

        if not (self.dataset_id and self.loaded):
            return None
        if attached_file(self.store, self.dataset_id, self.loaded.path) is None:
            return None
        return bool(self.store.datasets.get(self.dataset_id).personal_data)

    def _dataset_for(self, loaded: Loaded) -> None:
        """Another file than the one shown: choose its own dataset (or none), unless the user
        picked one for it since the last file was read."""
        select = self.query_one("#explorer-dataset", Select)
        own = loaded.remembered.dataset_id if loaded.remembered else None
        if own is not None:
            from workshop_data.common.errors import NotFound

            try:
                self.store.datasets.get(own)
            except NotFound:  # deleted since
                own = None
        new_file = self.loaded is not None and self.loaded.path != loaded.path
        if (new_file and not self._chosen_since_load) or (own and not self.dataset_id):
            with select.prevent(Select.Changed):
                if own:
                    select.value = own
                else:
                    select.clear()
            self._fill_insights()
        self._chosen_since_load = False

    def action_reveal(self) -> None:
        """Show the values of columns holding personal data in clear, or mask them again."""
        if self.loaded is None or not self.loaded.hits:
            self.notify(t("explorer.nothing_to_reveal"), severity="warning")
            return
        self.revealed = not self.revealed
        fill_preview(self.query_one("#explorer-preview", DataTable), self.loaded, self.column,
                     self.revealed)
        fill_profile(self.query_one("#explorer-profile", DataTable), self.loaded.profile,
                     self.loaded.hits, self.revealed)
        self._show_reading()
        self._say(t("explorer.revealed" if self.revealed else "explorer.masked"),
                  error=self.revealed)
