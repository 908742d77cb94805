"""The sync node: the engine's :func:`~desktop.services.sync.sync_events` into PostgreSQL.

Same progressive, resumable commits as a local cache (the same :class:`SyncStore`),
the advisory lock as the one-writer rule; the NOTIFY triggers tell desktops.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from desktop.services.cache import SyncSummary
from desktop.services.partner_api import ApiConfig, PartnerApiClient
from desktop.services.sync import DEFAULT_WAIT_S, SyncProgress, limit_malloc_arenas, sync_events
from desktop.services.team.database import TeamDatabase, TeamDatabaseError, database_error


def run_team_sync(
    info: str,
    config: ApiConfig,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[SyncProgress], None] | None = None,
    page_size: int = 100,
    wait: float = DEFAULT_WAIT_S,
) -> SyncSummary:
    """One sync of the Partner API into the team database (never raises for the database)."""
    import psycopg
    from sqlalchemy.exc import SQLAlchemyError

    limit_malloc_arenas()
    cancel = cancel or threading.Event()
    t0 = time.perf_counter()
    db = TeamDatabase(info)
    try:
        with PartnerApiClient(config, cancel=cancel) as client:
            events = sync_events(db, client, page_size=page_size, wait=wait)
            while True:
                try:
                    event = next(events)
                except StopIteration as stop:
                    result: SyncSummary = stop.value
                    return result
                if progress is not None:
                    progress(event)
    except TeamDatabaseError as exc:
        return SyncSummary(
            status="failed",
            error=exc.message,
            error_id=exc.message_id,
            seconds=time.perf_counter() - t0,
        )
    except (psycopg.Error, SQLAlchemyError) as exc:
        err = database_error(getattr(exc, "orig", None) or exc)
        return SyncSummary(
            status="failed",
            error=err.message,
            error_id=err.message_id,
            seconds=time.perf_counter() - t0,
        )
    finally:
        db.close()
