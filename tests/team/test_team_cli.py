"""The team commands end to end: init, grant, a sync node profile, sync into PostgreSQL."""

from __future__ import annotations

import io

import psycopg

from desktop.sandbox import DEMO_SECRET
from desktop.services.credentials import get_db_password
from desktop.services.profiles import ProfileStore
from tests.team.helpers import admin_info, as_role, group_members, group_names


def run(argv: list[str]) -> tuple[int, str, str]:
    from desktop.cli import build_parser, run_headless

    out, err = io.StringIO(), io.StringIO()
    code = run_headless(build_parser().parse_args(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_init_grant_and_sync_node_from_the_cli(
    pg_server, team_db, monkeypatch, make_sandbox
) -> None:
    server = make_sandbox(customers=300, seed=9, faults={"rate_limit_per_s": 0})
    su = pg_server.superuser
    code, out, err = run(["team", "init", "--database", team_db, "--role", su])
    assert code == 0, err
    assert "created" in out
    code, out, err = run(["team", "init", "--database", team_db, "--role", su])
    assert code == 0 and "up to date" in out
    # a URL with a password is refused (passwords live in the keyring)
    code, _out, err = run(["team", "init", "--database", "postgresql://u:pw@h/db"])
    assert code == 2 and "password" in err
    # the sync node: an API credential + the database
    monkeypatch.setenv("PARTNER_DESK_CLIENT_SECRET", DEMO_SECRET)
    monkeypatch.setenv("PARTNER_DESK_DB_PASSWORD", "not-needed-on-a-socket")
    code, _out, err = run(
        ["profiles", "add", "Node", "--client-id", "demo-super-admin",
         "--identity-url", server.base_url, "--global-url", server.base_url,
         "--database", team_db, "--db-role", su]
    )  # fmt: skip
    assert code == 0, err
    node = ProfileStore().get("Node")
    assert node is not None and node.database_url == team_db
    assert get_db_password(node) == "not-needed-on-a-socket"
    assert "not-needed" not in (ProfileStore().path.read_text())
    monkeypatch.delenv("PARTNER_DESK_DB_PASSWORD")
    code, out, err = run(["sync", "--profile", "Node", "--json"])
    assert code == 0, err
    assert "into the team database" in err
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 300
    names = group_names(server)
    code, out, err = run(
        ["team", "grant", "alice", "--groups", names[3], "--database", team_db, "--role", su]
    )
    assert code == 0, err
    assert names[3] in out
    code, out, err = run(["team", "grant", "ghost", "--all", "--database", team_db, "--role", su])
    assert code == 1 and "does not exist" in err
    got = {r[0] for r in as_role(team_db, "alice", "SELECT id FROM customers")}
    assert got == group_members(server, names[3])
    code, out, err = run(["team", "scopes", "--database", team_db, "--role", su])
    assert "alice: groups" in out
    # a desktop profile without an API credential
    code, out, err = run(
        ["profiles", "add", "Alice team", "--kind", "team", "--database", team_db, "--db-role", "alice"]
    )  # fmt: skip
    assert code == 0, err
    alice = ProfileStore().get("Alice team")
    assert alice is not None and alice.is_team and not alice.has_api_credential
