"""Issue 11 in the window: progressive row refresh, another sync running (GUI + CLI)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services import sync as sync_module
from desktop.services import sync_process
from desktop.services.cache import Cache
from desktop.services.profiles import Profile
from desktop.services.sync import run_sync
from desktop.views.main_window import MainWindow
from tests.helpers.gui import saved_profile, show_window

pytestmark = pytest.mark.sandbox(
    customers=300, seed=21, extensions=False, faults={"rate_limit_per_s": 0}
)


def make_profile(server: SandboxServer, name: str = "Store") -> Profile:
    return saved_profile(server.base_url, name=name)


def open_window(qtbot: Any, profile: Profile) -> MainWindow:
    window = show_window(qtbot, profile, loaded=False, autosync=False)
    qtbot.waitUntil(lambda: not window._loading, timeout=10_000)
    return window


def sync_in_window(qtbot: Any, window: MainWindow, timeout: int = 60_000) -> Any:
    with qtbot.waitSignal(window.syncFinished, timeout=timeout) as blocker:
        window.start_sync()
    return blocker.args[0]


def test_rows_refresh_as_licence_batches_land_without_a_reset(
    qtbot: Any, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # in-process engine so that the small batch size applies (the real one is a child)
    monkeypatch.setattr(sync_process, "run_sync_in_process", run_sync)
    monkeypatch.setattr(sync_module, "BATCH", 25)
    profile = make_profile(server)
    window = open_window(qtbot, profile)
    assert sync_in_window(qtbot, window).status == "ok"
    assert window.model.rowCount() == 300
    with server.state.lock:  # a third of the customers get other licences
        for n, tid in enumerate(sorted(server.state.tenants)):
            if n % 3 == 0:
                server.state.licences[tid] = []
    calls: list[tuple[str, int]] = []
    real_update, real_set = window.model.update_rows, window.model.set_rows

    def update_rows(rows: Any) -> None:
        rows = list(rows)
        calls.append(("update", len(rows)))
        real_update(rows)

    def set_rows(rows: Any, *args: Any, **kw: Any) -> None:
        calls.append(("set", len(rows)))
        real_set(rows, *args, **kw)

    monkeypatch.setattr(window.model, "update_rows", update_rows)
    monkeypatch.setattr(window.model, "set_rows", set_rows)
    statuses: set[str] = set()
    timer = QTimer()
    timer.timeout.connect(lambda: statuses.add(window.syncStatus.text()))
    timer.start(5)
    summary = sync_in_window(qtbot, window)
    assert summary.status == "ok" and summary.changed >= 90
    updates = [n for kind, n in calls if kind == "update"]
    assert len(updates) >= 2, calls  # rows arrive batch by batch
    assert sum(updates) >= 90
    kinds = [kind for kind, _n in calls]
    # no full reload while licence batches land; one at the end (the final read)
    if "set" in kinds:
        assert kinds.count("set") == 1 and "update" not in kinds[kinds.index("set") :], kinds
    timer.stop()
    assert any("licences refreshed for" in s for s in statuses), statuses
    window.close()


def test_window_says_when_another_sync_of_the_profile_is_running(
    qtbot: Any, server: SandboxServer
) -> None:
    profile = make_profile(server)
    window = open_window(qtbot, profile)
    profile.cache_path.parent.mkdir(parents=True, exist_ok=True)
    with Cache(profile.cache_path).writer_lock():  # e.g. a scheduled CLI sync
        summary = sync_in_window(qtbot, window)
    assert summary.status == "busy"
    assert "already running" in window.syncStatus.text()
    assert not window.banner.isVisible()  # not a failure
    assert window.syncAction.isEnabled()
    assert sync_in_window(qtbot, window).status == "ok"  # once it is free, it syncs
    window.close()


@pytest.mark.parametrize("cli_first", [True, False])
def test_gui_and_cli_sync_together_never_damage_the_data(
    qtbot: Any, server: SandboxServer, cli_first: bool
) -> None:
    server.set_faults(latency_ms=15)
    profile = make_profile(server)
    window = open_window(qtbot, profile)
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET=DEMO_SECRET)
    cmd = [sys.executable, "-m", "desktop", "sync", "--profile", profile.name, "--wait", "0"]
    if cli_first:
        proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        for line in proc.stderr:  # it holds the lock once it prints progress
            if line.startswith("[connect]"):
                break
        summary = sync_in_window(qtbot, window)
        _out, err = proc.communicate(timeout=120)
    else:
        with qtbot.waitSignal(window.syncFinished, timeout=60_000) as blocker:
            window.start_sync()
            qtbot.wait(700)  # the window's sync child holds the lock by now
            proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
            _out, err = proc.communicate(timeout=120)
        summary = blocker.args[0]
    assert "Traceback" not in err
    assert summary.status in ("ok", "busy")
    assert proc.returncode in (0, 75)
    assert summary.status == "ok" or proc.returncode == 0  # one of them ran
    conn = sqlite3.connect(profile.cache_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    live = conn.execute("SELECT count(*) FROM customers WHERE removed_at IS NULL").fetchone()[0]
    conn.close()
    assert live == 300
    if summary.status == "busy":
        assert sync_in_window(qtbot, window).status == "ok"
    assert window.model.rowCount() == 300
    window.close()
