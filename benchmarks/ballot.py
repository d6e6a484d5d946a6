"""Ballot mode under load: a round of 300 datasets x 50 participants.

What is measured
----------------
**Keypress to repainted screen, in app time.** The real ``DatatripApp`` runs headless at 100x30
(a projector) on a trip with 300 datasets (each linked to tasks) and 50 participants, 49 of whom
have voted on both criteria (29,400 votes). The 50th takes a score ballot, then a rank and a
points ballot over the same 300 datasets, driven by ``App.run_test`` + ``pilot.press``.

For every key the app's own work is timed by wrapping the two places it happens, with
``time.perf_counter``:

* the ballot screen's key handler (``BallotScreen.on_key``): the vote written to SQLite in its
  own ``BEGIN IMMEDIATE`` transaction with an fsync'd commit, and the widgets updated;
* the screen update that follows (``Screen._on_timer_update``): layout, rendering of the changed
  widgets by the compositor, and the encoding of the terminal update (``App._display`` is made to
  render the update's segments, which the headless driver would otherwise skip).

Their sum per key is the app time. What the app spends *waiting* is left out: Textual's frame
pacing timer and the pilot's idle polls (the wall time of ``pilot.press`` is printed too, as an
upper bound that includes them). Budget (DESIGN.md): under one frame, 16 ms a keypress.

**Baseline in the same run:** a bare Textual app at the same size whose key handler updates one
``Static`` with the key count, timed the same way; the ratio datatrip / bare is printed.

**Recomputing the results table:** with all 50 ballots in (30,000 votes), the time to load the
votes and compute every statistic (``tally.results``), to turn them into the sorted table rows
(``tally.results_table``), and the results screen's whole reload (``ResultsScreen._load``:
the same, plus the ``DataTable`` refilled and the chart data), which ``refresh_data`` runs in a
thread within a second of a vote from another terminal.

    python benchmarks/ballot.py [--keys 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Static  # noqa: E402

N_DATASETS, N_PEOPLE, BUDGET_MS = 300, 50, 16.0
PIN = "2468"  # the facilitator's, to leave ballot mode
SIZE = (100, 30)


class Timer:
    """Sums the wall time and the CPU time of the wrapped calls since the last :meth:`take`."""

    def __init__(self) -> None:
        self.spent = self.cpu = 0.0

    def timed(self, function, *args, **kwargs):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            self.spent += time.perf_counter() - started
            self.cpu += time.process_time() - cpu

    def take(self) -> float:
        spent, self.spent = self.spent, 0.0
        return spent

    def take_cpu(self) -> float:
        cpu, self.cpu = self.cpu, 0.0
        return cpu


TIMER = Timer()


def render_update(app, renderable) -> None:
    """What a real terminal driver does with a screen update: turn it into escape codes."""
    if hasattr(renderable, "render_segments"):
        renderable.render_segments(app.console)


# -- the trip ----------------------------------------------------------------------------------


def build_trip(path: Path, rng: random.Random) -> tuple[str, str, str, dict[str, str]]:
    """A trip with 300 datasets, 50 participants, three rounds; 49 people voted in the first.
    Returns the rounds and the 50th participant's code in each (codes are per round)."""
    from workshop_data.ranking import ballots, voters
    from workshop_data.common.clock import new_id, now
    from workshop_data.common.setup import create_trip
    from workshop_data.common.store import open_store

    store = open_store(path)
    create_trip(store, name="Benchmark trip", organisation="Gemeente", language="en")
    people = [store.participants.create(name=f"Participant {n:02d}", department="Dept")
              for n in range(N_PEOPLE)]
    stamp, trip_id = now(), store.trip_id
    datasets, tasks, links = [], [], []
    for n in range(N_DATASETS):
        ds = new_id()
        datasets.append((ds, stamp, stamp, trip_id, f"Dataset {n:03d} over "
                         f"{rng.choice(['wijken', 'bomen', 'verkeer', 'woningen'])}",
                         "Een beschrijving van de gegevens, hun bron en hoe vaak ze worden "
                         "bijgewerkt. " * 2))
        for _ in range(2):
            task = new_id()
            tasks.append((task, stamp, stamp, rng.choice(people).id, f"Taak bij dataset {n}"))
            links.append((new_id(), stamp, stamp, task, ds))
    with store.transaction() as conn:
        conn.executemany("INSERT INTO dataset (id, created_at, updated_at, trip_id, title, "
                         "description) VALUES (?, ?, ?, ?, ?, ?)", datasets)
        conn.executemany("INSERT INTO task (id, created_at, updated_at, participant_id, title) "
                         "VALUES (?, ?, ?, ?, ?)", tasks)
        conn.executemany("INSERT INTO task_dataset (id, created_at, updated_at, task_id, "
                         "dataset_id) VALUES (?, ?, ?, ?, ?)", links)
    voters.set_pin(store, PIN)
    score = ballots.open_round(store, "Scores", random_order=True)
    voter_of = {p.id: voters.voter_of(store, score.id, p.id).id for p in people}
    votes = [(new_id(), stamp, stamp, score.id, voter_of[person.id], ds[0], criterion,
              float(rng.randint(1, 5)), 0)
             for person in people[1:] for ds in datasets for criterion in ("interest",
                                                                           "importance")]
    with store.transaction() as conn:
        conn.executemany("INSERT INTO vote (id, created_at, updated_at, round_id, ballot_code, "
                         "dataset_id, criterion, value, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                         "?)", votes)
    ballots.reveal(store, score.id)
    rank = ballots.open_round(store, "Order", kind="rank")
    points = ballots.open_round(store, "Points", kind="points", points_cap=30)
    codes = {rnd.id: voters.voter_of(store, rnd.id, people[0].id).code
             for rnd in (score, rank, points)}
    store.close()
    return score.id, rank.id, points.id, codes


# -- timing keypresses ---------------------------------------------------------------------------


def score_keys(n: int, rng: random.Random) -> list[str]:
    keys = []
    while len(keys) < n:
        keys += [str(rng.randint(1, 5))] * 4 + ["s", str(rng.randint(1, 5)), "left"]
    return keys[:n]


async def time_keys(pilot, keys: list[str]) -> tuple[list[float], list[float], list[float]]:
    """(app time, its CPU part, wall time of press + pause) per key, in ms."""
    app_ms, cpu_ms, wall_ms = [], [], []
    for key in keys:
        await pilot.pause()
        TIMER.take(), TIMER.take_cpu()
        started = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()  # runs the pending screen update, like the next frame would
        wall_ms.append((time.perf_counter() - started) * 1000)
        app_ms.append(TIMER.take() * 1000)
        cpu_ms.append(TIMER.take_cpu() * 1000)
    return app_ms, cpu_ms, wall_ms


async def run_datatrip(path: Path, rounds: tuple[str, str, str, str], n_keys: int,
                       rng: random.Random) -> dict:
    import screens.ranking.ballot
    from datatrip_tui.app import DatatripApp
    from datatrip_tui.settings import Settings
    from screens.ranking.results import ResultsScreen
    from workshop_data.common.i18n import set_language

    class TimedBallot(screens.ranking.ballot.BallotScreen):
        CSS_PATH = str(ROOT / "screens" / "ballot.tcss")  # a subclass here has no .tcss beside it

        def on_key(self, event) -> None:
            TIMER.timed(super().on_key, event)

        def _on_timer_update(self) -> None:
            TIMER.timed(super()._on_timer_update)

    screens.ranking.ballot.BallotScreen = TimedBallot  # the rounds screen imports it when b is pressed

    class TimedApp(DatatripApp):
        CSS_PATH = str(ROOT / "datatrip_tui" / "app.tcss")

        def _display(self, screen, renderable) -> None:
            render_update(self, renderable)

    set_language("en")
    score_id, rank_id, points_id, code = rounds
    app = TimedApp(path, settings=Settings(language="en"), probe_portal=False)
    out: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        while app.store is None or not app.dashboard.summary:
            await pilot.pause(0.05)
        await pilot.press("r")
        await pilot.pause()
        order = [row["id"] for row in app.store.query(
            "SELECT id FROM ballot_round ORDER BY created_at DESC")]
        for name, round_id, keys in (
                ("score", score_id, score_keys(n_keys, rng)),
                ("rank", rank_id, [rng.choice(["down", "down", "space", "up", "s", "page_down"])
                                   for _ in range(n_keys // 3)]),
                ("points", points_id, [rng.choice(["down", "1", "2", "plus", "minus",
                                                   "backspace"]) for _ in range(n_keys // 3)])):
            screen = app.screen
            screen.query_one("DataTable").move_cursor(row=order.index(round_id))
            await pilot.press("c")  # cast votes: ballot mode
            await pilot.pause()
            await pilot.press(*code[round_id], "enter")
            await pilot.pause()
            assert isinstance(app.screen, TimedBallot) and app.screen.ballot is not None
            out[name] = await time_keys(pilot, keys)
            await pilot.press("ctrl+x", *PIN, "enter")
            await pilot.pause()
        # the results screen, with the 50th ballot (partly) in
        app.screen.query_one("DataTable").move_cursor(row=order.index(score_id))
        await pilot.press("enter")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        refresh = []
        for _ in range(15):
            started = time.perf_counter()
            results._load()  # what refresh_data runs (in a thread) when another process voted
            refresh.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
        out["results_screen"] = refresh
    return out


async def run_bare(n_keys: int, rng: random.Random) -> tuple[list[float], list[float]]:
    class BareScreen(Screen):
        def compose(self):
            yield Static("Dataset 1 of 300", id="line")
            yield Static("0", id="count")

        def on_key(self, event) -> None:
            TIMER.timed(self._key, event)

        def _key(self, event) -> None:
            self.count = getattr(self, "count", 0) + 1
            self.query_one("#count", Static).update(f"{self.count} keys, last {event.key}")

        def _on_timer_update(self) -> None:
            TIMER.timed(super()._on_timer_update)

    class Bare(App):
        def on_mount(self) -> None:
            self.push_screen(BareScreen())

        def _display(self, screen, renderable) -> None:
            render_update(self, renderable)

    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await time_keys(pilot, score_keys(n_keys, rng))


# -- timing the results maths ------------------------------------------------------------------


def time_results(path: Path, round_id: str, code: str) -> dict[str, list[float]]:
    from workshop_data.ranking import ballots, tally
    from workshop_data.common.store import open_store

    store = open_store(path)
    ballot = ballots.start_ballot(store, round_id, code)  # complete the 50th ballot
    rng = random.Random(7)
    stamp_rows = [(item.dataset_id, c) for item, c in ballot.questions()
                  if (item.dataset_id, c) not in ballot.answers]
    for ds, c in stamp_rows:
        ballots.cast_vote(store, ballot, ds, c, rng.randint(1, 5))
    n_votes = store.query("SELECT count(*) AS n FROM vote WHERE round_id = ?", [round_id])[0]["n"]
    load, table = [], []
    for _ in range(15):
        started = time.perf_counter()
        res = tally.results(store, round_id)
        middle = time.perf_counter()
        tally.results_table(res)
        ended = time.perf_counter()
        load.append((middle - started) * 1000)
        table.append((ended - middle) * 1000)
    store.close()
    return {"votes": [n_votes], "results": load, "table": table}


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"median {statistics.median(values):6.2f} ms   p95 {p95:6.2f} ms   "
            f"max {max(values):6.2f} ms   (n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=300, help="score keypresses to time")
    parser.add_argument("--json", action="store_true", help="also print the raw figures")
    n_keys = parser.parse_args().keys
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATATRIP_CONFIG_DIR"] = folder
        os.environ["DATATRIP_DATA_DIR"] = folder
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        rounds = build_trip(path, rng)
        print(f"trip: {N_DATASETS} datasets, {N_PEOPLE} participants, "
              f"{(N_PEOPLE - 1) * N_DATASETS * 2:,} votes in {time.perf_counter() - started:.1f} s")
        bare_app, bare_cpu, bare_wall = asyncio.run(run_bare(n_keys, rng))
        ours = asyncio.run(run_datatrip(path, rounds, n_keys, rng))
        maths = time_results(path, rounds[0], rounds[3][rounds[0]])

    print(f"\nkeypress -> repainted screen, app time ({SIZE[0]}x{SIZE[1]}, budget "
          f"{BUDGET_MS:.0f} ms); in brackets the CPU part (without I/O waits and time the "
          f"machine gave to other processes):")
    print(f"  bare Textual app      {summary(bare_app)}  [cpu median "
          f"{statistics.median(bare_cpu):.2f} ms]")
    for kind in ("score", "rank", "points"):
        app_ms, cpu_ms, _wall = ours[kind]
        print(f"  datatrip {kind:<7}      {summary(app_ms)}  [cpu median "
              f"{statistics.median(cpu_ms):.2f} ms]")
    score_app, score_cpu, score_wall = ours["score"]
    ratio = statistics.median(score_app) / statistics.median(bare_app)
    verdict = "within" if statistics.median(score_app) <= BUDGET_MS else "OVER"
    cpu_ratio = statistics.median(score_cpu) / statistics.median(bare_cpu)
    p95 = sorted(score_app)[int(len(score_app) * 0.95)]
    print(f"  ratio score / bare    {ratio:.2f}x (cpu {cpu_ratio:.2f}x)  -> median {verdict} "
          f"the {BUDGET_MS:.0f} ms budget; p95 {p95:.2f} ms")
    print(f"  (wall time of pilot.press + pause, incl. frame pacing and idle polls: "
          f"bare {statistics.median(bare_wall):.1f} ms, datatrip {statistics.median(score_wall):.1f}"
          f" ms)")
    print(f"  machine load average during the run: {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"\nresults of {maths['votes'][0]:,} votes ({N_DATASETS} datasets x {N_PEOPLE} "
          f"participants x 2 criteria):")
    print(f"  load + compute        {summary(maths['results'])}")
    print(f"  sorted table rows     {summary(maths['table'])}")
    print(f"  results screen reload {summary(ours['results_screen'])}  (all of it, the "
          f"DataTable refilled)")
    if parser.parse_args().json:
        print(json.dumps({"bare": bare_app, **{k: ours[k][0] for k in ("score", "rank", "points")},
                          **maths, "results_screen": ours["results_screen"]}))


if __name__ == "__main__":
    main()
