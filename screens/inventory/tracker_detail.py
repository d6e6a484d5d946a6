"""The detail pane of the data tracker: one dataset, the tasks and people that need it, and its
stakeholders (read-only here: they are placed on the stakeholder grid)."""

from __future__ import annotations

from datetime import date

from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from workshop_data.common.i18n import t
from workshop_data.common.model import STATUSES
from workshop_data.inventory.tracker import DatasetDetail, is_overdue


def status_dots(status: str) -> tuple[str, str]:
    """The step as dots: ('●●●●', '○○○') for obtained, step 4 of 7."""
    step = STATUSES.index(status) + 1
    return "●" * step, "○" * (len(STATUSES) - step)


def short_date(value: str, today: date) -> str:
    """'20 Nov' within today's year, '3 Jan 2027' outside it: a column a room reads at a glance."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    text = f"{day.day} {t(f'month.{day.month}')}"
    return text if day.year == today.year else f"{text} {day.year}"


def follow_up_text(follow_up: str | None, status: str, today: date) -> str:
    """'30 Nov (in 4 days)', '! 20 Nov (6 days overdue)', or 'no date'."""
    if not follow_up:
        return t("tracker.no_follow_up")
    shown = short_date(follow_up, today)
    try:
        days = (date.fromisoformat(follow_up) - today).days
    except ValueError:
        return escape(follow_up)
    if status == STATUSES[-1]:
        return shown
    if days < 0:
        late = t("tracker.day_overdue") if days == -1 else t("tracker.days_overdue", days=-days)
        return f"[b]! {shown} ({late})[/b]"
    if days == 0:
        return f"{shown} ({t('tracker.due_today')})"
    soon = t("tracker.due_tomorrow") if days == 1 else t("tracker.days_left", days=days)
    return f"{shown} ({soon})"


class DatasetDetailPane(Horizontal):
    """Three columns under the tracker's list: the dataset, its tasks, its stakeholders."""

    # Set by the screen on a short terminal (a projector's 30 rows): the tasks without the
    # departments, so more of them fit the pane.
    compact = False

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-info")
        yield Static("", id="detail-tasks")
        yield Static("", id="detail-stakeholders")

    def show(self, detail: DatasetDetail | None, today: date, nothing: str = "") -> None:
        """Show ``detail``; without one, the text ``nothing`` (or how to choose a dataset)."""
        info = self.query_one("#detail-info", Static)
        tasks = self.query_one("#detail-tasks", Static)
        stakeholders = self.query_one("#detail-stakeholders", Static)
        if detail is None:
            self.border_title = ""
            self.set_class(False, "-overdue")
            info.update(f"[dim]{escape(nothing or t('tracker.detail_none'))}[/dim]")
            tasks.update("")
            stakeholders.update("")
            return
        dataset = detail.dataset
        self.border_title = escape(dataset.title)
        self.set_class(is_overdue(dataset, today), "-overdue")
        info.update(self._info(detail, today))
        tasks.update(self._tasks(detail))
        stakeholders.update(self._stakeholders(detail))

    def _info(self, detail: DatasetDetail, today: date) -> str:
        d = detail.dataset
        done, todo = status_dots(d.status)
        source = " · ".join(escape(part) for part in (d.source_system, d.format) if part)
        lines = [
            f"[b]{done}[/b][dim]{todo}[/dim] [b]{t(f'status.{d.status}')}[/b]",
            f"{t('tracker.detail_chaser')}: "
            + (escape(detail.chaser_name) if detail.chaser_name else t("tracker.no_chaser")),
            f"{t('tracker.detail_follow_up')}: {follow_up_text(d.follow_up, d.status, today)}",
            f"{t('tracker.detail_owner')}: {escape(d.owner_department) or '—'}",
            f"{t('tracker.detail_source')}: {source or '—'}",
        ]
        if d.personal_data:
            lines.append(f"[b]{t('tracker.personal_data')}[/b]")
        if d.description:
            lines.append(f"[dim]{escape(d.description)}[/dim]")
        return "\n".join(lines)

    def _tasks(self, detail: DatasetDetail) -> str:
        lines = [f"[b]{t('tracker.detail_tasks', count=len(detail.tasks))}[/b]"]
        if not detail.tasks:
            lines.append(f"[dim]{t('tracker.no_tasks')}[/dim]")
        person = None
        for task in detail.tasks:  # sorted by participant: a heading per person
            if task.participant_id != person:
                person = task.participant_id
                department = (f" [dim]({escape(task.department)})[/dim]"
                              if task.department and not self.compact else "")
                lines.append(f"{escape(task.participant_name)}{department}")
            lines.append(f"  • {escape(task.title)}")
        return "\n".join(lines)

    def _stakeholders(self, detail: DatasetDetail) -> str:
        lines = [f"[b]{t('tracker.detail_stakeholders', count=len(detail.stakeholders))}[/b]"]
        if not detail.stakeholders:
            lines.append(f"[dim]{t('tracker.no_stakeholders')}[/dim]")
        for stakeholder in detail.stakeholders:
            line = f"• {escape(stakeholder.name)}"
            if stakeholder.organisation and stakeholder.organisation != stakeholder.name:
                line += f" [dim]({escape(stakeholder.organisation)})[/dim]"
            lines.append(line)
        return "\n".join(lines)


def edit_stakeholders(screen, dataset_id: str) -> None:
    """A tick list of every stakeholder, ticked where they would act on this dataset; saving
    sets exactly those links (the register shows the same ones)."""
    from workshop_data.stakeholders import register as stakeholders

    from ..common.base import DataChanged
    from ..stakeholders.pick import PickModal

    store = screen.store
    dataset = store.datasets.get(dataset_id)
    linked = set(stakeholders.stakeholders_of_dataset(store, dataset_id))
    options = [(f"{s.name} ({s.organisation})" if s.organisation else s.name, s.id)
               for s in store.stakeholders.list()]

    def done(chosen) -> None:
        if chosen is not None:
            stakeholders.set_dataset_stakeholders(store, dataset_id, chosen[0])
            screen.refresh_data()
            screen.post_message(DataChanged())

    screen.app.push_screen(PickModal(t("tracker.stakeholders_title", title=dataset.title),
                                     [(t("tracker.stakeholders_heading"), options, linked)]), done)
