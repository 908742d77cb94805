"""The sandbox's API routes, one module per group; :data:`ROUTES` is the whole table.

Each route is a function ``(server, request) -> Reply`` that uses only the public API
of :class:`~desktop.sandbox.server.SandboxServer`. The token route and the ``/_sandbox``
admin routes need no bearer token and are dispatched before this table
(:mod:`.auth`, :mod:`.admin`).
"""

from __future__ import annotations

from desktop.sandbox.routes import billing, extensions, licences, tenants, whoami
from desktop.sandbox.routes.base import Route

ROUTES: tuple[Route, ...] = (
    *whoami.ROUTES,
    *tenants.ROUTES,
    *licences.ROUTES,
    *billing.ROUTES,
    *extensions.ROUTES,
)

__all__ = ["ROUTES", "Route"]
