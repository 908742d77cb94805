"""Opening a cache (creating, upgrading, checking), its writer lock and its sync store."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.cache.codec import (
    CacheCorruptError,
    CacheError,
    CacheTooNewError,
    CacheWriteError,
    _log,
)
from desktop.services.cache.files import (
    _check_header,
    _is_write_problem,
    _lock_held,
    _write_problem_message,
    _WriterLock,
    dirty_path,
    lock_path,
    move_aside,
    needs_check,
)
from desktop.services.cache.migrations import _migrate_v1, _migrate_v2, _migrate_v3
from desktop.services.cache.reader import CacheReads
from desktop.services.cache.schema import SCHEMA_VERSION, _sqlite_ddl
from desktop.services.cache.sync_store import SyncStore
from desktop.services.cache.writer import CacheWrites

if TYPE_CHECKING:
    from filelock import BaseFileLock


#: the page size of a new cache file (an existing file keeps its own)
PAGE_SIZE = 8192


class Cache(CacheReads, CacheWrites):
    """One profile's cache. Safe to use from several threads (one connection each)."""

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

    def _prepare(self, *, verify: bool) -> None:
        conn = self._conn()
        tables_now = {
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "meta" not in tables_now:
            if tables_now - {"sqlite_sequence"}:
                raise CacheCorruptError("The cache file is not a Partner Desk database.")
            # before the first table: free pages are returned by incremental vacuum;
            # 8 KB pages: 4 % smaller than 4 KB at 100k (less per-page overhead)
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
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
                if version == 3:
                    _migrate_v3(conn)
                    version = 4
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
