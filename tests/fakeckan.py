"""A CKAN in memory, just enough of the action API for the sync, with fault points.

``FakeCkan.fault`` is called as ``fault(action, phase, data)`` with phase ``"before"`` (the request has
not reached the portal) or ``"after"`` (the portal applied it, the answer is not back yet); it may
raise to simulate a kill or a lost connection at exactly that point.
"""

from __future__ import annotations

import copy
import itertools
import uuid

import ckanapi


class FakeCkan:
    def __init__(self, apikey: str = "fake-token-0123456789"):
        self.apikey = apikey
        self.packages: dict[str, dict] = {}
        self.calls: list[str] = []
        self.fault = lambda action, phase, data: None
        self._clock = itertools.count(1)

    def _stamp(self) -> str:
        return f"2026-01-01T00:00:{next(self._clock):06d}"

    def _find(self, key: str) -> dict:
        for package in self.packages.values():
            if key in (package["id"], package["name"]):
                return package
        raise ckanapi.NotFound("Not found")

    def call_action(self, action, data_dict=None, files=None, requests_kwargs=None, **_):
        data = copy.deepcopy(data_dict or {})
        self.fault(action, "before", data)
        self.calls.append(action)
        result = getattr(self, action)(data, files or {})
        self.fault(action, "after", data)
        return copy.deepcopy(result)

    # -- the actions ---------------------------------------------------------------------------

    def package_create(self, data, files):
        if any(p["name"] == data["name"] for p in self.packages.values()):
            raise ckanapi.ValidationError({"name": ["That URL is already in use."]})
        package = {**data, "id": str(uuid.uuid4()), "resources": [],
                   "metadata_modified": self._stamp()}
        self.packages[package["id"]] = package
        return package

    def package_show(self, data, files):
        return self._find(data["id"])

    def package_patch(self, data, files):
        package = self._find(data.pop("id"))
        package.update(data)
        package["metadata_modified"] = self._stamp()
        return package

    def resource_create(self, data, files):
        package = self._find(data["package_id"])
        name, handle = files["upload"]
        resource = {**data, "id": str(uuid.uuid4()), "size": len(handle.read())}
        package["resources"].append(resource)
        package["metadata_modified"] = self._stamp()
        return resource

    # -- what a person does on the portal ------------------------------------------------------

    def edit_by_hand(self, name: str, **changes) -> None:
        package = self._find(name)
        package.update(changes)
        package["metadata_modified"] = self._stamp()
