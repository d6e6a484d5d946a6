"""The portal's catalogue, offline (atelier 1): search the copy pulled from the portal, see a
package's licence and resources, and link it to a task as data that already exists.

``C`` opens it from anywhere; from the task inventory it opens for the selected task, and ``l``
links the highlighted package to that task and goes back. Opened on its own, ``l`` asks which
task. ``/`` (or a lower-case letter but ``l``) starts a search, which runs as you type (Dutch
word forms and compounds, exact words first: ``workshop_data/inventory/search.py``); ``down``
goes to the results.
"""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from workshop_data.common.i18n import t, tn
from workshop_data.inventory import catalogue
from workshop_data.inventory import tasks as inventory_tasks

from ..common.base import DataChanged, TripModal, TripScreen
from ..common.footer import WrapFooter
from ..common.typeahead import focus_now

LIMIT = 50


class TaskPicker(TripModal):
    """Which task needs this package? Dismissed with a task id, or None."""

    DEFAULT_CSS = """
    TaskPicker { align: center middle; }
    TaskPicker > Vertical {
        width: 80%; max-width: 100; height: 80%; border: thick $accent; background: $surface;
        padding: 0 1;
    }
    TaskPicker .pick-title { text-style: bold; margin: 1 0; }
    TaskPicker OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "cancel", "key.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.pick_title = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.pick_title, classes="pick-title")
            yield OptionList(*[Option(escape(label), id=value) for label, value in self.choices],
                             id="tasks")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CatalogueScreen(TripScreen):
    TITLE_KEY = "catalogue.title"
    HELP_KEY = "catalogue.help"
    DEFAULT_CSS = """
    CatalogueScreen #catalogue-search { margin: 1 1 0 1; }
    CatalogueScreen #catalogue-body { height: 1fr; margin: 0 1; }
    CatalogueScreen #catalogue-results { width: 3fr; border: round $primary; }
    CatalogueScreen #catalogue-detail { width: 2fr; border: round $secondary; padding: 0 1; }
    CatalogueScreen #catalogue-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("l", "link", "key.link_to_task"),
        Binding("slash", "search", "key.search", key_display="/"),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, store=None, task_id: str | None = None, **kwargs):
        super().__init__(store, **kwargs)
        self.task_id = task_id  # set when opened from the inventory for a task

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("catalogue.search_placeholder"), id="catalogue-search",
                    select_on_focus=False)
        with Horizontal(id="catalogue-body"):
            yield OptionList(id="catalogue-results")
            with VerticalScroll(id="catalogue-detail"):
                yield Static("", id="package")
        yield Static("", id="catalogue-status")
        yield WrapFooter()

    def on_mount(self) -> None:
        # On the list, like every screen: ? shows the help; / (or any letter) starts a search.
        self.query_one("#catalogue-results", OptionList).focus()

    def refresh_data(self) -> None:
        self._search(self.query_one("#catalogue-search", Input).value)

    # -- searching -----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#catalogue-results", OptionList).focus()

    def on_key(self, event) -> None:
        search = self.query_one("#catalogue-search", Input)
        if event.key == "down" and search.has_focus:
            event.stop()
            self.query_one("#catalogue-results", OptionList).focus()
        elif self.focused is search and event.is_printable:
            # The search handles its own keys, so one that reaches the screen while it has the
            # focus was typed before the focus moved (a fast typist, tmux): it is the search's,
            # even an l, which would otherwise link whatever the list shows. Taken here rather
            # than left to the App's typeahead, so they stay in order with the letters the next
            # branch takes. (Not has_focus: that follows a moment later.)
            event.stop()
            search.insert_text_at_cursor(event.character)
        elif (event.character and event.character.isalpha() and event.key != "l"
              and event.character.islower()):
            # Typing starts the search (l links, capitals are the screens' keys).
            event.stop()
            self.set_focus(search)
            search.insert_text_at_cursor(event.character)

    def _search(self, text: str) -> None:
        if self.store is None:
            return
        found = catalogue.search(self.store, text, limit=LIMIT) if text.strip() else []
        listing = self.query_one("#catalogue-results", OptionList)
        listing.clear_options()
        listing.add_options([Option(f"{escape(p.title)}  [dim]{escape(p.name)}[/dim]", id=p.id)
                             for p in found])
        if found:
            listing.highlighted = 0
        size = catalogue.size(self.store)
        if not size:
            status = t("catalogue.empty")
        elif not text.strip():
            status = tn("catalogue.type_to_search", size)
        else:
            status = t("catalogue.found", count=len(found), total=size)
        self.query_one("#catalogue-status", Static).update(status)
        self._show(found[0].id if found else None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_link()

    def _show(self, package_id: str | None) -> None:
        pane = self.query_one("#package", Static)
        found = catalogue.detail(self.store, package_id) if package_id else None
        if found is None:
            pane.update(t("catalogue.nothing_selected"))
            return
        p = found.package
        lines = [f"[b]{escape(p.title)}[/b]", f"[dim]{escape(p.name)}[/dim]", "",
                 f"{t('catalogue.organisation')}: {escape(p.organisation) or '–'}",
                 f"{t('catalogue.licence')}: {escape(found.licence) or t('catalogue.no_licence')}",
                 f"{t('catalogue.tags')}: {escape(found.tags) or '–'}"]
        if p.notes:
            lines += ["", escape(p.notes)]
        lines += ["", f"[b]{t('catalogue.resources', count=len(found.resources))}[/b]"]
        lines += [f"• {escape(r.name) or '–'}  [i]{escape(r.format)}[/i]\n  [dim]{escape(r.url)}"
                  "[/dim]" for r in found.resources] or [t("catalogue.no_resources")]
        pane.update("\n".join(lines))

    # -- linking -------------------------------------------------------------------------------

    def _highlighted(self) -> str | None:
        listing = self.query_one("#catalogue-results", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def action_link(self) -> None:
        package_id = self._highlighted()
        if package_id is None:
            self.notify(t("catalogue.pick_package"), severity="warning")
            return
        if self.task_id is not None:
            self._link(package_id, self.task_id)
            return
        title = catalogue.detail(self.store, package_id).package.title
        self.app.push_screen(TaskPicker(t("catalogue.which_task", title=escape(title)),
                                        catalogue.task_choices(self.store)),
                             lambda task_id: task_id and self._link(package_id, task_id))

    def _link(self, package_id: str, task_id: str) -> None:
        dataset, existed = inventory_tasks.link_to_task(self.store, task_id, package_id)
        task = self.store.tasks.get(task_id)
        self.post_message(DataChanged())
        self.notify(t("catalogue.linked_existing" if existed else "catalogue.linked",
                      title=dataset.title, task=task.title))
        if self.task_id is not None:  # opened for this task: back to it, the dataset selected
            self.dismiss(dataset.id)

    def action_search(self) -> None:
        focus_now(self.query_one("#catalogue-search", Input))

    def action_back(self) -> None:
        search = self.query_one("#catalogue-search", Input)
        if search.has_focus and search.value:
            search.value = ""
        elif self.task_id is not None:
            self.dismiss(None)
        else:
            self.app.action_go("dashboard")
