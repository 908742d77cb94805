"""End to end: the window, a real SyncWorker on a real QThread, the real sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.models.sync_worker import SyncWorker, ThreadPool
from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.profiles import Profile
from desktop.services.sync import config_for_profile
from desktop.views.main_window import MainWindow
from tests.helpers.gui import saved_profile, show_window

CUSTOMERS = 300
pytestmark = pytest.mark.sandbox(customers=CUSTOMERS, seed=1)


class Relay(QObject):
    """Re-emits a worker's cross-thread signal on the GUI thread (queued connection)."""

    done = Signal(object, object, object)

    @Slot(object, object, object)
    def receive(self, a: object, b: object, c: object) -> None:
        self.done.emit(a, b, c)


def make_profile(server: SandboxServer, name: str = "E2E") -> Profile:
    return saved_profile(server.base_url, name=name)


def open_window(qtbot, profile: Profile, *, autosync: bool = True) -> MainWindow:
    return show_window(qtbot, profile, loaded=False, autosync=autosync)


def test_sync_worker_on_a_real_thread(qtbot, server: SandboxServer) -> None:
    profile = make_profile(server)
    worker = SyncWorker(profile.cache_path, config_for_profile(profile, DEMO_SECRET))
    phases: list[str] = []
    worker.progress.connect(lambda phase, *_: phases.append(phase))
    relay = Relay()
    worker.finished.connect(relay.receive)
    pool = ThreadPool()
    with qtbot.waitSignal(relay.done, timeout=60_000) as blocker:
        thread = pool.start(worker, "sync-test")
        assert thread.objectName() == "sync-test"
    summary, rows, record = blocker.args
    assert summary.status == "ok", summary.error
    assert summary.customers == CUSTOMERS
    assert len(rows) == CUSTOMERS
    assert record is not None and record.status == "ok"
    assert "tenants" in phases
    # The pool forgets (and deletes) the thread once it has finished.
    qtbot.waitUntil(lambda: pool.running() == [], timeout=5_000)
    assert pool.shutdown()


def test_window_syncs_and_shows_every_customer(qtbot, server: SandboxServer) -> None:
    profile = make_profile(server)
    window = open_window(qtbot, profile)
    with qtbot.waitSignal(window.syncFinished, timeout=60_000) as blocker:
        pass
    summary = blocker.args[0]
    assert summary.status == "ok", summary.error
    assert window.customerTable.model().rowCount() == CUSTOMERS
    assert window.syncStatus.text() == f"{CUSTOMERS} new, 0 removed, 0 changed"
    assert window.cacheAge.text().startswith("synced ")
    assert not window.syncProgress.isVisible()
    assert window.syncAction.isEnabled() and not window.cancelSyncAction.isEnabled()

    # Search the real data: one customer by its tenant id.
    some = window.model.row_at(5)
    assert some is not None
    window.customerSearch.setText(some.id.upper())
    assert window.model.rowCount() == 1

    # Contact dialog from the cache.
    window.customerSearch.clear()
    for pos in range(window.model.rowCount()):
        dialog = window.open_contact(pos)
        assert dialog is not None and dialog.objectName() == "contactDialog"
        qtbot.waitUntil(lambda d=dialog: not d.loading)  # the record is read off the GUI thread
        assert window.model.row_at(pos).id in dialog.values["tenantId"]
        dialog.close()
        if pos > 5:
            break
    window.close()


def test_cancel_stops_the_sync_quickly(qtbot, server: SandboxServer) -> None:
    server.set_faults(latency_ms=300)
    profile = make_profile(server)
    window = open_window(qtbot, profile, autosync=False)
    qtbot.waitUntil(lambda: not window._loading, timeout=10_000)
    window.syncAction.trigger()
    assert window.is_syncing()
    assert window.syncProgress.isVisible()
    assert window.cancelSyncAction.isEnabled()
    with qtbot.waitSignal(window.syncFinished, timeout=2_000) as blocker:
        window.cancelSyncAction.trigger()
    assert blocker.args[0].status == "cancelled"
    assert "cancelled" in window.syncStatus.text()
    assert window.model.rowCount() == 0  # the previous (empty) snapshot is kept
    window.close()


def test_quit_during_sync_exits_cleanly(qtbot, server: SandboxServer) -> None:
    server.set_faults(latency_ms=300)
    profile = make_profile(server)
    window = open_window(qtbot, profile)
    qtbot.waitUntil(window.is_syncing, timeout=10_000)
    # the sync's thread starts once the secret was read off the GUI thread
    qtbot.waitUntil(lambda: any(w is window._sync_worker for _t, w in window._threads.running()))
    threads = [t for t, _w in window._threads.running()]
    assert threads
    window.close()
    assert window._threads.running() == []
    assert all(isinstance(t, QThread) and t.isFinished() for t in threads)


def test_offline_reopen_shows_cached_rows(qtbot) -> None:
    server = SandboxServer(customers=CUSTOMERS, seed=1).start()
    try:
        profile = make_profile(server, "Offline later")
        window = open_window(qtbot, profile)
        with qtbot.waitSignal(window.syncFinished, timeout=60_000) as blocker:
            pass
        assert blocker.args[0].status == "ok"
        before = sorted(r.id for r in window.model.visible_rows())
        window.close()
    finally:
        server.stop()

    again = open_window(qtbot, profile)
    with qtbot.waitSignal(again.syncFinished, timeout=60_000) as blocker:
        pass
    assert blocker.args[0].status == "failed"
    assert sorted(r.id for r in again.model.visible_rows()) == before
    assert again.cacheAge.text().startswith("offline — synced ")
    assert again.banner.isVisible() and again.retryButton.isVisible()
    again.close()


def test_switch_profile_reopens_data_and_ignores_the_old_sync(qtbot, server: SandboxServer) -> None:
    server.set_faults(latency_ms=200)
    slow = make_profile(server, "Slow")
    window = open_window(qtbot, slow)
    qtbot.waitUntil(window.is_syncing, timeout=10_000)
    other = SandboxServer(customers=40, seed=5).start()
    try:
        fast = make_profile(other, "Fast")
        with qtbot.waitSignal(window.syncFinished, timeout=60_000) as blocker:
            window.switch_profile(fast)
        assert blocker.args[0].status == "ok"
        assert window.profile.name == "Fast"
        assert window.model.rowCount() == 40
        assert "Fast" in window.windowTitle()
        # The old profile's cancelled sync never lands in this window.
        qtbot.wait(300)
        assert window.model.rowCount() == 40
        window.close()
    finally:
        other.stop()
