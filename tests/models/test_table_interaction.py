"""The table's interaction paths after the issue 13 round-3 work: dense needles scan
every key, large licence batches update column-wise, the slices a sync hands over,
and the gentle sorts of a reload — each equal to the plain way of doing it."""

from __future__ import annotations

import dataclasses
import random
from operator import contains
from pathlib import Path
from typing import Any

import pytest

from desktop.models import sync_worker
from desktop.models.customer_rows import (
    COL_NAME,
    DENSE,
    SearchCache,
    SearchIndex,
    prepare_rows,
    sorted_gently,
)
from desktop.models.customer_table import (
    COL_BILLING,
    COL_FIRST_CATEGORY,
    COL_SYNCED,
    CustomerTableModel,
    TableCells,
    TableFilters,
)
from desktop.services.domain import LicenceStatus, fold
from tests.helpers.rows import random_rows


def _built(index: SearchIndex) -> SearchIndex:
    while index.index_step():
        pass
    return index


@pytest.mark.parametrize("needle", ["a", "al", "alp", "e", "et", "ta", "ü", "mü", "12", "zz"])
def test_search_index_masks_equal_a_plain_scan(needle: str) -> None:
    keys = [r.search_key for r in random_rows(3_000)]
    index = _built(SearchIndex(keys))
    needle = fold(needle)
    expected = bytes(contains(k, needle) for k in keys)
    assert index.mask(needle) == expected
    # typed letter by letter (narrowing from cached shorter needles) gives the same
    typed = SearchIndex(keys)
    for end in range(1, len(needle) + 1):
        typed.mask(needle[:end])
    assert typed.mask(needle) == expected


def test_dense_narrowing_gives_the_same_rows_as_a_fresh_search() -> None:
    keys = [r.search_key for r in random_rows(3_000)]
    base = list(range(len(keys)))
    typed = SearchCache(base, _built(SearchIndex(keys)))
    fresh = SearchCache(base, _built(SearchIndex(keys)))
    assert len(typed.find("a")) * DENSE > len(keys)  # the dense path is taken
    for needle in ("a", "al", "alp", "alph"):
        typed.find(needle)
    assert (
        typed.find("alph") == fresh.find("alph") == [i for i, k in enumerate(keys) if "alph" in k]
    )


def test_sorted_gently_equals_sorted_and_is_stable() -> None:
    rnd = random.Random(5)
    ranks = [rnd.randrange(300) for _ in range(40_000)]
    assert sorted_gently(range(len(ranks)), key=ranks.__getitem__) == sorted(
        range(len(ranks)), key=ranks.__getitem__
    )
    words = {f"{rnd.random():.4f}" for _ in range(20_000)}
    assert sorted_gently(words) == sorted(words)


def test_gentle_prepare_equals_plain_prepare() -> None:
    rows = random_rows(20_000)
    plain = prepare_rows(rows)
    gentle = prepare_rows(rows, gentle=True)
    assert [r.id for r in gentle.rows] == [r.id for r in plain.rows]
    assert gentle.input_order == plain.input_order


def _licence_batch(model: CustomerTableModel, count: int, seed: int) -> list:
    rnd = random.Random(seed)
    rows = rnd.sample(model.all_rows(), count)
    status = tuple(LicenceStatus.ACTIVE for _ in rows[0].statuses)
    return [
        dataclasses.replace(r, statuses=status, last_synced="2026-11-30T10:00:00") for r in rows
    ]


def test_large_licence_batch_updates_in_place_and_keeps_unchanged_ranks(qapp) -> None:
    model = CustomerTableModel()
    model.set_rows(random_rows(3_000))
    model.sort(COL_NAME)
    for col in (COL_BILLING, COL_FIRST_CATEGORY, COL_SYNCED):
        model._ranks_for(col)
    billing_ranks = model._ranks[COL_BILLING]
    before = [r.id for r in model.visible_rows()]
    batch = _licence_batch(model, 500, 1)
    model.update_rows(batch)
    assert [r.id for r in model.visible_rows()] == before  # nothing moved
    by_id = {r.id: r for r in model.all_rows()}
    assert all(by_id[r.id] is r for r in batch)
    # billing did not change in any row: its ranks are kept; statuses and synced did
    assert model._ranks[COL_BILLING] is billing_ranks
    assert COL_FIRST_CATEGORY not in model._ranks and COL_SYNCED not in model._ranks
    model.sort(COL_FIRST_CATEGORY)
    fresh = CustomerTableModel()
    fresh.set_rows(model.all_rows())
    fresh.sort(COL_FIRST_CATEGORY)
    assert [r.id for r in model.visible_rows()] == [r.id for r in fresh.visible_rows()]


def test_licence_batch_equals_the_same_rows_set_afresh(qapp) -> None:
    """Column-wise update_rows (renames, tombstones, new rows mixed in) ends where a
    model given the resulting rows starts, also for the search and the facet masks."""
    model = CustomerTableModel()
    model.set_rows(random_rows(2_000))
    model.set_search("a")
    model._masks().build_all()
    rows = model.all_rows()
    changed = [
        dataclasses.replace(rows[5], show_as="Renamed alpha"),
        dataclasses.replace(rows[9], removed_at="2026-11-01T00:00:00"),
        *_licence_batch(model, 300, 2),
    ]
    new = dataclasses.replace(rows[0], id="new-tenant", name="Alpha new", show_as="")
    model.update_rows([*changed, new])
    expected = {r.id: r for r in rows}
    expected.update({r.id: r for r in [*changed, new]})
    fresh = CustomerTableModel()
    fresh.set_rows(list(expected.values()))
    fresh.set_search("a")
    assert [r.id for r in model.visible_rows()] == [r.id for r in fresh.visible_rows()]
    assert model.facet_counts() == fresh.facet_counts()


def test_layers_are_importable_from_the_table_module() -> None:
    assert issubclass(CustomerTableModel, TableFilters)
    assert issubclass(TableFilters, TableCells)


def test_row_reader_hands_large_batches_over_in_slices(qapp, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(sync_worker, "SLICE_PAUSE_S", 0.0)
    worker = sync_worker.SyncWorker(Path(tmp_path / "c.sqlite3"), config=None)
    got: list[int] = []
    worker.rowsChanged.connect(lambda rows: got.append(len(rows)))
    reader = sync_worker._RowReader.__new__(sync_worker._RowReader)
    reader.worker = worker
    rows = random_rows(sync_worker.CHANGED_SLICE * 2 + 7)
    reader._emit_in_slices(rows)
    assert got == [sync_worker.CHANGED_SLICE, sync_worker.CHANGED_SLICE, 7]


def test_threads_outliving_shutdown_are_joined_at_exit(qapp, monkeypatch) -> None:
    """A worker that does not stop within shutdown's timeout is kept and joined at
    interpreter exit (a QThread destroyed while running aborts the process)."""
    import threading

    from PySide6.QtCore import QObject, Signal, Slot

    release = threading.Event()

    class Slow(QObject):
        finished = Signal()

        def cancel(self) -> None:  # cannot be interrupted, like reading insights
            pass

        @Slot()
        def run(self) -> None:
            release.wait(5)
            self.finished.emit()

    monkeypatch.setattr(sync_worker, "_STRAGGLERS", [])
    pool = sync_worker.ThreadPool()
    thread = pool.start(Slow(), "slow-test")
    assert not pool.shutdown(timeout_ms=50)  # did not stop in time: kept
    assert [t for t, _w in sync_worker._STRAGGLERS] == [thread]
    release.set()
    sync_worker._join_stragglers()
    assert thread.isFinished()


def test_update_rows_finds_rows_by_id_across_additions_and_swaps(qapp) -> None:
    """``update_rows`` keeps an id -> row map across a sync's batches: rows it appends
    are in it, and rows swapped in by ``set_rows`` replace it (no stale positions)."""
    rows = random_rows(300)
    model = CustomerTableModel()
    model.set_rows(rows)

    def stamped(row: Any, stamp: str) -> Any:
        return dataclasses.replace(row, last_synced=stamp)

    def by_id() -> dict[str, Any]:
        return {r.id: r for r in model.all_rows()}

    model.update_rows([stamped(rows[10], "2030-01-01T00:00:00+00:00")])
    assert by_id()[rows[10].id].last_synced == "2030-01-01T00:00:00+00:00"
    added = dataclasses.replace(rows[0], id="added-1", name="Zz added", show_as="Zz added")
    model.update_rows([added])
    model.update_rows([stamped(added, "2030-01-02T00:00:00+00:00")])  # found, not added again
    assert len(model.all_rows()) == 301
    assert by_id()["added-1"].last_synced == "2030-01-02T00:00:00+00:00"

    swapped = list(reversed(rows[:200]))  # other rows at other indices
    model.set_rows(swapped)
    model.update_rows([stamped(rows[5], "2030-01-03T00:00:00+00:00")])
    assert len(model.all_rows()) == 200
    after = by_id()
    assert after[rows[5].id].last_synced == "2030-01-03T00:00:00+00:00"
    assert {r.id for r in model.all_rows()} == {r.id for r in swapped}
    unchanged = [r for r in model.all_rows() if r.id != rows[5].id]
    assert unchanged == [r for r in swapped if r.id != rows[5].id]
