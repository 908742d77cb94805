"""What a cache file holds, read with plain SQLite (or the cache's own reader)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.services.cache import Cache

# The tables that make up what a sync leaves behind (``sync_runs`` is its log).
SNAPSHOT_TABLES = ("customers", "licence_sets", "lic_fresh", "groups", "meta")


def integrity(path: Path) -> str:
    """SQLite's ``PRAGMA integrity_check``: ``"ok"`` for a sound file."""
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def snapshot(
    path: Path, tables: tuple[str, ...] = SNAPSHOT_TABLES
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of ``tables`` in a stable order, after an integrity check: equal
    snapshots mean the file holds the same data."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    finally:
        conn.close()


def content(path: Path) -> list[tuple[object, ...]]:
    """What a user sees of a cache: comparable across syncs (no timestamps)."""
    with Cache.open(path) as cache:
        return sorted(
            (r.id, r.name, r.show_as, r.statuses, r.manageable, r.groups, r.removed_at is None)
            for r in cache.load_rows()
        )
