"""Fetching the month's billing usage into the cache (issue 15 item 3)."""

from __future__ import annotations

import datetime as dt
import logging

from desktop.services.cache import Cache
from desktop.services.insights import store as istore
from desktop.services.partner_api.client import PartnerApiClient
from desktop.services.partner_api.errors import CancelledError, PartnerApiError

log = logging.getLogger(__name__)


def fetch_month(cache: Cache, client: PartnerApiClient, year: int, month: int) -> int | None:
    """Fetch one month (all key pages) and cache it; the number of lines, None = no data."""
    items = client.billing_usage(year, month)
    istore.save_billing_month(cache, year, month, items)
    return None if items is None else len(items)


def refresh_billing(
    cache: Cache, client: PartnerApiClient, today: dt.date | None = None
) -> list[str]:
    """This month every time; the previous month once (it no longer changes).

    Never fails a sync: a problem is returned as a warning (cancel still cancels).
    """
    today = today or dt.date.today()
    warnings: list[str] = []
    months = [(today.year, today.month)]
    prev = istore.previous_month(today.year, today.month)
    if istore.billing_month(cache, *prev) is None:
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
