"""Start reading the cached rows before the window exists (docs/architecture.md §2, §8).

``run_gui`` starts a :class:`CachePreload` as soon as it knows the profile, so the
rows are read and prepared (``load_cached``) while the GUI thread imports the
window, applies the theme and builds the widgets. The window then takes the
result exactly as it takes a ``CacheLoader``'s: one ``finished`` signal, emitted
on the GUI thread.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QTimer, Signal, Slot

from desktop.models.early_read import EarlyRead


class CachePreload(QObject):
    """Reads one profile's cached rows on a plain thread, started early."""

    #: rows, last sync record (or None), note (or None), error text (or None)
    finished = Signal(object, object, object, object)

    def __init__(self, cache_path: Path, early: EarlyRead | None = None) -> None:
        """``early``: a read of the same file already running (started before Qt
        was imported): its result is delivered instead of reading again."""
        super().__init__()
        self.cache_path = Path(cache_path)
        self._early = early if early is not None and early.cache_path == self.cache_path else None
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
        early, self._early = self._early, None
        if early is None:
            early = EarlyRead(self.cache_path)
            early.read_here()
        result = early.result()
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
