"""Fault matrix for GUI-initiated syncs: the window's SyncWorker on a real QThread.

Each fault ends either with complete, correct data in the table, or with a clean
failure: a non-modal message with Retry, and the previous rows still shown.
"""

from __future__ import annotations

import pytest

from desktop.sandbox import SandboxServer
from desktop.views.main_window import MainWindow
from tests.helpers.gui import autosynced_window, saved_profile

CUSTOMERS = 250
pytestmark = pytest.mark.sandbox(customers=CUSTOMERS, seed=21, faults={"rate_limit_per_s": 0})


def first_sync(qtbot, server: SandboxServer) -> tuple[MainWindow, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    window = autosynced_window(
        qtbot, saved_profile(server.base_url, name="Faults"), customers=CUSTOMERS
    )
    return window, table_contents(window)


def table_contents(window: MainWindow) -> list[tuple[str, str]]:
    model = window.model
    rows = [model.row_at(i) for i in range(model.rowCount())]
    return sorted((r.id, r.show_as) for r in rows if r is not None)


def resync(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.syncFinished, timeout=90_000) as blocker:
        window.syncAction.trigger()
    return blocker.args[0]


@pytest.mark.parametrize(
    "faults",
    [
        {"error_rate": {"503": 0.15}, "drop_rate": 0.05},
        {"rate_limit_per_s": 20, "retry_after_header": False},
        {"token_lifetime_s": 1, "latency_ms": 20},
    ],
    ids=["503-and-drops", "429-without-retry-after", "token-expiry-mid-sync"],
)
def test_gui_sync_survives_faults_with_complete_data(
    qtbot, server: SandboxServer, faults: dict[str, object]
) -> None:  # type: ignore[no-untyped-def]
    window, before = first_sync(qtbot, server)
    server.set_faults(**faults)
    summary = resync(qtbot, window)
    assert summary.status == "ok", summary.error
    assert table_contents(window) == before
    assert not window.banner.isVisible()
    window.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    "faults",
    [{"truncate_page": 2}, {"error_rate": {"500": 1.0}}],
    ids=["truncated-json", "500-always"],
)
def test_gui_sync_failure_keeps_rows_and_offers_retry(
    qtbot, server: SandboxServer, faults: dict[str, object]
) -> None:  # type: ignore[no-untyped-def]
    window, before = first_sync(qtbot, server)
    server.set_faults(**faults)
    summary = resync(qtbot, window)
    assert summary.status == "failed"
    assert table_contents(window) == before
    assert window.banner.isVisible() and window.retryButton.isVisible()
    assert window.bannerText.text()
    # Once the server is healthy again, Retry completes the sync.
    server.set_faults(truncate_page=None, error_rate={})
    with qtbot.waitSignal(window.syncFinished, timeout=60_000) as blocker:
        window.retryButton.click()
    assert blocker.args[0].status == "ok"
    assert table_contents(window) == before
    window.close()


def test_gui_sync_when_the_server_goes_away(qtbot, server: SandboxServer) -> None:  # type: ignore[no-untyped-def]
    window, before = first_sync(qtbot, server)
    server.stop()
    summary = resync(qtbot, window)
    assert summary.status == "failed"
    assert "reach" in (summary.error or "").lower()
    assert table_contents(window) == before
    assert window.cacheAge.text().startswith("offline")
    window.close()
