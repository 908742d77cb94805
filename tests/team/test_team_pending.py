"""An action on a team desktop survives the replica's catch-up until the sync node
has listed the customer again (issue 16, round 3: the pending overlay)."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from desktop.services.actions import ActionService
from desktop.services.cache import Cache
from desktop.services.partner_api import PartnerApiClient
from desktop.services.team.schema import grant
from tests.team.helpers import admin_info, api_config, replica, sync, synced

pytestmark = pytest.mark.sandbox(customers=200, seed=7, faults={"rate_limit_per_s": 0})


def _shown(cache: Cache, tenant_id: str) -> str:
    """The name the window shows (the row the table reads)."""
    return next(r.show_as for r in cache.load_rows(ids=[tenant_id]))


def _server_name(pg_server, team_db: str, tenant_id: str) -> str:
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        return str(
            conn.execute("SELECT show_as FROM customers WHERE id = %s", (tenant_id,)).fetchone()[0]
        )


def test_an_action_is_kept_until_the_sync_node_confirms_it(
    pg_server, team_db, sandbox, tmp_path: Path
) -> None:
    db = synced(pg_server, team_db, sandbox)
    grant(db.engine, "alice", all_customers=True)
    rep, cache = replica(team_db, "alice", tmp_path / "alice.sqlite3")
    rep.catch_up()
    rows = [r for r in cache.load_rows() if not r.managed_customer_order and not r.removed_at]
    target, other = rows[0].id, rows[1].id
    cid = cache._conn().execute("SELECT cid FROM customers WHERE id = ?", (target,)).fetchone()[0]

    # the person renames a customer with their own credential: the replica shows it at once
    with PartnerApiClient(api_config(sandbox)) as client:
        result = ActionService(client, cache, "Alice").rename(target, "Renamed by Alice")
    assert result.ok
    assert _shown(cache, target) == "Renamed by Alice"
    assert _server_name(pg_server, team_db, target) != "Renamed by Alice"  # not synced yet

    # catch-ups and notifications before the next sync keep the action's result …
    assert target not in rep.catch_up()[0]
    assert rep.pull([cid]) == []
    assert _shown(cache, target) == "Renamed by Alice"
    # … while every other customer still follows the server
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        conn.execute(
            "UPDATE customers SET show_as = 'Changed on the server', content_hash = '\\x00'"
            " WHERE id = %s",
            (other,),
        )
    assert other in rep.catch_up()[0]
    assert _shown(cache, other) == "Changed on the server"
    assert rep.pending_actions(None) == {target}

    # the sync node lists the customers again (after the action): the server's copy wins
    time.sleep(1.1)  # listing times have one-second resolution
    assert sync(pg_server, team_db, sandbox).status == "ok"
    assert _server_name(pg_server, team_db, target) == "Renamed by Alice"
    rep.catch_up()
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        listing_at = conn.execute("SELECT value FROM meta WHERE key = 'listing_at'").fetchone()[0]
    assert rep.pending_actions(listing_at) == set()
    assert _shown(cache, target) == "Renamed by Alice"
    # and later changes of that customer on the server arrive again
    with sandbox.state.lock:
        sandbox.state.tenants[target]["showAs"] = "Renamed again elsewhere"
        sandbox.state.version += 1
    assert sync(pg_server, team_db, sandbox).status == "ok"
    assert target in rep.catch_up()[0]
    assert _shown(cache, target) == "Renamed again elsewhere"
    rep.close()
    cache.close()
    db.close()


def test_without_the_overlay_the_catch_up_would_undo_the_action(
    pg_server, team_db, sandbox, tmp_path: Path
) -> None:
    """The failure this guards against: an expired overlay (older than a day, or a
    listing after it) hands the row back to the server's copy."""
    db = synced(pg_server, team_db, sandbox)
    grant(db.engine, "alice", all_customers=True)
    rep, cache = replica(team_db, "alice", tmp_path / "alice.sqlite3")
    rep.catch_up()
    row = next(r for r in cache.load_rows() if not r.managed_customer_order)
    with PartnerApiClient(api_config(sandbox)) as client:
        assert ActionService(client, cache, "Alice").rename(row.id, "Renamed by Alice").ok
    # the audit entry is two days old: no longer pending, the server's copy comes back
    cache._conn().execute("UPDATE audit_log SET at = '2000-01-01T00:00:00+00:00'")
    cache._conn().commit()
    assert row.id in rep.catch_up()[0]
    assert _shown(cache, row.id) == row.show_as
    rep.close()
    cache.close()
    db.close()
