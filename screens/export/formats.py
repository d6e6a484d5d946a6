"""Export: write the trip to Excel, CSV, a report, a Data Package or a CKAN load file.

Keyboard first: ``1``–``6`` toggle the formats (or space in the list), ``u`` makes the export
public, ``f`` goes to the target path and ``ctrl+s`` starts the export. It runs in a thread
worker with a progress bar, so the screen stays responsive; a failed export says why in one line
and leaves nothing half-written (see ``workshop_data.export``).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Header, Input, Label, ProgressBar, Static
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection
from textual.worker import Worker, WorkerState

from workshop_data.common.errors import DatatripError
from workshop_data.common.i18n import t

from ..common.base import TripScreen
from ..common.footer import WrapFooter
from ..common.marks import MarkedCheckbox, MarkedSelectionList

# The same order and names as workshop_data.export.FORMATS (not imported: the screen module
# stays light until an export is asked for).
FORMATS = ("xlsx", "csv", "md", "html", "datapackage", "ckan")
FILE_SUFFIX = {"xlsx": ".xlsx", "md": ".md", "html": ".html", "ckan": ".jsonl"}


class ExportScreen(TripScreen):
    TITLE_KEY = "export.title"
    HELP_KEY = "export.help"
    CSS_PATH = "formats.tcss"

    BINDINGS = [
        Binding("ctrl+s", "run", "export.key.run", priority=True),
        Binding("u", "toggle_public", "export.key.public"),
        Binding("f", "focus_target", "export.key.target"),
        *[Binding(str(n), f"toggle_format({n})", show=False) for n in range(1, 7)],
    ]

    def __init__(self, store=None, **kwargs):
        super().__init__(store, **kwargs)
        self.running = False
        self.written: list[Path] = []
        self._suggested = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="export-form"):
            yield Label(t("export.formats_label"), classes="export-label")
            yield MarkedSelectionList[str](
                *[Selection(t(f"export.format.{fmt}"), fmt, fmt == "xlsx") for fmt in FORMATS],
                id="formats")
            yield MarkedCheckbox(t("export.public_label"), False, id="public")
            yield Label(t("export.target_label"), classes="export-label")
            yield Input(placeholder=t("export.target_placeholder"), id="target")
            with Horizontal(id="export-actions"):
                yield Button(t("export.start_button"), id="run", variant="primary")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="export-status")
        yield WrapFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#formats", SelectionList).focus()
        if self.store is not None:
            self._suggest()

    # -- the form ------------------------------------------------------------------------------

    def formats(self) -> list[str]:
        chosen = set(self.query_one("#formats", SelectionList).selected)
        return [fmt for fmt in FORMATS if fmt in chosen]

    def public(self) -> bool:
        return self.query_one("#public", Checkbox).value

    def _suggest(self) -> None:
        """Propose a target beside the trip file, unless the user typed one of their own."""
        from workshop_data.export import suggested_target

        field = self.query_one("#target", Input)
        if field.value and field.value != self._suggested:
            return
        formats = self.formats()
        if not formats:
            return
        self._suggested = str(suggested_target(self.store, formats, self.public()))
        field.value = self._suggested

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._suggest()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._suggest()

    def action_toggle_format(self, number: int) -> None:
        self.query_one("#formats", SelectionList).toggle(FORMATS[number - 1])

    def action_toggle_public(self) -> None:
        box = self.query_one("#public", Checkbox)
        box.value = not box.value

    def action_focus_target(self) -> None:
        self.query_one("#target", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_run()

    # -- running -------------------------------------------------------------------------------

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    def action_run(self) -> None:
        if self.running:
            self.notify(t("export.busy"), severity="warning")
            return
        formats = self.formats()
        if not formats:
            self._status(t("export.no_format"), error=True)
            return
        text = self.query_one("#target", Input).value.strip()
        if not text:
            self._status(t("export.no_target"), error=True)
            self.action_focus_target()
            return
        target = Path(text).expanduser()
        if len(formats) == 1 and formats[0] in FILE_SUFFIX and not target.suffix:
            target = target.with_suffix(FILE_SUFFIX[formats[0]])
        public = self.public()
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.running = True
        self._status(t("export.running", what=""))
        self.run_worker(lambda: self._export(target, formats, public), thread=True,
                        name="export", exclusive=True, exit_on_error=False)

    def _export(self, target: Path, formats: list[str], public: bool) -> list[Path]:
        from workshop_data.export import export

        return export(self.store, target, formats=formats, public=public,
                      progress=lambda done, total, what:
                      self.app.call_from_thread(self._progress, done, total, what))

    def _progress(self, done: int, total: int, what: str) -> None:
        self.query_one("#progress", ProgressBar).update(total=total, progress=done)
        self._status(t("export.running", what=what))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "export":
            return
        if event.state == WorkerState.SUCCESS:
            self.running = False
            self.written = list(event.worker.result)
            bar = self.query_one("#progress", ProgressBar)
            bar.update(total=bar.total or 1, progress=bar.total or 1)
            self._status(t("export.done", paths="\n".join(str(p) for p in self.written)))
        elif event.state == WorkerState.ERROR:
            self.running = False
            self.query_one("#progress", ProgressBar).display = False
            error = event.worker.error
            reason = str(error) if isinstance(error, DatatripError) else \
                f"{type(error).__name__}: {error}"
            self._status(t("export.failed", reason=reason), error=True)
        elif event.state == WorkerState.CANCELLED:
            self.running = False
