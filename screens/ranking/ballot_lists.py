"""Rank and points ballots on the laptop: a list of datasets arranged or given points by keys.

Every dataset starts undecided (shown with ``·``). A rank ballot: a digit 1–9 gives the dataset
that place and moves on to the next undecided one (typing 3 1 5 2 4 down a list of five ranks
it so); ``space`` places the dataset at the end of the ranking (or, on a ranked one, picks it up
to move with the arrows), ``s`` leaves it out on purpose. A points ballot: digits type the points (0 is a choice too), ``s``
skips. The ballot counts once nothing is undecided; until then it is kept as a draft.
"""

from __future__ import annotations

from rich.text import Text

from workshop_data.common.i18n import t, tn

from .ballot_render import about_text

UNDECIDED, SKIPPED = "·", "–"


class ListBallot:
    """The list view of :class:`BallotScreen` (a mixin: it uses the screen's ``_put``)."""

    def _rows(self) -> list[str]:
        if self.ballot.kind == "rank":
            return self.draft.rows()
        return [item.dataset_id for item in self.ballot.items]

    def _label(self, index: int, ds: str, title: str) -> tuple[str, str]:
        draft = self.draft
        if self.ballot.kind == "rank":
            state = draft.state(index)
            if state == "ranked":
                return f"{index + 1:>3}. {title}", ""
            mark = UNDECIDED if state == "undecided" else SKIPPED
            return f"  {mark}  {title}", "dim" if state == "skipped" else ""
        if ds in draft.skipped:
            return f"   {SKIPPED}  {title}", "dim"
        if ds not in draft.alloc:
            return f"   {UNDECIDED}  {title}", ""
        points = draft.alloc[ds]
        return f"{points:>4}  {title}", "bold" if points else ""

    def _show_list(self) -> None:
        ballot, draft, rows = self.ballot, self.draft, self._rows()
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        by_id = {item.dataset_id: item for item in ballot.items}
        height = self.query_one("#list-items").content_size.height or 16
        start = max(0, min(self.cursor - height // 2, len(rows) - height))
        text = Text()
        for index in range(start, min(start + height, len(rows))):
            label, style = self._label(index, rows[index], by_id[rows[index]].title)
            if index == self.cursor:
                label = ("⇅ " if self.grabbed else "▶ ") + label
                style = "bold reverse #50D050" if self.grabbed else "bold reverse"
            text.append(("" if index == self.cursor else "  ") + label + "\n", style=style)
        self._put("#list-items", text)
        self._put("#list-detail", about_text(by_id[rows[self.cursor]], title=True))
        if ballot.kind == "rank":
            head = t("ranking.ballot.rank_head", ranked=len(draft.order), total=len(rows))
            keys = t("ranking.ballot.keys_rank")
        else:
            head = t("ranking.ballot.points_head", left=draft.budget - draft.spent,
                     budget=draft.budget)
            if draft.cap:
                head += " · " + t("ranking.ballot.points_cap", cap=draft.cap)
            keys = t("ranking.ballot.keys_points")
        if ballot.allow_skip:
            keys += " · " + t("ranking.ballot.keys_unrank")
        undecided = self._undecided()
        if undecided:
            head += " · " + t("ranking.ballot.undecided", count=undecided)
        self._put("#list-head", Text(head, style="bold"))
        self._put("#list-keys", keys)

    def _undecided(self) -> int:
        if self.ballot.kind == "rank":
            return len(self.draft.undecided)
        return sum(not self.draft.decided(ds) for ds in self._rows())

    def _key_rank(self, key: str, char: str | None = None) -> None:
        draft, last = self.draft, len(self._rows()) - 1
        step = {"up": -1, "down": 1, "shift+up": -1, "shift+down": 1,
                "minus": -1, "plus": 1}.get(key, 0)
        self._message("")
        if key == "enter":
            self._finish_list()
            return
        ranked = self.cursor < len(draft.order)
        if char is not None and len(char) == 1 and char in "123456789":
            # the place itself, typed: one key a dataset, and on to the next undecided one
            self.cursor, self.grabbed = draft.rank_as(self.cursor, int(char)), False
        elif key == "space":
            if ranked:
                self.grabbed = not self.grabbed
            else:
                self.cursor, self.grabbed = draft.place(self.cursor), False
        elif key == "s":
            if self.ballot.allow_skip:
                self.cursor, self.grabbed = draft.toggle_skip(self.cursor), False
            else:
                self._message(t("ranking.error.no_skip"))
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
            self._finish_list()
            return
        entry, points = None, None
        if key in ("up", "down", "page_up", "page_down"):
            step = {"up": -1, "down": 1, "page_up": -10, "page_down": 10}[key]
            self.cursor = max(0, min(len(rows) - 1, self.cursor + step))
            self.entry = ""
        elif key == "s":
            if self.ballot.allow_skip:
                draft.toggle_skip(ds)
                self.entry = ""
            else:
                self._message(t("ranking.error.no_skip"))
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

    def _finish_list(self) -> None:
        draft, undecided = self.draft, self._undecided()
        if self.ballot.kind == "rank":
            summary = tn("ranking.ballot.finish_rank", len(draft.order))
        else:
            given = sum(1 for v in draft.alloc.values() if v)
            summary = tn("ranking.ballot.finish_points", draft.spent,
                         datasets=tn("count.datasets", given))
        if undecided:
            summary += "\n" + t("ranking.ballot.finish_draft", count=undecided)
        self._finish(summary)

    def _save_list(self) -> None:
        """Store the list ballot as it stands: complete, or as this voter's draft."""
        from workshop_data.ranking import ballots

        if self.ballot.kind == "rank":
            ballots.save_ranking(self.store, self.ballot, self.draft.order, self.draft.skipped)
        else:
            ballots.save_points(self.store, self.ballot, self.draft.alloc, self.draft.skipped)
