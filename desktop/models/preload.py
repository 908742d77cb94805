"""Start reading the cached rows before the window exists (docs/architecture.md §2, §8).

``run_gui`` starts a :class:`CachePreload` as soon as it knows the profile, so the
rows are read and prepared (``load_cached``) while the GUI thread imports the
window, applies the theme and builds the widgets. The window then takes the
result exactly as it takes a ``CacheLoader``'s: one ``finished`` signal, emitted
on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, QTimer, Signal, Slot

log = logging.getLogger("partner_desk.gui")


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
