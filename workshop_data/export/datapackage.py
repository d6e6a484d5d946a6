"""A Frictionless Tabular Data Package: ``datapackage.json`` and one CSV per table in ``data/``.

Written by hand to the Data Package v1 specification (https://specs.frictionlessdata.io/): the
descriptor needs only ``json``, and the ``frictionless`` library (large, with many dependencies)
would add nothing an export needs; the tests validate the package with it (schema, types,
primary and foreign keys).

* ``licenses``: the trip's licence (CC0 unless chosen otherwise), by its URI and title.
* Links between rows are ids with ``foreignKeys``: the lists of datasets of tasks, stakeholders
  and prototypes are the link resources ``task_datasets``, ``stakeholder_datasets`` and
  ``prototype_datasets`` (the titles joined by "; " are only in the exports for people).

* ``profile: tabular-data-package``; every resource ``tabular-data-resource`` with ``name``,
  ``path``, ``format``, ``mediatype``, ``encoding``, ``dialect`` and a Table ``schema``.
* Fields carry a Table Schema ``type`` (string, integer, number, boolean, date, datetime), the
  human ``title`` in the export's language, ``primaryKey`` and ``foreignKeys`` between resources.
* The CSVs are for software: UTF-8 without BOM, comma separated, CRLF, dot decimals, ``true`` /
  ``false``, dates ``YYYY-MM-DD``, times ``YYYY-MM-DDThh:mm:ssZ`` in UTC, missing values empty.
  Codes stay codes (``ready``, ``manage_closely``), headers are the machine names.
"""

from __future__ import annotations

import csv
import json
import math
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

from ..common.i18n import language, t
from .tables import Table, TripExport

DESCRIPTOR = "datapackage.json"
DATA = "data"
DIALECT = {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "quoteChar": '"',
           "header": True}
# (table, field) -> (table, field) it refers to; written when both ends are in the package.
FOREIGN_KEYS = {
    ("tasks", "participant_id"): ("participants", "id"),
    ("ranking", "dataset_id"): ("datasets", "id"),
    ("votes", "dataset_id"): ("datasets", "id"),
    ("invitations", "stakeholder_id"): ("stakeholders", "id"),
    ("insights", "dataset_id"): ("datasets", "id"),
    ("publications", "dataset_id"): ("datasets", "id"),
    ("task_datasets", "task_id"): ("tasks", "id"),
    ("task_datasets", "dataset_id"): ("datasets", "id"),
    ("stakeholder_datasets", "stakeholder_id"): ("stakeholders", "id"),
    ("stakeholder_datasets", "dataset_id"): ("datasets", "id"),
    ("prototype_datasets", "prototype_id"): ("prototypes", "id"),
    ("prototype_datasets", "dataset_id"): ("datasets", "id"),
}
PRIMARY_KEYS: dict[str, str | list[str]] = {
    "ateliers": "number",
    "task_datasets": ["task_id", "dataset_id"],
    "stakeholder_datasets": ["stakeholder_id", "dataset_id"],
    "prototype_datasets": ["prototype_id", "dataset_id"],
}
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"


def file_names() -> list[str]:
    return [DESCRIPTOR, DATA]


def machine_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, datetime):
        stamp = value.astimezone(timezone.utc) if value.tzinfo else value
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def package_name(text: str) -> str:
    from .ckanload import slug

    return slug(text) or "datatrip"


def machine_table(table: Table) -> Table:
    """The table without the columns that are only for people (lists of titles)."""
    return table.without({c.name for c in table.columns if c.people})


def resources(data: TripExport) -> list[Table]:
    return [machine_table(table) for table in data.tables + data.links]


def licence(uri: str) -> dict[str, str]:
    """A Data Package ``licenses`` entry for a licence URI of the Dutch value list."""
    from ..portal import vocab

    uri = uri or CC0
    entry = next((e for e in vocab.entries("licence") if e["uri"] == uri), None)
    spec = {"path": uri, "title": vocab.label("licence", uri, language()) if entry else uri}
    if entry and entry.get("ckan") and entry["ckan"] != "notspecified":
        spec["name"] = entry["ckan"]
    return spec


def _schema(table: Table, names: set[str]) -> dict[str, Any]:
    fields = []
    for column in table.columns:
        spec: dict[str, Any] = {"name": column.name, "type": column.type,
                                "title": column.label_text()}
        if column.codes:
            spec["description"] = t("export.codes_note")
        fields.append(spec)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    columns = {c.name for c in table.columns}
    key = PRIMARY_KEYS.get(table.name, "id")
    if set([key] if isinstance(key, str) else key) <= columns:
        schema["primaryKey"] = key
    foreign = [{"fields": field, "reference": {"resource": target, "fields": target_field}}
               for (source, field), (target, target_field) in FOREIGN_KEYS.items()
               if source == table.name and field in columns and target in names]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def descriptor(data: TripExport) -> dict[str, Any]:
    tables = resources(data)
    names = {table.name for table in tables}
    trip = data.trip
    title = t("export.report_title", trip=trip.get("name", ""))
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": package_name(trip.get("name", "")) + ("-public" if data.public else ""),
        "title": title,
        "description": t("export.readme.public") if data.public else t("export.readme.private"),
        "created": machine_text(data.exported_at),
        "language": language(),
        "keywords": ["datatrip", "open data"],
        "licenses": [licence(trip.get("licence") or CC0)],
    }
    if trip.get("organisation"):
        package["contributors"] = [{"title": trip["organisation"], "role": "publisher"}]
    package["resources"] = [{
        "name": table.name,
        "path": f"{DATA}/{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": t(table.title),
        "description": t(table.description),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": _schema(table, names),
    } for table in tables]
    return package


def write_datapackage(data: TripExport, folder: Path,
                      step: Callable[[str], None] | None = None) -> None:
    (folder / DATA).mkdir()
    for table in resources(data):
        with open(folder / DATA / f"{table.name}.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([c.name for c in table.columns])
            for row in table.rows:
                writer.writerow([machine_text(v) for v in row])
        if step:
            step(table.name)
    (folder / DESCRIPTOR).write_text(
        json.dumps(descriptor(data), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
