"""Keeping the window's rows current: the sync (button, F5, on start), its progress,
its outcome, the first-sync overlay, and a team profile's database feed
(docs/architecture.md §2, §10).

A part of :class:`~desktop.views.main_window.MainWindow` (one job per module).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QTimer,
    Slot,
)

from desktop.models.profile_session import cancelled_summary
from desktop.models.sync_worker import SyncWorker, deferred_config
from desktop.views.action_reasons import count_text
from desktop.views.plain import plain_tooltip
from desktop.views.sync_messages import event_text, failure
from desktop.views.window_base import WindowBase
from desktop.views.window_state import describe_when

log = logging.getLogger("partner_desk.gui")

#: Rows released per event-loop turn after a swap (~2-3 ms of freeing each at 100k).
RELEASE_SLICE = 5_000


def release_in_slices(held: list[Any], parent: QObject, step: int = RELEASE_SLICE) -> None:
    """Empty ``held`` ``step`` items per event-loop turn. The rows a swap replaced are
    freed this way: dropping 100,000 row objects at once held the GUI thread ~50 ms
    (docs/architecture.md §8). Rows still referenced elsewhere just stay alive."""
    if not held:
        return
    timer = QTimer(parent)
    timer.setInterval(0)

    def drop() -> None:
        del held[-step:]
        if not held:
            timer.stop()
            timer.deleteLater()

    timer.timeout.connect(drop)
    timer.start()


class SyncControl(WindowBase):
    def is_syncing(self) -> bool:
        return self._sync_worker is not None

    def _swap_rows(self, rows: Any) -> None:
        """``set_rows``; the rows it replaces are freed afterwards, in slices."""
        held = list(self.model.built_rows())  # a copy: workers may still read the list
        self.model.set_rows(rows)
        release_in_slices(held, self)

    def start_sync(self) -> None:
        if self._sync_worker is not None or self._closing:
            return
        if self.profile.is_team:  # a team desktop never calls the API: reconnect instead
            self._start_team_feed()
            return
        # The worker exists (and the window counts as syncing) at once; it starts when
        # the secret, looked up on the session's worker thread (the keyring can take
        # a while), has come back. Cancel, a profile switch or closing meanwhile end it.
        worker = SyncWorker(
            self.profile.cache_path,
            None,
            sort_columns=(self.model.sort_column(),),
            table_rows=len(self.model.row_list()),
        )
        worker.progress.connect(self._on_sync_progress)
        worker.finished.connect(self._on_sync_finished)
        worker.rowsReloaded.connect(self._on_sync_rows_reloaded)
        worker.rowsChanged.connect(self._on_sync_rows_changed)
        worker.acknowledged = True  # _on_sync_rows_changed calls slice_applied
        self._sync_worker = worker
        self.customerInsights.sync_started()  # no seats read beside the sync
        status_before = (self.syncStatus.text(), self.syncStatus.toolTip())
        self.syncAction.setEnabled(False)
        self.cancelSyncAction.setEnabled(True)
        self.retryButton.setEnabled(False)
        self.syncProgress.setRange(0, 0)
        self.syncProgress.setFormat(QCoreApplication.translate("MainWindow", "Connecting…"))
        self.syncProgress.show()
        self.syncStatus.setText(QCoreApplication.translate("MainWindow", "Syncing…"))
        self._update_overlay()
        profile = self.profile
        self.session.call(
            lambda: self.session.secret_for(profile),
            lambda secret, error: self._on_sync_secret(worker, secret, error, status_before),
        )

    def _on_sync_secret(
        self, worker: SyncWorker, secret: Any, error: Any, status_before: tuple[str, str]
    ) -> None:
        """The secret looked up by ``start_sync`` is here (GUI thread): start the sync,
        or say that no secret is stored."""
        if worker is not self._sync_worker or self._closing:
            return  # cancelled by a profile switch, the cache's removal or closing
        if error is not None:
            log.warning("the client secret could not be read: %s", type(error).__name__)
        if worker.is_cancelled():  # Cancel pressed while the secret was looked up
            worker.finished.emit(cancelled_summary(), None, None)
            return
        if not secret:
            self._sync_worker = None
            self.customerInsights.refresh()  # sync_started() stopped a read of the seats
            self._reset_sync_controls()
            self.syncStatus.setText(status_before[0])
            self.syncStatus.setToolTip(status_before[1])
            self._offline = True
            self._update_age()
            self.show_message(
                QCoreApplication.translate(
                    "MainWindow",
                    "No client secret is stored for the profile {profile}. "
                    "Open File › Profiles… to enter it.",
                ).format(profile=self.profile.name),
                retry=False,
                edit_profile=True,
            )
            self._update_overlay()
            return
        worker.config = deferred_config(self.profile, secret)  # built on the worker thread
        self._failure = None
        self._update_overlay()
        self._threads.start(worker, "sync")

    def sync_running(self) -> bool:
        """A sync of this window's profile is running."""
        return self._sync_worker is not None

    def cancel_sync(self) -> None:
        if self._sync_worker is not None:
            self._sync_worker.cancel()
            self.cancelSyncAction.setEnabled(False)
            self.syncStatus.setText(QCoreApplication.translate("MainWindow", "Cancelling…"))

    @Slot(str, int, object, object)
    def _on_sync_progress(self, phase: str, done: int, total: Any, event: Any) -> None:
        if self._sync_worker is None or self.sender() is not self._sync_worker:
            return
        if isinstance(total, int) and total > 0:
            self.syncProgress.setRange(0, total)
            self.syncProgress.setValue(min(done, total))
        else:
            self.syncProgress.setRange(0, 0)
        self.syncProgress.setFormat(self._phase_text(phase))
        message = event_text(event)  # translated from the event's message id
        self.syncProgress.setToolTip(plain_tooltip(message))
        if phase == "licences" and isinstance(total, int):
            # What is fresh and what is still being refreshed (the table's "Last synced"
            # column shows when each customer's licences were fetched).
            self.syncStatus.setText(
                QCoreApplication.translate(
                    "MainWindow",
                    "Customer list up to date · licences refreshed for {done} of {total} customers",
                ).format(done=count_text(done), total=count_text(total))
            )
        else:
            self.syncStatus.setText(message)
        self._update_overlay(phase, done, total, event)

    @Slot(object, object)
    def _on_sync_rows_reloaded(self, rows: Any, record: Any) -> None:
        """The tenant list committed: every customer, with the licences known before."""
        if self._sync_worker is None or self.sender() is not self._sync_worker or self._closing:
            return
        self._swap_rows(rows)
        self._update_count()
        self._update_overlay()

    @Slot(object)
    def _on_sync_rows_changed(self, rows: Any) -> None:
        """A licence batch committed: refresh only its rows (no reset)."""
        worker = self._sync_worker
        if worker is None or self.sender() is not worker or self._closing:
            return
        try:
            self.model.update_rows(rows)
            if self.tableOverlay.isVisible():  # the first rows may arrive this way too
                self._update_overlay()
        finally:
            worker.slice_applied()  # the worker reads the next rows now, not beside this

    def _phase_text(self, phase: str) -> str:
        texts = {
            "connect": QCoreApplication.translate("MainWindow", "Connecting…"),
            "tenants": QCoreApplication.translate("MainWindow", "Customers %v/%m"),
            "licences": QCoreApplication.translate("MainWindow", "Licences %v/%m"),
            "groups": QCoreApplication.translate("MainWindow", "Groups…"),
            "billing": QCoreApplication.translate("MainWindow", "Billing usage…"),
            "save": QCoreApplication.translate("MainWindow", "Saving…"),
            "done": QCoreApplication.translate("MainWindow", "Done"),
        }
        return texts.get(phase, phase)

    @Slot(object, object, object)
    def _on_sync_finished(self, summary: Any, rows: Any, record: Any) -> None:
        if self.sender() is not self._sync_worker:
            return  # a sync of a profile that is no longer open
        self._sync_worker = None
        if self._closing:
            return
        self._reset_sync_controls()
        if rows is not None:
            self._swap_rows(rows)
        if record is not None:
            self._last_ok = record.finished_at
        status = getattr(summary, "status", "failed")
        if status == "ok":
            self._offline = False
            self.banner.hide()
            self.syncStatus.setText(
                QCoreApplication.translate(
                    "MainWindow", "{new} new, {removed} removed, {changed} changed"
                ).format(
                    new=count_text(summary.new),
                    removed=count_text(summary.removed),
                    changed=count_text(summary.changed),
                )
            )
            tip = QCoreApplication.translate(
                "MainWindow",
                "{customers} customers, {licences} licences, {not_manageable} not manageable, "
                "{seconds} s",
            ).format(
                customers=count_text(summary.customers),
                licences=count_text(summary.licences),
                not_manageable=count_text(summary.not_manageable),
                seconds=f"{summary.seconds:.1f}",
            )
            if summary.warnings:  # technical, in English: the log has them
                log.info("sync notes: %s", "; ".join(summary.warnings[:50]))
                tip += "\n" + QCoreApplication.translate(
                    "MainWindow",
                    "{count} items of the server's answers were skipped (details in the log)",
                ).format(count=count_text(len(summary.warnings)))
            if getattr(summary, "stale", 0):
                tip += "\n" + QCoreApplication.translate(
                    "MainWindow",
                    "{stale} customers kept their previous licences (their licence request "
                    "failed); the next sync refreshes them first",
                ).format(stale=count_text(summary.stale))
            self.syncStatus.setToolTip(plain_tooltip(tip))
        elif status == "cancelled":
            self.syncStatus.setText(
                QCoreApplication.translate(
                    "MainWindow", "Sync cancelled — what it saved so far is kept"
                )
            )
            self.syncStatus.setToolTip("")
        elif status == "busy":
            # Not a failure: another process (a scheduled sync, a second window) is syncing.
            self.syncStatus.setText(
                QCoreApplication.translate(
                    "MainWindow",
                    "A sync of this profile is already running — showing the cached data",
                )
                if self._has_cache()
                else QCoreApplication.translate(
                    "MainWindow",
                    "A sync of this profile is already running elsewhere — no customers "
                    "cached yet; sync again when it has ended",
                )
            )
            self.syncStatus.setToolTip("")
        else:
            # Say what happened and what to do; "offline" only when the server could
            # not be reached, "showing the cached data" only when there is some.
            log.warning("sync failed (%s): %s", getattr(summary, "error_id", None), summary.error)
            meaning = failure(summary, profile=self.profile.name, has_cache=self._has_cache())
            self._failure = meaning
            self._offline = meaning.offline
            self.syncStatus.setText(meaning.status)
            self.syncStatus.setToolTip(plain_tooltip(meaning.detail))
            self.show_message(meaning.detail, edit_profile=meaning.edit_profile)
        self._update_age()
        self._update_overlay()
        self.syncFinished.emit(summary)

    def _reset_sync_controls(self) -> None:
        self.syncAction.setEnabled(True)
        self.cancelSyncAction.setEnabled(False)
        self.retryButton.setEnabled(True)
        self.syncProgress.hide()

    def _has_cache(self) -> bool:
        return self.model.total_count() > 0 or self._last_ok is not None

    def _update_overlay(
        self, phase: str = "", done: int = 0, total: Any = None, event: Any = None
    ) -> None:
        """Over an empty table: first-sync progress, or why there are no customers."""
        overlay = self.tableOverlay
        if self.model.total_count() > 0:
            overlay.hide()
            return
        if self._loading:
            overlay.show_message(
                QCoreApplication.translate("MainWindow", "Reading the cached customers…"), ""
            )
        elif self._sync_worker is not None:
            title = QCoreApplication.translate("MainWindow", "First sync: fetching your customers")
            count = total if isinstance(total, int) and total > 0 else None
            if phase == "tenants" and done:
                detail = overlay.counts_text(
                    phase, QCoreApplication.translate("MainWindow", "Customers"), done, count
                )
            elif phase == "licences" and done:
                detail = overlay.counts_text(
                    phase, QCoreApplication.translate("MainWindow", "Licences"), done, count
                )
            elif event is not None:
                detail = event_text(event)
            else:
                detail = QCoreApplication.translate("MainWindow", "Connecting…")
            overlay.show_progress(
                title,
                detail
                + "\n"
                + QCoreApplication.translate(
                    "MainWindow", "The customers appear here as soon as their list is complete."
                ),
                done,
                count,
            )
        elif self._failure is not None:
            overlay.show_message(
                QCoreApplication.translate("MainWindow", "No customers cached yet"),
                self._failure.detail,
            )
        elif self._last_ok is not None:
            overlay.show_message(
                QCoreApplication.translate("MainWindow", "No customers"),
                QCoreApplication.translate("MainWindow", "The last sync found no customers."),
            )
        else:
            overlay.show_message(
                QCoreApplication.translate("MainWindow", "No customers cached yet"),
                QCoreApplication.translate(
                    "MainWindow", "Sync (F5) fetches them from the Partner API."
                ),
            )

    def _start_team_feed(self) -> None:
        """Follow the team database: catch-up, then LISTEN/NOTIFY, on a worker thread."""
        if self._closing:
            return
        if self._team_feed is not None:
            self._team_feed.refresh()
            return
        from desktop.models.team_worker import TeamFeed, team_conninfo

        feed = TeamFeed(
            self.profile.cache_path,
            team_conninfo(self.profile),
            sort_columns=(self.model.sort_column(),),
        )
        feed.rowsChanged.connect(self._on_team_rows_changed)
        feed.rowsReloaded.connect(self._on_team_rows_reloaded)
        feed.status.connect(self._on_team_status)
        self._team_feed = feed
        self.syncStatus.setText(
            QCoreApplication.translate("MainWindow", "Connecting to the team database…")
        )
        self._threads.start(feed, "team-feed")

    def _stop_team_feed(self) -> None:
        if self._team_feed is not None:
            self._team_feed.cancel()
            self._team_feed = None

    @Slot(object)
    def _on_team_rows_changed(self, rows: Any) -> None:
        """New data committed on the team database: refresh only those rows (no reset)."""
        if self.sender() is not self._team_feed or self._closing:
            return
        self.model.update_rows(rows)
        self._update_count()

    @Slot(object, object)
    def _on_team_rows_reloaded(self, rows: Any, record: Any) -> None:
        if self.sender() is not self._team_feed or self._closing:
            return
        self._swap_rows(rows)
        if record is not None:
            self._last_ok = record.finished_at
        self._update_count()
        self._update_age()

    @Slot(bool, object, str)
    def _on_team_status(self, online: bool, refreshed: Any, error: str) -> None:
        if self.sender() is not self._team_feed or self._closing:
            return
        self._offline = not online
        self.customerActions.set_online(online)
        self._update_age()
        when = (
            describe_when(refreshed)
            if refreshed is not None
            else QCoreApplication.translate("MainWindow", "never")
        )
        if online:
            self.syncStatus.setText(QCoreApplication.translate("MainWindow", "Team database: live"))
        else:
            self.syncStatus.setText(
                QCoreApplication.translate(
                    "MainWindow", "Team database unreachable: showing the local copy from {when}"
                ).format(when=when)
            )
            self.syncStatus.setToolTip(plain_tooltip(error))
