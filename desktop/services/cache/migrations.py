"""Upgrades of older cache files (each tested from a saved fixture database)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from typing import TYPE_CHECKING, Any

from desktop.services.cache.codec import content_hash, pack
from desktop.services.cache.schema import (
    CUSTOMER_COLUMNS,
    LicenceSet,
    _sqlite_ddl,
    derived_search_key,
)

if TYPE_CHECKING:
    pass


def _migrate_v3(conn: sqlite3.Connection) -> None:
    """Schema 3 -> 4 (a leaner file): the SQLite index on ``show_as`` goes (nothing reads
    a first screenful by name any more), and search keys that are the plain lower-case
    join of their fields are stored as ``""`` (the reader derives them). The freed pages
    go back to the file system at the next sync's housekeeping (incremental vacuum)."""
    conn.execute("DROP INDEX IF EXISTS ix_customers_show_as")
    blank = [
        (cid,)
        for cid, name, show_as, email, tid, key in conn.execute(
            "SELECT cid, name, show_as, email, id, search_key FROM customers WHERE search_key != ''"
        )
        if key == derived_search_key(name, show_as, email, tid)
    ]
    conn.executemany("UPDATE customers SET search_key = '' WHERE cid = ?", blank)


def _migrate_v2(conn: sqlite3.Connection) -> None:
    """Schema 2 -> 3: the insight tables (issue 15) are added; nothing else changes."""
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    for stmt in _sqlite_ddl():
        words = stmt.split()
        name = words[2] if words[1] in ("TABLE", "INDEX") else words[3]
        if name.strip('"') not in existing:  # (a schema-1 upgrade made them already)
            conn.execute(stmt)


def _migrate_v1(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2 inside the caller's transaction (on the stdlib connection).

    customers get a compact ``cid`` key and packed raw JSON; licences become one
    packed set per tenant; staging tables go; licence fetch times start at the last
    successful sync.
    """
    conn.execute("ALTER TABLE customers RENAME TO customers_v1")
    conn.execute("ALTER TABLE licences RENAME TO licences_v1")
    for name in ("stg_customers", "stg_licences", "stg_status"):
        conn.execute(f"DROP TABLE IF EXISTS {name}")
    conn.execute("DROP INDEX IF EXISTS ix_audit_at")
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    for stmt in _sqlite_ddl():
        words = stmt.split()
        # CREATE TABLE name / CREATE [UNIQUE] INDEX name ON ...
        name = words[2] if words[1] in ("TABLE", "INDEX") else words[3]
        if name.strip('"') not in existing:
            conn.execute(stmt)
    last = conn.execute(
        "SELECT finished_at FROM sync_runs WHERE status='ok' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    fetched_at = int(dt.datetime.fromisoformat(last[0]).timestamp()) if last else int(time.time())
    cols = [c for c in CUSTOMER_COLUMNS if c not in ("raw", "content_hash")]
    select_cols = ", ".join(cols)
    cids: dict[str, int] = {}
    batch: list[tuple[Any, ...]] = []
    insert = (
        f"INSERT INTO customers (cid, {select_cols}, raw, content_hash, manageable, lic_summary,"
        f" first_seen, last_seen, removed_at) VALUES ({', '.join('?' for _ in range(len(cols) + 8))})"
    )
    for n, row in enumerate(
        conn.execute(
            f"SELECT {select_cols}, raw, manageable, lic_summary, first_seen, last_seen,"
            " removed_at FROM customers_v1 ORDER BY rowid"
        ).fetchall(),
        start=1,
    ):
        values = row[: len(cols)]
        raw, manageable, summary, first_seen, last_seen, removed_at = row[len(cols) :]
        cids[values[0]] = n
        batch.append(
            (n, *values, pack(raw), content_hash(raw), manageable, summary, first_seen,
             last_seen, removed_at)
        )  # fmt: skip
    conn.executemany(insert, batch)
    per_tenant: dict[str, list[tuple[str, str]]] = {}
    for tid, lid, raw in conn.execute("SELECT tenant_id, id, raw FROM licences_v1"):
        per_tenant.setdefault(tid, []).append((lid, raw))
    sets: list[tuple[int, bytes, int, bytes | None]] = []
    fresh: list[tuple[int, int]] = []
    for tid, cid in cids.items():
        manageable = conn.execute(
            "SELECT manageable FROM customers WHERE cid=?", (cid,)
        ).fetchone()[0]
        if not manageable:
            lset = LicenceSet.of(None)
        else:
            items = sorted(per_tenant.get(tid, []))
            text = "[" + ",".join(raw for _, raw in items) + "]"
            lset = LicenceSet(content_hash(text), len(items), pack(text), "", True)
        sets.append((cid, lset.hash, lset.count, lset.raw))
        fresh.append((cid, fetched_at))
    conn.executemany("INSERT INTO licence_sets (cid, hash, count, raw) VALUES (?, ?, ?, ?)", sets)
    conn.executemany("INSERT INTO lic_fresh (cid, fetched_at) VALUES (?, ?)", fresh)
    conn.execute("DROP TABLE customers_v1")
    conn.execute("DROP TABLE licences_v1")
    listed = conn.execute(
        "SELECT max(last_seen) FROM customers WHERE removed_at IS NULL"
    ).fetchone()
    if listed and listed[0]:
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('listing_at', ?)", (listed[0],)
        )
