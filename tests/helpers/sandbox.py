"""Talking to a sandbox: profiles, API configurations, and a tiny authenticated HTTP client.

The sandbox servers themselves come from the ``sandbox`` fixture (``tests/conftest.py``).
"""

from __future__ import annotations

from typing import Any

import httpx

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.partner_api import ApiConfig, PartnerApiClient
from desktop.services.profiles import Profile, ProfileKind
from desktop.services.sync import config_for_profile

# Extension data: served only on extension routes (docs/partner-api.md §7).
EXTENSION_KEYS = (
    "groups",
    "partnerAssistance",
    "managedCustomerOrder",
    "createdByPartner",
    "unlink",
)


def sandbox_profile(server: Any, name: str = "t", client_id: str = "demo-super-admin") -> Profile:
    """A sandbox profile for ``server`` (not saved)."""
    return Profile(name, ProfileKind.SANDBOX, client_id, server.base_url, server.base_url)


def fast_config(
    server: Any,
    *,
    name: str = "t",
    client_id: str = "demo-super-admin",
    secret: str = DEMO_SECRET,
    **kw: Any,
) -> ApiConfig:
    """The API configuration a sync of ``server`` uses, with short back-offs for tests."""
    opts: dict[str, Any] = {"backoff_base": 0.01, "backoff_max": 0.2}
    opts.update(kw)
    return config_for_profile(sandbox_profile(server, name, client_id), secret, **opts)


def token_body(server: SandboxServer, client_id: str = "demo-super-admin") -> dict[str, Any]:
    """The sandbox's answer to a client-credentials token request."""
    r = httpx.post(
        f"{server.base_url}/api/v2/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": DEMO_SECRET,
            "scope": "token",
        },
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def get_token(server: SandboxServer, client_id: str = "demo-super-admin") -> str:
    return str(token_body(server, client_id)["access_token"])


class Api:
    """A tiny authenticated client for the sandbox tests (bearer token + partner id)."""

    def __init__(self, server: SandboxServer, client_id: str = "demo-super-admin") -> None:
        self.server = server
        self.token = get_token(server, client_id)
        self.http = httpx.Client(base_url=server.base_url, timeout=10)

    def headers(self, **extra: str) -> dict[str, str]:
        h = {"Authorization": f"Bearer {self.token}", "X-Partner-ID": self.server.partner_id}
        h.update(extra)
        return h

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = kw.pop("headers", None) or self.headers()
        return self.http.request(method, path, headers=headers, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("POST", path, **kw)

    def close(self) -> None:
        self.http.close()


def client_config(
    base_url: str,
    client_id: str = "demo-super-admin",
    secret: str = DEMO_SECRET,
    **kw: Any,
) -> ApiConfig:
    """An ``ApiConfig`` for a server at ``base_url``, with short back-offs and timeouts."""
    opts: dict[str, Any] = {
        "backoff_base": 0.01,
        "backoff_max": 0.2,
        "connect_timeout": 2.0,
        "read_timeout": 10.0,
    }
    opts.update(kw)
    return ApiConfig(
        identity_url=base_url,
        global_url=base_url,
        client_id=client_id,
        client_secret=secret,
        **opts,
    )


def make_client(server: Any, **kw: Any) -> PartnerApiClient:
    """The Partner API client of the app for ``server``; ``cancel`` and ``sleep`` go to the
    client, everything else to :func:`client_config`."""
    cancel = kw.pop("cancel", None)
    sleep = kw.pop("sleep", None)
    extra: dict[str, Any] = {} if sleep is None else {"sleep": sleep}
    return PartnerApiClient(client_config(server.base_url, **kw), cancel=cancel, **extra)
