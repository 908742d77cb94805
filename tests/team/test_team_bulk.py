"""The sync node's batch writes as one statement (services/team/bulk.py): the same
rows as row by row, and row by row whenever one statement could differ."""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import bindparam, select, update

from desktop.services.cache import tables, upsert
from desktop.services.team import bulk
from desktop.services.team.database import TeamDatabase
from tests.team.helpers import admin_info, init


def _customer(cid: int, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = dict(
        cid=cid, id=f"t-{cid}", name=f"N{cid}", show_as=f"S{cid}", email="", billing_type="term",
        data_geography="EU", data_region="eu01", api_host=None, status="active", managed=0,
        created_by_partner=0, assistance="off", assistance_requested_at=None,
        unlink_status=None, unlink_effective_at=None, group_ids="", search_key="k",
        raw=bytes([cid % 256]) * 3, content_hash=b"h", manageable=1, lic_summary="",
        first_seen="a", last_seen="a", removed_at=None,
    )  # fmt: skip
    row.update(extra)
    return row


def _batched(monkeypatch: Any) -> list[bool]:
    """Whether each executemany() ran as one statement (True) or row by row."""
    seen: list[bool] = []
    real = bulk.batched_executemany

    def spy(*args: Any) -> bool:
        seen.append(real(*args))
        return seen[-1]

    monkeypatch.setattr(bulk, "batched_executemany", spy)
    return seen


def test_batches_become_one_statement_with_the_same_rows(pg_server, team_db, monkeypatch) -> None:
    db: TeamDatabase = init(pg_server, team_db)
    t = tables()
    cust, fresh, changes = t["customers"], t["lic_fresh"], t["changes"]
    engine = db.engine
    seen = _batched(monkeypatch)
    n = 500
    with engine.begin() as conn:
        conn.execute(cust.insert(), [_customer(i) for i in range(1, n + 1)])
        # an upsert that changes half of them and adds others
        cols = ["name", "raw", "removed_at"]
        conn.execute(
            upsert(conn, cust, ["id"], cols),
            [_customer(i, name=f"M{i}", removed_at="gone") for i in range(n // 2, n + 100)],
        )
        conn.execute(
            upsert(conn, fresh, ["cid"], ["fetched_at"]),
            [{"cid": i, "fetched_at": i * 10} for i in range(1, n + 1)],
        )
        conn.execute(
            update(cust)
            .where(cust.c.cid == bindparam("b_cid"))
            .values(manageable=bindparam("b_m"), lic_summary=bindparam("b_s")),
            [{"b_cid": i, "b_m": i % 2, "b_s": f"s{i}"} for i in range(1, n + 1)],
        )
        conn.execute(
            changes.insert(),
            [
                {
                    "at": "x",
                    "tenant_id": f"t-{i}",
                    "kind": "k",
                    "subject": "",
                    "old": "a",
                    "new": "b",
                }
                for i in range(1, 101)
            ],
        )
    with psycopg.connect(admin_info(pg_server, team_db)) as conn:
        rows = conn.execute(
            "SELECT cid, name, raw, removed_at, manageable, lic_summary FROM customers ORDER BY cid"
        ).fetchall()
        fetched = dict(conn.execute("SELECT cid, fetched_at FROM lic_fresh").fetchall())
        feed = conn.execute('SELECT count(*), min("old"), max("new") FROM changes').fetchone()
    assert len(rows) == n + 99
    for cid, name, raw, removed_at, manageable, summary in rows:
        changed = cid >= n // 2
        assert name == (f"M{cid}" if changed else f"N{cid}")
        assert bytes(raw) == bytes([cid % 256]) * 3
        assert removed_at == ("gone" if changed else None)
        if cid <= n:
            assert (manageable, summary) == (cid % 2, f"s{cid}")
    assert fetched == {i: i * 10 for i in range(1, n + 1)}
    assert feed == (100, "a", "b")
    assert seen == [True] * 5  # each batch: one statement
    db.close()


def test_one_statement_per_batch_and_row_by_row_when_it_could_differ(
    pg_server, team_db, monkeypatch
) -> None:
    db: TeamDatabase = init(pg_server, team_db)
    t = tables()
    cust, fresh = t["customers"], t["lic_fresh"]
    engine = db.engine
    with engine.begin() as conn:
        conn.execute(cust.insert(), [_customer(i) for i in range(1, 201)])
    seen = _batched(monkeypatch)
    batch = [{"cid": i, "fetched_at": 1} for i in range(1, 201)]
    with engine.begin() as conn:
        conn.execute(upsert(conn, fresh, ["cid"], ["fetched_at"]), batch)
    assert seen == [True]
    # the same key twice in a batch: row by row (the last one wins, as on SQLite)
    seen.clear()
    twice = [*batch, {"cid": 7, "fetched_at": 99}]
    with engine.begin() as conn:
        conn.execute(upsert(conn, fresh, ["cid"], ["fetched_at"]), twice)
        assert conn.execute(select(fresh.c.fetched_at).where(fresh.c.cid == 7)).scalar() == 99
    assert seen == [False]
    # a small batch: row by row
    seen.clear()
    assert bulk.MIN_ROWS > 3
    with engine.begin() as conn:
        conn.execute(upsert(conn, fresh, ["cid"], ["fetched_at"]), batch[:3])
    assert seen == [False]
    db.close()
