"""The per-profile SQLite cache (DESIGN.md §2, §9).

- One SQLite file per profile, WAL journal, a schema version in ``meta`` with a
  migration path (:data:`MIGRATIONS`).
- Writes use SQLAlchemy Core (bulk ``executemany`` inserts, set-based merges);
  SQLAlchemy is imported lazily so that start-up can read rows with the stdlib
  ``sqlite3`` driver alone (it is faster and saves ~170 ms of imports).
- A sync writes into staging tables (``stg_*``) in short transactions and then
  merges them into the live tables in **one** transaction: a failed, cancelled or
  killed sync leaves the previous snapshot exactly as it was.
- Customers missing from a complete sync get a tombstone (``removed_at``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    encode_summary,
    make_search_key,
    parse_licence,
    parse_tenant,
    summarize,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"


class CacheError(Exception):
    """The cache cannot be used; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CacheCorruptError(CacheError):
    pass


class CacheTooNewError(CacheError):
    pass


class CacheWriteError(CacheError):
    """Disk full, read-only folder and the like."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- schema

CUSTOMER_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "show_as",
    "email",
    "billing_type",
    "data_geography",
    "data_region",
    "api_host",
    "status",
    "managed",
    "created_by_partner",
    "assistance",
    "assistance_requested_at",
    "unlink_status",
    "unlink_effective_at",
    "group_ids",
    "search_key",
    "raw",
    "content_hash",
)

DDL_V1: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS customers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, show_as TEXT NOT NULL, email TEXT NOT NULL,
        billing_type TEXT NOT NULL, data_geography TEXT NOT NULL, data_region TEXT NOT NULL,
        api_host TEXT, status TEXT NOT NULL, managed INTEGER NOT NULL,
        created_by_partner INTEGER NOT NULL, assistance TEXT NOT NULL,
        assistance_requested_at TEXT, unlink_status TEXT, unlink_effective_at TEXT,
        group_ids TEXT NOT NULL, search_key TEXT NOT NULL, raw TEXT NOT NULL,
        content_hash TEXT NOT NULL, manageable INTEGER NOT NULL DEFAULT 1,
        lic_summary TEXT NOT NULL DEFAULT '', first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL, removed_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS licences (
        tenant_id TEXT NOT NULL, id TEXT NOT NULL, raw TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id))""",
    """CREATE TABLE IF NOT EXISTS groups (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL,
        tenant_count INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sync_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL, status TEXT NOT NULL, summary TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, tenant_id TEXT, result TEXT NOT NULL, detail TEXT NOT NULL)""",
    # staging tables: filled page by page during a sync, merged in one transaction
    """CREATE TABLE IF NOT EXISTS stg_customers (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, show_as TEXT NOT NULL, email TEXT NOT NULL,
        billing_type TEXT NOT NULL, data_geography TEXT NOT NULL, data_region TEXT NOT NULL,
        api_host TEXT, status TEXT NOT NULL, managed INTEGER NOT NULL,
        created_by_partner INTEGER NOT NULL, assistance TEXT NOT NULL,
        assistance_requested_at TEXT, unlink_status TEXT, unlink_effective_at TEXT,
        group_ids TEXT NOT NULL, search_key TEXT NOT NULL, raw TEXT NOT NULL,
        content_hash TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS stg_licences (
        tenant_id TEXT NOT NULL, id TEXT NOT NULL, raw TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id))""",
    """CREATE TABLE IF NOT EXISTS stg_status (
        tenant_id TEXT PRIMARY KEY, manageable INTEGER NOT NULL, lic_summary TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS ix_audit_at ON audit_log (at)",
)

# version -> statements that upgrade a database of that version to version + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {}

STAGING_TABLES = ("stg_customers", "stg_licences", "stg_status")


def _tenant_values(tenant: Tenant) -> tuple[Any, ...]:
    """One ``stg_customers``/``customers`` row, in :data:`CUSTOMER_COLUMNS` order."""
    raw = tenant.raw_json()
    contact = tenant.contact
    email = contact.email if contact else ""
    return (
        tenant.id,
        tenant.name,
        tenant.show_as,
        email,
        tenant.billing_type.value,
        tenant.data_geography,
        tenant.data_region,
        tenant.api_host,
        tenant.status,
        int(tenant.managed_customer_order),
        int(tenant.created_by_partner),
        tenant.assistance.value,
        tenant.assistance_requested_at,
        tenant.unlink_status,
        tenant.unlink_effective_at,
        "\x1f".join(tenant.group_ids),
        make_search_key(tenant.name, tenant.show_as, email, tenant.id),
        raw,
        hashlib.blake2b(raw.encode("utf-8"), digest_size=12).hexdigest(),
    )


def _tenant_record(tenant: Tenant) -> dict[str, Any]:
    return dict(zip(CUSTOMER_COLUMNS, _tenant_values(tenant), strict=True))


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class SyncSummary:
    status: str  # "ok" | "failed" | "cancelled"
    customers: int = 0
    new: int = 0
    removed: int = 0
    changed: int = 0
    licences: int = 0
    not_manageable: int = 0
    seconds: float = 0.0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        data["warnings"] = self.warnings[:50]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SyncSummary:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass(frozen=True, slots=True)
class SyncRecord:
    started_at: dt.datetime
    finished_at: dt.datetime
    status: str
    summary: SyncSummary


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    action: str
    tenant_id: str | None
    result: str
    detail: str


@dataclass(frozen=True, slots=True)
class MergeCounts:
    customers: int
    new: int
    removed: int
    changed: int
    licences: int
    not_manageable: int


# --------------------------------------------------------------------------- cache


def _check_header(path: Path) -> None:
    """Is this an SQLite file at all? Asked through SQLite, never with a plain ``open()``.

    Closing *any* file descriptor of the database file drops every POSIX lock this
    process holds on it, including those of open SQLite connections (sqlite.org,
    "How To Corrupt An SQLite Database File", 2.2). Another process (the sync child,
    ``services/sync_process.py``) may then believe it holds the last connection,
    checkpoint and reset the WAL under a live reader: "database disk image is
    malformed". SQLite's own VFS defers such closes, so the check goes through it.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CacheCorruptError(f"The cache file cannot be read ({exc.strerror}).") from exc
    if size == 0:
        return  # an empty file is a new database
    if size < 100:
        raise CacheCorruptError("The cache file is not a Partner Desk database.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "not a database" in text or "encrypted" in text:
            raise CacheCorruptError("The cache file is not a Partner Desk database.") from exc
        # Unopenable (read-only folder), locked, busy or damaged pages: the full open
        # and the integrity check decide, with their own messages.


class Cache:
    """One profile's cache. Safe to use from several threads (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()

    # ----------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path, *, verify: bool = True) -> Cache:
        """Open (creating or upgrading as needed). Raises :class:`CacheError` subclasses."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheWriteError(f"The data folder cannot be created: {exc.strerror}.") from exc
        if path.exists():
            _check_header(path)
        cache = cls(path)
        try:
            cache._prepare(verify=verify)
        except CacheError:
            cache.close()
            raise
        except sqlite3.DatabaseError as exc:
            cache.close()
            if isinstance(exc, sqlite3.OperationalError) and _is_write_problem(exc):
                raise CacheWriteError(_write_problem_message(exc)) from exc
            raise CacheCorruptError(f"The cache file is damaged ({exc}).") from exc
        return cache

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 10000")
            self._local.conn = conn
        return conn

    def _prepare(self, *, verify: bool) -> None:
        conn = self._conn()
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None:
            raise CacheCorruptError("The cache file cannot be opened.")
        conn.execute("PRAGMA synchronous = NORMAL")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "meta" not in tables:
            if tables - {"sqlite_sequence"}:
                raise CacheCorruptError("The cache file is not a Partner Desk database.")
            self._create_schema(conn)
            return
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            raise CacheCorruptError("The cache file has no schema version.")
        version = int(row[0])
        if version > SCHEMA_VERSION:
            raise CacheTooNewError(
                "The cache was written by a newer version of Partner Desk "
                f"(schema {version}, this version reads {SCHEMA_VERSION})."
            )
        if version < SCHEMA_VERSION:
            self._migrate(conn, version)
        if verify:
            result = conn.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                raise CacheCorruptError("The cache file failed its integrity check.")

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for stmt in DDL_V1:
                conn.execute(stmt)
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            while version < SCHEMA_VERSION:
                for stmt in MIGRATIONS[version]:
                    conn.execute(stmt)
                version += 1
            conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        row = self._conn().execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------- reads (stdlib sqlite3)

    def load_rows(
        self,
        today: dt.date | None = None,
        include_removed: bool = True,
        *,
        first_by_name: int | None = None,
        descending: bool = False,
    ) -> list[CustomerRow]:
        """Every cached customer as a table row; fast (no SQLAlchemy, no JSON).

        ``first_by_name=N`` reads only the first N rows ordered by display name
        (case-insensitive): a screenful for the first paint while the rest loads.

        Streams the cursor (no intermediate list of 100k tuples), builds rows with
        positional arguments, memoises group and status tuples and shares the
        strings that repeat across customers (sync stamps, regions): at 100,000
        customers this is about twice as fast and much smaller than the naive loop.
        """
        conn = self._conn()
        sql = (
            "SELECT id, name, show_as, email, billing_type, group_ids, assistance, managed,"
            " data_region, data_geography, last_seen, removed_at, manageable, lic_summary,"
            " unlink_status, search_key FROM customers"
        )
        params: tuple[int, ...] = ()
        if not include_removed:
            sql += " WHERE removed_at IS NULL"
        if first_by_name is not None:
            direction = "DESC" if descending else "ASC"
            sql += f" ORDER BY show_as COLLATE NOCASE {direction} LIMIT ?"
            params = (first_by_name,)
        calc = StatusCalculator(today or dt.date.today())
        billing = {b.value: b for b in BillingType}
        assist = {a.value: a for a in AssistanceState}
        group_cache: dict[str, tuple[str, ...]] = {"": ()}
        status_cache: dict[str, tuple[LicenceStatus, ...]] = {}
        not_manageable = calc.statuses("", False)
        shared: dict[Any, Any] = {None: None}
        share = shared.setdefault
        rows: list[CustomerRow] = []
        append = rows.append
        make = CustomerRow
        other_billing = BillingType.OTHER
        unknown_assist = AssistanceState.UNKNOWN
        try:
            group_names = dict(conn.execute("SELECT id, name FROM groups").fetchall())
            cursor = conn.execute(sql, params)
            cursor.arraysize = 2_000
            for (
                cid,
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
                # Positional, in CustomerRow field order (keyword calls cost ~30% more).
                append(
                    make(
                        cid,
                        name,
                        show_as,
                        email,
                        billing.get(btype, other_billing),
                        groups,
                        assist.get(assistance, unknown_assist),
                        managed != 0,
                        share(region, region),
                        share(geo, geo),
                        share(last_seen, last_seen),
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

    def customer_count(self, include_removed: bool = False) -> int:
        sql = "SELECT count(*) FROM customers"
        if not include_removed:
            sql += " WHERE removed_at IS NULL"
        return int(self._conn().execute(sql).fetchone()[0])

    def tenant(self, tenant_id: str) -> Tenant | None:
        row = self._conn().execute("SELECT raw FROM customers WHERE id=?", (tenant_id,)).fetchone()
        if row is None:
            return None
        return parse_tenant(json.loads(row[0]))

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
        rows = (
            self._conn()
            .execute("SELECT raw FROM licences WHERE tenant_id=? ORDER BY id", (tenant_id,))
            .fetchall()
        )
        return [parse_licence(tenant_id, json.loads(r[0])) for r in rows]

    def all_licences(self) -> dict[str, list[Licence]]:
        out: dict[str, list[Licence]] = {}
        for tenant_id, raw in self._conn().execute("SELECT tenant_id, raw FROM licences"):
            out.setdefault(tenant_id, []).append(parse_licence(tenant_id, json.loads(raw)))
        return out

    def groups(self) -> list[Group]:
        rows = (
            self._conn()
            .execute("SELECT id, name, description, tenant_count FROM groups ORDER BY name")
            .fetchall()
        )
        return [Group(id=r[0], name=r[1], description=r[2], tenant_count=r[3]) for r in rows]

    def _meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

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

    # ----------------------------------------------------------- writes (SQLAlchemy Core)

    @property
    def engine(self) -> Engine:
        with self._engine_lock:
            if self._engine is None:
                from sqlalchemy import create_engine, event

                engine = create_engine(
                    f"sqlite:///{self.path}",
                    connect_args={"timeout": 30, "check_same_thread": False},
                )

                @event.listens_for(engine, "connect")
                def _on_connect(dbapi_conn: Any, _record: Any) -> None:
                    # Let SQLAlchemy's BEGIN be real, with a busy timeout; WAL persists.
                    dbapi_conn.isolation_level = None
                    dbapi_conn.execute("PRAGMA busy_timeout = 30000")
                    dbapi_conn.execute("PRAGMA synchronous = NORMAL")

                @event.listens_for(engine, "begin")
                def _on_begin(conn: Any) -> None:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")

                self._engine = engine
            return self._engine

    def _write(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(connection, *args)`` in one transaction; map disk errors to CacheWriteError."""
        from sqlalchemy.exc import OperationalError

        try:
            with self.engine.begin() as conn:
                return fn(conn, *args)
        except OperationalError as exc:
            orig = exc.orig if isinstance(exc.orig, sqlite3.OperationalError) else None
            if orig is not None and _is_write_problem(orig):
                raise CacheWriteError(_write_problem_message(orig)) from exc
            raise

    # staging --------------------------------------------------------------

    def begin_staging(self) -> None:
        def run(conn: Connection) -> None:
            for table in STAGING_TABLES:
                conn.exec_driver_sql(f"DELETE FROM {table}")

        self._write(run)

    def stage_tenants(self, tenants: Sequence[Tenant]) -> None:
        if not tenants:
            return
        # Positional tuples straight to the driver's executemany (Core's exec_driver_sql):
        # no per-row dicts and no bind-parameter processing; ~2x cheaper per page.
        records = [_tenant_values(t) for t in tenants]
        cols = ", ".join(CUSTOMER_COLUMNS)
        marks = ", ".join("?" for _ in CUSTOMER_COLUMNS)

        def run(conn: Connection) -> None:
            conn.exec_driver_sql(
                f"INSERT OR REPLACE INTO stg_customers ({cols}) VALUES ({marks})", records
            )

        self._write(run)

    def stage_licences(self, results: Iterable[tuple[str, list[Licence] | None]]) -> None:
        """Stage licence results: ``(tenant_id, licences)``; ``None`` = not manageable."""
        lic_rows: list[tuple[str, str, str]] = []
        status_rows: list[tuple[str, int, str]] = []
        for tenant_id, licences in results:
            if licences is None:
                status_rows.append((tenant_id, 0, ""))
                continue
            status_rows.append((tenant_id, 1, encode_summary(summarize(licences))))
            lic_rows.extend((tenant_id, lic.id, lic.raw_json()) for lic in licences)
        if not status_rows:
            return

        def run(conn: Connection) -> None:
            if lic_rows:
                conn.exec_driver_sql(
                    "INSERT OR REPLACE INTO stg_licences (tenant_id, id, raw) VALUES (?, ?, ?)",
                    lic_rows,
                )
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO stg_status (tenant_id, manageable, lic_summary)"
                " VALUES (?, ?, ?)",
                status_rows,
            )

        self._write(run)

    def commit_snapshot(
        self,
        *,
        started_at: dt.datetime,
        partner_id: str,
        capabilities: Capabilities,
        groups: Sequence[Group] | None,
        summary_extra: SyncSummary,
    ) -> MergeCounts:
        """Merge the staging tables into the live tables in ONE transaction."""
        now = iso(utcnow())

        def run(conn: Connection) -> MergeCounts:
            q = conn.exec_driver_sql
            total = q("SELECT count(*) FROM stg_customers").scalar_one()
            new = q(
                "SELECT count(*) FROM stg_customers s LEFT JOIN customers c ON c.id = s.id"
                " WHERE c.id IS NULL OR c.removed_at IS NOT NULL"
            ).scalar_one()
            changed = q(
                "SELECT count(*) FROM stg_customers s JOIN customers c ON c.id = s.id"
                " LEFT JOIN stg_status st ON st.tenant_id = s.id"
                " WHERE c.removed_at IS NULL AND (c.content_hash != s.content_hash"
                " OR c.lic_summary != coalesce(st.lic_summary, '')"
                " OR c.manageable != coalesce(st.manageable, 1))"
            ).scalar_one()
            removed = q(
                "SELECT count(*) FROM customers WHERE removed_at IS NULL"
                " AND id NOT IN (SELECT id FROM stg_customers)"
            ).scalar_one()
            cols = ", ".join(CUSTOMER_COLUMNS)
            sel = ", ".join(f"s.{c}" for c in CUSTOMER_COLUMNS)
            updates = ", ".join(f"{c}=excluded.{c}" for c in CUSTOMER_COLUMNS if c != "id")
            q(
                f"INSERT INTO customers ({cols}, manageable, lic_summary, first_seen, last_seen,"
                f" removed_at) SELECT {sel}, coalesce(st.manageable, 1),"
                " coalesce(st.lic_summary, ''), ?, ?, NULL"
                " FROM stg_customers s LEFT JOIN stg_status st ON st.tenant_id = s.id WHERE 1"
                f" ON CONFLICT(id) DO UPDATE SET {updates}, manageable=excluded.manageable,"
                " lic_summary=excluded.lic_summary, last_seen=excluded.last_seen, removed_at=NULL",
                (now, now),
            )
            q(
                "UPDATE customers SET removed_at=? WHERE removed_at IS NULL"
                " AND id NOT IN (SELECT id FROM stg_customers)",
                (now,),
            )
            q("DELETE FROM licences WHERE tenant_id IN (SELECT id FROM stg_customers)")
            q(
                "INSERT OR REPLACE INTO licences (tenant_id, id, raw)"
                " SELECT l.tenant_id, l.id, l.raw FROM stg_licences l"
                " JOIN stg_customers s ON s.id = l.tenant_id"
            )
            if groups is not None:
                q("DELETE FROM groups")
                if groups:
                    conn.exec_driver_sql(
                        "INSERT INTO groups (id, name, description, tenant_count) VALUES (?, ?, ?, ?)",
                        [(g.id, g.name, g.description, g.tenant_count) for g in groups],
                    )
            licences = q(
                "SELECT count(*) FROM stg_licences l JOIN stg_customers s ON s.id = l.tenant_id"
            ).scalar_one()
            not_manageable = q(
                "SELECT count(*) FROM stg_status st JOIN stg_customers s ON s.id = st.tenant_id"
                " WHERE st.manageable = 0"
            ).scalar_one()
            counts = MergeCounts(total, new, removed, changed, licences, not_manageable)
            caps = {
                "extensions": capabilities.extensions,
                "features": sorted(capabilities.features),
                "role": capabilities.role,
                "partner_name": capabilities.partner_name,
                "programs": sorted(capabilities.programs),
            }
            meta = [("partner_id", partner_id), ("capabilities", json.dumps(caps))]
            q("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta)
            summary = summary_extra
            summary.customers, summary.new, summary.removed = total, new, removed
            summary.changed, summary.licences, summary.not_manageable = (
                changed,
                licences,
                not_manageable,
            )
            q(
                "INSERT INTO sync_runs (started_at, finished_at, status, summary)"
                " VALUES (?, ?, 'ok', ?)",
                (iso(started_at), now, json.dumps(summary.to_json(), ensure_ascii=False)),
            )
            for table in STAGING_TABLES:
                q(f"DELETE FROM {table}")
            return counts

        result: MergeCounts = self._write(run)
        return result

    def record_sync_failure(self, started_at: dt.datetime, summary: SyncSummary) -> None:
        """Note a failed or cancelled run; touches nothing of the snapshot."""

        def run(conn: Connection) -> None:
            conn.exec_driver_sql(
                "INSERT INTO sync_runs (started_at, finished_at, status, summary)"
                " VALUES (?, ?, ?, ?)",
                (
                    iso(started_at),
                    iso(utcnow()),
                    summary.status,
                    json.dumps(summary.to_json(), ensure_ascii=False),
                ),
            )
            for table in STAGING_TABLES:
                conn.exec_driver_sql(f"DELETE FROM {table}")

        self._write(run)

    # actions ----------------------------------------------------------------

    def apply_tenant(self, tenant: Tenant) -> None:
        """Store a tenant the server just returned (after an action); one short transaction."""
        values = _tenant_values(tenant)
        now = iso(utcnow())
        cols = ", ".join(CUSTOMER_COLUMNS)
        marks = ", ".join("?" for _ in CUSTOMER_COLUMNS)
        updates = ", ".join(f"{c}=excluded.{c}" for c in CUSTOMER_COLUMNS if c != "id")

        def run(conn: Connection) -> None:
            conn.exec_driver_sql(
                f"INSERT INTO customers ({cols}, first_seen, last_seen) VALUES ({marks}, ?, ?)"
                f" ON CONFLICT(id) DO UPDATE SET {updates}",
                (*values, now, now),
            )

        self._write(run)

    def set_licences(self, tenant_id: str, licences: list[Licence] | None) -> None:
        def run(conn: Connection) -> None:
            if licences is None:
                conn.exec_driver_sql(
                    "UPDATE customers SET manageable=0, lic_summary='' WHERE id=?", (tenant_id,)
                )
                return
            conn.exec_driver_sql("DELETE FROM licences WHERE tenant_id=?", (tenant_id,))
            if licences:
                conn.exec_driver_sql(
                    "INSERT INTO licences (tenant_id, id, raw) VALUES (?, ?, ?)",
                    [(tenant_id, lic.id, lic.raw_json()) for lic in licences],
                )
            conn.exec_driver_sql(
                "UPDATE customers SET manageable=1, lic_summary=? WHERE id=?",
                (encode_summary(summarize(licences)), tenant_id),
            )

        self._write(run)

    def mark_removed(self, tenant_ids: Sequence[str]) -> None:
        now = iso(utcnow())

        def run(conn: Connection) -> None:
            conn.exec_driver_sql(
                "UPDATE customers SET removed_at=? WHERE id=? AND removed_at IS NULL",
                [(now, t) for t in tenant_ids],
            )

        self._write(run)

    def replace_groups(self, groups: Sequence[Group]) -> None:
        def run(conn: Connection) -> None:
            conn.exec_driver_sql("DELETE FROM groups")
            if groups:
                conn.exec_driver_sql(
                    "INSERT INTO groups (id, name, description, tenant_count) VALUES (?, ?, ?, ?)",
                    [(g.id, g.name, g.description, g.tenant_count) for g in groups],
                )

        self._write(run)

    def append_audit(
        self, *, actor: str, action: str, tenant_id: str | None, result: str, detail: str = ""
    ) -> None:
        def run(conn: Connection) -> None:
            conn.exec_driver_sql(
                "INSERT INTO audit_log (at, actor, action, tenant_id, result, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (iso(utcnow()), actor, action, tenant_id, result, detail),
            )

        self._write(run)


def _is_write_problem(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return any(
        s in text
        for s in (
            "readonly",
            "read-only",
            "disk is full",
            "database or disk is full",
            "unable to open",
        )
    )


def _write_problem_message(exc: sqlite3.OperationalError) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "The disk is full: Partner Desk cannot save the customer cache. Free some space and sync again."
    if "unable to open" in text:
        return "Partner Desk cannot open its data folder. Check that it exists and is writable."
    return "The data folder is read-only: Partner Desk cannot save the customer cache."


def move_aside(path: Path) -> Path:
    """Rename a damaged cache (and its -wal/-shm files) with a timestamp; return the new path."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def open_cache(path: Path, *, verify: bool = True) -> tuple[Cache, str | None]:
    """Open the cache; a damaged or too-new file is moved aside and a fresh one created.

    Returns the cache and, when a file was moved aside, a message for the user.
    Raises :class:`CacheWriteError` when the data folder cannot be written at all.
    """
    try:
        return Cache.open(path, verify=verify), None
    except (CacheCorruptError, CacheTooNewError) as exc:
        aside = move_aside(Path(path))
        note = (
            f"{exc.message} It was moved aside to {aside.name} and a fresh cache was created; "
            "sync to fill it again."
        )
        return Cache.open(path, verify=False), note
