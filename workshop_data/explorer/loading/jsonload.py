"""JSON and GeoJSON files as tables.

- JSON: an array of records (objects), or an object holding such an array
  (``{"value": [...]}`` as CBS OData returns, ``{"data": [...]}``, ...).
  Nested objects are flattened to "parent.child" columns; lists become JSON
  text.
- GeoJSON: a FeatureCollection; each feature's properties become a row and
  the geometry type ("Polygon", "Point", ...) a column named "geometry".

Strings inside the records go through the same typing as CSV cells
(decimal comma, missing markers, dates, codes with leading zeros).
"""

from __future__ import annotations

import json
import os

from ...common.i18n import grouped, t
from .convert import Rules, convert_frame
from .errors import LoadError
from .formats import detect_formats, resolve
from .options import Detection, LoadOptions
from .table import unique_names
from .textio import check_binary, decode, detect_encoding

GEOMETRY_COLUMN = "geometry"
SAMPLE = 5000  # values per column that decide how values are written


def _parse(path, raw: bytes, opts: LoadOptions, reasons: dict):
    if opts.encoding is None:
        encoding, reasons["encoding"] = detect_encoding(raw)
        if not encoding.startswith("utf-16"):  # UTF-16 is full of NUL bytes
            check_binary(raw, path)
    else:
        encoding = opts.encoding
        reasons["encoding"] = "given"
    text = decode(raw, encoding, path)
    if not text.strip():
        raise LoadError(t("loader.error.json_empty"), path=path)
    try:
        return json.loads(text), encoding
    except json.JSONDecodeError as exc:
        offset = len(text[: exc.pos].encode(encoding if encoding != "utf-8-sig" else "utf-8", "replace"))
        raise LoadError(t("loader.error.json_invalid", error=exc.msg, column=exc.colno),
                        path=path, line=exc.lineno, offset=offset) from None
    except RecursionError:
        raise LoadError(t("loader.error.json_deep"), path=path) from None
    except ValueError:  # an integer past Python's limit on digits (int_max_str_digits)
        import re
        import sys

        limit = sys.get_int_max_str_digits()
        found = re.search(r"\d{%d,}" % (limit + 1), text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        raise LoadError(t("loader.error.json_digits", limit=grouped(limit)),
                        path=path, line=line) from None


def _records(path, doc) -> tuple[list, str, str]:
    """(records, "json" or "geojson", how they were found)."""
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise LoadError(t("loader.error.no_features"), path=path)
        return features, "geojson", t("loading.json.features", count=len(features))
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return [doc], "geojson", t("loader.json.single_feature")
    if isinstance(doc, list):
        return doc, "json", t("loading.json.array", count=len(doc))
    if isinstance(doc, dict):
        lists = {k: v for k, v in doc.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)}
        if not lists:
            if all(not isinstance(v, (list, dict)) for v in doc.values()):
                return [doc], "json", "a single JSON object (one row)"
            raise LoadError(t("loader.error.json_no_records", keys=", ".join(list(doc)[:10])), path=path)
        key = max(lists, key=lambda k: len(lists[k]))
        how = t("loading.json.inside", key=repr(key), count=len(lists[key]))
        if len(lists) > 1:
            how += "; other arrays: " + ", ".join(repr(k) for k in lists if k != key)
        return lists[key], "json", how
    raise LoadError(t("loader.error.json_value"), path=path)


def _rows(path, records: list, kind: str) -> list[dict]:
    rows = []
    for i, rec in enumerate(records):
        if kind == "geojson":
            if not isinstance(rec, dict):
                raise LoadError(t("loader.error.feature", number=i + 1), path=path)
            props = rec.get("properties") or {}
            row = {}
            if "id" in rec and "id" not in props:
                row["id"] = rec["id"]
            row.update(props if isinstance(props, dict) else {"properties": props})
            geometry = rec.get("geometry")
            row[GEOMETRY_COLUMN] = geometry.get("type") if isinstance(geometry, dict) else None
            rows.append(row)
        elif isinstance(rec, dict):
            rows.append(rec)
        elif isinstance(rec, list):
            rows.append({t("loading.column_n", n=j + 1): v for j, v in enumerate(rec)})
        else:
            rows.append({t("loading.value_column"): rec})
    return rows


def _flatten(row: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(_flatten(value, name + "."))
        elif isinstance(value, (list, dict)):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def _columns(path, records: list, kind: str, notes: list) -> tuple[dict[str, list], int]:
    """(name -> values, number of rows): flattened records, keys in the order
    they first appear, the GeoJSON geometry type last."""
    flat = [_flatten(r) for r in _rows(path, records, kind)]
    order: dict[str, None] = {}
    for r in flat:
        for key in r:
            order.setdefault(key, None)
    if kind == "geojson" and GEOMETRY_COLUMN in order:
        order.pop(GEOMETRY_COLUMN)
        order[GEOMETRY_COLUMN] = None  # last, after the properties
    raw_names = list(order)
    names, dup_notes = unique_names([str(n).strip() for n in raw_names])
    notes += dup_notes
    return {name: [r.get(key) for r in flat] for name, key in zip(names, raw_names)}, len(flat)


def load_json(path, raw: bytes, opts: LoadOptions):
    """(Detection, frame, kinds, warnings). Values are typed as CSV cells
    are (formats.py, convert.py), except that a string stays a string
    unless every value of its column reads back the same as a number."""
    import pandas as pd

    reasons: dict[str, str] = {}
    notes: list[str] = []
    doc, encoding = _parse(path, raw, opts, reasons)
    records, kind, how = _records(path, doc)
    if opts.format is not None and opts.format != kind:
        notes.append(t("loading.json.asked", asked=opts.format, kind=kind))
    reasons["format"] = how
    columns, count = _columns(path, records, kind, notes)
    sample = {n: col[:SAMPLE] for n, col in columns.items()}
    formats = detect_formats(sample, opts, reasons, notes, default_decimal=".")
    resolved = resolve(kind, opts, formats, reasons, encoding=encoding)
    detection = Detection(path=os.fspath(path), format=kind, options=resolved, reasons=reasons,
                          notes=notes, columns=list(columns), size_bytes=len(raw))
    limit = opts.max_rows
    frame = pd.DataFrame({n: pd.Series(col[:limit] if limit is not None else col, dtype=object)
                          for n, col in columns.items()})
    if not columns:
        frame = pd.DataFrame(index=range(count if limit is None else min(limit, count)))
    rules = Rules(decimal=formats.decimal, thousands=formats.thousands, na_values=formats.na_values,
                  date_format=formats.date_format, text_columns=opts.text_columns,
                  tolerance=resolved.numeric_tolerance, number_columns=resolved.number_columns,
                  exact_text=True)
    frame, kinds, warns = convert_frame(frame, rules)
    return detection, frame, kinds, warns
