"""Searching the offline portal catalogue while a title is typed.

Fills a temporary trip with 5,000 packages of Dutch-looking titles and descriptions, then times
the search the task inventory runs on every keystroke (``catalogue.search``: FTS5 prefix match,
bm25 ranking) over a few hundred partial and whole queries. In the same run it times the naive
alternative, a ``LIKE '%word%'`` scan of the same table, as the baseline.
Budget (issue 3): <= 20 ms a query.

    python benchmarks/catalogue_search.py [--packages 5000] [--queries 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop_data.inventory import catalogue  # noqa: E402
from workshop_data.common.setup import create_trip  # noqa: E402
from workshop_data.common.store import open_store  # noqa: E402

SUBJECTS = ("bomen fietsenstallingen parkeergarages afvalcontainers speelplaatsen wijken buurten "
            "evenementen vergunningen meldingen luchtkwaliteit geluid verkeersongevallen "
            "energielabels zonnepanelen woningen leegstand subsidies scholen huisartsen "
            "bibliotheken sportvelden laadpalen riolering begraafplaatsen monumenten").split()
KINDS = "register overzicht kaart locaties tellingen metingen bezetting kerncijfers".split()
FILLER = ("de het een van voor gegevens bestand jaarlijks per gemeente bron actueel open data "
          "verzameld beheerd door afdeling bijgewerkt dagelijks maandelijks").split()
PLACES = "Utrecht Amersfoort Zeist Nieuwegein Houten Overvecht Zuilen Leidsche Rijn".split()


def fake_packages(n: int, rng: random.Random) -> list[dict]:
    packages = []
    for i in range(n):
        title = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(KINDS)} {rng.choice(PLACES)} {2010 + i % 15}"
        notes = " ".join(rng.choice(SUBJECTS + KINDS + FILLER) for _ in range(30))
        packages.append({"id": f"pkg-{i}", "name": f"pakket-{i}", "title": title, "notes": notes,
                         "tags": [{"name": rng.choice(SUBJECTS)}],
                         "organization": {"title": f"Gemeente {rng.choice(PLACES)}"}})
    return packages


def queries(n: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        words = [rng.choice(SUBJECTS), rng.choice(KINDS)]
        typed = " ".join(words)
        out.append(typed[: rng.randint(3, len(typed))])  # a title half typed
    return out


def like_scan(store, text: str, limit: int = 5):
    """Without the index: every word somewhere, title hits first (so every row is looked at)."""
    clauses, params, title_hits = [], [], []
    for word in text.split():
        clauses.append("(title LIKE ? OR notes LIKE ? OR tags LIKE ?)")
        params += [f"%{word}%"] * 3
        title_hits.append(f"%{word}%")
    order = " + ".join("(title LIKE ?)" for _ in title_hits)
    sql = (f"SELECT id, title FROM catalogue WHERE {' AND '.join(clauses)} "
           f"ORDER BY {order} DESC LIMIT ?")
    return store.query(sql, params + title_hits + [limit])


def timed(function, store, texts) -> list[float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        function(store, text)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        create_trip(store, name="Benchmark")
        catalogue.replace_all(store, fake_packages(args.packages, rng))
        texts = queries(args.queries, rng)
        timed(catalogue.search, store, texts[:20])  # warm the page cache
        ours = timed(catalogue.search, store, texts)
        base = timed(like_scan, store, texts)
        store.close()

    def ms(values, q):
        return statistics.quantiles(values, n=100)[q - 1] * 1000 if q < 100 else max(values) * 1000

    print(f"{args.packages} packages, {args.queries} queries")
    print(f"FTS5 search    : median {statistics.median(ours) * 1000:6.2f} ms, "
          f"p95 {ms(ours, 95):6.2f} ms, max {max(ours) * 1000:6.2f} ms")
    print(f"LIKE scan      : median {statistics.median(base) * 1000:6.2f} ms, "
          f"p95 {ms(base, 95):6.2f} ms")
    print(f"ratio FTS/LIKE : {statistics.median(ours) / statistics.median(base):.2f}  "
          "(the indexed search against a ranked scan without the index)")
    verdict = "within" if ms(ours, 95) <= 20 else "OVER"
    print(f"budget         : p95 {ms(ours, 95):.2f} ms {verdict} the 20 ms budget")


if __name__ == "__main__":
    main()
