"""What the explorer's load worker does and hands to the screen: the file read, its privacy
scan and preview cells first (so the table can be drawn), then the profile; progress is posted
as messages, never waited for.

No pandas here at import time: frames are made by the loader in the worker thread.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.message import Message

from workshop_data.common.i18n import t

PREVIEW_ROWS = 100
CELL_WIDTH = 32


@dataclass
class Loaded:
    path: str
    result: Any  # LoadResult
    profile: Any  # TableProfile; None until add_profile() (the table is shown first)
    hits: list
    preview: list[list[Text]]
    overrides: dict[str, Any]
    sha256: str
    remembered: Any = None  # explorer.Remembered when the choices came from the trip file
    token: object = None
    kinds: dict[str, str] = field(default_factory=dict)


def preview_cell(value: Any, decimals: int | None = None) -> Text:
    """One preview cell: numbers right-aligned (with `decimals` places when
    given, so a column's decimal marks line up), missing values as a dim dot."""
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Text("·", style="dim", justify="center")
    if hasattr(value, "isoformat") and not isinstance(value, str):
        if value != value:  # NaT
            return Text("·", style="dim", justify="center")
        text = value.isoformat()
        return Text(text[:10] if text.endswith("T00:00:00") else text)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return Text(str(bool(value)))
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        number = float(value)
        if decimals is not None and abs(number) < 1e15:
            text = f"{number:.{decimals}f}"
        else:
            text = str(int(number)) if number.is_integer() and abs(number) < 1e15 else f"{number:.6g}"
        if t("explorer.decimal_mark") == ",":
            text = text.replace(".", ",")
        return Text(text, justify="right")
    text = str(value)
    return Text(text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…")


def _decimals(values) -> int | None:
    """Places a float column needs to show its preview values exactly (at
    most 6): 62705.5 and 4136.36 both get 2, as the file wrote them."""
    places = 0
    for v in values:
        if v == v and abs(v) < 1e15:
            shown = f"{v:.6f}".rstrip("0")
            places = max(places, len(shown) - shown.index(".") - 1)
    return places


def preview_rows(frame, rows: int = PREVIEW_ROWS) -> list[list[Text]]:
    """The first rows as cells, made in the worker so the screen only adds them."""
    head = frame.head(rows)
    decimals = [_decimals(head[c].tolist()) if head[c].dtype.kind == "f" else None for c in head.columns]
    return [[preview_cell(v, d) for v, d in zip(record, decimals)]
            for record in head.itertuples(index=False, name=None)]


def read_file(store, path: str, overrides: dict, use_remembered: bool, progress, cancel) -> Loaded:
    """What a worker does before the table can be shown: the choices remembered for the file
    (when asked), the load, the privacy scan (the preview masks personal data) and the preview
    cells. The profile follows (add_profile), after the table has been drawn. Raises LoadError,
    LoadCancelled or OSError."""
    from workshop_data.explorer import bookkeeping as explorer
    from workshop_data.explorer.loading import LoadError, LoadOptions, load, scan_privacy

    if os.path.isdir(path):
        raise LoadError(t("explorer.is_folder"), path=path)
    sha = explorer.file_sha256(path)
    memory = explorer.remembered(store, path, sha) if use_remembered else None
    if memory is not None:  # the same bytes: read exactly as before; changed: keep your choices
        overrides = memory.overrides
        options = memory.options if memory.same_content else LoadOptions(**overrides)
    else:
        options = LoadOptions(**overrides)
    result = load(path, options, progress=progress, cancel=cancel, sample_if_too_big=True)
    # until the profile has typed them, the columns show the types the loader gave them
    return Loaded(path, result, None, scan_privacy(result.frame), preview_rows(result.frame),
                  overrides, sha, memory, None, {str(c): k for c, k in result.column_kinds.items()})


def add_profile(loaded: Loaded) -> Loaded:
    """The profile of the table, and the column types as the profile names them."""
    from workshop_data.explorer.loading import profile

    loaded.profile = profile(loaded.result.frame)
    loaded.kinds = {c.name: c.type for c in loaded.profile.columns}
    return loaded


class LoadProgress(Message):
    """How far a load in a worker is (posted, so the worker never waits for the screen)."""

    def __init__(self, fraction: float, token: object) -> None:
        super().__init__()
        self.fraction, self.token = fraction, token


def progress_poster(screen, token, every: float = 0.15):
    """A progress callback for the loader that posts LoadProgress to `screen` at most every
    `every` seconds (and at the end): each bar update costs the screen a repaint, and on a
    laptop with two cores the repaints took the worker's time."""
    last = [0.0]

    def progress(fraction: float) -> None:
        now = time.monotonic()
        if now - last[0] >= every or fraction >= 1:
            last[0] = now
            screen.post_message(LoadProgress(fraction, token))

    return progress



def failure(error: Exception, path: str) -> tuple[str, bool]:
    """(what to tell the user, whether it was a cancel) for an error of read_file()."""
    from workshop_data.explorer.loading import LoadCancelled, LoadError

    if isinstance(error, LoadCancelled):
        return t("explorer.cancelled", file=os.path.basename(path)), True
    if isinstance(error, LoadError):
        return str(error), False  # says what and where
    if isinstance(error, OSError):
        return t("explorer.cannot_open", file=path, reason=error.strerror or error), False
    return t("explorer.unexpected", file=os.path.basename(path),
             error=f"{type(error).__name__}: {error}"), False
