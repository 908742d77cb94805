"""The sync engine against the real sandbox over HTTP and a real SQLite file."""

from __future__ import annotations

import collections
import threading
from pathlib import Path

import pytest

from desktop.sandbox import SandboxServer
from desktop.services.cache import Cache
from desktop.services.sync import SyncProgress, config_for_profile, run_sync
from tests.helpers.db import snapshot
from tests.helpers.sandbox import fast_config, sandbox_profile

pytestmark = pytest.mark.sandbox(customers=350, seed=3, faults={"rate_limit_per_s": 0})


def test_full_sync_matches_the_server(sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    events: list[SyncProgress] = []
    summary = run_sync(path, fast_config(sandbox), progress=events.append)  # type: ignore[arg-type]
    assert summary.status == "ok", summary.error
    assert summary.customers == 350 == summary.new
    phases = [e.phase for e in events]
    assert phases[0] == "connect" and phases[-1] == "done"
    assert {"tenants", "licences", "groups", "save"} <= set(phases)

    with Cache.open(path) as cache:
        rows = cache.load_rows()
        assert {r.id for r in rows} == set(sandbox.state.tenants)
        for row in rows[:50]:
            served = sandbox.state.tenants[row.id]
            assert row.name == served["name"]
            assert row.show_as == served.get("showAs", served["name"])
        # licences stored for manageable tenants only; counts match the server's
        stored = cache.all_licences()
        manageable = [r for r in rows if r.manageable]
        assert summary.not_manageable == len(rows) - len(manageable) > 0
        assert summary.licences == sum(len(v) for v in stored.values())
        assert cache.groups(), "groups synced"
        caps = cache.capabilities()
        assert caps is not None and caps.is_super_admin and caps.has("rename")


def test_second_sync_reports_no_changes_then_detects_them(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"  # type: ignore[arg-type]
    again = run_sync(path, fast_config(sandbox))  # type: ignore[arg-type]
    assert (again.status, again.new, again.removed, again.changed) == ("ok", 0, 0, 0)

    # change the server: rename one, remove one
    ids = sorted(sandbox.state.tenants)
    with sandbox.state.lock:
        sandbox.state.tenants[ids[0]]["showAs"] = "Rinominato"
    removed_id = ids[1]
    with sandbox.state.lock:
        assert sandbox.state.remove_tenant(removed_id) is not None
    third = run_sync(path, fast_config(sandbox))  # type: ignore[arg-type]
    assert third.status == "ok", third.error
    assert (third.removed, third.changed) == (1, 1)
    with Cache.open(path) as cache:
        rows = {r.id: r for r in cache.load_rows()}
        assert rows[removed_id].removed_at is not None
        assert rows[ids[0]].show_as == "Rinominato"


def test_per_tenant_and_bulk_licences_give_the_same_cache(tmp_path: Path) -> None:
    results = []
    for extensions in (True, False):
        with SandboxServer(
            customers=120, seed=9, extensions=extensions, faults={"rate_limit_per_s": 0}
        ) as server:
            path = tmp_path / f"c-{extensions}.sqlite3"
            summary = run_sync(path, fast_config(server))  # type: ignore[arg-type]
            assert summary.status == "ok", summary.error
            with Cache.open(path) as cache:
                results.append(sorted((r.id, r.statuses, r.manageable) for r in cache.load_rows()))
    assert results[0] == results[1]


@pytest.mark.parametrize(
    "faults",
    [
        {
            "error_rate": {"503": 0.1},
            "drop_rate": 0.05,
            "rate_limit_per_s": 20,
            "token_lifetime_s": 2,
            "latency_ms": 5,
        },
        {"error_rate": {"500": 0.1, "502": 0.1}},
        {"rate_limit_per_s": 15, "retry_after_header": False},
    ],
    ids=["mixed", "5xx-bursts", "429-no-retry-after"],
)
def test_sync_survives_faults_with_the_same_data(tmp_path: Path, faults: dict[str, object]) -> None:
    with SandboxServer(customers=250, seed=5, faults={"rate_limit_per_s": 0}) as server:
        clean = tmp_path / "clean.sqlite3"
        assert run_sync(clean, fast_config(server)).status == "ok"  # type: ignore[arg-type]
        server.set_faults(**faults)
        faulty = tmp_path / "faulty.sqlite3"
        summary = run_sync(faulty, fast_config(server, max_retries=8))  # type: ignore[arg-type]
        assert summary.status == "ok", summary.error
        with Cache.open(clean) as a, Cache.open(faulty) as b:
            assert sorted((r.id, r.statuses) for r in a.load_rows()) == sorted(
                (r.id, r.statuses) for r in b.load_rows()
            )


def test_forbidden_tenants_are_not_manageable_and_the_sync_goes_on(tmp_path: Path) -> None:
    with SandboxServer(
        customers=60, seed=3, extensions=False, faults={"rate_limit_per_s": 0}
    ) as public:
        target = sorted(public.state.tenants)[:3]
        public.set_faults(forbidden_tenants=target)
        path = tmp_path / "c.sqlite3"
        summary = run_sync(path, fast_config(public))  # type: ignore[arg-type]
        assert summary.status == "ok"
        with Cache.open(path) as cache:
            for tid in target:
                assert not cache.is_manageable(tid)


@pytest.mark.parametrize(
    "fault",
    [{"truncate_page": 2}, {"error_rate": {"503": 1.0}}, {"drop_rate": 1.0}],
    ids=["truncated", "503-always", "dropped-always"],
)
def test_failed_sync_leaves_the_previous_snapshot_unchanged(
    sandbox: SandboxServer, tmp_path: Path, fault: dict[str, object]
) -> None:
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"  # type: ignore[arg-type]
    before = snapshot(path, ("customers", "licence_sets", "groups"))
    sandbox.set_faults(**fault, churn_between_pages=2)
    summary = run_sync(path, fast_config(sandbox, max_retries=2))  # type: ignore[arg-type]
    assert summary.status == "failed"
    assert summary.error and "password" not in summary.error.lower()
    assert snapshot(path, ("customers", "licence_sets", "groups")) == before
    with Cache.open(path) as cache:
        record = cache.last_sync()
        assert record is not None and record.status == "failed"


def test_server_down_at_start_fails_cleanly(tmp_path: Path) -> None:
    server = SandboxServer(customers=5).start()
    config = fast_config(server, max_retries=1)
    server.stop()
    summary = run_sync(tmp_path / "c.sqlite3", config)  # type: ignore[arg-type]
    assert summary.status == "failed"
    assert summary.error and "reach" in summary.error.lower()


def test_cancel_stops_quickly_and_keeps_the_snapshot(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, fast_config(sandbox)).status == "ok"  # type: ignore[arg-type]
    before = snapshot(path, ("customers", "licence_sets", "groups"))
    sandbox.set_faults(latency_ms=200)
    cancel = threading.Event()
    seen = collections.Counter[str]()

    def progress(event: SyncProgress) -> None:
        seen[event.phase] += 1
        if event.phase == "tenants" and event.done > 0:
            cancel.set()

    summary = run_sync(path, fast_config(sandbox), cancel=cancel, progress=progress)  # type: ignore[arg-type]
    assert summary.status == "cancelled"
    assert summary.seconds < 5
    assert snapshot(path, ("customers", "licence_sets", "groups")) == before


def test_wrong_secret_gives_an_authentication_message(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    config = config_for_profile(sandbox_profile(sandbox), "wrong-secret-XYZ")
    summary = run_sync(tmp_path / "c.sqlite3", config)
    assert summary.status == "failed"
    assert summary.error and "wrong-secret-XYZ" not in summary.error
    assert "secret" in summary.error.lower() or "credential" in summary.error.lower()
