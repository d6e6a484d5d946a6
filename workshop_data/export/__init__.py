"""Exports of a trip for after the ateliers: Excel, CSV, a report, a Data Package, a CKAN load file.

    from . import export
    export(store, "trip.xlsx")                                  # format from the suffix
    export(store, "out", formats=["xlsx", "md", "ckan"], public=True)   # several: into a folder

=============  ==============================  ===============================================
format         target                          module
=============  ==============================  ===============================================
xlsx           ``.xlsx`` file                  :mod:`.excel`: a sheet per table
csv            folder (a path without suffix)  :mod:`.csvdir`: CSV per table, for Dutch Excel
md, html       ``.md`` / ``.html`` file        :mod:`.report`: what each atelier produced
datapackage    folder                          :mod:`.datapackage`: Frictionless Data Package
ckan           ``.jsonl`` file                 :mod:`.ckanload`: ``ckanapi load datasets``
=============  ==============================  ===============================================

What is in the tables, and what a public export (``public=True``) leaves out, is decided in one
place: :mod:`.tables`. Every output is written to a temporary file or folder beside the target and
renamed into place when complete (:mod:`.atomic`): a failed export leaves nothing half-written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from ..common.errors import DatatripError
from ..common.i18n import t
from ..common.store import Store
from .atomic import atomic_file, atomic_folder, check_parent
from .tables import TABLE_NAMES, TripExport, build_tables

FORMATS = ("xlsx", "csv", "md", "html", "datapackage", "ckan")
FOLDER_FORMATS = ("csv", "datapackage")
SUFFIXES = {".xlsx": "xlsx", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".jsonl": "ckan"}
# The name of each output when several formats go into one folder: {stem} is the trip's slug.
NAMES = {"xlsx": "{stem}.xlsx", "csv": "{stem}-csv", "md": "{stem}.md", "html": "{stem}.html",
         "datapackage": "{stem}-datapackage", "ckan": "{stem}-ckan.jsonl"}

Progress = Callable[[int, int, str], None]

__all__ = ["FORMATS", "export", "infer_format", "outputs_for", "suggested_target", "stem_for",
           "build_tables", "TripExport"]


def infer_format(target: str | os.PathLike) -> str:
    """The format a target path asks for: by suffix, and a folder (no suffix) is CSV."""
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if path.is_dir() or not suffix:
        return "csv"
    raise DatatripError(t("export.unknown_suffix", path=path, suffix=suffix,
                          suffixes=", ".join(SUFFIXES)))


def outputs_for(target: str | os.PathLike, formats: Iterable[str], stem: str) -> dict[str, Path]:
    """Where each format goes: ``target`` itself for one format, files in it for several."""
    target = Path(target)
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise DatatripError(t("export.unknown_format", format=fmt, formats=", ".join(FORMATS)))
    if not formats:
        raise DatatripError(t("export.no_format"))
    if len(formats) == 1:
        return {formats[0]: target}
    return {fmt: target / NAMES[fmt].format(stem=stem) for fmt in formats}


def _check(fmt: str, path: Path) -> None:
    check_parent(path)
    if fmt in FOLDER_FORMATS:
        if path.exists() and not path.is_dir():
            raise DatatripError(t("export.target_is_file", path=path))
    elif path.is_dir():
        raise DatatripError(t("export.target_is_folder", path=path))


def stem_for(store: Store, public: bool) -> str:
    """The start of every output's name: the trip's slug, ``-public`` for a public export."""
    from .ckanload import slug

    trip = store.trip()
    stem = (slug(trip.name, 60) if trip else "") or "datatrip"
    return stem + "-public" if public else stem


def suggested_target(store: Store, formats: Iterable[str], public: bool) -> Path:
    """A target beside the trip file: the output itself for one format, a folder for several."""
    formats = [f for f in FORMATS if f in set(formats)]
    folder = Path(store.path).resolve().parent
    stem = stem_for(store, public)
    if len(formats) == 1:
        return folder / NAMES[formats[0]].format(stem=stem)
    return folder / f"{stem}-export"


class _Steps:
    def __init__(self, callback: Progress | None, total: int):
        self.callback, self.total, self.done = callback, total, 0

    def __call__(self, what: str) -> None:
        self.done = min(self.total, self.done + 1)
        if self.callback:
            self.callback(self.done, self.total, what)

    def reach(self, done: int, what: str) -> None:
        while self.done < min(done, self.total):
            self(what)


def export(store: Store, target: str | os.PathLike, *, formats: Iterable[str] | None = None,
           public: bool = False, progress: Progress | None = None) -> list[Path]:
    """Write the trip to ``target`` in ``formats`` (default: inferred from ``target``).

    With one format ``target`` is the file or folder to write; with several it is a folder
    (created when its parent exists) that receives one output per format. ``public`` leaves out
    everything private (see :mod:`.tables`). ``progress(done, total, what)`` is called as the
    work advances, from the calling thread. Returns the paths written. Raises
    :class:`DatatripError` with one line for a target that cannot be written; nothing is left
    half-written.
    """
    target = Path(target)
    formats = list(formats) if formats else [infer_format(target)]
    stem = stem_for(store, public)
    outputs = outputs_for(target, formats, stem)
    made_folder = False
    if len(outputs) > 1:
        check_parent(target)
        if target.exists() and not target.is_dir():
            raise DatatripError(t("export.target_is_file", path=target))
    for fmt, path in outputs.items():
        if len(outputs) == 1:
            _check(fmt, path)
    n_tables = len(TABLE_NAMES) - (1 if public else 0)
    units = {"xlsx": n_tables, "csv": n_tables, "datapackage": n_tables}
    steps = _Steps(progress, n_tables + sum(units.get(fmt, 1) for fmt in outputs))
    data = build_tables(store, public=public, progress=lambda done, total, what: steps(what))
    if {"md", "html"} & set(outputs):  # the report draws the charts the insights kept
        from .report_insights import insight_charts

        data.insight_charts = insight_charts(store, data)
    if len(outputs) > 1 and not target.exists():
        try:
            target.mkdir()
        except OSError as error:
            raise DatatripError(t("export.cannot_write", path=target,
                                  reason=error.strerror or error)) from None
        made_folder = True
    written: list[Path] = []
    try:
        for fmt, path in outputs.items():
            start = steps.done
            _write(fmt, data, path, lambda what, fmt=fmt: steps(f"{fmt}: {what}"))
            steps.reach(start + units.get(fmt, 1), fmt)
            written.append(path)
    except BaseException:
        if made_folder and not written:
            try:
                target.rmdir()
            except OSError:
                pass
        raise
    return written


def _write(fmt: str, data: TripExport, path: Path, step: Callable[[str], None]) -> None:
    if fmt == "xlsx":
        from .excel import write_xlsx

        with atomic_file(path) as temporary:
            write_xlsx(data, temporary, step)
    elif fmt == "csv":
        from .csvdir import file_names, write_csv_folder

        with atomic_folder(path, file_names(data)) as temporary:
            write_csv_folder(data, temporary, step)
    elif fmt in ("md", "html"):
        from .report import html_report, markdown_report

        text = markdown_report(data) if fmt == "md" else html_report(data)
        with atomic_file(path) as temporary:
            temporary.write_text(text, encoding="utf-8")
    elif fmt == "datapackage":
        from .datapackage import file_names, write_datapackage

        with atomic_folder(path, file_names()) as temporary:
            write_datapackage(data, temporary, step)
    elif fmt == "ckan":
        from .ckanload import write_ckan

        with atomic_file(path) as temporary:
            write_ckan(data, temporary, step)
