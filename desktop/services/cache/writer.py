"""Writes through SQLAlchemy Core: a cache's actions and the helpers a sync shares."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop.services.cache.base import CacheBase
from desktop.services.cache.codec import iso, unpack, utcnow
from desktop.services.cache.records import SyncSummary
from desktop.services.cache.schema import (
    CUSTOMER_COLUMNS,
    LicenceSet,
    _tenant_record,
    execute_many,
    tables,
    upsert,
)
from desktop.services.domain import (
    Group,
    Licence,
    Tenant,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from desktop.services.cache.sync_store import Bits


class CacheWrites(CacheBase):
    """Writes outside a sync (actions, audit, run records): one short Core transaction each."""

    def apply_tenant(self, tenant: Tenant) -> None:
        """Store a tenant the server just returned (after an action); one short transaction."""
        now = iso(utcnow())
        record = _tenant_record(tenant)

        def run(conn: Connection) -> None:
            from sqlalchemy import func, select

            cust = tables()["customers"]
            cid = conn.execute(select(cust.c.cid).where(cust.c.id == tenant.id)).scalar()
            if cid is None:
                cid = conn.execute(select(func.coalesce(func.max(cust.c.cid), 0) + 1)).scalar()
            conn.execute(
                upsert(conn, cust, ["id"], [c for c in CUSTOMER_COLUMNS if c != "id"]),
                {**record, "cid": cid, "first_seen": now, "last_seen": now},
            )

        self._write(run)

    def set_licences(self, tenant_id: str, licences: list[Licence] | None) -> None:
        lset = LicenceSet.of(licences)

        def run(conn: Connection) -> None:
            from sqlalchemy import select

            cust = tables()["customers"]
            cid = conn.execute(select(cust.c.cid).where(cust.c.id == tenant_id)).scalar()
            if cid is None:
                return
            _store_licence_sets(conn, [(cid, lset)], int(time.time()))

        self._write(run)

    def mark_removed(self, tenant_ids: Sequence[str]) -> None:
        now = iso(utcnow())

        def run(conn: Connection) -> None:
            from sqlalchemy import bindparam, update

            cust = tables()["customers"]
            conn.execute(
                update(cust)
                .where(cust.c.id == bindparam("b_id"), cust.c.removed_at.is_(None))
                .values(removed_at=now, last_seen=now),
                [{"b_id": t} for t in tenant_ids],
            )

        self._write(run)

    def replace_groups(self, groups: Sequence[Group]) -> None:
        self._write(_replace_groups, groups)

    def append_audit(
        self, *, actor: str, action: str, tenant_id: str | None, result: str, detail: str = ""
    ) -> None:
        def run(conn: Connection) -> None:
            conn.execute(
                tables()["audit_log"].insert(),
                {
                    "at": iso(utcnow()),
                    "actor": actor,
                    "action": action,
                    "tenant_id": tenant_id,
                    "result": result,
                    "detail": detail,
                },
            )

        self._write(run)

    def record_sync_run(self, started_at: dt.datetime, summary: SyncSummary) -> None:
        def run(conn: Connection) -> None:
            _insert_run(conn, started_at, summary)

        self._write(run)

    # the sync ---------------------------------------------------------------


def _insert_run(conn: Connection, started_at: dt.datetime, summary: SyncSummary) -> None:
    conn.execute(
        tables()["sync_runs"].insert(),
        {
            "started_at": iso(started_at),
            "finished_at": iso(utcnow()),
            "status": summary.status,
            "summary": json.dumps(summary.to_json(), ensure_ascii=False),
        },
    )


def _replace_groups(conn: Connection, groups: Sequence[Group]) -> None:
    from sqlalchemy import delete, select

    table = tables()["groups"]
    new = sorted((g.id, g.name, g.description, g.tenant_count) for g in groups)
    old = sorted(
        tuple(r)
        for r in conn.execute(
            select(table.c.id, table.c.name, table.c.description, table.c.tenant_count)
        )
    )
    if new == old:
        return  # writes proportional to change
    conn.execute(delete(table))
    if new:
        conn.execute(
            table.insert(),
            [dict(zip(("id", "name", "description", "tenant_count"), g, strict=True)) for g in new],
        )


def _store_licence_sets(
    conn: Connection, sets: Sequence[tuple[int, LicenceSet]], fetched_at: int
) -> None:
    """Replace licence sets (each one row: a unit), their customers' summaries, freshness."""
    from sqlalchemy import bindparam, update

    t = tables()
    if sets:
        execute_many(
            conn,
            upsert(conn, t["licence_sets"], ["cid"], ["hash", "count", "raw"]),
            [{"cid": cid, "hash": s.hash, "count": s.count, "raw": s.raw} for cid, s in sets],
        )
        cust = t["customers"]
        execute_many(
            conn,
            update(cust)
            .where(cust.c.cid == bindparam("b_cid"))
            .values(manageable=bindparam("b_m"), lic_summary=bindparam("b_s")),
            [{"b_cid": cid, "b_m": int(s.manageable), "b_s": s.summary} for cid, s in sets],
        )
        _touch_fresh(conn, [cid for cid, _ in sets], fetched_at)


CHANGES_KEPT = dt.timedelta(days=366)


def _insert_changes(conn: Connection, records: Sequence[dict[str, str]], at: str) -> None:
    if records:
        base = {"at": at, "subject": "", "old": "", "new": ""}
        conn.execute(tables()["changes"].insert(), [{**base, **r} for r in records])


def _record_customer_changes(
    conn: Connection, rows: Sequence[dict[str, Any]], new: Bits, at: str
) -> None:
    """Changes of the customers about to be written (only rows whose hash changed)."""
    from sqlalchemy import select

    from desktop.services.insights.diff import Change, Kind, customer_changes

    cust = tables()["customers"]
    out: list[Change] = []
    known = [r for r in rows if r["cid"] not in new]
    for r in rows:
        if r["cid"] in new:
            out.append(Change(r["id"], Kind.NEW, new=str(r["show_as"] or r["name"])))
    for start in range(0, len(known), 500):
        chunk = known[start : start + 500]
        cols = (cust.c.cid, cust.c.name, cust.c.show_as, cust.c.billing_type)
        query = select(*cols, cust.c.assistance, cust.c.removed_at).where(
            cust.c.cid.in_([r["cid"] for r in chunk])
        )
        old = {row.cid: dict(row._mapping) for row in conn.execute(query)}
        for r in chunk:
            if r["cid"] in old:
                out.extend(customer_changes(r["id"], old[r["cid"]], r))
    _insert_changes(conn, [c.record(at) for c in out], at)


def _record_licence_changes(
    conn: Connection, diff: Sequence[tuple[str, int, LicenceSet]], at: str
) -> None:
    """Changes between the stored licence sets and the new ones (changed hashes only)."""
    from sqlalchemy import select

    from desktop.services.insights.diff import licence_changes

    sets = tables()["licence_sets"]
    records: list[dict[str, str]] = []
    for start in range(0, len(diff), 500):
        chunk = diff[start : start + 500]
        query = select(sets.c.cid, sets.c.raw).where(sets.c.cid.in_([c for _, c, _ in chunk]))
        old = {cid: raw for cid, raw in conn.execute(query)}
        for tid, cid, lset in chunk:
            if cid not in old:
                continue
            before = None if old[cid] is None else unpack(old[cid])
            after = None if lset.raw is None else unpack(lset.raw)
            records.extend(c.record(at) for c in licence_changes(tid, before, after))
    _insert_changes(conn, records, at)


def _touch_fresh(conn: Connection, cids: Sequence[int], fetched_at: int) -> None:
    """Record a licence fetch; in chunks (a no-change re-sync touches every customer at
    once: 100k parameter rows alive together cost the sync process ~20 MB)."""
    if cids:
        stmt = upsert(conn, tables()["lic_fresh"], ["cid"], ["fetched_at"])
        ordered = sorted(cids)
        for start in range(0, len(ordered), 5_000):
            execute_many(
                conn,
                stmt,
                [{"cid": cid, "fetched_at": fetched_at} for cid in ordered[start : start + 5_000]],
            )
