"""Benchmark: opening a 116,825-row, 9.5 MB CSV in the explorer screen vs ``datatrip inspect``.

Issue 16's budget: the explorer shows the table within 1.2x of the time ``inspect`` takes on the
CLI for the same file. Both read it (load + privacy scan); ``inspect`` then profiles it and prints
the report, the screen shows the table first and fills its profile view after the table has been
drawn. What the screen does on top (the file's fingerprint for the trip, the preview cells,
filling the tables, the detection panel, drawing) must stay small.

Writes (once per run, into a temporary folder) a UTF-8 CSV as a municipality's ticket system
exports it: ";" between fields, decimal comma, dd-mm-yyyy dates, codes with leading zeros, a
street and a postcode. Then, in a fresh subprocess per variant and round (interleaved, so a busy
neighbour on a shared machine slows both alike; imports are not timed in either):

- inspect:  what ``datatrip inspect FILE`` runs: ``inspect_file`` + the masking + the text report;
- screen:   the app headless (``App.run_test``) on the demo trip, the explorer open; timed from
            the enter key on the path until the preview table holds its rows and the screen has
            been drawn again (the profile view is filled after that, while the table is shown).

Run:  python benchmarks/explorer_open.py [--rows N] [--runs K]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from variants import run_variant as spawn_variant  # noqa: E402  (beside this script)

BUDGET = 1.2
ROWS = 116_825
GEMEENTEN = [("0344", "Utrecht"), ("0363", "Amsterdam"), ("0599", "Rotterdam"),
             ("0518", "'s-Gravenhage"), ("0772", "Eindhoven"), ("0014", "Groningen")]
STRATEN = ["Oudegracht", "Vredenburg", "Biltstraat", "Amsterdamsestraatweg", "Kanaalstraat",
           "Nachtegaalstraat", "Lange Nieuwstraat", "Croeselaan"]
CATEGORIEËN = ["parkeren", "afval", "openbare ruimte", "evenementen", "café-terras", "subsidie"]
HEADER = "Datum;Gemeentecode;Gemeente;Categorie;Straat;Postcode;Aantal;Bedrag (€);Melding"


def generate(path: str, rows: int, seed: int = 16) -> None:
    """About 81 bytes a row: 9.5 MB for the issue's 116,825 rows."""
    import numpy as np

    rng = np.random.default_rng(seed)
    days = (np.datetime64("2016-01-01") + rng.integers(0, 365 * 8, rows)).astype("datetime64[D]")
    iso = days.astype(str)
    dmy = [f"{d[8:10]}-{d[5:7]}-{d[0:4]}" for d in iso.tolist()]
    pick = rng.integers(0, len(GEMEENTEN), rows).tolist()
    streets = rng.integers(0, len(STRATEN), rows).tolist()
    kinds = rng.integers(0, len(CATEGORIEËN), rows).tolist()
    numbers = rng.integers(1000, 9999, rows).tolist()
    letters = rng.integers(0, 26, (rows, 2)).tolist()
    counts = rng.integers(0, 500, rows).tolist()
    cents = rng.integers(0, 10_000_000, rows).tolist()
    tickets = rng.integers(10**6, 10**7, rows).tolist()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER + "\r\n")
        for i in range(rows):
            code, name = GEMEENTEN[pick[i]]
            postcode = f"{numbers[i]} {chr(65 + letters[i][0])}{chr(65 + letters[i][1])}"
            fh.write(f"{dmy[i]};{code};{name};{CATEGORIEËN[kinds[i]]};{STRATEN[streets[i]]};"
                     f"{postcode};{counts[i]};{cents[i] // 100},{cents[i] % 100:02d};"
                     f"nr. {tickets[i]}\r\n")


# -- the variants, each run in a subprocess of its own -----------------------------------------


def _imports() -> None:
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    import pyarrow.csv  # noqa: F401

    import workshop_data.explorer.loading  # noqa: F401
    from workshop_data.explorer import bookkeeping, masking  # noqa: F401


def run_inspect(path: str) -> float:
    from workshop_data.explorer.bookkeeping import format_inspect
    from workshop_data.explorer.loading import inspect_file
    from workshop_data.explorer.masking import mask_report

    t0 = time.perf_counter()
    text = format_inspect(mask_report(inspect_file(path)))
    with open(os.devnull, "w", encoding="utf-8") as out:
        print(text, file=out, flush=True)
    return time.perf_counter() - t0


async def _open_in_screen(path: str, trip: str) -> float:
    from textual.widgets import DataTable, Input

    from datatrip_tui.app import DatatripApp
    from datatrip_tui.settings import Settings
    from workshop_data.common.i18n import set_language

    from workshop_data.common.demo import create_demo

    set_language("en")
    create_demo(trip).close()  # a trip with its datasets: the app opens on the dashboard
    app = DatatripApp(trip, settings=Settings(language="en"), demo=False, probe_portal=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(1000):
            if app.store is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        screen = app.screen
        await pilot.press("f")
        screen.query_one("#explorer-path", Input).value = path
        marks: dict[str, float] = {}
        filled = screen._loaded

        def loaded(result) -> None:  # when the worker's result has been put into the tables
            marks["worker"] = time.perf_counter()
            filled(result)
            marks["filled"] = time.perf_counter()

        table = screen.query_one("#explorer-preview", DataTable)
        render_line, refresh = table.render_line, screen._compositor_refresh

        def rendered(y):  # a line of the preview drawn while it holds rows
            if table.row_count:
                marks.setdefault("rows", time.perf_counter())
            return render_line(y)

        def refreshed() -> None:  # the screen's update that drew them is done: the table shows
            refresh()
            if "rows" in marks:
                marks.setdefault("drawn", time.perf_counter())

        table.render_line, screen._compositor_refresh = rendered, refreshed

        screen._loaded = loaded
        t0 = time.perf_counter()
        await pilot.press("enter")
        # the table is shown before its profile is made (the profile view fills after it)
        while "drawn" not in marks or not table.row_count:
            if time.perf_counter() - t0 > 120:
                raise RuntimeError("the table never showed")
            # a plain sleep: the marks are set by the app itself, and pilot.pause() would make
            # every widget answer a message each time (a real terminal has no such poll)
            await asyncio.sleep(0.02)
        seconds = marks["drawn"] - t0
        assert table.row_count == 100, table.row_count
        while screen.reading:  # and then the profile, for the record
            await pilot.pause(0.02)
        return {"seconds": seconds, "worker": marks["worker"] - t0,
                "filled": marks["filled"] - marks["worker"], "drawn": marks["drawn"] - marks["filled"],
                "profiled": time.perf_counter() - t0}


def run_screen(path: str) -> dict:
    import datatrip_tui.app  # noqa: F401  (imports not timed)
    import textual  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(_open_in_screen(path, os.path.join(tmp, "trip.db")))


def _spawn(variant: str, path: str) -> dict | None:
    return spawn_variant(__file__, variant, path, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:  # the subprocess
        _imports()
        found = {"seconds": run_inspect(args.file)} if args.variant == "inspect" else run_screen(args.file)
        print(json.dumps(found))
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "meldingen_116k.csv")
        generate(path, args.rows)
        size = os.path.getsize(path)
        print(f"generated {args.rows:,} rows, {size / 2**20:.1f} MB (UTF-8, ';', decimal comma)")
        _spawn("inspect", path)  # warms the file cache
        runs: dict[str, list[dict]] = {"inspect": [], "screen": []}
        for _ in range(args.runs):
            for variant in runs:
                found = _spawn(variant, path)
                if found is None:
                    sys.exit("benchmark could not run both sides")
                runs[variant].append(found)
        median = {v: statistics.median(r["seconds"] for r in found) for v, found in runs.items()}
        part = {k: statistics.median(r[k] for r in runs["screen"])
                for k in ("worker", "filled", "drawn", "profiled")}
        print(f"\nmedian of {args.runs} runs, each in a fresh process (imports not timed):")
        print(f"  datatrip inspect FILE (report printed)        {median['inspect']:7.3f} s")
        print(f"  explorer screen: enter -> table shown        {median['screen']:7.3f} s")
        print(f"    of which: enter -> worker done {part['worker']:.3f} s, tables filled "
              f"{part['filled']:.3f} s, drawn {part['drawn']:.3f} s")
        print(f"    (the profile view filled {part['profiled']:.3f} s after enter)")
        ratio = median["screen"] / median["inspect"]
        verdict = "within" if ratio <= BUDGET else "OVER"
        print(f"\n  screen / inspect = {ratio:.2f}x  ({verdict} the {BUDGET}x budget)")


if __name__ == "__main__":
    main()
