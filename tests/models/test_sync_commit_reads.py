"""Issue 13 / 11 (memory and stalls during a sync): a tenant-list commit over a table
that already holds the customers is applied in place, read by id in slices; only a
commit of mostly new customers (a first sync) reads every row once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication

from desktop.models import sync_worker
from tests.helpers.records import synced_cache
from tests.helpers.rows import random_rows


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


def test_acknowledged_slices_wait_until_the_gui_applied_each(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With ``acknowledged`` the reader hands the next slice over only once the GUI
    said it applied the last one (reading beside ``update_rows`` doubled its stall)."""
    monkeypatch.setattr(sync_worker, "CHANGED_SLICE", 2)
    monkeypatch.setattr(sync_worker, "SLICE_PAUSE_S", 0.0)
    monkeypatch.setattr(sync_worker, "SLICE_ACK_WAIT_S", 60.0)
    worker = sync_worker.SyncWorker(tmp_path / "c.sqlite3", None)
    worker.acknowledged = True
    got: list[int] = []
    worker.rowsChanged.connect(lambda rows: got.append(len(rows)))
    reader = sync_worker._RowReader.__new__(sync_worker._RowReader)
    reader.worker = worker
    handing = threading.Thread(target=reader._emit_in_slices, args=(random_rows(5),))
    handing.start()
    try:
        _until(lambda: got == [2])
        assert not _stays(lambda: len(got) > 1)  # no second slice before the first is applied
        worker.slice_applied()
        _until(lambda: got == [2, 2])
        assert not _stays(lambda: len(got) > 2)
        worker.cancel()  # a cancel ends the wait: the last slice goes at once
        _until(lambda: got == [2, 2, 1])
    finally:
        worker.cancel()
        handing.join(10)
    assert not handing.is_alive()


def test_unacknowledged_slices_do_not_wait(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sync_worker, "CHANGED_SLICE", 2)
    monkeypatch.setattr(sync_worker, "SLICE_PAUSE_S", 0.0)
    monkeypatch.setattr(sync_worker, "SLICE_ACK_WAIT_S", 60.0)
    worker = sync_worker.SyncWorker(tmp_path / "c.sqlite3", None)  # nobody acknowledges
    got: list[int] = []
    worker.rowsChanged.connect(lambda rows: got.append(len(rows)))
    reader = sync_worker._RowReader.__new__(sync_worker._RowReader)
    reader.worker = worker
    reader._emit_in_slices(random_rows(5))
    assert got == [2, 2, 1]


def _until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        QCoreApplication.processEvents()  # the rows arrive through queued signals
        time.sleep(0.005)


def _stays(predicate: Callable[[], bool], for_s: float = 0.2) -> bool:
    """True when ``predicate`` becomes true within ``for_s``."""
    deadline = time.monotonic() + for_s
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if predicate():
            return True
        time.sleep(0.005)
    return False
