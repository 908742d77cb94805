"""The Qt-free sync engine (docs/architecture.md §2).

token → whoami → extensions → tenant pages → licences → groups (committed: the
table is complete) → billing usage (issue 15; after the data, off its critical
path) → compaction, under the profile's writer lock (a second sync waits briefly, then says a sync is already
running and changes nothing).

- **Progressive, consistent commits.** The complete tenant list commits in one
  transaction (customers appear with the licences known before; tombstones only
  then). Licences commit in batches as they arrive (every :data:`BATCH` tenants or
  :data:`BATCH_SECONDS`); each tenant's licence set is replaced as one unit.
- **Resumable.** Whatever committed stays; the licence fetch goes stalest first, so
  the next sync continues where a failed, cancelled or killed one stopped. A tenant
  whose licence request failed (``LicenceResult.error``) keeps its previous licences,
  stays stale and is counted; it never fails the sync.
- **Writes proportional to change** (see :class:`desktop.services.cache.SyncStore`).

:func:`sync_events` yields :class:`SyncProgress` events (``committed``/``ids`` say
what a commit changed, for the GUI) and returns the :class:`SyncSummary`;
:func:`run_sync` drives it with a callback and never raises for network or server
problems (status ``failed``/``cancelled``/``busy`` with a message instead).
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop.services.cache import (
    Bits,
    Cache,
    CacheBusyError,
    CacheError,
    LicenceSet,
    SyncStore,
    SyncSummary,
    open_cache,
    utcnow,
)
from desktop.services.domain import Capabilities, Group
from desktop.services.partner_api import (
    ApiConfig,
    CancelledError,
    LicenceResult,
    PartnerApiClient,
    PartnerApiError,
)
from desktop.services.profiles import Profile

log = logging.getLogger("partner_desk.sync")

#: commit licences every this many tenants …
BATCH = 5_000
#: … or after this long, whichever comes first (the GUI sees progress on slow links)
BATCH_SECONDS = 1.0
#: while the tenant list is written, match waiting bulk results to it every this many tenants
CHECK_EVERY = 2_000
#: bulk licence results waiting for the engine (bounded: memory stays flat)
QUEUE_RESULTS = 500
#: how long a second sync of the same profile waits for the first by default
DEFAULT_WAIT_S = 2.0


@dataclass(frozen=True, slots=True)
class SyncProgress:
    phase: str  # "connect" | "tenants" | "licences" | "groups" | "billing" | "save" | "done"
    done: int
    total: int | None
    message: str
    #: "" | "tenants" (the tenant list committed) | "licences" (a licence batch committed)
    committed: str = ""
    #: the customers whose rows that commit changed
    ids: tuple[str, ...] = ()
    #: the message's id (one of :data:`PROGRESS_MESSAGES`) and its arguments: the GUI
    #: translates these; ``message`` is the English text for the CLI and logs
    key: str = ""
    args: dict[str, int] = field(default_factory=dict)


#: message ids of :class:`SyncProgress` → English text (CLI, logs); the GUI has its own
#: translated text for each id (``desktop/views/sync_messages.py``)
PROGRESS_MESSAGES: dict[str, str] = {
    "signing_in": "Signing in",
    "fetching_customers": "Fetching customers",
    "fetched_customers": "Fetched {count} customers",
    "customers_saved": "Customer list saved ({count} customers); refreshing licences",
    "resuming_licences": "Resuming the licence refresh where the last sync stopped",
    "fetching_licences": "Fetching licences",
    "licences_refreshed": "Licences refreshed for {refreshed} of {count} customers",
    "fetching_groups": "Fetching customer groups",
    "fetching_billing": "Fetching billing usage",
    "saving": "Saving",
    "complete": "Sync complete",
}


def progress_event(
    phase: str,
    done: int,
    total: int | None,
    key: str,
    *,
    committed: str = "",
    ids: tuple[str, ...] = (),
    **args: int,
) -> SyncProgress:
    """A progress event with its message id, arguments and English text."""
    message = PROGRESS_MESSAGES[key].format(**args)
    return SyncProgress(phase, done, total, message, committed, ids, key, args)


#: the sync ended without an API or cache error of its own (SyncSummary.error_id)
CANCELLED_ID = "cancelled"
UNEXPECTED_ID = "unexpected"


class _BulkFetcher:
    """Pages the bulk licence route on its own thread; results wait in a queue.

    Only the engine thread touches the cache: it drains the queue between tenant
    pages and after them. An error or cancellation in the fetch is re-raised there.
    """

    _END = object()

    def __init__(self, client: PartnerApiClient, page_size: int) -> None:
        self._client = client
        self._page_size = page_size
        self._queue: queue.Queue[object] = queue.Queue(maxsize=QUEUE_RESULTS)
        self._stop = threading.Event()
        self._ended = False
        self._thread = threading.Thread(target=self._run, name="bulk-licences", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> bool:
        """Bounded: the fetch waits for the engine instead of piling parsed pages up."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for result in self._client.iter_bulk_licences(self._page_size):
                if not self._put(result):
                    return
        except BaseException as exc:  # handed to the engine thread, which re-raises it
            self._put(exc)
            return
        self._put(self._END)

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


class _Licences:
    """Turns licence results into stored sets, batch by batch (engine thread only)."""

    def __init__(
        self, store: SyncStore, summary: SyncSummary, total: int, *, defer_unchanged: bool
    ) -> None:
        self.store = store
        self.summary = summary
        self.total = total
        # tenants already handled: a bit per listed tenant (cid), ids only for the others
        self._seen_cids = Bits()
        self._seen_ids: set[str] = set()
        self.seen_count = 0
        self.batch: list[tuple[str, LicenceSet]] = []
        #: fetched, unchanged: only their fetch time is written
        self.unchanged: list[str] = []
        #: with the bulk route (arrival order unrelated to the file's order, and a
        #: resumed sync fetches everything anyway) their fetch times are written once,
        #: at the end: each page of ``lic_fresh`` once per sync
        self.defer_unchanged = defer_unchanged
        self.pending = 0
        #: tenants listed when the waiting results were last matched to the list
        self.checked_at = 0
        #: ids whose licence set changed inside the tenant-list transaction
        self.listing_ids: list[str] = []
        self.last_commit = time.monotonic()

    def add(self, result: LicenceResult) -> bool:
        """Queue one result; True when a batch is due."""
        if not self._first_time(result.tenant_id):
            return False
        self.summary.warnings.extend(result.skipped)
        error = getattr(result, "error", None)
        if error:
            # keep the previous licences; the tenant stays stale and goes first next time
            self.summary.stale += 1
            if self.summary.stale <= 20:
                self.summary.warnings.append(
                    f"Licences of {result.tenant_id} not refreshed: {error}"
                )
            return False
        digest, text, ordered = LicenceSet.hash_of(result.licences)
        if self.store.licence_current(result.tenant_id, digest):
            self.unchanged.append(result.tenant_id)  # not compressed, not rewritten
        else:
            self.batch.append((result.tenant_id, LicenceSet.build(digest, text, ordered)))
        self.pending += 1
        return self.pending >= BATCH or time.monotonic() - self.last_commit >= BATCH_SECONDS

    def was_seen(self, tenant_id: str) -> bool:
        cid = self.store.cids.get(tenant_id)
        return tenant_id in self._seen_ids or (cid is not None and cid in self._seen_cids)

    def _first_time(self, tenant_id: str) -> bool:
        if self.was_seen(tenant_id):
            return False
        cid = self.store.cids.get(tenant_id)
        if cid is None:
            self._seen_ids.add(tenant_id)
        else:
            self._seen_cids.add(cid)
        self.seen_count += 1
        return True

    def write_during_listing(self) -> None:
        """Bulk results for tenants already known go into the tenant-list transaction
        (they commit with it); only those of tenants not listed yet stay in memory."""
        known = [(t, s) for t, s in self.batch if t in self.store.cids]
        if not known and (self.defer_unchanged or not self.unchanged):
            return
        self.batch = [(t, s) for t, s in self.batch if t not in self.store.cids]
        unchanged = [] if self.defer_unchanged else self.unchanged
        self.listing_ids.extend(self.store.write_licences(known, unchanged))
        if not self.defer_unchanged:
            self.unchanged = []
        self.pending = len(self.batch)

    def commit(self, *, final: bool = False) -> SyncProgress | None:
        self.last_commit = time.monotonic()
        flush_unchanged = final or not self.defer_unchanged
        if not self.batch and not (flush_unchanged and self.unchanged):
            return None
        unchanged = self.unchanged if flush_unchanged else []
        ids = self.store.write_licences(self.batch, unchanged)
        self.summary.refreshed += self.pending
        self.pending = 0
        self.batch = []
        if flush_unchanged:
            self.unchanged = []
        done = min(self.seen_count, self.total)
        return progress_event(
            "licences",
            done,
            self.total,
            "licences_refreshed",
            committed="licences",
            ids=tuple(ids),
            refreshed=self.summary.refreshed,
            count=self.total,
        )


def config_for_profile(profile: Profile, secret: str, **overrides: object) -> ApiConfig:
    return ApiConfig(
        identity_url=profile.identity_url,
        global_url=profile.global_url,
        client_id=profile.client_id,
        client_secret=secret,
        ca_bundle=profile.ca_bundle,
        **overrides,  # type: ignore[arg-type]
    )


class SyncTarget(Protocol):
    """Where a sync writes: a local :class:`Cache` or a team database (PostgreSQL)."""

    def sync_store(self, *, wait: float = 0) -> AbstractContextManager[SyncStore]: ...


def sync_events(
    cache: Cache | SyncTarget,
    client: PartnerApiClient,
    *,
    page_size: int = 100,
    wait: float = DEFAULT_WAIT_S,
) -> Generator[SyncProgress, None, SyncSummary]:
    """Run one sync; yields progress; returns the summary (never raises API errors)."""
    started = utcnow()
    t0 = time.perf_counter()
    summary = SyncSummary(status="failed")
    try:
        store_cm = cache.sync_store(wait=wait)
        store = store_cm.__enter__()
    except CacheBusyError as exc:
        summary.status = "busy"
        summary.error = exc.message
        summary.error_id = "busy"
        return summary
    except CacheError as exc:
        summary.error = exc.message
        summary.error_id = "cache"
        return summary
    try:
        try:
            yield from _sync(store, client, summary, page_size=page_size, started=started, t0=t0)
            summary.seconds = time.perf_counter() - t0
            yield progress_event("done", summary.customers, summary.customers, "complete")
            return summary
        except CancelledError:
            summary.status = "cancelled"
            summary.error = "The sync was cancelled; what it saved so far is kept."
            summary.error_id = CANCELLED_ID
        except PartnerApiError as exc:
            summary.status = "failed"
            summary.error = exc.message
            summary.error_id = exc.kind
            summary.error_status = exc.status
        except CacheError as exc:
            summary.status = "failed"
            summary.error = exc.message
            summary.error_id = "cache"
        except (
            Exception
        ) as exc:  # a bug must not leave the caller hanging or the cache half-written
            log.exception("sync failed unexpectedly")
            summary.status = "failed"
            summary.error = (
                f"The sync stopped because of an unexpected error ({type(exc).__name__})."
            )
            summary.error_id = UNEXPECTED_ID
        summary.seconds = time.perf_counter() - t0
        try:
            store.record_failure(started, summary)
        except Exception:  # the disk may be the problem; the summary still reaches the user
            log.warning("could not record the failed sync run", exc_info=True)
        return summary
    finally:
        store_cm.__exit__(None, None, None)


def _sync(
    store: SyncStore,
    client: PartnerApiClient,
    summary: SyncSummary,
    *,
    page_size: int,
    started: object,
    t0: float,
) -> Generator[SyncProgress, None, None]:
    yield progress_event("connect", 0, None, "signing_in")
    client.authenticate()
    who = client.whoami()
    caps: Capabilities = client.capabilities()

    # With the bulk route, licence pages do not depend on the tenant list: fetch them
    # on a thread beside the tenant paging (half the critical path on a slow link).
    fetcher = _BulkFetcher(client, page_size) if caps.has("bulkLicenses") else None
    try:
        yield progress_event("tenants", 0, None, "fetching_customers")
        listed = 0
        total_items: int | None = None
        # Bulk results that arrive during the listing wait as compact licence sets; they
        # commit in the first batch after the tenant list.
        licences = _Licences(store, summary, 0, defer_unchanged=fetcher is not None)
        store.begin_listing()
        for page in client.iter_tenant_pages(page_size=page_size):
            if page.total_items is not None:
                total_items = page.total_items
            summary.warnings.extend(page.skipped)
            store.add_tenants(page.tenants)
            listed += len(page.tenants)
            if fetcher is not None:
                if licences.pending >= BATCH and listed - licences.checked_at >= CHECK_EVERY:
                    licences.write_during_listing()
                    licences.checked_at = listed
                # Results for tenants not listed yet wait in the fetcher's bounded queue
                # (backpressure) rather than pile up here.
                for result in fetcher.drain(block=False):
                    licences.add(result)
                    if licences.pending >= BATCH:
                        break
            yield progress_event("tenants", listed, total_items, "fetched_customers", count=listed)
        counts = store.commit_listing(partner_id=who.partner_id, capabilities=caps)
        summary.listed = True
        summary.customers, summary.new = counts.customers, counts.new
        summary.removed, summary.changed = counts.removed, counts.changed
        total = counts.customers
        yield progress_event(
            "tenants",
            total,
            total,
            "customers_saved",
            committed="tenants",
            ids=(*counts.ids, *licences.listing_ids),
            count=total,
        )

        licences.total = total
        if fetcher is None and store.resuming:
            yield progress_event("licences", 0, total, "resuming_licences")
        else:
            yield progress_event("licences", 0, total, "fetching_licences")
        if fetcher is not None:
            results: Iterator[LicenceResult] = fetcher.drain(block=True)
        else:
            # stalest first; a round a failed or killed sync left open is resumed
            order = store.licence_plan()
            licences.total = len(order)
            results = client.iter_licences(order, bulk=False, page_size=page_size)
        for result in results:
            if licences.add(result):
                event = licences.commit()
                if event is not None:
                    yield event
        if fetcher is not None:
            # The bulk route lists every tenant the partner may manage: the others are not.
            for tid in store.live_ids():
                if not licences.was_seen(tid) and licences.add(LicenceResult(tid, None, [])):
                    event = licences.commit()
                    if event is not None:
                        yield event
        event = licences.commit(final=True)
        if event is not None:
            yield event
    finally:
        if fetcher is not None:
            fetcher.stop()
    summary.changed += store.changed_licences

    groups: list[Group] | None = None
    if caps.has("groups"):
        yield progress_event("groups", 0, None, "fetching_groups")
        groups = client.groups()

    yield progress_event("save", 0, None, "saving")
    summary.status = "ok"
    summary.seconds = time.perf_counter() - t0
    store.finish(started, summary, groups)  # type: ignore[arg-type]

    # Off the critical path: every customer, licence and group is committed (and the
    # run recorded) before the month's billing usage is fetched; then the file is
    # compacted (a full VACUUM only after a first sync into an empty cache).
    yield from _billing(store, client, summary)
    store.compact()


def limit_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives every thread that allocates its own malloc arena (up to 8 per core),
    and the client's HTTP threads leave each one fragmented: ~10 MB of RSS per 30k
    customers that no Python object holds. Two arenas are plenty for this process.
    Called before the client starts its threads; a no-op off glibc."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def run_sync(
    cache_path: Path,
    config: ApiConfig,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[SyncProgress], None] | None = None,
    page_size: int = 100,
    wait: float = DEFAULT_WAIT_S,
) -> SyncSummary:
    """Open the cache, sync, close; progress goes to the callback."""
    limit_malloc_arenas()
    cancel = cancel or threading.Event()
    try:
        # A damaged or too-new cache is moved aside and rebuilt by this sync (docs/architecture.md §9).
        cache, note = open_cache(cache_path, verify=False)
    except CacheError as exc:
        return SyncSummary(status="failed", error=exc.message, error_id="cache")
    except OSError as exc:  # moving the damaged file aside failed
        return SyncSummary(
            status="failed",
            error=f"The cache file cannot be replaced ({exc.strerror}).",
            error_id="cache",
        )
    if note:
        log.warning("%s", note)
    try:
        with PartnerApiClient(config, cancel=cancel) as client:
            events = sync_events(cache, client, page_size=page_size, wait=wait)
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


def _billing(
    store: SyncStore, client: PartnerApiClient, summary: SyncSummary
) -> Generator[SyncProgress, None, None]:
    """The month's billing usage (issue 15): cached per month; never fails the sync."""
    from desktop.services.insights.billing import billing_target, refresh_billing

    target = billing_target(store.cache)  # a local cache, or the team database
    if target is None:
        return
    yield progress_event("billing", 0, None, "fetching_billing")
    summary.warnings.extend(refresh_billing(target, client))
