"""Public tenant routes (docs/partner-api.md §4): list, one tenant, create a trial/usage tenant.

Public routes serve the documented tenant object only; the extension fields are served
by the extension routes (:mod:`.extensions`).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from desktop.sandbox.common import (
    PERMISSIONS,
    ApiError,
    Reply,
    Request,
    dumps,
    has_control,
    page_args,
    pages,
)
from desktop.sandbox.data import GEOGRAPHY_REGIONS, REGION_GEOGRAPHY, TenantMeta
from desktop.sandbox.routes.base import route
from desktop.sandbox.state import partial_view, public_view

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer


def render(sb: SandboxServer, tenant: dict[str, Any], extended: bool) -> dict[str, Any]:
    """The tenant as served: all of it on extension routes, the public view elsewhere."""
    return tenant if extended else public_view(tenant)


def list_page(sb: SandboxServer, req: Request, extended: bool) -> Reply:
    """One numbered page of tenants (shared by the public and the extension route)."""
    page, size, with_total = page_args(req.query)
    fields = None
    if req.query.get("fields"):
        fields = [f.strip() for f in req.query["fields"].split(",") if f.strip()]
    faults = sb.faults
    state = sb.state
    churn = int(faults["churn_between_pages"])
    with state.lock:
        if page > 1 and churn:
            state.churn(churn)
        ids = state.sorted_ids[(page - 1) * size : page * size]
        if fields:
            items = [partial_view(state.tenants[t], fields, extended) for t in ids]
        else:
            items = [render(sb, state.tenants[t], extended) for t in ids]
        total = len(state.sorted_ids)
        data = dumps({"items": items, "pages": pages(page, size, total, with_total)})
    if faults["truncate_page"] is not None and faults["truncate_page"] == page:
        data = data[: len(data) // 2]
    return Reply(200, data)


def one(sb: SandboxServer, req: Request, extended: bool) -> Reply:
    with sb.state.lock:
        tenant = sb.state.tenants.get(req.params["tid"])
        if tenant is None:
            raise ApiError(404, f"tenant {req.params['tid']} not found")
        body = dumps(render(sb, tenant, extended))
    return Reply(200, body)


def list_tenants(sb: SandboxServer, req: Request) -> Reply:
    return list_page(sb, req, extended=False)


def get_tenant(sb: SandboxServer, req: Request) -> Reply:
    return one(sb, req, extended=False)


def create_tenant(sb: SandboxServer, req: Request) -> Reply:
    role = req.role
    if role not in PERMISSIONS["createTrial"] and role not in PERMISSIONS["createUsage"]:
        raise ApiError(403, f"{role} may not create customers")
    tenant = validate_new_tenant(req.json_body())
    if tenant["billingType"] == "usage":
        if "mspFlex" not in sb.programs:
            raise ApiError(403, "monthly accounts need the MSP Flex program")
        if role not in PERMISSIONS["createUsage"]:
            raise ApiError(403, "only a Partner Super Admin may create monthly accounts")
    elif role not in PERMISSIONS["createTrial"]:
        raise ApiError(403, f"{role} may not create customers")
    state = sb.state
    with state.lock:
        tid = str(uuid.UUID(int=state.rng.getrandbits(128), version=4))
        ordered: dict[str, Any] = {"id": tid}
        ordered.update(tenant)
        ordered["partner"] = {"id": sb.partner_id}
        ordered["organization"] = {"id": str(uuid.UUID(int=state.rng.getrandbits(128), version=4))}
        ordered["apiHost"] = None if tenant["billingType"] == "trial" else state.api_host
        ordered["status"] = "active"
        ordered["groups"] = []
        ordered["partnerAssistance"] = {"enabled": True, "request": None}
        ordered["managedCustomerOrder"] = False
        ordered["createdByPartner"] = True
        ordered["unlink"] = None
        meta = TenantMeta(state.rng.getrandbits(64), tenant["billingType"], True)
        state.add_tenant(ordered, meta)
        out = dumps(render(sb, ordered, extended=False))
    return Reply(201, out)


_CONTACT_REQUIRED = ("firstName", "lastName", "email", "phone")
_ADDRESS_REQUIRED = ("address1", "city", "countryCode", "postalCode")


def _req_str(obj: dict[str, Any], key: str, label: str, max_len: int = 255) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"{label}: required")
    value = value.strip()
    if len(value) > max_len:
        raise ApiError(400, f"{label}: must be at most {max_len} characters")
    if has_control(value):
        raise ApiError(400, f"{label}: must not contain control characters")
    return value


def validate_new_tenant(body: dict[str, Any]) -> dict[str, Any]:
    """The body of ``POST /partner/v1/tenants`` checked and normalised (400 on failure)."""
    name = _req_str(body, "name", "name", 100)
    billing = body.get("billingType")
    if billing not in ("trial", "usage"):
        raise ApiError(400, "billingType: must be trial or usage")
    geo = body.get("dataGeography")
    region = body.get("dataRegion")
    if geo is None and region is None:
        raise ApiError(400, "dataGeography: dataGeography or dataRegion is required")
    if region is not None:
        if region not in REGION_GEOGRAPHY:
            raise ApiError(400, f"dataRegion: unknown region {region!r}")
        if geo is not None and REGION_GEOGRAPHY[region] != geo:
            raise ApiError(400, f"dataGeography: {geo!r} does not match region {region}")
        geo = REGION_GEOGRAPHY[region]
    elif geo not in GEOGRAPHY_REGIONS:
        raise ApiError(400, f"dataGeography: unknown geography {geo!r}")
    else:
        region = GEOGRAPHY_REGIONS[geo][0]
    show_as = body.get("showAs", name)
    if not isinstance(show_as, str) or not 1 <= len(show_as.strip()) <= 100:
        raise ApiError(400, "showAs: must be 1-100 characters")
    if has_control(show_as):
        raise ApiError(400, "showAs: must not contain control characters")
    contact = body.get("contact")
    if not isinstance(contact, dict):
        raise ApiError(400, "contact: required")
    clean: dict[str, Any] = {}
    for key in _CONTACT_REQUIRED:
        clean[key] = _req_str(contact, key, f"contact.{key}")
    if "@" not in clean["email"] or clean["email"].startswith("@") or " " in clean["email"]:
        raise ApiError(400, "contact.email: not a valid email address")
    for key in ("mobile", "fax"):
        if isinstance(contact.get(key), str) and contact[key].strip():
            clean[key] = contact[key].strip()
    address = contact.get("address")
    if not isinstance(address, dict):
        raise ApiError(400, "contact.address: required")
    addr: dict[str, Any] = {}
    for key in _ADDRESS_REQUIRED:
        addr[key] = _req_str(address, key, f"contact.address.{key}")
    for key in ("address2", "address3", "state"):
        if isinstance(address.get(key), str) and address[key].strip():
            addr[key] = address[key].strip()
    clean["address"] = addr
    return {
        "name": name,
        "showAs": show_as.strip(),
        "dataGeography": geo,
        "dataRegion": region,
        "billingType": billing,
        "contact": clean,
    }


ROUTES = (
    route("GET", r"/partner/v1/tenants/?", "list_tenants", list_tenants),
    route("POST", r"/partner/v1/tenants/?", "create_tenant", create_tenant),
    route("GET", r"/partner/v1/tenants/(?P<tid>[^/]+)/?", "get_tenant", get_tenant),
)
