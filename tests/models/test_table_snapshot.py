"""The table snapshot (issue 13): rows read at start in the table's layout, never stale."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

from desktop.models.sync_worker import SnapshotWriter, load_cached
from desktop.services.cache import Cache
from desktop.services.domain import parse_tenant
from tests.helpers.records import TODAY, synced_cache, tenant


def _load(path: Path) -> tuple[object, bool]:
    """load_cached's rows and whether they came from the snapshot."""
    with Cache.open(path) as cache:
        had = cache.load_table_snapshot() is not None
    prepared, _record, _note = load_cached(path)
    SnapshotWriter.wait_all()
    return prepared, had


def test_the_snapshot_gives_the_same_rows_and_keys_as_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    synced_cache(path)
    first, had = _load(path)
    assert not had  # nothing written yet: read from the tables, snapshot written after
    second, had = _load(path)
    assert had
    assert second.rows == first.rows  # type: ignore[attr-defined]
    assert second.search_keys == first.search_keys  # type: ignore[attr-defined]
    assert second.active_bits == first.active_bits  # type: ignore[attr-defined]
    assert second.removed == first.removed  # type: ignore[attr-defined]


def test_any_change_to_the_tables_makes_the_snapshot_stale(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    synced_cache(path)
    _load(path)
    with Cache.open(path) as cache:
        assert cache.load_table_snapshot() is not None
        cache.apply_tenant(parse_tenant(tenant(1, showAs="Bianchi & Figli")))
        assert cache.load_table_snapshot() is None  # same transaction as the change
    prepared, had = _load(path)
    assert not had
    assert "Bianchi & Figli" in {r.show_as for r in prepared.rows}  # type: ignore[attr-defined]
    again, had = _load(path)
    assert had and again.rows == prepared.rows  # type: ignore[attr-defined]
    # a raw write by another program (no app code) bumps the generation too
    conn = sqlite3.connect(path)
    conn.execute("UPDATE lic_fresh SET fetched_at = fetched_at + 1")
    conn.commit()
    conn.close()
    with Cache.open(path) as cache:
        assert cache.load_table_snapshot() is None


def test_a_snapshot_of_another_day_or_generation_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    synced_cache(path)
    _load(path)
    with Cache.open(path) as cache:
        assert cache.load_table_snapshot(TODAY + dt.timedelta(days=1)) is None
        rows, gen = cache.load_rows_at_generation()
        assert gen is not None
        cache.apply_tenant(parse_tenant(tenant(2, showAs="Later")))
        # rows read before the change are never stored as the new state
        assert not cache.save_table_snapshot(gen, rows, [0] * len(rows))
        assert cache.load_table_snapshot() is None


def test_a_model_fed_from_the_snapshot_passes_the_model_tester(
    qapp: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from desktop.models.customer_table import COL_FIRST_CATEGORY, CustomerTableModel

    path = tmp_path / "c.sqlite3"
    synced_cache(path, 12)
    from_tables, _ = _load(path)
    prepared, had = _load(path)
    assert had
    model = CustomerTableModel()
    model.set_rows(prepared)  # type: ignore[arg-type]
    qtmodeltester.check(model)
    assert sorted(r.id for r in model.all_rows()) == sorted(r.id for r in from_tables.rows)  # type: ignore[attr-defined]
    model.set_search("anna1")
    qtmodeltester.check(model)
    assert model.rowCount() == len([r for r in from_tables.rows if "anna1" in r.search_key])  # type: ignore[attr-defined]
    model.sort(COL_FIRST_CATEGORY, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_a_snapshot_of_an_older_layout_is_ignored_and_rewritten(tmp_path: Path) -> None:
    from desktop.services import snapshot

    path = tmp_path / "c.sqlite3"
    synced_cache(path)
    first, _ = _load(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE table_snapshot SET layout = ?", (snapshot.LAYOUT - 1,))
    conn.commit()
    conn.close()
    with Cache.open(path) as cache:
        assert cache.load_table_snapshot() is None
    again, had = _load(path)
    assert not had and again.rows == first.rows  # type: ignore[attr-defined]
    with Cache.open(path) as cache:
        snap = cache.load_table_snapshot()
    assert snap is not None and snap.rows == first.rows  # type: ignore[attr-defined]
    assert snap.active_bits == first.active_bits  # type: ignore[attr-defined]


def test_the_snapshot_hands_over_columns_the_table_builds_rows_from(
    qapp: Any, tmp_path: Path
) -> None:
    from desktop.models.customer_rows import RowColumns

    path = tmp_path / "c.sqlite3"
    synced_cache(path, 12)
    from_tables, _ = _load(path)
    prepared, had = _load(path)
    assert had and isinstance(prepared.store, RowColumns)  # type: ignore[attr-defined]
    assert not prepared.store.complete()  # type: ignore[attr-defined]
    gentle, _record, _note = load_cached(path, gentle=True)  # a sync's reload: built here
    assert isinstance(gentle.store, list)
    assert gentle.rows == prepared.rows == from_tables.rows  # type: ignore[attr-defined]


def test_damaged_search_keys_fall_back_to_the_tables(tmp_path: Path) -> None:
    """The search keys are stored deflated and inflated on a helper thread: a damaged
    blob is reported on the reading thread and the rows come from the tables."""
    from desktop.services import snapshot

    path = tmp_path / "c.sqlite3"
    synced_cache(path)
    first, _ = _load(path)
    keys_part = snapshot.FIELDS.index("search_key")
    conn = sqlite3.connect(path)
    (blob,) = conn.execute(
        "SELECT data FROM table_snapshot WHERE part = ?", (keys_part,)
    ).fetchone()
    assert blob[:1] == b"x"  # deflated (the cache size budget)
    # a damaged stream of the same kind, written without the app (no generation bump)
    conn.execute("DROP TRIGGER IF EXISTS rows_gen_table_snapshot_update")
    conn.execute(
        "UPDATE table_snapshot SET data = ? WHERE part = ?", (b"x\x01" + blob[2:20], keys_part)
    )
    conn.commit()
    conn.close()
    with Cache.open(path) as cache:
        assert cache.load_table_snapshot() is None
    again, had = _load(path)
    assert not had
    assert again.search_keys == first.search_keys  # type: ignore[attr-defined]
