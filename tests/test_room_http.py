"""The room's server with a real HTTP client: joining, voting, and every kind of bad request.

The server runs on 127.0.0.1 (a free port) on the test's event loop, as it runs on Textual's in
the app; the client is aiohttp's, with a cookie jar that keeps cookies of an IP address as a
phone's browser does. The demo trip speaks Dutch, so messages are checked in Dutch.
"""

from __future__ import annotations

import re

import aiohttp
import pytest

from apphelpers import FATIMA, JOOST, db_rows, voter_row
from workshop_data.ranking import ballots, voters
from workshop_data.ranking.room.server import RoomServer
from workshop_data.common.store import open_store


@pytest.fixture
async def room(demo_db):
    store = open_store(demo_db)
    rnd = ballots.open_round(store, "Klaar", status="ready", random_order=False)
    server = RoomServer(store, rnd.id, "127.0.0.1", 0)
    await server.start()
    yield server
    await server.stop()
    store.close()


def phone(server=None, **headers) -> aiohttp.ClientSession:
    origin = {"Origin": server.url.rstrip("/")} if server else {}
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                 headers={**origin, **headers})


async def join(client, server, name=FATIMA) -> dict:
    """Open the personal link of ``name``'s card; the ballot as JSON."""
    card = voter_row(server.store, server.round_id, name)
    async with client.get(server.url + "v/" + card["token"]) as response:
        assert response.status == 200 and response.url.path == "/ballot"
    async with client.get(server.url + "api/ballot") as response:
        assert response.status == 200
        return await response.json()


def score_answers(ballot: dict, value: int = 4) -> dict:
    return {"answers": [{"dataset": item["dataset"], "criterion": criterion, "value": value}
                        for item in ballot["items"] for criterion in ballot["round"]["criteria"]]}


def stored(server, name=FATIMA) -> list[tuple]:
    voter = voter_row(server.store, server.round_id, name)
    return db_rows(server.store.path, "SELECT dataset_id, criterion, value, skipped FROM vote "
                                      "WHERE ballot_code = ? AND deleted_at IS NULL "
                                      "ORDER BY 1, 2", voter["id"])


async def test_a_phone_joins_by_link_votes_and_the_vote_is_stored_before_received(room):
    async with phone(room) as client:
        ballot = await join(client, room)
        assert ballot["round"]["kind"] == "score" and len(ballot["items"]) == 4
        assert ballot["answers"] == [] and ballot["state"] == ""
        async with client.post(room.url + "api/ballot", json=score_answers(ballot),
                               headers={"X-CSRF-Token": ballot["csrf"]}) as response:
            assert response.status == 200
            answer = await response.json()
            # read by another connection while the phone is hearing "received"
            assert len(stored(room)) == 8
        assert answer["status"] == "received" and answer["state"] == "counted"
        assert "Ontvangen" in answer["message"]
        again = await (await client.get(room.url + "api/ballot")).json()
        assert len(again["answers"]) == 8  # revisable: the phone sees its own answers


async def test_a_phone_never_receives_another_voters_data(room):
    async with phone(room) as joost:
        ballot = await join(joost, room, JOOST)
        await joost.post(room.url + "api/ballot", json=score_answers(ballot, 1),
                         headers={"X-CSRF-Token": ballot["csrf"]})
    joost_voter = voter_row(room.store, room.round_id, JOOST)
    async with phone(room) as fatima:
        ballot = await join(fatima, room)
        page = await (await fatima.get(room.url + "ballot")).text()
    assert ballot["answers"] == [] and 'checked' not in page
    for secret in (joost_voter["id"], joost_voter["code"], joost_voter["token"], JOOST):
        assert secret not in page and secret not in str(ballot)


async def test_the_plain_form_works_without_javascript(room):
    async with phone(room) as client:
        await join(client, room)
        page = await (await client.get(room.url + "ballot")).text()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        fields = dict(re.findall(r'name="(s:[^"]+)" value="(3)"', page))
        assert len(fields) == 8
        async with client.post(room.url + "ballot", data={"csrf": csrf, **fields}) as response:
            assert response.status == 200 and response.url.query.get("sent") == "1"
            shown = await response.text()
    assert "Ontvangen" in shown and "telt mee" in shown
    assert [row[2] for row in stored(room)] == [3.0] * 8
    assert 'value="3" checked' in shown


async def test_rank_and_points_ballots_from_a_phone(demo_db):
    store = open_store(demo_db)
    for kind in ("rank", "points"):
        rnd = ballots.open_round(store, kind, status="ready", kind=kind, points_budget=10,
                                 points_cap=6, random_order=False)
        server = RoomServer(store, rnd.id, "127.0.0.1", 0)
        await server.start()
        try:
            async with phone(server) as client:
                ballot = await join(client, server)
                ids = [item["dataset"] for item in ballot["items"]]
                body = ({"order": ids[:3], "skipped": ids[3:]} if kind == "rank"
                        else {"points": {ids[0]: 6, ids[1]: 4, ids[2]: 0}, "skipped": [ids[3]]})
                too_much = ({"order": [ids[0], ids[0]]} if kind == "rank"
                            else {"points": {ids[0]: 7}})
                headers = {"X-CSRF-Token": ballot["csrf"]}
                bad = await client.post(server.url + "api/ballot", json=too_much, headers=headers)
                assert bad.status == 422
                good = await client.post(server.url + "api/ballot", json=body, headers=headers)
                assert good.status == 200 and (await good.json())["state"] == "counted"
        finally:
            await server.stop()
        assert ballots.list_rounds(store)[0].n_ballots == 1
    store.close()


async def test_a_typed_code_joins_and_three_wrong_ones_lock_this_phone(room):
    async with phone(room) as client:
        page = await (await client.get(room.url)).text()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        for _ in range(3):
            wrong = await client.post(room.url + "join", data={"csrf": csrf, "code": "QQQQQQ"})
            assert wrong.status == 403 and "niet geldig" in await wrong.text()
        code = voter_row(room.store, room.round_id)["code"]
        locked = await client.post(room.url + "join", data={"csrf": csrf, "code": code})
        assert locked.status == 429 and "wacht een minuut" in await locked.text()
    room.limits.unlock_all()  # what the facilitator's restart does
    async with phone(room) as client:
        page = await (await client.get(room.url)).text()
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        ok = await client.post(room.url + "join", data={"csrf": csrf, "code": code.lower()})
        assert ok.status == 200 and ok.url.path == "/ballot"


async def test_a_reissued_credential_ends_the_phone_session_and_the_old_link(room):
    async with phone(room) as client:
        ballot = await join(client, room)
        old = voter_row(room.store, room.round_id)
        voters.reissue(room.store, old["id"])
        gone = await client.post(room.url + "api/ballot", json=score_answers(ballot),
                                 headers={"X-CSRF-Token": ballot["csrf"]})
        assert gone.status == 403 and "niet geldig" in (await gone.json())["error"]
        stale = await client.get(room.url + "v/" + old["token"])
        assert stale.status == 403 and "niet geldig" in await stale.text()
    assert stored(room) == []


@pytest.mark.parametrize("method, path, kwargs, status, words", [
    ("POST", "api/ballot", {"data": "{not json", "headers": {"Content-Type": "application/json"}},
     400, "geen stembiljet"),
    ("POST", "api/ballot", {"data": "answers=1"}, 415, "formulier of JSON"),
    ("POST", "api/ballot", {"json": {"answers": "x" * 20000}}, 413, "veel meer"),
    ("POST", "api/ballot", {"json": [1, 2, 3]}, 400, "geen stembiljet"),
    ("POST", "api/ballot", {"json": {"answers": [{"dataset": "nope", "criterion": "interest",
                                                  "value": 3}]}}, 422, "hoort niet bij de ronde"),
    ("POST", "api/ballot", {"json": {"answers": [{"bogus": 1}]}}, 400, "geen stembiljet"),
    ("GET", "nothing/here", {}, 404, "bestaat niet"),
    ("GET", "static/", {}, 404, "bestaat niet"),
    ("GET", "static/../server.py", {}, 404, "bestaat niet"),
    ("GET", "join", {}, 405, "Zo wordt"),
    ("POST", "close", {}, 404, "bestaat niet"),
    ("POST", "api/reveal", {}, 404, "bestaat niet"),
    ("GET", "api/results", {}, 404, "bestaat niet"),
])
async def test_bad_requests_get_a_clear_4xx_in_the_pages_language(room, method, path, kwargs,
                                                                   status, words):
    async with phone(room) as client:
        ballot = await join(client, room)
        headers = {"X-CSRF-Token": ballot["csrf"], **kwargs.pop("headers", {})}
        async with client.request(method, room.url + path, headers=headers,
                                  **kwargs) as response:
            text = await response.text()
            assert response.status == status, text
            assert words in text
            assert "Traceback" not in text and "aiohttp" not in text
    assert stored(room) == []


async def test_forged_requests_are_refused(room):
    async with phone(room) as client:
        ballot = await join(client, room)
        body = score_answers(ballot)
        no_csrf = await client.post(room.url + "api/ballot", json=body)
        assert no_csrf.status == 403 and "verlopen" in (await no_csrf.json())["error"]
    async with phone() as no_origin:  # a POST that does not come from the page itself
        await join(no_origin, room)
        refused = await no_origin.post(room.url + "api/ballot", json=body,
                                       headers={"X-CSRF-Token": ballot["csrf"]})
        assert refused.status == 403
    async with phone(Origin="http://evil.example") as evil:
        refused = await evil.post(room.url + "join", data={"code": "X"})
        assert refused.status == 403
    async with phone(room, Host="evil.example:8765") as rebinding:  # DNS rebinding
        refused = await rebinding.get(room.url)
        assert refused.status == 400 and "adres op het scherm" in await refused.text()
    assert stored(room) == []


async def test_every_response_has_the_security_headers_and_no_server_banner(room):
    async with phone(room) as client:
        for path in ("", "static/room.js", "nothing"):
            response = await client.get(room.url + path)
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Referrer-Policy"] == "same-origin"
            assert response.headers["X-Frame-Options"] == "DENY"
            assert "Server" not in response.headers
        page = await (await client.get(room.url)).text()
        assert '<meta name="viewport"' in page and "http" not in page.split("<main>")[1].split(
            "room.js")[0].replace('href="/', "")  # nothing from elsewhere


async def test_too_many_requests_from_one_phone_slow_it_down(room):
    async with phone(room) as client:
        statuses = [(await client.get(room.url)).status for _ in range(60)]
    assert 429 in statuses and set(statuses) <= {200, 429}


async def test_a_closed_round_takes_no_more_votes(room):
    async with phone(room) as client:
        ballot = await join(client, room)
        ballots.close_round(room.store, room.round_id)
        late = await client.post(room.url + "api/ballot", json=score_answers(ballot),
                                 headers={"X-CSRF-Token": ballot["csrf"]})
        assert late.status == 409 and "gesloten" in (await late.json())["error"]
        page = await client.get(room.url + "ballot")
        assert page.status == 409
    assert stored(room) == []


async def test_the_page_follows_the_trip_language_and_switches(room):
    async with phone(room) as client:
        dutch = await (await client.get(room.url)).text()
        assert 'lang="nl"' in dutch and "Open mijn stembiljet" in dutch
        english = await (await client.get(room.url + "?lang=en")).text()
        assert 'lang="en"' in english and "Open my ballot" in english
        assert "no internet" in english
