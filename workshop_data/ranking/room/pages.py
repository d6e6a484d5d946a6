"""The room's page as HTML: joining, one voter's ballot, and short messages.

Everything is rendered on the laptop and works as a plain form, so a phone without JavaScript
can vote too; ``room.js`` only makes it nicer (sending without reloading, points left, what is
still to choose). Every text goes through :func:`t` in the page's language, every value through
``html.escape``. A page only ever holds its own voter's ballot.
"""

from __future__ import annotations

from html import escape

from .. import ballots
from ...common.i18n import language, t

UNDECIDED = ""


def timer_block(timer: dict | None) -> str:
    """The exercise countdown at the top of the page; room.js keeps it going (polling
    ``/api/timer``), without JavaScript it shows the time the page was made."""
    timer = timer or {"state": "idle", "remaining": 0}
    left = max(0, int(timer.get("remaining", 0)))
    state = timer.get("state", "idle")
    hidden = " hidden" if state == "idle" else ""
    return (f'<div class="timer" data-state="{escape(state)}" data-remaining="{left}"'
            f' role="timer" aria-live="off"{hidden}>'
            f'<span class="clock">{left // 60:02d}:{left % 60:02d}</span>'
            f'<span class="timer-state">{escape(timer_text(state))}</span></div>')


def timer_text(state: str) -> str:
    """What the phones say under the countdown: nothing while no timer runs."""
    return "" if state == "idle" else t(f"room.timer.{state}")


def page(title: str, body: str, *, room_code: str = "", lang_path: str = "/",
         timer: dict | None = None) -> str:
    lang = language()
    other = "en" if lang == "nl" else "nl"
    switch = (f'<a class="lang" href="{escape(lang_path)}?lang={other}" hreflang="{other}">'
              f'{escape(t("room.switch_language"))}</a>')
    room = (f'<span class="room">{escape(t("room.room_code", code=room_code))}</span>'
            if room_code else "")
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)}</title><link rel="stylesheet" href="/static/room.css">'
            '<script src="/static/room.js" defer></script></head><body>'
            f'<header>{room}{switch}</header>{timer_block(timer)}<main>{body}</main>'
            '</body></html>')


def join(csrf: str, *, error: str = "", room_code: str = "", title: str = "",
         timer: dict | None = None) -> str:
    problem = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    body = (f'<h1>{escape(title or t("room.join.title"))}</h1>{problem}'
            f'<form method="post" action="/join" class="join">'
            f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
            f'<label for="code">{escape(t("room.join.code"))}</label>'
            '<input id="code" name="code" autocomplete="off" autocapitalize="characters" '
            'spellcheck="false" maxlength="16" required autofocus>'
            f'<button type="submit">{escape(t("room.join.go"))}</button></form>'
            f'<p class="hint">{escape(t("room.join.hint"))}</p>')
    return page(t("room.join.title"), body, room_code=room_code, timer=timer)


def message(title: str, text: str, *, back: bool = True) -> str:
    link = f'<p><a href="/">{escape(t("room.back"))}</a></p>' if back else ""
    return page(title, f'<h1>{escape(title)}</h1><p>{escape(text)}</p>{link}')


def ballot(b: ballots.Ballot, csrf: str, *, state: str, notice: str = "", error: str = "",
           room_code: str = "", timer: dict | None = None) -> str:
    rnd = b.round
    head = [f'<h1>{escape(rnd.title)}</h1>']
    if notice:
        head.append(f'<p class="received" role="status">{escape(notice)}</p>')
    if error:
        head.append(f'<p class="error" role="alert">{escape(error)}</p>')
    head.append(f'<p class="rules">{escape(_rules(b))}</p>')
    items = {"score": _score_item, "rank": _rank_item, "points": _points_item}[b.kind]
    cards = "".join(items(b, n, item) for n, item in enumerate(b.items, start=1))
    form = (f'<form method="post" action="/ballot" class="ballot {b.kind}" '
            f'data-kind="{b.kind}" data-budget="{rnd.points_budget}" '
            f'data-cap="{rnd.points_cap or ""}" data-total="{len(b.items)}">'
            f'<input type="hidden" name="csrf" value="{escape(csrf)}">{cards}'
            f'<div class="send"><p class="left" aria-live="polite"></p>'
            f'<button type="submit">{escape(t("room.ballot.send"))}</button></div></form>'
            f'<form method="post" action="/leave" class="leave">'
            f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
            f'<button type="submit" class="quiet">{escape(t("room.ballot.leave"))}</button>'
            '</form>')
    state_line = f'<p class="state" data-state="{state}">{escape(state_text(state))}</p>'
    return page(rnd.title, "".join(head) + state_line + form, room_code=room_code,
                lang_path="/ballot", timer=timer)


def state_text(state: str) -> str:
    return t(f"room.state.{state or 'none'}")


def _rules(b: ballots.Ballot) -> str:
    rnd = b.round
    if b.kind == "score":
        text = t("room.rules.score", low=rnd.scale_min, high=rnd.scale_max)
    elif b.kind == "rank":
        text = t("room.rules.rank", total=len(b.items))
    else:
        text = t("room.rules.points", budget=rnd.points_budget)
        if rnd.points_cap:
            text += " " + t("room.rules.cap", cap=rnd.points_cap)
    if b.allow_skip:
        text += " " + t("room.rules.skip")
    return text


def _about(n: int, item: ballots.BallotItem) -> str:
    about = escape(item.description) if item.description else \
        f'<i>{escape(t("ranking.ballot.no_description"))}</i>'
    tasks = (escape(t("ranking.ballot.tasks", tasks="; ".join(item.tasks))) if item.tasks
             else escape(t("ranking.ballot.no_tasks")))
    return (f'<h2><span class="n">{n}</span> {escape(item.title)}</h2>'
            f'<p class="about">{about}</p><p class="tasks">{tasks}</p>')


def _score_item(b: ballots.Ballot, n: int, item: ballots.BallotItem) -> str:
    parts = [f'<section class="item">{_about(n, item)}']
    lo, hi = b.scale
    for criterion in b.criteria:
        name = escape(f"s:{item.dataset_id}:{criterion}")
        answered = (item.dataset_id, criterion) in b.answers
        answer = b.answers.get((item.dataset_id, criterion))
        parts.append(f'<fieldset><legend>{escape(_question(criterion))}</legend><div class="scale">')
        for value in range(lo, hi + 1):
            checked = " checked" if answer is not None and int(answer) == value else ""
            parts.append(f'<label><input type="radio" name="{name}" value="{value}"{checked}>'
                         f'<span>{value}</span></label>')
        parts.append(f'</div><p class="ends"><span>{escape(t("ranking.scale.low"))}</span>'
                     f'<span>{escape(t("ranking.scale.high"))}</span></p>')
        if b.allow_skip:
            checked = " checked" if answered and answer is None else ""
            parts.append(f'<div class="scale"><label class="skip"><input type="radio" '
                         f'name="{name}" value="skip"{checked}><span>{escape(t("room.skip"))}'
                         '</span></label></div>')
        parts.append("</fieldset>")
    parts.append("</section>")
    return "".join(parts)


def _question(criterion: str) -> str:
    if criterion in ("interest", "importance"):
        return t(f"ranking.question.{criterion}")
    return t("ranking.question.custom", criterion=criterion)


def _rank_item(b: ballots.Ballot, n: int, item: ballots.BallotItem) -> str:
    place = {ds: i for i, ds in enumerate(b.ranked(), start=1)}.get(item.dataset_id)
    skipped = item.dataset_id in b.skipped(ballots.RANK)
    options = [f'<option value=""{" selected" if place is None and not skipped else ""}>'
               f'{escape(t("room.rank.choose"))}</option>']
    for p in range(1, len(b.items) + 1):
        options.append(f'<option value="{p}"{" selected" if p == place else ""}>'
                       f'{escape(t("room.rank.place", place=p))}</option>')
    if b.allow_skip:
        options.append(f'<option value="skip"{" selected" if skipped else ""}>'
                       f'{escape(t("room.skip"))}</option>')
    name = escape(f"r:{item.dataset_id}")
    return (f'<section class="item">{_about(n, item)}<label class="pick">'
            f'{escape(t("room.rank.label"))} <select name="{name}">{"".join(options)}</select>'
            '</label></section>')


def _points_item(b: ballots.Ballot, n: int, item: ballots.BallotItem) -> str:
    given = b.allocation().get(item.dataset_id)
    skipped = item.dataset_id in b.skipped(ballots.POINTS)
    cap = b.round.points_cap or b.round.points_budget
    value = "" if given is None else str(given)
    skip = ""
    if b.allow_skip:
        skip = (f'<label class="skipbox"><input type="checkbox" name="x:{escape(item.dataset_id)}"'
                f'{" checked" if skipped else ""}> {escape(t("room.skip"))}</label>')
    return (f'<section class="item">{_about(n, item)}<label class="pick">'
            f'{escape(t("room.points.label"))} <input type="number" inputmode="numeric" '
            f'name="p:{escape(item.dataset_id)}" min="0" max="{cap}" step="1" '
            f'value="{value}"></label>{skip}</section>')
