"""``POST {identity}/api/v2/oauth2/token`` (docs/partner-api.md §2, §6).

``grant_type=client_credentials`` with ``client_id``/``client_secret``, or
``grant_type=refresh_token`` with a ``refresh_token`` this sandbox handed out.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from desktop.sandbox.common import Reply, Request, request_id

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer

TOKEN_PATH = "/api/v2/oauth2/token"


def _fail(status: int, code: str, message: str) -> Reply:
    return Reply.json(status, {"errorCode": code, "message": message, "trackingId": request_id()})


def token(sb: SandboxServer, req: Request) -> Reply:
    if req.method != "POST":
        return _fail(405, "oauth.method_not_allowed", "use POST")
    form = {k: v[-1] for k, v in parse_qs(req.raw.decode("utf-8", "replace")).items()}
    grant = form.get("grant_type")
    if grant == "refresh_token":
        client_id = sb.redeem_refresh_token(form.get("refresh_token", ""))
        if client_id is None:
            return _fail(401, "oauth.invalid_refresh_token", "Unauthorized")
    elif grant == "client_credentials":
        client_id = form.get("client_id", "")
        secret = sb.credential_secret(client_id)
        if secret is None:
            return _fail(401, "oauth.invalid_client_id", "Unauthorized")
        if not secrets.compare_digest(secret.encode(), form.get("client_secret", "").encode()):
            return _fail(401, "oauth.invalid_client_secret", "Unauthorized")
    else:
        return _fail(
            400,
            "oauth.unsupported_grant_type",
            "grant_type must be client_credentials or refresh_token",
        )
    access, refresh, lifetime = sb.issue_token(client_id)
    return Reply.json(
        200,
        {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": lifetime,
            "errorCode": "success",
            "message": "OK",
            "trackingId": request_id(),
        },
    )
