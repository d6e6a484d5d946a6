"""``datatrip codes``: the printable code cards of a round, from the command line.

What is printed is only the file's path and the number of cards: codes and tokens never go to
the terminal, which may be projected or logged.
"""

from __future__ import annotations

from pathlib import Path

from workshop_data.common.errors import DatatripError, NotFound
from workshop_data.common.i18n import t, tn


def pick_round(store, round_id: str | None, *, open_only: bool = False):
    """The round asked for, or the latest (open) one; DatatripError with one line otherwise."""
    from workshop_data.ranking import ballots

    if round_id:
        try:
            return store.rounds.get(round_id)
        except NotFound:
            raise DatatripError(t("ranking.cli.no_round", id=round_id)) from None
    rounds = [info.round for info in ballots.list_rounds(store)]
    if open_only:
        rounds = [rnd for rnd in rounds if rnd.status == "open"]
    if not rounds:
        raise DatatripError(t("ranking.cli.no_open_rounds" if open_only else "ranking.cli.no_rounds"))
    return rounds[0]


def codes(path: Path, args) -> int:
    from workshop_data.ranking import cards, netaddr
    from workshop_data.common.store import open_store

    store = open_store(path)
    try:
        rnd = pick_round(store, args.round)
        target = Path(args.to)
        base = netaddr.base_url(args.host, args.port)
        try:
            count = cards.write_cards(store, rnd.id, target, base=base)
        except OSError as error:
            raise DatatripError(t("ranking.cards.failed", path=target,
                                  reason=error.strerror or error)) from None
    finally:
        store.close()
    print(tn("ranking.cards.written", count, path=target))
    return 0


def room(path: Path, args) -> int:
    """``datatrip room``: serve the open round to the phones until ctrl+c (or SIGTERM).

    The first line printed is the join address, for scripts; then who has voted, as it grows.
    """
    import asyncio

    from workshop_data.ranking import netaddr
    from workshop_data.common.store import open_store

    store = open_store(path)
    try:
        rnd = pick_round(store, args.round, open_only=True)
        if rnd.status != "open":
            raise DatatripError(t("ranking.error.closed", title=rnd.title))
        host = args.host or netaddr.lan_address()
        port = netaddr.DEFAULT_PORT if args.port is None else args.port
        try:
            asyncio.run(_serve(store, rnd, host, port))
        except KeyboardInterrupt:
            pass
    finally:
        store.close()
    print(t("room.cli.stopped"), flush=True)
    return 0


async def _serve(store, rnd, host: str, port: int) -> None:
    import asyncio
    import signal

    from workshop_data.ranking import ballots
    from workshop_data.ranking.room.server import RoomServer

    changed = asyncio.Event()
    server = RoomServer(store, rnd.id, host, port, on_change=changed.set)
    url = await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # not on this platform: ctrl+c still works
            pass
    print(url, flush=True)
    print(t("room.cli.serving", title=rnd.title), flush=True)
    try:
        while not stop.is_set():
            waiter = asyncio.ensure_future(changed.wait())
            stopper = asyncio.ensure_future(stop.wait())
            await asyncio.wait({waiter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            stopper.cancel()
            if changed.is_set():
                changed.clear()
                rows = await asyncio.to_thread(ballots.turnout, store, rnd.id)
                done = sum(state in ("counted", "skipped") for _, _, state in rows)
                print(tn("room.cli.turnout", done, done=done, total=len(rows)), flush=True)
                await asyncio.sleep(0.5)  # a line a burst, not a line a vote
    finally:
        await server.stop()
