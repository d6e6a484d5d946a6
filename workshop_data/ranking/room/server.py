"""The room's voting server: the laptop serves one small page to the phones on its own network.

It runs inside the app's own process, on the event loop it is started from (Textual's, in the
terminal; a plain ``asyncio.run`` for ``datatrip room``), with aiohttp's ``AppRunner`` and
``TCPSite``: its handlers run on that loop and tell the screens through ``on_change``. Work on
the trip file goes to a thread, so the terminal stays responsive while sixty phones vote.

Only the voter's side is here: joining (personal link or typed code), one's own ballot, sending
it. Opening, closing, revealing and results stay in the terminal; no route reaches them.
Every vote is committed (one transaction, fsync'd by SQLite) before the phone hears "received".

Routes: ``GET /`` join page · ``POST /join`` a typed code · ``GET /v/<token>`` a personal link ·
``GET /ballot`` · ``POST /ballot`` (form, or ``Accept: application/json``) · ``GET`` and
``POST /api/ballot`` (JSON) · ``POST /leave`` · ``GET /api/timer`` (the exercise countdown, the
same for every phone: no session needed, nothing about a voter in it) ·
``GET /static/room.css|room.js``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from importlib import resources
from typing import Any

from aiohttp import web

from .. import ballots, voters
from ..credentials import CODE_ALPHABET, same
from ...common.errors import DatatripError
from ...common.i18n import LANGUAGES, speaking, t
from . import pages, submit
from .committer import Committer
from .guard import (JOIN_COOKIE, LANG_COOKIE, SECURITY_HEADERS, SESSION_COOKIE, Addresses,
                    Limits, Sessions, csrf_ok)

MAX_BODY = 16 * 1024
FORM = "application/x-www-form-urlencoded"
log = logging.getLogger("datatrip.room")  # never a code, a token or a session id in it


class RoomError(DatatripError):
    """The room cannot open (the address or port is not available); the text is for the user."""


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class RoomServer:
    """One round served to the room at ``http://host:port/``."""

    def __init__(self, store, round_id: str, host: str, port: int,
                 on_change: Callable[[], None] | None = None, timer=None) -> None:
        self.store, self.round_id, self.host, self.port = store, round_id, host, port
        # The facilitator's countdown (common.timer.Countdown), or a callable giving it: the
        # App makes it on first use. Read from memory only, like the sessions.
        self.timer = timer
        self.on_change = on_change or (lambda: None)
        self.room_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
        self.sessions = Sessions()
        self.limits = Limits()
        self.addresses = Addresses(host, port)
        self.committer = Committer(store)
        # The trip's language, read once: nothing on the event loop may wait for the trip file
        # (the committing thread holds its lock while a burst of votes goes in).
        trip = store.trip()
        self.language = trip.language if trip else "nl"
        self._runner: web.AppRunner | None = None
        self._assets = {"room.css": ("text/css", _static("room.css")),
                        "room.js": ("text/javascript", _static("room.js"))}

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}/"

    @property
    def running(self) -> bool:
        return self._runner is not None

    # -- starting and stopping -------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.router.add_get("/", self.join_page)
        app.router.add_post("/join", self.join_code)
        app.router.add_get("/v/{token}", self.join_token)
        app.router.add_get("/ballot", self.ballot_page)
        app.router.add_post("/ballot", self.ballot_form)
        app.router.add_get("/api/ballot", self.api_ballot)
        app.router.add_post("/api/ballot", self.api_vote)
        app.router.add_post("/leave", self.leave)
        app.router.add_get("/api/timer", self.api_timer)
        app.router.add_get("/static/{name}", self.asset)
        app.on_response_prepare.append(_no_server_header)
        return app

    async def start(self) -> str:
        runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            raise RoomError(t("room.error.bind", host=self.host, port=self.port,
                              reason=error.strerror or error)) from None
        if self.port == 0:  # an ephemeral port (tests): the one the system gave
            self.port = site._server.sockets[0].getsockname()[1]
            self.addresses = Addresses(self.host, self.port)
        self._runner = runner
        return self.url

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        await asyncio.to_thread(self.committer.stop)

    def forget_voter(self, voter_id: str) -> None:
        self.sessions.end_voter(voter_id)

    # -- the guard every request passes -----------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        lang = request.cookies.get(LANG_COOKIE)
        if lang not in LANGUAGES:
            lang = self.language
        with speaking(lang):
            try:
                response = await self._checked(request, handler)
            except _Refused as refused:
                response = self._error(request, refused.status, refused.text)
            except web.HTTPException as error:  # aiohttp's own: 404, 405, 413 ...
                response = self._error(request, error.status, _reason(error))
            except ballots.RoundClosed as error:
                response = self._error(request, 409, str(error))
            except voters.NotValid as error:  # e.g. a session whose credential was re-issued
                response = self._error(request, 403, str(error))
            except DatatripError as error:  # e.g. submit.BadBallot: not a ballot at all
                response = self._error(request, 400, _said(error))
            except Exception:  # a bug of ours: the phone gets a line, the log no secrets
                log.exception("room request %s %s failed", request.method, request.path[:3])
                response = self._error(request, 500, t("room.error.internal"))
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

    async def _checked(self, request: web.Request, handler) -> web.StreamResponse:
        if not self.addresses.host_ok(request.host):
            raise _Refused(400, t("room.error.host"))
        if not self.limits.request(request.remote or "?"):
            raise _Refused(429, t("room.error.slow_down"))
        if request.method == "POST" and not self.addresses.origin_ok(
                request.headers.get("Origin"), request.headers.get("Referer")):
            raise _Refused(403, t("room.error.origin"))
        if "lang" in request.query and request.method == "GET":
            chosen = request.query["lang"] if request.query["lang"] in LANGUAGES else "nl"
            response = _see_other(request.path)
            response.set_cookie(LANG_COOKIE, chosen, httponly=True, samesite="Strict",
                                max_age=86400 * 30)
            return response
        return await handler(request)

    def _error(self, request: web.Request, status: int, text: str) -> web.Response:
        if _wants_json(request):
            return web.json_response({"error": text, "status": status}, status=status)
        title = t("room.error.title")
        return web.Response(text=pages.message(title, text), status=status,
                            content_type="text/html", charset="utf-8")

    # -- joining ------------------------------------------------------------------------------

    async def join_page(self, request: web.Request, error: str = "",
                        status: int = 200) -> web.Response:
        csrf = request.cookies.get(JOIN_COOKIE) or secrets.token_urlsafe(24)
        title = await self._round_title()
        response = _html(pages.join(csrf, error=error, room_code=self.room_code, title=title,
                                    timer=self.timer_state()), status)
        response.set_cookie(JOIN_COOKIE, csrf, httponly=True, samesite="Strict", path="/")
        return response

    async def join_code(self, request: web.Request) -> web.StreamResponse:
        form = await _form(request)
        if not csrf_ok(request.cookies.get(JOIN_COOKIE), form.get("csrf")):
            raise _Refused(403, t("room.error.csrf"))
        station = self.limits.station(request.remote or "?")
        try:
            rnd = await asyncio.to_thread(ballots.open_round_or_fail, self.store, self.round_id)
            voter = await asyncio.to_thread(voters.by_code, self.store, rnd,
                                            form.get("code", "")[:32], station)
        except voters.StationLocked as error:
            return await self.join_page(request, str(error), 429)
        except DatatripError as error:
            return await self.join_page(request, str(error), 403)
        return self._joined(voter)

    async def join_token(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"][:64]
        try:
            rnd = await asyncio.to_thread(ballots.open_round_or_fail, self.store, self.round_id)
            voter = await asyncio.to_thread(voters.by_token, self.store, rnd, token)
        except DatatripError as error:
            return await self.join_page(request, str(error), 403)
        return self._joined(voter)

    def _joined(self, voter) -> web.StreamResponse:
        sid, _session = self.sessions.start(voter.id, voter.token)
        # Away from the link at once: the token leaves the address bar and the history.
        response = _see_other("/ballot")
        response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="Strict", path="/")
        return response

    async def leave(self, request: web.Request) -> web.StreamResponse:
        session = self._session(request)
        form = await _form(request)
        if session is None or not csrf_ok(session.csrf, form.get("csrf")):
            raise _Refused(403, t("room.error.csrf"))
        self.sessions.end(request.cookies.get(SESSION_COOKIE))
        response = _see_other("/")
        response.del_cookie(SESSION_COOKIE, path="/")
        return response

    # -- the ballot ---------------------------------------------------------------------------

    def _session(self, request: web.Request):
        """The phone's session, from memory only: nothing here may wait for the trip file
        (the event loop is the terminal's too). Whether its credential is still the current
        one is checked with the trip work, in :meth:`_current`."""
        return self.sessions.get(request.cookies.get(SESSION_COOKIE))

    def _current(self, session) -> None:
        """The credential was re-issued since this phone joined: the session ends with it."""
        rows = self.store.query("SELECT token FROM voter WHERE id = ? AND deleted_at IS NULL",
                                [session.voter_id])
        if not rows or not same(rows[0]["token"], session.token):
            self.sessions.end_stale(session.voter_id, rows[0]["token"] if rows else None)
            raise voters.NotValid()

    async def _ballot(self, session) -> ballots.Ballot:
        def load() -> ballots.Ballot:
            self._current(session)
            return ballots.ballot_for(self.store, self.round_id, session.voter_id)

        return await asyncio.to_thread(load)

    async def ballot_page(self, request: web.Request, notice: str = "", error: str = "",
                          status: int = 200) -> web.StreamResponse:
        session = self._session(request)
        if session is None:
            return _see_other("/")
        try:
            ballot = await self._ballot(session)
        except voters.NotValid:
            return _see_other("/")
        except DatatripError as problem:
            return _html(pages.message(t("room.closed.title"), str(problem)), 409)
        if "sent" in request.query and not notice:
            notice = t("room.received")
        return _html(pages.ballot(ballot, session.csrf, state=submit.state_of(ballot),
                                  notice=notice, error=error, room_code=self.room_code,
                                  timer=self.timer_state()), status)

    async def ballot_form(self, request: web.Request) -> web.StreamResponse:
        session = self._session(request)
        if session is None:
            raise _Refused(403, t("ranking.voter.not_valid"))
        form = await _form(request)
        if not csrf_ok(session.csrf, form.get("csrf")):
            raise _Refused(403, t("room.error.csrf"))
        try:
            state = await self._submit(session, lambda ballot: submit.from_form(ballot, form))
        except (submit.BadBallot, ballots.RoundClosed, voters.NotValid):
            raise
        except DatatripError as error:
            if _wants_json(request):
                raise _Refused(422, _said(error)) from None
            return await self.ballot_page(request, error=_said(error), status=422)
        if _wants_json(request):
            return _received(state)
        return _see_other("/ballot?sent=1")  # reloading does not send it twice

    async def api_ballot(self, request: web.Request) -> web.StreamResponse:
        session = self._session(request)
        if session is None:
            raise _Refused(403, t("ranking.voter.not_valid"))
        ballot = await self._ballot_or_closed(session)
        return web.json_response(_ballot_json(ballot, session.csrf))

    async def api_vote(self, request: web.Request) -> web.StreamResponse:
        session = self._session(request)
        if session is None:
            raise _Refused(403, t("ranking.voter.not_valid"))
        if request.content_type != "application/json":
            raise _Refused(415, t("room.error.content_type"))
        if not csrf_ok(session.csrf, request.headers.get("X-CSRF-Token")):
            raise _Refused(403, t("room.error.csrf"))
        try:
            body = json.loads(await request.text())
        except (ValueError, UnicodeDecodeError):
            raise _Refused(400, t("room.error.garbage")) from None
        try:
            state = await self._submit(session, lambda ballot: submit.from_json(ballot, body))
        except (submit.BadBallot, ballots.RoundClosed, voters.NotValid):
            raise
        except DatatripError as error:  # a ballot that breaks a rule of the round
            raise _Refused(422, _said(error)) from None
        return _received(state)

    async def _ballot_or_closed(self, session) -> ballots.Ballot:
        try:
            return await self._ballot(session)
        except voters.NotValid:
            raise
        except DatatripError as problem:
            raise _Refused(409, str(problem)) from None

    async def _submit(self, session, parse) -> str:
        """Load the voter's ballot, read the submission against it and store it, all in the
        next group commit (one trip to the writing thread); the ballot's state after it."""
        if not self.limits.write(session.voter_id):
            raise _Refused(429, t("room.error.slow_down"))

        def work() -> str:
            self._current(session)
            ballot = ballots.ballot_for(self.store, self.round_id, session.voter_id, shown=False)
            return submit.store(self.store, ballot, parse(ballot))

        state = await self.committer.run(work)
        self.on_change()  # committed: now the projector may show it, and the phone hear it
        return state

    def timer_state(self) -> dict:
        timer = self.timer() if callable(self.timer) else self.timer
        return timer.snapshot() if timer is not None else {"state": "idle", "remaining": 0,
                                                          "total": 0}

    async def api_timer(self, _request: web.Request) -> web.StreamResponse:
        state = self.timer_state()
        return web.json_response({**state, "text": pages.timer_text(state["state"])})

    async def asset(self, request: web.Request) -> web.StreamResponse:
        found = self._assets.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        kind, body = found
        return web.Response(body=body, content_type=kind, charset="utf-8")

    async def _round_title(self) -> str:
        try:
            rnd = await asyncio.to_thread(self.store.rounds.get, self.round_id)
        except DatatripError:
            return ""
        return rnd.title


class _Refused(Exception):
    """A 4xx with a message in the voter's language (turned into a page or JSON)."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status, self.text = status, text


def _said(error: DatatripError) -> str:
    """The line for the voter: a form field's name means nothing on a phone."""
    return getattr(error, "message", None) or str(error)


def _see_other(path: str) -> web.Response:
    return web.Response(status=303, headers={"Location": path})


def _reason(error: web.HTTPException) -> str:
    known = {404: "room.error.not_found", 405: "room.error.method", 413: "room.error.too_big",
             415: "room.error.content_type"}
    return t(known.get(error.status, "room.error.garbage"))


def _wants_json(request: web.Request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", "")


async def _form(request: web.Request) -> dict[str, str]:
    if request.content_type != FORM:
        raise _Refused(415, t("room.error.content_type"))
    try:
        data = await request.post()
    except ValueError:
        raise _Refused(400, t("room.error.garbage")) from None
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")


def _received(state: str) -> web.Response:
    return web.json_response({"status": "received", "state": state,
                              "message": t("room.received"),
                              "state_text": pages.state_text(state)})


def _ballot_json(ballot: ballots.Ballot, csrf: str) -> dict[str, Any]:
    rnd = ballot.round
    answers = [{"dataset": ds, "criterion": c, **({"skip": True} if v is None else {"value": v})}
               for (ds, c), v in ballot.answers.items()]
    return {"round": {"title": rnd.title, "kind": rnd.kind, "criteria": ballot.criteria,
                      "scale": list(ballot.scale), "allow_skip": ballot.allow_skip,
                      "points_budget": rnd.points_budget, "points_cap": rnd.points_cap},
            "items": [{"dataset": i.dataset_id, "title": i.title, "description": i.description,
                       "tasks": i.tasks} for i in ballot.items],
            "answers": answers, "state": submit.state_of(ballot), "csrf": csrf}


async def _no_server_header(_request, response) -> None:
    response.headers.pop("Server", None)
