"""Killing the sync node mid-sync leaves PostgreSQL consistent; the next run resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import psycopg
import pytest

from desktop.sandbox import DEMO_SECRET
from desktop.services.profiles import Profile, ProfileKind, ProfileStore
from tests.team.helpers import admin_info, init, sync

TOTAL = 800


def counts(pg: Any, url: str) -> dict[str, Any]:
    with psycopg.connect(admin_info(pg, url)) as conn:

        def one(sql: str) -> Any:
            row = conn.execute(sql).fetchone()
            return row[0] if row else None

        return {
            "customers": one("SELECT count(*) FROM customers"),
            "fresh": one("SELECT count(*) FROM lic_fresh"),
            "sets": one("SELECT count(*) FROM licence_sets"),
            "round": one("SELECT value FROM meta WHERE key = 'lic_round'"),
            # a licence set and its customer's summary are written in one transaction
            "orphans": one(
                "SELECT count(*) FROM licence_sets s LEFT JOIN customers c USING (cid)"
                " WHERE c.cid IS NULL"
            ),
            "unfetched_with_set": one(
                "SELECT count(*) FROM licence_sets s LEFT JOIN lic_fresh f USING (cid)"
                " WHERE f.cid IS NULL"
            ),
        }


@pytest.mark.slow
def test_sigkill_mid_sync_then_resume(pg_server: Any, team_db: str, make_sandbox) -> None:
    # per-tenant licence requests at a paced rate: the licence phase takes seconds
    server = make_sandbox(
        customers=TOTAL, seed=17, extensions=False, faults={"rate_limit_per_s": 0, "latency_ms": 60}
    )
    init(pg_server, team_db).close()
    su = pg_server.superuser
    ProfileStore().add(
        Profile(
            "Node", ProfileKind.SANDBOX, "demo-super-admin", server.base_url,
            server.base_url, database_url=team_db, db_role=su,
        )
    )  # fmt: skip
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET=DEMO_SECRET)
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync", "--profile", "Node"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = counts(pg_server, team_db)
            if state["customers"] == TOTAL and state["fresh"] > 0:
                break
            if proc.poll() is not None:
                pytest.fail("the sync ended before it could be killed: make it slower")
            time.sleep(0.05)
        else:
            pytest.fail("the sync never committed licences")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    after_kill = counts(pg_server, team_db)
    assert after_kill["customers"] == TOTAL  # the tenant list committed as a whole
    assert 0 < after_kill["fresh"] < TOTAL  # some licence batches, not all
    assert after_kill["round"] is not None  # the round stays open for the next sync
    assert after_kill["orphans"] == 0
    assert after_kill["unfetched_with_set"] == 0
    # the advisory lock died with the process: the next run is not "busy", and resumes
    summary = sync(pg_server, team_db, server)
    assert summary.status == "ok", summary.error
    assert summary.refreshed == TOTAL - after_kill["fresh"]  # nothing committed is re-fetched
    final = counts(pg_server, team_db)
    assert final["fresh"] == final["sets"] == TOTAL and final["round"] is None
