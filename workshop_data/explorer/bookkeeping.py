"""The data explorer's bookkeeping (atelier 3): files attached to datasets, the load choices
remembered per file, the privacy flag, insight notes (with a chart kept for the report) and the
prototypes local companies build with the data.

Loading and profiling themselves live in :mod:`workshop_data.explorer.loading`; charts in
:mod:`workshop_data.explorer.charts`. Nothing here imports textual or pandas at import time.

A ``dataset_file`` row holds the *effective* load options of a file as JSON
(``LoadOptions.to_dict()``, so loading with them again gives the same table) plus one extra key,
``"overridden"``: the names of the options the user chose by hand. When the same file (by
content, else by path) is opened again, :func:`remembered` gives both back: the options to load
it the same way, and which of them to keep if the user changes another choice. A file found only
by its path has changed since: then only the choices made by hand are worth reusing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..common.errors import ValidationError
from ..common.i18n import grouped, t, tn
from ..common.model import STATUSES, DatasetFile, Insight, Prototype
from ..common.store import Store
from .reading import reading_lines, reading_of, shown_value

EXPLORED = "explored"
OVERRIDDEN = "overridden"
# Besides the load options, a file's row keeps what the privacy scan found in it (the kinds, never
# the values) and whether attaching it set the dataset's personal-data flag: detaching the file
# then clears the flag again, unless another attached file holds personal data too.
PERSONAL = "personal"
SET_FLAG = "set_flag"


# -- files and their load options ----------------------------------------------------------------


def file_sha256(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _options_dict(options: Any) -> dict[str, Any]:
    if options is None:
        return {}
    if hasattr(options, "to_dict"):
        return options.to_dict()
    if isinstance(options, dict):
        return dict(options)
    raise TypeError(f"load options must be LoadOptions or a dict, not {type(options).__name__}")


@dataclass
class Remembered:
    """The choices stored for a file the last time it was attached."""

    options: Any  # LoadOptions
    overridden: list[str]
    dataset_id: str
    path: str
    same_content: bool  # found by sha256 (else only by path: the file may have changed)

    @property
    def overrides(self) -> dict[str, Any]:
        """The options the user chose by hand, as keyword arguments for LoadOptions."""
        values = self.options.to_dict()
        return {name: values[name] for name in self.overridden if name in values}


def remembered(store: Store, path: str | os.PathLike,
               sha256: str | None = None) -> Remembered | None:
    """The choices stored for this file: same content first (it may have been moved or renamed),
    then the same path; the newest attachment wins. ``None`` when the file is new."""
    from .loading import LoadOptions

    rows: list[tuple[bool, dict]] = []
    if sha256:
        rows += [(True, r) for r in store.query(
            "SELECT * FROM dataset_file WHERE deleted_at IS NULL AND sha256 = ? "
            "ORDER BY updated_at DESC", [sha256])]
    rows += [(False, r) for r in store.query(
        "SELECT * FROM dataset_file WHERE deleted_at IS NULL AND path = ? "
        "ORDER BY updated_at DESC", [os.path.abspath(os.fspath(path))])]
    for same, row in rows:
        try:
            stored = json.loads(row["load_options"] or "{}")
            options = LoadOptions.from_dict(stored)
        except ValueError:
            continue  # written by hand or by a newer version: detect afresh
        overridden = [n for n in stored.get(OVERRIDDEN, []) if isinstance(n, str)]
        return Remembered(options, overridden, row["dataset_id"], row["path"],
                          same or (bool(sha256) and row["sha256"] == sha256))
    return None


@dataclass
class Attached:
    file: DatasetFile
    old_status: str
    new_status: str
    flagged: bool = False  # the file's personal data newly set the dataset's flag

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status


def _stored(row: DatasetFile) -> dict[str, Any]:
    try:
        data = json.loads(row.load_options or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def attach_file(store: Store, dataset_id: str, path: str | os.PathLike, options: Any, *,
                sha256: str | None = None, overridden: Iterable[str] = (),
                hits: Iterable = ()) -> Attached:
    """Attach a loaded file to its dataset: one ``dataset_file`` row per dataset and path (the
    options and checksum are updated when it is attached again). A dataset earlier in the
    pipeline than "explored" moves to "explored"; the old status is returned for an undo.

    ``hits`` (the privacy scan of the file) are kept with the file, and personal data in it
    sets the dataset's personal-data flag: only here, when the file becomes the dataset's."""
    dataset = store.datasets.get(dataset_id)
    full = os.path.abspath(os.fspath(path))
    if sha256 is None:
        sha256 = file_sha256(full)
    stored = _options_dict(options)
    stored[OVERRIDDEN] = sorted(set(overridden))
    stored[PERSONAL] = sorted({hit.kind for hit in hits})
    with store.transaction():
        existing = store.dataset_files.list(dataset_id=dataset_id, path=full)
        flagged = bool(stored[PERSONAL]) and not dataset.personal_data
        if flagged or (existing and _stored(existing[0]).get(SET_FLAG) and stored[PERSONAL]):
            stored[SET_FLAG] = True
        text = json.dumps(stored, ensure_ascii=False, sort_keys=True)
        if existing:
            row = store.dataset_files.update(existing[0].id, load_options=text, sha256=sha256)
        else:
            row = store.dataset_files.create(dataset_id=dataset_id, path=full, load_options=text,
                                             sha256=sha256)
        new_status = dataset.status
        changes: dict[str, Any] = {"personal_data": 1} if flagged else {}
        if STATUSES.index(dataset.status) < STATUSES.index(EXPLORED):
            new_status = changes["status"] = EXPLORED
        if changes:
            store.datasets.update(dataset_id, **changes)
    return Attached(row, dataset.status, new_status, flagged)


@dataclass
class Detached:
    file: DatasetFile
    unflagged: bool  # the dataset's flag, set by this file, was cleared with it


def attached_file(store: Store, dataset_id: str, path: str | os.PathLike) -> DatasetFile | None:
    """The row of this file attached to this dataset, if it is."""
    found = store.dataset_files.list(dataset_id=dataset_id,
                                     path=os.path.abspath(os.fspath(path)))
    return found[0] if found else None


def detach_file(store: Store, file_id: str) -> Detached:
    """Take a file off its dataset (a soft delete, undone by :func:`undo_detach`). When
    attaching it set the dataset's personal-data flag and no other file of the dataset holds
    personal data, the flag goes with it; a flag set by hand stays."""
    with store.transaction():
        row = store.dataset_files.get(file_id)
        store.dataset_files.delete(file_id)
        dataset = store.datasets.get(row.dataset_id)
        others = [_stored(f).get(PERSONAL) for f in files_of(store, row.dataset_id)]
        unflagged = bool(_stored(row).get(SET_FLAG) and dataset.personal_data
                         and not any(others))
        if unflagged:
            store.datasets.update(row.dataset_id, personal_data=0)
    return Detached(row, unflagged)


def undo_detach(store: Store, detached: Detached) -> DatasetFile:
    with store.transaction():
        row = store.dataset_files.restore(detached.file.id)
        if detached.unflagged:
            store.datasets.update(row.dataset_id, personal_data=1)
    return row


def files_of(store: Store, dataset_id: str) -> list[DatasetFile]:
    """The files attached to a dataset, newest first."""
    return store.dataset_files.list(dataset_id=dataset_id, order_by="updated_at DESC")


# -- privacy ---------------------------------------------------------------------------------------


def flag_personal_data(store: Store, dataset_id: str, hits: list) -> bool:
    """A privacy hit sets the dataset's personal-data flag for review (never clears it).
    True when the flag was newly set."""
    if not hits:
        return False
    dataset = store.datasets.get(dataset_id)
    if dataset.personal_data:
        return False
    store.datasets.update(dataset_id, personal_data=1)
    return True


def scan_and_flag(store: Store, dataset_id: str | None, frame) -> tuple[list, bool]:
    """Scan a loaded table; flag the dataset when something is found. (hits, newly flagged)"""
    from .loading import scan_privacy

    hits = scan_privacy(frame)
    flagged = flag_personal_data(store, dataset_id, hits) if dataset_id else False
    return hits, flagged


def describe_hit(hit) -> str:
    """"'E-mail' : e-mail address in 3 of 117 rows" in the user's language."""
    return t("explorer.privacy_hit", column=hit.column, kind=t(f"explorer.privacy.{hit.kind}"),
             count=hit.count, rows=hit.rows_scanned)


# -- insights --------------------------------------------------------------------------------------


def _chart_json(chart: Any) -> str:
    if chart is None or chart == "":
        return ""
    from .charts import ChartSpec

    spec = chart if isinstance(chart, ChartSpec) else ChartSpec.from_dict(chart)
    return spec.to_json()


def atelier_id(store: Store, number: int = 3) -> str | None:
    """The id of atelier ``number`` of the trip (insights are written in atelier 3)."""
    found = [a for a in store.ateliers.list() if a.number == number]
    return found[0].id if found else None


def add_insight(store: Store, dataset_id: str, text: str, *, author_id: str | None = None,
                atelier_id: str | None = None, chart: Any = None) -> Insight:
    """A note on what a dataset showed; ``chart`` (a ChartSpec or its dict) is kept with it so
    the report can draw the same chart."""
    if not (text or "").strip():
        raise ValidationError("text", t("store.required"))
    store.datasets.get(dataset_id)
    return store.insights.create(dataset_id=dataset_id, text=text, author_id=author_id or None,
                                 atelier_id=atelier_id or None, chart=_chart_json(chart))


def update_insight(store: Store, insight_id: str, **changes: Any) -> Insight:
    if "text" in changes and not (changes["text"] or "").strip():
        raise ValidationError("text", t("store.required"))
    if "chart" in changes:
        changes["chart"] = _chart_json(changes["chart"])
    return store.insights.update(insight_id, **changes)


def delete_insight(store: Store, insight_id: str) -> Insight:
    return store.insights.delete(insight_id)


def restore_insight(store: Store, insight_id: str) -> Insight:
    return store.insights.restore(insight_id)


def insight_chart(insight: Insight):
    """The ChartSpec kept with an insight, or None."""
    if not insight.chart:
        return None
    from .charts import ChartSpec

    try:
        return ChartSpec.from_dict(insight.chart)
    except ValueError:
        return None


@dataclass
class InsightRow:
    insight: Insight
    author: str
    atelier: int | None
    chart: Any  # ChartSpec | None


def insights_for(store: Store, dataset_id: str) -> list[InsightRow]:
    people = {p.id: p.name for p in store.participants.list(include_deleted=True)}
    ateliers = {a.id: a.number for a in store.ateliers.list(include_deleted=True)}
    return [InsightRow(i, people.get(i.author_id, ""), ateliers.get(i.atelier_id),
                       insight_chart(i))
            for i in store.insights.list(dataset_id=dataset_id)]


# -- prototypes ------------------------------------------------------------------------------------


@dataclass
class PrototypeRow:
    prototype: Prototype
    dataset_ids: list[str] = field(default_factory=list)
    dataset_titles: list[str] = field(default_factory=list)


def prototype_dataset_ids(store: Store, prototype_id: str) -> list[str]:
    return [link.dataset_id for link in store.prototype_datasets.list(prototype_id=prototype_id)]


def list_prototypes(store: Store) -> list[PrototypeRow]:
    titles = {d.id: d.title for d in store.datasets.list()}
    rows = []
    for proto in store.prototypes.list():
        ids = [i for i in prototype_dataset_ids(store, proto.id) if i in titles]
        rows.append(PrototypeRow(proto, ids, sorted((titles[i] for i in ids), key=str.casefold)))
    return rows


def _check_link(link: str) -> None:
    link = (link or "").strip()
    if link and (" " in link or "." not in link):
        raise ValidationError("link", t("prototypes.bad_link", value=link))


def save_prototype(store: Store, prototype_id: str | None = None, *, title: str, company: str = "",
                   link: str = "", feedback: str = "",
                   dataset_ids: Iterable[str] = ()) -> Prototype:
    """Create (no id) or update a prototype and set the datasets it uses to exactly
    ``dataset_ids``; links that are dropped are soft-deleted, so nothing is lost."""
    _check_link(link)
    wanted = list(dict.fromkeys(dataset_ids))
    for dataset_id in wanted:
        store.datasets.get(dataset_id)
    values = dict(title=title, company=company, link=link, feedback=feedback)
    with store.transaction():
        if prototype_id is None:
            proto = store.prototypes.create(**values)
        else:
            proto = store.prototypes.update(prototype_id, **values)
        current = {link_.dataset_id: link_ for link_ in
                   store.prototype_datasets.list(prototype_id=proto.id, include_deleted=True)}
        for dataset_id, link_ in current.items():
            if dataset_id not in wanted and not link_.deleted:
                store.prototype_datasets.delete(link_.id)
        for dataset_id in wanted:
            link_ = current.get(dataset_id)
            if link_ is None:
                store.prototype_datasets.create(prototype_id=proto.id, dataset_id=dataset_id)
            elif link_.deleted:
                store.prototype_datasets.restore(link_.id)
    return proto


def delete_prototype(store: Store, prototype_id: str) -> Prototype:
    return store.prototypes.delete(prototype_id)


def restore_prototype(store: Store, prototype_id: str) -> Prototype:
    return store.prototypes.restore(prototype_id)


# -- datatrip inspect ------------------------------------------------------------------------------


def format_inspect(report: dict[str, Any]) -> str:
    """The text form of ``inspect_file()``: what was detected, then the profile per column
    (the values of columns holding personal data masked)."""
    from .masking import mask_report

    report = mask_report(report)
    lines = [t("inspect.heading", file=report["file"], size=grouped(report["size_bytes"]),
               format=report["format"])]
    lines += reading_lines(reading_of(report))
    profile = report["profile"]
    lines.append("")
    lines.append(t("inspect.rows_columns",
                   rows=tn("count.rows", profile["rows"], shown=shown_value(profile["rows"])),
                   columns=tn("count.columns", len(profile["columns"]))))
    heads = [t(f"explorer.col.{k}") for k in
             ("column", "type", "missing", "unique", "min", "max", "mean", "median", "top")]
    table = [heads]
    from .charts import year_like

    for col in profile["columns"]:
        plain = year_like(col["name"], col["min"], col["max"])
        top = ", ".join(f"{shown_value(v['value'], plain)} ({v['count']})" for v in col["top"][:3])
        kind = t(f"explorer.type.{col['type']}")  # in the chosen language, as the explorer says it
        table.append([col["name"], kind, str(col["missing"]), str(col["unique"]),
                      shown_value(col["min"], plain), shown_value(col["max"], plain),
                      shown_value(col["mean"]), shown_value(col["median"], plain), top])
    widths = [min(max(len(r[i]) for r in table), 40) for i in range(len(heads) - 1)]
    for row in table:
        cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths)]
        lines.append("  " + "  ".join(cells + [row[-1]]).rstrip())
    return "\n".join(lines)
