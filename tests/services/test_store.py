"""Issue 11: one writer per profile, progressive and resumable commits, writes
proportional to change, migration — on real SQLite files and the real sandbox."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services import sync as sync_module
from desktop.services.cache import (
    BUSY_MESSAGE,
    Cache,
    CacheBusyError,
    LicenceSet,
    dirty_path,
    needs_check,
    tables,
)
from desktop.services.domain import Capabilities, parse_licence, parse_tenant
from desktop.services.partner_api import PartnerApiClient
from desktop.services.sync import SyncProgress, run_sync
from tests.helpers.cli import add_cli_profile
from tests.helpers.cli import run_cli as cli
from tests.helpers.db import SNAPSHOT_TABLES, integrity, snapshot
from tests.helpers.paths import FIXTURES
from tests.helpers.sandbox import fast_config as sandbox_config


def fast_config(server: SandboxServer, secret: str = DEMO_SECRET, **kw: Any) -> Any:
    return sandbox_config(server, name="store", secret=secret, backoff_max=0.1, **kw)


def server_licence_hashes(server: SandboxServer) -> dict[str, bytes]:
    """What each tenant's licence set must hash to once stored (manageable tenants)."""
    with server.state.lock:
        out = {}
        for tid in server.state.tenants:
            if not server.state.is_manageable(tid, frozenset()):
                out[tid] = LicenceSet.of(None).hash
                continue
            raw = server.state.licences[tid]
            out[tid] = LicenceSet.of([parse_licence(tid, obj) for obj in raw]).hash
        return out


def stored_licence_hashes(path: Path) -> dict[str, bytes]:
    conn = sqlite3.connect(path)
    try:
        return dict(
            conn.execute(
                "SELECT c.id, s.hash FROM licence_sets s JOIN customers c ON c.cid = s.cid"
            ).fetchall()
        )
    finally:
        conn.close()


pytestmark = pytest.mark.sandbox(
    customers=400, seed=11, extensions=False, faults={"rate_limit_per_s": 0}
)


# ---------------------------------------------------------------- one writer per profile


def test_a_second_sync_of_the_same_profile_says_so_and_changes_nothing(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"
    before = snapshot(path, (*SNAPSHOT_TABLES, "sync_runs"))
    with Cache(path).writer_lock():  # as if another process were syncing
        summary = run_sync(path, fast_config(sandbox), wait=0.2)
        assert summary.status == "busy"
        assert summary.error == BUSY_MESSAGE
        wrong = run_sync(path, fast_config(sandbox, "wrong-secret"), wait=0)
        assert wrong.status == "busy"
    assert integrity(path) == "ok"
    assert snapshot(path, (*SNAPSHOT_TABLES, "sync_runs")) == before  # not even a sync_runs record
    with (
        Cache.open(path) as cache,
        pytest.raises(CacheBusyError),
        cache.writer_lock(),
        cache.writer_lock(),
    ):
        pass


def start_cli_sync(name: str, secret: str, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET=secret)
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync", "--profile", name, "--json", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def export(name: str) -> list[dict[str, Any]]:
    result = cli("export", "--profile", name, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_two_cli_syncs_at_many_offsets_never_damage_the_data() -> None:
    """CLI+CLI, one of them sometimes with a wrong secret: the second waits or says why."""
    with SandboxServer(
        customers=600, seed=12, extensions=False, faults={"rate_limit_per_s": 0, "latency_ms": 4}
    ) as server:
        profile = add_cli_profile(server, "twice")
        outcomes: Counter[str] = Counter()
        previous: list[dict[str, Any]] = []
        for i, (offset, second_secret) in enumerate(
            [(0.0, DEMO_SECRET), (0.05, "wrong"), (0.3, DEMO_SECRET), (0.6, "wrong"),
             (1.0, DEMO_SECRET), (0.15, DEMO_SECRET)]
        ):  # fmt: skip
            with server.state.lock:  # each round changes the server
                tid = sorted(server.state.tenants)[i]
                server.state.tenants[tid]["showAs"] = f"round-{i}"
            first = start_cli_sync("twice", DEMO_SECRET, "--wait", "0")
            time.sleep(offset)
            second = start_cli_sync("twice", second_secret, "--wait", "0")
            _out1, err1 = first.communicate(timeout=120)
            _out2, err2 = second.communicate(timeout=120)
            for code, err in ((first.returncode, err1), (second.returncode, err2)):
                assert "Traceback" not in err
                if code == 75:
                    assert "already running" in err and "Nothing was changed" in err
                    outcomes["busy"] += 1
                elif code == 0:
                    outcomes["ok"] += 1
                else:
                    assert code == 1 and "secret" in err.lower(), err
                    outcomes["wrong secret"] += 1
            assert integrity(profile.cache_path) == "ok"
            rows = export("twice")
            if 0 not in (first.returncode, second.returncode):
                # the wrong secret held the lock and the right one was turned away:
                # nothing ran, nothing changed
                assert sorted((first.returncode, second.returncode)) == [1, 75]
                assert second_secret == "wrong" and rows == previous
                continue
            with server.state.lock:
                assert len(rows) == len(server.state.tenants)
            assert all(r["removedAt"] is None for r in rows), "no customer may be tombstoned"
            assert any(r["showAs"] == f"round-{i}" for r in rows)
            assert stored_licence_hashes(profile.cache_path) == server_licence_hashes(server)
            previous = rows
        assert outcomes["busy"] >= 1, outcomes


# ---------------------------------------------------------------- progressive commits


@dataclass
class Watch:
    """Reads the cache on its own connection at every progress event (a GUI reader)."""

    path: Path
    server: SandboxServer
    old_names: dict[str, str]
    old_hashes: dict[str, bytes]
    seen: Counter[str] = field(default_factory=Counter)

    def __call__(self, event: SyncProgress) -> None:
        conn = sqlite3.connect(self.path)
        try:
            names = dict(conn.execute("SELECT id, show_as FROM customers").fetchall())
            hashes = dict(
                conn.execute(
                    "SELECT c.id, s.hash FROM licence_sets s JOIN customers c ON c.cid = s.cid"
                ).fetchall()
            )
        finally:
            conn.close()
        new_names = {tid: t["showAs"] for tid, t in self.server.state.tenants.items()}
        if names == self.old_names:
            self.seen["old list"] += 1
        else:  # never half a list
            assert names == new_names
            self.seen["new list"] += 1
        if event.committed == "tenants":
            assert names == new_names
            assert hashes == self.old_hashes  # the licences known before
        new_hashes = server_licence_hashes(self.server)
        for tid, value in hashes.items():  # each set is the old one or the new one
            assert value in (self.old_hashes.get(tid), new_hashes.get(tid))
        self.seen["licences new"] = sum(
            1 for tid, value in hashes.items() if value == new_hashes.get(tid)
        )


def test_progressive_commits_never_show_half_a_list_or_half_a_licence_set(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_module, "BATCH", 37)
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"
    conn = sqlite3.connect(path)
    old_names = dict(conn.execute("SELECT id, show_as FROM customers").fetchall())
    conn.close()
    old_hashes = stored_licence_hashes(path)
    with sandbox.state.lock:  # rename everyone, change many licence sets
        for n, tid in enumerate(sorted(sandbox.state.tenants)):
            sandbox.state.tenants[tid]["showAs"] += " (nuovo)"
            if n % 3 == 0:
                sandbox.state.licences[tid] = sandbox.state.licences[tid][1:]
    watch = Watch(path, sandbox, old_names, old_hashes)
    events: list[SyncProgress] = []

    def progress(event: SyncProgress) -> None:
        events.append(event)
        watch(event)

    summary = run_sync(path, fast_config(sandbox), progress=progress)
    assert summary.status == "ok", summary.error
    assert watch.seen["old list"] >= 2 and watch.seen["new list"] >= 2
    commits = [e for e in events if e.committed == "licences"]
    assert len(commits) >= 5  # licences landed in batches, visible as they came
    assert stored_licence_hashes(path) == server_licence_hashes(sandbox)
    changed = {tid for e in commits for tid in e.ids}
    assert changed == {
        tid for tid, h in server_licence_hashes(sandbox).items() if h != old_hashes.get(tid)
    }


# ---------------------------------------------------------------- resumable


def test_a_cancelled_sync_keeps_its_commits_and_the_next_one_resumes(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_module, "BATCH", 50)
    path = tmp_path / "c.sqlite3"
    cancel = threading.Event()
    committed: list[str] = []

    def progress(event: SyncProgress) -> None:
        if event.committed == "licences":
            committed.append(event.done)  # type: ignore[arg-type]
            if len(committed) == 2:
                cancel.set()

    summary = run_sync(path, fast_config(sandbox), cancel=cancel, progress=progress)
    assert summary.status == "cancelled"
    with Cache.open(path) as cache:
        assert cache.customer_count() == 400  # the tenant list committed
        conn = sqlite3.connect(path)
        fetched = {
            r[0]
            for r in conn.execute("SELECT c.id FROM lic_fresh f JOIN customers c ON c.cid=f.cid")
        }
        conn.close()
        assert 100 <= len(fetched) < 400
    asked: list[list[str]] = []
    original = PartnerApiClient.iter_licences

    def spy(self: PartnerApiClient, tenant_ids: Any, **kw: Any) -> Any:
        asked.append(list(tenant_ids))
        return original(self, tenant_ids, **kw)

    monkeypatch.setattr(PartnerApiClient, "iter_licences", spy)
    time.sleep(1.1)  # fetch times have one-second resolution
    again = run_sync(path, fast_config(sandbox))
    assert again.status == "ok"
    [ids] = asked
    assert set(ids).isdisjoint(fetched), "the next sync must not re-fetch what was committed"
    assert set(ids) | fetched == set(sandbox.state.tenants)
    assert stored_licence_hashes(path) == server_licence_hashes(sandbox)
    # the round is complete: the sync after that refreshes everyone, stalest first
    asked.clear()
    assert run_sync(path, fast_config(sandbox)).status == "ok"
    assert len(asked[0]) == 400
    assert set(asked[0][: len(fetched)]) == fetched


@dataclass
class FailedLicences:
    """A ``LicenceResult`` with the ``error`` field the client sets after its retries."""

    tenant_id: str
    licences: None = None
    skipped: list[str] = field(default_factory=list)
    error: str = "503 after 3 attempts"


def test_failed_licence_requests_keep_the_previous_licences_and_go_first_next_time(
    sandbox: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"
    before = stored_licence_hashes(path)
    unlucky = set(sorted(sandbox.state.tenants)[:7])
    with sandbox.state.lock:
        for tid in sandbox.state.tenants:
            sandbox.state.licences[tid] = []  # everyone's licences changed
    original = PartnerApiClient.iter_licences

    def failing(self: PartnerApiClient, tenant_ids: Any, **kw: Any) -> Any:
        for result in original(self, tenant_ids, **kw):
            yield FailedLicences(result.tenant_id) if result.tenant_id in unlucky else result

    monkeypatch.setattr(PartnerApiClient, "iter_licences", failing)
    time.sleep(1.1)  # fetch times have one-second resolution
    summary = run_sync(path, fast_config(sandbox))
    assert summary.status == "ok" and summary.stale == 7
    after = stored_licence_hashes(path)
    assert {t: after[t] for t in unlucky} == {t: before[t] for t in unlucky}
    assert all(after[t] != before[t] for t in set(after) - unlucky if before[t] != after[t])
    with Cache.open(path) as cache, cache.sync_store() as store:
        assert set(store.stale_order()[:7]) == unlucky


# ---------------------------------------------------------------- writes proportional to change


@pytest.fixture
def rows_written() -> Iterator[Counter[str]]:
    """Rows written per table by every SQLAlchemy statement (rowcount of each execute)."""
    counts: Counter[str] = Counter()

    def after(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        words = statement.split()
        verb = words[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE") and cursor.rowcount > 0:
            table = words[2] if verb != "UPDATE" else words[1]
            counts[table.strip('"')] += cursor.rowcount

    event.listen(Engine, "after_cursor_execute", after)
    try:
        yield counts
    finally:
        event.remove(Engine, "after_cursor_execute", after)


def test_writes_are_proportional_to_change(
    sandbox: SandboxServer, tmp_path: Path, rows_written: Counter[str]
) -> None:
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"
    assert rows_written["customers"] >= 400
    rows_written.clear()
    assert run_sync(path, fast_config(sandbox)).changed == 0
    # nothing changed: no customer row, no licence set; only the fetch times and bookkeeping
    assert rows_written["customers"] == 0
    assert rows_written["licence_sets"] == 0
    assert rows_written["groups"] == 0
    assert rows_written["lic_fresh"] == 400
    assert sum(rows_written.values()) <= 400 + 10
    rows_written.clear()
    ids = sorted(sandbox.state.tenants)
    with sandbox.state.lock:
        for tid in ids[:3]:
            sandbox.state.tenants[tid]["showAs"] = "Rinominato"
        for tid in ids[10:12]:
            sandbox.state.licences[tid] = []
    summary = run_sync(path, fast_config(sandbox))
    assert summary.changed == 5
    assert rows_written["licence_sets"] == 2
    assert rows_written["customers"] == 3 + 2  # 3 renamed rows, 2 licence summaries


# ---------------------------------------------------------------- start path, migration


def test_first_screenful_by_name_reads_the_first_rows_in_name_order(tmp_path: Path) -> None:
    """``load_rows(first_by_name=N)``; schema 4 dropped its index (nothing on the start
    path reads a first screenful any more: the snapshot or every row is read)."""
    path = tmp_path / "c.sqlite3"
    names = ["delta", "Alpha", "charlie", "Bravo", "echo"]
    with Cache.open(path) as cache:
        with cache.sync_store() as store:
            store.begin_listing()
            store.add_tenants(
                [
                    parse_tenant({"id": f"t-{i}", "name": n, "showAs": n})
                    for i, n in enumerate(names)
                ]
            )
            store.commit_listing(partner_id="p", capabilities=Capabilities())
        first = [r.show_as for r in cache.load_rows(first_by_name=3)]
        last = [r.show_as for r in cache.load_rows(first_by_name=2, descending=True)]
    assert first == ["Alpha", "Bravo", "charlie"] and last == ["echo", "delta"]
    conn = sqlite3.connect(path)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    conn.close()
    assert "ix_customers_show_as" not in indexes


def test_integrity_is_checked_only_after_an_unclean_shutdown(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"
    assert not dirty_path(path).exists() and not needs_check(path)
    dirty_path(path).touch()  # what a killed sync leaves behind
    assert needs_check(path)
    with Cache(path).writer_lock():  # a sync running elsewhere: not unclean
        assert not needs_check(path)
    from desktop.services.cache import open_cache

    cache, note = open_cache(path)  # checks, and clears the marker when ok
    cache.close()
    assert note is None and not needs_check(path)


def test_read_statements_use_only_columns_of_the_core_schema() -> None:
    """The start path reads with stdlib sqlite3: its SQL names columns of the Core tables."""
    import inspect
    import re

    # every class of the Cache (opening, reads, writes: one module each)
    source = "".join(
        inspect.getsource(k)
        for k in Cache.__mro__
        if k.__module__.startswith("desktop.services.cache.")
    )
    assert "def load_rows" in source
    known = {f"{t}.{c.name}" for t, table in tables().items() for c in table.columns}
    alias = {"c": "customers", "f": "lic_fresh", "s": "licence_sets"}
    for a, col in re.findall(r"\b([cfs])\.([a-z_]+)\b", source):
        assert f"{alias[a]}.{col}" in known, f"{a}.{col}"


@pytest.mark.parametrize("version", [1])
def test_migration_keeps_everything_and_the_next_sync_rewrites_nothing(
    tmp_path: Path, version: int, rows_written: Counter[str]
) -> None:
    path = tmp_path / "c.sqlite3"
    shutil.copy(FIXTURES / f"cache_v{version}.sqlite3", path)
    conn = sqlite3.connect(path)
    old = conn.execute("SELECT id, raw, lic_summary, manageable FROM customers").fetchall()
    old_lic = conn.execute("SELECT tenant_id, raw FROM licences").fetchall()
    conn.close()
    with Cache.open(path) as cache:
        for tid, raw, _summary, manageable in old:
            tenant = cache.tenant(tid)
            assert tenant is not None and tenant.raw_json() == raw
            assert cache.is_manageable(tid) == bool(manageable)
        for tid, raw in old_lic:
            assert [lic.raw_json() for lic in cache.licences(tid)] == [raw]
        rows = cache.load_rows()
        assert {r.id for r in rows} == {r[0] for r in old}
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not {n for n in names if n.startswith("stg_")} and "licences" not in names
    assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental
    conn.close()
