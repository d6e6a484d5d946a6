"""Fixtures for integration tests against a real CKAN 2.12 on 127.0.0.1.

* ``ckan_portal`` (session): a running CKAN.  If DATATRIP_CKAN_URL and
  DATATRIP_CKAN_TOKEN are both set they are used as they are; otherwise
  ``tests/ckanlive/harness.py up`` runs in-process (idempotent: it reuses a CKAN it
  already started).  A CKAN that cannot be reached or started FAILS the tests;
  it never skips them.
* ``ckan_org`` (function): a fresh organisation with a unique name, purged
  afterwards together with its datasets.

Mark tests that use them with ``@pytest.mark.ckan``.
"""
from __future__ import annotations

import importlib.util
import os
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent


def _load_harness():
    # Loaded by path, so that it runs the same as `python tests/ckanlive/harness.py`.
    name = "datatrip_ckan_harness"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _HERE / "harness.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@dataclass(frozen=True)
class CkanPortal:
    url: str
    token: str
    started_by_harness: bool = False

    def client(self, token: str | None = ...):
        """A ckanapi.RemoteCKAN for this portal (sysadmin token by default;
        ``client(None)`` gives an anonymous client)."""
        import ckanapi

        apikey = self.token if token is ... else token
        return ckanapi.RemoteCKAN(self.url, apikey=apikey, user_agent="datatrip-tests/ckanlive",
                                  session=self.session())

    def session(self):
        """A requests.Session that ignores proxy settings from the environment
        (the portal is on 127.0.0.1)."""
        import requests

        sess = requests.Session()
        sess.trust_env = False
        return sess

    def anonymous(self):
        return self.client(None)


@pytest.fixture(scope="session")
def ckan_portal() -> CkanPortal:
    url = os.environ.get("DATATRIP_CKAN_URL", "").strip()
    token = os.environ.get("DATATRIP_CKAN_TOKEN", "").strip()
    if url and token:
        portal = CkanPortal(url.rstrip("/"), token, started_by_harness=False)
        try:
            portal.client().action.status_show()
        except Exception as e:  # noqa: BLE001 - any failure here is a hard failure
            pytest.fail(f"DATATRIP_CKAN_URL={url} is set but CKAN does not answer "
                        f"status_show: {e!r}", pytrace=False)
        return portal
    if url or token:
        pytest.fail("set both DATATRIP_CKAN_URL and DATATRIP_CKAN_TOKEN, or neither "
                    "(then tests/ckanlive/harness.py starts a CKAN)", pytrace=False)
    harness = _load_harness()
    try:
        state = harness.up()
    except harness.HarnessError as e:
        pytest.fail(f"could not bring up CKAN with tests/ckanlive/harness.py: {e}", pytrace=False)
    return CkanPortal(state["url"], state["token"], started_by_harness=True)


def _unique_name(request, prefix: str = "dt") -> str:
    base = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    base = re.sub(r"^test-?", "", base)[:40].strip("-")
    return f"{prefix}-{base}-{uuid.uuid4().hex[:8]}".replace("--", "-")


@pytest.fixture
def ckan_org(ckan_portal, request) -> dict:
    """A new organisation (the dict organization_create returns); afterwards
    its datasets (public, private, draft) and the organisation are purged."""
    ckan = ckan_portal.client()
    name = _unique_name(request, "dt-org")
    org = ckan.action.organization_create(name=name, title=f"Test org {name}")
    yield org
    errors = []
    try:
        found = ckan.action.package_search(
            fq=f'owner_org:"{org["id"]}"', include_private=True, include_drafts=True,
            rows=1000, fl="id")["results"]
        for ds in found:
            pkg_id = ds["id"] if isinstance(ds, dict) else ds
            try:
                ckan.action.dataset_purge(id=pkg_id)
            except Exception as e:  # noqa: BLE001
                errors.append(f"dataset_purge {pkg_id}: {e!r}")
    except Exception as e:  # noqa: BLE001
        errors.append(f"package_search for org {name}: {e!r}")
    try:
        ckan.action.organization_purge(id=org["id"])
    except Exception as e:  # noqa: BLE001
        errors.append(f"organization_purge {name}: {e!r}")
    if errors:
        pytest.fail("ckan_org cleanup failed: " + "; ".join(errors), pytrace=False)
