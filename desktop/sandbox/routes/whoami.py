"""``GET /whoami/v1`` (docs/partner-api.md §3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.sandbox.common import Reply, Request
from desktop.sandbox.routes.base import route

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer


def whoami(sb: SandboxServer, req: Request) -> Reply:
    # A real partner answer carries ``dataRegion: null`` [obs].
    return Reply.json(
        200,
        {
            "id": sb.partner_id,
            "idType": "partner",
            "apiHosts": {"global": sb.base_url, "dataRegion": None},
        },
    )


ROUTES = (route("GET", r"/whoami/v1/?", "whoami", whoami, partner=False),)
