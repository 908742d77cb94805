"""Issue 13 / 11 (memory and stalls during a sync): a tenant-list commit over a table
that already holds the customers is applied in place, read by id in slices; only a
commit of mostly new customers (a first sync) reads every row once."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from desktop.models import sync_worker
from tests.helpers.records import synced_cache


def _commit(ids: list[str]) -> SimpleNamespace:
    return SimpleNamespace(phase="tenants", done=1, total=1, committed="tenants", ids=tuple(ids))


class _Reader:
    def __init__(self) -> None:
        self.calls: list[tuple[bool, int]] = []

    def request(self, *, reload: bool = False, ids: tuple[str, ...] = ()) -> None:
        self.calls.append((reload, len(ids)))


@pytest.mark.parametrize(
    ("table_rows", "reload"),
    [(0, True), (10, True), (40, False), (100, False)],
)
def test_a_large_tenant_commit_reloads_only_when_most_rows_are_new(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, table_rows: int, reload: bool
) -> None:
    monkeypatch.setattr(sync_worker, "RELOAD_OVER", 5)
    worker = sync_worker.SyncWorker(tmp_path / "c.sqlite3", None, table_rows=table_rows)
    reader = _Reader()
    worker._reader = reader  # type: ignore[assignment]
    ids = [f"t-{i:04d}" for i in range(60)]
    worker._progress(_commit(ids + ids))  # a commit's ids may repeat: 60 customers
    assert reader.calls == [(True, 0)] if reload else [(False, 120)]


def test_changed_rows_are_read_by_id_in_slices(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    synced_cache(path, n=25)
    monkeypatch.setattr(sync_worker, "CHANGED_SLICE", 10)
    monkeypatch.setattr(sync_worker, "SLICE_PAUSE_S", 0.0)
    worker = sync_worker.SyncWorker(path, None, table_rows=25)
    got: list[list[str]] = []
    worker.rowsChanged.connect(lambda rows: got.append([r.id for r in rows]))
    reader = sync_worker._RowReader.__new__(sync_worker._RowReader)
    reader.worker = worker
    ids = [f"t-{i:04d}" for i in range(25)]
    reader._read_in_slices(ids)
    assert [len(chunk) for chunk in got] == [10, 10, 5]
    assert sorted(i for chunk in got for i in chunk) == ids


def test_a_reload_during_a_sync_writes_no_snapshot(tmp_path: Path) -> None:
    """The sync process writes the table snapshot when it ends; a reload of the
    window during the sync does not write one (it would be stale at the next commit)."""
    import datetime as dt

    from desktop.services.cache import Cache

    path = tmp_path / "c.sqlite3"
    synced_cache(path, n=12)

    def snapshot() -> object:
        with Cache.open(path) as cache:
            return cache.load_table_snapshot(dt.date.today())

    assert snapshot() is None
    prepared, _record, _note = sync_worker.load_cached(path, gentle=True, write_snapshot=False)
    sync_worker.SnapshotWriter.wait_all()
    assert len(prepared) == 12
    assert snapshot() is None
    sync_worker.load_cached(path)  # the start's read writes it afterwards
    sync_worker.SnapshotWriter.wait_all()
    assert snapshot() is not None
