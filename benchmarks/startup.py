"""Time to the first frame: ``datatrip`` on the demo trip against a bare Textual app.

Both run headless in fresh interpreters, alternately, several times; the parent measures the wall
time from starting the process to the line the app prints in ``on_ready`` (its first frame). The
bare app has the same kinds of widgets as the dashboard (Header, a grid of Statics, Footer) and
no datatrip code. Budget (DESIGN.md): median ratio <= 1.2.

    python benchmarks/startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from textual.app import App
from textual.containers import Grid, Vertical
from textual.widgets import Footer, Header, Static

class Bare(App):
    CSS = "Grid { grid-size: 4; height: auto; } Static { border: round $primary; }"
    BINDINGS = [("d", "bell", "Dashboard"), ("p", "bell", "Participants")]

    def compose(self):
        yield Header()
        with Vertical():
            yield Static("Trip name")
            yield Static("Portal")
            with Grid():
                for n in range(4):
                    yield Static(f"Atelier {n}")
            yield Static("Pipeline")
            yield Static("Go to")
        yield Footer()

    def on_ready(self):
        print("ready", flush=True)
        self.exit()

Bare().run(headless=True)
"""

DATATRIP = """
import sys
from datatrip_tui import app as shell

class Timed(shell.DatatripApp):
    CSS_PATH = shell.CSS_FILES  # absolute: a -c class has no file of its own

    def on_ready(self):
        print("ready", flush=True)
        self.exit()

    def run(self, **kwargs):
        return super().run(headless=True)

shell.DatatripApp = Timed
from datatrip_tui.cli import main
main(["--db", sys.argv[1]])
"""


def time_once(code: str, *args: str, env: dict) -> float:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    if line.strip() != "ready":
        raise SystemExit("the app did not reach its first frame")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATATRIP_CONFIG_DIR": folder, "DATATRIP_DATA_DIR": folder}
        # An installed datatrip runs from byte-code (pip compiles it); with this set, every run
        # would compile datatrip's modules from source again and the warm-up could not help.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        demo = Path(folder) / "demo.db"
        subprocess.run([sys.executable, "-m", "datatrip_tui.cli", "demo", "--no-ui", "--db",
                        str(demo)], check=True, cwd=ROOT, env=env, capture_output=True)
        # one warm-up each: byte-code compiled, files in the page cache
        time_once(BARE, env=env)
        time_once(DATATRIP, str(demo), env=env)
        bare, ours = [], []
        for _ in range(runs):
            bare.append(time_once(BARE, env=env))
            ours.append(time_once(DATATRIP, str(demo), env=env))
    bare_median, our_median = statistics.median(bare), statistics.median(ours)
    print(f"bare Textual app : median {bare_median * 1000:7.1f} ms over {runs} runs")
    print(f"datatrip (demo)  : median {our_median * 1000:7.1f} ms over {runs} runs")
    print(f"ratio            : {our_median / bare_median:.2f}  (budget <= 1.2)")


if __name__ == "__main__":
    main()
