"""Fetching the month's billing usage into the cache (issue 15 item 3)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

from desktop.services.cache import Cache, pack_chunks
from desktop.services.insights import store as istore
from desktop.services.partner_api.client import PartnerApiClient
from desktop.services.partner_api.errors import CancelledError, NotFoundError, PartnerApiError

log = logging.getLogger(__name__)


def fetch_month(cache: Cache, client: PartnerApiClient, year: int, month: int) -> int | None:
    """Fetch one month (all key pages) and cache it; the number of lines, None = no data."""
    count = 0
    pages_seen = 0

    def pages() -> Iterator[list[dict[str, Any]]]:
        nonlocal count, pages_seen
        for page in client.iter_billing_pages(year, month):
            count += len(page)
            pages_seen += 1
            yield page

    try:  # a page at a time: a 100k-customer month is never in memory as objects
        raw = pack_chunks(istore.billing_json_chunks(pages()))
    except NotFoundError:
        if pages_seen:
            raise
        istore.save_billing_month(cache, year, month, None)  # no data for that month
        return None
    istore.save_billing_blob(cache, year, month, True, raw)
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
    cache: Cache, client: PartnerApiClient, today: dt.date | None = None
) -> list[str]:
    """This month when its cached copy is older than :data:`REFRESH_AFTER`; the previous
    month once (it no longer changes).

    Never fails a sync: a problem is returned as a warning (cancel still cancels).
    """
    today = today or dt.date.today()
    warnings: list[str] = []
    months: list[tuple[int, int]] = []
    # only when they were fetched: unpacking a 100k-customer month costs ~250 MB
    current = istore.billing_fetched_at(cache, today.year, today.month)
    if current is None or _older_than(current, REFRESH_AFTER):
        months.append((today.year, today.month))
    prev = istore.previous_month(today.year, today.month)
    if istore.billing_fetched_at(cache, *prev) is None:
        months.append(prev)
    for year, month in months:
        try:
            fetch_month(cache, client, year, month)
        except CancelledError:
            raise
        except PartnerApiError as exc:
            log.warning("billing usage %04d-%02d: %s", year, month, exc.message)
            warnings.append(f"Billing usage {year:04d}-{month:02d}: {exc.message}")
    return warnings
