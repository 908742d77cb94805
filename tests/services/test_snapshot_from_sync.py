"""Issue 13: the sync process writes the table snapshot, so the reload after a sync and
every start read it instead of the tables; the GUI process never encodes one."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop.models.customer_rows import prepare_rows
from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services import snapshot
from desktop.services.cache import Cache
from desktop.services.sync import config_for_profile
from desktop.services.sync_process import run_sync_in_process
from tests.helpers.cli import add_cli_profile, sync_json
from tests.helpers.gui import saved_profile
from tests.helpers.records import synced_cache

pytestmark = pytest.mark.sandbox(
    customers=120, seed=5, extensions=False, faults={"rate_limit_per_s": 0}
)


def _snapshot_rows(path: Path) -> list[object] | None:
    with Cache.open(path) as cache:
        snap = cache.load_table_snapshot(dt.date.today())
    return None if snap is None else list(snap.rows)


def _table_rows(path: Path) -> list[object]:
    with Cache.open(path) as cache:
        return list(prepare_rows(cache.load_rows()).rows)


def test_a_sync_in_its_process_leaves_a_current_snapshot(server: SandboxServer) -> None:
    profile = saved_profile(server.base_url, name="Store")
    config = config_for_profile(profile, DEMO_SECRET)
    assert run_sync_in_process(profile.cache_path, config).status == "ok"
    rows = _snapshot_rows(profile.cache_path)
    assert rows is not None, "no current snapshot after the sync"
    assert rows == _table_rows(profile.cache_path)
    assert len(rows) == 120
    # A second sync changes the tables (fetch times, a renamed customer): the snapshot
    # is written again for the new generation and still equals the tables.
    with server.state.lock:
        tid = sorted(server.state.tenants)[7]
        server.state.tenants[tid]["showAs"] = "Aaa renamed first"
    assert run_sync_in_process(profile.cache_path, config).status == "ok"
    rows = _snapshot_rows(profile.cache_path)
    assert rows is not None
    assert rows == _table_rows(profile.cache_path)
    assert getattr(rows[0], "show_as", None) == "Aaa renamed first"


def test_write_from_tables_never_creates_a_cache(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    assert snapshot.write_from_tables(path) is False
    assert not path.exists()


def test_a_snapshot_of_changed_tables_is_not_used(tmp_path: Path) -> None:

    path = tmp_path / "c.sqlite3"
    synced_cache(path)
    assert snapshot.write_from_tables(path)
    assert _snapshot_rows(path) == _table_rows(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE customers SET show_as = 'zz' WHERE rowid = 1")
    conn.commit()
    conn.close()
    assert _snapshot_rows(path) is None


def test_a_cli_sync_leaves_a_current_snapshot(server: SandboxServer) -> None:
    from desktop.services.profiles import ProfileStore

    add_cli_profile(server, "cli")
    code, summary = sync_json("cli")
    assert code == 0 and summary["status"] == "ok"
    profile = ProfileStore().get("cli")
    assert profile is not None
    rows = _snapshot_rows(profile.cache_path)
    assert rows is not None, "no current snapshot after a CLI sync"
    assert rows == _table_rows(profile.cache_path)
