"""Billing months in the team database: one row per line item, scoped per customer.

A local cache keeps a month as one packed JSON document; the team database cannot,
because row-level security must hand each role only the lines of the customers it
may see. So the sync node stores every line item as its own row
(``team_billing_lines``: month, position, the customer's tenant id, the item's
canonical JSON text) and the month's status in ``team_billing_months``. A desktop's
replica rebuilds the month document from the rows its role can read, in the same
order and with the same JSON text as a local cache would hold (for a role that sees
all customers: byte for byte the local document).

:class:`TeamBilling` is the sync node's side; :func:`billing_diff` and
:func:`store_billing` are the replica's.

Line items of accounts that are not customers of the partner are visible only to
"all customers" roles, so partner-wide totals are theirs alone; a scoped role's
billing view totals its own customers.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from desktop.services.cache import Cache, iso, tables, upsert, utcnow
from desktop.services.insights.store import month_key

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: replica meta key: the signature of each billing month as last copied (JSON)
BILLING_KEY = "team_billing"


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
        with self._transaction() as cur:
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

    def save_no_billing(self, year: int, month: int) -> None:
        key = month_key(year, month)
        with self._transaction() as cur:
            cur.execute("DELETE FROM team_billing_lines WHERE month = %s", (key,))
            self._status(cur, key, False)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A psycopg cursor in one transaction (COPY needs the driver's own connection)."""
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            with conn.cursor() as cur:
                yield cur
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


# --------------------------------------------------------------------------- replica side


def _json_array(items: Iterable[str]) -> Iterable[str]:
    """``[a,b,…]`` from the items' JSON texts (the local cache's billing document)."""
    yield "["
    first = True
    for item in items:
        yield item if first else "," + item
        first = False
    yield "]"


def billing_diff(pg: Connection, cache: Cache) -> dict[str, Any]:
    """The billing months whose visible lines differ from the replica's copy.

    A month's signature: when it was fetched, whether it has data, and which of its
    lines this role can see (so a new scope re-copies it). Each differing month is
    rebuilt as the local cache's packed JSON document, streamed from the rows."""
    from sqlalchemy import text

    from desktop.services.cache import pack_chunks

    status = {
        r[0]: (str(r[1]), int(r[2]))
        for r in pg.execute(text("SELECT month, fetched_at, has_data FROM team_billing_months"))
    }
    lines = {
        r[0]: f"{r[1]}:{r[2]}"
        for r in pg.execute(
            text(
                "SELECT month, count(*), md5(string_agg(pos::text, ',' ORDER BY pos))"
                " FROM team_billing_lines GROUP BY month"
            )
        )
    }
    remote = {m: f"{at}|{has}|{lines.get(m, '0:')}" for m, (at, has) in status.items()}
    known: dict[str, str] = {}
    stored = cache._meta(BILLING_KEY)
    if stored:
        with contextlib.suppress(ValueError):
            value = json.loads(stored)
            if isinstance(value, dict):
                known = {str(k): str(v) for k, v in value.items()}
    with cache.read_engine.connect() as lite:
        local_months = {r[0] for r in lite.execute(text("SELECT month FROM billing_months"))}
    months: list[dict[str, Any]] = []
    for month, sig in sorted(remote.items()):
        if known.get(month) == sig and month in local_months:
            continue
        lines_of_month = text(
            "SELECT item FROM team_billing_lines WHERE month = :m ORDER BY pos"
        ).execution_options(stream_results=True, max_row_buffer=5_000)
        items = (r[0] for r in pg.execute(lines_of_month, {"m": month}))
        months.append(
            {
                "month": month,
                "fetched_at": status[month][0],
                "has_data": status[month][1],
                "raw": pack_chunks(_json_array(items)),
            }
        )
    return {"months": months, "gone": sorted(local_months - set(remote)), "sigs": remote}


def store_billing(conn: Connection, billing: dict[str, Any]) -> None:
    from sqlalchemy import delete

    t = tables()
    table = t["billing_months"]
    if billing["gone"]:
        conn.execute(delete(table).where(table.c.month.in_(billing["gone"])))
    if billing["months"]:
        conn.execute(
            upsert(conn, table, ["month"], ["fetched_at", "has_data", "raw"]),
            billing["months"],
        )
    conn.execute(
        upsert(conn, t["meta"], ["key"], ["value"]),
        {"key": BILLING_KEY, "value": json.dumps(billing["sigs"], sort_keys=True)},
    )
