"""The window applies a sync's changed rows in slices and tells the worker when each
slice is applied, so the worker reads the next rows only then (docs/architecture.md §8:
reading beside ``update_rows`` shared the GIL with it and doubled the GUI stall)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QTimer

from desktop.models.sync_worker import SyncWorker
from desktop.views.main_window import MainWindow
from desktop.views.window_sync import release_in_slices
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
    current, stale = (
        SyncWorker(window.profile.cache_path, None),
        SyncWorker(window.profile.cache_path, None),
    )
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


def test_rows_are_released_a_slice_per_event_loop_turn(window: MainWindow) -> None:
    held = list(range(10))
    release_in_slices(held, window, step=3)
    assert len(held) == 10  # nothing freed inside the hand-over itself
    turns = []
    while held:
        QCoreApplication.processEvents()
        turns.append(len(held))
        assert len(turns) < 1_000
    assert any(0 < n < 10 for n in turns)  # emptied over several turns, a slice each


def test_a_sync_swap_keeps_the_old_rows_until_the_event_loop_runs(window: MainWindow) -> None:
    old = window.model.row_list()
    fresh = [dataclasses.replace(r, last_synced="2030-01-02T03:04:05+00:00") for r in ROWS]
    window._swap_rows(fresh)
    assert [r.last_synced for r in window.model.all_rows()] == [r.last_synced for r in fresh]
    held = [t for t in window.findChildren(QTimer) if t.isActive() and t.interval() == 0]
    assert held  # the old rows' release is scheduled, not done inside the swap
    assert len(old) == len(ROWS)  # the model's old list itself is not emptied (workers read it)


def test_a_sync_swap_while_the_rows_are_columns_builds_none_of_them(
    window: MainWindow,
) -> None:
    """Right after a start the rows may still be columns (issue 13): a sync's swap drops
    them without building 100,000 row objects just to free them."""
    from desktop.models.customer_rows import RowColumns
    from tests.helpers.rows import as_columns

    prepared = as_columns(list(ROWS))
    store = prepared.store
    assert isinstance(store, RowColumns)
    window.model._indexer.stop()  # no idle-time building meanwhile
    window.model.set_rows(prepared)
    window.model._indexer.stop()
    assert not store.complete()
    window._swap_rows(list(ROWS))
    assert not store.complete()
    assert len(window.model.all_rows()) == len(ROWS)
