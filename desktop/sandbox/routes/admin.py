"""``/_sandbox/*``: sandbox-only admin routes, no token needed (docs/partner-api.md §7, §8)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from desktop.sandbox.common import ApiError, Reply, Request

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer

PREFIX = "/_sandbox/"
_APPROVE = re.compile(r"/_sandbox/tenants/([^/]+)/approve-assistance/?")


def handle(sb: SandboxServer, req: Request) -> Reply:
    if req.path.rstrip("/") == "/_sandbox/faults":
        if req.method == "GET":
            return Reply.json(200, sb.faults)
        if req.method == "POST":
            changes = req.json_body()
            try:
                sb.set_faults(**changes)
            except ValueError as exc:
                raise ApiError(400, str(exc)) from None
            return Reply.json(200, sb.faults)
        raise ApiError(405, "use GET or POST")
    m = _APPROVE.fullmatch(req.path)
    if m and req.method == "POST":
        return approve_assistance(sb, unquote(m.group(1)))
    raise ApiError(404, f"no route {req.method} {req.path}")


def approve_assistance(sb: SandboxServer, tid: str) -> Reply:
    """The customer's side of a partner-assistance request (demo only)."""
    state = sb.state
    with state.lock:
        tenant = state.tenants.get(tid)
        if tenant is None:
            raise ApiError(404, f"tenant {tid} not found")
        pa = tenant["partnerAssistance"]
        pending = pa.get("request")
        if pa.get("enabled") or not pending or pending.get("status") != "pending":
            raise ApiError(409, "no pending partner-assistance request")
        pa["enabled"] = True
        pa["request"] = {"status": "approved", "requestedAt": pending.get("requestedAt")}
        state.version += 1
        return Reply.json(200, tenant)
