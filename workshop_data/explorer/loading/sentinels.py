"""Numbers that stand for "missing" (-99999999, -9999, ...).

CBS's wijk- en buurtkaart writes -99999999 where a value is unknown or
secret; counted as a number it drags every mean down. Such a value is only
named in a warning (nothing a file holds is dropped unasked); given as a
missing marker (``--na -99999999``) it becomes missing, also where the
file holds it as a typed number (JSON, Excel).
"""

from __future__ import annotations

from ...common.i18n import t, tn

SENTINELS = (-99999999, -9999999, -999999, -99999, -9999, 99999999, 999999999)


def marker_numbers(na_values: list[str]) -> list[float]:
    out = []
    for marker in na_values:
        try:
            out.append(float(marker.replace(",", ".")))
        except ValueError:
            continue
    return out


def _range(series) -> tuple[float, float]:
    """(min, max) with missing values skipped, NaN for none: on a numpy column one pass each
    without a mask of the missing values (pandas' min builds one)."""
    import numpy as np

    values = series.to_numpy() if isinstance(series.dtype, np.dtype) and series.dtype.kind in "if" else None
    if values is None or not len(values):
        return float(series.min()), float(series.max())
    if values.dtype.kind == "f":
        return float(np.fmin.reduce(values)), float(np.fmax.reduce(values))
    return float(values.min()), float(values.max())


def apply(series, na_values: list[str]):
    """(series, sentinel or None) for a numeric column: markers that are
    numbers become missing; a sentinel that is not a marker is returned."""
    numbers = marker_numbers(na_values)
    if numbers:
        hit = series.isin(numbers)
        if bool(hit.any()):
            series = series.mask(hit)
    low, high = _range(series)
    if low != low:  # nothing but missing values
        return series, None
    for value in SENTINELS:
        if value in (low, high):
            present = series.dropna()
            rest = present[present != value]
            if len(rest) and float(rest.abs().max()) * 100 <= abs(value):
                return series, value
    return series, None


def warning(found: dict[int, list[str]]) -> list[str]:
    """One sentence per sentinel value, naming the columns that hold it."""
    out = []
    for value, columns in found.items():
        shown = ", ".join(repr(c) for c in columns[:3]) + (t("loading.more", count=len(columns) - 3) if len(columns) > 3 else "")
        out.append(tn("loading.sentinel", len(columns), value=value, columns=shown))
    return out
