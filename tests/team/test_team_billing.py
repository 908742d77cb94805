"""Billing months and the change feed in the team database (issue 16, round 3):
written by the sync node like a local cache, scoped by row-level security, copied
into each desktop's replica, read by the insight views as on a local profile."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest

from desktop.sandbox import SandboxServer
from desktop.services.cache import Cache, unpack
from desktop.services.insights import store as istore
from desktop.services.insights.snapshot import load_snapshot
from desktop.services.sync import run_sync
from desktop.services.team.schema import grant, revoke
from tests.team.helpers import (
    admin_info,
    api_config,
    as_role,
    group_members,
    group_names,
    replica,
    sync,
    synced,
)

pytestmark = pytest.mark.sandbox(customers=400, seed=5, faults={"rate_limit_per_s": 0})


def _this_month() -> str:
    today = dt.date.today()
    return istore.month_key(today.year, today.month)


def _rename(server: SandboxServer, tenant_id: str, name: str) -> None:
    with server.state.lock:
        server.state.tenants[tenant_id]["showAs"] = name
        server.state.version += 1


def _feed_ids(cache: Cache) -> set[str]:
    return {c.tenant_id for c in istore.changes(cache)}


def test_billing_and_change_feed_reach_postgres_scoped_and_the_replicas(
    pg_server, team_db, sandbox, tmp_path: Path
) -> None:
    db = synced(pg_server, team_db, sandbox)
    names = group_names(sandbox)
    scope = group_members(sandbox, names[0])
    everyone = set(sandbox.state.tenants)
    inside = sorted(scope)[0]
    outside = sorted(everyone - scope)[0]

    # the same sandbox into a local cache: the reference
    local_path = tmp_path / "local.sqlite3"
    assert run_sync(local_path, api_config(sandbox)).status == "ok"

    # a change seen by the second sync of each: the change feed starts after the first listing
    _rename(sandbox, inside, "Inside renamed")
    _rename(sandbox, outside, "Outside renamed")
    assert sync(pg_server, team_db, sandbox).status == "ok"
    assert run_sync(local_path, api_config(sandbox)).status == "ok"

    month = _this_month()
    with Cache.open(local_path) as local:
        local_month = (
            local._conn()
            .execute("SELECT raw FROM billing_months WHERE month = ?", (month,))
            .fetchone()[0]
        )
        local_items = istore.billing_month(local, *map(int, month.split("-")))
        local_feed = {(c.tenant_id, c.kind, c.old, c.new) for c in istore.changes(local)}
    assert local_items is not None and local_items.items
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        lines = conn.execute(
            "SELECT count(*) FROM team_billing_lines WHERE month = %s", (month,)
        ).fetchone()[0]
        pg_feed = set(conn.execute("SELECT tenant_id, kind, old, new FROM changes").fetchall())
        usage = {  # the customers billed this month
            r[0] for r in conn.execute("SELECT DISTINCT tenant_id FROM team_billing_lines")
        }
        has_data = conn.execute(
            "SELECT has_data FROM team_billing_months WHERE month = %s", (month,)
        ).fetchone()[0]
    # the sync node wrote what the local sync wrote: every line, every change
    assert lines == len(local_items.items) and has_data == 1
    assert pg_feed == local_feed
    assert {t for t, *_ in pg_feed} >= {inside, outside}
    assert usage == {i["accountId"] for i in local_items.items}
    assert scope & usage and usage - scope, "the sandbox must bill customers in and out of scope"

    grant(db.engine, "alice", groups=[names[0]])
    grant(db.engine, "bob", all_customers=True)

    # hand-written SQL as each role: row-level security on the new tables
    def ids(role: str, sql: str, params: object = None) -> set[str]:
        return {r[0] for r in as_role(team_db, role, sql, params)}

    assert ids("alice", "SELECT DISTINCT tenant_id FROM team_billing_lines") == scope & usage
    assert ids("bob", "SELECT DISTINCT tenant_id FROM team_billing_lines") == usage
    assert as_role(
        team_db,
        "alice",
        "SELECT count(*) FROM team_billing_lines l JOIN changes c USING (tenant_id)"
        " WHERE l.tenant_id = %s OR c.tenant_id = %s",
        (outside, outside),
    ) == [(0,)]
    assert ids("alice", "SELECT tenant_id FROM changes") == {inside}
    assert ids("bob", "SELECT tenant_id FROM changes") >= {inside, outside}
    alice_total = as_role(
        team_db,
        "alice",
        "SELECT sum((item::json->>'billableQuantity')::numeric) FROM team_billing_lines",
    )[0][0]
    bob_total = as_role(
        team_db,
        "bob",
        "SELECT sum((item::json->>'billableQuantity')::numeric) FROM team_billing_lines",
    )[0][0]
    assert 0 < alice_total < bob_total  # partner-wide totals: "all customers" roles only
    # a line of an account that is no customer: only an "all customers" role sees it
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        conn.execute(
            "INSERT INTO team_billing_lines (month, pos, tenant_id, item)"
            " VALUES ('1999-01', 0, 'not-a-customer', '{}')"
        )
    assert as_role(team_db, "alice", "SELECT count(*) FROM team_billing_lines WHERE month='1999-01'") == [(0,)]  # fmt: skip
    assert as_role(team_db, "bob", "SELECT count(*) FROM team_billing_lines WHERE month='1999-01'") == [(1,)]  # fmt: skip
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        conn.execute("DELETE FROM team_billing_lines WHERE month = '1999-01'")
    # the local-cache-only tables and writes stay closed
    for sql in (
        "SELECT * FROM billing_months",
        "SELECT * FROM customer_notes",
        "DELETE FROM changes",
        "UPDATE team_billing_lines SET item = '{}'",
        "INSERT INTO team_billing_months VALUES ('2000-01', 'x', 1)",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            as_role(team_db, "alice", sql)

    # the replicas: what each role may see, as a local cache holds it
    for role, expected in (("alice", scope), ("bob", everyone)):
        rep, cache = replica(team_db, role, tmp_path / f"{role}.sqlite3")
        rep.catch_up()
        got = istore.billing_month(cache, *map(int, month.split("-")))
        assert got is not None and got.has_data
        assert {i["accountId"] for i in got.items} == expected & usage
        assert _feed_ids(cache) == {t for t, *_ in pg_feed} & expected
        if role == "bob":  # all customers: the local cache's document, byte for byte
            raw = (
                cache._conn()
                .execute("SELECT raw FROM billing_months WHERE month = ?", (month,))
                .fetchone()[0]
            )
            assert unpack(raw) == unpack(local_month)
            assert {(c.tenant_id, c.kind, c.old, c.new) for c in istore.changes(cache)} == pg_feed
        assert rep.catch_up() == ([], False)  # nothing changed: nothing copied
        rep.close()
        cache.close()

    # the insight views' data on a team profile (read through services/insights)
    snap = load_snapshot(tmp_path / "alice.sqlite3")
    assert month in snap.months
    per_customer = snap.billing[month][0]
    assert {row[1] for row in per_customer.rows} == scope & usage
    assert {c.tenant_id for c in snap.changes} == {inside}

    # a narrower scope: the replica's billing and feed shrink with it
    revoke(db.engine, "bob", all_customers=True)
    grant(db.engine, "bob", groups=[names[0]])
    rep, cache = replica(team_db, "bob", tmp_path / "bob.sqlite3")
    rep.catch_up()
    got = istore.billing_month(cache, *map(int, month.split("-")))
    assert got is not None and {i["accountId"] for i in got.items} == scope & usage
    assert _feed_ids(cache) == {inside}
    rep.close()
    cache.close()
    db.close()


def test_a_new_billing_month_reaches_a_listening_replica(
    pg_server, team_db, sandbox, tmp_path: Path
) -> None:
    import threading
    import time

    from desktop.services.insights.billing import fetch_month
    from desktop.services.partner_api import PartnerApiClient
    from desktop.services.team.database import TeamDatabase

    db = synced(pg_server, team_db, sandbox)
    grant(db.engine, "alice", all_customers=True)
    rep, cache = replica(team_db, "alice", tmp_path / "alice.sqlite3")
    stop = threading.Event()
    ready = threading.Event()
    th = threading.Thread(
        target=rep.listen, args=(stop, lambda *_: None), kwargs={"on_ready": ready.set}
    )
    th.start()
    try:
        assert ready.wait(10)
        months_before = istore.billing_months(cache)
        # the month before last: the sync node stores it (a billing notification follows)
        today = dt.date.today()
        year, month = istore.previous_month(*istore.previous_month(today.year, today.month))
        node = TeamDatabase(admin_info(pg_server, team_db))
        with PartnerApiClient(api_config(sandbox)) as client:
            assert fetch_month(node.billing_target(), client, year, month)
        node.close()
        key = istore.month_key(year, month)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and key not in istore.billing_months(cache):
            time.sleep(0.05)
        assert key not in months_before and key in istore.billing_months(cache)
    finally:
        stop.set()
        th.join(10)
        rep.close()
        cache.close()
        db.close()
