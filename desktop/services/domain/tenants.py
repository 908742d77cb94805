"""Tenants as the Partner API describes them: address, contact, the tenant itself."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from desktop.services.domain.core import AssistanceState, BadItem, BillingType, _bool, _dict, _str


@dataclass(frozen=True, slots=True)
class Address:
    address1: str = ""
    address2: str = ""
    address3: str = ""
    city: str = ""
    state: str = ""
    country_code: str = ""
    postal_code: str = ""

    def lines(self) -> list[str]:
        city_line = " ".join(p for p in (self.postal_code, self.city, self.state) if p)
        parts = [self.address1, self.address2, self.address3, city_line, self.country_code]
        return [p for p in parts if p]


@dataclass(frozen=True, slots=True)
class Contact:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    fax: str = ""
    address: Address | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def parse_contact(value: object) -> Contact | None:
    if not isinstance(value, dict):
        return None
    addr_obj = _dict(value, "address")
    address = None
    if addr_obj is not None:
        address = Address(
            address1=_str(addr_obj, "address1") or "",
            address2=_str(addr_obj, "address2") or "",
            address3=_str(addr_obj, "address3") or "",
            city=_str(addr_obj, "city") or "",
            state=_str(addr_obj, "state") or "",
            country_code=_str(addr_obj, "countryCode") or "",
            postal_code=_str(addr_obj, "postalCode") or "",
        )
    contact = Contact(
        first_name=_str(value, "firstName") or "",
        last_name=_str(value, "lastName") or "",
        email=_str(value, "email") or "",
        phone=_str(value, "phone") or "",
        mobile=_str(value, "mobile") or "",
        fax=_str(value, "fax") or "",
        address=address,
    )
    if not (contact.full_name or contact.email or contact.phone or address):
        return None
    return contact


@dataclass(frozen=True, slots=True)
class Tenant:
    id: str
    name: str
    show_as: str
    billing_type: BillingType
    data_geography: str = ""
    data_region: str = ""
    api_host: str | None = None
    status: str = ""
    partner_id: str = ""
    organization_id: str = ""
    contact: Contact | None = None
    products: tuple[str, ...] = ()
    group_ids: tuple[str, ...] = ()
    assistance: AssistanceState = AssistanceState.UNKNOWN
    assistance_requested_at: str | None = None
    managed_customer_order: bool = False
    created_by_partner: bool = False
    unlink_status: str | None = None
    unlink_effective_at: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def display_name(self) -> str:
        return self.show_as or self.name

    def raw_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def parse_tenant(obj: object) -> Tenant:
    """Lenient tenant parser. Raises :class:`BadItem` when ``id``/``name`` are unusable."""
    if not isinstance(obj, dict):
        raise BadItem(f"tenant is not an object: {type(obj).__name__}")
    tenant_id = obj.get("id")
    if not isinstance(tenant_id, str) or not tenant_id.strip():
        raise BadItem("tenant without a usable id")
    name = obj.get("name")
    if not isinstance(name, str):
        raise BadItem(f"tenant {tenant_id} without a usable name")
    show_as = _str(obj, "showAs") or name

    products: list[str] = []
    raw_products = obj.get("products")
    if isinstance(raw_products, list):
        for p in raw_products:
            if isinstance(p, dict) and isinstance(p.get("code"), str):
                products.append(p["code"])

    group_ids: list[str] = []
    raw_groups = obj.get("groups")
    if isinstance(raw_groups, list):
        for g in raw_groups:
            if isinstance(g, dict) and isinstance(g.get("id"), str):
                group_ids.append(g["id"])
            elif isinstance(g, str):
                group_ids.append(g)

    assistance = AssistanceState.UNKNOWN
    requested_at: str | None = None
    pa = obj.get("partnerAssistance")
    if isinstance(pa, dict):
        if pa.get("enabled") is True:
            assistance = AssistanceState.ENABLED
        else:
            assistance = AssistanceState.OFF
            req = pa.get("request")
            if isinstance(req, dict):
                st = req.get("status")
                if st == "pending":
                    assistance = AssistanceState.PENDING
                elif st == "declined":
                    assistance = AssistanceState.DECLINED
                elif st == "approved":
                    assistance = AssistanceState.ENABLED
                requested_at = _str(req, "requestedAt")

    unlink = _dict(obj, "unlink")
    partner = _dict(obj, "partner") or {}
    organization = _dict(obj, "organization") or {}
    return Tenant(
        id=tenant_id,
        name=name,
        show_as=show_as,
        billing_type=BillingType.parse(obj.get("billingType")),
        data_geography=_str(obj, "dataGeography") or "",
        data_region=_str(obj, "dataRegion") or "",
        api_host=_str(obj, "apiHost"),
        status=_str(obj, "status") or "",
        partner_id=_str(partner, "id") or "",
        organization_id=_str(organization, "id") or "",
        contact=parse_contact(obj.get("contact")),
        products=tuple(products),
        group_ids=tuple(group_ids),
        assistance=assistance,
        assistance_requested_at=requested_at,
        managed_customer_order=_bool(obj, "managedCustomerOrder"),
        created_by_partner=_bool(obj, "createdByPartner"),
        unlink_status=_str(unlink, "status") if unlink else None,
        unlink_effective_at=_str(unlink, "effectiveAt") if unlink else None,
        raw=dict(obj),
    )
