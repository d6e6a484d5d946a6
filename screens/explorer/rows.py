"""The explorer's choices about how a file is read: one key per reading option (``l``, ``,``,
``e``, ``h``), the form with all of them (``c``), and two about what the table holds (issue 16):

- ``#`` treats the column under the cursor as a number (or as text again): the loader then sets
  what does not parse to missing, and the message line says how many values that is and which;
- ``T`` takes total rows ("Totaal", "Nederland") back into the table, or keeps them apart again.

A mixin of ExplorerScreen, which has ``loaded``, ``overrides``, ``column`` and ``_start_load``.
"""

from __future__ import annotations

from workshop_data.common.i18n import t

from .forms import choices_form
from .widgets import next_choice, shown


class RowChoices:
    def action_cycle(self, name: str) -> None:
        if not self._need_file():
            return
        used = self.loaded.result.options.to_dict() if self.loaded else {}
        overrides = dict(self.overrides)
        overrides[name] = next_choice(name, overrides.get(name, used.get(name)))
        thousands = overrides.get("thousands", used.get("thousands"))
        if name == "decimal" and thousands == overrides[name]:
            overrides["thousands"] = ""  # "1.234,5" read the other way round
        if name == "header_rows":  # keep the title lines skipped: only the header changes
            overrides.setdefault("skip_top", used.get("skip_top") or 0)
        self.overrides = overrides
        trying = t("explorer.trying", choice=t(f"explorer.choice.{name}"),
                   value=shown(name, overrides[name]))
        self._start_load(self.path, overrides, message=trying)

    def action_choices(self) -> None:
        if not self._need_file():
            return
        from workshop_data.explorer.loading import LoadOptions

        options = self.loaded.result.options if self.loaded else LoadOptions(**self.overrides)
        sheets = list(self.loaded.result.detection.sheets) if self.loaded else []

        def chosen(overrides) -> None:
            if overrides is not None:
                self.overrides = overrides
                self._start_load(self.path, overrides)

        self.app.push_screen(choices_form(options, self.overrides, sheets), chosen)

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
