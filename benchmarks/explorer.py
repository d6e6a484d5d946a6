"""Benchmark: the data explorer on a 1,000,000-row Dutch export, open → profile → first chart.

Writes (once per run, into a temporary folder) a CSV the way Dutch systems export it: cp1252 text
(é, â, ë, ü), ";" between fields, decimal comma, dd-mm-yyyy dates and municipality codes with
leading zeros. Then, in the same run, it measures in a fresh subprocess per variant and round
(so that memory is that variant's alone, and a busy neighbour on a shared machine slows every
variant alike):

- ours:            workshop_data.explorer.loading.load (every choice detected) + profile + the first chart
                   (bar chart of the most common values of a text column, rendered as text);
- pandas-c, pandas-pyarrow:  pandas.read_csv with the right options given by hand (encoding,
                   sep, decimal, date format, the code column as text) — the baseline is the
                   fastest of the two engines that accepts those options;
- pandas+profile:  the fastest pandas reader + the same profile and chart, for reference: the part
                   of our time that is the loader itself;
- ours-given:      ours with the options pandas is given by hand, for reference: the part of our
                   time that is detection.

Printed: the median seconds per variant, the ratio ours / fastest pandas reader (budget ≤ 1.0)
and the peak memory each variant added after its imports (budget ≤ 2 × the file's size), measured
as the growth of the process' peak resident set size (``VmHWM``; not ``ru_maxrss``, which Linux
carries over from the parent through exec, and not tracemalloc, which does not see numpy's and
Arrow's own allocators).

Run:  python benchmarks/explorer.py [--rows N] [--runs K]
(``benchmarks/load_csv.py`` measures load + profile against pandas and VisiData on a UTF-8 file.)
"""

from __future__ import annotations

import argparse
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

TIME_BUDGET = 1.0
MEMORY_BUDGET = 2.0
GEMEENTEN = [("0344", "Utrecht"), ("0363", "Amsterdam"), ("0599", "Rotterdam"),
             ("0518", "'s-Gravenhage"), ("0796", "'s-Hertogenbosch"), ("1900", "Súdwest-Fryslân"),
             ("0772", "Eindhoven"), ("0014", "Groningen"), ("0820", "Nuenen, Gerwen en Nederwetten"),
             ("0307", "Amersfoort"), ("0202", "Arnhem"), ("0935", "Maastricht")]
CATEGORIEËN = ["parkeren", "afval", "openbare ruimte", "evenementen", "café-terras",
               "subsidie", "bouwvergunning", "privé-parkeerplaats"]
HEADER = "Datum;Gemeentecode;Gemeente;Categorie;Aantal;Bedrag (€)"


def _given():
    """The options pandas is given by hand, for the loader: what detection costs shows as the
    difference (for reference; the budget's verdict is the detected run's)."""
    from workshop_data.explorer.loading import LoadOptions

    return LoadOptions(encoding="cp1252", delimiter=";", decimal=",", thousands="", na_values=[],
                       date_format="%d-%m-%Y", text_columns=["Gemeentecode"], skip_top=0,
                       header_rows=1, skip_bottom=0)


def generate(path: str, rows: int, seed: int = 6) -> None:
    """The test file, written with numpy for speed (about 60 MB for a million rows)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    days = (np.datetime64("2016-01-01") + rng.integers(0, 365 * 8, rows)).astype("datetime64[D]")
    iso = days.astype(str)
    dmy = np.char.add(np.char.add(np.char.add(np.char.add(
        np.char.partition(np.char.partition(iso, "-")[:, 2], "-")[:, 2], "-"),
        np.char.partition(np.char.partition(iso, "-")[:, 2], "-")[:, 0]), "-"),
        np.char.partition(iso, "-")[:, 0])
    pick = rng.integers(0, len(GEMEENTEN), rows)
    codes = np.array([c for c, _ in GEMEENTEN])[pick]
    names = np.array([f'"{n}"' if ";" in n or "," in n else n for _, n in GEMEENTEN])[pick]
    categories = np.array(CATEGORIEËN)[rng.integers(0, len(CATEGORIEËN), rows)]
    counts = rng.integers(0, 500, rows).astype(str)
    cents = rng.integers(0, 10_000_000, rows)
    amounts = np.char.add(np.char.add((cents // 100).astype(str), ","),
                          np.char.zfill((cents % 100).astype(str), 2))
    with open(path, "w", encoding="cp1252", newline="") as fh:
        fh.write(HEADER + "\r\n")
        step = 100_000
        for start in range(0, rows, step):
            part = slice(start, start + step)
            lines = [";".join(cells) for cells in zip(dmy[part], codes[part], names[part],
                                                       categories[part], counts[part],
                                                       amounts[part])]
            fh.write("\r\n".join(lines) + "\r\n")


# -- the variants, each run in a subprocess of its own -----------------------------------------


def _pandas(path: str, engine: str):
    import pandas as pd

    return pd.read_csv(path, sep=";", decimal=",", encoding="cp1252", engine=engine,
                       dtype={"Gemeentecode": "str"}, parse_dates=["Datum"],
                       date_format="%d-%m-%Y")


def _first_chart(frame) -> str:
    from workshop_data.explorer import charts
    from workshop_data.explorer.chart_drawing import render

    return render(frame, charts.suggest(frame, "bar", "Gemeente"), 100, 30)


def _check(frame, rows: int) -> None:
    assert len(frame) == rows, len(frame)
    assert str(frame["Datum"].dtype).startswith("datetime64"), frame.dtypes
    assert str(frame["Gemeentecode"].iloc[0]).startswith(("0", "1")), frame["Gemeentecode"].iloc[0]
    assert frame["Gemeentecode"].astype(str).str.len().eq(4).all()
    assert frame["Bedrag (€)"].dtype.kind == "f", frame.dtypes
    assert set(frame["Gemeente"].unique()) == {n for _, n in GEMEENTEN}


def _status(field: str) -> int:
    """VmRSS (resident now) or VmHWM (the peak of this process since exec), in bytes."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status (Linux only)")


def run_variant(variant: str, path: str, rows: int) -> dict:
    """In the subprocess: import first (not timed, for nobody), then time the work."""
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import plotext  # noqa: F401

    from workshop_data.common.i18n import language, catalogue
    from workshop_data.explorer import chart_drawing, charts  # noqa: F401
    from workshop_data.explorer.loading import load, profile

    catalogue(language())  # the app's messages: loaded before its first frame, as in the app

    base = _status("VmRSS")
    t0 = time.perf_counter()
    if variant == "ours":
        frame = load(path).frame
        profile(frame)
        chart = _first_chart(frame)
    elif variant == "ours-given":
        frame = load(path, _given()).frame
        profile(frame)
        chart = _first_chart(frame)
    elif variant.startswith("pandas+profile:"):
        frame = _pandas(path, variant.split(":", 1)[1])
        profile(frame)
        chart = _first_chart(frame)
    else:
        frame = _pandas(path, variant.split("-", 1)[1])
        chart = ""
    seconds = time.perf_counter() - t0
    peak = _status("VmHWM")
    _check(frame, rows)
    if chart:
        assert "Gemeente: most common values" in chart, chart[:200]
    return {"seconds": seconds, "peak_added": max(peak - base, 0)}


def _spawn(variant: str, path: str, rows: int) -> dict | None:
    return spawn_variant(__file__, variant, path, "--rows", str(rows), cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:  # the subprocess
        print(json.dumps(run_variant(args.variant, args.file, args.rows)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "meldingen_1m_cp1252.csv")
        t0 = time.perf_counter()
        generate(path, args.rows)
        size = os.path.getsize(path)
        print(f"generated {args.rows:,} rows, {size / 2**20:.1f} MB (cp1252, ';', decimal comma) "
              f"in {time.perf_counter() - t0:.1f} s")

        variants = ["ours", "pandas-c", "pandas-pyarrow"]
        first = {v: _spawn(v, path, args.rows) for v in variants}  # warms the file cache too
        variants = [v for v in variants if first[v] is not None]
        readers = [v for v in variants if v.startswith("pandas-")]
        if "ours" not in variants or not readers:
            sys.exit("benchmark could not run both sides")
        quickest = min(readers, key=lambda v: first[v]["seconds"])
        reference = f"pandas+profile:{quickest.split('-', 1)[1]}"
        variants += [reference, "ours-given"]
        results: dict[str, list[dict]] = {v: [] for v in variants}
        for _ in range(args.runs):  # interleaved: a busy neighbour slows every variant alike
            for variant in variants:
                results[variant].append(_spawn(variant, path, args.rows))
        best = min(readers, key=lambda v: statistics.median(r["seconds"] for r in results[v]))

        def median(variant: str) -> float:
            return statistics.median(r["seconds"] for r in results[variant])

        def peak(variant: str) -> int:
            return max(r["peak_added"] for r in results[variant])

        print(f"\nmedian of {args.runs} runs, each in a fresh process (imports not timed):")
        labels = {"ours": "ours: load + profile + first chart", reference:
                  f"{quickest} + the same profile + chart",
                  "ours-given": "ours, the options given as pandas gets them"}
        for variant in ["ours", *readers, reference, "ours-given"]:
            label = labels.get(variant, f"{variant}: read_csv, options by hand")
            print(f"  {label:<44} {median(variant):7.3f} s   peak +{peak(variant) / 2**20:7.1f} MB"
                  f"  ({peak(variant) / size:.1f}x the file)")
        ratio = median("ours") / median(best)
        verdict = "within" if ratio <= TIME_BUDGET else "OVER"
        print(f"\n  time:   ours / {best} = {ratio:.2f}x  ({verdict} the {TIME_BUDGET}x budget)")
        # on a shared machine a neighbour only ever adds time: the quickest runs are the other
        # view of the same work (the verdict stays the medians')
        quickest_ratio = min(r["seconds"] for r in results["ours"]) / min(r["seconds"] for r in results[best])
        per_run = [o["seconds"] / b["seconds"] for o, b in zip(results["ours"], results[best])]
        print(f"          quickest run of each: {quickest_ratio:.2f}x; round by round: "
              + ", ".join(f"{x:.2f}" for x in per_run))
        memory = peak("ours") / size
        verdict = "within" if memory <= MEMORY_BUDGET else "OVER"
        print(f"  memory: ours peaked at {memory:.2f}x the file's {size / 2**20:.1f} MB "
              f"({verdict} the {MEMORY_BUDGET}x budget)")
        print(f"  (loading alone, without profile and chart, costs about "
              f"{median('ours') - median(reference) + median(quickest):.2f} s of ours)")


if __name__ == "__main__":
    main()
