"""The window applies a sync's changed rows in slices and tells the worker when each
slice is applied, so the worker reads the next rows only then (docs/architecture.md §8:
reading beside ``update_rows`` shared the GIL with it and doubled the GUI stall)."""

from __future__ import annotations

import dataclasses

from desktop.models.sync_worker import SyncWorker
from desktop.views.main_window import MainWindow
from tests.helpers.rows import ROWS


def test_start_sync_asks_the_worker_to_wait_for_each_slice(window: MainWindow) -> None:
    window.start_sync()
    worker = window._sync_worker
    assert worker is not None
    assert worker.acknowledged
    window.cancel_sync()


def test_the_window_acknowledges_each_slice_it_applied(window: MainWindow) -> None:
    worker = SyncWorker(window.profile.cache_path, None)
    worker.rowsChanged.connect(window._on_sync_rows_changed)
    window._sync_worker = worker
    try:
        row = dataclasses.replace(ROWS[0], last_synced="2030-01-02T03:04:05+00:00")
        assert not worker._applied.is_set()
        worker.rowsChanged.emit([row])
        assert worker._applied.is_set()
        shown = window.model.row_at(window.model.row_of_id(row.id))
        assert shown is not None and shown.last_synced == row.last_synced
    finally:
        window._sync_worker = None


def test_a_slice_of_another_sync_is_neither_applied_nor_acknowledged(window: MainWindow) -> None:
    current, stale = SyncWorker(window.profile.cache_path, None), SyncWorker(window.profile.cache_path, None)
    stale.rowsChanged.connect(window._on_sync_rows_changed)
    window._sync_worker = current
    try:
        row = dataclasses.replace(ROWS[0], last_synced="2030-01-02T03:04:05+00:00")
        stale.rowsChanged.emit([row])
        assert not current._applied.is_set() and not stale._applied.is_set()
        shown = window.model.row_at(window.model.row_of_id(row.id))
        assert shown is not None and shown.last_synced != row.last_synced
    finally:
        window._sync_worker = None
