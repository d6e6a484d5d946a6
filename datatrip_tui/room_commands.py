"""``datatrip codes``: the printable code cards of a round, from the command line.

What is printed is only the file's path and the number of cards: codes and tokens never go to
the terminal, which may be projected or logged.
"""

from __future__ import annotations

from pathlib import Path

from workshop_data.errors import DatatripError, NotFound
from workshop_data.i18n import t, tn


def pick_round(store, round_id: str | None, *, open_only: bool = False):
    """The round asked for, or the latest (open) one; DatatripError with one line otherwise."""
    from workshop_data import ballots

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
    from workshop_data import cards, netaddr
    from workshop_data.store import open_store

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
