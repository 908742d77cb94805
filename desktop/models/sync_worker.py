"""Workers that run off the GUI thread (docs/architecture.md §2).

``SyncWorker`` runs the Qt-free sync engine (in a child process) and follows its
commits: when the tenant list of a first sync commits it reads all rows once
(``rowsReloaded``), else the rows it changed, by id, in slices;
when a licence batch commits it reads only the rows that batch changed
(``rowsChanged``, for the table model's ``update_rows``). Reads happen on a
reader thread of the worker, never on the GUI thread, coalesced while one runs.
When the sync succeeded the worker loads the final rows; the GUI gets summary and
rows in ONE ``finished`` signal and only swaps them in. ``CacheLoader`` reads the
cached rows at start. ``ThreadPool`` keeps a reference to every thread and worker
and shuts them down cleanly (cancel, quit, wait).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import gc
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.models.customer_rows import prepare_columns
from desktop.models.customer_table import COL_NAME, PreparedRows, prepare_rows
from desktop.services.cache import Cache, CacheError, SyncSummary, needs_check, open_cache
from desktop.services.domain import CustomerRow

log = logging.getLogger("partner_desk.gui")

#: when the tenant list commits with more changed rows than this, and most of them are
#: not in the table yet (a first sync), read all rows once (one reset); otherwise the
#: changed rows are read by id and updated in place, in slices (no second copy of
#: every row while the sync child runs)
RELOAD_OVER = 5_000
#: Rows of a licence batch handed to the GUI thread at once, and the pause between slices.
CHANGED_SLICE = 1_000
SLICE_PAUSE_S = 0.04
#: With ``SyncWorker.acknowledged`` (the window says when it applied a slice), the
#: longest wait for that before the next slice is read anyway.
SLICE_ACK_WAIT_S = 1.0


def load_cached(
    path: Path,
    sort_columns: Sequence[int] = (COL_NAME,),
    *,
    gentle: bool = False,
    write_snapshot: bool = True,
) -> tuple[PreparedRows, Any, str | None]:
    """Rows prepared for the table, the last successful sync and a "moved aside" note.

    The integrity check (``PRAGMA quick_check``, ~0.3 s at 100k customers) runs only
    after an unclean shutdown (a sync that was killed while writing), on its own
    connection *beside* the row read. A file that fails it is then moved aside
    exactly as :func:`open_cache` does when it verifies first.

    ``gentle``: while the window is in use (the reloads of a sync), the long sorts are
    done in slices that let the GUI thread have the GIL in between (a little more CPU
    in all; a sort of 100,000 names in one C call held it ~50-100 ms).

    ``write_snapshot``: rows read from the tables are written back as the table
    snapshot by a thread of this process — not during a sync (its next commit makes
    the snapshot stale at once, and the sync process writes one when it ends): the
    writer held the GIL and a second copy of the columns in the window's process.
    """
    from desktop.models.heap import trim_heap, tune_allocator

    tune_allocator()
    with _bulk_objects():
        loaded = _load_cached(path, sort_columns, gentle, write_snapshot)
    trim_heap()  # the reader's buffers are free now: their pages go back to the OS
    return loaded


@contextlib.contextmanager
def _bulk_objects() -> Iterator[None]:
    """No cyclic GC while ~1M acyclic objects (rows, keys) are built; then freeze them.

    A full collection in the middle of a 100k-row load walks every live object with
    the GIL held (~100 ms: a GUI stall). Afterwards ``gc.freeze()`` moves everything
    alive into the permanent generation so later full collections (e.g. during the
    next sync) skip the rows. Refcounting still frees them when they are replaced.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load_cached(
    path: Path, sort_columns: Sequence[int], gentle: bool = False, write_snapshot: bool = True
) -> tuple[PreparedRows, Any, str | None]:
    check_due = needs_check(path)
    cache, note = open_cache(path, verify=False)
    check = _IntegrityCheck(path) if note is None and check_due else None
    rows: list[CustomerRow] | None = None
    record: Any = None
    gen: int | None = None
    today = dt.date.today()
    try:
        # The table snapshot (rows in name order, one indexed read) when it describes
        # the tables as they are; else every row, and a snapshot written afterwards.
        snap = cache.load_table_snapshot(today)
        if snap is not None:
            record = cache.last_sync(successful=True)
            if check is None or check.passed():
                # the row objects are built by the table in idle time, after its first
                # paint (a sync's reload, ``gentle``, builds them here)
                prepared = prepare_columns(
                    snap.columns, snap.active_bits, sort_columns, lazy=not gentle
                )
                return prepared, record, note
        rows, gen = cache.load_rows_at_generation(today)
        record = cache.last_sync(successful=True)
    except CacheError:
        rows = None
    finally:
        cache.close()
    if rows is None or (check is not None and not check.passed()):
        gen = None
        cache, note = open_cache(path, verify=True)  # verifies first; moves a damaged file aside
        try:
            rows = cache.load_rows()
            record = cache.last_sync(successful=True)
        finally:
            cache.close()
    prepared = prepare_rows(rows, sort_columns, gentle=gentle)
    if gen is not None and write_snapshot:
        SnapshotWriter(path, gen, today, prepared).start()
    return prepared, record, note


class SnapshotWriter(threading.Thread):
    """Writes the table snapshot of rows just read, after they were handed over
    (``Cache.save_table_snapshot``: only if the tables did not change since)."""

    running: set[SnapshotWriter] = set()
    _guard = threading.Lock()

    def __init__(self, path: Path, gen: int, today: dt.date, prepared: PreparedRows) -> None:
        # Not a daemon: a process that quits right after the start waits for it (the
        # write is bounded: ~0.3-0.6 s at 100k, busy timeout 0.2 s).
        super().__init__(name="snapshot-writer", daemon=False)
        self.path = path
        self.gen = gen
        self.today = today
        self.rows = prepared.rows
        self.bits = prepared.active_bits

    def start(self) -> None:
        with SnapshotWriter._guard:
            SnapshotWriter.running.add(self)
        super().start()

    def run(self) -> None:
        try:
            cache = Cache(self.path)  # the file was opened (and migrated) by the reader
            try:
                cache.save_table_snapshot(self.gen, self.rows, self.bits, self.today)
            finally:
                cache.close()
        except Exception:  # a missing snapshot only costs the next start time
            log.debug("table snapshot not written", exc_info=True)
        finally:
            self.rows = []
            self.bits = []
            with SnapshotWriter._guard:
                SnapshotWriter.running.discard(self)

    @classmethod
    def wait_all(cls, timeout: float = 30.0) -> None:
        """Join every running writer (tests, benchmarks, shutdown)."""
        with cls._guard:
            writers = list(cls.running)
        for writer in writers:
            writer.join(timeout)


class _IntegrityCheck(threading.Thread):
    """``PRAGMA quick_check`` on its own connection and thread."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="cache-check", daemon=True)
        self.path = path
        self.ok = False
        self.start()

    def run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=10)
            try:
                row = conn.execute("PRAGMA quick_check").fetchone()
            finally:
                conn.close()
            self.ok = bool(row) and row[0] == "ok"
            if self.ok:
                with contextlib.suppress(OSError):
                    _clear_marker(self.path)
        except sqlite3.Error:
            self.ok = False

    def passed(self) -> bool:
        self.join()
        return self.ok


def _clear_marker(path: Path) -> None:
    from desktop.services.cache import dirty_path

    if not needs_check(path):
        return
    dirty_path(path).unlink(missing_ok=True)


class _RowReader(threading.Thread):
    """Reads the rows a sync commit changed, off the GUI thread; coalesces requests."""

    def __init__(self, worker: SyncWorker) -> None:
        super().__init__(name="sync-rows", daemon=True)
        self.worker = worker
        self._cond = threading.Condition()
        self._reload = False
        self._ids: dict[str, None] = {}
        self._stopping = False
        self.start()

    def request(self, *, reload: bool = False, ids: Sequence[str] = ()) -> None:
        with self._cond:
            self._reload = self._reload or reload
            self._ids.update(dict.fromkeys(ids))
            self._cond.notify()

    def finish(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self.join()

    def _emit_in_slices(self, changed: list[CustomerRow]) -> None:
        """Hand a licence batch over in slices of ``CHANGED_SLICE`` rows, a moment apart:
        each slice is one ``update_rows`` on the GUI thread (~10-25 ms at 100k customers),
        and the GUI thread paints and handles input between them (a 10,000-row batch
        at once held it ~50-150 ms)."""
        for start in range(0, len(changed), CHANGED_SLICE):
            if start:
                time.sleep(SLICE_PAUSE_S)  # the slices reach separate event-loop turns
            self.worker.hand_over(changed[start : start + CHANGED_SLICE])

    def _read_in_slices(self, ids: list[str]) -> None:
        """Read and hand over the changed rows ``CHANGED_SLICE`` ids at a time: a tenant
        list in which most customers changed is applied in place without a second copy
        of every row (a full reload while the sync child runs cost ~110 MB at 100k)."""
        cache = Cache.open(self.worker.cache_path)
        try:
            for start in range(0, len(ids), CHANGED_SLICE):
                if start:
                    time.sleep(SLICE_PAUSE_S)
                    if self.worker.is_cancelled():
                        return
                changed = cache.load_rows(ids=ids[start : start + CHANGED_SLICE])
                self._emit_in_slices(changed)
        finally:
            cache.close()

    def run(self) -> None:
        while True:
            with self._cond:
                while not (self._reload or self._ids or self._stopping):
                    self._cond.wait()
                if not (self._reload or self._ids):
                    return
                reload, ids = self._reload, list(self._ids)
                self._reload, self._ids = False, {}
            try:
                if reload:
                    rows, record, _note = load_cached(
                        self.worker.cache_path,
                        self.worker.sort_columns,
                        gentle=True,
                        write_snapshot=False,
                    )
                    self.worker.rowsReloaded.emit(rows, record)
                else:
                    self._read_in_slices(ids)
            except Exception:  # the final read after the sync reports real problems
                log.warning("reading the rows of a sync commit failed", exc_info=True)
            from desktop.models.heap import trim_heap

            # the reader's buffers and the rows the batch replaced are free now: their
            # pages go back to the OS (before the sync's snapshot writer child starts)
            trim_heap()


def _many_new(ids: Sequence[str], table_rows: int) -> bool:
    """A tenant list whose changes are best read as one full reload: over
    ``RELOAD_OVER`` customers, most of them not in the table yet (a first sync)."""
    if len(ids) <= RELOAD_OVER:
        return False
    return len(set(ids)) > 2 * table_rows  # the ids of a commit may repeat


def deferred_config(profile: Any, secret: str) -> Callable[[], Any]:
    """The profile's API config, built when called: on the worker thread, so the GUI
    thread never imports the HTTP stack (httpx and the client, ~50 ms) on Sync."""

    def build() -> Any:
        from desktop.services.sync import config_for_profile

        return config_for_profile(profile, secret)

    return build


class SyncWorker(QObject):
    """Runs ``run_sync`` on its own thread; ``cancel()`` is thread-safe."""

    #: phase, done, total (int or None), the SyncProgress event (message id, arguments)
    progress = Signal(str, int, object, object)
    #: SyncSummary, PreparedRows | None (None unless the sync succeeded), last sync record
    finished = Signal(object, object, object)
    #: PreparedRows, last sync record: the tenant list committed (one full reload)
    rowsReloaded = Signal(object, object)
    #: list[CustomerRow]: the rows a licence batch changed (for ``update_rows``)
    rowsChanged = Signal(object)

    def __init__(
        self,
        cache_path: Path,
        config: Any,
        *,
        sync_fn: Callable[..., SyncSummary] | None = None,
        sort_columns: Sequence[int] = (COL_NAME,),
        table_rows: int = 0,
    ) -> None:
        super().__init__()
        self.cache_path = Path(cache_path)
        self.config = config
        #: rows the table holds when the sync starts (decides reload vs. in place)
        self.table_rows = table_rows
        self.sort_columns = tuple(c for c in sort_columns if c >= 0)
        self._cancel = threading.Event()
        self._sync_fn = sync_fn
        self._reader: _RowReader | None = None
        #: set by the window when it calls ``slice_applied`` after each ``rowsChanged``:
        #: the reader then reads the next rows only once a slice is applied (reading
        #: beside ``update_rows`` shared the GIL with it: a ~25 ms update took 50-90 ms)
        self.acknowledged = False
        self._applied = threading.Event()

    def hand_over(self, rows: list[CustomerRow]) -> None:
        """Emit ``rowsChanged``; with ``acknowledged``, wait until the GUI applied it
        (at most ``SLICE_ACK_WAIT_S``; a cancel ends the wait)."""
        self._applied.clear()
        self.rowsChanged.emit(rows)
        if self.acknowledged:
            deadline = time.monotonic() + SLICE_ACK_WAIT_S
            while not self._applied.wait(0.05) and not self._cancel.is_set():
                if time.monotonic() > deadline:
                    break

    def slice_applied(self) -> None:
        """The GUI thread applied the last ``rowsChanged`` (thread-safe)."""
        self._applied.set()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, event: Any) -> None:
        self.progress.emit(event.phase, int(event.done), event.total, event)
        committed = getattr(event, "committed", "")
        if committed and self._reader is not None and not self._cancel.is_set():
            if committed == "tenants" and _many_new(event.ids, self.table_rows):
                # mostly customers the table does not hold (e.g. the first sync): one
                # full read; else the changed rows in place, by id, in slices
                self._reader.request(reload=True)
            elif event.ids:
                self._reader.request(ids=event.ids)  # only the rows that changed

    @Slot()
    def run(self) -> None:
        sync_fn = self._sync_fn
        if sync_fn is None:
            # Out of process: the engine's threads and allocations would otherwise
            # share the GIL and the GC with the GUI thread (~100 ms stalls at 100k).
            from desktop.services.sync_process import run_sync_in_process

            sync_fn = run_sync_in_process
        self._reader = _RowReader(self)
        try:
            config = self.config() if callable(self.config) else self.config
            summary = sync_fn(self.cache_path, config, cancel=self._cancel, progress=self._progress)
        except Exception as exc:  # the engine should not raise; never lose the thread
            log.exception("sync raised")
            summary = SyncSummary(
                status="failed",
                error=f"The sync stopped because of an unexpected error ({type(exc).__name__}).",
                error_id="unexpected",
            )
        finally:
            self._reader.finish()  # its last rows reach the GUI before ``finished``
            self._reader = None
        rows: PreparedRows | None = None
        record: Any = None
        if summary.status == "ok" and not self._cancel.is_set():
            try:
                rows, record, _note = load_cached(self.cache_path, self.sort_columns, gentle=True)
            except Exception as exc:
                log.exception("loading rows after sync failed")
                summary.status = "failed"
                summary.error = f"The customers could not be read back ({type(exc).__name__})."
                summary.error_id = "cache"
        else:
            try:
                cache, _note = open_cache(self.cache_path, verify=False)
                try:
                    record = cache.last_sync(successful=True)
                finally:
                    cache.close()
            except Exception:
                record = None
        self.finished.emit(summary, rows, record)


class CacheLoader(QObject):
    """Reads the cached rows of one profile off the GUI thread."""

    #: rows, last sync record (or None), note (or None), error text (or None)
    finished = Signal(object, object, object, object)

    def __init__(self, cache_path: Path, sort_columns: Sequence[int] = (COL_NAME,)) -> None:
        super().__init__()
        self.cache_path = Path(cache_path)
        self.sort_columns = tuple(c for c in sort_columns if c >= 0)

    def cancel(self) -> None:  # loading is short; nothing to interrupt
        pass

    @Slot()
    def run(self) -> None:
        try:
            rows, record, note = load_cached(self.cache_path, self.sort_columns)
        except Exception as exc:
            log.exception("reading the cache failed")
            self.finished.emit([], None, None, f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(rows, record, note, None)


class CallWorker(QObject):
    """Runs one plain function off the GUI thread; ``finished(result, error)``."""

    finished = Signal(object, object)

    def __init__(self, fn: Callable[[], Any], cancelled: threading.Event | None = None) -> None:
        super().__init__()
        self._fn = fn
        #: set by ``cancel()`` (shutdown): a long ``fn`` that checks it can stop early
        self.cancelled = cancelled if cancelled is not None else threading.Event()

    def cancel(self) -> None:
        self.cancelled.set()

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            self.finished.emit(None, exc)
            return
        self.finished.emit(result, None)


class ThreadPool(QObject):
    """Owns every worker thread of a window: start, track, and shut down cleanly."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: list[tuple[QThread, QObject]] = []

    def start(self, worker: QObject, name: str = "worker") -> QThread:
        thread = QThread()
        thread.setObjectName(name)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)  # type: ignore[attr-defined]
        worker.finished.connect(thread.quit)  # type: ignore[attr-defined]
        self._running.append((thread, worker))
        # A slot of this GUI-thread object: queued, so cleanup never runs on the
        # finishing thread itself.
        thread.finished.connect(self._on_thread_finished)
        thread.start()
        return thread

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if thread is None:
            return
        for pair in list(self._running):
            if pair[0] is thread:
                self._running.remove(pair)
                # finished() is emitted just before the thread ends: a bounded wait, so a
                # mix-up can never hang the GUI; a thread still running is kept alive
                if not pair[0].wait(2_000):
                    log.warning("thread %s still running after finished", thread.objectName())
                    _STRAGGLERS.append(pair)
                    continue
                pair[1].deleteLater()
                pair[0].deleteLater()

    def running(self) -> list[tuple[QThread, QObject]]:
        return list(self._running)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every worker, quit and wait for every thread. True = all stopped."""
        ok = True
        for _thread, worker in list(self._running):
            cancel = getattr(worker, "cancel", None)
            if cancel is not None:
                cancel()
        for thread, worker in list(self._running):
            thread.quit()
            if not thread.wait(timeout_ms):
                log.warning("thread %s did not stop in time", thread.objectName())
                # Destroying a running QThread aborts the process (SIGABRT): keep it
                # (and its worker) alive until the process ends instead.
                _STRAGGLERS.append((thread, worker))
                ok = False
        self._running.clear()
        return ok


#: Threads that did not stop at shutdown; referenced so Qt never destroys them running.
_STRAGGLERS: list[tuple[QThread, QObject]] = []
#: How long the interpreter's exit waits for them (they were cancelled and told to quit).
STRAGGLER_EXIT_WAIT_MS = 60_000


def _join_stragglers() -> None:
    """At interpreter exit, before module globals are torn down: wait for the threads
    that outlived ``ThreadPool.shutdown`` (e.g. reading insights at 100k customers on a
    loaded machine takes more than its 10 s). A ``QThread`` destroyed while it runs
    aborts the process (SIGABRT) — what a quit right after the start did."""
    for thread, _worker in list(_STRAGGLERS):
        if not thread.wait(STRAGGLER_EXIT_WAIT_MS):
            log.warning("thread %s still running at exit", thread.objectName())


atexit.register(_join_stragglers)
