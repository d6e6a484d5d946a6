"""Ballot mode: the facilitator's laptop goes round the room, one participant at a time.

A participant types the code of their card (or picks their name, when the round allows it; who
has voted before then needs their code) and sees one dataset at a time with its description and
the tasks it is linked to. Number keys score it on each criterion, ``s`` skips (when allowed),
left or backspace goes back to change an earlier answer; every answer is saved at once. A rank
round arranges the datasets by keys, a points round spends a budget (:mod:`ballot_lists`). At the
end a neutral "thank you, pass the laptop on" shows, with nothing of the ballot left on screen or
in any widget. A code that is not valid gets the same one line whatever the reason; three in a
row lock this laptop's code entry for a minute.

After ``idle_seconds`` without a key the ballot clears back to "enter your code": what was
chosen so far stays that voter's draft, shown to nobody else.

This screen takes every key itself: the App's keys (navigation, quit, the command palette) do
nothing here, so a participant cannot wander off. ``ctrl+x`` leaves, with the facilitator's PIN;
nothing on the screen says so.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workshop_data.ranking import ballots, voters
from workshop_data.common.errors import DatatripError
from workshop_data.common.i18n import t, tn

from .ballot_lists import ListBallot
from .ballot_render import about_text, question_text, scale_text
from .ballot_seal import PinPrompt, Sealed
from ..common.base import DataChanged, translate_bindings

VIEWS = ("code", "vote", "list", "end")
BAR_WIDTH = 30
IDLE_SECONDS = 60


class BallotScreen(ListBallot, Sealed, Screen):
    CSS_PATH = "ballot.tcss"
    BINDINGS = [
        Binding("ctrl+x", "leave", "ranking.key_leave", priority=True),
        Binding("f2", "app.toggle_projector", "key.projector", show=False),
    ]

    def __init__(self, store, round_id: str, idle_seconds: float = IDLE_SECONDS,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.store = store
        self.round_id = round_id
        self.state = "code"
        self.station = voters.Station()  # wrong codes typed on this laptop
        self.idle_seconds = idle_seconds
        self.last_key = time.monotonic()
        self.picked: str | None = None  # a name picked that needs its code
        self._clear_ballot()

    def _clear_ballot(self) -> None:
        self.ballot: ballots.Ballot | None = None
        self.questions: list = []
        self.position = 0
        self.shown_item: str | None = None
        self._shown: dict[str, object] = {}  # what each widget shows, by selector
        self.draft: ballots.RankDraft | ballots.PointsDraft | None = None
        self.entry = ""  # digits typed for the points of the current dataset
        self.cursor = 0
        self.grabbed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="ballot"):
            yield Static("", id="ballot-round")
            with Vertical(id="code-view", classes="view"):
                yield Static(t("ranking.ballot.welcome"), id="code-prompt")
                yield Input(id="code-input", placeholder=t("ranking.ballot.code_placeholder"),
                            max_length=12)
                yield Static("", id="code-error")
                yield Static(t("ranking.ballot.or_pick_name"), id="names-label")
                yield OptionList(id="names")
            with Vertical(id="vote-view", classes="view"):
                yield Static("", id="progress")
                yield Static("", id="item-title")
                yield Static("", id="item-about")
                yield Static("", id="question")
                yield Static("", id="scale")
                yield Static("", id="vote-message", classes="message")
                yield Static("", id="vote-keys", classes="keys")
            with Vertical(id="list-view", classes="view"):
                yield Static("", id="list-head")
                with Horizontal(id="list-body"):
                    yield Static("", id="list-items")
                    yield Static("", id="list-detail")
                yield Static("", id="list-message", classes="message")
                yield Static("", id="list-keys", classes="keys")
            with Vertical(id="end-view", classes="view"):  # finish, then thanks
                yield Static("", id="end-text")

    def on_mount(self) -> None:
        self.set_interval(1, self._check_idle)
        rnd = self.store.rounds.get(self.round_id)
        self.query_one("#ballot-round", Static).update(
            Text(t("ranking.ballot.heading", title=rnd.title), style="bold"))
        names = ballots.name_choices(self.store, self.round_id)
        self.query_one(OptionList).add_options([Option(name, id=pid) for pid, name in names])
        self.set_class(not names, "-no-names")
        self._to_code()

    def refresh_data(self) -> None:
        """Another process wrote to the trip: nothing to redraw; the next vote checks the round."""

    def _set_state(self, state: str) -> None:
        """code, vote, list (rank and points), finish or thanks (these two share a view)."""
        self.state = state
        view = "end" if state in ("finish", "thanks") else state
        for name in VIEWS:
            self.set_class(name == view, f"-{name}")

    def _to_code(self, note: str = "") -> None:
        self._set_state("code")
        self.picked = None
        self.query_one("#code-prompt", Static).update(t("ranking.ballot.welcome"))
        code = self.query_one("#code-input", Input)
        code.value = ""
        self.query_one("#code-error", Static).update(note)
        self.query_one(OptionList).highlighted = None  # not the name of the one before
        code.focus()

    def _check_idle(self) -> None:
        """Nobody touched the keys for a while: keep what was chosen as a draft, start over."""
        if time.monotonic() - self.last_key < self.idle_seconds:
            return
        if self.state == "code" and not self.picked and not self.query_one(
                "#code-input", Input).value:
            return
        if self.ballot is not None and self.draft is not None:
            try:
                self._save_list()
            except DatatripError:
                pass  # the round closed meanwhile: nothing more can be kept
            self.post_message(DataChanged())
        self._wipe()
        self._to_code(t("ranking.ballot.idle_cleared"))

    # -- starting ------------------------------------------------------------------------------

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.last_key = time.monotonic()  # typing a code is not idling

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.last_key = time.monotonic()
        self._start(code=event.value, participant_id=self.picked)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._start(participant_id=event.option.id)

    def _start(self, code: str | None = None, participant_id: str | None = None) -> None:
        try:
            ballot = ballots.start_ballot(self.store, self.round_id, code,
                                          participant_id=participant_id, station=self.station)
        except voters.NeedsCode as needs:
            self.picked = participant_id
            self.query_one("#code-prompt", Static).update(str(needs))
            self.query_one("#code-error", Static).update("")
            self.query_one("#code-input", Input).focus()
            return
        except DatatripError as error:
            self.picked = None
            self.query_one("#code-prompt", Static).update(t("ranking.ballot.welcome"))
            self.query_one("#code-error", Static).update(str(error))
            self.query_one("#code-input", Input).value = ""  # start the retry afresh
            return
        self.picked = None
        self._clear_ballot()
        self.ballot = ballot
        self.query_one("#code-input", Input).value = ""
        self.set_focus(None)
        if ballot.kind == "score":
            keys = [t("ranking.ballot.keys_score", low=ballot.scale[0], high=ballot.scale[1])]
            if ballot.allow_skip:
                keys.append(t("ranking.ballot.keys_skip"))
            keys.append(t("ranking.ballot.keys_move"))
            self._put("#vote-keys", " · ".join(keys))
            self.questions = ballot.questions()
            unanswered = [i for i, (item, c) in enumerate(self.questions)
                          if (item.dataset_id, c) not in ballot.answers]
            self._set_state("vote")
            self._show_question(unanswered[0] if unanswered else 0)
            return
        draft = ballots.RankDraft if ballot.kind == "rank" else ballots.PointsDraft
        self.draft = draft.of(ballot)
        self._set_state("list")
        self._show_list()

    # -- keys ----------------------------------------------------------------------------------

    def on_key(self, event) -> None:
        self.last_key = time.monotonic()
        if self.state == "code":
            return  # the code input and the name list take their own keys
        event.stop()
        event.prevent_default()
        if self.state == "thanks":
            self._to_code()
        elif self.state == "finish":
            self._key_finish(event.key)
        elif self.state == "vote":
            self._key_vote(event.key, event.character)
        elif self.ballot.kind == "rank":
            self._key_rank(event.key, event.character)
        else:
            self._key_points(event.key, event.character)

    def action_leave(self) -> None:
        def leave(confirmed: bool | None) -> None:
            if not confirmed:
                return
            if self.ballot is not None and self.draft is not None:
                try:
                    self._save_list()  # the voter's choices so far stay their draft
                except DatatripError:
                    pass
            self._wipe()
            self.dismiss()

        self.app.push_screen(PinPrompt(lambda pin: voters.pin_ok(self.store, pin)), leave)

    # -- score ballots -------------------------------------------------------------------------

    def _key_vote(self, key: str, char: str | None) -> None:
        lo, hi = self.ballot.scale
        item, criterion = self.questions[self.position]
        if char is not None and char.isdigit():
            if lo <= int(char) <= hi:
                self._write(ballots.cast_vote, item.dataset_id, criterion, int(char))
            else:
                self._message(t("ranking.ballot.use_keys", low=lo, high=hi))
        elif key == "s":
            if self.ballot.allow_skip:
                self._write(ballots.skip, item.dataset_id, criterion)
            else:
                self._message(t("ranking.error.no_skip"))
        elif key in ("left", "backspace", "up"):
            self._show_question(max(self.position - 1, 0))
        elif key in ("right", "enter", "down"):
            if (item.dataset_id, criterion) in self.ballot.answers:
                self._show_question(self.position + 1)
            else:
                self._message(t("ranking.ballot.answer_first"))

    def _write(self, write, *args) -> None:
        try:
            write(self.store, self.ballot, *args)
        except DatatripError as error:
            self._message(str(error))
            return
        self.post_message(DataChanged())
        self._show_question(self.position + 1)

    def _message(self, text: str) -> None:
        self._put("#vote-message" if self.state == "vote" else "#list-message", text)

    def _show_question(self, position: int) -> None:
        if position >= len(self.questions):
            done, total = self.ballot.progress()
            summary = tn("ranking.ballot.finish_score", total, done=done, total=total)
            if done < total:
                summary += "\n" + t("ranking.ballot.finish_draft", count=total - done)
            self._finish(summary)
            return
        self.position = position
        ballot = self.ballot
        item, criterion = self.questions[position]
        n_criteria = len(ballot.criteria)
        done, total = ballot.progress()
        filled = round(BAR_WIDTH * done / total) if total else 0
        progress = Text(t("ranking.ballot.progress", n=position // n_criteria + 1,
                          total=len(ballot.items)) + "   ")
        progress.append("━" * filled, style="bold #50D050")
        progress.append("━" * (BAR_WIDTH - filled), style="#555555")
        self._put("#progress", progress)
        if self.shown_item != item.dataset_id:
            self.shown_item = item.dataset_id
            self._put("#item-title", Text(item.title, style="bold"))
            self._put("#item-about", about_text(item))
        question = Text()
        question.append(f" {ballots.criterion_label(criterion).upper()} ", style="bold reverse")
        question.append("  " + question_text(criterion), style="bold")
        self._put("#question", question)
        self._put("#scale", scale_text(self.ballot, item.dataset_id, criterion))
        self._message("")

    def _put(self, selector: str, content) -> None:
        """Show ``content`` if it is new; the widgets of ballot mode have fixed sizes
        (ballot.tcss), so a key repaints what changed and never lays the screen out again."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content, layout=False)

    # -- the end -------------------------------------------------------------------------------

    def _finish(self, summary: str) -> None:
        self._set_state("finish")
        self.query_one("#end-text", Static).update(
            Text.assemble((summary + "\n\n", "bold"), t("ranking.ballot.finish_keys")))

    def _key_finish(self, key: str) -> None:
        ballot = self.ballot
        if key in ("left", "backspace", "escape"):
            if ballot.kind == "score":
                self._set_state("vote")
                self._show_question(len(self.questions) - 1)
            else:
                self._set_state("list")
                self._show_list()
            return
        if key != "enter":
            return
        try:
            if ballot.kind != "score":
                self._save_list()
        except DatatripError as error:
            self.query_one("#end-text", Static).update(
                Text.assemble((str(error) + "\n\n", "bold"), t("ranking.ballot.finish_keys")))
            return
        self.post_message(DataChanged())
        self._thanks()

    def _wipe(self) -> None:
        """Nothing of this ballot may stay on screen, nor in a hidden widget."""
        self._clear_ballot()
        for view in ("#vote-view", "#list-view", "#end-view"):
            for widget in self.query(f"{view} Static"):
                widget.update("")
        self._shown.clear()

    def _thanks(self) -> None:
        self._wipe()
        self.query_one("#end-text", Static).update(
            Text.assemble((t("ranking.ballot.thanks") + "\n\n", "bold"),
                          (t("ranking.ballot.next"), "italic")))
        self._set_state("thanks")
