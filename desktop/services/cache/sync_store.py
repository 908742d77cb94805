"""The writing side of one sync (:class:`SyncStore`) and its compact bookkeeping."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop.services.cache.codec import _log, content_hash, iso, utcnow
from desktop.services.cache.files import _write_errors
from desktop.services.cache.records import ListingCounts, SyncSummary
from desktop.services.cache.schema import (
    CUSTOMER_COLUMNS,
    LicenceSet,
    _tenant_record,
    execute_many,
    tables,
    upsert,
)
from desktop.services.cache.writer import (
    CHANGES_KEPT,
    _insert_changes,
    _insert_run,
    _record_customer_changes,
    _record_licence_changes,
    _replace_groups,
    _store_licence_sets,
    _touch_fresh,
)
from desktop.services.domain import (
    Capabilities,
    Group,
    Tenant,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from desktop.services.cache.core import Cache


class Bits:
    """A set of small non-negative ints (cids) in a bytearray: 1 bit each, not ~60 bytes."""

    __slots__ = ("_data", "count")

    def __init__(self) -> None:
        self._data = bytearray()
        self.count = 0

    def __contains__(self, i: int) -> bool:
        byte = i >> 3
        return byte < len(self._data) and bool(self._data[byte] & (1 << (i & 7)))

    def add(self, i: int) -> None:
        byte = i >> 3
        if byte >= len(self._data):
            self._data.extend(bytes(byte - len(self._data) + 1 + len(self._data) // 2))
        mask = 1 << (i & 7)
        if not self._data[byte] & mask:
            self._data[byte] |= mask
            self.count += 1

    def discard(self, i: int) -> None:
        if i in self:
            self._data[i >> 3] &= ~(1 << (i & 7)) & 0xFF
            self.count -= 1


class Hashes:
    """cid -> 64-bit content hash in an ``array('Q')`` (8 bytes each; 0 = none)."""

    __slots__ = ("_data",)

    def __init__(self) -> None:
        from array import array

        self._data = array("Q")

    def get(self, cid: int) -> int:
        return self._data[cid] if cid < len(self._data) else 0

    def set(self, cid: int, digest: bytes) -> None:
        if cid >= len(self._data):
            self._data.extend(bytes(8 * (cid - len(self._data) + 1 + len(self._data) // 2)))
        self._data[cid] = int.from_bytes(digest, "big") or 1


def _h(digest: bytes) -> int:
    return int.from_bytes(digest, "big") or 1


class SyncStore:
    """The writing side of one sync (exists only under the writer lock).

    1. :meth:`begin_listing`, :meth:`add_tenants` page by page, :meth:`commit_listing`:
       the whole tenant list in ONE transaction (spilling to the WAL, not to memory);
       only new and changed rows are written; tombstones at the commit.
    2. :meth:`stale_order`, then :meth:`write_licences` batch by batch (one
       transaction each); a tenant's licence set is one row, rewritten only when its
       hash changed; ``lic_fresh`` records the fetch.
    3. :meth:`finish` (or :meth:`record_failure`).
    """

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.engine = cache.engine
        self._conn: Connection | None = None
        self._trans: Any = None
        #: id -> cid of every customer (filled at begin_listing)
        self.cids: dict[str, int] = {}
        self._hashes = Hashes()
        self._removed = Bits()
        self._seen = Bits()
        self._new = Bits()
        self._changed_ids: list[str] = []
        self._next_cid = 1
        self._now = iso(utcnow())
        self._lic_hashes: Hashes | None = None
        self.changed_licences = 0
        self._feed = False
        self.first = False
        self.resuming = False
        self.round_start = int(time.time())

    def close(self) -> None:
        if self._trans is not None:
            self.rollback_listing()

    # listing ------------------------------------------------------------------

    def begin_listing(self) -> None:
        from sqlalchemy import func, select

        cust = tables()["customers"]
        self._conn = self.engine.connect()
        self._trans = self._conn.begin()  # BEGIN IMMEDIATE: the index cannot go stale
        self._next_cid = (
            int(self._conn.execute(select(func.coalesce(func.max(cust.c.cid), 0))).scalar_one()) + 1
        )
        meta = tables()["meta"]
        open_round = self._conn.execute(
            select(meta.c.value).where(meta.c.key == "lic_round")
        ).scalar()
        #: a licence round that a failed, cancelled or killed sync left open is resumed
        self.resuming = open_round is not None
        self.round_start = int(open_round) if open_round is not None else int(time.time())
        cids, hashes, removed = self.cids, self._hashes, self._removed
        for cid, tid, chash, gone in self._conn.execute(
            select(cust.c.cid, cust.c.id, cust.c.content_hash, cust.c.removed_at.is_not(None))
        ):
            cids[tid] = cid
            hashes.set(cid, chash)
            if gone:
                removed.add(cid)
        #: the change feed starts after the first listing (not 100k "new" customers)
        self._feed = bool(cids)
        #: a first sync into an empty cache (compacted with a full VACUUM at the end)
        self.first = not cids

    def add_tenants(self, tenants: Sequence[Tenant]) -> None:
        assert self._conn is not None
        rows: list[dict[str, Any]] = []
        for tenant in tenants:
            raw = tenant.raw_json()
            chash = content_hash(raw)
            cid = self.cids.get(tenant.id)
            if cid is None:
                cid = self._next_cid
                self._next_cid += 1
                self.cids[tenant.id] = cid
                self._new.add(cid)
            elif cid in self._seen:
                continue
            elif self._hashes.get(cid) == _h(chash) and cid not in self._removed:
                self._seen.add(cid)
                continue  # unchanged: not rewritten
            self._seen.add(cid)
            self._hashes.set(cid, chash)
            record = _tenant_record(tenant, raw)
            record.update(cid=cid, first_seen=self._now, last_seen=self._now, removed_at=None)
            rows.append(record)
            self._changed_ids.append(tenant.id)
        if rows:
            cust = tables()["customers"]
            update_cols = [*[c for c in CUSTOMER_COLUMNS if c != "id"], "last_seen", "removed_at"]
            with _write_errors():
                if self._feed:
                    _record_customer_changes(self._conn, rows, self._new, self._now)
                execute_many(self._conn, upsert(self._conn, cust, ["id"], update_cols), rows)

    def commit_listing(self, *, partner_id: str, capabilities: Capabilities) -> ListingCounts:
        """Tombstone the customers the complete listing no longer has; commit it all."""
        from sqlalchemy import bindparam, update

        assert self._conn is not None and self._trans is not None
        t = tables()
        previous_listing = self.cache._meta("listing_at") or self._now
        gone = [
            (tid, cid)
            for tid, cid in self.cids.items()
            if cid not in self._seen and cid not in self._removed
        ]
        with _write_errors():
            if gone and self._feed:
                _insert_changes(
                    self._conn,
                    [{"tenant_id": tid, "kind": "removed"} for tid, _ in gone],
                    self._now,
                )
            if gone:
                cust = t["customers"]
                self._conn.execute(
                    update(cust)
                    .where(cust.c.cid == bindparam("b_cid"))
                    .values(removed_at=self._now, last_seen=previous_listing),
                    [{"b_cid": cid} for _, cid in gone],
                )
            caps = {
                "extensions": capabilities.extensions,
                "features": sorted(capabilities.features),
                "role": capabilities.role,
                "partner_name": capabilities.partner_name,
                "programs": sorted(capabilities.programs),
            }
            self._conn.execute(
                upsert(self._conn, t["meta"], ["key"], ["value"]),
                [
                    {"key": "partner_id", "value": partner_id},
                    {"key": "capabilities", "value": json.dumps(caps)},
                    {"key": "listing_at", "value": self._now},
                    {"key": "lic_round", "value": str(self.round_start)},
                ],
            )
            self._trans.commit()
        self._trans = None
        self._conn.close()
        self._conn = None
        new_ids = [tid for tid in self._changed_ids if self.cids[tid] in self._new]
        for _, cid in gone:
            self._removed.add(cid)
        for cid in self.cids.values():
            if cid in self._seen:
                self._removed.discard(cid)
        counts = ListingCounts(
            customers=self._seen.count,
            new=len(new_ids),
            removed=len(gone),
            changed=len(self._changed_ids) - len(new_ids),
            ids=(*self._changed_ids, *(tid for tid, _ in gone)),
        )
        self._changed_ids = []
        return counts

    def rollback_listing(self) -> None:
        if self._trans is not None:
            with contextlib.suppress(Exception):
                self._trans.rollback()
            self._trans = None
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    # licences -----------------------------------------------------------------

    def live_ids(self) -> list[str]:
        """Every customer of the committed tenant list (from memory, no query)."""
        removed = self._removed
        return [tid for tid, cid in self.cids.items() if cid not in removed]

    def licence_plan(self) -> list[str]:
        """The tenants whose licences this sync fetches, stalest first.

        A new round fetches every live customer. A round that a failed, cancelled or
        killed sync left open is resumed: only the customers it had not refreshed yet
        (nothing committed is fetched again).
        """
        return self.stale_order(before=self.round_start if self.resuming else None)

    def stale_order(
        self, tenant_ids: Sequence[str] | None = None, *, before: int | None = None
    ) -> list[str]:
        """Live customers (or ``tenant_ids``), stalest licences first (never fetched first);
        ``before``: only those not fetched since that moment (unix seconds)."""
        from sqlalchemy import or_, select

        t = tables()
        cust, fresh = t["customers"], t["lic_fresh"]
        query = (
            select(cust.c.id)
            .select_from(cust.outerjoin(fresh, fresh.c.cid == cust.c.cid))
            .where(cust.c.removed_at.is_(None))
            .order_by(fresh.c.fetched_at.asc().nulls_first(), cust.c.cid)
        )
        if before is not None:
            query = query.where(or_(fresh.c.fetched_at.is_(None), fresh.c.fetched_at < before))
        with self.cache.read_engine.connect() as conn:
            order = [r[0] for r in conn.execute(query)]
        if tenant_ids is None:
            return order
        wanted = set(tenant_ids)
        return [tid for tid in order if tid in wanted]

    def _load_licence_hashes(self) -> Hashes:
        if self._lic_hashes is None:
            from sqlalchemy import select

            sets = tables()["licence_sets"]
            with self.cache.read_engine.connect() as conn:
                self._lic_hashes = Hashes()
                for cid, digest in conn.execute(select(sets.c.cid, sets.c.hash)):
                    self._lic_hashes.set(cid, digest)
        return self._lic_hashes

    def licence_current(self, tenant_id: str, digest: bytes) -> bool:
        """The stored licence set of this (listed) tenant has this hash already."""
        cid = self.cids.get(tenant_id)
        return cid is not None and self._load_licence_hashes().get(cid) == _h(digest)

    def write_licences(
        self, batch: Sequence[tuple[str, LicenceSet]], unchanged: Sequence[str] = ()
    ) -> list[str]:
        """Commit one batch of fetched licence sets; returns the ids whose set changed.

        While the tenant list is being written (bulk licences arrive beside it) the sets
        go into that same transaction and commit with the list, each still one unit.

        Tenants outside the tenant list are ignored; unchanged sets are not rewritten
        (only their fetch time is recorded, also for the ``unchanged`` ids).
        """
        hashes = self._load_licence_hashes()
        changed: list[tuple[int, LicenceSet]] = []
        changed_ids: list[str] = []
        diff: list[tuple[str, int, LicenceSet]] = []  # (old) sets to compare for the feed
        fetched: list[int] = []
        gone = self._removed
        listing = self._trans is not None
        seen = self._seen
        for tid in unchanged:
            cid = self.cids.get(tid)
            if cid is not None and (cid not in gone or (listing and cid in seen)):
                fetched.append(cid)
        for tid, lset in batch:
            cid = self.cids.get(tid)
            if cid is None or (cid in gone and not (listing and cid in seen)):
                continue
            fetched.append(cid)
            old = hashes.get(cid)
            if old != _h(lset.hash):
                changed.append((cid, lset))
                changed_ids.append(tid)
                if old and cid not in self._new:
                    self.changed_licences += 1
                    diff.append((tid, cid, lset))
        if not fetched:
            return []
        now = int(time.time())
        if listing:  # inside the open tenant-list transaction: they commit with it
            assert self._conn is not None
            with _write_errors():
                if diff and self._feed:
                    _record_licence_changes(self._conn, diff, self._now)
                _store_licence_sets(self._conn, changed, now)
                _touch_fresh(self._conn, sorted(set(fetched) - {c for c, _ in changed}), now)
        else:
            with _write_errors(), self.engine.begin() as conn:
                if diff and self._feed:
                    _record_licence_changes(conn, diff, self._now)
                _store_licence_sets(conn, changed, now)
                _touch_fresh(conn, sorted(set(fetched) - {c for c, _ in changed}), now)
        for cid, lset in changed:
            hashes.set(cid, lset.hash)
        return changed_ids

    # end ------------------------------------------------------------------------

    def finish(
        self, started_at: dt.datetime, summary: SyncSummary, groups: Sequence[Group] | None
    ) -> None:
        """Groups (when fetched), totals, the run record; then housekeeping."""
        from sqlalchemy import func, select

        t = tables()
        cust, sets = t["customers"], t["licence_sets"]
        with _write_errors(), self.engine.begin() as conn:
            if groups is not None:
                _replace_groups(conn, groups)
            meta = t["meta"]
            conn.execute(meta.delete().where(meta.c.key == "lic_round"))  # the round is done
            changes = t["changes"]  # the change feed keeps a year
            conn.execute(changes.delete().where(changes.c.at < iso(utcnow() - CHANGES_KEPT)))
            live = cust.c.removed_at.is_(None)
            summary.licences = int(
                conn.execute(
                    select(func.coalesce(func.sum(sets.c.count), 0))
                    .select_from(sets.join(cust, cust.c.cid == sets.c.cid))
                    .where(live)
                ).scalar_one()
            )
            summary.not_manageable = int(
                conn.execute(
                    select(func.count()).select_from(cust).where(live, cust.c.manageable == 0)
                ).scalar_one()
            )
            _insert_run(conn, started_at, summary)
        self.housekeeping()

    def record_failure(self, started_at: dt.datetime, summary: SyncSummary) -> None:
        self.rollback_listing()
        with _write_errors(), self.engine.begin() as conn:
            _insert_run(conn, started_at, summary)

    def housekeeping(self) -> None:
        """Return free pages to the file system; keep the WAL small. Best effort."""
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            free = cur.execute("PRAGMA freelist_count").fetchone()[0]
            total = cur.execute("PRAGMA page_count").fetchone()[0]
            if free > max(256, total // 10):
                cur.execute("PRAGMA incremental_vacuum")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.close()
        except sqlite3.Error:
            pass
        finally:
            raw.close()

    def compact(self) -> None:
        """After the whole sync (billing included): housekeeping, and after a first sync
        into an empty cache a full ``VACUUM``. The tenant rows of a first sync grow when
        their licence summaries land after them, which leaves ~10 % of the customer pages
        half full; rewriting the file once packs them (~1-2 s at 100k, off the critical
        path). On its own stdlib connection with temporary data in a file: the engine's
        connections keep temporary data in memory, and VACUUM's copy would then be the
        whole database in RAM. SQLite only; best effort."""
        if self.engine.dialect.name != "sqlite":
            return
        if self.first:
            try:
                conn = sqlite3.connect(self.cache.path, timeout=30, isolation_level=None)
                try:
                    conn.execute("PRAGMA temp_store = FILE")
                    conn.execute("VACUUM")
                finally:
                    conn.close()
            except sqlite3.Error:
                _log().warning("VACUUM after the first sync failed", exc_info=True)
        self.housekeeping()
