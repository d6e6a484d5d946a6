"""The embedded demo trip: a Dutch city's Data Trip with every screen filled.

The content lives in ``demodata/trip.json`` (in Dutch, as the ateliers would be run). Keys are made
with ``uuid5`` from the JSON's local keys and the votes come from a seeded generator, so every demo
file holds the same rows: snapshot tests and a facilitator's rehearsal see the same trip.

The explored datasets have real files (``demodata/MANIFEST.md``), copied beside the trip file
into ``<trip>-bestanden/`` and attached, so the explorer opens them when the dataset is chosen.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import uuid
from importlib import resources
from pathlib import Path

from ..ranking.credentials import new_code, new_token
from .store import Store, open_store

_NAMESPACE = uuid.UUID("5f0b8c1e-3a52-4f7e-9d59-0c8d1b7a2e41")

# The invitation path each final status was reached by, for the dated log.
_INVITATION_PATHS = {
    "candidate": ["candidate"],
    "invited": ["candidate", "invited"],
    "confirmed": ["candidate", "invited", "confirmed"],
    "attended": ["candidate", "invited", "confirmed", "attended"],
    "declined": ["candidate", "invited", "declined"],
}


def demo_content() -> dict:
    text = resources.files(__package__).joinpath("demodata", "trip.json").read_text("utf-8")
    return json.loads(text)


def _id(key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, key))


def create_demo(path: str | os.PathLike) -> Store:
    """Open ``path``, filling it with the demo trip if it holds no trip yet."""
    store = open_store(path)
    if store.trip() is None:
        fill_demo(store)
    return store


def fill_demo(store: Store) -> None:
    content = demo_content()
    with store.transaction():
        store.trips.create(id=_id("trip"), **content["trip"])
        for atelier in content["ateliers"]:
            key = atelier.pop("key")
            store.ateliers.create(id=_id(key), **atelier)
        for person in content["participants"]:
            key = person.pop("key")
            store.participants.create(id=_id(key), **person)
        for task in content["tasks"]:
            key = task.pop("key")
            store.tasks.create(id=_id(key), participant_id=_id(task.pop("participant")), **task)
        for dataset in content["datasets"]:
            _add_dataset(store, dataset)
        _add_round(store, content["round"])
        for stakeholder in content["stakeholders"]:
            _add_stakeholder(store, stakeholder)
        for invitation in content["invitations"]:
            _add_invitation(store, invitation)
        for number, proto in enumerate(content["prototypes"], start=1):
            datasets = proto.pop("datasets")
            made = store.prototypes.create(id=_id(f"prototype{number}"), **proto)
            for key in datasets:
                store.prototype_datasets.create(prototype_id=made.id, dataset_id=_id(key))
        for spec in content.get("files", []):
            _add_file(store, spec)
        for insight in content["insights"]:
            chart = json.dumps(insight["chart"], ensure_ascii=False) if "chart" in insight else ""
            store.insights.create(dataset_id=_id(insight["dataset"]), text=insight["text"],
                                  author_id=_id(insight["author"]),
                                  atelier_id=_id(insight["atelier"]), chart=chart)
        for publication in content["publications"]:
            _add_publication(store, publication)
        _add_catalogue(store, content["catalogue"])


def _add_dataset(store: Store, dataset: dict) -> None:
    key = dataset.pop("key")
    tasks = dataset.pop("tasks")
    chaser = dataset.pop("chaser", None)
    helps = dataset.pop("helps", "me")  # per link (schema 7): the demo's tasks agree on it
    store.datasets.create(id=_id(key), chaser_id=_id(chaser) if chaser else None, **dataset)
    for task in tasks:
        store.task_datasets.create(task_id=_id(task), dataset_id=_id(key), helps=helps)


def demo_files_folder(store: Store) -> Path:
    trip = Path(store.path).resolve()
    return trip.with_name(trip.stem + "-bestanden")


def _add_file(store: Store, spec: dict) -> None:
    """A real file of ``demodata/``, copied beside the trip and attached to its dataset as the
    explorer would (no choices of the user's own: the loader detects the rest)."""
    folder = demo_files_folder(store)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / spec["file"]
    with resources.as_file(resources.files(__package__).joinpath("demodata", spec["file"])) \
            as source:
        if not target.exists():
            shutil.copyfile(source, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    store.dataset_files.create(id=_id("file:" + spec["file"]), dataset_id=_id(spec["dataset"]),
                               path=str(target), sha256=digest,
                               load_options=json.dumps({"overridden": [], "personal": []}))


def _add_round(store: Store, spec: dict) -> None:
    """One closed, revealed round with votes that look like a real room's."""
    round_id = _id("round1")
    store.rounds.create(id=round_id, title=spec["title"], atelier_id=_id(spec["atelier"]),
                        criteria=json.dumps(spec["criteria"]), status="closed", revealed=1)
    rng = random.Random(2026)
    # Voter ids are fixed like every demo key (the same demo file twice holds the same votes);
    # their codes and tokens are secrets like any other round's.
    codes = []
    for person in store.participants.list():
        voter_id = _id(f"voter:{person.id}")
        store.voters.create(id=voter_id, round_id=round_id, participant_id=person.id,
                            code=new_code(), token=new_token())
        codes.append(voter_id)
    for key in spec["datasets"]:
        dataset_id = _id(key)
        store.round_items.create(round_id=round_id, dataset_id=dataset_id)
        # Each dataset has a "true" appeal per criterion; people differ around it.
        centre = {criterion: rng.uniform(1.5, 4.8) for criterion in spec["criteria"]}
        spread = rng.choice([0.6, 0.8, 1.0, 1.8])
        for code in codes:
            for criterion in spec["criteria"]:
                if rng.random() < 0.08:
                    store.votes.create(round_id=round_id, ballot_code=code,
                                       dataset_id=dataset_id, criterion=criterion, skipped=1)
                    continue
                value = min(5, max(1, round(rng.gauss(centre[criterion], spread))))
                store.votes.create(round_id=round_id, ballot_code=code, dataset_id=dataset_id,
                                   criterion=criterion, value=value)


def _add_stakeholder(store: Store, stakeholder: dict) -> None:
    key = stakeholder.pop("key")
    datasets = stakeholder.pop("datasets")
    owner = stakeholder.pop("owner")
    store.stakeholders.create(id=_id(key), owner_id=_id(owner), **stakeholder)
    store.stakeholder_participants.create(stakeholder_id=_id(key), participant_id=_id(owner))
    for dataset in datasets:
        store.stakeholder_datasets.create(stakeholder_id=_id(key), dataset_id=_id(dataset))


def _add_invitation(store: Store, spec: dict) -> None:
    path = _INVITATION_PATHS[spec["status"]]
    invitation = store.invitations.create(stakeholder_id=_id(spec["stakeholder"]),
                                          atelier_id=_id("a4"), status=spec["status"])
    previous = None
    for status in path:
        store.invitation_log.create(invitation_id=invitation.id, from_status=previous,
                                    to_status=status)
        previous = status


def _add_publication(store: Store, spec: dict) -> None:
    """A publication with complete DCAT-AP-NL metadata, as prepared in atelier 4."""
    from ..portal.metadata import Metadata

    eu = "http://publications.europa.eu/resource/authority/"
    dataset = store.datasets.get(_id(spec["dataset"]))
    meta = Metadata(
        title=dataset.title, description=dataset.description,
        identifier=f"https://data.utrecht.nl/dataset/{spec['package_name']}",
        publisher="Gemeente Utrecht", contact_point="opendata@utrecht.example",
        theme="http://standaarden.overheid.nl/owms/terms/" + spec.get("theme", "Verkeer"),
        licence="http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
        access_rights=eu + "access-right/PUBLIC", language=eu + "language/NLD",
        frequency=eu + "frequency/" + spec.get("frequency", "DAILY"))
    published = spec["state"] == "published"
    made = store.publications.create(
        dataset_id=dataset.id, package_name=spec["package_name"], state=spec["state"],
        metadata=meta.to_json(),
        remote_id=_id("remote-" + spec["package_name"]) if published else None,
        last_seen_modified="2026-11-12T15:04:11.000000" if published else None)
    if made.state == "queued":  # prepared in the room, waiting for a connection
        store.outbox.create(publication_id=made.id, action="publish")


def _add_catalogue(store: Store, packages: list[dict]) -> None:
    from ..inventory import catalogue

    catalogue.replace_all(store, [
        {"id": _id("pkg-" + p["name"]), "organization": "gemeente-utrecht",
         "url": f"https://data.utrecht.nl/dataset/{p['name']}", **p,
         "tags": p.get("tags", "").split()} for p in packages],
        stamp="2026-11-12T09:30:00.000000Z")  # fixed, like everything in the demo
