"""The Qt-free sync engine (DESIGN.md §2).

token → whoami → extensions → tenant pages → licences → groups, staged page by
page into the cache's staging tables and merged in one transaction at the end.
A failed, cancelled or killed sync leaves the previous snapshot unchanged.

:func:`sync_events` yields :class:`SyncProgress` events and returns the
:class:`SyncSummary`; :func:`run_sync` drives it with a callback and never raises
for network or server problems (status ``failed`` with a message instead).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services.cache import Cache, CacheError, SyncSummary, open_cache, utcnow
from desktop.services.domain import Capabilities, Group, Licence, Tenant
from desktop.services.partner_api import (
    ApiConfig,
    CancelledError,
    LicenceResult,
    PartnerApiClient,
    PartnerApiError,
)
from desktop.services.profiles import Profile

log = logging.getLogger("partner_desk.sync")

# Buffer this many tenants / licence results before writing them to staging.
STAGE_BATCH = 2_000


@dataclass(frozen=True, slots=True)
class SyncProgress:
    phase: str  # "connect" | "tenants" | "licences" | "groups" | "save" | "done"
    done: int
    total: int | None
    message: str


class _LicenceStager:
    """Buffers licence results and stages them in batches (always on the engine thread)."""

    def __init__(self, writer: _StagingWriter, summary: SyncSummary) -> None:
        self.writer = writer
        self.summary = summary
        self.buffer: list[tuple[str, list[Licence] | None]] = []
        self.seen: set[str] = set()

    @property
    def count(self) -> int:
        return len(self.seen)

    def add(self, result: LicenceResult) -> None:
        if result.tenant_id in self.seen:
            return
        self.seen.add(result.tenant_id)
        self.summary.warnings.extend(result.skipped)
        self.buffer.append((result.tenant_id, result.licences))
        if len(self.buffer) >= STAGE_BATCH:
            self.flush()

    def add_all(self, results: Iterable[LicenceResult]) -> None:
        for result in results:
            self.add(result)

    def flush(self) -> None:
        if self.buffer:
            self.writer.put(self.writer.cache.stage_licences, self.buffer)
        self.buffer = []


class _StagingWriter:
    """Writes staging batches on its own thread so the HTTP pipeline never waits on SQLite.

    Batches are written in the order they were put; the first error stops the writer
    and is re-raised on the engine thread by :meth:`finish` (or the next :meth:`put`).
    """

    _END = object()

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self._queue: queue.Queue[object] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="staging-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is self._END:
                return
            if self._error is not None:
                continue  # drain without writing after a failure
            assert isinstance(item, tuple)
            fn: Callable[[Any], None] = item[0]
            try:
                fn(item[1])
            except BaseException as exc:  # re-raised on the engine thread
                self._error = exc

    def put(self, fn: Callable[[Any], None], batch: Any) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((fn, batch))

    def finish(self) -> None:
        """Wait until every batch is written; re-raise the writer's error if any."""
        self._queue.put(self._END)
        self._thread.join()
        if self._error is not None:
            raise self._error


class _BulkFetcher:
    """Pages the bulk licence route on its own thread; results wait in a queue.

    Only the engine thread touches the cache: it drains the queue between tenant
    pages and after them. An error or cancellation in the fetch is re-raised there.
    """

    _END = object()

    def __init__(self, client: PartnerApiClient, page_size: int) -> None:
        self._client = client
        self._page_size = page_size
        self._queue: queue.Queue[object] = queue.Queue()
        self._stop = threading.Event()
        self._ended = False
        self._thread = threading.Thread(target=self._run, name="bulk-licences", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for result in self._client.iter_bulk_licences(self._page_size):
                if self._stop.is_set():
                    break
                self._queue.put(result)
        except BaseException as exc:  # handed to the engine thread, which re-raises it
            self._queue.put(exc)
            return
        self._queue.put(self._END)

    def drain(self, *, block: bool) -> Iterator[LicenceResult]:
        """Queued results; with ``block``, until the fetch has ended (re-raising its error)."""
        while not self._ended:
            try:
                item = self._queue.get(block=block)
            except queue.Empty:
                return
            if item is self._END:
                self._ended = True
                return
            if isinstance(item, BaseException):
                self._ended = True
                raise item
            assert isinstance(item, LicenceResult)
            yield item

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def config_for_profile(profile: Profile, secret: str, **overrides: object) -> ApiConfig:
    return ApiConfig(
        identity_url=profile.identity_url,
        global_url=profile.global_url,
        client_id=profile.client_id,
        client_secret=secret,
        ca_bundle=profile.ca_bundle,
        **overrides,  # type: ignore[arg-type]
    )


def sync_events(
    cache: Cache,
    client: PartnerApiClient,
    *,
    page_size: int = 100,
) -> Generator[SyncProgress, None, SyncSummary]:
    """Run one sync; yields progress; returns the summary (never raises API errors)."""
    started = utcnow()
    t0 = time.perf_counter()
    summary = SyncSummary(status="failed")
    try:
        yield SyncProgress("connect", 0, None, "Signing in")
        client.authenticate()
        who = client.whoami()
        caps: Capabilities = client.capabilities()
        cache.begin_staging()

        # With the bulk route, licence pages do not depend on the tenant list: fetch them
        # on a thread beside the tenant paging (half the critical path on a slow link).
        fetcher = _BulkFetcher(client, page_size) if caps.has("bulkLicenses") else None
        writer = _StagingWriter(cache)
        try:
            yield SyncProgress("tenants", 0, None, "Fetching customers")
            tenant_ids: list[str] = []  # unique: the client drops repeats across pages
            buffer: list[Tenant] = []
            total_items: int | None = None
            licences = _LicenceStager(writer, summary)
            for page in client.iter_tenant_pages(page_size=page_size):
                if page.total_items is not None:
                    total_items = page.total_items
                summary.warnings.extend(page.skipped)
                tenant_ids.extend(t.id for t in page.tenants)
                buffer.extend(page.tenants)
                if len(buffer) >= STAGE_BATCH:
                    writer.put(cache.stage_tenants, buffer)
                    buffer = []
                if fetcher is not None:
                    licences.add_all(fetcher.drain(block=False))
                yield SyncProgress(
                    "tenants", len(tenant_ids), total_items, f"Fetched {len(tenant_ids)} customers"
                )
            writer.put(cache.stage_tenants, buffer)

            total = len(tenant_ids)
            yield SyncProgress("licences", licences.count, total, "Fetching licences")
            if fetcher is not None:
                results: Iterator[LicenceResult] = fetcher.drain(block=True)
            else:
                results = client.iter_licences(tenant_ids, bulk=False, page_size=page_size)
            for result in results:
                licences.add(result)
                if licences.count % 200 == 0:
                    yield SyncProgress(
                        "licences", min(licences.count, total), total,
                        f"Fetched licences of {min(licences.count, total)} customers",
                    )  # fmt: skip
            if fetcher is not None:
                # The bulk route lists every tenant the partner may manage: the others are not.
                for tid in tenant_ids:
                    if tid not in licences.seen:
                        licences.add(LicenceResult(tid, None, []))
            licences.flush()
            yield SyncProgress("licences", total, total, f"Fetched licences of {total} customers")
        finally:
            if fetcher is not None:
                fetcher.stop()
            writer.finish()  # all staged before the merge; a write error surfaces here

        groups: list[Group] | None = None
        if caps.has("groups"):
            yield SyncProgress("groups", 0, None, "Fetching customer groups")
            groups = client.groups()

        yield SyncProgress("save", 0, None, "Saving")
        summary.status = "ok"
        summary.seconds = time.perf_counter() - t0
        cache.commit_snapshot(
            started_at=started,
            partner_id=who.partner_id,
            capabilities=caps,
            groups=groups,
            summary_extra=summary,
        )
        summary.seconds = time.perf_counter() - t0
        yield SyncProgress("done", summary.customers, summary.customers, "Sync complete")
        return summary
    except CancelledError:
        summary.status = "cancelled"
        summary.error = "The sync was cancelled; the previous customer list is unchanged."
    except PartnerApiError as exc:
        summary.status = "failed"
        summary.error = exc.message
    except CacheError as exc:
        summary.status = "failed"
        summary.error = exc.message
    except Exception as exc:  # a bug must not leave the caller hanging or the cache half-written
        log.exception("sync failed unexpectedly")
        summary.status = "failed"
        summary.error = f"The sync stopped because of an unexpected error ({type(exc).__name__})."
    summary.seconds = time.perf_counter() - t0
    try:
        cache.record_sync_failure(started, summary)
    except Exception:  # the disk may be the problem; the summary still reaches the user
        log.warning("could not record the failed sync run", exc_info=True)
    return summary


def run_sync(
    cache_path: Path,
    config: ApiConfig,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[SyncProgress], None] | None = None,
    page_size: int = 100,
) -> SyncSummary:
    """Open the cache, sync, close; progress goes to the callback."""
    cancel = cancel or threading.Event()
    try:
        # A damaged or too-new cache is moved aside and rebuilt by this sync (DESIGN.md §9).
        cache, note = open_cache(cache_path, verify=False)
    except CacheError as exc:
        return SyncSummary(status="failed", error=exc.message)
    except OSError as exc:  # moving the damaged file aside failed
        return SyncSummary(
            status="failed", error=f"The cache file cannot be replaced ({exc.strerror})."
        )
    if note:
        log.warning("%s", note)
    try:
        with PartnerApiClient(config, cancel=cancel) as client:
            events = sync_events(cache, client, page_size=page_size)
            while True:
                try:
                    event = next(events)
                except StopIteration as stop:
                    result: SyncSummary = stop.value
                    if note:
                        result.warnings.insert(0, note)
                        if result.status != "ok" and result.error:
                            result.error = f"{result.error} {note}"
                    return result
                if progress is not None:
                    progress(event)
    finally:
        cache.close()
