"""The stakeholder grid (atelier 2): influence × interest, for the room to place its stakeholders.

Arrow keys (or tab / n and shift+tab / N) select a stakeholder; shift+arrows move it one step,
or ``m`` (or enter) picks it up so that the plain arrows move it until ``m``, enter or escape puts
it down. Every move is stored at once and ``u`` undoes it. The strategy follows from where the
stakeholder lands. ``o`` cycles the participant filter, ``c`` the category filter, escape clears
them. Made to be projected: this screen never shows contact details.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Static

from workshop_data.stakeholders import ladder, register as sh
from workshop_data.common.i18n import t, tn
from workshop_data.common.model import CATEGORIES

from ..common.atelier import ATELIER_BINDING, AtelierBar, AtelierScreen
from ..common.base import DataChanged
from .grid_layout import fit
from .grid_widget import ATTITUDE_GLYPH, StakeholderGrid
from ..common.footer import WrapFooter


class StakeholderGridScreen(AtelierScreen):
    TITLE_KEY = "grid.title"
    HELP_KEY = "grid.help"
    CSS_PATH = "grid.tcss"
    ATELIER = 2

    BINDINGS = [
        ATELIER_BINDING,
        Binding("up", "arrow('up')", "grid.key_select", key_display="←↑↓→", show=False),
        Binding("down", "arrow('down')", "grid.key_select", show=False),
        Binding("left", "arrow('left')", "grid.key_select", show=False),
        Binding("right", "arrow('right')", "grid.key_select", show=False),
        Binding("shift+up", "move(1, 0)", "grid.key_move", key_display="⇧+←↑↓→"),
        Binding("shift+down", "move(-1, 0)", "grid.key_move", show=False),
        Binding("shift+left", "move(0, -1)", "grid.key_move", show=False),
        Binding("shift+right", "move(0, 1)", "grid.key_move", show=False),
        Binding("m,enter", "toggle_move", "grid.key_move_mode", key_display="m"),
        Binding("tab,n", "step(1)", "grid.key_next", key_display="n", show=False),
        Binding("shift+tab,N", "step(-1)", "grid.key_previous", key_display="N", show=False),
        Binding("O", "cycle_participant", "grid.key_participant"),
        Binding("c", "cycle_category", "grid.key_category"),
        Binding("u,ctrl+z", "undo", "key.undo"),
        Binding("escape", "escape", "grid.key_escape", show=False),
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.flt = sh.Filter()
        self.moving = False
        self.undo_stack: list[tuple[str, int, int]] = []  # (id, influence, interest) before

    def compose(self) -> ComposeResult:
        yield Header()
        yield AtelierBar(id="atelier-bar")
        yield Static("", id="grid-filters")
        with Horizontal(id="grid-body"):
            yield StakeholderGrid(id="grid")
            with Vertical(id="grid-panel"):
                yield Static("", id="grid-detail")
                yield Static("", id="grid-cell")
                yield Static("", id="grid-legend")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one(StakeholderGrid).focus()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        self.query_one(AtelierBar).show(self.store, self.ATELIER)
        grid = self.query_one(StakeholderGrid)
        grid.show(sh.markers(self.store, self.flt), select or grid.selected)
        self._show_filters(len(grid.markers))
        self._show_panel()

    def _show_filters(self, shown: int) -> None:
        who = t("grid.everyone")
        if self.flt.participant:
            who = dict(sh.participant_choices(self.store)).get(self.flt.participant, who)
        what = t(f"category.{self.flt.category}") if self.flt.category else t("grid.every_category")
        total = self.store.stakeholders.count()
        line = tn("grid.filters", total, participant=escape(who), category=what, shown=shown,
                  total=total)
        if self.flt.active:
            line += "  " + t("grid.clear_hint")
        self.query_one("#grid-filters", Static).update(line)

    def _show_panel(self) -> None:
        grid = self.query_one(StakeholderGrid)
        marker = grid.current
        detail = self.query_one("#grid-detail", Static)
        cell = self.query_one("#grid-cell", Static)
        self.query_one("#grid-legend", Static).update(
            "\n".join(f"{glyph} {t(f'attitude.{a}')}" for a, glyph in ATTITUDE_GLYPH.items()))
        self.query_one("#grid-panel").set_class(self.moving, "-moving")
        if marker is None:
            detail.update(t("grid.none_selected"))
            cell.update("")
            return
        lines = []
        if self.moving:
            lines.append(f"[reverse b] {t('grid.moving')} [/]")
        lines.append(f"[b]{escape(marker.name)}[/b]")
        for extra in (marker.organisation, marker.role):
            if extra and extra != marker.name:
                lines.append(escape(extra))
        lines.append(t(f"category.{marker.category}"))
        lines.append(f"{ATTITUDE_GLYPH.get(marker.attitude, '')} "
                     f"{t(f'attitude.{marker.attitude}')}")
        if marker.owner_name:
            lines.append(t("grid.owner", name=escape(marker.owner_name)))
        lines.append("")
        lines.append(f"[b]▶ {t(f'strategy.{marker.strategy}')}[/b]")
        lines.append(t("grid.influence_is", score=marker.influence))
        lines.append(t("grid.interest_is", score=marker.interest))
        lines.append("")
        lines.append(f"[b]{t('grid.engagement')}[/b]")
        lines.append(t("grid.engagement_now", value=ladder.label(marker.current_engagement)))
        lines.append(t("grid.engagement_wanted", value=ladder.label(marker.desired_engagement)))
        lines.append(t("grid.datasets", count=marker.datasets))
        detail.update("\n".join(lines))
        self._show_cell()
        # the room for the list is known once the details above it are laid out
        self.call_after_refresh(self._show_cell)

    def _show_cell(self) -> None:
        """The names in the selected stakeholder's cell, as many as fit around the selected."""
        grid = self.query_one(StakeholderGrid)
        cell = self.query_one("#grid-cell", Static)
        mates = grid.cellmates()
        if len(mates) < 2:
            cell.update("")
            return
        room = max(1, cell.size.height - 2)  # minus the heading and a line for the rest
        if len(mates) <= room + 1:
            room = len(mates)
        index = next(i for i, m in enumerate(mates) if m.id == grid.selected)
        start = max(0, min(index - room // 2, len(mates) - room))
        rows = [f"[b]{t('grid.in_cell', count=len(mates))}[/b]"]
        for mate in mates[start:start + room]:
            name = escape(fit(mate.name, 21))
            rows.append(f"[reverse]▸ {name}[/]" if mate.id == grid.selected else f"  {name}")
        if len(mates) > room:
            rows.append(f"  [i]{t('grid.more', count=len(mates) - room)}[/i]")
        cell.update("\n".join(rows))

    # -- selecting -----------------------------------------------------------------------------

    def action_arrow(self, direction: str) -> None:
        if self.moving:
            d_influence, d_interest = {"up": (1, 0), "down": (-1, 0), "left": (0, -1),
                                       "right": (0, 1)}[direction]
            self.action_move(d_influence, d_interest)
            return
        if self.query_one(StakeholderGrid).go(direction) is not None:
            self._show_panel()

    def action_step(self, offset: int) -> None:
        self.query_one(StakeholderGrid).step(offset)
        self._show_panel()

    # -- moving --------------------------------------------------------------------------------

    def action_toggle_move(self) -> None:
        grid = self.query_one(StakeholderGrid)
        if grid.current is None:
            return
        self.moving = not self.moving
        grid.set_moving(self.moving)
        self._show_panel()

    def action_move(self, d_influence: int, d_interest: int) -> None:
        grid = self.query_one(StakeholderGrid)
        marker = grid.current
        if marker is None:
            return
        moved = sh.move(self.store, marker.id, d_influence, d_interest)
        if (moved.influence, moved.interest) == (marker.influence, marker.interest):
            self.app.bell()
            return
        self.undo_stack.append((marker.id, marker.influence, marker.interest))
        self.refresh_data(select=marker.id)
        self.post_message(DataChanged())
        new_strategy = sh.strategy(moved.influence, moved.interest)
        if new_strategy != marker.strategy:
            self.notify(t("grid.strategy_changed", name=marker.name,
                          strategy=t(f"strategy.{new_strategy}")))

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(t("participants.nothing_to_undo"), severity="warning")
            return
        stakeholder_id, influence, interest = self.undo_stack.pop()
        sh.place(self.store, stakeholder_id, influence, interest)
        self.refresh_data(select=stakeholder_id)
        self.post_message(DataChanged())

    def action_escape(self) -> None:
        if self.moving:
            self.action_toggle_move()
        elif self.flt.active:
            self.flt = sh.Filter()
            self.refresh_data()

    # -- filters -------------------------------------------------------------------------------

    def action_cycle_participant(self) -> None:
        everyone = sh.register(self.store)
        linked = {pid for view in everyone for pid in view.participant_ids}
        linked |= {view.stakeholder.owner_id for view in everyone if view.stakeholder.owner_id}
        choices = [None] + [pid for pid, _name in sh.participant_choices(self.store)
                            if pid in linked]
        self.flt.participant = _following(choices, self.flt.participant)
        self.refresh_data()

    def action_cycle_category(self) -> None:
        present = {view.stakeholder.category for view in sh.register(self.store)}
        choices = [None] + [c for c in CATEGORIES if c in present]
        self.flt.category = _following(choices, self.flt.category)
        self.refresh_data()


def _following(choices: list, current):
    index = choices.index(current) if current in choices else 0
    return choices[(index + 1) % len(choices)]
