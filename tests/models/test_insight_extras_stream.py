"""Issue 13 (memory): the insight extras read one customer's licences at a time and
give the same seats as reconciling every row against every licence; a shutdown
stops them."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from desktop.models.customer_insights import ExtrasCancelled, load_extras
from desktop.services.cache import Cache
from desktop.services.domain import parse_licence
from desktop.services.insights import compute, report
from tests.helpers.records import TODAY, sync_once, synced_cache, tenant


def _seated(path: Path, n: int) -> None:
    """n customers; customer i has 20 seats of one product in use by 10 * (i % 4) (over,
    under or exactly used) and, for odd i, a second product."""
    end = (TODAY + dt.timedelta(days=200)).isoformat()

    def lic(tid: str, lid: str, code: str, qty: int, used: int) -> object:
        obj = {
            "id": lid,
            "product": {"code": code, "name": code},
            "type": "term",
            "startDate": "2024-01-01",
            "endDate": end,
            "quantity": qty,
            "usage": {"current": {"count": used}},
        }
        return parse_licence(tid, obj)

    licences: dict[str, object] = {}
    for i in range(n):
        tid = f"t-{i:04d}"
        items = [lic(tid, f"a{i}", "interceptX", 20, 10 * (i % 4))]
        if i % 2:
            items.append(lic(tid, f"b{i}", "email", 5, 50))
        licences[tid] = items
    with Cache.open(path) as cache:
        sync_once(cache, [tenant(i) for i in range(n)], licences)


def test_streamed_seats_equal_the_whole_reconciliation(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    _seated(path, n=40)
    with Cache.open(path) as cache:
        rows = [r for r in cache.load_rows() if r.removed_at is None]
        lines = compute.reconcile(rows, cache.all_licences(), report.thresholds_of(cache))
    extras = load_extras(path)
    assert extras.seats == compute.per_customer_seats(lines)
    assert extras.over_flagged == {line.tenant_id for line in lines if line.over_flag}
    assert len(extras.seats) == 40
    assert extras.over_flagged  # some customers use more seats than they bought
    assert any(unused for _over, unused in extras.seats.values())


def test_a_cancelled_read_stops(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    synced_cache(path, n=5)
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(ExtrasCancelled):
        load_extras(path, cancelled)
