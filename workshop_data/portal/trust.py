"""Where a token may go, and keeping it out of everything stored or printed.

A trip file can come from anywhere (a copy, a merge, a USB stick), so the portal URL written in it
is a claim, not a decision: a token is bound to the portal it was given for.

* A keyring entry is per URL (service ``datatrip``, user = the portal URL): it only ever goes to
  that URL.
* ``DATATRIP_CKAN_TOKEN`` goes to ``DATATRIP_CKAN_URL`` when that is set, else only to a portal
  URL confirmed on this laptop.
* A portal URL is used at all (also without a token, for the catalogue) only when it was
  confirmed on this laptop, is ``DATATRIP_CKAN_URL``, or has a keyring entry. Confirmations are
  kept by the shell in the laptop's settings, never in the trip file, and are handed in here.
"""

from __future__ import annotations

import os
import re
from typing import Iterable
from urllib.parse import urlsplit

ENV_TOKEN = "DATATRIP_CKAN_TOKEN"
ENV_URL = "DATATRIP_CKAN_URL"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normal(url: str) -> str:
    """One spelling per portal: lower-case scheme and host, explicit port, no trailing slash."""
    parts = urlsplit((url or "").strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        port = 0
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}{parts.path.rstrip('/')}"


def same_portal(a: str, b: str) -> bool:
    return bool(a and b) and normal(a) == normal(b)


def keyring_token(url: str) -> str | None:
    try:
        import keyring  # optional: not every laptop has a keyring backend
    except ImportError:
        return None
    try:
        return keyring.get_password("datatrip", url)
    except Exception:  # a locked or absent keyring backend is "no token", not a crash
        return None


def env_token_for(url: str, confirmed: Iterable[str]) -> str | None:
    """The environment's token, if it is bound to ``url``."""
    token = (os.environ.get(ENV_TOKEN) or "").strip()
    if not token:
        return None
    env_url = (os.environ.get(ENV_URL) or "").strip()
    if env_url:
        return token if same_portal(url, env_url) else None
    return token if any(same_portal(url, c) for c in confirmed) else None


def is_trusted(url: str, confirmed: Iterable[str]) -> bool:
    """Was ``url`` decided on this laptop (and not only by what a trip file says)?"""
    if any(same_portal(url, c) for c in confirmed):
        return True
    if same_portal(url, (os.environ.get(ENV_URL) or "").strip()):
        return True
    return bool(keyring_token(url))


# -- redaction ---------------------------------------------------------------------------------

# Header names whose value is a credential, in any way a server might echo them back:
# ``Authorization: x``, ``"X-CKAN-API-Key": "x"``, ``authorization=x``, ``Bearer x``.
_SECRET_FIELD = re.compile(
    r"""(?ix)(authorization|x-ckan-api-key|apikey)
        (["']?\s*[:=]\s*["']?)
        (?:bearer\s+)?[^\s"',;}\]\\]+""")
_BEARER = re.compile(r"(?i)\bbearer\s+[^\s\"',;}\]\\]+")
MASK = "***"


def redact(text: str, *secrets: str | None) -> str:
    """``text`` without the given secrets and without any credential header's value.

    Run it on the whole text before cutting it short: a cut could leave half a token."""
    text = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    text = _SECRET_FIELD.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    return _BEARER.sub(f"Bearer {MASK}", text)
