"""A desktop's local SQLite replica of the team database (what its role may see).

The desktop always reads its replica (an ordinary cache file, so the table, search,
sort, toggle and every view work exactly as on a local cache, and offline too);
:class:`Replicator` keeps it up to date from PostgreSQL as the person's own role,
so row-level security decides what arrives:

- :meth:`Replicator.catch_up` compares narrow columns (content hash, licence hash,
  fetch time, bookkeeping) of every visible customer with the replica and copies only
  what differs; customers no longer visible (out of scope) leave the replica.
- :meth:`Replicator.pull` copies the customers a notification named (by ``cid``).
- :meth:`Replicator.listen` waits for ``LISTEN/NOTIFY`` and calls back with the
  tenant ids whose rows changed (for the table model's ``update_rows``).

``meta.team_refreshed_at`` records when the replica last matched the server: the
status bar says how old the data is when PostgreSQL cannot be reached.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.services.cache import Cache, iso, tables, upsert, utcnow
from desktop.services.team.billing import billing_diff, store_billing
from desktop.services.team.database import (
    BILLING_CHANNEL,
    CHANGES_CHANNEL,
    FRESH_CHANNEL,
    SCOPE_CHANNEL,
    database_error,
    make_engine,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

log = logging.getLogger("partner_desk.team")

#: meta key: when the replica last matched the team database (ISO, UTC)
REFRESHED_KEY = "team_refreshed_at"
#: meta key: the last local audit entry written to the shared audit log
AUDIT_KEY = "team_audit_pushed"
_CHUNK = 2_000
#: notifications arriving within this long are handled together
COALESCE_S = 0.05
#: an action's result stays in the replica at most this long without a sync node listing
PENDING_FOR = dt.timedelta(hours=24)
#: audit actions that change nothing on the server's customer record
NOT_PENDING = ("contact", "details", "launch", "notes")


def refreshed_at(cache: Cache) -> dt.datetime | None:
    value = cache._meta(REFRESHED_KEY)
    return dt.datetime.fromisoformat(value) if value else None


class Replicator:
    """Copies what a role may see from PostgreSQL into a local cache file."""

    def __init__(self, info: str, cache: Cache) -> None:
        self.info = info
        self.cache = cache
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.info, pool_size=1)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # ------------------------------------------------------------------ copying

    def catch_up(self) -> tuple[list[str], bool]:
        """Bring the replica up to date; returns (changed tenant ids, many changed).

        Raises :class:`TeamDatabaseError` when PostgreSQL cannot be reached.
        """
        from sqlalchemy import select
        from sqlalchemy.exc import SQLAlchemyError

        t = tables()
        cust, sets, fresh = t["customers"], t["licence_sets"], t["lic_fresh"]
        narrow = (
            cust.c.cid,
            cust.c.content_hash,
            cust.c.removed_at,
            cust.c.last_seen,
            cust.c.manageable,
            cust.c.lic_summary,
        )
        try:
            with self.engine.connect() as pg, pg.begin():
                pg.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                remote = {r[0]: tuple(r[1:]) for r in pg.execute(select(*narrow))}
                remote_sets = {r[0]: r[1] for r in pg.execute(select(sets.c.cid, sets.c.hash))}
                remote_fresh = dict(pg.execute(select(fresh.c.cid, fresh.c.fetched_at)).all())
                with self.cache.read_engine.connect() as lite:
                    local = {r[0]: tuple(r[1:]) for r in lite.execute(select(*narrow))}
                    local_sets = {r[0]: r[1] for r in lite.execute(select(sets.c.cid, sets.c.hash))}
                    local_fresh = dict(lite.execute(select(fresh.c.cid, fresh.c.fetched_at)).all())
                held = self._held_cids(pg)
                differ = sorted(
                    cid
                    for cid, row in remote.items()
                    if (local.get(cid) != row or local_sets.get(cid) != remote_sets.get(cid))
                    and cid not in held
                )
                changed = set(differ)
                # only the fetch time moved (every sync): copied quietly, no row refresh
                fresher = [
                    cid
                    for cid, at in remote_fresh.items()
                    if cid not in changed and cid not in held and local_fresh.get(cid) != at
                ]
                gone = sorted(set(local) - set(remote) - held)
                copied = self._fetch(pg, differ)
                extras = self._fetch_small(pg)
                extras["changes"], extras["changes_gone"] = self._changes_diff(pg)
                extras["billing"] = billing_diff(pg, self.cache)
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc
        ids = self._store(copied, gone, extras)
        if fresher:
            self._store_fresh([{"cid": c, "fetched_at": remote_fresh[c]} for c in fresher])
        return ids, len(differ) + len(gone) > 5_000

    def pull(self, cids: Iterable[int]) -> list[str]:
        """Copy these customers (named by a notification); drop those out of scope."""
        from sqlalchemy.exc import SQLAlchemyError

        wanted = sorted(set(cids))
        if not wanted:
            return []
        try:
            with self.engine.connect() as pg, pg.begin():
                pg.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                held = self._held_cids(pg)
                wanted = [c for c in wanted if c not in held]
                copied = self._fetch(pg, wanted)
                extras = self._fetch_small(pg)
                extras["changes"] = self._changes_after(pg)
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc
        visible = {r["cid"] for r in copied[0]}
        gone = [c for c in wanted if c not in visible]
        return self._store(copied, gone, extras)

    def pull_billing(self) -> bool:
        """Copy the billing months that differ (a ``billing`` notification); True = copied."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self.engine.connect() as pg, pg.begin():
                pg.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                billing = billing_diff(pg, self.cache)
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc
        if not (billing["months"] or billing["gone"]):
            return False
        with self.cache.writer_lock(timeout=30), self.cache.engine.begin() as conn:
            store_billing(conn, billing)
        return True

    # ------------------------------------------------------------------ pending actions

    def pending_actions(self, listing_at: str | None) -> set[str]:
        """Customers changed by an action on this desktop that the team database cannot
        know yet: the action succeeded at or after the sync node's last tenant listing
        began (and within :data:`PENDING_FOR`). Their replica rows are the action's
        result and are kept until a later listing brings the server's copy."""
        from sqlalchemy import select

        audit = tables()["audit_log"]
        since = iso(utcnow() - PENDING_FOR)
        if listing_at and listing_at > since:
            since = listing_at
        with self.cache.read_engine.connect() as lite:
            return {
                r[0]
                for r in lite.execute(
                    select(audit.c.tenant_id).where(
                        audit.c.result == "ok",
                        audit.c.tenant_id.is_not(None),
                        audit.c.action.not_in(NOT_PENDING),
                        audit.c.at >= since,
                    )
                )
            }

    def _held_cids(self, pg: Connection) -> set[int]:
        """The cids (server's and replica's) of :meth:`pending_actions`' customers."""
        from sqlalchemy import select

        t = tables()
        meta, cust = t["meta"], t["customers"]
        listing_at = pg.execute(select(meta.c.value).where(meta.c.key == "listing_at")).scalar()
        pending = sorted(self.pending_actions(None if listing_at is None else str(listing_at)))
        if not pending:
            return set()
        held = {r[0] for r in pg.execute(select(cust.c.cid).where(cust.c.id.in_(pending)))}
        with self.cache.read_engine.connect() as lite:
            held.update(
                r[0] for r in lite.execute(select(cust.c.cid).where(cust.c.id.in_(pending)))
            )
        return held

    # ------------------------------------------------------------------ change feed

    def _changes_after(self, pg: Connection) -> list[dict[str, Any]]:
        """The visible change-feed entries newer than the replica's newest."""
        from sqlalchemy import func, select

        changes = tables()["changes"]
        with self.cache.read_engine.connect() as lite:
            newest = int(
                lite.execute(select(func.coalesce(func.max(changes.c.id), 0))).scalar_one()
            )
        return [
            dict(r._mapping)
            for r in pg.execute(select(changes).where(changes.c.id > newest).order_by(changes.c.id))
        ]

    def _changes_diff(self, pg: Connection) -> tuple[list[dict[str, Any]], list[int]]:
        """Entries to copy and replica entries to drop (out of scope now, or expired)."""
        from sqlalchemy import select

        changes = tables()["changes"]
        remote = {r[0] for r in pg.execute(select(changes.c.id))}
        with self.cache.read_engine.connect() as lite:
            local = {r[0] for r in lite.execute(select(changes.c.id))}
        missing = sorted(remote - local)
        rows: list[dict[str, Any]] = []
        for start in range(0, len(missing), _CHUNK):
            part = missing[start : start + _CHUNK]
            rows.extend(
                dict(r._mapping) for r in pg.execute(select(changes).where(changes.c.id.in_(part)))
            )
        return rows, sorted(local - remote)

    # ------------------------------------------------------------------ billing

    def pull_fresh(self, cids: Iterable[int]) -> None:
        """Copy licence fetch times only (no row refresh for the window)."""
        from sqlalchemy import select
        from sqlalchemy.exc import SQLAlchemyError

        fresh = tables()["lic_fresh"]
        wanted = sorted(set(cids))
        rows: list[dict[str, Any]] = []
        try:
            with self.engine.connect() as pg:
                for start in range(0, len(wanted), _CHUNK):
                    part = wanted[start : start + _CHUNK]
                    rows.extend(
                        {"cid": r[0], "fetched_at": r[1]}
                        for r in pg.execute(
                            select(fresh.c.cid, fresh.c.fetched_at).where(fresh.c.cid.in_(part))
                        )
                    )
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc
        self._store_fresh(rows)

    def _store_fresh(self, rows: list[dict[str, Any]]) -> None:
        from sqlalchemy import select

        if not rows:
            return
        t = tables()
        with self.cache.writer_lock(timeout=30), self.cache.engine.begin() as conn:
            known: set[int] = set()
            cids = [r["cid"] for r in rows]
            for start in range(0, len(cids), _CHUNK):
                part = cids[start : start + _CHUNK]
                known.update(
                    r[0]
                    for r in conn.execute(
                        select(t["customers"].c.cid).where(t["customers"].c.cid.in_(part))
                    )
                )
            rows = [r for r in rows if r["cid"] in known]
            if rows:
                conn.execute(upsert(conn, t["lic_fresh"], ["cid"], ["fetched_at"]), rows)
        self._checkpoint(len(rows))

    def _checkpoint(self, written: int) -> None:
        """After a large copy: move the WAL into the file (a small replica, a fast start)."""
        if written < 1_000:
            return
        raw = self.cache.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:  # best effort
            log.debug("checkpoint failed", exc_info=True)
        finally:
            raw.close()

    def _fetch(
        self, pg: Connection, cids: Sequence[int]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        from sqlalchemy import select

        t = tables()
        out: tuple[list[dict[str, Any]], ...] = ([], [], [])
        for start in range(0, len(cids), _CHUNK):
            part = list(cids[start : start + _CHUNK])
            for i, name in enumerate(("customers", "licence_sets", "lic_fresh")):
                table = t[name]
                out[i].extend(
                    dict(r._mapping) for r in pg.execute(select(table).where(table.c.cid.in_(part)))
                )
        return out  # type: ignore[return-value]

    def _fetch_small(self, pg: Connection) -> dict[str, Any]:
        from sqlalchemy import select

        t = tables()
        meta = dict(
            pg.execute(
                select(t["meta"].c.key, t["meta"].c.value).where(
                    t["meta"].c.key.in_(("partner_id", "capabilities", "listing_at"))
                )
            ).all()
        )
        groups = [dict(r._mapping) for r in pg.execute(select(t["groups"]))]
        runs = t["sync_runs"]
        last_runs = [
            dict(r._mapping) for r in pg.execute(select(runs).order_by(runs.c.id.desc()).limit(20))
        ]
        return {"meta": meta, "groups": groups, "runs": last_runs}

    def _store(
        self,
        copied: tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]],
        gone: Sequence[int],
        extras: dict[str, Any],
    ) -> list[str]:
        """One replica transaction: the copied rows, the departures, groups, meta, runs."""
        from sqlalchemy import delete, select

        t = tables()
        customers, sets, fresh = copied
        ids = [r["id"] for r in customers]
        with self.cache.writer_lock(timeout=30), self.cache.engine.begin() as conn:
            if gone:
                for start in range(0, len(gone), _CHUNK):
                    part = list(gone[start : start + _CHUNK])
                    ids.extend(
                        r[0]
                        for r in conn.execute(
                            select(t["customers"].c.id).where(t["customers"].c.cid.in_(part))
                        )
                    )
                    for name in ("lic_fresh", "licence_sets", "customers"):
                        conn.execute(delete(t[name]).where(t[name].c.cid.in_(part)))
            for name, rows in (
                ("customers", customers),
                ("licence_sets", sets),
                ("lic_fresh", fresh),
            ):
                if rows:
                    cols = [c for c in rows[0] if c != "cid"]
                    if name == "customers":
                        # a customer re-listed under another cid (never in practice)
                        conn.execute(
                            delete(t[name]).where(
                                t[name].c.id.in_([r["id"] for r in rows]),
                                t[name].c.cid.not_in([r["cid"] for r in rows]),
                            )
                        )
                    conn.execute(upsert(conn, t[name], ["cid"], cols), rows)
            groups = t["groups"]
            old_groups = sorted(
                tuple(sorted(r._mapping.items())) for r in conn.execute(select(groups))
            )
            new_groups = sorted(tuple(sorted(g.items())) for g in extras["groups"])
            if old_groups != new_groups:
                conn.execute(delete(groups))
                if extras["groups"]:
                    conn.execute(groups.insert(), extras["groups"])
            changes = t["changes"]
            for start in range(0, len(extras.get("changes_gone", ())), _CHUNK):
                part = extras["changes_gone"][start : start + _CHUNK]
                conn.execute(delete(changes).where(changes.c.id.in_(part)))
            if extras.get("changes"):
                conn.execute(upsert(conn, changes, ["id"], []), extras["changes"])
            if "billing" in extras:
                store_billing(conn, extras["billing"])
            runs = t["sync_runs"]
            conn.execute(delete(runs))
            if extras["runs"]:
                conn.execute(runs.insert(), list(reversed(extras["runs"])))
            meta_rows = [{"key": k, "value": v} for k, v in extras["meta"].items()]
            meta_rows.append({"key": REFRESHED_KEY, "value": iso(utcnow())})
            conn.execute(upsert(conn, t["meta"], ["key"], ["value"]), meta_rows)
        self._checkpoint(len(customers) + len(gone))
        return list(dict.fromkeys(ids))

    # ------------------------------------------------------------------ audit

    def push_audit(self) -> int:
        """Copy this desktop's new audit entries (its actions) to the shared audit log.

        Written as the person's own role: ``actor`` is the database role (row-level
        security refuses any other name); the local actor goes into ``detail``. At least
        once: an entry may repeat if the desktop dies between the two commits.
        """
        from sqlalchemy import select
        from sqlalchemy.exc import SQLAlchemyError

        t = tables()
        audit = t["audit_log"]
        since = int(self.cache._meta(AUDIT_KEY) or 0)
        with self.cache.read_engine.connect() as lite:
            rows = [
                dict(r._mapping)
                for r in lite.execute(select(audit).where(audit.c.id > since).order_by(audit.c.id))
            ]
        if not rows:
            return 0
        try:
            with self.engine.begin() as pg:
                role = str(pg.exec_driver_sql("SELECT current_user").scalar())
                pg.execute(
                    audit.insert(),
                    [
                        {
                            "at": r["at"],
                            "actor": role,
                            "action": r["action"],
                            "tenant_id": r["tenant_id"],
                            "result": r["result"],
                            "detail": f"{r['actor']}: {r['detail']}".rstrip(": "),
                        }
                        for r in rows
                    ],
                )
        except SQLAlchemyError as exc:
            raise database_error(exc) from exc
        with self.cache.writer_lock(timeout=30), self.cache.engine.begin() as conn:
            conn.execute(
                upsert(conn, t["meta"], ["key"], ["value"]),
                {"key": AUDIT_KEY, "value": str(rows[-1]["id"])},
            )
        return len(rows)

    # ------------------------------------------------------------------ listening

    def listen(
        self,
        stop: threading.Event,
        on_change: Callable[[list[str], bool], None],
        *,
        on_ready: Callable[[], None] | None = None,
    ) -> None:
        """LISTEN until ``stop``; each batch of notifications is pulled into the replica
        and ``on_change(ids, reload)`` called. Returns when ``stop`` is set; raises
        :class:`TeamDatabaseError` when the connection is lost."""
        import psycopg

        try:
            conn = psycopg.connect(self.info, autocommit=True)
        except psycopg.Error as exc:
            raise database_error(exc) from exc
        try:
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
            conn.execute(f"LISTEN {SCOPE_CHANNEL}")
            conn.execute(f"LISTEN {FRESH_CHANNEL}")
            conn.execute(f"LISTEN {BILLING_CHANNEL}")
            # anything committed between the last catch-up and LISTEN
            ids, many = self.catch_up()
            if ids:
                on_change(ids, many)
            self.push_audit()
            if on_ready is not None:
                on_ready()
            while not stop.is_set():
                self.push_audit()  # actions done in this window since the last turn
                cids: set[int] = set()
                fresh: set[int] = set()
                full = billing = False
                deadline: float | None = None
                for note in conn.notifies(timeout=0.25 if deadline is None else COALESCE_S):
                    if note.channel == SCOPE_CHANNEL or note.payload == "groups":
                        full = True
                    elif note.channel == BILLING_CHANNEL:
                        billing = True
                    elif note.channel == FRESH_CHANNEL:
                        fresh.update(int(c) for c in note.payload.split(",") if c)
                    else:
                        cids.update(int(c) for c in note.payload.split(",") if c)
                    if deadline is None:
                        deadline = time.monotonic() + COALESCE_S
                    if time.monotonic() >= deadline:
                        break
                if full:
                    ids, many = self.catch_up()
                    on_change(ids, True)
                elif cids:
                    on_change(self.pull(cids), False)
                if fresh and not full:
                    self.pull_fresh(fresh - cids)
                if billing and not full:
                    self.pull_billing()
        except psycopg.Error as exc:
            raise database_error(exc) from exc
        finally:
            with contextlib.suppress(Exception):
                conn.close()
