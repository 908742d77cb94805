"""Partner-level routes of the licensing and billing APIs (docs/partner-api.md §5):
firewall licences and monthly billing usage."""

from __future__ import annotations

import datetime as dt
import zlib
from typing import TYPE_CHECKING, Any

from desktop.sandbox.common import (
    MAX_PAGE_SIZE,
    ApiError,
    Reply,
    Request,
    bool_param,
    dumps,
    int_param,
    page_args,
    pages,
)
from desktop.sandbox.routes.base import route

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer


def firewall_licences(sb: SandboxServer, req: Request) -> Reply:
    """``X-Tenant-ID``: that tenant's firewalls; else ``X-Partner-ID``: every firewall."""
    page, size, with_total = page_args(req.query)
    tid = req.header("X-Tenant-ID").strip()
    state = sb.state
    if tid:
        forbidden = frozenset(sb.faults["forbidden_tenants"])
        with state.lock:
            if not state.is_manageable(tid, forbidden):
                raise ApiError(403, "the partner may not manage this tenant")
            everything = state.firewalls_of(tid)
    else:
        sb.check_partner(req)
        with state.lock:
            everything = state.all_firewalls()
    chunk = everything[(page - 1) * size : page * size]
    return Reply(
        200, dumps({"items": chunk, "pages": pages(page, size, len(everything), with_total)})
    )


def _usage_items(sb: SandboxServer, year: int, month: int) -> list[dict[str, Any]]:
    """Every line of a month, built once per data version: a key page is a slice of it
    (building it for every page made a 100k-customer month quadratic)."""
    state = sb.state
    key = (state.version, year, month)
    cached = state.billing_cache.get(key)
    if cached is None:
        cached = _build_usage_items(sb, year, month)
        if len(state.billing_cache) > 8:
            state.billing_cache.clear()
        state.billing_cache[key] = cached
    return cached


def _build_usage_items(sb: SandboxServer, year: int, month: int) -> list[dict[str, Any]]:
    state = sb.state
    start = dt.date(year, month, 1)
    end = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    items: list[dict[str, Any]] = []
    this_month = dt.date(state.today.year, state.today.month, 1)
    with state.lock:
        for tid in state.sorted_ids:
            tenant = state.tenants[tid]
            if tenant["billingType"] != "usage":
                continue
            contact = tenant.get("contact") or {}
            for n, lic in enumerate(state.licences[tid]):
                if lic.get("type") != "usage":
                    continue
                product = lic["product"]
                count = int(lic["usage"]["current"]["count"])
                if start < this_month:  # earlier months: a little less, the same each time
                    count = max(0, count - zlib.crc32(f"{tid}{start}".encode()) % 4)
                items.append(
                    {
                        "partnerAccountId": sb.partner_id,
                        "partnerAccountName": sb.partner_name,
                        "billingStartDate": start.isoformat(),
                        "billingEndDate": end.isoformat(),
                        "orderNumber": f"MSP{year}{month:02d}",
                        "orderLineItemNumber": n + 1,
                        "accountNumberOrSerialNumber": lic["licenseIdentifier"],
                        "productDescription": product["name"],
                        "productGroup": product["genericCode"],
                        "sku": product["code"],
                        "productCode": product["code"],
                        "billableQuantity": count,
                        "orderedQuantity": count,
                        "actualQuantity": count,
                        "accountId": tid,
                        "accountName": tenant["name"],
                        "accountStatus": "active",
                        "contactName": f"{contact.get('firstName', '')} "
                        f"{contact.get('lastName', '')}".strip(),
                        "contactEmail": contact.get("email", ""),
                        "unitPrice": "1.40",
                        "unitPriceCurrency": "EUR",
                        "netPrice": f"{count * 1.4:.2f}",
                        "netPriceCurrency": "EUR",
                    }
                )
    return items


def billing_usage(sb: SandboxServer, req: Request) -> Reply:
    """Key paging: ``pages{fromKey, nextKey, size, maxSize[, total, items]}``."""
    try:
        year, month = int(req.params["year"]), int(req.params["month"])
        first = dt.date(year, month, 1)
    except ValueError:
        raise ApiError(404, "No data for requested year or month") from None
    today = sb.state.today
    this_month = dt.date(today.year, today.month, 1)
    if first > this_month or (this_month - first).days > 366:
        raise ApiError(404, "No data for requested year or month")
    size = int_param(req.query.get("pageSize"), "pageSize", 50)
    if size > MAX_PAGE_SIZE:
        raise ApiError(400, f"pageSize must be <= {MAX_PAGE_SIZE}")
    items = _usage_items(sb, year, month)
    account = req.query.get("accountId")
    if account:
        items = [i for i in items if i["accountId"] == account]
    email = req.query.get("contactEmail")
    if email:
        items = [i for i in items if i["contactEmail"] == email]
    key = req.query.get("pageFromKey") or "0"
    if not key.isdigit():
        raise ApiError(400, "pageFromKey: not a key this route gave out")
    offset = int(key)
    chunk = items[offset : offset + size]
    page: dict[str, Any] = {"fromKey": key, "size": size, "maxSize": MAX_PAGE_SIZE}
    if offset + size < len(items):
        page["nextKey"] = str(offset + size)
    if bool_param(req.query.get("pageTotal")):
        page["total"] = -(-len(items) // size) if items else 0
        page["items"] = len(items)
    return Reply(200, dumps({"items": chunk, "pages": page}))


ROUTES = (
    route(
        "GET",
        r"/licenses/v1/licenses/firewalls/?",
        "firewall_licences",
        firewall_licences,
        partner=False,  # X-Partner-ID or X-Tenant-ID; checked by the route
    ),
    route(
        "GET",
        r"/partner/v1/billing/usage/(?P<year>\d{4})/(?P<month>\d{1,2})/?",
        "billing_usage",
        billing_usage,
    ),
)
