"""Two one-key choices of the explorer about what the table holds (issue 16):

- ``#`` treats the column under the cursor as a number (or as text again): the loader then sets
  what does not parse to missing, and the message line says how many values that is and which;
- ``t`` takes total rows ("Totaal", "Nederland") back into the table, or keeps them apart again.

A mixin of ExplorerScreen, which has ``loaded``, ``overrides``, ``column`` and ``_start_load``.
"""

from __future__ import annotations

from workshop_data.i18n import t


class RowChoices:
    def action_treat_as_number(self) -> None:
        if not self._need_file() or self.loaded is None or not self.column:
            return
        numbers = list(self.overrides.get("number_columns") or [])
        if self.column in numbers:
            numbers.remove(self.column)
            trying = t("explorer.as_text_again", column=self.column)
        else:
            numbers.append(self.column)
            trying = t("explorer.as_number", column=self.column)
        self.overrides = {**self.overrides, "number_columns": numbers}
        self._start_load(self.path, self.overrides, message=trying)

    def action_toggle_totals(self) -> None:
        if not self._need_file():
            return
        keep = not bool(self.overrides.get("keep_totals"))
        self.overrides = {**self.overrides, "keep_totals": keep}
        self._start_load(self.path, self.overrides,
                         message=t("explorer.totals_in" if keep else "explorer.totals_apart"))

    def number_message(self, loaded) -> str | None:
        """After "treat as number": what became missing in the column, or None."""
        column = self.column
        if not column or column not in (loaded.overrides.get("number_columns") or []):
            return None
        quoted = f"{column!r}"
        return next((w for w in loaded.result.warnings if quoted in w), t("explorer.as_number_clean",
                                                                           column=column))
