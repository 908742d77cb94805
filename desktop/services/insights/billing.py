"""Fetching the month's billing usage into the cache (issue 15 item 3).

Where a month goes is a :class:`BillingTarget`: a local cache (one packed JSON
document per month, :class:`LocalBilling`) or, on a team sync node, the team
database (one row per line item, so row-level security can scope it per customer;
``desktop.services.team.billing``). :func:`billing_target` picks it from what the
sync writes into.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from desktop.services.cache import Cache, pack_chunks
from desktop.services.insights import store as istore
from desktop.services.partner_api.client import PartnerApiClient
from desktop.services.partner_api.errors import CancelledError, NotFoundError, PartnerApiError

log = logging.getLogger(__name__)


class BillingTarget(Protocol):
    """Where fetched billing months are kept."""

    def billing_fetched_at(self, year: int, month: int) -> str | None:
        """When a month was stored (None: never), without reading its lines."""
        ...

    def save_billing_pages(
        self, year: int, month: int, pages: Iterable[list[dict[str, Any]]]
    ) -> None:
        """Store a month from its key pages (a page at a time; all or nothing).

        ``pages`` may raise (:class:`NotFoundError`, a cancel): nothing is stored then."""
        ...

    def save_no_billing(self, year: int, month: int) -> None:
        """The server has no data for this month."""
        ...


class LocalBilling:
    """A local cache: one packed JSON array per month (``billing_months``)."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def billing_fetched_at(self, year: int, month: int) -> str | None:
        return istore.billing_fetched_at(self.cache, year, month)

    def save_billing_pages(
        self, year: int, month: int, pages: Iterable[list[dict[str, Any]]]
    ) -> None:
        # a page at a time: a 100k-customer month is never in memory as objects
        raw = pack_chunks(istore.billing_json_chunks(pages))
        istore.save_billing_blob(self.cache, year, month, True, raw)

    def save_no_billing(self, year: int, month: int) -> None:
        istore.save_billing_month(self.cache, year, month, None)


def billing_target(where: object) -> BillingTarget | None:
    """The billing target of what a sync writes into (None: it keeps no billing)."""
    if isinstance(where, Cache):
        return LocalBilling(where)
    make = getattr(where, "billing_target", None)
    if callable(make):
        target: BillingTarget = make()
        return target
    return None


def _as_target(where: Cache | BillingTarget) -> BillingTarget:
    return LocalBilling(where) if isinstance(where, Cache) else where


def fetch_month(
    cache: Cache | BillingTarget, client: PartnerApiClient, year: int, month: int
) -> int | None:
    """Fetch one month (all key pages) and store it; the number of lines, None = no data."""
    target = _as_target(cache)
    count = 0
    pages_seen = 0

    def pages() -> Iterator[list[dict[str, Any]]]:
        nonlocal count, pages_seen
        for page in client.iter_billing_pages(year, month):
            count += len(page)
            pages_seen += 1
            yield page

    try:
        target.save_billing_pages(year, month, pages())
    except NotFoundError:
        if pages_seen:
            raise
        target.save_no_billing(year, month)  # no data for that month
        return None
    return count


#: this month's usage is fetched again after this long (it is a monthly figure; at
#: 100,000 customers a month is hundreds of key pages, not worth every sync)
REFRESH_AFTER = dt.timedelta(hours=12)


def _older_than(iso_time: str, age: dt.timedelta) -> bool:
    try:
        moment = dt.datetime.fromisoformat(iso_time)
    except ValueError:
        return True
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC) - moment > age


def refresh_billing(
    cache: Cache | BillingTarget, client: PartnerApiClient, today: dt.date | None = None
) -> list[str]:
    """This month when its stored copy is older than :data:`REFRESH_AFTER`; the previous
    month once (it no longer changes).

    Never fails a sync: a problem is returned as a warning (cancel still cancels).
    """
    target = _as_target(cache)
    today = today or dt.date.today()
    warnings: list[str] = []
    months: list[tuple[int, int]] = []
    # only when they were fetched: unpacking a 100k-customer month costs ~250 MB
    current = target.billing_fetched_at(today.year, today.month)
    if current is None or _older_than(current, REFRESH_AFTER):
        months.append((today.year, today.month))
    prev = istore.previous_month(today.year, today.month)
    if target.billing_fetched_at(*prev) is None:
        months.append(prev)
    for year, month in months:
        try:
            fetch_month(target, client, year, month)
        except CancelledError:
            raise
        except PartnerApiError as exc:
            log.warning("billing usage %04d-%02d: %s", year, month, exc.message)
            warnings.append(f"Billing usage {year:04d}-{month:02d}: {exc.message}")
    return warnings
