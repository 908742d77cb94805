"""The schema as SQLAlchemy Core tables, dialect-aware upserts, the SQLite DDL, and
the stored forms of a tenant row and of a licence set."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.services.cache.codec import CacheError, content_hash, pack
from desktop.services.domain import (
    Licence,
    Tenant,
    encode_summary,
    make_search_key,
    summarize,
)

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table
    from sqlalchemy.engine import Connection


SCHEMA_VERSION = 4
SQLITE_MAGIC = b"SQLite format 3\x00"


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
        # fold(name, show_as, email, id); "" (schema 4) when that is just their
        # lower-case join, which the reader derives (most rows: 10 MB at 100k)
        Column("search_key", Text, nullable=False),
        Column("raw", LargeBinary, nullable=False),  # packed JSON (see pack())
        Column("content_hash", LargeBinary, nullable=False),
        Column("manageable", Integer, nullable=False, server_default="1"),
        Column("lic_summary", Text, nullable=False, server_default=""),
        Column("first_seen", String, nullable=False),
        Column("last_seen", String, nullable=False),  # for tombstones; live rows: meta listing_at
        Column("removed_at", String),
    )
    # Schema 4 dropped the SQLite index on show_as (3.4 MB at 100k): the start path
    # reads the table snapshot or every row, never a first screenful by name.
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


def execute_many(conn: Connection, stmt: Any, rows: Sequence[dict[str, Any]]) -> None:
    """``conn.execute(stmt, rows)`` for many rows of plain values (str, int, bytes, None).

    On SQLite the Core statement is compiled once and the rows go to the driver as
    tuples: SQLAlchemy's per-row parameter processing (a tenth of a first sync's CPU
    at 100k) is skipped; these values need none. Elsewhere (PostgreSQL), or for a few
    rows, it is the plain Core call.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite" or len(rows) < 32:
        conn.execute(stmt, list(rows))
        return
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(rows[0]))
    order = compiled.positiontup
    if order is None:  # pragma: no cover - SQLite's paramstyle is positional
        conn.execute(stmt, list(rows))
        return
    conn.exec_driver_sql(compiled.string, [tuple(r[k] for k in order) for r in rows])


def stored_search_key(name: str, show_as: str, email: str, tenant_id: str) -> str:
    """The ``search_key`` column: ``""`` when the key is the plain lower-case join of
    the four fields (the reader derives it: :func:`derived_search_key`)."""
    key = make_search_key(name, show_as, email, tenant_id)
    return "" if key == derived_search_key(name, show_as, email, tenant_id) else key


def derived_search_key(name: str, show_as: str, email: str, tenant_id: str) -> str:
    return f"{name}\x1f{show_as}\x1f{email}\x1f{tenant_id}".lower()


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
        "search_key": stored_search_key(tenant.name, tenant.show_as, email, tenant.id),
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


#: ``content_hash("null")``, spelled out: hashing it at import would load ``hashlib``
#: (OpenSSL, ~3 ms) on the start's read, which hashes nothing (issue 13)
NOT_MANAGEABLE_HASH = bytes.fromhex("7376b2cbfa0ad26e")


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
