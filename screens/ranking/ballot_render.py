"""What ballot mode shows for one question: the dataset, the question, the score keys."""

from __future__ import annotations

from rich.text import Text

from workshop_data.common.i18n import t


def about_text(item, title: bool = False) -> Text:
    """A dataset's description and the tasks it is linked to (and its title, if asked)."""
    text = Text.assemble((item.title + "\n\n", "bold")) if title else Text()
    text.append(item.description or t("ranking.ballot.no_description"),
                style="" if item.description else "italic")
    text.append("\n\n" + (t("ranking.ballot.tasks", tasks="; ".join(item.tasks))
                           if item.tasks else t("ranking.ballot.no_tasks")), style="italic")
    return text


def scale_text(ballot, dataset_id: str, criterion: str) -> Text:
    """One key per score, drawn as a button; the current answer lit."""
    lo, hi = ballot.scale
    answered = (dataset_id, criterion) in ballot.answers
    answer = ballot.answers.get((dataset_id, criterion))
    rows = [Text(), Text(), Text()]
    for value in range(lo, hi + 1):
        lit = answer is not None and int(answer) == value
        style = "bold #50D050" if lit else "bold"
        box = ("┏━━━━━┓", f"┃  {value}  ┃", "┗━━━━━┛") if lit else \
            ("╭─────╮", f"│  {value}  │", "╰─────╯")
        for row, part in zip(rows, box):
            row.append(part, style=style)
            row.append("  ")
    width = 9 * (hi - lo + 1) - 2
    low, high = t("ranking.scale.low"), t("ranking.scale.high")
    anchors = Text(low + " " * max(1, width - len(low) - len(high)) + high, style="italic")
    text = Text("\n").join([*rows, anchors])
    if answered and answer is None:
        text.append("\n" + t("ranking.ballot.skipped"), style="bold")
    return text


def question_text(criterion: str) -> str:
    if criterion in ("interest", "importance"):
        return t(f"ranking.question.{criterion}")
    return t("ranking.question.custom", criterion=criterion)
