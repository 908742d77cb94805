"""The files beside a cache: the writer lock, the unclean-shutdown marker, the header
check, moving a damaged file aside, and mapping disk errors to :class:`CacheWriteError`."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.cache.codec import (
    BUSY_MESSAGE,
    CacheBusyError,
    CacheCorruptError,
    CacheError,
    CacheWriteError,
    utcnow,
)

if TYPE_CHECKING:
    pass


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
