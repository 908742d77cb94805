"""Glue between the customer table and the Qt-free actions layer.

:class:`ActionsController` owns the action workers (one QThread each, through
``ThreadPool``: cancel, quit and wait on shutdown), knows the profile's
capabilities and whether the window is online, answers ``availability()`` for
the selected rows, marks affected rows busy while an action runs, and swaps the
re-read rows into the table model when it ends. It has no widgets and no
strings for people: the views translate reasons and show results.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.models.action_worker import (
    ActionOutcome,
    ActionWorker,
    Job,
    LaunchRecorder,
    actor_for,
)
from desktop.models.sync_worker import ThreadPool
from desktop.services.actions import (
    Action,
    ActionResult,
    ActionService,
    Availability,
    MonthlyAccountForm,
    Reason,
    availability,
)
from desktop.services.domain import BillingType, Capabilities, CustomerRow
from desktop.services.partner_api.config import ApiConfig
from desktop.services.partner_api.errors import CancelledError

log = logging.getLogger("partner_desk.gui")

# Reasons decided here (the views translate them by member: desktop/views/action_reasons.py).
R_BUSY = Reason.BUSY
R_NO_SECRET = Reason.NO_SECRET
R_TEAM_READ_ONLY = Reason.TEAM_READ_ONLY


class ActionsController(QObject):
    """Runs customer actions off the GUI thread and keeps the table model current."""

    #: Action, tuple of tenant ids
    actionStarted = Signal(object, object)
    #: ActionOutcome
    actionFinished = Signal(object)
    #: the set of busy customers changed
    busyChanged = Signal()
    #: capabilities or online state changed (enable/disable actions again)
    stateChanged = Signal()

    def __init__(self, model: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._threads = ThreadPool(self)
        self._workers: list[ActionWorker] = []
        self._recorders: list[LaunchRecorder] = []
        self._busy: dict[str, Action] = {}
        self._cache_path: Path | None = None
        self._config_factory: Callable[[], ApiConfig | None] = lambda: None
        self._caps: Capabilities | None = None
        self._online = True
        #: why every change is disabled (a team profile without an API credential)
        self._read_only: Reason | None = None
        self._closing = False
        self._generation = 0  # bumped per profile: late results of another profile are dropped

    # ------------------------------------------------------------ state

    def set_profile(self, cache_path: Path, config_factory: Callable[[], ApiConfig | None]) -> None:
        self._cache_path = Path(cache_path)
        self._config_factory = config_factory
        self._generation += 1
        self._busy.clear()

    def set_capabilities(self, caps: Capabilities | None) -> None:
        self._caps = caps
        self.stateChanged.emit()

    def capabilities(self) -> Capabilities | None:
        return self._caps

    def set_online(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            self.stateChanged.emit()

    def is_online(self) -> bool:
        return self._online

    def set_read_only(self, reason: Reason | None) -> None:
        if reason != self._read_only:
            self._read_only = reason
            self.stateChanged.emit()

    def availability(self, action: Action, rows: Sequence[CustomerRow]) -> Availability:
        """``actions.availability`` plus "busy": one action per customer at a time."""
        if self._read_only and action not in (Action.CONTACT, Action.DETAILS):
            return Availability(False, self._read_only)
        av = availability(action, self._caps, rows, online=self._online)
        if (
            av.enabled
            and action not in (Action.CONTACT, Action.DETAILS)  # viewing is always fine
            and any(r.id in self._busy for r in rows)
        ):
            return Availability(False, R_BUSY)
        return av

    def is_busy(self, tenant_id: str) -> bool:
        return tenant_id in self._busy

    def busy_ids(self) -> dict[str, Action]:
        return dict(self._busy)

    def running(self) -> list[QObject]:
        return [*self._workers, *self._recorders]

    # ------------------------------------------------------------ running

    def run(self, action: Action, tenant_ids: Iterable[str], job: Job) -> ActionWorker | None:
        """Start ``job`` on a worker thread. Does not check availability (the server does)."""
        ids = tuple(tenant_ids)
        if self._closing:
            return None
        if self._cache_path is None:
            outcome = ActionOutcome(action, ids, error=R_NO_SECRET, error_kind="NoSecret")
            self.actionFinished.emit(outcome)
            return None
        last_synced = {}
        for row in self.model.all_rows():
            if row.id in ids:
                last_synced[row.id] = row.last_synced
        worker = ActionWorker(
            action,
            ids,
            job,
            cache_path=self._cache_path,
            config=self._config_factory,  # built on the worker (the keyring read too)
            last_synced=last_synced,
        )
        worker.setProperty("generation", self._generation)
        worker.finished.connect(self._on_finished)
        self._workers.append(worker)
        for tid in ids:
            self._busy[tid] = action
        self._mark_busy(ids, True)
        self._threads.start(worker, f"action-{action.value}")
        self.actionStarted.emit(action, ids)
        self.busyChanged.emit()
        return worker

    @Slot(object)
    def _on_finished(self, outcome: ActionOutcome) -> None:
        worker = self.sender()
        if worker in self._workers:
            self._workers.remove(worker)
        if self._closing or worker is None or worker.property("generation") != self._generation:
            return  # shutting down, or the window switched to another profile meanwhile
        for tid in outcome.tenant_ids:
            self._busy.pop(tid, None)
        self._mark_busy(outcome.tenant_ids, False)
        if outcome.rows:
            self.apply_rows(outcome.rows)
        self.busyChanged.emit()
        self.actionFinished.emit(outcome)

    def apply_rows(self, rows: Sequence[CustomerRow]) -> None:
        """Put re-read rows into the model (new ones are added; removed ones hide)."""
        update = getattr(self.model, "update_rows", None)
        if update is not None:
            update(rows)
            return
        by_id = {r.id: r for r in rows}  # fallback for a model without update_rows
        current = list(self.model.all_rows())
        for i, row in enumerate(current):
            fresh = by_id.pop(row.id, None)
            if fresh is not None:
                current[i] = fresh
        current.extend(by_id.values())
        self.model.set_rows(current)

    def _mark_busy(self, ids: Sequence[str], on: bool) -> None:
        set_busy = getattr(self.model, "set_busy", None)
        if set_busy is not None:
            set_busy(ids, on)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every running action and wait for its thread (idempotent)."""
        self._closing = True
        for worker in self._workers:
            worker.cancel()
        ok = self._threads.shutdown(timeout_ms)
        self._workers.clear()
        self._recorders.clear()
        self._busy.clear()
        return ok

    # ------------------------------------------------------------ the actions

    def rename(self, tenant_id: str, show_as: str) -> ActionWorker | None:
        return self.run(Action.RENAME, [tenant_id], lambda s, _c: s.rename(tenant_id, show_as))

    def add_to_group(self, group_id: str, tenant_ids: Sequence[str]) -> ActionWorker | None:
        ids = list(tenant_ids)
        return self.run(Action.ADD_TO_GROUP, ids, lambda s, _c: s.add_to_group(group_id, ids))

    def remove_from_group(self, group_id: str, tenant_id: str) -> ActionWorker | None:
        return self.run(
            Action.REMOVE_FROM_GROUP,
            [tenant_id],
            lambda s, _c: s.remove_from_group(group_id, tenant_id),
        )

    def launch(self, tenant_id: str) -> ActionWorker | None:
        return self.run(Action.LAUNCH, [tenant_id], lambda s, _c: s.launch(tenant_id))

    def record_launch(self, tenant_id: str, opened: bool, actor: str = "") -> None:
        """Audit a launch once the browser was asked to open it (off the GUI thread)."""
        if self._closing or self._cache_path is None:
            return
        factory = self._config_factory

        def actor_now() -> str:  # on the recorder's thread: the config reads the keyring
            config = factory()
            return actor_for(config) if config is not None else "unknown"

        recorder = LaunchRecorder(self._cache_path, actor or actor_now, tenant_id, opened)
        recorder.finished.connect(self._on_recorded)
        self._recorders.append(recorder)
        self._threads.start(recorder, "audit-launch")

    @Slot(object)
    def _on_recorded(self, _ok: object) -> None:
        recorder = self.sender()
        if recorder in self._recorders:
            self._recorders.remove(recorder)

    def request_assistance(self, tenant_id: str) -> ActionWorker | None:
        return self.request_assistance_many([tenant_id])

    def request_assistance_many(self, tenant_ids: Sequence[str]) -> ActionWorker | None:
        """Ask each customer in turn; one result per customer (bulk selections)."""
        ids = list(tenant_ids)
        return self.run(
            Action.REQUEST_ASSISTANCE,
            ids,
            _each_customer(
                Action.REQUEST_ASSISTANCE, ids, lambda s, tid: s.request_assistance(tid)
            ),
        )

    def update_billing(
        self, tenant_id: str, target: BillingType, licence_key: str | None = None
    ) -> ActionWorker | None:
        return self.run(
            Action.UPDATE_BILLING,
            [tenant_id],
            lambda s, _c: s.update_billing(tenant_id, target, licence_key),
        )

    def unlink(self, tenant_ids: Sequence[str]) -> ActionWorker | None:
        ids = list(tenant_ids)
        return self.run(
            Action.UNLINK, ids, _each_customer(Action.UNLINK, ids, lambda s, tid: s.unlink(tid))
        )

    def create_monthly_account(self, form: MonthlyAccountForm) -> ActionWorker | None:
        return self.run(Action.CREATE_MONTHLY, [], lambda s, _c: s.create_monthly_account(form))


def _each_customer(
    action: Action, ids: list[str], call: Callable[[ActionService, str], ActionResult]
) -> Callable[[ActionService, threading.Event], list[ActionResult]]:
    """A job that calls ``call`` for each customer in turn; once cancelled, each customer
    not yet asked gets a cancelled result (one result per customer)."""

    def job(service: ActionService, cancel: threading.Event) -> list[ActionResult]:
        results = []
        for tid in ids:
            if cancel.is_set():
                err = CancelledError()
                results.append(
                    ActionResult(action, (tid,), False, err.message, error_kind="CancelledError")
                )
                continue
            results.append(call(service, tid))
        return results

    return job
