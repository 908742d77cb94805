"""Billing months in the team database: one row per line item, scoped per customer.

A local cache keeps a month as one packed JSON document; the team database cannot,
because row-level security must hand each role only the lines of the customers it
may see. So the sync node stores every line item as its own row
(``team_billing_lines``: month, position, the customer's tenant id, the item's
canonical JSON text) and the month's status in ``team_billing_months``. A desktop's
replica rebuilds the month document from the rows its role can read, in the same
order and with the same JSON text as a local cache would hold (for a role that sees
all customers: byte for byte the local document).

Line items of accounts that are not customers of the partner are visible only to
"all customers" roles, so partner-wide totals are theirs alone; a scoped role's
billing view totals its own customers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from desktop.services.cache import iso, utcnow
from desktop.services.insights.store import month_key

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def item_text(item: dict[str, Any]) -> str:
    """One line item as the local cache stores it (see ``billing_json_chunks``)."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class TeamBilling:
    """The sync node's :class:`~desktop.services.insights.billing.BillingTarget`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def billing_fetched_at(self, year: int, month: int) -> str | None:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            value = conn.execute(
                text("SELECT fetched_at FROM team_billing_months WHERE month = :m"),
                {"m": month_key(year, month)},
            ).scalar()
        return None if value is None else str(value)

    def save_billing_pages(
        self, year: int, month: int, pages: Iterable[list[dict[str, Any]]]
    ) -> None:
        """One transaction: the month's old lines go, the new ones stream in with COPY."""
        key = month_key(year, month)
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            with conn.cursor() as cur:
                cur.execute("DELETE FROM team_billing_lines WHERE month = %s", (key,))
                pos = 0
                with cur.copy(
                    "COPY team_billing_lines (month, pos, tenant_id, item) FROM STDIN"
                ) as copy:
                    for page in pages:  # a page at a time: the month is never in memory
                        for item in page:
                            account = item.get("accountId")
                            tenant = account if isinstance(account, str) else ""
                            copy.write_row((key, pos, tenant, item_text(item)))
                            pos += 1
                self._status(cur, key, True)
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()

    def save_no_billing(self, year: int, month: int) -> None:
        key = month_key(year, month)
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            with conn.cursor() as cur:
                cur.execute("DELETE FROM team_billing_lines WHERE month = %s", (key,))
                self._status(cur, key, False)
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            raw.close()

    @staticmethod
    def _status(cur: Any, key: str, has_data: bool) -> None:
        cur.execute(
            "INSERT INTO team_billing_months (month, fetched_at, has_data) VALUES (%s, %s, %s)"
            " ON CONFLICT (month) DO UPDATE SET fetched_at = excluded.fetched_at,"
            " has_data = excluded.has_data",
            (key, iso(utcnow()), int(has_data)),
        )
