"""The per-profile cache (docs/architecture.md §2, §9).

- One SQLite file per profile, WAL journal, incremental auto-vacuum, a schema
  version in ``meta`` with a migration path (``migrations``); saved fixture
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

The package, one job a module: ``codec`` (errors, time stamps, packing), ``schema``
(Core tables, upserts, DDL, stored forms), ``records`` (run summaries, audit entries),
``files`` (writer lock, markers, moving a damaged file aside), ``base`` / ``reader`` /
``writer`` / ``core`` (the :class:`Cache`: connections, reads, action writes, opening),
``sync_store`` (:class:`SyncStore`), ``migrations``. Import names from here.
"""

from __future__ import annotations

from desktop.services.cache.codec import (
    BUSY_MESSAGE,
    CacheBusyError,
    CacheCorruptError,
    CacheError,
    CacheTooNewError,
    CacheWriteError,
    content_hash,
    iso,
    pack,
    pack_chunks,
    unpack,
    utcnow,
)
from desktop.services.cache.core import Cache, open_cache
from desktop.services.cache.files import dirty_path, lock_path, move_aside, needs_check
from desktop.services.cache.records import AuditEntry, ListingCounts, SyncRecord, SyncSummary
from desktop.services.cache.schema import (
    CUSTOMER_COLUMNS,
    NOT_MANAGEABLE_HASH,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    LicenceSet,
    _tenant_record,
    derived_search_key,
    metadata,
    tables,
    upsert,
)
from desktop.services.cache.sync_store import Bits, Hashes, SyncStore
from desktop.services.cache.writer import CHANGES_KEPT

__all__ = [
    "BUSY_MESSAGE",
    "CHANGES_KEPT",
    "CUSTOMER_COLUMNS",
    "NOT_MANAGEABLE_HASH",
    "SCHEMA_VERSION",
    "SQLITE_MAGIC",
    "AuditEntry",
    "Bits",
    "Cache",
    "CacheBusyError",
    "CacheCorruptError",
    "CacheError",
    "CacheTooNewError",
    "CacheWriteError",
    "Hashes",
    "LicenceSet",
    "ListingCounts",
    "SyncRecord",
    "SyncStore",
    "SyncSummary",
    "_tenant_record",
    "content_hash",
    "derived_search_key",
    "dirty_path",
    "iso",
    "lock_path",
    "metadata",
    "move_aside",
    "needs_check",
    "open_cache",
    "pack",
    "pack_chunks",
    "tables",
    "unpack",
    "upsert",
    "utcnow",
]
