"""The insight views on a team desktop: billing and the change feed of its own scope,
read from the replica like on a local profile (issue 16, round 3)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.sandbox import SandboxServer
from desktop.services.team.schema import grant
from desktop.views.insights_dialog import InsightsDialog
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
    pytest.mark.sandbox(customers=300, seed=21, faults={"rate_limit_per_s": 0}),
]


def test_insights_on_a_team_profile_show_billing_and_changes_of_its_scope(
    qtbot: Any, pg_server: Any, team_db: str, sandbox: SandboxServer
) -> None:
    db = synced(pg_server, team_db, sandbox)
    names = group_names(sandbox)
    scope = group_members(sandbox, names[0])
    inside = sorted(scope)[0]
    outside = sorted(set(sandbox.state.tenants) - scope)[0]
    for tid, name in ((inside, "Rinominata Spa"), (outside, "Fuori Srl")):
        with sandbox.state.lock:
            sandbox.state.tenants[tid]["showAs"] = name
            sandbox.state.version += 1
    assert sync(pg_server, team_db, sandbox).status == "ok"
    grant(db.engine, "alice", groups=[names[0]])
    db.close()

    window = open_team_window(qtbot, team_profile("Team", team_db, "alice"))
    qtbot.waitUntil(lambda: {r.id for r in window.model.all_rows()} == scope, timeout=15_000)
    dialog = window.show_insights()
    assert isinstance(dialog, InsightsDialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        pass
    dialog.tabs.setCurrentIndex(2)  # billing: the sync node's months, this role's lines
    billing = dialog.billingModel
    account = billing.columns().index("Account ID")
    billed = {r[account] for r in billing.rows()}
    assert billed and billed <= scope
    assert dialog.linesModel.rowCount() > 0
    dialog.tabs.setCurrentIndex(3)  # the change feed: the renamed customer in scope only
    changes = dialog.changesModel
    change = changes.columns().index("Change")
    kinds = [r[change] for r in changes.rows()]
    assert "renamed" in kinds
    flat = {str(v) for r in changes.rows() for v in r}
    assert "Rinominata Spa" in flat and "Fuori Srl" not in flat
    dialog.close()
    window.close()
