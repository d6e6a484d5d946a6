"""Talking to the portal: where it is, the token, and errors a facilitator can act on.

The API token is read from ``DATATRIP_CKAN_TOKEN`` or the OS keyring (service ``datatrip``, user =
the portal URL) and kept in memory only: never in the trip file, an export or a log line.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from ..errors import DatatripError
from ..i18n import t

TIMEOUT = (5, 60)  # seconds: connect, read (uploads of a few MB on a slow line)
USER_AGENT = "datatrip/0.1 (+offline open data ateliers)"


class PortalError(DatatripError):
    """The portal could not be used; ``transient`` errors are worth retrying later."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PortalError(t("portal.bad_url", url=url))
    local = parts.hostname in ("localhost", "127.0.0.1", "::1") or parts.hostname.startswith("127.")
    if parts.scheme != "https" and not local:
        raise PortalError(t("portal.https_only", url=url))
    return url.strip().rstrip("/")


def token_for(url: str) -> str | None:
    token = os.environ.get("DATATRIP_CKAN_TOKEN")
    if token:
        return token.strip()
    try:
        import keyring  # optional: not every laptop has a keyring backend
    except ImportError:
        return None
    try:
        return keyring.get_password("datatrip", url)
    except Exception:  # a locked or absent keyring backend is "no token", not a crash
        return None


def connect(url: str, *, token: str | None = None, need_token: bool = True):
    """A ``ckanapi.RemoteCKAN`` for the portal at ``url``."""
    import ckanapi

    url = check_url(url)
    token = token or token_for(url)
    if need_token and not token:
        raise PortalError(t("portal.no_token"))
    session = None
    host = urlsplit(url).hostname or ""
    if host in ("localhost", "::1") or host.startswith("127."):
        import requests

        session = requests.Session()
        session.trust_env = False  # a proxy from the environment must not see loopback traffic
    return ckanapi.RemoteCKAN(url, apikey=token, user_agent=USER_AGENT, session=session)


def call(ckan, action: str, data: dict | None = None, **files):
    """One API call with explicit timeouts; errors translated to PortalError where the user
    can do nothing but wait (transient) or fix something (not transient)."""
    import ckanapi
    import requests

    try:
        return ckan.call_action(action, data or {}, files=files or None,
                                requests_kwargs={"timeout": TIMEOUT})
    except (ckanapi.NotFound, ckanapi.ValidationError):
        raise  # the caller decides: "not there yet" and "refused" are part of the protocol
    except ckanapi.NotAuthorized:
        raise PortalError(t("portal.not_authorized", action=action)) from None
    except (requests.ConnectionError, requests.Timeout) as error:
        raise PortalError(t("portal.unreachable", reason=type(error).__name__),
                          transient=True) from None
    except ckanapi.CKANAPIError as error:
        # a 5xx (server busy, restarting, search index down): try again later
        raise PortalError(t("portal.server_error", reason=str(error)[:200]),
                          transient=True) from None
