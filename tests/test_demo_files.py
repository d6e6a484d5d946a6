"""The demo's explored datasets carry real files, so the explorer is not empty in the demo."""

from __future__ import annotations

import hashlib
import json
import os
from importlib import resources

from apphelpers import make_app, screen_text, wait_for
from workshop_data.common.demo import _id

DEMO_DATA = resources.files("workshop_data.common").joinpath("demodata")


def test_every_explored_dataset_with_a_file_has_it_beside_the_trip(demo_store):
    files = demo_store.dataset_files.list()
    titles = {demo_store.datasets.get(f.dataset_id).title for f in files}
    assert titles == {"Evenementenvergunningen", "Kerncijfers wijken en buurten",
                      "Vestigingen per winkelgebied"}
    for row in files:
        assert os.path.exists(row.path)
        assert os.path.basename(os.path.dirname(row.path)) == "demo-bestanden"
        with open(row.path, "rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == row.sha256
        assert demo_store.datasets.get(row.dataset_id).status == "explored"


def test_the_demo_files_are_real_loadable_and_small():
    from workshop_data.explorer.loading import load

    names = sorted(entry.name for entry in DEMO_DATA.iterdir()
                   if entry.name.endswith((".csv", ".xlsx")))
    sizes = [DEMO_DATA.joinpath(name).stat().st_size for name in names]
    assert sum(sizes) < 300_000  # the wheel stays small
    for name in names:
        with resources.as_file(DEMO_DATA.joinpath(name)) as path:
            frame = load(path).frame
        assert len(frame) >= 20 and len(frame.columns) >= 8, name
    with resources.as_file(DEMO_DATA.joinpath(names[-1])) as path:  # the events, a slice
        assert sorted(set(load(path).frame["Jaar"])) == list(range(2011, 2017))


def test_every_insight_chart_of_the_demo_names_columns_of_its_file(demo_store):
    from workshop_data.explorer.charts import ChartSpec, chart_data
    from workshop_data.explorer.loading import load

    charted = [i for i in demo_store.insights.list() if i.chart]
    assert len(charted) == 3
    for insight in charted:
        (row,) = demo_store.dataset_files.list(dataset_id=insight.dataset_id)
        data = chart_data(load(row.path).frame, ChartSpec.from_dict(json.loads(insight.chart)))
        assert not data.empty, insight.text


async def test_choosing_an_explored_dataset_opens_its_file_by_keys(demo_db):
    from test_explorer_screen import choose_dataset, open_explorer

    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_explorer(pilot)
        await choose_dataset(pilot, screen, _id("d15"))
        await wait_for(pilot, lambda: screen.loaded is not None and not screen.reading,
                       timeout=20)
        assert "585 rows × 8 columns" in screen_text(app)
        assert screen.path.endswith("utrecht_evenementen_2011_2016_elke_8e.csv")
