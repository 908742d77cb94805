"""The cache on a real SQLite file: schema, snapshot merge, tombstones, recovery."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.services.cache import (
    SCHEMA_VERSION,
    Cache,
    CacheCorruptError,
    CacheTooNewError,
    SyncSummary,
    open_cache,
    utcnow,
)
from desktop.services.domain import (
    CATEGORIES,
    Capabilities,
    LicenceStatus,
    parse_tenant,
)
from tests.helpers.db import snapshot
from tests.helpers.paths import FIXTURES
from tests.helpers.records import TODAY, licence, sync_once, tenant


def test_new_cache_has_schema_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache.open(path) as cache:
        assert cache.schema_version() == SCHEMA_VERSION
        assert cache.load_rows() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_snapshot_merge_counts_new_changed_removed_and_tombstones(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    far = TODAY + dt.timedelta(days=200)
    with Cache.open(path) as cache:
        first = sync_once(
            cache,
            [tenant(i) for i in range(5)],
            {f"t-{i:04d}": [licence(f"t-{i:04d}", f"l{i}", "interceptX", far)] for i in range(5)},
        )
        assert (first.customers, first.new, first.removed, first.changed) == (5, 5, 0, 0)
        assert first.licences == 5

        # t-0000 renamed, t-0004 gone, t-0005 new, t-0001 licence now expiring
        tenants = [tenant(0, showAs="Nuovo nome")] + [tenant(i) for i in (1, 2, 3, 5)]
        lics = {
            f"t-{i:04d}": [licence(f"t-{i:04d}", f"l{i}", "interceptX", far)] for i in (0, 2, 3, 5)
        }
        lics["t-0001"] = [licence("t-0001", "l1", "interceptX", TODAY + dt.timedelta(days=5))]
        second = sync_once(cache, tenants, lics)
        assert (second.customers, second.new, second.removed, second.changed) == (5, 1, 1, 2)

        rows = {r.id: r for r in cache.load_rows()}
        assert rows["t-0004"].removed_at is not None  # tombstone, not deleted
        assert rows["t-0000"].show_as == "Nuovo nome"
        endpoint = CATEGORIES.index("Endpoint")
        assert rows["t-0001"].statuses[endpoint] is LicenceStatus.EXPIRING
        assert rows["t-0002"].statuses[endpoint] is LicenceStatus.ACTIVE
        assert rows["t-0002"].groups == ("Milano",)
        assert [r.id for r in cache.load_rows(include_removed=False)].count("t-0004") == 0

        third = sync_once(cache, tenants, lics)
        assert (third.new, third.removed, third.changed) == (0, 0, 0)
        assert cache.last_sync() is not None
        assert cache.last_sync().summary.customers == 5  # type: ignore[union-attr]


def test_not_manageable_customers_show_it_in_every_category(tmp_path: Path) -> None:
    with Cache.open(tmp_path / "c.sqlite3") as cache:
        summary = sync_once(cache, [tenant(1), tenant(2)], {"t-0001": None, "t-0002": []})
        assert summary.not_manageable == 1
        rows = {r.id: r for r in cache.load_rows()}
        assert not rows["t-0001"].manageable
        assert set(rows["t-0001"].statuses) == {LicenceStatus.NOT_MANAGEABLE}
        assert set(rows["t-0002"].statuses) == {LicenceStatus.NONE}


def test_a_listing_that_does_not_commit_leaves_the_cache_unchanged(tmp_path: Path) -> None:
    """A sync that fails during the tenant listing writes nothing but its run record."""
    path = tmp_path / "c.sqlite3"
    far = TODAY + dt.timedelta(days=90)
    with Cache.open(path) as cache:
        sync_once(
            cache, [tenant(i) for i in range(3)], {"t-0000": [licence("t-0000", "a", "ztna", far)]}
        )
    before = snapshot(path, ("customers", "licence_sets", "lic_fresh", "groups"))
    with Cache.open(path) as cache, cache.sync_store() as store:
        store.begin_listing()
        store.add_tenants([parse_tenant(tenant(i, name="changed")) for i in range(10)])
        store.record_failure(utcnow(), SyncSummary(status="failed", error="boom"))
        assert cache.last_sync().status == "failed"  # type: ignore[union-attr]
        assert cache.last_sync(successful=True).status == "ok"  # type: ignore[union-attr]
    assert snapshot(path, ("customers", "licence_sets", "lic_fresh", "groups")) == before


def test_actions_update_rows_and_audit_log(tmp_path: Path) -> None:
    with Cache.open(tmp_path / "c.sqlite3") as cache:
        sync_once(cache, [tenant(1), tenant(2)], {"t-0001": [], "t-0002": []})
        cache.apply_tenant(parse_tenant(tenant(1, showAs="Bianchi & Figli")))
        cache.mark_removed(["t-0002"])
        cache.append_audit(
            actor="demo-super-admin", action="rename", tenant_id="t-0001", result="ok"
        )
        rows = {r.id: r for r in cache.load_rows()}
        assert rows["t-0001"].show_as == "Bianchi & Figli"
        assert "bianchi & figli" in rows["t-0001"].search_key
        assert rows["t-0002"].removed_at is not None
        [entry] = cache.audit_entries()
        assert (entry.action, entry.tenant_id, entry.result) == ("rename", "t-0001", "ok")


@pytest.mark.parametrize("damage", ["random", "truncated", "empty-header"])
def test_damaged_cache_is_moved_aside_and_recreated(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache.open(path) as cache:
        sync_once(cache, [tenant(i) for i in range(200)], {})
    data = path.read_bytes()
    if damage == "random":
        path.write_bytes(bytes((i * 37 + 11) % 256 for i in range(len(data))))
    elif damage == "truncated":
        # keep the header, drop most pages
        path.write_bytes(data[: max(4096, len(data) // 3)])
        for side in ("-wal", "-shm"):
            Path(str(path) + side).unlink(missing_ok=True)
    else:
        path.write_bytes(b"not a database at all" * 10)
    cache, note = open_cache(path)
    with cache:
        assert note is not None and "moved aside" in note
        assert cache.load_rows() == []
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert aside, "the damaged file must be kept"


def test_cache_from_newer_schema_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache.open(path) as cache:
        sync_once(cache, [tenant(1)], {})
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(CacheTooNewError):
        Cache.open(path)
    cache, note = open_cache(path)
    with cache:
        assert note is not None and "newer version" in note
        assert cache.schema_version() == SCHEMA_VERSION


def test_foreign_sqlite_file_is_not_mistaken_for_a_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    with pytest.raises(CacheCorruptError):
        Cache.open(path)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_saved_databases_of_every_schema_version_open_and_read(
    tmp_path: Path, version: int
) -> None:
    """Each schema version has a saved fixture database; it must open (upgrading) and read."""
    src = FIXTURES / f"cache_v{version}.sqlite3"
    assert src.exists(), f"missing fixture for schema {version}"
    path = tmp_path / "c.sqlite3"
    shutil.copy(src, path)
    with Cache.open(path) as cache:
        assert cache.schema_version() == SCHEMA_VERSION
        rows = cache.load_rows()
        assert len(rows) == 3
        assert {r.name for r in rows} >= {"Società Agricola Rossi"}


def test_unwritable_data_folder_gives_a_clear_error(tmp_path: Path) -> None:
    from desktop.services.cache import CacheWriteError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(CacheWriteError, match="data folder"):
        Cache.open(blocker / "profiles" / "c.sqlite3")


def test_licence_count_matches_what_is_stored(tmp_path: Path) -> None:
    """Licences staged for a tenant outside the tenant list (bulk paging beside tenant
    paging, churn) are not stored, so they are not counted either."""
    far = TODAY + dt.timedelta(days=200)
    with Cache.open(tmp_path / "c.sqlite3") as cache:
        summary = sync_once(
            cache,
            [tenant(1)],
            {
                "t-0001": [licence("t-0001", "a", "interceptX", far)],
                "t-9999": [
                    licence("t-9999", "b", "ztna", far),
                    licence("t-9999", "c", "email", far),
                ],
            },
        )
        assert summary.licences == 1 == sum(len(v) for v in cache.all_licences().values())


def test_schema_3_upgrades_to_a_leaner_file_and_keeps_everything(tmp_path: Path) -> None:
    """Schema 3 -> 4: the show_as index goes, derivable search keys are stored as "",
    the rows read the same (search keys included) and the insight data stays."""
    from desktop.services.cache import derived_search_key
    from desktop.services.domain import make_search_key
    from desktop.services.insights import store as istore

    path = tmp_path / "c.sqlite3"
    shutil.copy(FIXTURES / "cache_v3.sqlite3", path)
    conn = sqlite3.connect(path)
    # an ASCII-only customer, as schema 3 stored it (the fixture's names are accented)
    conn.execute(
        "UPDATE customers SET show_as = 'Rossi Srl', search_key = lower(name || char(31)"
        " || 'Rossi Srl' || char(31) || email || char(31) || id) WHERE id = 't-0003'"
    )
    conn.commit()
    before = dict(conn.execute("SELECT id, search_key FROM customers").fetchall())
    conn.close()
    with Cache.open(path) as cache:
        assert cache.schema_version() == 4
        rows = {r.id: r for r in cache.load_rows()}
        assert {tid: r.search_key for tid, r in rows.items()} == before
        for r in rows.values():
            assert r.search_key == make_search_key(r.name, r.show_as, r.email, r.id)
        month = istore.billing_month(cache, 2026, 10)
        assert month is not None and month.items[0]["sku"] == "X"
        assert istore.saved_views(cache) == {"Nord": {"search": "rossi"}}
        assert len(istore.pins(cache)) == 1
        assert [e.actor for e in cache.audit_entries()] == ["fixture"]
    conn = sqlite3.connect(path)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    stored = dict(conn.execute("SELECT id, search_key FROM customers").fetchall())
    conn.close()
    assert "ix_customers_show_as" not in indexes
    blank = {tid for tid, key in stored.items() if key == ""}
    assert blank and blank != set(stored)  # some derivable, some (accented) kept
    for tid in blank:
        r = rows[tid]
        assert derived_search_key(r.name, r.show_as, r.email, r.id) == before[tid]


def test_a_new_cache_has_8k_pages_and_a_first_sync_store_is_compacted(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with Cache.open(path) as cache:
        with cache.sync_store() as store:
            store.begin_listing()
            store.add_tenants([parse_tenant(tenant(i)) for i in range(1, 40)])
            store.commit_listing(partner_id="p", capabilities=Capabilities())
            assert store.first
            store.finish(utcnow(), SyncSummary(status="ok"), [])
            store.compact()
        with cache.sync_store() as again:
            again.begin_listing()
            assert not again.first
            again.rollback_listing()
        assert len(cache.load_rows()) == 39
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    conn.close()


def test_the_not_manageable_hash_is_the_hash_of_null() -> None:
    """Spelled out in schema.py so that reading the cache loads no ``hashlib``."""
    from desktop.services.cache import NOT_MANAGEABLE_HASH, content_hash

    assert content_hash("null") == NOT_MANAGEABLE_HASH
