"""Who has voted in a round: names ticked, never scores. Safe to leave on the projector.

Opened with ``w`` from the ranking screen. ``n`` gives the selected participant a new code and
link (the card they hold stops working; print a new one with ``P`` on the ranking screen), ``f``
frees a code locked by three wrong tries. The list follows votes cast elsewhere (a second
terminal, the phones) within a second.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from workshop_data.ranking import ballots, voters
from workshop_data.common.errors import NotFound
from workshop_data.common.i18n import t, tn

from ..common.base import DataChanged, TripScreen
from ..common.tables import current_key, move_to_key
from ..common.footer import WrapFooter

MARKS = {"counted": ("✔", "bold #50D050"), "skipped": ("✔", "bold"), "draft": ("◐", "bold"),
         "": ("☐", "dim")}


class TurnoutScreen(TripScreen):
    TITLE_KEY = "ranking.turnout.title"
    HELP_KEY = "ranking.turnout.help"
    CSS_PATH = "turnout.tcss"

    BINDINGS = [
        Binding("n", "reissue", "ranking.turnout.key_reissue"),
        Binding("f", "unlock", "ranking.turnout.key_unlock"),
        Binding("escape", "back", "ranking.key_back"),
    ]

    def __init__(self, store=None, round_id: str = "", **kwargs):
        super().__init__(store, **kwargs)
        self.round_id = round_id
        self.people: dict[str, tuple[str, str]] = {}  # participant id -> (name, state)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="turnout-head")
        yield DataTable(id="turnout", cursor_type="row", zebra_stripes=True)
        yield Static(t("ranking.turnout.legend"), id="turnout-legend")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()  # the rows come with the resume (TripScreen)

    def refresh_data(self, select: str | None = None) -> None:
        try:
            rnd = self.store.rounds.get(self.round_id)
        except NotFound:
            self.dismiss()
            return
        table = self.query_one(DataTable)
        current = select or current_key(table)
        rows = ballots.turnout(self.store, self.round_id)
        locked = voters.locked_voters(self.store, self.round_id)
        table.clear(columns=True)
        table.add_column(" ", key="mark")
        table.add_column(t("ranking.turnout.col_name"), key="name")
        table.add_column(t("ranking.turnout.col_state"), key="state")
        for pid, name, state in rows:
            mark, style = MARKS[state]
            label = t(f"ranking.turnout.state_{state or 'none'}")
            if pid in locked:
                label += " · " + t("ranking.turnout.locked")
            table.add_row(Text(mark, style=style), name, label, key=pid)
        if current:
            move_to_key(table, current)
        done = sum(state in ("counted", "skipped") for _, _, state in rows)
        head = Text(rnd.title, style="bold")
        head.append("   " + tn("ranking.turnout.count", done, done=done, total=len(rows)))
        self.query_one("#turnout-head", Static).update(head)

    def _selected(self) -> str | None:
        return current_key(self.query_one(DataTable))

    def action_reissue(self) -> None:
        pid = self._selected()
        if pid is None:
            return
        name = self.store.participants.get(pid).name
        from ..merge.review import ConfirmMerge  # a plain yes/no question

        def answer(yes: bool | None) -> None:
            if yes:
                voters.reissue(self.store, voters.voter_of(self.store, self.round_id, pid).id)
                self.post_message(DataChanged())
                self.refresh_data(select=pid)
                self.notify(t("ranking.turnout.reissued", name=name))

        self.app.push_screen(ConfirmMerge(t("ranking.turnout.reissue_question", name=name)),
                             answer)

    def action_unlock(self) -> None:
        pid = self._selected()
        if pid is None:
            return
        voters.unlock(self.store, voters.voter_of(self.store, self.round_id, pid).id)
        self.post_message(DataChanged())
        self.refresh_data(select=pid)
        self.notify(t("ranking.turnout.unlocked", name=self.store.participants.get(pid).name))

    def action_back(self) -> None:
        self.dismiss()

