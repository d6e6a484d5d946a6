"""A ballot sent by a phone, read from a plain form or from JSON, and stored in one transaction.

Both ways end in the same :class:`Submission`, checked against the voter's own ballot (only
datasets of their round, values on the scale, points within budget and cap) by the functions of
:mod:`workshop_data.ranking.ballots` that the laptop uses too, so a phone can do nothing the laptop
could not. Anything wrong is a :class:`BadBallot` with one line in the voter's language.

The form fields (the page works without JavaScript):

* score: ``s:<dataset id>:<criterion>`` = ``1`` … ``5`` or ``skip`` (absent: not chosen yet)
* rank: ``r:<dataset id>`` = a place ``1`` … ``n``, ``skip``, or empty (not chosen yet)
* points: ``p:<dataset id>`` = a whole number or empty; ``x:<dataset id>`` = ``on`` to skip

The JSON body (``POST /api/ballot``, documented in the README):

* score: ``{"answers": [{"dataset": ID, "criterion": "interest", "value": 4},
  {"dataset": ID, "criterion": "importance", "skip": true}]}``
* rank: ``{"order": [ID, ...], "skipped": [ID, ...]}`` (best first)
* points: ``{"points": {ID: 5, ...}, "skipped": [ID, ...]}``
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import ballots
from ...common.errors import DatatripError
from ...common.i18n import t

MAX_ITEMS = 500  # no round has more datasets; a body with more entries is not a ballot


class BadBallot(DatatripError):
    """A submission that cannot be taken; the text says why, in the voter's language."""


@dataclass
class Submission:
    scores: dict[tuple[str, str], float | None] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    points: dict[str, int] = field(default_factory=dict)


def _whole(text: Any) -> int:
    if isinstance(text, bool):
        raise BadBallot(t("room.error.number"))
    if isinstance(text, int):
        return text
    if isinstance(text, str) and text.strip().isdigit() and len(text.strip()) <= 6:
        return int(text.strip())
    raise BadBallot(t("room.error.number"))


def from_form(ballot: ballots.Ballot, form: Mapping[str, str]) -> Submission:
    if len(form) > MAX_ITEMS * 4:
        raise BadBallot(t("room.error.garbage"))
    known = {item.dataset_id for item in ballot.items}
    out = Submission()
    places: dict[int, str] = {}
    for name, value in form.items():
        kind, _, rest = name.partition(":")
        if kind == "s" and ballot.kind == "score":
            ds, _, criterion = rest.partition(":")
            if ds in known and criterion in ballot.criteria and value:
                out.scores[(ds, criterion)] = None if value == "skip" else _whole(value)
        elif kind == "r" and ballot.kind == "rank" and rest in known and value:
            if value == "skip":
                out.skipped.append(rest)
            else:
                place = _whole(value)
                if place in places:
                    raise BadBallot(t("room.error.same_place", place=place))
                places[place] = rest
        elif kind == "p" and ballot.kind == "points" and rest in known and value.strip():
            out.points[rest] = _whole(value)
        elif kind == "x" and ballot.kind == "points" and rest in known and value:
            out.skipped.append(rest)
    out.order = [places[p] for p in sorted(places)]
    out.points = {ds: n for ds, n in out.points.items() if ds not in set(out.skipped)}
    return out


def from_json(ballot: ballots.Ballot, body: Any) -> Submission:
    if not isinstance(body, dict):
        raise BadBallot(t("room.error.garbage"))
    out = Submission()
    try:
        if ballot.kind == "score":
            answers = body.get("answers", [])
            if not isinstance(answers, list) or len(answers) > MAX_ITEMS * 10:
                raise BadBallot(t("room.error.garbage"))
            for answer in answers:
                key = (str(answer["dataset"]), str(answer["criterion"]))
                out.scores[key] = None if answer.get("skip") is True else answer["value"]
        elif ballot.kind == "rank":
            out.order = [str(ds) for ds in _list(body.get("order", []))]
            out.skipped = [str(ds) for ds in _list(body.get("skipped", []))]
        else:
            points = body.get("points", {})
            if not isinstance(points, dict) or len(points) > MAX_ITEMS:
                raise BadBallot(t("room.error.garbage"))
            out.points = {str(ds): _whole(n) for ds, n in points.items()}
            out.skipped = [str(ds) for ds in _list(body.get("skipped", []))]
    except (KeyError, TypeError, AttributeError):
        raise BadBallot(t("room.error.garbage")) from None
    return out


def _list(value: Any) -> list:
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise BadBallot(t("room.error.garbage"))
    return value


def store(db, ballot: ballots.Ballot, sub: Submission) -> str:
    """Write the submission in one transaction; the ballot's state after it (``counted``,
    ``skipped`` or ``draft``). Raises :class:`DatatripError` when it breaks a rule."""
    if ballot.kind == "score":
        if sub.scores:
            ballots.save_scores(db, ballot, sub.scores)
    elif ballot.kind == "rank":
        ballots.save_ranking(db, ballot, sub.order, sub.skipped)
    else:
        ballots.save_points(db, ballot, sub.points, sub.skipped)
    return state_of(ballot)


def state_of(ballot: ballots.Ballot) -> str:
    if not ballot.complete:
        return "draft" if ballot.answers else ""
    return "skipped" if all(v is None for v in ballot.answers.values()) else "counted"
