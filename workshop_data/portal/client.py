"""Talking to the portal: where it is, the token, and errors a facilitator can act on.

The API token is read from ``DATATRIP_CKAN_TOKEN`` or the OS keyring (service ``datatrip``, user =
the portal URL) and kept in memory only: never in the trip file, an export or a log line. Which
portal it may go to is decided in :mod:`.trust`; every text that comes back from a portal is
redacted there before anyone stores or prints it.
"""

from __future__ import annotations

import os
from typing import Iterable
from urllib.parse import urlsplit

from ..common.errors import DatatripError
from ..common.i18n import t
from . import trust

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


def token_for(url: str, confirmed: Iterable[str] = ()) -> str | None:
    """The token bound to ``url``: the environment's (see :mod:`.trust`), else the keyring's."""
    return trust.env_token_for(url, confirmed) or trust.keyring_token(url)


def connect(url: str, *, token: str | None = None, need_token: bool = True,
            confirmed: Iterable[str] = ()):
    """A ``ckanapi.RemoteCKAN`` for the portal at ``url``.

    ``confirmed`` are the portal URLs confirmed on this laptop. Without an explicit ``token``
    the URL must be one of them (or ``DATATRIP_CKAN_URL``, or have a keyring entry): a URL that
    only the trip file names, perhaps since a merge, is refused before anything is sent.
    """
    import ckanapi

    url = check_url(url)
    confirmed = list(confirmed)
    if token is None:
        token = token_for(url, confirmed)
        if need_token and not token and not _any_token():
            raise PortalError(t("portal.no_token"))
        if not trust.is_trusted(url, confirmed):
            raise PortalError(t("portal.unconfirmed", url=url))
        if need_token and not token:
            raise PortalError(t("portal.token_elsewhere", url=url,
                                other=os.environ.get(trust.ENV_URL, "")))
    session = None
    host = urlsplit(url).hostname or ""
    if host in ("localhost", "::1") or host.startswith("127."):
        import requests

        session = requests.Session()
        session.trust_env = False  # a proxy from the environment must not see loopback traffic
    return ckanapi.RemoteCKAN(url, apikey=token, user_agent=USER_AGENT, session=session)


def _any_token() -> bool:
    return bool((os.environ.get(trust.ENV_TOKEN) or "").strip())


def call(ckan, action: str, data: dict | None = None, *, timeout=None, **files):
    """One API call with explicit timeouts; errors translated to PortalError where the user
    can do nothing but wait (transient) or fix something (not transient)."""
    import ckanapi
    import requests

    try:
        return ckan.call_action(action, data or {}, files=files or None,
                                requests_kwargs={"timeout": timeout or TIMEOUT})
    except (ckanapi.NotFound, ckanapi.ValidationError):
        raise  # the caller decides: "not there yet" and "refused" are part of the protocol
    except ckanapi.NotAuthorized:
        raise PortalError(t("portal.not_authorized", action=action)) from None
    except (requests.ConnectionError, requests.Timeout) as error:
        raise PortalError(t("portal.unreachable", reason=type(error).__name__),
                          transient=True) from None
    except ckanapi.CKANAPIError as error:
        # a 5xx (server busy, restarting, search index down): try again later
        # Error pages may echo the request, token included: redact before cutting short.
        reason = trust.redact(str(error), getattr(ckan, "apikey", None))[:200]
        raise PortalError(t("portal.server_error", reason=reason), transient=True) from None
