"""Benchmark: loading a 1,000,000-row Dutch-style CSV.

Generates (once per run, into a temporary folder) a CSV as Dutch systems
export it: ";" between fields, decimal comma, a dd-mm-yyyy date column, a
municipality code with leading zeros ("0344"), text. Then it times, as the
median of a few runs:

1. ours: ``workshop_data.explorer.loading.load`` + ``profile`` - everything the data
   explorer needs before it can draw the first chart (detection, typing,
   and per column: counts, ranges, median, top values);
2. pandas with the right arguments given by hand (sep, decimal, date
   format, code column as text): engine="pyarrow" when pyarrow is
   installed and accepts those arguments, and always the C engine; the
   fastest of those is the baseline;
3. VisiData, when installed, opening the same file (Python API, rows fully
   loaded).

Budget: ours <= 1.5x the baseline, and faster than VisiData.

Benchmark-only packages (not project dependencies), installed with pip
into the same venv when available:  pip install pyarrow visidata

Run:  python benchmarks/load_csv.py [--rows N] [--runs K]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

BUDGET = 1.5
GEMEENTEN = [("0344", "Utrecht"), ("0363", "Amsterdam"), ("0599", "Rotterdam"), ("0518", "'s-Gravenhage"),
             ("0772", "Eindhoven"), ("0014", "Groningen"), ("0034", "Almere"), ("0307", "Amersfoort"),
             ("0202", "Arnhem"), ("0268", "Nijmegen"), ("0080", "Leeuwarden"), ("0935", "Maastricht")]
CATEGORIES = ["parkeren", "afval", "openbare ruimte", "evenementen", "subsidie", "bouwvergunning"]


def generate(path: str, rows: int, seed: int = 3) -> None:
    """Write the test file with numpy for speed (about 60 MB for 1M rows)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    days = rng.integers(0, 365 * 8, rows)
    base = np.datetime64("2016-01-01")
    dates = (base + days).astype("datetime64[D]").astype(str)  # yyyy-mm-dd
    dmy = np.char.add(np.char.add(np.char.add(np.char.add(
        np.char.ljust(np.char.rpartition(dates, "-")[:, 2], 2), "-"),
        np.char.partition(np.char.partition(dates, "-")[:, 2], "-")[:, 0]), "-"),
        np.char.partition(dates, "-")[:, 0])
    g = rng.integers(0, len(GEMEENTEN), rows)
    codes = np.array([c for c, _ in GEMEENTEN])[g]
    names = np.array([n for _, n in GEMEENTEN])[g]
    cats = np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), rows)]
    counts = rng.integers(0, 500, rows)
    cents = rng.integers(0, 10_000_000, rows)
    amounts = np.char.add(np.char.add((cents // 100).astype(str), ","),
                          np.char.zfill((cents % 100).astype(str), 2))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("Datum;Gemeentecode;Gemeente;Categorie;Aantal;Bedrag\r\n")
        chunk = 100_000
        for start in range(0, rows, chunk):
            stop = min(rows, start + chunk)
            lines = [";".join(t) for t in zip(dmy[start:stop], codes[start:stop], names[start:stop],
                                              cats[start:stop], counts[start:stop].astype(str),
                                              amounts[start:stop])]
            fh.write("\r\n".join(lines) + "\r\n")


def interleaved(candidates: dict, runs: int) -> dict[str, float]:
    """Median seconds per candidate. Each round runs every candidate once,
    so a busy neighbour on a shared machine slows them all alike."""
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(runs):
        for name, fn in candidates.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def ours(path: str):
    from workshop_data.explorer.loading import load, profile

    result = load(path)
    # the profile is the first chart data: ranges, medians and the top
    # values per column are what the explorer draws first
    table = profile(result.frame)
    return result, table


def pandas_reader(path: str, engine: str):
    import pandas as pd

    return pd.read_csv(path, sep=";", decimal=",", dtype={"Gemeentecode": "str"}, parse_dates=["Datum"],
                       date_format="%d-%m-%Y", engine=engine)


VISIDATA_CHILD = """
import statistics, sys, time
import visidata
vd = visidata.vd
times = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    sheet = vd.openSource(visidata.Path(sys.argv[1]), filetype="csv")
    sheet.options.csv_delimiter = ";"
    vd.sync(sheet.ensureLoaded())
    times.append(time.perf_counter() - t0)
    rows = len(sheet.rows)
    del sheet
print(rows, statistics.median(times), visidata.__version__)
"""


def visidata_load(path: str, runs: int) -> tuple[int, float, str] | None:
    """(rows, median seconds, version) from a separate process: VisiData
    keeps its sheets, and a million Python row objects would slow every
    later measurement in this process through the garbage collector."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", VISIDATA_CHILD, path, str(runs)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return None
    rows, seconds, version = done.stdout.split()
    return int(rows), float(seconds), version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dutch_1m.csv")
        t0 = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {args.rows:,} rows, {os.path.getsize(path) / 2**20:.1f} MB "
              f"in {time.perf_counter() - t0:.1f} s")

        import pandas as pd  # import cost not timed for anyone

        from workshop_data.explorer.loading import load

        result, _ = ours(path)  # warm-up (imports, file cache) and checks
        frame = result.frame
        assert len(frame) == args.rows, len(frame)
        assert str(frame["Datum"].dtype).startswith("datetime64"), frame.dtypes
        assert frame["Gemeentecode"].iloc[0].startswith("0"), frame["Gemeentecode"].iloc[0]
        assert frame["Bedrag"].dtype.kind == "f", frame.dtypes
        print(f"pandas {pd.__version__}; our column kinds: {result.column_kinds}")

        candidates = {"ours": lambda: ours(path), "ours_load": lambda: load(path)}
        for engine in ("pyarrow", "c"):
            try:
                check = pandas_reader(path, engine)
            except ImportError:
                print(f"pandas engine={engine!r}: not installed")
                continue
            except ValueError as exc:
                print(f"pandas engine={engine!r}: cannot take these arguments ({exc})")
                continue
            ok = (check["Bedrag"].dtype.kind == "f" and str(check["Datum"].dtype).startswith("datetime64")
                  and check["Gemeentecode"].iloc[0].startswith("0"))
            if not ok:
                print(f"pandas engine={engine!r}: wrong result ({dict(check.dtypes)}); not a baseline")
                continue
            candidates[engine] = lambda e=engine: pandas_reader(path, e)
        medians = interleaved(candidates, args.runs)
        print(f"\nmedian of {args.runs} interleaved runs:")
        print(f"  ours: load + profile               {medians['ours']:7.3f} s   "
              f"(load alone {medians['ours_load']:.3f} s)")
        baselines = {k: v for k, v in medians.items() if k in ("pyarrow", "c")}
        for engine, t in baselines.items():
            print(f"  pandas read_csv engine={engine!r:10}  {t:7.3f} s")
        best = min(baselines, key=baselines.get)
        ratio = medians["ours"] / baselines[best]
        verdict = "within" if ratio <= BUDGET else "OVER"
        print(f"  ratio ours / pandas({best}) = {ratio:.2f}x  ({verdict} the {BUDGET}x budget)")
        vd = visidata_load(path, max(1, min(3, args.runs)))
        if vd is None:
            print("  visidata: not installed (pip install visidata)")
        else:
            rows, t_vd, version = vd
            assert rows == args.rows, rows
            faster = "faster" if medians["ours"] < t_vd else "SLOWER"
            print(f"  visidata {version} load           {t_vd:7.3f} s   "
                  f"(ours is {t_vd / medians['ours']:.1f}x {faster})")


if __name__ == "__main__":
    main()
