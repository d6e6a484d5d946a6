"""Each benchmark measures a variant in a fresh interpreter (no warm caches, its own peak
memory) and reads the figures back from the last line of its output, as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run_variant(script: str, variant: str, path: str, *extra: str, cwd: str) -> dict | None:
    # An installed datatrip runs from byte-code (pip compiles it, as it did pandas'); with
    # PYTHONDONTWRITEBYTECODE set, every run would compile the modules a load imports from
    # source again, inside the timed part (the warm-up round writes the byte-code)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, script, "--variant", variant, "--file", path, *extra],
                          capture_output=True, text=True, cwd=cwd, env=env)
    if done.returncode != 0:
        print(f"  {variant}: failed\n{done.stderr.strip()[-800:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])
