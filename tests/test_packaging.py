"""The wheel carries everything the app needs: styles, catalogues, demo content.

Builds a wheel, unpacks it (a non-editable install without dependencies), and runs the demo and
the first frame from that copy alone, from a folder outside the project.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_non_editable_install_runs(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheels.glob("datatrip_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("datatrip_tui/app.tcss", "screens/common/dashboard.tcss", "screens/inventory/participants.tcss",
                   "workshop_data/common/locales/nl/LC_MESSAGES/datatrip.mo",
                   "workshop_data/common/locales/en/LC_MESSAGES/datatrip.mo",
                   "workshop_data/common/demodata/trip.json",
                   "workshop_data/common/demodata/utrecht_evenementen_2011_2016_elke_8e.csv",
                   "workshop_data/common/demodata/utrecht_cbs_kerncijfers_wijken_buurten_2024.xlsx",
                   "workshop_data/common/demodata/amsterdam_ois_vestigingen_secties_2013_2017.csv",
                   "workshop_data/ranking/room/static/room.js"):
        assert needed in names, needed
    assert not any(name.startswith("tests/") for name in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "DATATRIP_CONFIG_DIR": str(tmp_path / "cfg"),
           "DATATRIP_DATA_DIR": str(tmp_path / "data")}
    # -I would also drop the dependencies' site-packages; instead check where modules come from.
    code = f"""
import sys
sys.path.insert(0, {str(site)!r})
import screens, workshop_data, datatrip_tui
for module in (screens, workshop_data, datatrip_tui):
    assert module.__file__.startswith({str(site)!r}), module.__file__
from datatrip_tui.cli import main
code = main(["--lang", "nl", "demo", "--no-ui", "--db", "demo.db"])
assert code == 0, code
import os
assert sorted(os.listdir("demo-bestanden")) == [
    "amsterdam_ois_vestigingen_secties_2013_2017.csv",
    "utrecht_cbs_kerncijfers_wijken_buurten_2024.xlsx",
    "utrecht_evenementen_2011_2016_elke_8e.csv"]  # the demo's files, from the wheel

from datatrip_tui import app as shell
class Timed(shell.DatatripApp):
    CSS_PATH = shell.__file__.replace("app.py", "app.tcss")
    def on_ready(self):
        super().on_ready()
        self.call_later(self.exit)
    def run(self, **kwargs):
        return super().run(headless=True)
shell.DatatripApp = Timed
sys.exit(main(["--db", "demo.db"]))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=outside, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Demotrip" in result.stdout
