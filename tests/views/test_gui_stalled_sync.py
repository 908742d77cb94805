"""The window against a server that stops answering mid-sync (issue 10).

A real SyncWorker on a real QThread drives the sync child process; the server accepts
the tenant request and never answers. Cancel must end the sync promptly (not after the
30 s read timeout), closing the window must not abort the process, and the cache keeps
the previous customers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThread

from desktop.services.profiles import Profile
from desktop.views.main_window import MainWindow
from tests.helpers.gui import autosynced_window, saved_profile
from tests.helpers.hostile_server import HostileServer

CUSTOMERS = 120


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with HostileServer("ok", customers=CUSTOMERS) as srv:
        yield srv


def make_profile(server: HostileServer) -> Profile:
    return saved_profile(
        server.base_url, name="Stall", client_id="hostile", secret="hostile-secret"
    )


def synced_window(qtbot, server: HostileServer) -> tuple[MainWindow, Profile]:
    profile = make_profile(server)
    return autosynced_window(qtbot, profile, customers=CUSTOMERS), profile


def stall(qtbot, window: MainWindow, server: HostileServer) -> None:
    server.mode = "silence"
    before = server.hits["/partner/v1/tenants"]
    window.syncAction.trigger()
    assert window.is_syncing()
    qtbot.waitUntil(lambda: server.hits["/partner/v1/tenants"] > before, timeout=30_000)


def test_cancel_during_a_stalled_request_ends_the_sync(qtbot, server: HostileServer) -> None:
    window, _profile = synced_window(qtbot, server)
    stall(qtbot, window, server)
    # The read timeout is 30 s and the request deadline 60 s: only the cancel ends this.
    with qtbot.waitSignal(window.syncFinished, timeout=5_000) as blocker:
        window.cancelSyncAction.trigger()
    assert blocker.args[0].status == "cancelled"
    assert "Cancelling" not in window.syncStatus.text()
    assert window.model.rowCount() == CUSTOMERS
    window.close()


def test_closing_the_window_during_a_stalled_sync_keeps_the_cache(
    qtbot, server: HostileServer
) -> None:
    window, profile = synced_window(qtbot, server)
    stall(qtbot, window, server)
    threads = [t for t, _w in window._threads.running()]
    assert threads
    window.close()  # must neither hang for the read timeout nor abort the process
    assert window._threads.running() == []
    assert all(isinstance(t, QThread) and t.isFinished() for t in threads)

    server.mode = "ok"
    again = MainWindow(profile, autosync=False)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: not again._loading, timeout=30_000)
    assert again.model.rowCount() == CUSTOMERS
    again.close()
