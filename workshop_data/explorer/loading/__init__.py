"""Loading and profiling the files participants bring to the data explorer.

Real exports from Dutch government systems are rarely clean: title lines
above the header, headers over several rows, "bron:" footers, decimal
commas, "." for missing, cp1252 text, codes such as "0344". This package
finds all that, says why, and lets the user override any single choice.

    from . import detect, load, profile, LoadOptions

    found = detect("buurten.csv")             # Detection: options + reasons
    result = load("buurten.csv")              # LoadResult: frame, options, warnings
    again = load("buurten.csv", result.options.updated(decimal="."))
    table = profile(result.frame)             # TableProfile (.to_dict() for JSON)

Layering: no textual here, and pandas/openpyxl are imported inside the
functions that need them, so importing this package stays cheap.
"""

from .errors import LoadCancelled, LoadError
from .excel import list_sheets
from .options import Detection, LoadOptions, LoadResult, SkippedLine
from .privacy import PrivacyHit, scan_privacy
from .profiling import ColumnProfile, TableProfile, profile
from .reader import DEFAULT_MAX_BYTES, detect, load
from .report import inspect_file

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ColumnProfile",
    "Detection",
    "LoadCancelled",
    "LoadError",
    "LoadOptions",
    "LoadResult",
    "PrivacyHit",
    "SkippedLine",
    "TableProfile",
    "detect",
    "inspect_file",
    "list_sheets",
    "load",
    "profile",
    "scan_privacy",
]
