"""Each benchmark measures a variant in a fresh interpreter (no warm caches, its own peak
memory) and reads the figures back from the last line of its output, as JSON."""

from __future__ import annotations

import json
import subprocess
import sys


def run_variant(script: str, variant: str, path: str, *extra: str, cwd: str) -> dict | None:
    done = subprocess.run([sys.executable, script, "--variant", variant, "--file", path, *extra],
                          capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        print(f"  {variant}: failed\n{done.stderr.strip()[-800:]}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])
