"""Data ranking (atelier 1): the ballot rounds of the trip, and the way into ballots and results.

``n`` opens a new round (which datasets, criteria, scale, rules, kind of ballot), ``R`` opens
it to the room (the phones vote on the laptop's network), ``c`` starts ballot mode on the
selected round ("cast votes": pass the laptop; the first time, the facilitator chooses the PIN
that leaves it), ``w`` shows who has voted, ``P`` writes the printable code cards,
``enter`` shows its results, ``l`` locks (closes) or reopens it, ``h`` reveals or hides its
results, ``x`` deletes it and ``u`` brings it back (the list keys of every record list). Single letters of the App's navigation
are left alone. Nothing on this screen shows a score or a code: it can stay on the projector.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from workshop_data.ranking import ballots, voters
from workshop_data.common.errors import NotFound, ValidationError
from workshop_data.common.i18n import t, tn
from workshop_data.common.model import STATUSES

from ..common.footer import WrapFooter
from ..common.form import Field, FormScreen
from ..common.record_list import UNDO_KEY, RecordListScreen, delete_key

COLUMNS = ("ranking.col.round", "ranking.col.kind", "ranking.col.datasets",
           "ranking.col.ballots", "ranking.col.status", "ranking.col.results")


class RankingScreen(RecordListScreen):
    TITLE_KEY = "ranking.title"
    HELP_KEY = "ranking.help"
    CSS_PATH = "rounds.tcss"
    TABLE_ID = "rounds"
    EMPTY_KEY = "records.empty.rounds"
    NOTHING_TO_UNDO_KEY = "ranking.nothing_to_undo"

    BINDINGS = [
        Binding("n", "add", "ranking.key_new"),
        Binding("c", "ballot", "ranking.key_ballot"),
        Binding("R", "room", "room.tui.key_open"),
        # In the help (?) and the palette; the footer must fit a projector's 100 columns.
        Binding("w", "turnout", "ranking.key_turnout", show=False),
        Binding("P", "cards", "ranking.key_cards", show=False),
        Binding("enter", "results", "ranking.key_results", key_display="⏎"),
        Binding("l", "toggle_closed", "ranking.key_close"),
        Binding("h", "toggle_reveal", "ranking.key_reveal"),
        delete_key(),
        UNDO_KEY,
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.infos: dict[str, ballots.RoundInfo] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.record_table()
        yield Static("", id="round-detail")
        yield Static("", id="status-line")
        yield WrapFooter()

    # -- showing -------------------------------------------------------------------------------

    def refresh_data(self, select: str | None = None) -> None:
        current = self.clear_table(select)
        table = self.table
        for key in COLUMNS:
            numeric = key in ("ranking.col.datasets", "ranking.col.ballots")
            table.add_column(Text(t(key), justify="right" if numeric else "left"), key=key)
        self.infos = {info.round.id: info for info in ballots.list_rounds(self.store)}
        for info in self.infos.values():
            rnd = info.round
            is_open = rnd.status == "open"
            table.add_row(
                rnd.title, t(f"ranking.kind.{rnd.kind}"),
                Text(str(info.n_items), justify="right"),
                Text(str(info.n_ballots), justify="right"),
                Text(t("ranking.open") if is_open else t("ranking.closed"),
                     style="bold" if is_open else "dim"),
                t("ranking.revealed") if rnd.revealed else t("ranking.hidden"), key=rnd.id)
        if current in self.infos:
            self.select(current)
        self.query_one("#status-line", Static).update(
            tn("ranking.count", len(self.infos)) if self.infos else t("ranking.no_rounds"))
        self._show_detail()
        self.show_empty()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#round-detail", Static)
        info = self.infos.get(self.current_id() or "")
        if info is None:
            detail.update("")
            return
        rnd = info.round
        rules = [t("ranking.detail.kind", kind=t(f"ranking.kind.{rnd.kind}"))]
        if rnd.kind == "score":
            rules.append(", ".join(ballots.criterion_label(c) for c in info.criteria))
            rules.append(t("ranking.detail.scale", low=rnd.scale_min, high=rnd.scale_max))
        if rnd.kind == "points":
            rules.append(t("ranking.detail.budget", budget=rnd.points_budget))
            if rnd.points_cap:
                rules.append(t("ranking.detail.cap", cap=rnd.points_cap))
        rules.append(t("ranking.detail.skip_yes") if rnd.allow_skip else t("ranking.detail.skip_no"))
        if rnd.allow_name_pick:
            rules.append(t("ranking.detail.name_pick"))
        rules.append(t("ranking.detail.random") if rnd.random_order else t("ranking.detail.fixed"))
        detail.update(f"[b]{escape(rnd.title)}[/b]\n" + " · ".join(rules))

    def _current(self):
        round_id = self.current_id()
        if round_id is None:
            self.notify(t("ranking.no_rounds"), severity="warning")
            return None
        try:
            return self.store.rounds.get(round_id)
        except NotFound:
            self.refresh_data()
            return None

    # -- opening a round -------------------------------------------------------------------------

    def add_form(self) -> FormScreen:
        n = len(self.infos) + 1
        fields = [
            Field("title", t("ranking.form.title"), value=t("ranking.form.default_title", n=n)),
            Field("kind", t("ranking.form.kind"), kind="select", value="score",
                  options=[(t(f"ranking.kind.{k}"), k) for k in ballots.KINDS]),
            Field("status", t("ranking.form.status"), kind="select", value=None,
                  options=[(t(f"status.{s}"), s) for s in STATUSES]),
            Field("department", t("ranking.form.department"), kind="select", value=None,
                  options=[(d, d) for d in ballots.departments(self.store)]),
            Field("criteria", t("ranking.form.criteria"),
                  value=", ".join(ballots.criterion_label(c) for c in ("interest", "importance"))),
            Field("scale_min", t("ranking.form.scale_min"), value="1"),
            Field("scale_max", t("ranking.form.scale_max"), value="5"),
            Field("allow_skip", t("ranking.form.allow_skip"), kind="check", value=True),
            Field("allow_name_pick", t("ranking.form.allow_name_pick"), kind="check",
                  value=False),
            Field("random_order", t("ranking.form.random_order"), kind="check", value=True),
            Field("points_budget", t("ranking.form.points_budget"), value="100"),
            Field("points_cap", t("ranking.form.points_cap"), value=""),
        ]
        return FormScreen(t("ranking.form.heading"), fields, self._open_round)

    def _open_round(self, values: dict) -> object:
        return ballots.open_round(
            self.store, values["title"], kind=values["kind"] or "score",
            criteria=values["criteria"],
            scale=(_whole(values, "scale_min"), _whole(values, "scale_max")),
            allow_skip=bool(values["allow_skip"]),
            allow_name_pick=bool(values["allow_name_pick"]),
            random_order=bool(values["random_order"]),
            points_budget=_whole(values, "points_budget"),
            points_cap=_whole(values, "points_cap", optional=True),
            status=values["status"], department=values["department"])

    def saved_message(self, rnd) -> str:
        return t("ranking.opened", title=rnd.title)

    # -- acting on the selected round --------------------------------------------------------

    def _current_open(self):
        """The selected round if it takes votes; else None, and the facilitator is told why."""
        rnd = self._current()
        if rnd is not None and rnd.status != "open":
            self.notify(t("ranking.error.closed", title=rnd.title), severity="warning")
            return None
        return rnd

    def action_ballot(self) -> None:
        rnd = self._current_open()
        if rnd is None:
            return
        from .ballot import BallotScreen

        def start(ready: bool | None = True) -> None:
            if ready:
                self.app.push_screen(BallotScreen(self.store, rnd.id,
                                                  idle_seconds=self._idle_seconds()))

        if voters.has_pin(self.store):
            start()
            return
        from .ballot_seal import SetPin

        self.app.push_screen(SetPin(lambda pin: voters.set_pin(self.store, pin)), start)

    def _idle_seconds(self) -> float:
        """The App's ``ballot_idle`` setting (seconds), 60 when unset or not a number."""
        from .ballot import IDLE_SECONDS

        text = getattr(getattr(self.app, "settings", None), "ballot_idle", "")
        try:
            return max(5.0, float(text)) if text else IDLE_SECONDS
        except (TypeError, ValueError):
            return IDLE_SECONDS

    async def action_room(self) -> None:
        rnd = self._current_open()
        if rnd is None:
            return
        from workshop_data.common.errors import DatatripError

        from .room import RoomScreen
        from .room_control import open_room

        try:
            room = await open_room(self.app, self.store, rnd.id)
        except DatatripError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self.notify(t("room.tui.opened", title=rnd.title, url=room.url))
        self.app.push_screen(RoomScreen(self.store, rnd.id))

    def action_turnout(self) -> None:
        rnd = self._current()
        if rnd is not None:
            from .turnout import TurnoutScreen

            self.app.push_screen(TurnoutScreen(self.store, rnd.id))

    def action_cards(self) -> None:
        rnd = self._current()
        if rnd is None:
            return
        from workshop_data.ranking import cards

        target = cards.default_path(self.store.path, rnd)
        try:
            count = cards.write_cards(self.store, rnd.id, target)
        except OSError as error:
            self.notify(t("ranking.cards.failed", path=target, reason=error.strerror or error),
                        severity="error")
            return
        self.notify(tn("ranking.cards.written", count, path=target))

    def action_results(self) -> None:
        rnd = self._current()
        if rnd is None:
            return
        from .results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.store, rnd.id))

    def row_chosen(self) -> None:
        self.action_results()

    async def action_toggle_closed(self) -> None:
        rnd = self._current()
        if rnd is None:
            return
        if rnd.status == "open":
            from .room_control import close_room

            await close_room(self.app, rnd.id)  # a closed round is not served to the room
            rnd = ballots.close_round(self.store, rnd.id)
            message = t("ranking.closed_note", title=rnd.title)
        else:
            rnd = ballots.reopen_round(self.store, rnd.id)
            message = t("ranking.reopened_note", title=rnd.title)
        self.changed(rnd.id, message)

    def action_toggle_reveal(self) -> None:
        rnd = self._current()
        if rnd is None:
            return
        rnd = ballots.reveal(self.store, rnd.id, not rnd.revealed)
        if rnd.revealed:
            self.changed(rnd.id, t("ranking.revealed_note", title=rnd.title))
        else:
            self.changed(rnd.id, t("ranking.hidden_note", title=rnd.title))

    def nothing_selected(self) -> None:
        self.notify(t("ranking.no_rounds"), severity="warning")

    def delete_record(self, record_id: str):
        rnd = self.store.rounds.delete(record_id)
        return rnd.id, t("ranking.deleted", title=rnd.title)

    def restore_record(self, token):
        return self.store.rounds.restore(token)

    def restored_message(self, back) -> str:
        return t("ranking.restored", title=back.title)


def _whole(values: dict, name: str, optional: bool = False) -> int | None:
    text = str(values.get(name) or "").strip()
    if not text and optional:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError(name, t("ranking.error.whole_number")) from None
