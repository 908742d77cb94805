"""Plain domain types shared by the client, the cache, the sync engine and the models.

No Qt here. Parsing is lenient (docs/partner-api.md §4): unknown keys stay in ``raw``,
optional fields may be missing, wrong types of optional fields are ignored; a
tenant without ``id`` or ``name`` is rejected with :class:`BadItem`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class BadItem(ValueError):
    """An item from the server that cannot be used (it is skipped with a warning)."""


class LicenceStatus(StrEnum):
    """The one status a licence cell shows (docs/architecture.md §3). Values are stable export names."""

    ACTIVE = "Active"
    EXPIRING = "Expiring"
    TRIAL = "Trial"
    TRIAL_EXPIRED = "Trial expired"
    EXPIRED = "Expired"
    LAPSED = "Lapsed"
    NOT_MANAGEABLE = "Not manageable"
    NONE = ""

    @property
    def is_active_protection(self) -> bool:
        return self in ACTIVE_PROTECTION


ACTIVE_PROTECTION = frozenset({LicenceStatus.ACTIVE, LicenceStatus.EXPIRING, LicenceStatus.TRIAL})

EXPIRING_DAYS = 30
LAPSED_DAYS = 60


class BillingType(StrEnum):
    TRIAL = "trial"
    TERM = "term"
    USAGE = "usage"  # "Monthly" in the UI
    OTHER = "other"

    @classmethod
    def parse(cls, value: object) -> BillingType:
        if isinstance(value, str):
            try:
                return cls(value.lower())
            except ValueError:
                return cls.OTHER
        return cls.OTHER


class AssistanceState(StrEnum):
    """Partner-assistance state shown in the table."""

    ENABLED = "enabled"
    PENDING = "pending"
    DECLINED = "declined"
    OFF = "off"
    UNKNOWN = "unknown"  # the server has no console extensions


# Licence categories, in table order (docs/partner-api.md §5). "Other" is last.
CATEGORIES: tuple[str, ...] = (
    "Endpoint",
    "Server",
    "Mobile",
    "Encryption",
    "Email",
    "Firewall",
    "Wireless",
    "ZTNA",
    "MDR",
    "Phish Threat",
    "Other",
)

CATEGORY_INDEX: dict[str, int] = {name: i for i, name in enumerate(CATEGORIES)}

# Licence classification (docs/licences.md has the table and where each fact comes
# from). Real product codes are SKUs (``CIXA-MSP``, ``SVRCIXAXDR``, ``CIXAMTR-STD-MSP``,
# ``CEMA-MSP``...), so a licence is placed by the *family* of its code and by *tokens*
# of its product name, never by an exact list of codes. Rules are tried in order; the
# first that matches wins, so the specific families (MDR before Server before Endpoint)
# come first.
#
# 1. Code families: a regular expression on the upper-cased code.
_CODE_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), category)
    for pattern, category in (
        (r"MDR|MTR", "MDR"),  # CIXAMTR-STD-MSP, SVRCIXAMTR-ADV-MSP, MDR-COMPLETE
        (r"PHISH", "Phish Threat"),  # CPHISH-MSP
        (r"ZTNA", "ZTNA"),
        (r"^XGS?(?![A-Z])|^XGS?_|^SFOS|^FW", "Firewall"),  # XGS2100-..., XG-..., xg_email_std
        (r"^CEM|^EMAIL", "Email"),  # CEMA-MSP, CEMA-PE-ADDON-MSP
        (r"^APX|^WIRELESS", "Wireless"),
        (r"^CM[SA](?![A-Z])|^MOBILE", "Mobile"),  # CMS-MSP, CMA-MSP
        (r"^CDE|^SDE", "Encryption"),  # CDE-MSP
        (r"^SVR", "Server"),  # SVRCIXAXDR, SVRCLOUDADV-MSP
        (r"^CIX|^CW7|^XDR(?![A-Z])", "Endpoint"),  # CIXA-MSP, CIXAXDR, CW7-SUP, XDR-MSP
    )
)
# 2. Words of the product name (and of a camelCase code such as ``interceptXServer``).
_NAME_TOKENS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"MDR", "MTR"}), "MDR"),
    (frozenset({"PHISH"}), "Phish Threat"),
    (frozenset({"ZTNA", "ZERO"}), "ZTNA"),
    (frozenset({"FIREWALL", "XG", "XGS"}), "Firewall"),
    (frozenset({"EMAIL"}), "Email"),
    (frozenset({"WIRELESS"}), "Wireless"),
    (frozenset({"MOBILE"}), "Mobile"),
    (frozenset({"ENCRYPTION"}), "Encryption"),
    (frozenset({"SERVER", "SERVERS", "SVR"}), "Server"),
    (frozenset({"ENDPOINT", "INTERCEPT", "XDR"}), "Endpoint"),
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _words(text: str) -> set[str]:
    """``"interceptXAdvancedServer"`` -> {INTERCEPT, X, ADVANCED, SERVER}; also plain words."""
    return {w.upper() for w in _WORD.findall(text)}


@functools.lru_cache(maxsize=4096)
def category_of(product_code: str | None, product_name: str | None = "") -> str:
    """The table category of a licence from its product code family and name tokens.

    Unknown products go to "Other" (never dropped; the UI shows their product name).
    """
    code = (product_code or "").strip()
    upper = code.upper()
    for pattern, category in _CODE_FAMILIES:
        if pattern.search(upper):
            return category
    words = _words(product_name or "") | _words(code)
    # "Managed Detection and Response", "Managed Threat Response"
    if "MANAGED" in words and words & {"DETECTION", "RESPONSE"}:
        return "MDR"
    for tokens, category in _NAME_TOKENS:
        if words & tokens:
            return category
    return "Other"


def fold(text: str) -> str:
    """Case- and accent-insensitive form used by search ("Società" -> "societa")."""
    if text.isascii():  # nothing to decompose; for ASCII, casefold() == lower() (3-10x faster)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.translate(_STRIP_COMBINING).casefold()


class _StripCombining(dict[int, int | None]):
    """``str.translate`` table that drops combining marks; filled lazily per code point."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_STRIP_COMBINING = _StripCombining()


# ---------------------------------------------------------------- parsing helpers


def _str(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _dict(obj: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    value = obj.get(key)
    return value if isinstance(value, dict) else None


def _bool(obj: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = obj.get(key)
    return value if isinstance(value, bool) else default


def parse_date(value: object) -> dt.date | None:
    """Dates come as "2026-01-31" or as ISO timestamps; anything else is None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- tenants


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


# ---------------------------------------------------------------- licences


@dataclass(frozen=True, slots=True)
class Licence:
    tenant_id: str
    id: str
    product_code: str
    product_name: str = ""
    licence_identifier: str = ""
    generic_code: str = ""
    type: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    perpetual: bool = False
    quantity: int | None = None
    unlimited: bool = False
    usage_count: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def category(self) -> str:
        return category_of(self.product_code, self.product_name)

    @property
    def is_trial(self) -> bool:
        return self.type == "trial"

    def status(self, today: dt.date) -> LicenceStatus:
        return licence_status(self.type, self.end_date, self.perpetual, today)

    def raw_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def parse_licence(tenant_id: str, obj: object) -> Licence:
    if not isinstance(obj, dict):
        raise BadItem(f"licence of {tenant_id} is not an object")
    product = _dict(obj, "product") or {}
    code = _str(product, "code") or _str(obj, "productCode") or ""
    lic_id = _str(obj, "id") or _str(obj, "licenseIdentifier")
    if not lic_id:
        raise BadItem(f"licence of {tenant_id} without id")
    usage = _dict(obj, "usage") or {}
    current = _dict(usage, "current") or {}
    return Licence(
        tenant_id=tenant_id,
        id=lic_id,
        product_code=code,
        product_name=_str(product, "name") or code,
        licence_identifier=_str(obj, "licenseIdentifier") or "",
        generic_code=_str(product, "genericCode") or "",
        type=(_str(obj, "type") or "").lower(),
        start_date=parse_date(obj.get("startDate")),
        end_date=parse_date(obj.get("endDate")),
        perpetual=_bool(obj, "perpetual") or obj.get("type") == "perpetual",
        quantity=_int(obj.get("quantity")),
        unlimited=_bool(obj, "unlimited"),
        usage_count=_int(current.get("count")),
        raw=dict(obj),
    )


def licence_status(
    licence_type: str, end_date: dt.date | None, perpetual: bool, today: dt.date
) -> LicenceStatus:
    """Status of one licence on ``today`` (docs/architecture.md §3)."""
    if licence_type == "trial":
        if end_date is None or end_date >= today:
            return LicenceStatus.TRIAL
        return LicenceStatus.TRIAL_EXPIRED
    if perpetual or end_date is None:
        return LicenceStatus.ACTIVE
    days_left = (end_date - today).days
    if days_left > EXPIRING_DAYS:
        return LicenceStatus.ACTIVE
    if days_left >= 0:
        return LicenceStatus.EXPIRING
    if -days_left < LAPSED_DAYS:
        return LicenceStatus.EXPIRED
    return LicenceStatus.LAPSED


# When a customer has several licences in one category the cell shows the best.
STATUS_RANK: dict[LicenceStatus, int] = {
    LicenceStatus.ACTIVE: 7,
    LicenceStatus.EXPIRING: 6,
    LicenceStatus.TRIAL: 5,
    LicenceStatus.EXPIRED: 4,
    LicenceStatus.TRIAL_EXPIRED: 3,
    LicenceStatus.LAPSED: 2,
    LicenceStatus.NOT_MANAGEABLE: 1,
    LicenceStatus.NONE: 0,
}


# A compact per-category summary stored with each customer so that statuses can be
# recomputed for any "today" without reading every licence: for each category the
# latest paid end date and the latest trial end date ("P" = perpetual / no end date).
CategorySummary = dict[str, tuple[str | None, str | None]]


def summarize(licences: Iterable[Licence]) -> CategorySummary:
    best: dict[str, list[str | None]] = {}
    for lic in licences:
        slot = best.setdefault(lic.category, [None, None])
        idx = 1 if lic.is_trial else 0
        if lic.end_date is None or (lic.perpetual and not lic.is_trial):
            end = "P"
        else:
            end = lic.end_date.isoformat()
        cur = slot[idx]
        if cur is None or (cur != "P" and (end == "P" or end > cur)):
            slot[idx] = end
    return {cat: (v[0], v[1]) for cat, v in best.items()}


def encode_summary(summary: CategorySummary) -> str:
    """``"Endpoint=2027-01-31|;Email=|2026-12-01"`` — small and fast to decode."""
    return ";".join(f"{cat}={paid or ''}|{trial or ''}" for cat, (paid, trial) in summary.items())


def decode_summary(text: str) -> CategorySummary:
    out: CategorySummary = {}
    if not text:
        return out
    for part in text.split(";"):
        cat, _, rest = part.partition("=")
        paid, _, trial = rest.partition("|")
        out[cat] = (paid or None, trial or None)
    return out


class StatusCalculator:
    """Turns category summaries into statuses for one ``today``; memoised per end date."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._paid: dict[str, LicenceStatus] = {}
        self._trial: dict[str, LicenceStatus] = {}
        self._parts: dict[str, tuple[int, LicenceStatus]] = {}
        self._shared: dict[tuple[LicenceStatus, ...], tuple[LicenceStatus, ...]] = {}

    def _paid_status(self, end: str) -> LicenceStatus:
        st = self._paid.get(end)
        if st is None:
            date = None if end == "P" else parse_date(end)
            st = licence_status("term", date, end == "P", self.today)
            self._paid[end] = st
        return st

    def _trial_status(self, end: str) -> LicenceStatus:
        st = self._trial.get(end)
        if st is None:
            date = None if end == "P" else parse_date(end)
            st = licence_status("trial", date, False, self.today)
            self._trial[end] = st
        return st

    def category_status(self, paid: str | None, trial: str | None) -> LicenceStatus:
        p = self._paid_status(paid) if paid else LicenceStatus.NONE
        t = self._trial_status(trial) if trial else LicenceStatus.NONE
        return p if STATUS_RANK[p] >= STATUS_RANK[t] else t

    def statuses(self, encoded: str, manageable: bool = True) -> tuple[LicenceStatus, ...]:
        """One status per entry of :data:`CATEGORIES`.

        Memoised per ``category=paid|trial`` part (parts repeat far more than whole
        summaries) and equal results share one tuple: loading 100k customers parses
        each distinct part once and keeps a few hundred status tuples, not 100k.
        """
        if not manageable:
            return _ALL_NOT_MANAGEABLE
        if not encoded:
            return _ALL_NONE
        parts = self._parts
        rank = STATUS_RANK
        result = list(_ALL_NONE)
        for part in encoded.split(";"):
            hit = parts.get(part)
            if hit is None:
                cat, _, rest = part.partition("=")
                paid, _, trial = rest.partition("|")
                idx = CATEGORY_INDEX.get(cat, _OTHER_INDEX)
                hit = (idx, self.category_status(paid or None, trial or None))
                parts[part] = hit
            idx, st = hit
            if rank[st] > rank[result[idx]]:
                result[idx] = st
        key = tuple(result)
        return self._shared.setdefault(key, key)


_ALL_NONE: tuple[LicenceStatus, ...] = (LicenceStatus.NONE,) * len(CATEGORIES)
_ALL_NOT_MANAGEABLE: tuple[LicenceStatus, ...] = (LicenceStatus.NOT_MANAGEABLE,) * len(CATEGORIES)
_OTHER_INDEX = CATEGORY_INDEX["Other"]


def category_statuses(
    licences: Iterable[Licence], today: dt.date, manageable: bool = True
) -> dict[str, LicenceStatus]:
    """Reference computation: category -> status for the given licences (empty = NONE)."""
    calc = StatusCalculator(today)
    statuses = calc.statuses(encode_summary(summarize(licences)), manageable)
    return dict(zip(CATEGORIES, statuses, strict=True))


# ---------------------------------------------------------------- groups and rows


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    description: str = ""
    tenant_count: int = 0


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the server offers this credential (from ``/partner/v1/extensions``)."""

    extensions: bool = False
    features: frozenset[str] = frozenset()
    role: str = ""
    partner_name: str = ""
    programs: frozenset[str] = frozenset()

    @property
    def is_super_admin(self) -> bool:
        return self.role == "Partner Super Admin"

    def has(self, feature: str) -> bool:
        return self.extensions and feature in self.features


@dataclass(slots=True)
class CustomerRow:
    """One customer as the table shows it: plain data, prepared off the GUI thread."""

    id: str
    name: str
    show_as: str
    email: str
    billing_type: BillingType
    groups: tuple[str, ...]
    assistance: AssistanceState
    managed_customer_order: bool
    data_region: str
    data_geography: str
    last_synced: str  # ISO timestamp of the sync that last saw this customer
    removed_at: str | None
    manageable: bool
    statuses: tuple[LicenceStatus, ...]  # one per CATEGORIES entry
    unlink_status: str | None = None
    search_key: str = ""  # fold(name + show_as + email + id), filled by the loader

    @property
    def display_name(self) -> str:
        return self.show_as or self.name


def make_search_key(name: str, show_as: str, email: str, tenant_id: str) -> str:
    return fold("\x1f".join((name, show_as, email, tenant_id)))
