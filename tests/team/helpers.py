"""Shared steps of the team-mode tests (the fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.cache import Cache, SyncSummary
from desktop.services.profiles import Profile, ProfileKind
from desktop.services.sync import config_for_profile
from desktop.services.team.database import TeamDatabase, conninfo
from desktop.services.team.replica import Replicator
from desktop.services.team.schema import init_schema
from desktop.services.team.sync_node import run_team_sync


def api_config(server: SandboxServer) -> Any:
    profile = Profile(
        "node", ProfileKind.SANDBOX, "demo-super-admin", server.base_url, server.base_url
    )
    return config_for_profile(profile, DEMO_SECRET, backoff_base=0.01, backoff_max=0.2)


def admin_info(pg: Any, url: str) -> str:
    return conninfo(url, role=pg.superuser)


def init(pg: Any, url: str) -> TeamDatabase:
    db = TeamDatabase(admin_info(pg, url))
    init_schema(db.engine)
    return db


def sync(pg: Any, url: str, server: SandboxServer, **kw: Any) -> SyncSummary:
    return run_team_sync(admin_info(pg, url), api_config(server), **kw)


def synced(pg: Any, url: str, server: SandboxServer) -> TeamDatabase:
    """A team database made by ``init`` and filled by one successful sync node run."""
    db = init(pg, url)
    assert sync(pg, url, server).status == "ok"
    return db


def team_profile(name: str, url: str, role: str) -> Profile:
    """A saved team profile reading ``url`` as ``role``."""
    from desktop.services.profiles import ProfileStore

    profile = Profile(name, ProfileKind.TEAM, "", "", "", database_url=url, db_role=role)
    ProfileStore().add(profile)
    return profile


def open_team_window(qtbot: Any, profile: Profile) -> Any:
    """A shown main window of a team profile (its feed started), once its rows are read."""
    from desktop.views.main_window import MainWindow

    window = MainWindow(profile, autosync=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window._loading, timeout=10_000)
    return window


def as_role(url: str, role: str, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    """Hand-written SQL as a desktop role (row-level security applies)."""
    with psycopg.connect(conninfo(url, role=role)) as conn:
        cur = conn.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []


def replica(url: str, role: str, path: Path) -> tuple[Replicator, Cache]:
    cache = Cache.open(path)
    return Replicator(conninfo(url, role=role), cache), cache


def group_members(server: SandboxServer, *names: str) -> set[str]:
    """Tenant ids in the sandbox's groups of these names."""
    state = server.state
    wanted = {gid for gid, g in state.groups.items() if g["name"] in names}
    return {tid for gid in wanted for tid in state.group_members[gid]}


def group_names(server: SandboxServer) -> list[str]:
    return sorted(g["name"] for g in server.state.groups.values())
