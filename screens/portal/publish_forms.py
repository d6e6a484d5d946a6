"""Dialogs of the publish screen: the publication metadata form, the portal settings, and the
conflict between our version and the portal's."""

from __future__ import annotations

import json

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from workshop_data.common.i18n import language, t
from workshop_data.portal import vocab
from workshop_data.portal.metadata import Metadata, Resource
from workshop_data.portal.queue import draft_for, queue, save_draft

from ..common.base import TripModal
from ..common.form import Field, FormScreen

TEXT_FIELDS = ("title", "description", "identifier", "publisher", "contact_point")
LIST_FIELDS = ("theme", "licence", "access_rights", "language", "frequency")


def metadata_form(store, dataset, *, queue_it: bool) -> FormScreen:
    """The DCAT-AP-NL fields of one dataset; saving checks them offline and, with ``queue_it``,
    puts the publication in the outbox."""
    meta = draft_for(store, dataset.id)
    fields = [Field(name, t(f"publish.field.{name}"), value=getattr(meta, name))
              for name in TEXT_FIELDS]
    for name in LIST_FIELDS:
        value = getattr(meta, name) or None
        fields.append(Field(name, t(f"publish.field.{name}"), kind="select", value=value,
                            options=vocab.options(name, language())))
    first = meta.resources[0] if meta.resources else Resource(name="")
    fields += [
        Field("file", t("publish.field.file"), value=first.path,
              placeholder=t("publish.file_placeholder")),
        Field("file_format", t("publish.field.file_format"), value=first.format),
    ]
    if dataset.personal_data and queue_it:
        fields.append(Field("override", t("publish.field.override"),
                            placeholder=t("publish.override_placeholder")))

    def save(values: dict):
        updated = Metadata(**{name: values.get(name) or "" for name in TEXT_FIELDS + LIST_FIELDS})
        path = (values.get("file") or "").strip()
        updated.resources = [Resource(name=path.rsplit("/", 1)[-1], path=path,
                                      format=(values.get("file_format") or "").strip())
                             ] if path else []
        updated.resources += meta.resources[1:]
        if queue_it and dataset.personal_data and not (values.get("override") or "").strip():
            _reason_missing(store, dataset, updated)
        if queue_it:
            return queue(store, dataset.id, updated, override=values.get("override") or "")
        return save_draft(store, dataset.id, updated)

    title_key = "publish.queue_title" if queue_it else "publish.edit_title"
    return FormScreen(t(title_key, title=dataset.title), fields, save)


def _reason_missing(store, dataset, meta: Metadata) -> None:
    """A flagged dataset queued without a reason: say so under the reason field, together with
    whatever else is wrong, so the form focuses the first field to fix (no silent ctrl+s)."""
    from workshop_data.portal.queue import MetadataInvalid, private_values
    from workshop_data.portal.metadata import validate

    errors = validate(meta, private_values=private_values(store))
    errors["override"] = t("publish.override_missing", title=dataset.title)
    raise MetadataInvalid(errors)


def portal_form(store, on_saved=None) -> FormScreen:
    """The trip's portal. Saving it confirms the URL on this laptop (``on_saved``): only then
    will a token be sent there."""
    trip = store.trip()
    fields = [
        Field("portal_url", t("publish.field.portal_url"), value=trip.portal_url,
              placeholder="https://data.gemeente.nl"),
        Field("portal_organisation", t("publish.field.portal_organisation"),
              value=trip.portal_organisation),
    ]

    def save(values: dict):
        from workshop_data.common.errors import ValidationError
        from workshop_data.portal.client import PortalError, check_url

        url = (values["portal_url"] or "").strip()
        if url:
            try:
                url = check_url(url)
            except PortalError as error:
                raise ValidationError("portal_url", str(error)) from None
        saved = store.trips.update(trip.id, portal_url=url,
                                   portal_organisation=values["portal_organisation"] or "")
        if on_saved is not None:
            on_saved(url)
        return saved

    return FormScreen(t("publish.portal_title"), fields, save)


class ConflictScreen(TripModal):
    """Both versions side by side; ``m`` keeps ours, ``h`` takes the portal's."""

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > VerticalScroll {
        width: 90%; height: 80%; border: thick $error; background: $surface; padding: 1 2;
    }
    ConflictScreen Horizontal { height: auto; }
    ConflictScreen .side { width: 1fr; padding: 0 1; border: round $primary; height: auto; }
    """
    BINDINGS = [
        Binding("m", "choose('mine')", "publish.keep_mine"),
        Binding("h", "choose('theirs')", "publish.take_theirs"),
        Binding("escape", "dismiss(None)", "key.cancel"),
    ]

    def __init__(self, item, publication) -> None:
        super().__init__()
        self.item = item
        self.publication = publication

    def compose(self) -> ComposeResult:
        payload = json.loads(self.item.payload or "{}")
        remote = payload.get("remote") or {}
        mine = Metadata.from_json(self.publication.metadata)
        with VerticalScroll():
            yield Static(f"[b]{escape(payload.get('reason', ''))}[/b]\n"
                         f"{t('publish.conflict_help')}")
            with Horizontal():
                yield Static(f"[b]{t('publish.ours')}[/b]\n\n{escape(mine.title)}\n\n"
                             f"{escape(mine.description)}", classes="side")
                modified = remote.get("metadata_modified", "")
                yield Static(f"[b]{t('publish.theirs', modified=modified[:19])}[/b]\n\n"
                             f"{escape(remote.get('title', '—'))}\n\n"
                             f"{escape(remote.get('notes') or '')}", classes="side")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
