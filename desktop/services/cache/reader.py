"""A cache's reads on the stdlib ``sqlite3`` connection."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.services.cache.base import CacheBase
from desktop.services.cache.codec import CacheCorruptError, _iso_from_epoch, _log, unpack
from desktop.services.cache.records import AuditEntry, SyncRecord, SyncSummary
from desktop.services.domain import (
    AssistanceState,
    BillingType,
    Capabilities,
    CustomerRow,
    Group,
    Licence,
    LicenceStatus,
    StatusCalculator,
    Tenant,
    parse_licence,
    parse_tenant,
)

if TYPE_CHECKING:
    from desktop.services.snapshot import TableSnapshot


class CacheReads(CacheBase):
    """The reads (stdlib ``sqlite3``: the start path never imports SQLAlchemy)."""

    def load_rows(
        self,
        today: dt.date | None = None,
        include_removed: bool = True,
        *,
        first_by_name: int | None = None,
        descending: bool = False,
        ids: Iterable[str] | None = None,
    ) -> list[CustomerRow]:
        """Every cached customer as a table row; fast (no SQLAlchemy, no JSON).

        ``first_by_name=N`` reads only the first N rows ordered by display name
        (case-insensitive) through the ``show_as COLLATE NOCASE`` index: a bounded
        read for the first paint while the rest loads. ``ids`` reads only those
        customers (the rows a sync batch changed).

        ``last_synced`` is when the customer's licences were last fetched (or, before
        that, when the tenant list last showed it).

        Streams the cursor (no intermediate list of 100k tuples), builds rows with
        positional arguments, memoises group and status tuples and shares the
        strings that repeat across customers (sync stamps, regions).
        """
        conn = self._conn()
        sql = (
            "SELECT c.id, c.name, c.show_as, c.email, c.billing_type, c.group_ids, c.assistance,"
            " c.managed, c.data_region, c.data_geography, c.last_seen, c.removed_at,"
            " c.manageable, c.lic_summary, c.unlink_status, c.search_key, f.fetched_at"
            " FROM customers c LEFT JOIN lic_fresh f ON f.cid = c.cid"
        )
        where: list[str] = []
        params: list[Any] = []
        if not include_removed:
            where.append("c.removed_at IS NULL")
        if ids is not None:
            wanted = list(dict.fromkeys(ids))
            if not wanted:
                return []
            if len(wanted) > 500:
                out: list[CustomerRow] = []
                for start in range(0, len(wanted), 500):
                    out.extend(
                        self.load_rows(today, include_removed, ids=wanted[start : start + 500])
                    )
                return out
            where.append(f"c.id IN ({','.join('?' * len(wanted))})")
            params.extend(wanted)
        if where:
            sql += " WHERE " + " AND ".join(where)
        if first_by_name is not None:
            direction = "DESC" if descending else "ASC"
            sql += f" ORDER BY c.show_as COLLATE NOCASE {direction} LIMIT ?"
            params.append(first_by_name)
        calc = StatusCalculator(today or dt.date.today())
        billing = {b.value: b for b in BillingType}
        assist = {a.value: a for a in AssistanceState}
        group_cache: dict[str, tuple[str, ...]] = {"": ()}
        status_cache: dict[str, tuple[LicenceStatus, ...]] = {}
        fetched_cache: dict[int, str] = {}
        not_manageable = calc.statuses("", False)
        shared: dict[Any, Any] = {None: None}
        share = shared.setdefault
        rows: list[CustomerRow] = []
        append = rows.append
        make = CustomerRow
        other_billing = BillingType.OTHER
        unknown_assist = AssistanceState.UNKNOWN
        try:
            listed = self._meta("listing_at")
            group_names = dict(conn.execute("SELECT id, name FROM groups").fetchall())
            cursor = conn.execute(sql, params)
            cursor.arraysize = 2_000
            for (
                tid,
                name,
                show_as,
                email,
                btype,
                gids,
                assistance,
                managed,
                region,
                geo,
                last_seen,
                removed_at,
                manageable,
                summary,
                unlink_status,
                search_key,
                fetched_at,
            ) in cursor:
                groups = group_cache.get(gids)
                if groups is None:
                    groups = tuple(sorted(group_names.get(g, g) for g in gids.split("\x1f")))
                    group_cache[gids] = groups
                if manageable:
                    statuses = status_cache.get(summary)
                    if statuses is None:
                        statuses = status_cache[summary] = calc.statuses(summary)
                else:
                    statuses = not_manageable
                if fetched_at is not None:
                    synced = fetched_cache.get(fetched_at)
                    if synced is None:
                        synced = fetched_cache[fetched_at] = _iso_from_epoch(fetched_at)
                elif removed_at is None and listed is not None:
                    synced = listed
                else:
                    synced = share(last_seen, last_seen)
                if not search_key:  # schema 4: the plain lower-case join is not stored
                    search_key = f"{name}\x1f{show_as}\x1f{email}\x1f{tid}".lower()
                # Positional, in CustomerRow field order (keyword calls cost ~30% more).
                append(
                    make(
                        tid,
                        name,
                        show_as,
                        email,
                        billing.get(btype, other_billing),
                        groups,
                        assist.get(assistance, unknown_assist),
                        managed != 0,
                        share(region, region),
                        share(geo, geo),
                        synced,
                        share(removed_at, removed_at),
                        manageable != 0,
                        statuses,
                        unlink_status,
                        search_key,
                    )
                )
        except sqlite3.DatabaseError as exc:
            raise CacheCorruptError(f"The cache file is damaged ({exc}).") from exc
        return rows

    def load_table_snapshot(self, today: dt.date | None = None) -> TableSnapshot | None:
        """The rows in name order from the table snapshot, if it describes the tables
        as they are now (see ``desktop.services.snapshot``); else None."""
        from desktop.services import snapshot

        try:
            return snapshot.read(self._conn(), today or dt.date.today())
        except (
            sqlite3.DatabaseError,
            ValueError,
            EOFError,
            TypeError,
            KeyError,
            IndexError,
            zlib.error,
        ):
            _log().warning("table snapshot unreadable; reading the rows", exc_info=True)
            return None

    def load_rows_at_generation(
        self, today: dt.date | None = None
    ) -> tuple[list[CustomerRow], int | None]:
        """``load_rows()`` and the generation they were read at (one read transaction)."""
        from desktop.services import snapshot

        conn = self._conn()
        conn.execute("BEGIN")
        try:
            gen = snapshot.generation(conn)
            rows = self.load_rows(today)
        finally:
            conn.execute("COMMIT")
        return rows, gen

    def save_table_snapshot(
        self,
        gen: int,
        rows: Sequence[CustomerRow],
        active_bits: Sequence[int],
        today: dt.date | None = None,
    ) -> bool:
        """Store the rows (in name order) as the snapshot of generation ``gen``; False
        when the tables changed since or the database is busy."""
        from desktop.services import snapshot

        conn = self._conn()
        if snapshot.generation(conn) != gen:
            return False  # changed already: skip the encoding
        parts = snapshot.encode(rows, active_bits)  # lazily, one column at a time
        conn.execute("PRAGMA busy_timeout = 200")
        try:
            return snapshot.write(conn, gen, today or dt.date.today(), parts)
        except sqlite3.OperationalError:
            return False
        finally:
            conn.execute("PRAGMA busy_timeout = 10000")

    def customer_count(self, include_removed: bool = False) -> int:
        sql = "SELECT count(*) FROM customers"
        if not include_removed:
            sql += " WHERE removed_at IS NULL"
        return int(self._conn().execute(sql).fetchone()[0])

    def tenant(self, tenant_id: str) -> Tenant | None:
        row = self._conn().execute("SELECT raw FROM customers WHERE id=?", (tenant_id,)).fetchone()
        if row is None:
            return None
        return parse_tenant(json.loads(unpack(row[0])))

    def is_manageable(self, tenant_id: str) -> bool:
        row = (
            self._conn()
            .execute("SELECT manageable FROM customers WHERE id=?", (tenant_id,))
            .fetchone()
        )
        return bool(row[0]) if row else False

    def removed_at(self, tenant_id: str) -> str | None:
        row = (
            self._conn()
            .execute("SELECT removed_at FROM customers WHERE id=?", (tenant_id,))
            .fetchone()
        )
        return row[0] if row else None

    def licences(self, tenant_id: str) -> list[Licence]:
        row = (
            self._conn()
            .execute(
                "SELECT s.raw FROM licence_sets s JOIN customers c ON c.cid = s.cid WHERE c.id=?",
                (tenant_id,),
            )
            .fetchone()
        )
        if row is None or row[0] is None:
            return []
        return [parse_licence(tenant_id, obj) for obj in json.loads(unpack(row[0]))]

    def all_licences(self) -> dict[str, list[Licence]]:
        out: dict[str, list[Licence]] = {}
        for tenant_id, raw in self._conn().execute(
            "SELECT c.id, s.raw FROM licence_sets s JOIN customers c ON c.cid = s.cid"
            " WHERE s.raw IS NOT NULL AND s.count > 0"
        ):
            out[tenant_id] = [parse_licence(tenant_id, obj) for obj in json.loads(unpack(raw))]
        return out

    def licence_fetched_at(self, tenant_id: str) -> dt.datetime | None:
        row = (
            self._conn()
            .execute(
                "SELECT f.fetched_at FROM lic_fresh f JOIN customers c ON c.cid = f.cid"
                " WHERE c.id=?",
                (tenant_id,),
            )
            .fetchone()
        )
        return dt.datetime.fromtimestamp(row[0], dt.UTC) if row else None

    def groups(self) -> list[Group]:
        rows = (
            self._conn()
            .execute("SELECT id, name, description, tenant_count FROM groups ORDER BY name")
            .fetchall()
        )
        return [Group(id=r[0], name=r[1], description=r[2], tenant_count=r[3]) for r in rows]

    def partner_id(self) -> str | None:
        return self._meta("partner_id")

    def capabilities(self) -> Capabilities | None:
        raw = self._meta("capabilities")
        if raw is None:
            return None
        data = json.loads(raw)
        return Capabilities(
            extensions=bool(data.get("extensions")),
            features=frozenset(data.get("features", [])),
            role=str(data.get("role", "")),
            partner_name=str(data.get("partner_name", "")),
            programs=frozenset(data.get("programs", [])),
        )

    def last_sync(self, *, successful: bool = False) -> SyncRecord | None:
        sql = "SELECT started_at, finished_at, status, summary FROM sync_runs"
        if successful:
            sql += " WHERE status='ok'"
        sql += " ORDER BY id DESC LIMIT 1"
        row = self._conn().execute(sql).fetchone()
        if row is None:
            return None
        return SyncRecord(
            started_at=dt.datetime.fromisoformat(row[0]),
            finished_at=dt.datetime.fromisoformat(row[1]),
            status=row[2],
            summary=SyncSummary.from_json(json.loads(row[3])),
        )

    def audit_entries(self, limit: int = 500) -> list[AuditEntry]:
        rows = (
            self._conn()
            .execute(
                "SELECT at, actor, action, tenant_id, result, detail FROM audit_log"
                " ORDER BY id DESC LIMIT ?",
                (limit,),
            )
            .fetchall()
        )
        return [
            AuditEntry(dt.datetime.fromisoformat(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows
        ]
