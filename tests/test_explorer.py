"""The data explorer's bookkeeping: attaching files, remembered choices, the privacy flag,
insights with their chart, prototypes with the datasets they use, and ``inspect``'s text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workshop_data.explorer import bookkeeping as explorer
from workshop_data.explorer.charts import ChartSpec
from workshop_data.common.demo import _id
from workshop_data.common.errors import ValidationError
from workshop_data.explorer.loading import LoadOptions, load

DATA = Path(__file__).parent / "data"
EINDHOVEN = DATA / "eindhoven_incijfers_buurten_2020.csv"


def test_attach_moves_an_obtained_dataset_to_explored(demo_store):
    dataset_id = _id("d13")  # Nabijheid voorzieningen per buurt: obtained
    assert demo_store.datasets.get(dataset_id).status == "obtained"
    result = load(EINDHOVEN)
    done = explorer.attach_file(demo_store, dataset_id, EINDHOVEN, result.options)
    assert (done.old_status, done.new_status) == ("obtained", "explored")
    assert demo_store.datasets.get(dataset_id).status == "explored"
    row = done.file
    assert row.path == str(EINDHOVEN.resolve())
    assert row.sha256 == explorer.file_sha256(EINDHOVEN)
    stored = json.loads(row.load_options)
    assert stored["delimiter"] == ";" and stored["decimal"] == ","
    assert LoadOptions.from_dict(stored) == result.options  # the effective options, all of them


def test_attach_never_moves_a_dataset_back(demo_store):
    dataset_id = _id("d1")  # ready to publish
    done = explorer.attach_file(demo_store, dataset_id, EINDHOVEN, load(EINDHOVEN).options)
    assert not done.status_changed
    assert demo_store.datasets.get(dataset_id).status == "ready"


def test_attaching_again_updates_the_same_row(demo_store):
    dataset_id = _id("d2")
    first = explorer.attach_file(demo_store, dataset_id, EINDHOVEN, LoadOptions(delimiter=";"))
    again = explorer.attach_file(demo_store, dataset_id, EINDHOVEN, LoadOptions(delimiter=","),
                                 overridden=["delimiter"])
    assert again.file.id == first.file.id
    assert [f.id for f in explorer.files_of(demo_store, dataset_id)] == [first.file.id]
    assert json.loads(again.file.load_options)["delimiter"] == ","


def test_choices_are_remembered_per_file_by_content_then_by_path(demo_store, tmp_path):
    copy = tmp_path / "buurten.csv"
    shutil.copy(EINDHOVEN, copy)
    assert explorer.remembered(demo_store, copy, explorer.file_sha256(copy)) is None
    chosen = load(copy, LoadOptions(decimal=".")).options  # the user overrode the decimal mark
    explorer.attach_file(demo_store, _id("d13"), copy, chosen, overridden=["decimal"])

    moved = tmp_path / "renamed.csv"
    shutil.move(copy, moved)  # same bytes elsewhere: found by checksum
    memory = explorer.remembered(demo_store, moved, explorer.file_sha256(moved))
    assert memory is not None and memory.same_content
    assert memory.options == chosen
    assert memory.overrides == {"decimal": "."}
    assert load(moved, memory.options).frame.equals(load(EINDHOVEN, chosen).frame)

    # new content at the old path (next month's export): found by path, marked as changed,
    # so that only the choices made by hand are reused
    # (not a file the demo trip attaches: its checksum would find that one)
    shutil.copy(DATA / "amsterdam_tentoonstellingen_2017.csv", copy)
    by_path = explorer.remembered(demo_store, copy, explorer.file_sha256(copy))
    assert by_path is not None and not by_path.same_content
    assert by_path.overrides == {"decimal": "."}


def test_remembered_options_that_no_longer_parse_are_ignored(demo_store):
    row = explorer.attach_file(demo_store, _id("d13"), EINDHOVEN, LoadOptions()).file
    demo_store.dataset_files.update(row.id, load_options='{"delimiter": 7}')
    assert explorer.remembered(demo_store, EINDHOVEN) is None


def test_a_privacy_hit_flags_the_dataset_for_review(demo_store):
    import pandas as pd

    dataset_id = _id("d13")
    assert demo_store.datasets.get(dataset_id).personal_data == 0
    frame = pd.DataFrame({"naam": ["A", "B", "C"],
                          "email": ["a@example.nl", "b@utrecht.nl", "geen"]})
    hits, flagged = explorer.scan_and_flag(demo_store, dataset_id, frame)
    assert flagged
    assert [(h.column, h.kind, h.count) for h in hits] == [("email", "email", 2)]
    assert demo_store.datasets.get(dataset_id).personal_data == 1
    assert explorer.describe_hit(hits[0]) == "'email': e-mail address in 2 of 3 rows"
    # a second scan does not "flag" again, and a clean table never clears the flag
    assert explorer.scan_and_flag(demo_store, dataset_id, frame)[1] is False
    clean, flagged = explorer.scan_and_flag(demo_store, dataset_id, load(EINDHOVEN).frame)
    assert clean == [] and not flagged
    assert demo_store.datasets.get(dataset_id).personal_data == 1


def test_insights_keep_their_chart_for_the_report(demo_store):
    dataset_id = _id("d12")
    before = len(explorer.insights_for(demo_store, dataset_id))
    spec = ChartSpec("bar", "Buurten")
    insight = explorer.add_insight(demo_store, dataset_id, "Zuid heeft de meeste speeltuinen",
                                   author_id=_id("p3"), atelier_id=explorer.atelier_id(demo_store),
                                   chart=spec)
    assert explorer.insight_chart(insight) == spec
    rows = explorer.insights_for(demo_store, dataset_id)
    assert len(rows) == before + 1
    mine = [r for r in rows if r.insight.id == insight.id][0]
    assert mine.atelier == 3 and mine.author and mine.chart == spec

    explorer.update_insight(demo_store, insight.id, chart=None, text="Zuid: meeste speeltuinen")
    changed = demo_store.insights.get(insight.id)
    assert changed.chart == "" and explorer.insight_chart(changed) is None
    explorer.delete_insight(demo_store, insight.id)
    assert len(explorer.insights_for(demo_store, dataset_id)) == before
    explorer.restore_insight(demo_store, insight.id)
    assert len(explorer.insights_for(demo_store, dataset_id)) == before + 1


def test_an_insight_needs_text(demo_store):
    with pytest.raises(ValidationError) as error:
        explorer.add_insight(demo_store, _id("d12"), "   ")
    assert error.value.field == "text"


def test_prototypes_with_the_datasets_they_use(demo_store):
    before = len(explorer.list_prototypes(demo_store))
    proto = explorer.save_prototype(demo_store, title="Speelkaart", company="Kaartbureau",
                                    link="https://speelkaart.example", feedback="",
                                    dataset_ids=[_id("d8"), _id("d12")])
    rows = {r.prototype.id: r for r in explorer.list_prototypes(demo_store)}
    assert len(rows) == before + 1
    assert set(rows[proto.id].dataset_ids) == {_id("d8"), _id("d12")}
    assert rows[proto.id].dataset_titles == ["Kerncijfers wijken en buurten",
                                             "Speelplekken en speeltoestellen"]

    # drop one, add one, then bring the first back: links are soft-deleted and restored
    explorer.save_prototype(demo_store, proto.id, title="Speelkaart", company="Kaartbureau",
                            dataset_ids=[_id("d12"), _id("d10")])
    assert set(explorer.prototype_dataset_ids(demo_store, proto.id)) == {_id("d12"), _id("d10")}
    explorer.save_prototype(demo_store, proto.id, title="Speelkaart 2", dataset_ids=[_id("d8")])
    assert explorer.prototype_dataset_ids(demo_store, proto.id) == [_id("d8")]
    links = demo_store.prototype_datasets.list(prototype_id=proto.id, include_deleted=True)
    assert len(links) == 3  # nothing was thrown away

    explorer.delete_prototype(demo_store, proto.id)
    assert len(explorer.list_prototypes(demo_store)) == before
    explorer.restore_prototype(demo_store, proto.id)
    assert demo_store.prototypes.get(proto.id).title == "Speelkaart 2"


def test_a_prototype_needs_a_title_and_a_sensible_link(demo_store):
    with pytest.raises(ValidationError) as error:
        explorer.save_prototype(demo_store, title="", company="X")
    assert error.value.field == "title"
    with pytest.raises(ValidationError) as error:
        explorer.save_prototype(demo_store, title="Y", link="niet een link")
    assert error.value.field == "link"


def test_inspect_text_shows_detection_and_profile():
    from workshop_data.explorer.loading import inspect_file

    report = inspect_file(DATA / "cbs_statline_bevolking_kerncijfers_2017_cp1252.csv")
    text = explorer.format_inspect(report)
    assert "encoding       cp1252" in text
    assert "delimiter      ';'" in text
    assert "header         line 2, 4 rows" in text
    assert "line 13: footer" in text
    assert "7 rows, 6 columns" in text
    assert "Onderwerpen Perioden  integer" in text and "1950" in text
