"""The team desktop's feed: keeps the local replica current and tells the window.

:class:`TeamFeed` runs on a worker thread (never the GUI thread): it opens the
replica, catches up from PostgreSQL as the person's own role, then waits on
``LISTEN/NOTIFY``. Each notification's rows are copied into the replica and read
back from it (``load_rows(ids=…)``) so the window only calls ``update_rows``: no
full reload. A full reload is sent only when many rows changed at once or rows
left the role's scope. When PostgreSQL cannot be reached the feed says so (with
when the replica last matched the server) and retries.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.models.customer_table import COL_NAME
from desktop.models.sync_worker import load_cached
from desktop.services.cache import Cache, CacheError

log = logging.getLogger("partner_desk.team")

#: seconds between reconnection attempts while PostgreSQL is unreachable
RETRY_S = 5.0


class TeamFeed(QObject):
    #: list[CustomerRow]: rows a notification changed (for ``update_rows``)
    rowsChanged = Signal(object)
    #: PreparedRows, last sync record: many rows changed (one reload)
    rowsReloaded = Signal(object, object)
    #: online (bool), replica refreshed at (datetime or None), error text ("" when online)
    status = Signal(bool, object, str)
    finished = Signal()

    def __init__(
        self,
        cache_path: Path,
        info: Callable[[], str] | str,
        *,
        sort_columns: Sequence[int] = (COL_NAME,),
        retry_s: float = RETRY_S,
    ) -> None:
        super().__init__()
        self.cache_path = Path(cache_path)
        self._info = info
        self.sort_columns = tuple(c for c in sort_columns if c >= 0)
        self.retry_s = retry_s
        self._stop = threading.Event()
        self._kick = threading.Event()

    def cancel(self) -> None:
        self._stop.set()
        self._kick.set()

    def refresh(self) -> None:
        """Reconnect now (the Sync button of a team desktop)."""
        self._kick.set()

    @Slot()
    def run(self) -> None:
        from desktop.services.team.database import TeamDatabaseError
        from desktop.services.team.replica import Replicator, refreshed_at

        try:
            try:
                info = self._info() if callable(self._info) else self._info
                cache = Cache.open(self.cache_path)
            except (CacheError, TeamDatabaseError) as exc:
                self.status.emit(False, None, error_text(exc))
                return
            try:
                while not self._stop.is_set():
                    replicator = Replicator(info, cache)

                    def ready(cache: Cache = cache) -> None:
                        self.status.emit(True, refreshed_at(cache), "")

                    try:
                        replicator.listen(self._stop, self._changed(cache), on_ready=ready)
                    except TeamDatabaseError as exc:
                        log.info("team database unreachable: %s", exc.message)
                        self.status.emit(False, refreshed_at(cache), error_text(exc))
                    except Exception as exc:  # never lose the thread
                        log.exception("team feed failed")
                        self.status.emit(False, refreshed_at(cache), type(exc).__name__)
                    finally:
                        replicator.close()
                    self._kick.wait(self.retry_s)
                    self._kick.clear()
            finally:
                cache.close()
        finally:
            self.finished.emit()

    def _changed(self, cache: Cache) -> Callable[[list[str], bool], None]:
        def on_change(ids: list[str], many: bool) -> None:
            if not ids or self._stop.is_set():
                return
            rows = [] if many else cache.load_rows(ids=ids)
            if many or len(rows) < len(ids):  # many, or rows left the scope
                prepared, record, _note = load_cached(self.cache_path, self.sort_columns)
                self.rowsReloaded.emit(prepared, record)
            else:
                self.rowsChanged.emit(rows)

        return on_change


def error_text(exc: Exception) -> str:
    """The user's text for a team database problem: translated by its message id."""
    from PySide6.QtCore import QCoreApplication

    kind = getattr(exc, "message_id", "")
    detail = getattr(exc, "detail", "")
    texts = {
        "team_db_unreachable": QCoreApplication.translate(
            "TeamFeed", "The team database cannot be reached ({detail})."
        ),
        "team_db_tls": QCoreApplication.translate(
            "TeamFeed",
            "The team database's TLS certificate was not accepted ({detail}): check the "
            "URL's sslrootcert and the server's certificate.",
        ),
        "team_db_tls_missing": QCoreApplication.translate(
            "TeamFeed",
            "The team database server does not offer TLS, but the URL's sslmode requires it.",
        ),
        "team_db_refused": QCoreApplication.translate(
            "TeamFeed",
            "The team database server refused this connection ({detail}): check the URL's "
            "sslmode and the server's pg_hba.conf.",
        ),
        "team_db_login": QCoreApplication.translate(
            "TeamFeed",
            "The team database refused the login ({detail}): check the database role and "
            "its password.",
        ),
    }
    text = texts.get(kind)
    return text.format(detail=detail) if text else str(getattr(exc, "message", exc))


def team_conninfo(profile: Any) -> Callable[[], str]:
    """The team profile's connection string, built on the worker thread (keyring read there)."""

    def build() -> str:
        from desktop.services.credentials import get_db_password
        from desktop.services.team.database import conninfo

        return conninfo(
            profile.database_url, role=profile.db_role, password=get_db_password(profile)
        )

    return build
