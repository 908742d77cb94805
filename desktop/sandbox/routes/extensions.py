"""Console extensions (docs/partner-api.md §7): our own routes in the public API's style.

Extension data about tenants (groups, partner assistance, managed customer order,
created by partner, unlink) is served here only: ``GET /partner/v1/extensions/tenants``
(same paging as ``/partner/v1/tenants``) and ``.../extensions/tenants/{id}``.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from desktop.sandbox.common import ApiError, Reply, Request, dumps, has_control, now_iso
from desktop.sandbox.data import licence_identifier, next_month_start
from desktop.sandbox.routes.base import route
from desktop.sandbox.routes.tenants import list_page, one

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer
    from desktop.sandbox.state import SandboxState

FEATURES: tuple[str, ...] = (
    "rename",
    "groups",
    "unlink",
    "billingType",
    "partnerAssistance",
    "launch",
    "bulkLicenses",
    "tenantExtensions",
)


def extensions(sb: SandboxServer, req: Request) -> Reply:
    return Reply.json(
        200,
        {
            "features": list(sb.features()),
            "role": req.role,
            "partner": {"name": sb.partner_name, "programs": list(sb.programs)},
        },
    )


def list_tenants(sb: SandboxServer, req: Request) -> Reply:
    return list_page(sb, req, extended=True)


def get_tenant(sb: SandboxServer, req: Request) -> Reply:
    return one(sb, req, extended=True)


def list_groups(sb: SandboxServer, req: Request) -> Reply:
    with sb.state.lock:
        items = [dict(g) for g in sb.state.groups.values()]
    return Reply.json(200, {"items": items})


def group_add(sb: SandboxServer, req: Request) -> Reply:
    req.require("groups")
    ids = req.json_body().get("tenantIds")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ApiError(400, "tenantIds: must be a non-empty list of tenant ids")
    gid = req.params["gid"]
    state = sb.state
    with state.lock:
        group = state.groups.get(gid)
        if group is None:
            raise ApiError(404, f"customer group {gid} not found")
        unknown = [i for i in ids if i not in state.tenants]
        if unknown:
            raise ApiError(404, f"tenant {unknown[0]} not found")
        added = sum(1 for i in ids if state.join_group(gid, i))
        state.refresh_group_counts()
        out = dict(group)
    out["added"] = added
    return Reply.json(200, out)


def group_remove(sb: SandboxServer, req: Request) -> Reply:
    req.require("groups")
    gid, tid = req.params["gid"], req.params["tid"]
    state = sb.state
    with state.lock:
        group = state.groups.get(gid)
        if group is None:
            raise ApiError(404, f"customer group {gid} not found")
        if tid not in state.tenants:
            raise ApiError(404, f"tenant {tid} not found")
        if not state.leave_group(gid, tid):
            raise ApiError(404, f"tenant {tid} is not in this group")
        state.refresh_group_counts()
        out = dict(group)
    return Reply.json(200, out)


def _tenant(sb: SandboxServer, tid: str) -> dict[str, Any]:
    tenant = sb.state.tenants.get(tid)
    if tenant is None:
        raise ApiError(404, f"tenant {tid} not found")
    return tenant


def rename_tenant(sb: SandboxServer, req: Request) -> Reply:
    req.require("rename")
    show_as = req.json_body().get("showAs")
    if not isinstance(show_as, str):
        raise ApiError(400, "showAs: required string")
    show_as = show_as.strip()
    if not 1 <= len(show_as) <= 100:
        raise ApiError(400, "showAs: must be 1-100 characters")
    if has_control(show_as):
        raise ApiError(400, "showAs: must not contain control characters")
    with sb.state.lock:
        tenant = _tenant(sb, req.params["tid"])
        tenant["showAs"] = show_as
        out = dumps(tenant)  # an extension route: the full object
    return Reply(200, out)


def assistance_request(sb: SandboxServer, req: Request) -> Reply:
    req.require("partnerAssistance")
    with sb.state.lock:
        tenant = _tenant(sb, req.params["tid"])
        pa = tenant["partnerAssistance"]
        if pa.get("enabled"):
            raise ApiError(409, "partner assistance is already enabled")
        pending = pa.get("request")
        if pending and pending.get("status") == "pending":
            raise ApiError(409, "a partner-assistance request is already pending")
        pa["request"] = {"status": "pending", "requestedAt": now_iso()}
    return Reply.json(202, {"status": "pending"})


def launch(sb: SandboxServer, req: Request) -> Reply:
    req.require("launch")
    tid = req.params["tid"]
    with sb.state.lock:
        tenant = _tenant(sb, tid)
        if not tenant["partnerAssistance"].get("enabled"):
            raise ApiError(403, "partner assistance is not enabled for this customer")
    url = (
        "https://central.sophos.com/manage/partner/launch"
        f"?tenantId={tid}&ticket={secrets.token_urlsafe(16)}"
    )
    return Reply.json(200, {"url": url})


def _to_usage(state: SandboxState, tenant: dict[str, Any]) -> None:
    tenant["billingType"] = "usage"
    tenant["partnerAssistance"]["enabled"] = True
    if tenant.get("apiHost") is None:
        tenant["apiHost"] = state.api_host


def billing_type(sb: SandboxServer, req: Request) -> Reply:
    req.require("billingType")
    body = req.json_body()
    target = body.get("billingType")
    if target not in ("trial", "term", "usage"):
        raise ApiError(400, "billingType: must be trial, term or usage")
    key = body.get("licenseKey")
    state = sb.state
    with state.lock:
        tenant = _tenant(sb, req.params["tid"])
        current = tenant["billingType"]
        if current == target:
            raise ApiError(409, f"the customer is already {current}")
        if current == "trial" and target == "usage":
            if "mspFlex" not in sb.programs:
                raise ApiError(403, "monthly billing needs the MSP Flex program")
            yesterday = (state.today - dt.timedelta(days=1)).isoformat()
            for lic in state.licences[tenant["id"]]:
                if lic.get("type") == "trial" and (
                    "endDate" not in lic or lic["endDate"] >= state.today.isoformat()
                ):
                    lic["endDate"] = yesterday
            _to_usage(state, tenant)
        elif current == "term" and target == "usage":
            _to_usage(state, tenant)
        elif current == "usage" and target == "term":
            if not isinstance(key, str) or not key.strip():
                raise ApiError(400, "licenseKey: required to change usage to term")
            tenant["billingType"] = "term"
            lic_rng = random.Random(key)
            state.licences[tenant["id"]].append(
                {
                    "id": str(uuid.UUID(int=lic_rng.getrandbits(128), version=4)),
                    "licenseIdentifier": key.strip() or licence_identifier(lic_rng),
                    "product": {
                        "code": "CIXA-MSP",
                        "name": "Central Intercept X Advanced",
                        "genericCode": "endpoint",
                    },
                    "startDate": state.today.isoformat(),
                    "endDate": (state.today + dt.timedelta(days=365)).isoformat(),
                    "perpetual": False,
                    "type": "term",
                    "quantity": 25,
                    "unlimited": False,
                    "usage": {
                        "current": {
                            "count": 0,
                            "date": state.today.isoformat(),
                            "collectedAt": f"{state.today.isoformat()}T00:00:00Z",
                        }
                    },
                }
            )
        elif target == "trial":
            raise ApiError(409, "a customer cannot go back to trial")
        else:  # trial -> term
            raise ApiError(
                409, "a trial becomes term by ordering a licence, not by a billing change"
            )
        state.version += 1
        out = dumps(tenant)
    return Reply(200, out)


def unlink_blocker(licences: list[dict[str, Any]], today: dt.date) -> str | None:
    for lic in licences:
        if lic.get("type") == "trial" or lic.get("revoked"):
            continue
        code = (lic.get("product") or {}).get("code", "?")
        ident = lic.get("licenseIdentifier")
        if lic.get("perpetual") or not lic.get("endDate"):
            return f"licence {ident} ({code}) is active"
        end = dt.date.fromisoformat(lic["endDate"][:10])
        if end >= today:
            return f"licence {ident} ({code}) is active until {end}"
        if (today - end).days < 60:
            return f"licence {ident} ({code}) expired on {end}, less than 60 days ago"
    return None


def unlink(sb: SandboxServer, req: Request) -> Reply:
    req.require("unlink")
    req.json_body()  # must be valid JSON when present
    state = sb.state
    with state.lock:
        tenant = _tenant(sb, req.params["tid"])
        if tenant["billingType"] == "usage":
            if tenant.get("unlink"):
                raise ApiError(409, "unlinking is already scheduled")
            effective = next_month_start(state.today).isoformat()
            tenant["unlink"] = {"status": "scheduled", "effectiveAt": effective}
            out: dict[str, Any] = {"status": "scheduled", "effectiveAt": effective}
        else:
            reason = unlink_blocker(state.licences[tenant["id"]], state.today)
            if reason:
                raise ApiError(409, reason)
            state.unlinked[tenant["id"]] = tenant
            state.remove_tenant(tenant["id"])
            out = {"status": "unlinked"}
    return Reply.json(200, out)


_TID = r"(?P<tid>[^/]+)"
_GID = r"(?P<gid>[^/]+)"

ROUTES = (
    route("GET", r"/partner/v1/extensions/?", "extensions", extensions, extension=True),
    route(
        "GET",
        r"/partner/v1/extensions/tenants/?",
        "ext_list_tenants",
        list_tenants,
        extension=True,
        feature="tenantExtensions",
    ),
    route(
        "GET",
        rf"/partner/v1/extensions/tenants/{_TID}/?",
        "ext_get_tenant",
        get_tenant,
        extension=True,
        feature="tenantExtensions",
    ),
    route(
        "PATCH", rf"/partner/v1/tenants/{_TID}/?", "rename_tenant", rename_tenant, extension=True
    ),
    route("GET", r"/partner/v1/customer-groups/?", "list_groups", list_groups, extension=True),
    route(
        "POST",
        rf"/partner/v1/customer-groups/{_GID}/tenants/?",
        "group_add",
        group_add,
        extension=True,
    ),
    route(
        "DELETE",
        rf"/partner/v1/customer-groups/{_GID}/tenants/{_TID}/?",
        "group_remove",
        group_remove,
        extension=True,
    ),
    route(
        "POST",
        rf"/partner/v1/tenants/{_TID}/partner-assistance/request/?",
        "assistance_request",
        assistance_request,
        extension=True,
    ),
    route("GET", rf"/partner/v1/tenants/{_TID}/launch/?", "launch", launch, extension=True),
    route(
        "POST",
        rf"/partner/v1/tenants/{_TID}/billing-type/?",
        "billing_type",
        billing_type,
        extension=True,
    ),
    route("POST", rf"/partner/v1/tenants/{_TID}/unlink/?", "unlink", unlink, extension=True),
)
