"""Team mode on a real PostgreSQL server: schema, sync node, RLS, replica, NOTIFY."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest

from desktop.services.cache import Cache
from desktop.services.team.database import (
    TeamDatabase,
    TeamDatabaseError,
    check_database_url,
    conninfo,
)
from desktop.services.team.replica import refreshed_at
from desktop.services.team.schema import grant, init_schema, revoke, schema_problem
from tests.team.helpers import (
    admin_info,
    as_role,
    group_members,
    group_names,
    init,
    replica,
    sync,
    synced,
)

pytestmark = pytest.mark.sandbox(customers=400, seed=5, faults={"rate_limit_per_s": 0})


def test_database_url_rules() -> None:
    assert check_database_url("postgresql://db.example.com/partner?sslmode=verify-full") is None
    assert check_database_url("postgresql:///partner?host=/run/postgresql") is None
    assert "password" in (check_database_url("postgresql://u:secret@h/db") or "")
    assert "sslmode" in (check_database_url("postgresql://h/db?sslmode=maybe") or "")
    assert check_database_url("mysql://h/db") is not None
    info = conninfo("postgresql://h/db?sslmode=require", role="alice", password="s3cret")
    assert "sslmode=require" in info and "user=alice" in info and "password=s3cret" in info


def test_init_creates_the_same_tables_and_is_idempotent(pg_server, team_db) -> None:
    db = TeamDatabase(admin_info(pg_server, team_db))
    assert "team init" in (schema_problem(db.engine) or "")
    assert init_schema(db.engine) == "created"
    assert init_schema(db.engine) == "up to date"
    assert schema_problem(db.engine) is None
    from desktop.services.cache import tables

    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        names = {
            r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        }
        rls = {r[0] for r in conn.execute("SELECT relname FROM pg_class WHERE relrowsecurity")}
    assert set(tables()) | {"team_scope"} <= names
    assert {"customers", "licence_sets", "lic_fresh", "groups", "audit_log"} <= rls
    db.close()


def test_sync_node_writes_postgres_like_the_local_cache(
    pg_server, team_db, sandbox, tmp_path: Path
) -> None:
    init(pg_server, team_db).close()
    summary = sync(pg_server, team_db, sandbox)
    assert summary.status == "ok", summary.error
    assert summary.customers == 400
    # the same sandbox synced into a local cache gives the same rows
    from desktop.services.sync import run_sync
    from tests.team.helpers import api_config

    local = run_sync(tmp_path / "local.sqlite3", api_config(sandbox))
    assert local.status == "ok"
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        pg_rows = sorted(
            conn.execute("SELECT id, show_as, lic_summary, group_ids FROM customers").fetchall()
        )
        pg_licences = conn.execute("SELECT sum(count) FROM licence_sets").fetchone()[0]
    with Cache.open(tmp_path / "local.sqlite3") as cache:
        conn2 = cache._conn()
        lite_rows = sorted(
            conn2.execute("SELECT id, show_as, lic_summary, group_ids FROM customers").fetchall()
        )
        lite_licences = conn2.execute("SELECT sum(count) FROM licence_sets").fetchone()[0]
    assert pg_rows == lite_rows
    assert pg_licences == lite_licences == summary.licences
    # a no-change re-sync writes nothing new to the customers
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        before = conn.execute(
            "SELECT n_tup_upd + n_tup_ins FROM pg_stat_user_tables WHERE relname='customers'"
        ).fetchone()[0]
    again = sync(pg_server, team_db, sandbox)
    assert again.status == "ok" and again.new == again.changed == again.removed == 0
    time.sleep(0.6)  # statistics are reported every 500 ms
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        after = conn.execute(
            "SELECT n_tup_upd + n_tup_ins FROM pg_stat_user_tables WHERE relname='customers'"
        ).fetchone()[0]
    assert after == before


def test_rls_holds_for_hand_written_sql(pg_server, team_db, sandbox) -> None:
    db = synced(pg_server, team_db, sandbox)
    names = group_names(sandbox)
    grant(db.engine, "alice", groups=[names[0]])
    grant(db.engine, "bob", all_customers=True)
    alice_expected = group_members(sandbox, names[0])
    assert 0 < len(alice_expected) < 400

    def ids(role: str, sql: str) -> set[str]:
        return {r[0] for r in as_role(team_db, role, sql)}

    assert ids("alice", "SELECT id FROM customers") == alice_expected
    assert ids("bob", "SELECT id FROM customers") == set(sandbox.state.tenants)
    # hand-written attempts to see more: joins, counts, filters, no WHERE at all
    outside = next(t for t in sandbox.state.tenants if t not in alice_expected)
    assert as_role(
        team_db, "alice", "SELECT count(*) FROM customers WHERE id = %s", (outside,)
    ) == [(0,)]
    assert as_role(team_db, "alice", "SELECT count(*) FROM licence_sets")[0][0] == len(
        alice_expected
    )
    assert as_role(team_db, "alice", "SELECT count(*) FROM lic_fresh")[0][0] == len(alice_expected)
    assert {r[0] for r in as_role(team_db, "alice", "SELECT name FROM groups")} == {names[0]}
    assert as_role(
        team_db, "alice", "SELECT count(*) FROM customers c JOIN licence_sets s USING (cid)"
    )[0][0] == len(alice_expected)
    # carol has no scope: nothing (and no mapping table either)
    grant(db.engine, "carol", groups=[names[1]])
    revoke(db.engine, "carol")
    assert as_role(team_db, "carol", "SELECT count(*) FROM customers") == [(0,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(team_db, "alice", "SELECT * FROM team_scope")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(team_db, "alice", "UPDATE customers SET name = 'x'")
    # the audit log takes entries only in one's own name
    as_role(
        team_db,
        "alice",
        "INSERT INTO audit_log (at, actor, action, result, detail) VALUES ('now', 'alice', 'rename', 'ok', '')",
    )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_role(
            team_db,
            "alice",
            "INSERT INTO audit_log (at, actor, action, result, detail) VALUES ('now', 'bob', 'rename', 'ok', '')",
        )
    with pytest.raises(TeamDatabaseError):
        grant(db.engine, "nobody_here", all_customers=True)
    with pytest.raises(TeamDatabaseError):
        grant(db.engine, "alice", groups=["No such group"])
    db.close()


def test_advisory_lock_keeps_one_writer(pg_server, team_db, sandbox) -> None:
    db = init(pg_server, team_db)
    with db.writer_lock():
        summary = sync(pg_server, team_db, sandbox, wait=0.3)
        assert summary.status == "busy"
        with psycopg.connect(admin_info(pg_server, team_db)) as conn:
            assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    assert sync(pg_server, team_db, sandbox).status == "ok"
    db.close()


def test_replicas_hold_exactly_their_scope_and_follow_notifications(
    pg_server, team_db, sandbox, tmp_path: Path
) -> None:
    db = synced(pg_server, team_db, sandbox)
    names = group_names(sandbox)
    grant(db.engine, "alice", groups=[names[0], names[1]])
    grant(db.engine, "bob", all_customers=True)
    expected = {
        "alice": group_members(sandbox, names[0], names[1]),
        "bob": set(sandbox.state.tenants),
    }
    reps = {}
    for role in ("alice", "bob"):
        rep, cache = replica(team_db, role, tmp_path / f"{role}.sqlite3")
        ids, _many = rep.catch_up()
        assert set(ids) == expected[role]
        assert {r.id for r in cache.load_rows()} == expected[role]
        assert refreshed_at(cache) is not None
        assert rep.catch_up() == ([], False)  # nothing changed: nothing copied
        reps[role] = (rep, cache)

    # a rename on the sandbox, then a sync: the listener of each role that may see it
    target = sorted(expected["alice"])[0]
    received: dict[str, list[str]] = {"alice": [], "bob": []}
    stop = threading.Event()
    ready = {role: threading.Event() for role in reps}
    threads = []
    for role, (rep, _cache) in reps.items():

        def on_change(ids: list[str], _reload: bool, role: str = role) -> None:
            received[role].extend(ids)

        th = threading.Thread(
            target=rep.listen, args=(stop, on_change), kwargs={"on_ready": ready[role].set}
        )
        th.start()
        threads.append(th)
    for ev in ready.values():
        assert ev.wait(10)
    with sandbox.state.lock:
        sandbox.state.tenants[target]["showAs"] = "Renamed by the team test"
        sandbox.state.version += 1
    assert sync(pg_server, team_db, sandbox).status == "ok"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (
        target in received["alice"] and target in received["bob"]
    ):
        time.sleep(0.05)
    stop.set()
    for th in threads:
        th.join(10)
    for role, (rep, cache) in reps.items():
        assert target in received[role]
        assert set(received[role]) <= expected[role]  # never a row outside the scope
        assert cache.tenant(target).show_as == "Renamed by the team test"
        rep.close()
        cache.close()
    db.close()


def test_revoking_removes_rows_from_the_replica_and_offline_replica_opens(
    pg_server, team_db, sandbox, tmp_path: Path
) -> None:
    db = synced(pg_server, team_db, sandbox)
    names = group_names(sandbox)
    grant(db.engine, "carol", groups=[names[0], names[2]])
    rep, cache = replica(team_db, "carol", tmp_path / "carol.sqlite3")
    rep.catch_up()
    assert {r.id for r in cache.load_rows()} == group_members(sandbox, names[0], names[2])
    revoke(db.engine, "carol", groups=[names[2]])
    rep.catch_up()
    assert {r.id for r in cache.load_rows()} == group_members(sandbox, names[0])
    rep.close()
    cache.close()
    # PostgreSQL unreachable (wrong port): the replica still opens with its rows
    bad = conninfo(team_db.replace(f"port={pg_server.port}", "port=1"), role="carol")
    with Cache.open(tmp_path / "carol.sqlite3") as cache:
        from desktop.services.team.replica import Replicator

        with pytest.raises(TeamDatabaseError):
            Replicator(bad, cache).catch_up()
        assert {r.id for r in cache.load_rows()} == group_members(sandbox, names[0])
    db.close()


def test_init_upgrades_an_older_team_database_and_refuses_a_newer_one(pg_server, team_db) -> None:
    db = init(pg_server, team_db)
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        # an older database: a table a later schema added is missing, versions are lower
        conn.execute("DROP TABLE audit_log")
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'team_schema_version'")
    assert "older" in (schema_problem(db.engine) or "")
    assert init_schema(db.engine) == "upgraded"
    assert schema_problem(db.engine) is None
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        assert conn.execute(
            "SELECT relrowsecurity FROM pg_class WHERE relname='audit_log'"
        ).fetchone()[0]
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(TeamDatabaseError, match="newer"):
        init_schema(db.engine)
    assert "newer" in (schema_problem(db.engine) or "")
    db.close()


@pytest.mark.slow
def test_acceptance_10k_two_roles_see_exactly_their_scope(
    pg_server, team_db, tmp_path: Path, make_sandbox
) -> None:
    """Issue 16 acceptance 1 at 10,000 customers: init, one sync node, two desktop roles."""
    server = make_sandbox(customers=10_000, seed=11, faults={"rate_limit_per_s": 0})
    db = init(pg_server, team_db)
    summary = sync(pg_server, team_db, server)
    assert summary.status == "ok" and summary.customers == 10_000
    names = group_names(server)
    grant(db.engine, "alice", groups=[names[0], names[4]])
    grant(db.engine, "bob", all_customers=True)
    expected = {
        "alice": group_members(server, names[0], names[4]),
        "bob": set(server.state.tenants),
    }
    assert 0 < len(expected["alice"]) < 10_000
    for role, ids in expected.items():
        # hand-written SQL as the role
        assert {r[0] for r in as_role(team_db, role, "SELECT id FROM customers")} == ids
        # the desktop's replica (what its window reads)
        rep, cache = replica(team_db, role, tmp_path / f"{role}.sqlite3")
        rep.catch_up()
        assert {r.id for r in cache.load_rows()} == ids
        rep.close()
        cache.close()
    db.close()


def test_actions_reach_the_shared_audit_log_in_the_persons_name(
    pg_server, team_db, tmp_path: Path
) -> None:
    db = init(pg_server, team_db)
    grant(db.engine, "alice", all_customers=True)
    rep, cache = replica(team_db, "alice", tmp_path / "alice.sqlite3")
    rep.catch_up()
    cache.append_audit(
        actor="Alice (client 42)", action="rename", tenant_id="t-1", result="ok", detail="A → B"
    )
    cache.append_audit(
        actor="Alice (client 42)", action="unlink", tenant_id="t-2", result="failed", detail=""
    )
    assert rep.push_audit() == 2
    assert rep.push_audit() == 0  # each entry once
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        rows = conn.execute(
            "SELECT actor, action, tenant_id, result, detail FROM audit_log ORDER BY id"
        ).fetchall()
    assert rows == [
        ("alice", "rename", "t-1", "ok", "Alice (client 42): A → B"),
        ("alice", "unlink", "t-2", "failed", "Alice (client 42)"),
    ]
    rep.close()
    cache.close()
    db.close()
