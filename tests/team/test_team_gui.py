"""Team desktops in the window: scoped rows, a change within 2 s without a reload,
the replica with PostgreSQL stopped, and actions disabled without an API credential."""

from __future__ import annotations

import time
from typing import Any

import pytest

from desktop.models.actions_controller import R_TEAM_READ_ONLY
from desktop.sandbox import SandboxServer
from desktop.services.actions import Action
from desktop.views.main_window import MainWindow
from tests.team.helpers import (
    group_members,
    group_names,
    open_team_window,
    sync,
    synced,
    team_profile,
)

pytestmark = [
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)"),
    pytest.mark.sandbox(customers=500, seed=13, faults={"rate_limit_per_s": 0}),
]


def model_ids(window: MainWindow) -> set[str]:
    return {r.id for r in window.model.all_rows()}


def test_two_desktops_see_their_scope_and_a_change_arrives_without_a_reload(
    qtbot: Any, pg_server: Any, team_db: str, sandbox: SandboxServer
) -> None:
    from desktop.services.team.schema import grant

    db = synced(pg_server, team_db, sandbox)
    names = group_names(sandbox)
    grant(db.engine, "alice", groups=[names[0]])
    grant(db.engine, "bob", all_customers=True)
    expected = {"alice": group_members(sandbox, names[0]), "bob": set(sandbox.state.tenants)}
    windows = {}
    for role in ("alice", "bob"):
        window = open_team_window(qtbot, team_profile(f"Team {role}", team_db, role))
        qtbot.waitUntil(lambda w=window, r=role: model_ids(w) == expected[r], timeout=15_000)
        qtbot.waitUntil(
            lambda w=window: w.syncStatus.text() == "Team database: live", timeout=10_000
        )
        windows[role] = window

    # no API credential: changes disabled, with the reason
    alice = windows["alice"]
    row = next(iter(alice.model.all_rows()))
    av = alice.customerActions.controller.availability(Action.RENAME, [row])
    assert not av.enabled and av.reason == R_TEAM_READ_ONLY

    resets = {role: 0 for role in windows}
    updates: dict[str, list[str]] = {role: [] for role in windows}
    for role, window in windows.items():
        window.model.modelReset.connect(lambda r=role: resets.__setitem__(r, resets[r] + 1))
        real = window.model.update_rows

        def spy(rows: Any, real: Any = real, role: str = role) -> None:
            rows = list(rows)
            updates[role].extend(r.id for r in rows)
            real(rows)

        window.model.update_rows = spy  # type: ignore[method-assign]

    target = sorted(expected["alice"])[0]
    with sandbox.state.lock:
        sandbox.state.tenants[target]["showAs"] = "Renamed for the team"
        sandbox.state.version += 1
    commits: list[float] = []

    def progress(event: Any) -> None:
        if event.committed == "tenants":  # yielded right after the tenant list committed
            commits.append(time.monotonic())

    assert sync(pg_server, team_db, sandbox, progress=progress).status == "ok"
    assert commits
    committed = commits[0]

    def shows_rename(window: MainWindow) -> bool:
        return any(
            r.id == target and r.show_as == "Renamed for the team" for r in window.model.all_rows()
        )

    qtbot.waitUntil(
        lambda: shows_rename(windows["alice"]) and shows_rename(windows["bob"]), timeout=10_000
    )
    elapsed = time.monotonic() - committed
    print(f"commit -> both windows updated: {elapsed * 1000:.0f} ms")
    assert elapsed < 2.0, f"the change took {elapsed:.2f} s to reach the windows"
    for role in windows:
        assert resets[role] == 0  # update_rows, not a full reload
        assert target in updates[role]
        assert set(updates[role]) <= expected[role]
    assert model_ids(windows["alice"]) == expected["alice"]


def test_the_replica_opens_with_postgres_stopped_and_says_so(
    qtbot: Any, pg_server: Any, team_db: str, sandbox: SandboxServer
) -> None:
    from desktop.services.team.schema import grant

    db = synced(pg_server, team_db, sandbox)
    names = group_names(sandbox)
    grant(db.engine, "carol", groups=[names[1]])
    db.close()
    expected = group_members(sandbox, names[1])
    profile = team_profile("Team carol", team_db, "carol")
    window = open_team_window(qtbot, profile)
    qtbot.waitUntil(lambda: model_ids(window) == expected, timeout=15_000)
    qtbot.waitUntil(lambda: window.syncStatus.text() == "Team database: live", timeout=10_000)
    window.close()
    pg_server.stop()
    try:
        window = open_team_window(qtbot, profile)
        assert model_ids(window) == expected  # from the replica, at once
        qtbot.waitUntil(lambda: "unreachable" in window.syncStatus.text(), timeout=15_000)
        assert "local copy from" in window.syncStatus.text()
        assert "offline" in window.cacheAge.text()
        window.close()
    finally:
        pg_server.start()
