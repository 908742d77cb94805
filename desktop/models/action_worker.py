"""Customer actions off the GUI thread (docs/architecture.md §2 step 4).

An :class:`ActionWorker` is a QObject that runs on its own QThread (started by
``desktop.models.sync_worker.ThreadPool``): it opens its own API client and cache
connection, runs one job against :class:`~desktop.services.actions.ActionService`
(which calls the API, updates the cache on success and writes the audit log),
then reads the affected customers back from the cache as table rows and hands
everything to the GUI in ONE ``finished`` signal (an :class:`ActionOutcome`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.services.actions import (
    Action,
    ActionResult,
    ActionService,
    InputError,
    Reason,
    record_launch,
)
from desktop.services.cache import Cache
from desktop.services.domain import (
    CustomerRow,
    StatusCalculator,
    encode_summary,
    make_search_key,
    summarize,
)
from desktop.services.partner_api.config import ApiConfig

if TYPE_CHECKING:
    from desktop.services.partner_api.client import PartnerApiClient

log = logging.getLogger("partner_desk.gui")

#: A job gets the service and the cancel event; it returns one result or several.
Job = Callable[[ActionService, threading.Event], "ActionResult | list[ActionResult]"]


@dataclass(slots=True)
class ActionOutcome:
    """What the GUI needs after an action: results, fresh rows, or why it failed."""

    action: Action
    tenant_ids: tuple[str, ...]
    results: list[ActionResult] = field(default_factory=list)
    rows: list[CustomerRow] = field(default_factory=list)  # affected customers, re-read
    error: str = ""  # English; set when the job could not run (input, cache, crash)
    error_kind: str = ""  # "InputError", "CacheError", …

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.results) and all(r.ok for r in self.results)

    @property
    def failures(self) -> list[ActionResult]:
        return [r for r in self.results if not r.ok]


def row_from_cache(
    cache: Cache, tenant_id: str, today: dt.date, last_synced: str = ""
) -> CustomerRow | None:
    """One customer as a table row, read from the cache (as ``Cache.load_rows`` would)."""
    tenant = cache.tenant(tenant_id)
    if tenant is None:
        return None
    names = {g.id: g.name for g in cache.groups()}
    manageable = cache.is_manageable(tenant_id)
    licences = cache.licences(tenant_id) if manageable else []
    statuses = StatusCalculator(today).statuses(encode_summary(summarize(licences)), manageable)
    email = tenant.contact.email if tenant.contact else ""
    return CustomerRow(
        id=tenant.id,
        name=tenant.name,
        show_as=tenant.show_as,
        email=email,
        billing_type=tenant.billing_type,
        groups=tuple(sorted(names.get(g, g) for g in tenant.group_ids)),
        assistance=tenant.assistance,
        managed_customer_order=tenant.managed_customer_order,
        data_region=tenant.data_region,
        data_geography=tenant.data_geography,
        last_synced=last_synced,
        removed_at=cache.removed_at(tenant_id),
        manageable=manageable,
        statuses=statuses,
        unlink_status=tenant.unlink_status,
        search_key=make_search_key(tenant.name, tenant.show_as, email, tenant.id),
    )


class ActionWorker(QObject):
    """Runs one action job on a worker thread; ``cancel()`` is thread-safe."""

    #: ActionOutcome
    finished = Signal(object)

    def __init__(
        self,
        action: Action,
        tenant_ids: Sequence[str],
        job: Job,
        *,
        cache_path: Path,
        config: ApiConfig | Callable[[], ApiConfig | None],
        actor: str = "",
        last_synced: Mapping[str, str] | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.action = action
        self.tenant_ids = tuple(tenant_ids)
        self._job = job
        self.cache_path = Path(cache_path)
        self.config = config
        self.actor = actor
        self._last_synced = dict(last_synced or {})
        self._today = today
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        outcome = ActionOutcome(self.action, self.tenant_ids)
        cache: Cache | None = None
        client: PartnerApiClient | None = None
        try:
            # The configuration (and the keyring read behind it) is built here, off the
            # GUI thread; None: no usable secret for this profile.
            config = self.config() if callable(self.config) else self.config
            if config is None:
                outcome.error, outcome.error_kind = Reason.NO_SECRET, "NoSecret"
                self.finished.emit(outcome)
                return
            self.actor = self.actor or actor_for(config)
            cache = Cache.open(self.cache_path, verify=False)
            from desktop.services.partner_api.client import PartnerApiClient as Client

            client = Client(config, cancel=self._cancel)
            service = ActionService(client, cache, self.actor)
            answer = self._job(service, self._cancel)
            outcome.results = answer if isinstance(answer, list) else [answer]
            ids = list(self.tenant_ids)
            for result in outcome.results:
                ids.extend(t for t in result.tenant_ids if t not in ids)
            today = self._today or dt.date.today()
            for tid in ids:
                row = row_from_cache(cache, tid, today, self._last_synced.get(tid, ""))
                if row is not None:
                    outcome.rows.append(row)
        except InputError as exc:
            outcome.error, outcome.error_kind = str(exc), "InputError"
        except Exception as exc:  # never lose the thread; the GUI shows a message
            log.exception("action %s failed", self.action.value)
            outcome.error = getattr(exc, "message", "") or f"{type(exc).__name__}: {exc}"
            outcome.error_kind = type(exc).__name__
        finally:
            if client is not None:
                client.close()
            if cache is not None:
                cache.close()
        self.finished.emit(outcome)


class LaunchRecorder(QObject):
    """Writes the audit entry of a launch off the GUI thread (after the browser was asked)."""

    #: True when the entry was written
    finished = Signal(object)

    def __init__(
        self, cache_path: Path, actor: str | Callable[[], str], tenant_id: str, opened: bool
    ) -> None:
        super().__init__()
        self.cache_path = Path(cache_path)
        self.actor = actor
        self.tenant_id = tenant_id
        self.opened = opened

    @Slot()
    def run(self) -> None:
        ok = False
        try:
            cache = Cache.open(self.cache_path, verify=False)
            try:
                actor = self.actor() if callable(self.actor) else self.actor
                record_launch(cache, actor, self.tenant_id, self.opened)
                ok = True
            finally:
                cache.close()
        except Exception:
            log.exception("could not record the launch in the audit log")
        self.finished.emit(ok)


def actor_for(config: ApiConfig | Any) -> str:
    """Who is recorded in the audit log: the API credential's client id."""
    return str(getattr(config, "client_id", "") or "unknown")
