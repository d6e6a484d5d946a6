"""The Dutch value lists (DCAT-AP-NL 3.0 / DONL) bundled with datatrip, for offline checks."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LISTS = ("licence", "access_rights", "theme", "language", "format", "frequency")


@cache
def _all() -> dict:
    text = resources.files(__package__).joinpath("dcat", "dcat_ap_nl.json").read_text("utf-8")
    return json.loads(text)


def entries(name: str) -> list[dict]:
    return _all()[name]


def uris(name: str) -> set[str]:
    return {entry["uri"] for entry in entries(name)}


def label(name: str, uri: str, language: str = "en") -> str:
    for entry in entries(name):
        if entry["uri"] == uri:
            return entry[language]
    return uri


def options(name: str, language: str = "en") -> list[tuple[str, str]]:
    """(label, uri) pairs for a select box."""
    return [(entry[language], entry["uri"]) for entry in entries(name)]


def ckan_licence(uri: str) -> str:
    for entry in entries("licence"):
        if entry["uri"] == uri:
            return entry["ckan"]
    return "notspecified"


def format_code(value: str) -> str | None:
    """'csv', 'CSV' or the EU file-type URI -> 'CSV'; None when not in the list."""
    value = value.strip()
    for entry in entries("format"):
        if value.upper() == entry["code"] or value == entry["uri"]:
            return entry["code"]
    return None
