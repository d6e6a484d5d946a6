"""Ballot mode: the facilitator's laptop goes round the room, one participant at a time.

A participant types their ballot code (or picks their name, when the round allows it) and sees one
dataset at a time with its description and the tasks it is linked to. Number keys score it on each
criterion, ``s`` skips (when allowed), left or backspace goes back to change an earlier answer;
every answer is saved at once. A rank round arranges the datasets by keys, a points round spends
a budget. At the end a neutral "thank you, pass the laptop on" shows, with nothing of the ballot
left on screen or in any widget.

This screen takes every key itself: the App's keys (navigation, quit, the command palette) do
nothing here, so a participant cannot wander off. ``ctrl+x`` leaves, after a confirmation meant
for the facilitator.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workshop_data import ballots
from workshop_data.errors import DatatripError
from workshop_data.i18n import t

from .ballot_render import about_text, question_text, scale_text
from .ballot_seal import LeaveConfirm, Sealed
from .base import DataChanged, translate_bindings

VIEWS = ("code", "vote", "list", "end")
BAR_WIDTH = 30


class BallotScreen(Sealed, Screen):
    CSS_PATH = "ballot.tcss"
    BINDINGS = [
        Binding("ctrl+x", "leave", "ranking.key_leave", priority=True),
        Binding("f2", "app.toggle_projector", "key.projector", show=False),
    ]

    def __init__(self, store, round_id: str, **kwargs) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.store = store
        self.round_id = round_id
        self.state = "code"
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
        yield Static(t("ranking.ballot.facilitator_hint"), id="facilitator-hint")

    def on_mount(self) -> None:
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

    def _to_code(self) -> None:
        self._set_state("code")
        code = self.query_one("#code-input", Input)
        code.value = ""
        self.query_one("#code-error", Static).update("")
        self.query_one(OptionList).highlighted = None  # not the name of the one before
        code.focus()

    # -- starting ------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._start(code=event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._start(participant_id=event.option.id)

    def _start(self, code: str | None = None, participant_id: str | None = None) -> None:
        try:
            ballot = ballots.start_ballot(self.store, self.round_id, code,
                                          participant_id=participant_id)
        except DatatripError as error:
            self.query_one("#code-error", Static).update(str(error))
            self.query_one("#code-input", Input).value = ""  # start the retry afresh
            return
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
            self._key_rank(event.key)
        else:
            self._key_points(event.key, event.character)

    def action_leave(self) -> None:
        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self._clear_ballot()
                self.dismiss()

        self.app.push_screen(LeaveConfirm(), leave)

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
            self._finish(t("ranking.ballot.finish_score", done=done, total=total))
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

    def _rows(self) -> list[str]:
        if self.ballot.kind == "rank":
            return self.draft.rows()
        return [item.dataset_id for item in self.ballot.items]

    def _show_list(self) -> None:
        ballot, draft, rows = self.ballot, self.draft, self._rows()
        rank = ballot.kind == "rank"
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        by_id = {item.dataset_id: item for item in ballot.items}
        height = self.query_one("#list-items").content_size.height or 16
        start = max(0, min(self.cursor - height // 2, len(rows) - height))
        text = Text()
        for index in range(start, min(start + height, len(rows))):
            title = by_id[rows[index]].title
            if rank:
                ranked = index < len(draft.order)
                label = f"{index + 1:>3}. {title}" if ranked else f"  –  {title}"
                style = "" if ranked else "dim"
            else:
                points = draft.alloc.get(rows[index], 0)
                label, style = f"{points:>4}  {title}", "bold" if points else ""
            if index == self.cursor:
                label = ("⇅ " if self.grabbed else "▶ ") + label
                style = "bold reverse #50D050" if self.grabbed else "bold reverse"
            text.append(("" if index == self.cursor else "  ") + label + "\n", style=style)
        self._put("#list-items", text)
        self._put("#list-detail", about_text(by_id[rows[self.cursor]], title=True))
        if rank:
            head = t("ranking.ballot.rank_head", ranked=len(draft.order), total=len(rows))
            keys = t("ranking.ballot.keys_rank")
            if ballot.allow_skip:
                keys += " · " + t("ranking.ballot.keys_unrank")
        else:
            head = t("ranking.ballot.points_head", left=draft.budget - draft.spent,
                     budget=draft.budget)
            if draft.cap:
                head += " · " + t("ranking.ballot.points_cap", cap=draft.cap)
            keys = t("ranking.ballot.keys_points")
        self._put("#list-head", Text(head, style="bold"))
        self._put("#list-keys", keys)

    def _put(self, selector: str, content) -> None:
        """Show ``content`` if it is new; the widgets of ballot mode have fixed sizes
        (ballot.tcss), so a key repaints what changed and never lays the screen out again."""
        if self._shown.get(selector) != content:
            self._shown[selector] = content
            self.query_one(selector, Static).update(content, layout=False)

    def _key_rank(self, key: str) -> None:
        draft, last = self.draft, len(self._rows()) - 1
        step = {"up": -1, "down": 1, "shift+up": -1, "shift+down": 1,
                "minus": -1, "plus": 1}.get(key, 0)
        self._message("")
        if key == "enter":
            self._finish(t("ranking.ballot.finish_rank", ranked=len(draft.order)))
            return
        if key == "space":
            self.grabbed = not self.grabbed and self.cursor < len(draft.order)
        elif key == "s" and self.ballot.allow_skip:
            self.cursor, self.grabbed = draft.toggle(self.cursor), False
        elif step and (self.grabbed or key.startswith("shift") or key in ("minus", "plus")):
            self.cursor = draft.move(self.cursor, step)
        elif step or key in ("page_up", "page_down", "home", "end"):
            jump = {"page_up": -10, "page_down": 10, "home": -last, "end": last}
            self.cursor = max(0, min(last, self.cursor + (step or jump[key])))
        self._show_list()

    def _key_points(self, key: str, char: str | None) -> None:
        draft, rows = self.draft, self._rows()
        ds = rows[self.cursor]
        current = draft.alloc.get(ds, 0)
        self._message("")
        if key == "enter":
            given = sum(1 for v in draft.alloc.values() if v)
            self._finish(t("ranking.ballot.finish_points", spent=draft.spent, datasets=given))
            return
        entry, points = None, None
        if key in ("up", "down", "page_up", "page_down"):
            step = {"up": -1, "down": 1, "page_up": -10, "page_down": 10}[key]
            self.cursor = max(0, min(len(rows) - 1, self.cursor + step))
            self.entry = ""
        elif char is not None and char.isdigit():
            entry = self.entry + char
        elif key == "backspace":
            entry = (self.entry or str(current))[:-1]
        elif key in ("plus", "equals_sign", "right"):
            entry, points = "", current + 1
        elif key in ("minus", "left"):
            entry, points = "", max(0, current - 1)
        if entry is not None:
            problem = draft.give(ds, int(entry or 0) if points is None else points)
            if problem:
                self.app.bell()
                self._message(problem)
            else:
                self.entry = entry
        self._show_list()

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
            if ballot.kind == "rank":
                ballots.save_ranking(self.store, ballot, self.draft.order)
            elif ballot.kind == "points":
                ballots.save_points(self.store, ballot, self.draft.alloc)
        except DatatripError as error:
            self.query_one("#end-text", Static).update(
                Text.assemble((str(error) + "\n\n", "bold"), t("ranking.ballot.finish_keys")))
            return
        self.post_message(DataChanged())
        self._thanks()

    def _thanks(self) -> None:
        """Nothing of this ballot may stay on screen, nor in a hidden widget."""
        self._clear_ballot()
        for view in ("#vote-view", "#list-view", "#end-view"):
            for widget in self.query(f"{view} Static"):
                widget.update("")
        self._shown.clear()
        self.query_one("#end-text", Static).update(
            Text.assemble((t("ranking.ballot.thanks") + "\n\n", "bold"),
                          (t("ranking.ballot.next"), "italic")))
        self._set_state("thanks")
