"""Tenant and licence records as the API sends them, and one sync through the store's API
(the cache tests and the table-snapshot tests build their caches with these)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.services.cache import Cache, LicenceSet, SyncSummary, utcnow
from desktop.services.domain import Capabilities, Group, parse_licence, parse_tenant

TODAY = dt.date.today()


def tenant(i: int, **extra: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": f"t-{i:04d}",
        "name": f"Società {i}",
        "showAs": f"Società {i}",
        "billingType": "term",
        "dataRegion": "eu01",
        "dataGeography": "IE",
        "contact": {"firstName": "Anna", "lastName": "Bianchi", "email": f"anna{i}@example.it"},
        "groups": [{"id": "g1"}],
        "partnerAssistance": {"enabled": True, "request": None},
    }
    base.update(extra)
    return base


def licence(tid: str, lid: str, code: str, end: dt.date, kind: str = "term") -> object:
    return parse_licence(
        tid,
        {
            "id": lid,
            "product": {"code": code, "name": code},
            "type": kind,
            "startDate": "2024-01-01",
            "endDate": end.isoformat(),
        },
    )


def sync_once(
    cache: Cache, tenants: list[dict[str, object]], licences: dict[str, object]
) -> SyncSummary:
    """One sync through the store's API: the tenant list, one licence batch, finish."""
    summary = SyncSummary(status="ok")
    with cache.sync_store() as store:
        store.begin_listing()
        store.add_tenants([parse_tenant(t) for t in tenants])
        counts = store.commit_listing(
            partner_id="p-1",
            capabilities=Capabilities(
                extensions=True, features=frozenset({"groups"}), role="Partner Super Admin"
            ),
        )
        summary.customers, summary.new = counts.customers, counts.new
        summary.removed, summary.changed = counts.removed, counts.changed
        store.write_licences([(tid, LicenceSet.of(lic)) for tid, lic in licences.items()])  # type: ignore[arg-type]
        summary.changed += store.changed_licences
        store.finish(utcnow(), summary, [Group("g1", "Milano")])
    return summary


def synced_cache(path: Path, n: int = 6) -> None:
    """A cache at ``path`` after one sync of ``n`` tenants, each with one licence."""
    far = TODAY + dt.timedelta(days=200)
    with Cache.open(path) as cache:
        sync_once(
            cache,
            [tenant(i) for i in range(n)],
            {f"t-{i:04d}": [licence(f"t-{i:04d}", f"l{i}", "interceptX", far)] for i in range(n)},
        )
