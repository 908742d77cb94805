"""A cache's connections and engines (shared by its reads and writes)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.services.cache.files import _write_errors

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class CacheBase:
    """The connections of one profile's cache: a stdlib ``sqlite3`` connection per thread
    for reads, and SQLAlchemy engines for writes (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._engine: Engine | None = None
        self._read_engine: Engine | None = None
        self._engine_lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 10000")
            self._local.conn = conn
        return conn

    def _meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

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
