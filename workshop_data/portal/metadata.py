"""Publication metadata: what a dataset will look like on the portal, checked offline.

Errors are returned per field (``{"licence": "..."}``) so the form can show each one next to its
field while the facilitator is still in the room, instead of the portal refusing it later.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from ..common.i18n import t
from . import vocab

_SLUG = re.compile(r"[^a-z0-9]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def slug(title: str, limit: int = 90) -> str:
    """A CKAN package name: lower case ASCII letters, digits and hyphens, 2..100 characters."""
    folded = unicodedata.normalize("NFKD", title.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    name = _SLUG.sub("-", ascii_only).strip("-")[:limit].strip("-")
    return name if len(name) >= 2 else f"dataset-{name or 'x'}"


@dataclass
class Resource:
    name: str
    path: str = ""  # a local file to upload
    description: str = ""
    format: str = ""


@dataclass
class Metadata:
    title: str = ""
    description: str = ""
    identifier: str = ""
    publisher: str = ""
    contact_point: str = ""  # the organisation's functional address, never a person's
    theme: str = ""
    licence: str = ""
    access_rights: str = ""
    language: str = ""
    frequency: str = ""
    resources: list[Resource] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Metadata:
        data = json.loads(text or "{}")
        resources = [Resource(**r) for r in data.pop("resources", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known, resources=resources)


REQUIRED = ("title", "description", "identifier", "publisher", "contact_point", "theme",
            "licence", "access_rights", "language")


def validate(meta: Metadata, *, private_values: set[str] = frozenset()) -> dict[str, str]:
    """Everything wrong with ``meta``, by field name; empty when it may be queued.

    ``private_values`` are participants' e-mail addresses and stakeholders' contacts: none of
    them may leave the laptop inside the metadata.
    """
    errors: dict[str, str] = {}
    for name in REQUIRED:
        if not str(getattr(meta, name)).strip():
            errors[name] = t("portal.required")
    for name in ("theme", "licence", "access_rights", "language", "frequency"):
        value = getattr(meta, name)
        if value and value not in vocab.uris(name):
            errors[name] = t("portal.not_in_list", value=value)
    if meta.contact_point and not errors.get("contact_point"):
        point = meta.contact_point.strip()
        if not (_EMAIL.match(point) or urlsplit(point).scheme in ("http", "https")):
            errors["contact_point"] = t("portal.bad_contact")
    if meta.identifier and urlsplit(meta.identifier).scheme not in ("http", "https"):
        errors["identifier"] = t("portal.bad_identifier")
    for index, resource in enumerate(meta.resources):
        key = f"resources.{index}"
        if not resource.name.strip():
            errors[key] = t("portal.resource_name")
        elif resource.format and vocab.format_code(resource.format) is None:
            errors[key] = t("portal.resource_format", name=resource.name,
                            value=resource.format)
        elif resource.path and not os.path.isfile(resource.path):
            errors[key] = t("portal.resource_missing", name=resource.name, path=resource.path)
    lowered = {v.strip().casefold() for v in private_values if v and v.strip()}
    for name in ("title", "description", "publisher", "contact_point", "identifier"):
        text = str(getattr(meta, name)).casefold()
        if any(value in text for value in lowered):
            errors[name] = t("portal.private_value")
    return errors


def package_dict(meta: Metadata, *, name: str, owner_org: str, publication_id: str) -> dict:
    """The CKAN package for ``meta``. DCAT fields CKAN's core schema lacks go in extras;
    ``datatrip_publication`` lets a later sync recognise a package it created itself."""
    extras = {
        "identifier": meta.identifier,
        "publisher": meta.publisher,
        "contact_point": meta.contact_point,
        "theme": meta.theme,
        "access_rights": meta.access_rights,
        "language": meta.language,
        "frequency": meta.frequency,
        "licence_uri": meta.licence,
        "datatrip_publication": publication_id,
    }
    return {
        "name": name,
        "title": meta.title,
        "notes": meta.description,
        "owner_org": owner_org,
        "license_id": vocab.ckan_licence(meta.licence),
        "private": meta.access_rights != vocab.entries("access_rights")[0]["uri"],
        "extras": [{"key": k, "value": v} for k, v in extras.items() if v],
    }
