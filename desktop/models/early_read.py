"""The cached rows read on a plain thread, started before Qt is imported (issue 13).

``run_gui`` starts an :class:`EarlyRead` as soon as it knows the profile, before
``PySide6`` is imported and the ``QApplication`` exists; the :class:`CachePreload`
made later takes its result. Nothing here imports Qt (``load_cached`` does, on
this thread, while the GUI thread is busy with its own imports).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger("partner_desk.gui")


class EarlyRead:
    """``load_cached(cache_path)`` on a daemon thread; ``result()`` waits for it."""

    def __init__(self, cache_path: Path) -> None:
        self.cache_path = Path(cache_path)
        self._result: tuple[Any, Any, Any, Any] | None = None
        self._thread = threading.Thread(target=self._run, name="cache-early-read", daemon=True)

    def start(self) -> EarlyRead:
        self._thread.start()
        return self

    def read_here(self) -> None:
        """Read on the calling thread instead of starting one."""
        self._run()

    def _run(self) -> None:
        try:
            from desktop.models.sync_worker import load_cached

            rows, record, note = load_cached(self.cache_path)
            self._result = (rows, record, note, None)
        except Exception as exc:
            log.exception("reading the cache failed")
            self._result = ([], None, None, f"{type(exc).__name__}: {exc}")

    def result(self) -> tuple[Any, Any, Any, Any]:
        """rows, last sync record (or None), note (or None), error text (or None);
        handed over once (the caller owns the rows from here on)."""
        if self._thread.ident is not None:  # started (else read on the caller's thread)
            self._thread.join()
        result, self._result = self._result, None
        assert result is not None
        return result
