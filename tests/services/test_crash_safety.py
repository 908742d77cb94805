"""Crash safety (issues 7 and 11): SIGKILL loop, damaged caches, disk full, read-only folder.

The kill loop runs ``python -m desktop sync --profile NAME`` as a real process against a
sandbox started here (per-tenant licences, as on the real API) and kills it with SIGKILL
at seeded random moments and at every commit window: while the tenant list is written,
right after it commits, right after licence batches commit, and at "[save]". Before each
sync the server changes (a rename and some licence sets). After every kill:

- the cache passes ``PRAGMA integrity_check`` and opens;
- the customer list is the previous one or the complete new one (never a mix);
- every tenant's licence set is the old one or the server's new one (never half);
- the next sync does not fetch again the licences the killed one committed (their
  fetch times stay as they were: the open licence round is resumed).

Default run: 4 random kills plus the aimed ones during a 3,000-customer sync.
``PARTNER_DESK_FULL=1``: 20 random kills (plus the aimed ones) during a 20,000-customer sync.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.cache import Cache, CacheWriteError, LicenceSet
from desktop.services.domain import parse_licence, parse_tenant
from desktop.services.profiles import Profile, ProfileKind, ProfileStore
from desktop.services.sync import config_for_profile, run_sync
from tests.helpers.cli import add_cli_profile
from tests.helpers.cli import run_cli as cli
from tests.helpers.db import integrity, snapshot

FULL = os.environ.get("PARTNER_DESK_FULL") == "1"
KILLS = 20 if FULL else 4
CUSTOMERS = 20_000 if FULL else 3_000
PROFILE = "crash"


def export(name: str = PROFILE) -> str:
    result = cli("export", "--profile", name, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def start_sync(stderr_file: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET=DEMO_SECRET)
    with stderr_file.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "desktop", "sync", "--profile", PROFILE],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )


def wait_for_line(proc: subprocess.Popen[bytes], err_file: Path, needle: str) -> None:
    """Until the sync printed ``needle`` (or ended); polls its stderr file."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and needle not in err_file.read_text("utf-8", "replace"):
        assert time.monotonic() < deadline
        time.sleep(0.001)


def last_phase(stderr_file: Path) -> str:
    phase = "start"
    for line in stderr_file.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("[") and "]" in line:
            phase = line[1 : line.index("]")]
            if "Customer list saved" in line:
                phase = "tenants-committed"
            elif "Licences refreshed" in line:
                phase = "licences-committed"
        elif line.startswith("Synced"):
            phase = "exited"
    return phase


@dataclass
class Snapshot:
    names: dict[str, str]  # id -> showAs of live customers
    sets: dict[str, bytes]  # id -> stored licence-set hash
    fetched: dict[str, int]  # id -> licences fetched at (unix s)
    round_start: int | None  # an open licence round (a sync stopped in the middle)


def read_snapshot(path: Path) -> Snapshot:
    conn = sqlite3.connect(path)
    try:
        names = dict(
            conn.execute("SELECT id, show_as FROM customers WHERE removed_at IS NULL").fetchall()
        )
        sets = dict(
            conn.execute(
                "SELECT c.id, s.hash FROM licence_sets s JOIN customers c ON c.cid = s.cid"
            ).fetchall()
        )
        fetched = dict(
            conn.execute(
                "SELECT c.id, f.fetched_at FROM lic_fresh f JOIN customers c ON c.cid = f.cid"
            ).fetchall()
        )
        row = conn.execute("SELECT value FROM meta WHERE key='lic_round'").fetchone()
        return Snapshot(names, sets, fetched, int(row[0]) if row else None)
    finally:
        conn.close()


def server_state(server: SandboxServer) -> tuple[dict[str, str], dict[str, bytes]]:
    with server.state.lock:
        names = {tid: t["showAs"] for tid, t in server.state.tenants.items()}
        sets = {}
        for tid in server.state.tenants:
            if not server.state.is_manageable(tid, frozenset()):
                sets[tid] = LicenceSet.of(None).hash
            else:
                raw = server.state.licences[tid]
                sets[tid] = LicenceSet.of([parse_licence(tid, o) for o in raw]).hash
        return names, sets


def check_after(
    profile: Profile, old: Snapshot, new: tuple[dict[str, str], dict[str, bytes]]
) -> Snapshot:
    """Integrity; the list is old or new; each licence set old or new."""
    assert integrity(profile.cache_path) == "ok"
    with Cache.open(profile.cache_path, verify=True):  # opens with a quick_check too
        pass
    now = read_snapshot(profile.cache_path)
    new_names, new_sets = new
    assert now.names in (old.names, new_names), "a half-written tenant list"
    for tid, digest in now.sets.items():
        assert digest in (old.sets.get(tid), new_sets.get(tid)), f"half a licence set: {tid}"
    assert json.loads(export())  # the CLI reads it
    return now


@pytest.mark.slow
@pytest.mark.timeout(1800 if FULL else 300)
def test_sigkill_at_random_moments_never_damages_the_cache(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    faults = {"rate_limit_per_s": 0, "latency_ms": 2}
    with SandboxServer(customers=CUSTOMERS, seed=4, extensions=False, faults=faults) as server:
        profile = add_cli_profile(server, PROFILE)
        started = time.monotonic()
        first = cli("sync", "--profile", PROFILE, timeout=900)
        duration = time.monotonic() - started
        assert first.returncode == 0, first.stderr
        previous = read_snapshot(profile.cache_path)
        assert len(previous.names) == CUSTOMERS
        ids = sorted(server.state.tenants)
        outcomes: Counter[str] = Counter()
        phases: Counter[str] = Counter()
        aimed = ["[tenants] Fetched", "Customer list saved", "Licences refreshed", "[save]"]
        plan: list[str | None] = [None] * KILLS + aimed + ["Licences refreshed"] * 2
        for i, target in enumerate(plan):
            with server.state.lock:  # a sync that gets far enough changes the cache
                server.state.tenants[ids[i]]["showAs"] = f"kill-{i}-renamed"
                for tid in ids[i * 7 : i * 7 + 40]:
                    server.state.licences[tid] = server.state.licences[tid][1:]
            expected = server_state(server)
            err_file = tmp_path / f"sync-{i}.err"
            proc = start_sync(err_file)
            if target is None:
                # later syncs resume or find little to write: aim inside the first half
                time.sleep(rng.uniform(0.05, max(0.1, duration * 0.5)))
            else:
                wait_for_line(proc, err_file, target)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait(30)
                assert proc.returncode == -signal.SIGKILL
                kind = "killed"
            else:
                assert proc.returncode == 0, err_file.read_text()
                kind = "completed"
            phases[last_phase(err_file)] += 1
            now = check_after(profile, previous, expected)
            if previous.round_start is not None:
                # a licence round was open: this sync resumed it and did not fetch again
                # what the killed one had committed
                for tid, at in previous.fetched.items():
                    if at >= previous.round_start and tid in now.fetched:
                        assert now.fetched[tid] == at, f"{tid} fetched again"
            outcomes[f"{kind}/{'new list' if now.names == expected[0] else 'old list'}"] += 1
            if kind == "completed":
                assert now.names == expected[0] and now.round_start is None
                refreshed = [t for t, at in now.fetched.items() if previous.fetched.get(t) != at]
                assert all(now.sets[t] == expected[1][t] for t in refreshed)
            previous = now
        # the sync after the last kill completes (resuming its round); the one after
        # that refreshes everyone and has exactly the server's data
        for _ in range(2):
            final = cli("sync", "--profile", PROFILE, timeout=900)
            assert final.returncode == 0, final.stderr
            done = check_after(profile, previous, server_state(server))
            previous = done
        assert (done.names, done.sets) == server_state(server)
        assert done.round_start is None
    report = {"customers": CUSTOMERS, "kills": len(plan), "outcomes": outcomes, "phases": phases}
    print("kill-loop", json.dumps(report, sort_keys=True))
    (tmp_path / "kill-loop.json").write_text(json.dumps(report))
    # most attempts must really interrupt a sync, or the test proves nothing
    killed = outcomes["killed/old list"] + outcomes["killed/new list"]
    assert killed >= len(plan) * 0.6, outcomes
    assert outcomes["killed/old list"] >= 1 and outcomes["killed/new list"] >= 2, outcomes
    assert phases["licences-committed"] + phases["licences"] >= 2, phases


# ---------------------------------------------------------------- damaged cache files


def damage(path: Path, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    if how == "random-bytes":
        path.write_bytes(random.Random(5).randbytes(40_000))
    elif how == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif how == "newer-schema":
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
        conn.commit()
        conn.close()
    else:  # pragma: no cover
        raise AssertionError(how)


@pytest.fixture
def small_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(customers=400, seed=6, faults={"rate_limit_per_s": 0}) as server:
        yield server


@pytest.mark.parametrize("how", ["random-bytes", "truncated", "newer-schema"])
@pytest.mark.parametrize("first", ["export", "sync"])
def test_damaged_cache_recovers_through_the_cli(
    small_sandbox: SandboxServer, how: str, first: str
) -> None:
    profile = add_cli_profile(small_sandbox, PROFILE)
    assert cli("sync", "--profile", PROFILE).returncode == 0
    good = export()
    damage(profile.cache_path, how)

    if first == "export":
        result = cli("export", "--profile", PROFILE, "--format", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == []
    else:
        result = cli("sync", "--profile", PROFILE, "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.strip().splitlines()[-1])["customers"] == 400
    assert "Traceback" not in result.stderr
    assert "moved aside" in result.stderr and "fresh cache" in result.stderr
    aside = list(profile.cache_path.parent.glob(profile.cache_path.name + ".damaged-*"))
    assert len([p for p in aside if not p.name.endswith(("-wal", "-shm"))]) == 1

    if first == "export":
        rebuilt = cli("sync", "--profile", PROFILE, "--json")
        assert rebuilt.returncode == 0, rebuilt.stderr
    assert integrity(profile.cache_path) == "ok"
    assert export() == good


# ---------------------------------------------------------------- disk full


@pytest.fixture
def page_limit() -> Iterator[dict[str, int]]:
    """Caps every new SQLAlchemy connection at ``limit['pages']`` pages (0 = no cap)."""
    limit = {"pages": 0}

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        if limit["pages"]:
            dbapi_conn.execute(f"PRAGMA max_page_count = {limit['pages']}")

    event.listen(Engine, "connect", on_connect)
    try:
        yield limit
    finally:
        event.remove(Engine, "connect", on_connect)


def test_disk_full_fails_the_sync_cleanly(
    small_sandbox: SandboxServer, tmp_path: Path, page_limit: dict[str, int]
) -> None:
    path = tmp_path / "c.sqlite3"
    profile = Profile("d", ProfileKind.SANDBOX, "demo-super-admin", *[small_sandbox.base_url] * 2)
    cfg = config_for_profile(profile, DEMO_SECRET, backoff_base=0.01, backoff_max=0.1)
    assert run_sync(path, cfg).status == "ok"
    before = snapshot(path)
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()

    # the Cache level: a clear CacheWriteError
    page_limit["pages"] = pages + 1
    many = [parse_tenant({"id": f"x-{i}", "name": "Riempitivo " + "x" * 500}) for i in range(3000)]
    with (
        Cache.open(path) as cache,
        cache.sync_store() as store,
        pytest.raises(CacheWriteError) as info,
    ):
        store.begin_listing()
        store.add_tenants(many)
    assert info.value.message.startswith("The disk is full")

    # through run_sync: status failed with that message, no crash, snapshot unchanged
    with small_sandbox.state.lock:  # the server now has more to store than fits
        for tid in list(small_sandbox.state.tenants)[:400]:
            small_sandbox.state.tenants[tid]["showAs"] = "Nome molto lungo " + "ü" * 300
    summary = run_sync(path, cfg)
    assert summary.status == "failed"
    assert summary.error is not None and summary.error.startswith("The disk is full")
    page_limit["pages"] = 0
    assert snapshot(path) == before
    assert run_sync(path, cfg).status == "ok"  # space back: the next sync works


def test_real_disk_full_on_a_tiny_tmpfs_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 3 MB tmpfs as PARTNER_DESK_HOME (root only; tests here run as root)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        monkeypatch.setenv("PARTNER_DESK_HOME", str(mount))
        with SandboxServer(customers=200, seed=8, faults={"rate_limit_per_s": 0}) as server:
            add_cli_profile(server, PROFILE)
            assert cli("sync", "--profile", PROFILE).returncode == 0
            before = export()
            with server.state.lock:  # now the next snapshot does not fit in 3 MB
                for tid in server.state.tenants:
                    server.state.tenants[tid]["showAs"] = "Nome lungo " + "é" * 2500
            result = cli("sync", "--profile", PROFILE, "--json")
        assert result.returncode == 1
        summary = json.loads(result.stdout.strip().splitlines()[-1])
        assert summary["status"] == "failed"
        assert str(summary["error"]).startswith("The disk is full"), summary
        assert "Traceback" not in result.stderr
        profile = ProfileStore().get(PROFILE)
        assert profile is not None and integrity(profile.cache_path) == "ok"
        assert export() == before
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# ---------------------------------------------------------------- read-only data folder


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Read-only even for root: ``chattr +i`` (root), else chmod."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


@pytest.mark.parametrize("target", ["folder", "file"])
def test_read_only_cache_gives_a_clear_error_and_keeps_the_snapshot(
    small_sandbox: SandboxServer, target: str
) -> None:
    profile = add_cli_profile(small_sandbox, PROFILE)
    assert cli("sync", "--profile", PROFILE).returncode == 0
    before = export()
    dump = snapshot(profile.cache_path)
    locked = profile.cache_path.parent if target == "folder" else profile.cache_path
    with immutable(locked):
        result = cli("sync", "--profile", PROFILE, "--json")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        error = str(json.loads(result.stdout.strip().splitlines()[-1])["error"])
        assert error in (
            "Partner Desk cannot open its data folder. Check that it exists and is writable.",
            "The data folder is read-only: Partner Desk cannot save the customer cache.",
        )
        assert f"Sync failed: {error}" in result.stderr
    assert snapshot(profile.cache_path) == dump
    assert export() == before


@pytest.mark.parametrize("where", ["data", "data/profiles"])
def test_a_file_where_the_data_folder_should_be(
    small_sandbox: SandboxServer, partner_desk_home: Path, where: str
) -> None:
    add_cli_profile(small_sandbox, PROFILE)
    blocker = partner_desk_home / where
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder")
    result = cli("sync", "--profile", PROFILE, "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["status"] == "failed"
    assert str(summary["error"]).startswith("The data folder cannot be created")
    exported = cli("export", "--profile", PROFILE, "--format", "json")
    assert exported.returncode == 1 and "Traceback" not in exported.stderr
    assert "sync it first" in exported.stderr
