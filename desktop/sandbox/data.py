"""Deterministic, realistic sandbox data (PARTNER_API.md §4, §5, §7, §8).

Standard library only; imports nothing from the rest of ``desktop``.

Tenants are generated eagerly (fast: ~1 s per 100,000); licences are generated lazily
per tenant from a per-tenant seed, so the result never depends on the order in which
tenants are asked for. The same ``(customers, seed, today)`` gives byte-identical data.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

# region -> geography (PARTNER_API.md §1)
REGION_GEOGRAPHY: dict[str, str] = {
    "us01": "US",
    "us02": "US",
    "us03": "US",
    "eu01": "IE",
    "eu02": "DE",
    "ca01": "CA",
    "au01": "AU",
    "jp01": "JP",
    "br01": "BR",
    "in01": "IN",
}
GEOGRAPHY_REGIONS: dict[str, tuple[str, ...]] = {
    "US": ("us01", "us03"),
    "IE": ("eu01",),
    "DE": ("eu02",),
    "CA": ("ca01",),
    "AU": ("au01",),
    "JP": ("jp01",),
    "BR": ("br01",),
    "IN": ("in01",),
}

PRODUCTS: dict[str, tuple[str, str]] = {
    # code -> (name, genericCode)
    "endpointProtection": ("Central Endpoint Protection", "endpoint"),
    "interceptX": ("Central Intercept X", "endpoint"),
    "interceptXAdvanced": ("Central Intercept X Advanced", "endpoint"),
    "interceptXAdvancedXdr": ("Central Intercept X Advanced with XDR", "endpoint"),
    "serverProtection": ("Central Server Protection", "server"),
    "interceptXServer": ("Central Intercept X for Server", "server"),
    "interceptXAdvancedServer": ("Central Intercept X Advanced for Server", "server"),
    "mobileStandard": ("Central Mobile Standard", "mobile"),
    "mobileAdvanced": ("Central Mobile Advanced", "mobile"),
    "deviceEncryption": ("Central Device Encryption", "encryption"),
    "emailStandard": ("Central Email Standard", "email"),
    "emailAdvanced": ("Central Email Advanced", "email"),
    "firewallManagement": ("Central Firewall Management", "firewall"),
    "centralFirewallReporting": ("Central Firewall Reporting", "firewall"),
    "wireless": ("Central Wireless", "wireless"),
    "ztna": ("Zero Trust Network Access", "ztna"),
    "mdrEssentials": ("Managed Detection and Response Essentials", "mdr"),
    "mdrComplete": ("Managed Detection and Response Complete", "mdr"),
    "phishThreat": ("Phish Threat", "phishThreat"),
    # unknown to the client -> "Other"
    "cloudOptix": ("Cloud Optix", "cloudOptix"),
    "workloadProtection": ("Workload Protection", "cloud"),
}
# Categories that exist only as expired licences: no active licence anywhere.
EXPIRED_ONLY_CODES: tuple[str, ...] = ("wireless", "phishThreat")
UNKNOWN_CODES: tuple[str, ...] = ("cloudOptix", "workloadProtection")
# Products that can be active / expiring / trial.
LIVE_CODES: tuple[str, ...] = (
    "interceptXAdvanced",
    "interceptXAdvanced",
    "interceptXAdvancedXdr",
    "interceptX",
    "endpointProtection",
    "interceptXAdvancedServer",
    "interceptXServer",
    "serverProtection",
    "mobileAdvanced",
    "mobileStandard",
    "deviceEncryption",
    "emailAdvanced",
    "emailStandard",
    "firewallManagement",
    "centralFirewallReporting",
    "ztna",
    "mdrComplete",
    "mdrEssentials",
)

_IT_SURNAMES = (
    "Rossi",
    "Bianchi",
    "Esposito",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Lombardi",
    "Moretti",
    "Fabbri",
    "Nicolò",
)
_IT_PATTERNS = (
    "Società Agricola {s} S.r.l.",
    "Pizzeria Da {f} 🍕",
    "Studio Legale {s} & Associati",
    "Farmacia {s}",
    "Officina Meccanica {s} S.n.c.",
    "Caseificio {s} S.p.A.",
    "Trattoria Perché No di {f} {s}",
    "{s} Costruzioni S.r.l.",
    "Città di {c} — Servizi Informatici",
)
_IT_FIRST = ("Mario", "Giulia", "Luca", "Francesca", "Niccolò", "Chiara", "Andrea", "Lucia")
_IT_CITIES = ("Forlì", "Cantù", "Milano", "Torino", "Bologna", "Napoli", "Palermo", "Bari")
_DE_SURNAMES = (
    "Müller",
    "Schäfer",
    "Weiß",
    "Köhler",
    "Schröder",
    "Groß",
    "Bäcker",
    "Hoffmann",
    "Krüger",
    "Jäger",
    "Fuchs",
    "Löwe",
)
_DE_PATTERNS = (
    "{s} & Söhne GmbH",
    "Bäckerei {s}",
    "{s} Logistik AG",
    "Maschinenbau {s} KG",
    "Zahnarztpraxis Dr. {s}",
    "Autohaus {s} GmbH & Co. KG",
    "Steuerbüro {s}",
    "Brauerei Zum Goldenen Löwen {s}",
)
_DE_CITIES = ("München", "Köln", "Düsseldorf", "Nürnberg", "Würzburg", "Berlin", "Hamburg")
_EN_WORDS = (
    "Northwind",
    "Blue Harbor",
    "Oakridge",
    "Summit",
    "Redwood",
    "Silver Lake",
    "Acme",
    "Brightside",
    "Kingfisher",
    "Maple Leaf",
    "Coral Bay",
    "Ironbridge",
)
_EN_PATTERNS = (
    "{w} Dental Group",
    "{w} Plumbing Ltd",
    "{w} Traders Inc.",
    "O'Brien & Sons ({w}) LLC",
    "{w} Accounting Pty Ltd",
    "{w} Veterinary Clinic",
    "The {w} Bakery 🥐",
    "{w} Logistics Ltd",
    "{w} Solar ☀️ Co.",
)
_EN_CITIES = ("Boston", "Denver", "Toronto", "Sydney", "Melbourne", "Dublin", "Austin")
_JP_PATTERNS = (
    "株式会社サクラ{n}",
    "山田工業株式会社",
    "東京デンタルクリニック{n}",
    "有限会社みどり{n}",
    "寿司処 まぐろ 🍣",
    "株式会社ふじ技研",
    "大阪ロジスティクス株式会社",
)
_JP_CITIES = ("東京", "大阪", "京都", "札幌", "福岡", "名古屋")
_OTHER_PATTERNS = (
    "São Paulo Informática Ltda",
    "Peña y Núñez S.L.",
    "Crème de la Crème SARL",
    "Café Zoë ☕",
    "Bengaluru Tech Services Pvt Ltd",
    "Ñandú Consultoría {n}",
    "Zürich Ärzte AG",
)
_OTHER_CITIES = ("São Paulo", "Curitiba", "Bengaluru", "Mumbai", "Zürich", "Sevilla")
_FIRST_NAMES = (
    "Anna",
    "Marco",
    "Jürgen",
    "Zoë",
    "Émilie",
    "John",
    "Sarah",
    "Hiroshi",
    "Yuki",
    "Priya",
    "João",
    "Seán",
)
_LAST_NAMES = (
    "Rossi",
    "Müller",
    "Smith",
    "O'Neill",
    "Tanaka",
    "佐藤",
    "Sharma",
    "Gonçalves",
    "Dubois",
    "Nguyễn",
)

GROUPS: tuple[tuple[str, str], ...] = (
    ("Gold customers", "Top-tier accounts with quarterly reviews"),
    ("Healthcare", "Clinics, pharmacies and dental practices"),
    ("Italia", "Clienti italiani"),
    ("DACH", "Kunden in Deutschland, Österreich und der Schweiz"),
    ("Renewals Q3", "Renewal campaign"),
    ("日本のお客様", "Japanese customers"),
)


_STREETS = ("Via Roma", "Hauptstraße", "Main Street", "中央通り", "Rua Augusta", "Rue de la Paix")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _name(rng: random.Random, lang: str) -> tuple[str, str]:
    """(name, city) for one language."""
    n = rng.randint(1, 999)
    if lang == "it":
        pat = rng.choice(_IT_PATTERNS)
        return (
            pat.format(
                s=rng.choice(_IT_SURNAMES), f=rng.choice(_IT_FIRST), c=rng.choice(_IT_CITIES)
            ),
            rng.choice(_IT_CITIES),
        )
    if lang == "de":
        return rng.choice(_DE_PATTERNS).format(s=rng.choice(_DE_SURNAMES)), rng.choice(_DE_CITIES)
    if lang == "ja":
        return rng.choice(_JP_PATTERNS).format(n=n), rng.choice(_JP_CITIES)
    if lang == "other":
        return rng.choice(_OTHER_PATTERNS).format(n=n), rng.choice(_OTHER_CITIES)
    return rng.choice(_EN_PATTERNS).format(w=rng.choice(_EN_WORDS)), rng.choice(_EN_CITIES)


_LANG_GEOS: dict[str, tuple[str, ...]] = {
    "it": ("IE", "DE", "IE"),
    "de": ("DE", "DE", "IE"),
    "en": ("US", "US", "US", "CA", "AU", "IE"),
    "ja": ("JP",),
    "other": ("BR", "IN", "DE", "US"),
}
_LANG_COUNTRY: dict[str, tuple[str, ...]] = {
    "it": ("IT",),
    "de": ("DE", "AT", "CH"),
    "en": ("US", "GB", "CA", "AU", "IE"),
    "ja": ("JP",),
    "other": ("BR", "IN", "ES", "FR", "CH"),
}


def _contact(rng: random.Random, lang: str, city: str) -> dict[str, Any]:
    first = rng.choice(_FIRST_NAMES)
    last = rng.choice(_LAST_NAMES)
    local = f"{first[0]}.{rng.randint(1, 9999)}".lower()
    address: dict[str, Any] = {
        "address1": f"{rng.randint(1, 250)} {rng.choice(_STREETS)}",
        "city": city,
        "countryCode": rng.choice(_LANG_COUNTRY[lang]),
        "postalCode": f"{rng.randint(1000, 99999):05d}",
    }
    if rng.random() < 0.3:
        address["address2"] = f"Suite {rng.randint(1, 40)}"
    if rng.random() < 0.4:
        address["state"] = rng.choice(("MA", "CO", "ON", "NSW", "BY", "MI", "東京都", "SP"))
    contact: dict[str, Any] = {
        "firstName": first,
        "lastName": last,
        "email": f"{local}@example.com",
        "phone": f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}",
        "address": address,
    }
    if rng.random() < 0.5:
        contact["mobile"] = (
            f"+{rng.randint(1, 99)} {rng.randint(300, 399)} {rng.randint(100000, 999999)}"
        )
    return contact


class TenantMeta:
    """What the lazy licence generator needs about one tenant."""

    __slots__ = ("billing", "licence_seed", "manageable_at_birth")

    def __init__(self, licence_seed: int, billing: str, manageable_at_birth: bool) -> None:
        self.licence_seed = licence_seed
        self.billing = billing
        self.manageable_at_birth = manageable_at_birth


def make_tenant(
    rng: random.Random, partner_id: str, today: dt.date, *, programs: tuple[str, ...]
) -> tuple[dict[str, Any], TenantMeta]:
    """One generated tenant (the JSON dict as served with extensions) and its meta."""
    tid = _uuid(rng)
    r = rng.random()
    billing = "term" if r < 0.55 else ("usage" if r < 0.85 else "trial")
    lr = rng.random()
    lang = (
        "it"
        if lr < 0.2
        else "de"
        if lr < 0.4
        else "en"
        if lr < 0.75
        else "ja"
        if lr < 0.88
        else "other"
    )
    name, city = _name(rng, lang)
    geo = rng.choice(_LANG_GEOS[lang])
    region = rng.choice(GEOGRAPHY_REGIONS[geo])
    if geo == "US" and rng.random() < 0.04:
        region = "us02"
    show_as = name
    sr = rng.random()
    if sr < 0.12:
        show_as = name.split(" ")[0] + f" ({city})"
    elif sr < 0.16:
        show_as = name.upper()
    tenant: dict[str, Any] = {
        "id": tid,
        "name": name,
        "showAs": show_as,
        "dataGeography": geo,
        "dataRegion": region,
        "billingType": billing,
        "partner": {"id": partner_id},
    }
    if rng.random() < 0.8:
        tenant["organization"] = {"id": _uuid(rng)}
    # apiHost absent or null for trials not yet activated
    ar = rng.random()
    if billing == "trial" and ar < 0.3:
        if ar < 0.15:
            tenant["apiHost"] = None
    else:
        tenant["apiHost"] = ""  # filled in with the base URL when the server binds
    tenant["status"] = "active" if rng.random() < 0.98 else "inactive"
    if rng.random() < 0.93:
        tenant["contact"] = _contact(rng, lang, city)
    if rng.random() < 0.1:
        tenant["externalIds"] = [f"CRM-{rng.randint(10000, 99999)}"]

    # extension fields
    created = rng.random() < 0.7
    mco = billing == "usage" and "mspFlexConnect" in programs and rng.random() < 0.08
    auto = (billing == "trial" and created) or billing == "usage" or mco
    enabled = auto or rng.random() < 0.7
    request: dict[str, Any] | None = None
    if not enabled:
        qr = rng.random()
        when = (today - dt.timedelta(days=rng.randint(1, 90))).isoformat() + "T09:30:00Z"
        if qr < 0.15:
            request = {"status": "pending", "requestedAt": when}
        elif qr < 0.25:
            request = {"status": "declined", "requestedAt": when}
    tenant["groups"] = []
    tenant["partnerAssistance"] = {"enabled": enabled, "request": request}
    tenant["managedCustomerOrder"] = mco
    tenant["createdByPartner"] = created
    tenant["unlink"] = None
    meta = TenantMeta(rng.getrandbits(64), billing, created or enabled)
    return tenant, meta


def _licence(
    rng: random.Random,
    code: str,
    ltype: str,
    today: dt.date,
    end_offset: int | None,
    *,
    perpetual: bool = False,
) -> dict[str, Any]:
    name, generic = PRODUCTS[code]
    start = today - dt.timedelta(days=rng.randint(30, 1000))
    lic: dict[str, Any] = {
        "id": _uuid(rng),
        "licenseIdentifier": f"LIC-{rng.randint(10_000_000, 99_999_999)}",
        "product": {"code": code, "name": name, "genericCode": generic},
        "startDate": start.isoformat(),
        "perpetual": perpetual,
        "type": ltype,
        "unlimited": False,
        "usage": {"current": {"count": rng.randint(0, 250)}},
    }
    if end_offset is not None:
        end = today + dt.timedelta(days=end_offset)
        if end < start:
            lic["startDate"] = (end - dt.timedelta(days=365)).isoformat()
        lic["endDate"] = end.isoformat()
    if ltype != "usage":
        lic["quantity"] = rng.randint(5, 500)
    return lic


def make_licences(meta: TenantMeta, today: dt.date) -> list[dict[str, Any]]:
    """The licences of one tenant, from its own seed only."""
    rng = random.Random(meta.licence_seed)
    out: list[dict[str, Any]] = []
    count = rng.randint(1, 4)
    for _ in range(count):
        r = rng.random()
        if meta.billing == "trial":
            code = rng.choice(LIVE_CODES)
            offset = rng.randint(1, 30) if r < 0.7 else -rng.randint(1, 90)
            out.append(_licence(rng, code, "trial", today, offset))
            continue
        if r < 0.04:
            out.append(_licence(rng, rng.choice(UNKNOWN_CODES), meta.billing, today, 200))
            continue
        if r < 0.09:
            code = rng.choice(EXPIRED_ONLY_CODES)
            offset = -rng.randint(1, 59) if rng.random() < 0.5 else -rng.randint(60, 700)
            out.append(_licence(rng, code, "term", today, offset))
            continue
        code = rng.choice(LIVE_CODES)
        if meta.billing == "usage":
            out.append(_licence(rng, code, "usage", today, None))
            continue
        if r < 0.12:
            out.append(_licence(rng, code, "perpetual", today, None, perpetual=True))
        elif r < 0.6:
            out.append(_licence(rng, code, "term", today, rng.randint(31, 1000)))
        elif r < 0.75:
            out.append(_licence(rng, code, "term", today, rng.randint(0, 30)))
        elif r < 0.87:
            out.append(_licence(rng, code, "term", today, -rng.randint(1, 59)))
        elif r < 0.95:
            out.append(_licence(rng, code, "term", today, -rng.randint(60, 900)))
        else:
            out.append(_licence(rng, code, "trial", today, rng.choice((-40, -3, 5, 20))))
    return out


def next_month_start(today: dt.date) -> dt.date:
    if today.month == 12:
        return dt.date(today.year + 1, 1, 1)
    return dt.date(today.year, today.month + 1, 1)
