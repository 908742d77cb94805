"""Crash safety (issue 7): SIGKILL loop, damaged caches, disk full, read-only data folder.

The kill loop runs ``python -m desktop sync --profile NAME`` as a real process against a
sandbox started here and kills it with SIGKILL at seeded random moments. After every
kill the cache must open, pass ``PRAGMA integrity_check`` and ``export --format json``
must equal the previous snapshot exactly (or, when the kill landed after the single
merge transaction had committed, the complete new snapshot — never anything between).

Default run: 4 kills during a 3,000-customer sync plus one kill aimed at the merge
("[save]"). ``PARTNER_DESK_FULL=1``: 20 kills during a 20,000-customer sync.
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
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli as cli
from sqlalchemy import event
from sqlalchemy.engine import Engine

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.cache import Cache, CacheWriteError
from desktop.services.domain import parse_tenant
from desktop.services.profiles import Profile, ProfileKind, ProfileStore
from desktop.services.sync import config_for_profile, run_sync

FULL = os.environ.get("PARTNER_DESK_FULL") == "1"
KILLS = 20 if FULL else 4
CUSTOMERS = 20_000 if FULL else 3_000
PROFILE = "crash"


def add_profile(server: SandboxServer, name: str = PROFILE) -> Profile:
    result = cli(
        "profiles", "add", name, "--client-id", "demo-super-admin",
        "--identity-url", server.base_url, "--global-url", server.base_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    profile = ProfileStore().get(name)
    assert profile is not None
    return profile


def export(name: str = PROFILE) -> str:
    result = cli("export", "--profile", name, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def last_phase(stderr_file: Path) -> str:
    phase = "start"
    for line in stderr_file.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("[") and "]" in line:
            phase = line[1 : line.index("]")]
        elif line.startswith("Synced"):
            phase = "exited"
    return phase


def start_sync(stderr_file: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET=DEMO_SECRET)
    with stderr_file.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "desktop", "sync", "--profile", PROFILE],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )


def check_after(profile: Profile, previous: str, marker: str) -> tuple[str, str]:
    """Integrity ok and the export is the previous snapshot or the complete new one."""
    assert integrity(profile.cache_path) == "ok"
    with Cache.open(profile.cache_path):  # opens with its own quick_check
        pass
    now = export()
    if now == previous:
        return "previous", now
    # Only a committed merge may change the export, and then completely.
    assert marker in now, "the export changed but lacks the new snapshot's data"
    assert len(json.loads(now)) == len(json.loads(previous))
    return "new", now


@pytest.mark.timeout(900 if FULL else 240)
def test_sigkill_at_random_moments_never_damages_the_cache(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    faults = {"rate_limit_per_s": 0, "latency_ms": 5}
    with SandboxServer(customers=CUSTOMERS, seed=4, faults=faults) as server:
        profile = add_profile(server)
        started = time.monotonic()
        first = cli("sync", "--profile", PROFILE)
        duration = time.monotonic() - started
        assert first.returncode == 0, first.stderr
        previous = export()
        assert len(json.loads(previous)) == CUSTOMERS
        ids = sorted(server.state.tenants)
        outcomes: Counter[str] = Counter()
        phases: Counter[str] = Counter()
        for i in range(KILLS + 1):
            marker = f"kill-{i}-renamed"
            with server.state.lock:  # a completed sync would change the export
                server.state.tenants[ids[i]]["showAs"] = marker
            err_file = tmp_path / f"sync-{i}.err"
            proc = start_sync(err_file)
            if i < KILLS:
                # Later syncs can run faster than the first (warm caches, less load):
                # aim inside the first half of the measured duration so the moment
                # still falls during the sync.
                time.sleep(rng.uniform(0.05, max(0.1, duration * 0.5)))
            else:  # one aimed kill: as soon as the merge transaction starts
                deadline = time.monotonic() + 120
                while last_phase(err_file) != "save" and proc.poll() is None:
                    assert time.monotonic() < deadline
                    time.sleep(0.002)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait(30)
                assert proc.returncode == -signal.SIGKILL
                kind = "killed"
            else:
                assert proc.returncode == 0, err_file.read_text()
                kind = "completed"
            phases[last_phase(err_file)] += 1
            which, previous = check_after(profile, previous, marker)
            outcomes[f"{kind}/{which}"] += 1
            if kind == "completed":
                assert which == "new"
    report = {"customers": CUSTOMERS, "kills": KILLS + 1, "outcomes": outcomes, "phases": phases}
    print("kill-loop", json.dumps(report, sort_keys=True))
    (tmp_path / "kill-loop.json").write_text(json.dumps(report))
    # most attempts must really interrupt a sync, or the test proves nothing
    assert outcomes["killed/previous"] + outcomes["killed/new"] >= (KILLS + 1) * 0.6
    assert outcomes["killed/previous"] >= 2


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
    profile = add_profile(small_sandbox)
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


def table_dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("customers", "licence_sets", "lic_fresh", "groups", "meta")
        }
    finally:
        conn.close()


def test_disk_full_fails_the_sync_cleanly(
    small_sandbox: SandboxServer, tmp_path: Path, page_limit: dict[str, int]
) -> None:
    path = tmp_path / "c.sqlite3"
    profile = Profile("d", ProfileKind.SANDBOX, "demo-super-admin", *[small_sandbox.base_url] * 2)
    cfg = config_for_profile(profile, DEMO_SECRET, backoff_base=0.01, backoff_max=0.1)
    assert run_sync(path, cfg).status == "ok"
    before = table_dump(path)
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
    assert table_dump(path) == before
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
            add_profile(server)
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
    profile = add_profile(small_sandbox)
    assert cli("sync", "--profile", PROFILE).returncode == 0
    before = export()
    dump = table_dump(profile.cache_path)
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
    assert table_dump(profile.cache_path) == dump
    assert export() == before


@pytest.mark.parametrize("where", ["data", "data/profiles"])
def test_a_file_where_the_data_folder_should_be(
    small_sandbox: SandboxServer, partner_desk_home: Path, where: str
) -> None:
    add_profile(small_sandbox)
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
