"""Licence routes: per tenant (public, docs/partner-api.md §5) and in bulk (extension, §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.sandbox.common import ApiError, Reply, Request, dumps, page_args, pages
from desktop.sandbox.routes.base import route

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer


def tenant_licences(sb: SandboxServer, req: Request) -> Reply:
    tid = req.header("X-Tenant-ID").strip()
    if not tid:
        raise ApiError(400, "X-Tenant-ID header is required")
    forbidden = frozenset(sb.faults["forbidden_tenants"])
    state = sb.state
    with state.lock:
        if not state.is_manageable(tid, forbidden):
            raise ApiError(403, "the partner may not manage this tenant")
        tenant = state.tenants[tid]
        body = {
            "tenant": {"id": tid},
            "organization": {"id": (tenant.get("organization") or {}).get("id", "")},
            "licenses": state.licences[tid],
        }
        data = dumps(body)
    return Reply(200, data)


def bulk_licences(sb: SandboxServer, req: Request) -> Reply:
    page, size, with_total = page_args(req.query)
    forbidden = frozenset(sb.faults["forbidden_tenants"])
    state = sb.state
    with state.lock:
        ids = state.manageable_ids(forbidden)
        chunk = ids[(page - 1) * size : page * size]
        items = [{"tenantId": t, "licenses": state.licences[t]} for t in chunk]
        data = dumps({"items": items, "pages": pages(page, size, len(ids), with_total)})
    return Reply(200, data)


ROUTES = (
    route("GET", r"/licenses/v1/licenses/?", "tenant_licences", tenant_licences, partner=False),
    route(
        "GET",
        r"/partner/v1/licenses/?",
        "bulk_licences",
        bulk_licences,
        extension=True,
        feature="bulkLicenses",
    ),
)
