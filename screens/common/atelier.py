"""Each atelier's date, place and agenda: shown at the top of the atelier's screens, edited with
``A`` there (``1``–``4`` on the dashboard) in a keyboard-first form."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.binding import Binding
from textual.widgets import Static

from workshop_data.common.i18n import t

from .base import DataChanged, TripScreen
from .dates import format_date
from .form import Field, FormScreen

ATELIER_BINDING = Binding("A", "atelier", "key.atelier", show=False)


class AtelierScreen(TripScreen):
    """A screen of one atelier: binds A (:data:`ATELIER_BINDING`) to edit that atelier's date,
    place and agenda, shown in its :class:`AtelierBar`."""

    ATELIER: ClassVar[int] = 0  # the atelier (1-4) this screen serves

    def action_atelier(self) -> None:
        """Edit this screen's atelier: date, place and agenda."""
        if not self.ATELIER or self.store is None:
            return

        def saved(row) -> None:
            if row is None:
                return
            for bar in self.query(AtelierBar):
                bar.show(self.store, self.ATELIER)
            self.post_message(DataChanged())
            self.notify(t("atelier.saved", number=self.ATELIER))

        self.app.push_screen(atelier_form(self.store, self.ATELIER), saved)




class AtelierBar(Static):
    """One line, cut at the screen's edge (a projector's rows are few): "Atelier 1 · 1 Oct 2026 ·
    Stadskantoor, zaal 6.12 · Agenda: Welkom · Eigen taken …"; ``A`` edits it."""

    DEFAULT_CSS = """
    AtelierBar { height: 1; padding: 0 2; color: $text-muted; text-wrap: nowrap;
                 text-overflow: ellipsis; }
    """

    def show(self, store, number: int) -> None:
        from workshop_data.common.ateliers import agenda_lines, atelier

        found = atelier(store, number)
        head = f"[b]{t('dashboard.atelier', number=number)}[/b] · " + (
            format_date(found.date) if found else t("dashboard.no_date"))
        head += f" · {escape(found.place)}" if found and found.place else (
            f" · [i]{t('atelier.no_place')}[/i]")
        agenda = agenda_lines(found.agenda) if found else []
        line = (t("atelier.agenda") + ": " + escape(" · ".join(agenda))) if agenda else (
            f"[i]{t('atelier.no_agenda')}[/i]")
        self.update(f"{head} · {line}")
        self.tooltip = t("atelier.edit_hint")


def atelier_form(store, number: int) -> FormScreen:
    """The form for atelier ``number``: date, place, agenda (one item a line); ctrl+s saves."""
    from workshop_data.common.ateliers import atelier, update_atelier

    found = atelier(store, number)

    def save(values):
        return update_atelier(store, number, date=values["date"], place=values["place"],
                              agenda=values["agenda"])

    fields = [
        Field("date", t("atelier.date"), value=found.date if found else "",
              placeholder="1-10-2026"),
        Field("place", t("atelier.place"), value=found.place if found else ""),
        Field("agenda", t("atelier.agenda_field"), kind="area",
              value=found.agenda if found else ""),
    ]
    return FormScreen(t("atelier.form_title", number=number,
                        theme=t(f"atelier.theme.{number}")), fields, save)
