"""The dashboard: the trip at a glance, what each atelier has produced, and the sync state."""

from __future__ import annotations


from rich.markup import escape
from textual.app import ComposeResult
from textual import events
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.reactive import reactive
from textual.widgets import Header, Static

from workshop_data.common.i18n import t, tn

from .dates import format_date
from .base import TripScreen
from .footer import WrapFooter

AGENDA_ITEMS = 3  # on a wide card; the 2 x 2 cards of a projector show none
MONTHS = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()


class AtelierCard(Static):
    """One atelier: date, place and its progress counts."""


class Dashboard(TripScreen):
    TITLE_KEY = "dashboard.title"
    HELP_KEY = "dashboard.help"
    CSS_PATH = "dashboard.tcss"

    # help lists a description once: the first of the four says all four keys
    BINDINGS = [Binding(str(n), f"edit_atelier({n})", "key.edit_atelier", show=False,
                        key_display="1-4" if n == 1 else None) for n in range(1, 5)]

    # Set by the shell: "online", "offline", "unknown" or "none" (no portal configured).
    portal_state: reactive[str] = reactive("unknown")
    _narrow_cards: bool | None = None  # 2 x 2 cards (a projector): no room for the agenda

    def __init__(self, store=None, navigation: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(store, **kwargs)
        self.navigation = navigation or []
        self.summary = None

    def compose(self) -> ComposeResult:
        # Known before the first frame: styling the cards twice (wide, then narrow) costs it.
        self._narrow_cards = self.app.size.width < 110
        self.set_class(self._narrow_cards, "-narrow")
        yield Header()
        with Vertical(id="dashboard"):
            with Vertical(id="trip-bar"):
                yield Static(t("dashboard.opening"), id="trip-name")
                yield Static("", id="sync-state")
            with Grid(id="ateliers"):
                for number in range(1, 5):
                    yield AtelierCard(t("dashboard.atelier", number=number),
                                      id=f"atelier-{number}", classes="atelier")
            yield Static("", id="pipeline")
            yield Static(self._navigation_text(100), id="navigation")
        yield WrapFooter()

    def on_resize(self, event: events.Resize) -> None:
        # The agenda fits only the wide cards (a projector at 100x30 gets 2 x 2): redraw the
        # cards when the width crosses that line.
        narrow, was = event.size.width < 110, self._narrow_cards
        self._narrow_cards = narrow
        if was is not None and narrow != was and self.summary is not None:
            self._show_cards()  # what was read stays: only the cards are drawn again
        self.query_one("#navigation", Static).update(self._navigation_text(event.size.width - 4))

    def _navigation_text(self, width: int) -> str:
        """The screens and their keys, wrapped between entries, never inside one."""
        lines, line, used = [], t("dashboard.go_to"), len(t("dashboard.go_to"))
        for key, label in self.navigation:
            entry_width = len(key) + 1 + len(label)
            if used + 3 + entry_width > width:
                lines.append(line)
                line, used = " " * len(t("dashboard.go_to")), len(t("dashboard.go_to"))
            line += f"   [b]{escape(key)}[/b] {escape(label)}"
            used += 3 + entry_width
        return "\n".join([*lines, line])

    def refresh_data(self) -> None:
        from workshop_data.common.summary import trip_summary

        self.summary = trip_summary(self.store)
        s = self.summary
        self.app.sub_title = s.trip_name
        self.query_one("#trip-name", Static).update(
            f"[b]{escape(s.trip_name)}[/b]  ·  {escape(s.organisation)}")
        self._show_cards()
        self.query_one("#pipeline", Static).update(self._pipeline_text())
        self._show_sync()

    def _show_cards(self) -> None:
        by_number = {a.number: a for a in self.summary.ateliers}
        for number in range(1, 5):
            atelier = by_number.get(number)
            card = self.query_one(f"#atelier-{number}", AtelierCard)
            card.border_title = self._atelier_head(number, atelier)
            card.update(self._atelier_text(number, atelier))

    @staticmethod
    def _atelier_head(number: int, atelier) -> str:
        # In the card's border: a line less per card, so 2 x 2 cards and the keys fit 30 rows.
        when = format_date(atelier.date) if atelier else t("dashboard.no_date")
        return f"[b]{t('dashboard.atelier', number=number)}[/b] · {when}"

    def action_edit_atelier(self, number: int) -> None:
        """1-4: date, place and agenda of that atelier, in a form (ctrl+s saves)."""
        from .atelier import atelier_form

        if self.store is None or self.store.trip() is None:
            return
        self.app.push_screen(atelier_form(self.store, number),
                             lambda row: row is not None and self.refresh_data())

    def _atelier_text(self, number: int, atelier) -> str:
        s = self.summary
        where = escape(atelier.place) if atelier and atelier.place else ""
        inv = s.invitations_by_status
        counts = {
            1: [("dashboard.participants", s.participants), ("dashboard.tasks", s.tasks),
                ("dashboard.datasets", s.datasets), ("dashboard.rounds", s.rounds),
                ("dashboard.votes", s.votes)],
            2: [("dashboard.stakeholders", s.stakeholders),
                ("dashboard.invitations", s.invitations),
                ("dashboard.invited", inv["invited"] + inv["confirmed"] + inv["attended"]),
                ("dashboard.confirmed", inv["confirmed"] + inv["attended"])],
            3: [("dashboard.obtained", s.datasets_by_status["obtained"]),
                ("dashboard.explored", s.datasets_by_status["explored"]),
                ("dashboard.insights", s.insights), ("dashboard.prototypes", s.prototypes)],
            4: [("dashboard.ready", s.datasets_by_status["ready"]),
                ("dashboard.queued", s.publications_by_state.get("queued", 0)),
                ("dashboard.published", s.published),
                ("dashboard.attended", inv["attended"])],
        }[number]
        lines = [f"[i]{t(f'atelier.theme.{number}')}[/i]", f"[dim]{where}[/dim]"]
        # Number first: the column of figures stays aligned whatever the label's length; only as
        # wide as the card's largest figure, so Dutch labels fit a quarter of a projector's width.
        width = max(len(str(value)) for _, value in counts)
        lines += [f"[b]{value:>{width}}[/b]  {tn(key, value)}" for key, value in counts]
        agenda = [line.strip() for line in (atelier.agenda if atelier else "").splitlines()
                  if line.strip()]
        if agenda and not self._narrow_cards:  # a projector's 2 x 2 cards: no room
            # the first items: the whole agenda is on the atelier's own screens
            lines.append("")
            lines += [f"[dim]· {escape(item)}[/dim]" for item in agenda[:AGENDA_ITEMS]]
            if len(agenda) > AGENDA_ITEMS:
                lines.append(f"[dim]  {t('atelier.more', count=len(agenda) - AGENDA_ITEMS)}[/dim]")
        return "\n".join(lines)

    def _pipeline_text(self) -> str:
        by_status = self.summary.datasets_by_status
        steps = [f"{t(f'status.{status}')} [b]{count}[/b]" for status, count in by_status.items()]
        return t("dashboard.pipeline") + " " + " → ".join(steps)

    def watch_portal_state(self) -> None:
        self._show_sync()

    def _show_sync(self) -> None:
        if self.summary is None or not self.is_mounted:
            return
        s = self.summary
        state = "none" if not s.portal_url else self.portal_state
        host = s.portal_url.split("://", 1)[-1].rstrip("/")
        text = t(f"sync.{state}", portal=escape(host))
        text += "  ·  " + tn("sync.pending", s.outbox_pending)
        widget = self.query_one("#sync-state", Static)
        widget.update(text)
        widget.set_class(state == "online", "online")
        widget.set_class(state == "offline", "offline")
