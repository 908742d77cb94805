"""The per-profile cache (docs/architecture.md §2, §9).

- One SQLite file per profile, WAL journal, incremental auto-vacuum, a schema
  version in ``meta`` with a migration path (:func:`_migrate_v1`); saved fixture
  databases of every older schema are upgraded in the tests.
- **One SQL layer.** The schema is SQLAlchemy Core (:func:`tables`); every write
  goes through Core statements with dialect-aware upserts (SQLite here, the same
  code on PostgreSQL for team mode). The start path (``load_rows`` and the small
  reads of the window) runs the same column names as plain SQL on the stdlib
  ``sqlite3`` connection, so that the first paint never waits for SQLAlchemy's
  import (~120 ms); a test checks those reads against the Core tables.
- **One writer per profile**: :meth:`Cache.writer_lock` (an OS file lock beside
  the cache) serialises syncs across processes; :class:`SyncStore` is the writing
  side of one sync and exists only while that lock is held.
- **Progressive, consistent commits**: the complete tenant list commits in one
  transaction; then licences commit in batches, each tenant's licence set one row
  (replaced as a unit). Tombstones only after a complete listing.
- **Writes proportional to change**: per-tenant content hashes; unchanged
  customers and licence sets are not rewritten. When each tenant's licences were
  last fetched lives in a narrow table (``lic_fresh``), the only per-tenant write
  of a no-change sync.
- **A lean file**: raw server JSON is kept once, zlib-compressed with a preset
  dictionary of the API's field names (~3× smaller for these small documents).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
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
    from filelock import BaseFileLock
    from sqlalchemy import MetaData, Table
    from sqlalchemy.engine import Connection, Engine

    from desktop.services.snapshot import TableSnapshot

SCHEMA_VERSION = 3
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


class CacheBusyError(CacheError):
    """Another process holds this profile's writer lock (a sync is running)."""


BUSY_MESSAGE = "A sync of this profile is already running."


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _iso_from_epoch(seconds: int) -> str:
    return iso(dt.datetime.fromtimestamp(seconds, dt.UTC))


# --------------------------------------------------------------------------- packing

# A zlib preset dictionary: the field names and common values of the API's tenant and
# licence objects. Small JSON documents compress ~2x better with it. NEVER change these
# bytes: stored blobs need them to decompress (a new dictionary needs a new tag byte).
_ZDICT_V1 = (
    b'{"apiHost":"https://api-eu01.central.sophos.com","billingType":"usage","contact":'
    b'{"address":{"address1":"","city":"","countryCode":"","postalCode":""},"email":'
    b'"@example.com","firstName":"","lastName":"","mobile":"+","phone":"+"},'
    b'"createdByPartner":false,"dataGeography":"IE","dataRegion":"eu01","groups":'
    b'[{"id":""}],"id":"","managedCustomerOrder":false,"name":"","partner":{"id":""},'
    b'"partnerAssistance":{"enabled":true,"request":null},"showAs":"","status":"active",'
    b'"unlink":null}'
    b'[{"endDate":"2027-","id":"","licenseIdentifier":"LIC-","perpetual":false,"product":'
    b'{"code":"interceptX","genericCode":"endpoint","name":"Intercept X Advanced"},'
    b'"quantity":1,"startDate":"2026-","type":"term","unlimited":false,"usage":'
    b'{"current":{"count":1}}},{"type":"trial","endDate":"2026-","product":{"code":"ztna",'
    b'"genericCode":"ztna","name":"Zero Trust Network Access"}}]'
)
_TAG_ZLIB_V1 = 1


def pack(text: str) -> bytes:
    """Compress a JSON text for storage (tag byte + zlib stream with the preset dictionary)."""
    # a 2 KB window and small state: these documents are small, and a full-size
    # compressor costs ~3x more to set up than to run (measured: 27 -> 10 us each)
    comp = zlib.compressobj(6, zlib.DEFLATED, 11, 4, zlib.Z_DEFAULT_STRATEGY, _ZDICT_V1)
    return bytes((_TAG_ZLIB_V1,)) + comp.compress(text.encode("utf-8")) + comp.flush()


def pack_chunks(chunks: Iterable[str]) -> bytes:
    """:func:`pack` of the concatenated ``chunks``, compressed as they come (a large
    document never needs to be in memory whole)."""
    comp = zlib.compressobj(6, zlib.DEFLATED, 11, 4, zlib.Z_DEFAULT_STRATEGY, _ZDICT_V1)
    parts = [bytes((_TAG_ZLIB_V1,))]
    for chunk in chunks:
        parts.append(comp.compress(chunk.encode("utf-8")))
    parts.append(comp.flush())
    return b"".join(parts)


def unpack(blob: bytes | str) -> str:
    if isinstance(blob, str):  # never packed (written by schema 1)
        return blob
    if blob[:1] == bytes((_TAG_ZLIB_V1,)):
        dec = zlib.decompressobj(15, _ZDICT_V1)
        return (dec.decompress(blob[1:]) + dec.flush()).decode("utf-8")
    raise CacheCorruptError("The cache holds data in an unknown format.")


def content_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


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


@functools.cache
def tables() -> dict[str, Table]:
    """The schema as SQLAlchemy Core tables (one definition for SQLite and PostgreSQL)."""
    from sqlalchemy import (
        BigInteger,
        Column,
        ForeignKey,
        Index,
        Integer,
        LargeBinary,
        MetaData,
        String,
        Table,
        Text,
    )

    md = MetaData()
    meta = Table(
        "meta", md, Column("key", String, primary_key=True), Column("value", Text, nullable=False)
    )
    customers = Table(
        "customers",
        md,
        # cid: a compact key for the narrow tables (on SQLite, the rowid itself)
        Column("cid", Integer, primary_key=True, autoincrement=False),
        Column("id", String, nullable=False, unique=True),
        Column("name", Text, nullable=False),
        Column("show_as", Text, nullable=False),
        Column("email", Text, nullable=False),
        Column("billing_type", String, nullable=False),
        Column("data_geography", String, nullable=False),
        Column("data_region", String, nullable=False),
        Column("api_host", Text),
        Column("status", String, nullable=False),
        Column("managed", Integer, nullable=False),
        Column("created_by_partner", Integer, nullable=False),
        Column("assistance", String, nullable=False),
        Column("assistance_requested_at", String),
        Column("unlink_status", String),
        Column("unlink_effective_at", String),
        Column("group_ids", Text, nullable=False),
        Column("search_key", Text, nullable=False),
        Column("raw", LargeBinary, nullable=False),  # packed JSON (see pack())
        Column("content_hash", LargeBinary, nullable=False),
        Column("manageable", Integer, nullable=False, server_default="1"),
        Column("lic_summary", Text, nullable=False, server_default=""),
        Column("first_seen", String, nullable=False),
        Column("last_seen", String, nullable=False),  # for tombstones; live rows: meta listing_at
        Column("removed_at", String),
    )
    # The first screenful by name: a bounded indexed read (ORDER BY show_as COLLATE NOCASE).
    Index("ix_customers_show_as", customers.c.show_as.collate("NOCASE")).ddl_if(dialect="sqlite")
    Index("ix_customers_show_as_pg", customers.c.show_as).ddl_if(dialect="postgresql")
    licence_sets = Table(
        "licence_sets",
        md,
        Column("cid", Integer, ForeignKey("customers.cid"), primary_key=True, autoincrement=False),
        Column("hash", LargeBinary, nullable=False),
        Column("count", Integer, nullable=False),
        Column("raw", LargeBinary),  # packed JSON array of licences; NULL = not manageable
    )
    lic_fresh = Table(
        "lic_fresh",
        md,
        Column("cid", Integer, ForeignKey("customers.cid"), primary_key=True, autoincrement=False),
        Column("fetched_at", BigInteger, nullable=False),  # unix seconds
    )
    groups = Table(
        "groups",
        md,
        Column("id", String, primary_key=True),
        Column("name", Text, nullable=False),
        Column("description", Text, nullable=False),
        Column("tenant_count", Integer, nullable=False),
    )
    sync_runs = Table(
        "sync_runs",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("started_at", String, nullable=False),
        Column("finished_at", String, nullable=False),
        Column("status", String, nullable=False),
        Column("summary", Text, nullable=False),
    )
    audit_log = Table(
        "audit_log",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", String, nullable=False, index=True),
        Column("actor", Text, nullable=False),
        Column("action", String, nullable=False),
        Column("tenant_id", String),
        Column("result", String, nullable=False),
        Column("detail", Text, nullable=False),
    )
    # schema 3 (issue 15): what the user adds, and what the sync saw change
    changes = Table(
        "changes",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", String, nullable=False, index=True),
        Column("tenant_id", String, nullable=False, index=True),
        Column("kind", String, nullable=False),
        Column("subject", Text, nullable=False),  # a product, or ""
        Column("old", Text, nullable=False),
        Column("new", Text, nullable=False),
    )
    billing_months = Table(
        "billing_months",
        md,
        Column("month", String, primary_key=True),  # "YYYY-MM"
        Column("fetched_at", String, nullable=False),
        Column("has_data", Integer, nullable=False),
        Column("raw", LargeBinary, nullable=False),  # packed JSON array of line items
    )
    customer_notes = Table(
        "customer_notes",
        md,
        Column("tenant_id", String, primary_key=True),  # by id: kept across tombstones
        Column("tags", Text, nullable=False, server_default=""),  # "\x1f"-separated
        Column("note", Text, nullable=False, server_default=""),
        Column("alias", Text, nullable=False, server_default=""),
        Column("ignored", Integer, nullable=False, server_default="0"),
        Column("updated_at", String, nullable=False),
    )
    pins = Table(
        "pins",
        md,
        Column("key", String, primary_key=True),  # "<tenant id>\x1f<licence id>"
        Column("at", String, nullable=False),
    )
    saved_views = Table(
        "saved_views",
        md,
        Column("name", String, primary_key=True),
        Column("spec", Text, nullable=False),  # JSON
    )
    return {
        "meta": meta,
        "changes": changes,
        "billing_months": billing_months,
        "customer_notes": customer_notes,
        "pins": pins,
        "saved_views": saved_views,
        "customers": customers,
        "licence_sets": licence_sets,
        "lic_fresh": lic_fresh,
        "groups": groups,
        "sync_runs": sync_runs,
        "audit_log": audit_log,
    }


def metadata() -> MetaData:
    return tables()["meta"].metadata


def upsert(conn: Connection, table: Table, keys: Sequence[str], update: Sequence[str]) -> Any:
    """A dialect-aware ``INSERT … ON CONFLICT (keys) DO UPDATE SET update = excluded``."""
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
    else:  # pragma: no cover - only the two supported databases
        raise CacheError(f"Unsupported database: {name}.")
    stmt = insert(table)
    if not update:
        return stmt.on_conflict_do_nothing(index_elements=list(keys))
    return stmt.on_conflict_do_update(
        index_elements=list(keys), set_={c: stmt.excluded[c] for c in update}
    )


def _tenant_record(tenant: Tenant, raw: str | None = None) -> dict[str, Any]:
    """A ``customers`` row (without cid and the bookkeeping columns)."""
    if raw is None:
        raw = tenant.raw_json()
    contact = tenant.contact
    email = contact.email if contact else ""
    return {
        "id": tenant.id,
        "name": tenant.name,
        "show_as": tenant.show_as,
        "email": email,
        "billing_type": tenant.billing_type.value,
        "data_geography": tenant.data_geography,
        "data_region": tenant.data_region,
        "api_host": tenant.api_host,
        "status": tenant.status,
        "managed": int(tenant.managed_customer_order),
        "created_by_partner": int(tenant.created_by_partner),
        "assistance": tenant.assistance.value,
        "assistance_requested_at": tenant.assistance_requested_at,
        "unlink_status": tenant.unlink_status,
        "unlink_effective_at": tenant.unlink_effective_at,
        "group_ids": "\x1f".join(tenant.group_ids),
        "search_key": make_search_key(tenant.name, tenant.show_as, email, tenant.id),
        "raw": pack(raw),
        "content_hash": content_hash(raw),
    }


@dataclass(frozen=True, slots=True)
class LicenceSet:
    """One tenant's licences as stored: a unit (hash, count, packed JSON, summary)."""

    hash: bytes
    count: int
    raw: bytes | None  # None = not manageable
    summary: str
    manageable: bool

    @staticmethod
    def hash_of(
        licences: Sequence[Licence] | None,
    ) -> tuple[bytes, str | None, list[Licence] | None]:
        """The set's content hash (and what :meth:`build` needs): cheap, no compression."""
        if licences is None:
            return NOT_MANAGEABLE_HASH, None, None
        ordered = sorted(licences, key=lambda lic: lic.id)
        # the same text as "[" + ",".join(lic.raw_json() ...) + "]", in one call
        text = json.dumps(
            [lic.raw for lic in ordered], ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        return content_hash(text), text, ordered

    @classmethod
    def build(cls, digest: bytes, text: str | None, ordered: list[Licence] | None) -> LicenceSet:
        if text is None or ordered is None:
            return cls(digest, 0, None, "", False)
        return cls(digest, len(ordered), pack(text), encode_summary(summarize(ordered)), True)

    @classmethod
    def of(cls, licences: Sequence[Licence] | None) -> LicenceSet:
        return cls.build(*cls.hash_of(licences))


NOT_MANAGEABLE_HASH = content_hash("null")


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class SyncSummary:
    status: str  # "ok" | "failed" | "cancelled" | "busy"
    customers: int = 0
    new: int = 0
    removed: int = 0
    changed: int = 0
    licences: int = 0
    not_manageable: int = 0
    seconds: float = 0.0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: tenants whose licences were fetched (and committed) by this sync
    refreshed: int = 0
    #: tenants whose licence request failed: previous licences kept, refreshed first next time
    stale: int = 0
    #: the complete tenant list was committed by this sync
    listed: bool = False
    #: what went wrong, as an id the GUI translates (``error`` is the English text):
    #: a ``PartnerApiError.kind`` ("auth", "unreachable", …), "cancelled", "busy",
    #: "cache", "unexpected", …
    error_id: str | None = None
    #: the HTTP status of the failed request, when there was one
    error_status: int | None = None

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
class ListingCounts:
    customers: int
    new: int
    removed: int
    changed: int
    #: ids whose row changed (new, changed, tombstoned)
    ids: tuple[str, ...]


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


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def dirty_path(path: Path) -> Path:
    """Exists while a sync writes; left behind by a sync that was killed."""
    return path.with_name(path.name + ".syncing")


def _sqlite_ddl() -> list[str]:
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    dialect = sqlite.dialect()
    out: list[str] = []
    for table in metadata().sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            ddl_if = index._ddl_if
            if ddl_if is not None and ddl_if.dialect not in (None, "sqlite"):
                continue
            out.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return out


class Cache:
    """One profile's cache. Safe to use from several threads (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._engine: Engine | None = None
        self._read_engine: Engine | None = None
        self._engine_lock = threading.Lock()

    # ----------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path, *, verify: bool = False) -> Cache:
        """Open (creating or upgrading as needed). Raises :class:`CacheError` subclasses.

        ``verify`` runs ``PRAGMA quick_check`` over the whole file (on demand, or after
        an unclean shutdown: see :func:`needs_check`); a normal start does not.
        """
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
        tables_now = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "meta" not in tables_now:
            if tables_now - {"sqlite_sequence"}:
                raise CacheCorruptError("The cache file is not a Partner Desk database.")
            # before the first table: free pages are returned by incremental vacuum
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None:
            raise CacheCorruptError("The cache file cannot be opened.")
        conn.execute("PRAGMA synchronous = NORMAL")
        if "meta" not in tables_now:
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
        self._ensure_snapshot_schema(conn)
        if verify:
            result = conn.execute("PRAGMA quick_check").fetchone()
            if not result or result[0] != "ok":
                raise CacheCorruptError("The cache file failed its integrity check.")

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            again = conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
            if again is None:  # another process may have created it meanwhile
                for stmt in _sqlite_ddl():
                    conn.execute(stmt)
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._ensure_snapshot_schema(conn)

    def _ensure_snapshot_schema(self, conn: sqlite3.Connection) -> None:
        """The table snapshot and its generation triggers (``desktop.services.snapshot``)."""
        from desktop.services import snapshot

        try:
            snapshot.ensure_schema(conn)
        except sqlite3.OperationalError:  # busy or read-only: start without a snapshot
            _log().debug("table snapshot schema not created", exc_info=True)

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        with self.writer_lock(timeout=60):
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
                version = int(row[0])
                vacuum = version == 1
                if version == 1:
                    _migrate_v1(conn)
                    version = 2
                if version == 2:
                    _migrate_v2(conn)
                    version = 3
                conn.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version),))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            if vacuum:
                # Reclaim the old tables' pages and switch the file to incremental vacuum.
                conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
                conn.execute("VACUUM")

    def schema_version(self) -> int:
        row = self._conn().execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        for engine in (self._engine, self._read_engine):
            if engine is not None:
                engine.dispose()
        self._engine = self._read_engine = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------- the writer lock

    def writer_lock(self, timeout: float = 0) -> BaseFileLock:
        """The profile's OS-level writer lock (a file beside the cache).

        Use as a context manager; raises :class:`CacheBusyError` when another process
        (or thread) holds it for longer than ``timeout`` seconds.
        """
        return _WriterLock(lock_path(self.path), timeout)  # type: ignore[return-value]

    def needs_check(self) -> bool:
        """True after an unclean shutdown of a sync (its marker is still there)."""
        return dirty_path(self.path).exists() and not _lock_held(lock_path(self.path))

    def integrity_ok(self) -> bool:
        """``PRAGMA quick_check`` on demand; clears the unclean-shutdown marker when ok."""
        row = self._conn().execute("PRAGMA quick_check").fetchone()
        ok = bool(row) and row[0] == "ok"
        if ok and not _lock_held(lock_path(self.path)):
            with contextlib.suppress(OSError):
                dirty_path(self.path).unlink()
        return ok

    # ----------------------------------------------------------- reads (stdlib sqlite3)

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
        except (sqlite3.DatabaseError, ValueError, EOFError, TypeError, KeyError, zlib.error):
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
        """Writes: every transaction is ``BEGIN IMMEDIATE`` (the write lock up front)."""
        with self._engine_lock:
            if self._engine is None:
                self._engine = self._make_engine("BEGIN IMMEDIATE")
            return self._engine

    @property
    def read_engine(self) -> Engine:
        """Core reads beside a writer (deferred transactions: never wait for the write lock)."""
        with self._engine_lock:
            if self._read_engine is None:
                self._read_engine = self._make_engine("BEGIN")
            return self._read_engine

    def _make_engine(self, begin: str) -> Engine:
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
            # sorts (stalest first) in memory, not in temp files: a no-change sync
            # writes only what changed
            dbapi_conn.execute("PRAGMA temp_store = MEMORY")

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql(begin)

        return engine

    def _write(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(connection, *args)`` in one transaction; map disk errors to CacheWriteError."""
        with _write_errors(), self.engine.begin() as conn:
            return fn(conn, *args)

    # actions ----------------------------------------------------------------

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

    @contextlib.contextmanager
    def sync_store(self, *, wait: float = 0) -> Iterator[SyncStore]:
        """The writing side of one sync, under the profile's writer lock.

        Raises :class:`CacheBusyError` (nothing written) when another sync holds it.
        """
        with self.writer_lock(timeout=wait):
            marker = dirty_path(self.path)
            with contextlib.suppress(OSError):
                marker.touch()
            store = SyncStore(self)
            try:
                yield store
            finally:
                store.close()
                with contextlib.suppress(OSError):
                    marker.unlink()


# --------------------------------------------------------------------------- helpers


def _log() -> Any:
    import logging

    return logging.getLogger("partner_desk.cache")


@contextlib.contextmanager
def _write_errors() -> Iterator[None]:
    from sqlalchemy.exc import OperationalError

    try:
        yield
    except OperationalError as exc:
        orig = exc.orig if isinstance(exc.orig, sqlite3.OperationalError) else None
        if orig is not None and _is_write_problem(orig):
            raise CacheWriteError(_write_problem_message(orig)) from exc
        raise
    except sqlite3.OperationalError as exc:
        if _is_write_problem(exc):
            raise CacheWriteError(_write_problem_message(exc)) from exc
        raise


class _WriterLock:
    """``filelock.FileLock`` that raises :class:`CacheBusyError` instead of Timeout."""

    def __init__(self, path: Path, timeout: float) -> None:
        from filelock import FileLock

        self._lock = FileLock(str(path), timeout=timeout, is_singleton=False)

    def __enter__(self) -> _WriterLock:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout as exc:
            raise CacheBusyError(BUSY_MESSAGE) from exc
        except OSError as exc:
            raise CacheWriteError(
                "Partner Desk cannot open its data folder. Check that it exists and is writable."
            ) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def _lock_held(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with _WriterLock(path, 0):
            return False
    except CacheError:
        return True


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
        conn.execute(
            upsert(conn, t["licence_sets"], ["cid"], ["hash", "count", "raw"]),
            [{"cid": cid, "hash": s.hash, "count": s.count, "raw": s.raw} for cid, s in sets],
        )
        cust = t["customers"]
        conn.execute(
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
    if cids:
        conn.execute(
            upsert(conn, tables()["lic_fresh"], ["cid"], ["fetched_at"]),
            [{"cid": cid, "fetched_at": fetched_at} for cid in sorted(cids)],
        )


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
                self._conn.execute(upsert(self._conn, cust, ["id"], update_cols), rows)

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
    with contextlib.suppress(OSError):
        dirty_path(path).unlink()
    return target


def needs_check(path: Path) -> bool:
    """An integrity check is due: a sync died while writing (its marker is left behind)."""
    return dirty_path(Path(path)).exists() and not _lock_held(lock_path(Path(path)))


def open_cache(path: Path, *, verify: bool | None = None) -> tuple[Cache, str | None]:
    """Open the cache; a damaged or too-new file is moved aside and a fresh one created.

    ``verify=None`` checks integrity only after an unclean shutdown (:func:`needs_check`).
    Returns the cache and, when a file was moved aside, a message for the user.
    Raises :class:`CacheWriteError` when the data folder cannot be written at all.
    """
    if verify is None:
        verify = needs_check(Path(path))
    try:
        cache = Cache.open(path, verify=verify)
    except (CacheCorruptError, CacheTooNewError) as exc:
        aside = move_aside(Path(path))
        note = (
            f"{exc.message} It was moved aside to {aside.name} and a fresh cache was created; "
            "sync to fill it again."
        )
        return Cache.open(path, verify=False), note
    if verify:
        with contextlib.suppress(OSError):
            if not _lock_held(lock_path(Path(path))):
                dirty_path(Path(path)).unlink(missing_ok=True)
    return cache, None
