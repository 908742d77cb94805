"""Start reading the cached rows before the window exists (docs/architecture.md §2, §8).

``run_gui`` starts a :class:`CachePreload` as soon as it knows the profile, so the
rows are read and prepared (``load_cached``) while the GUI thread imports the
window, applies the theme and builds the widgets. The window then takes the
result exactly as it takes a ``CacheLoader``'s: one ``finished`` signal, emitted
on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QTimer, Signal, Slot

log = logging.getLogger("partner_desk.gui")

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_MMAP_THRESHOLD = 128 * 1024


def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6")
    except (OSError, AttributeError):
        return None


def tune_allocator() -> None:
    """glibc: keep every block over 128 KiB in its own mapping, returned to the OS when
    freed (issue 13, peak RSS). By default glibc raises that threshold after the first
    such free, so the 100k-entry lists and inflated buffers of a load, a search or a
    sort then come from the heap and their pages stay resident: the snapshot read
    left 76 MB resident instead of 56 MB, and its peak was 9 MB higher."""
    libc = _libc()
    if libc is not None:
        try:
            libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        except AttributeError:  # not glibc
            pass


def trim_heap() -> None:
    """glibc: return the free pages of the heap to the OS (``malloc_trim``)."""
    libc = _libc()
    if libc is not None:
        try:
            libc.malloc_trim(0)
        except AttributeError:
            pass


class CachePreload(QObject):
    """Reads one profile's cached rows on a plain thread, started early."""

    #: rows, last sync record (or None), note (or None), error text (or None)
    finished = Signal(object, object, object, object)

    def __init__(self, cache_path: Path) -> None:
        super().__init__()
        self.cache_path = Path(cache_path)
        self._lock = threading.Lock()
        self._result: tuple[Any, Any, Any, Any] | None = None
        self._attached = False
        self._delivered = False
        self._thread = threading.Thread(target=self._run, name="cache-preload", daemon=True)

    def start(self) -> CachePreload:
        self._thread.start()
        return self

    def cancel(self) -> None:  # reading is short; nothing to interrupt
        pass

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def attach(self) -> None:
        """Call on the GUI thread once ``finished`` is connected: the result is
        delivered (queued, on the GUI thread) as soon as it is ready."""
        with self._lock:
            self._attached = True
            ready = self._result is not None
        if ready:
            QTimer.singleShot(0, self._deliver)

    def _run(self) -> None:
        tune_allocator()  # here: ctypes is not imported on the GUI thread's start path
        from desktop.models.sync_worker import load_cached

        try:
            rows, record, note = load_cached(self.cache_path)
            result: tuple[Any, Any, Any, Any] = (rows, record, note, None)
        except Exception as exc:
            log.exception("reading the cache failed")
            result = ([], None, None, f"{type(exc).__name__}: {exc}")
        with self._lock:
            self._result = result
            attached = self._attached
        if attached:
            QMetaObject.invokeMethod(self, "_deliver", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _deliver(self) -> None:
        with self._lock:
            result = self._result
            if result is None or self._delivered:
                return
            self._delivered = True
            self._result = None  # the window owns the rows from here on
        self.finished.emit(*result)
        del result
        # The reader's buffers are free now: give their pages back (~1 ms at 100k).
        trim_heap()
