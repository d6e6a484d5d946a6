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

from ..i18n import t
from . import values
from .convert import Rules, convert_frame
from .errors import LoadError
from .options import Detection, LoadOptions
from .table import unique_names
from .textio import check_binary, decode, detect_encoding

GEOMETRY_COLUMN = "geometry"


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
        raise LoadError("the file holds no JSON (only spaces)", path=path)
    try:
        return json.loads(text), encoding
    except json.JSONDecodeError as exc:
        offset = len(text[: exc.pos].encode(encoding if encoding != "utf-8-sig" else "utf-8", "replace"))
        raise LoadError(f"this is not valid JSON: {exc.msg} (column {exc.colno})",
                        path=path, line=exc.lineno, offset=offset) from None
    except RecursionError:
        raise LoadError("the JSON is nested too deeply to read", path=path) from None


def _records(path, doc) -> tuple[list, str, str]:
    """(records, "json" or "geojson", how they were found)."""
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise LoadError("this GeoJSON FeatureCollection has no 'features' list", path=path)
        return features, "geojson", t("loading.json.features", count=len(features))
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return [doc], "geojson", "a single GeoJSON Feature"
    if isinstance(doc, list):
        return doc, "json", t("loading.json.array", count=len(doc))
    if isinstance(doc, dict):
        lists = {k: v for k, v in doc.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)}
        if not lists:
            if all(not isinstance(v, (list, dict)) for v in doc.values()):
                return [doc], "json", "a single JSON object (one row)"
            raise LoadError("this JSON object holds no array of records to show as a table "
                            f"(keys: {', '.join(list(doc)[:10])})", path=path)
        key = max(lists, key=lambda k: len(lists[k]))
        how = t("loading.json.inside", key=repr(key), count=len(lists[key]))
        if len(lists) > 1:
            how += "; other arrays: " + ", ".join(repr(k) for k in lists if k != key)
        return lists[key], "json", how
    raise LoadError("this JSON holds a single value, not a table", path=path)


def _rows(path, records: list, kind: str) -> list[dict]:
    rows = []
    for i, rec in enumerate(records):
        if kind == "geojson":
            if not isinstance(rec, dict):
                raise LoadError(f"feature {i + 1} is not an object", path=path)
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
            rows.append({f"column {j + 1}": v for j, v in enumerate(rec)})
        else:
            rows.append({"value": rec})
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


def load_json(path, raw: bytes, opts: LoadOptions):
    """(Detection, frame, kinds, warnings)."""
    import pandas as pd

    reasons: dict[str, str] = {}
    notes: list[str] = []
    doc, encoding = _parse(path, raw, opts, reasons)
    records, kind, how = _records(path, doc)
    if opts.format is not None and opts.format != kind:
        notes.append(t("loading.json.asked", asked=opts.format, kind=kind))
    reasons["format"] = how
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
    columns = {name: [r.get(key) for r in flat] for name, key in zip(names, raw_names)}

    sample = {n: [v for v in col[:5000] if isinstance(v, str)] for n, col in columns.items()}
    dec, thou, dwhy, twhy = values.detect_number_format(sample, None, default=".")
    decimal = opts.decimal if opts.decimal is not None else dec
    thousands = opts.thousands if opts.thousands is not None else thou
    if decimal == thousands:
        thousands = ""
    reasons["decimal"], reasons["thousands"] = dwhy, twhy
    if opts.na_values is None:
        na_values, reasons["na_values"] = values.detect_markers(
            {n: [v for v in col[:5000]] for n, col in columns.items()})
    else:
        na_values = list(opts.na_values)
    if opts.date_format is None:
        date_format, reasons["date_format"], date_notes = values.detect_date_format(sample)
        notes += date_notes
    else:
        date_format = opts.date_format
    if opts.text_columns is None:
        text_columns, reasons["text_columns"] = values.detect_codes(sample)
    else:
        text_columns = list(opts.text_columns)
    for key, value in opts.to_dict().items():
        if value is not None:
            reasons[key] = "given"
    resolved = LoadOptions(
        format=kind, encoding=encoding, decimal=decimal, thousands=thousands, na_values=na_values,
        date_format=date_format, text_columns=text_columns,
        numeric_tolerance=0.0 if opts.numeric_tolerance is None else opts.numeric_tolerance,
        number_columns=list(opts.number_columns or []),
        max_rows=opts.max_rows,
    )
    detection = Detection(path=os.fspath(path), format=kind, options=resolved, reasons=reasons,
                          notes=notes, columns=names, size_bytes=len(raw))
    limit = opts.max_rows
    frame = pd.DataFrame({n: pd.Series(col[:limit] if limit is not None else col, dtype=object)
                          for n, col in columns.items()})
    if not columns:
        frame = pd.DataFrame(index=range(len(flat) if limit is None else min(limit, len(flat))))
    rules = Rules(decimal=decimal, thousands=thousands, na_values=na_values, date_format=date_format,
                  text_columns=opts.text_columns, tolerance=resolved.numeric_tolerance,
                  number_columns=resolved.number_columns, exact_text=True)
    frame, kinds, warns = convert_frame(frame, rules)
    return detection, frame, kinds, warns
