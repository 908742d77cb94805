"""Deterministic, realistic sandbox data (docs/partner-api.md §4, §5, §7, §8).

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

# region -> geography (docs/partner-api.md §1)
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

# Licence products in the shape of the real service [obs]: SKU-like codes, product
# names as Sophos prints them. code -> (name, genericCode). Where each code and name
# comes from: docs/licences.md. genericCode values are ours.
PRODUCTS: dict[str, tuple[str, str]] = {
    # Endpoint
    "CIXA-MSP": ("Central Intercept X Advanced", "endpoint"),
    "CIXAXDR": ("Sophos XDR - User", "endpoint"),
    "XDR-MSP": ("Sophos XDR - MSP Monthly", "endpoint"),
    "CIXE-MSP": ("Central Intercept X Essentials", "endpoint"),
    "CW7-SUP": ("Sophos Endpoint for Legacy Platforms", "endpoint"),
    # Server
    "SVRCIXAXDR": ("Sophos XDR - Server", "server"),
    "SVRCLOUDADV-MSP": ("Sophos Endpoint - Server MSP Monthly", "server"),
    "SVRCIXA": ("Central Intercept X Advanced for Server", "server"),
    # Mobile
    "CMS-MSP": ("Central Mobile Standard", "mobile"),
    "CMA-MSP": ("Central Mobile Advanced", "mobile"),
    # Encryption
    "CDE-MSP": ("Central Device Encryption", "encryption"),
    # Email
    "CEMA-MSP": ("Sophos Email MSP Monthly", "email"),
    "CEMS": ("Central Email Standard", "email"),
    # Firewall (XG / XGS subscriptions; an XG email subscription is a firewall licence)
    "XGS2100-XPB": ("XGS 2100 Xstream Protection", "firewall"),
    "XG-CFR-ADV": ("Central Firewall Reporting Advanced", "firewall"),
    "xg_email_std": ("XG Firewall Email Protection", "firewall"),
    # Wireless
    "APX-MSP": ("Sophos Wireless", "wireless"),
    # ZTNA
    "ZTNA-MSP": ("Sophos ZTNA - User", "ztna"),
    # MDR (MTR is its former name)
    "CIXAMTR-STD-MSP": ("Sophos MDR Essentials - User", "mdr"),
    "CIXAMTR-ADV-MSP": ("Sophos MDR Advanced - MSP", "mdr"),
    "SVRCIXAMTR-STD-MSP": ("Sophos MDR Essentials - Server", "mdr"),
    "MDR-COMPLETE": ("Sophos MDR Complete", "mdr"),
    # Phish Threat
    "CPHISH-MSP": ("Sophos Phish Threat", "phish"),
    # products the client cannot place -> "Other", shown under their own name
    "NDR-MSP": ("Sophos NDR", "ndr"),
    "CSPM-MSP": ("Sophos Cloud Optix", "cloud"),
    "CWP-MSP": ("Sophos Cloud Workload Protection", "cloud"),
}
# Categories that exist only as expired licences: no active licence anywhere.
EXPIRED_ONLY_CODES: tuple[str, ...] = ("APX-MSP", "CPHISH-MSP")
UNKNOWN_CODES: tuple[str, ...] = ("NDR-MSP", "CSPM-MSP", "CWP-MSP")
# Products that can be active / expiring / trial.
LIVE_CODES: tuple[str, ...] = (
    "CIXA-MSP",
    "CIXA-MSP",
    "CIXAXDR",
    "XDR-MSP",
    "CIXE-MSP",
    "CW7-SUP",
    "SVRCIXAXDR",
    "SVRCLOUDADV-MSP",
    "SVRCIXA",
    "CMA-MSP",
    "CMS-MSP",
    "CDE-MSP",
    "CEMA-MSP",
    "CEMS",
    "XGS2100-XPB",
    "XG-CFR-ADV",
    "xg_email_std",
    "ZTNA-MSP",
    "CIXAMTR-STD-MSP",
    "CIXAMTR-ADV-MSP",
    "SVRCIXAMTR-STD-MSP",
    "MDR-COMPLETE",
)
# Firewall hardware models for GET /licenses/v1/licenses/firewalls.
FIREWALL_MODELS: tuple[tuple[str, str], ...] = (
    ("XGS2100", "hardware"),
    ("XGS3300", "hardware"),
    ("XG135", "hardware"),
    ("SFVH", "virtual"),
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
    # Every public key is present as the real service sends it [obs]: real clients read
    # ``item['apiHost']`` and build strict objects from ``organization`` and ``contact``.
    tenant["organization"] = {"id": _uuid(rng)}
    # apiHost null for trials not yet activated (the key is always there)
    if billing == "trial" and rng.random() < 0.3:
        tenant["apiHost"] = None
    else:
        tenant["apiHost"] = ""  # filled in with the base URL when the server binds
    tenant["status"] = "active" if rng.random() < 0.98 else "inactive"
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


def licence_identifier(rng: random.Random) -> str:
    """Like the real ``D590962015`` [obs]."""
    return f"D{rng.randint(100_000_000, 999_999_999)}"


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
        "licenseIdentifier": licence_identifier(rng),
        "product": {"code": code, "name": name, "genericCode": generic},
        "startDate": start.isoformat(),
        "perpetual": perpetual,
        "type": ltype,
        "unlimited": False,
    }
    if end_offset is not None:
        end = today + dt.timedelta(days=end_offset)
        if end < start:
            lic["startDate"] = (end - dt.timedelta(days=365)).isoformat()
        lic["endDate"] = end.isoformat()
    if ltype != "usage":
        lic["quantity"] = rng.choice((5, 10, 25, 50, 100, 250, 499, 500))
    counted = today - dt.timedelta(days=rng.randint(0, 2))
    lic["usage"] = {
        "current": {
            # up to 10 % over the quantity: over-use happens (issue 15 reconciliation)
            "count": rng.randint(0, lic.get("quantity", 250) * 11 // 10),
            "date": counted.isoformat(),
            "collectedAt": f"{counted.isoformat()}T0{rng.randint(0, 9)}:{rng.randint(10, 59)}:00Z",
        }
    }
    return lic


def make_licences(meta: TenantMeta, today: dt.date) -> list[dict[str, Any]]:
    """The licences of one tenant, from its own seed only.

    Types as the real service sends them [obs]: ``enterprise`` for partner-supplied
    licences, ``term``, ``trial``, ``usage`` (monthly), rarely ``perpetual``.
    """
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
        paid = "enterprise" if rng.random() < 0.5 else "term"
        if r < 0.04:
            out.append(_licence(rng, rng.choice(UNKNOWN_CODES), paid, today, 200))
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
            out.append(_licence(rng, code, paid, today, rng.randint(31, 1000)))
        elif r < 0.75:
            out.append(_licence(rng, code, paid, today, rng.randint(0, 30)))
        elif r < 0.87:
            out.append(_licence(rng, code, paid, today, -rng.randint(1, 59)))
        elif r < 0.95:
            out.append(_licence(rng, code, paid, today, -rng.randint(60, 900)))
        else:
            out.append(_licence(rng, code, "trial", today, rng.choice((-40, -3, 5, 20))))
    return out


def make_firewalls(
    tenant_id: str, meta: TenantMeta, partner_id: str, organization_id: str, today: dt.date
) -> list[dict[str, Any]]:
    """Firewalls of one tenant with their licences (GET /licenses/v1/licenses/firewalls)."""
    rng = random.Random(meta.licence_seed ^ 0xF1F1)
    if meta.billing == "trial" or rng.random() >= 0.12:
        return []
    out: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 2)):
        model, model_type = rng.choice(FIREWALL_MODELS)
        serial = f"X{rng.randint(10**13, 10**14 - 1)}"
        subs = []
        for code in ("XGS2100-XPB", "xg_email_std")[: rng.randint(1, 2)]:
            lic = _licence(rng, code, "term", today, rng.randint(-90, 700))
            lic["quantity"] = 1
            lic["product"] = {**lic["product"], "features": []}
            subs.append(lic)
        out.append(
            {
                "serialNumber": serial,
                "owner": {"id": partner_id, "type": "partner"},
                "organization": {"id": organization_id},
                "partner": {"id": partner_id},
                "tenant": {"id": tenant_id},
                "billingTenant": {"id": tenant_id},
                "model": model,
                "modelType": model_type,
                "licenses": subs,
                "lastSeenAt": f"{(today - dt.timedelta(days=rng.randint(0, 5))).isoformat()}"
                "T08:15:00Z",
            }
        )
    return out


def next_month_start(today: dt.date) -> dt.date:
    if today.month == 12:
        return dt.date(today.year + 1, 1, 1)
    return dt.date(today.year, today.month + 1, 1)
