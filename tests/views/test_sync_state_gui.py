"""Issue 14 items 5, 6 and 12: what the window says about a sync, in words a user can act on.

- 5. A failure over an empty table says what happened and what to do: "offline" only
  when the server could not be reached, "showing the cached data" only when there is
  some; a rejected secret leads straight to editing the profile.
- 6. The first sync shows progress where the rows will be (an overlay over the empty
  table) and the rows as they land; the overlay goes once rows are there.
- 12. The services hand the GUI message ids with arguments; in Italian nothing the
  sync widgets show is English.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services import sync as sync_engine
from desktop.services.profiles import Profile
from desktop.views.main_window import MainWindow
from tests.helpers.gui import saved_profile, show_window

# a little latency: the first sync lasts long enough to be watched page by page
# (licences tenant by tenant: they take a while after the customer list)
pytestmark = pytest.mark.sandbox(
    customers=600, seed=3, faults={"latency_ms": 15}, bulk_licences=False
)


def make_profile(url: str, *, secret: str = DEMO_SECRET, name: str = "Acme") -> Profile:
    return saved_profile(url, name=name, secret=secret)


def free_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there once the socket is closed


class Recorder(MainWindow):
    """The window, noting what it shows at every progress event (the overlay is
    updated last when one is handled)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.seen: list[dict[str, Any]] = []
        super().__init__(*args, **kwargs)

    def _update_overlay(
        self, phase: str = "", done: int = 0, total: Any = None, event: Any = None
    ) -> None:
        super()._update_overlay(phase, done, total, event)
        if event is None:  # called for a progress event only with the event
            return
        self.seen.append(
            {
                "phase": phase,
                "committed": getattr(event, "committed", ""),
                "rows": self.model.total_count(),
                "overlay": self.tableOverlay.isVisible(),
                "texts": shown_texts(self),
            }
        )


def shown_texts(window: MainWindow) -> list[str]:
    """Everything a user reads on the sync widgets: status bar, progress, banner,
    the overlay over the table, and their tooltips."""
    texts = [
        window.syncStatus.text(),
        window.syncStatus.toolTip(),
        window.cacheAge.text(),
        window.rowCount.text(),
        window.syncProgress.toolTip(),
        window.statusBar().currentMessage(),
    ]
    if window.syncProgress.isVisible():
        texts.append(window.syncProgress.text())
        texts.append(window.syncProgress.format())
    if window.banner.isVisible():
        texts.append(window.bannerText.text())
        for button in (window.retryButton, window.editProfileButton):
            if button.isVisible():
                texts += [button.text(), button.toolTip()]
    if window.tableOverlay.isVisible():
        texts += [window.tableOverlay.title.text(), window.tableOverlay.detail.text()]
    return [t for t in texts if t]


def open_window(qtbot: Any, profile: Profile) -> Recorder:
    window = show_window(qtbot, profile, loaded=False, window_class=Recorder)
    assert isinstance(window, Recorder)
    return window


def finish(qtbot: Any, window: MainWindow) -> Any:
    with qtbot.waitSignal(window.syncFinished, timeout=120_000) as blocker:
        pass
    return blocker.args[0]


# ------------------------------------------------------------------ 12. message ids


def test_progress_events_carry_a_message_id_and_arguments() -> None:
    event = sync_engine.progress_event("tenants", 200, 600, "fetched_customers", count=200)
    assert isinstance(event, sync_engine.SyncProgress)
    assert (event.key, event.args) == ("fetched_customers", {"count": 200})
    assert event.message == "Fetched 200 customers"  # English for the CLI and the logs
    for key in sync_engine.PROGRESS_MESSAGES:
        from desktop.views.sync_messages import progress_text

        assert progress_text(key, {"count": 1, "refreshed": 1}) != ""


def test_api_errors_have_a_kind_and_the_summary_an_error_id(
    qtbot: Any, server: SandboxServer
) -> None:
    from desktop.services.partner_api import errors
    from desktop.services.sync import config_for_profile, run_sync

    assert errors.AuthenticationError().kind == "auth"
    assert errors.UnavailableError(reachable=False).kind == "unreachable"
    assert (
        errors.UnavailableError(errors.unreachable("x", OSError("CERTIFICATE_VERIFY_FAILED"))).kind
        == "tls"
    )
    profile = make_profile(server.base_url, secret="wrong")
    summary = run_sync(profile.cache_path, config_for_profile(profile, "wrong"))
    assert summary.status == "failed" and summary.error_id == "auth"
    assert "rejected" in (summary.error or "")  # the English text stays for the CLI


ENGLISH = re.compile(
    r"\b(the|and|of|customers?|licen[cs]es?|fetch\w*|signing|sign-in|saving|synced|sync"
    r"|failed|never|cached|showing|connecting|refresh\w*|groups|done|reached|network"
    r"|rejected|edit|first|unknown|error)\b",
    re.IGNORECASE,
)


def english_in(texts: list[str]) -> list[str]:
    english_sources = set(getattr(sync_engine, "PROGRESS_MESSAGES", {}).values())
    return [t for t in texts if ENGLISH.search(t) or t in english_sources]


@pytest.fixture
def italian(qapp: Any) -> Iterator[None]:
    from desktop import i18n

    i18n.install_translators(qapp, "it")
    try:
        yield
    finally:
        i18n.install_translators(qapp, "en")


def test_italian_sync_shows_no_english(qtbot: Any, server: SandboxServer, italian: None) -> None:
    window = open_window(qtbot, make_profile(server.base_url))
    summary = finish(qtbot, window)
    assert summary.status == "ok", summary.error
    assert len(window.seen) > 5
    shown = [t for s in window.seen for t in s["texts"]] + shown_texts(window)
    assert english_in(shown) == []
    assert any("clienti" in t for t in shown)  # the progress was there, in Italian


def test_italian_failures_show_no_english(qtbot: Any, server: SandboxServer, italian: None) -> None:
    for name, profile in (
        ("wrong secret", make_profile(server.base_url, secret="wrong", name="A")),
        ("no network", make_profile(free_port_url(), name="B")),
    ):
        window = open_window(qtbot, profile)
        summary = finish(qtbot, window)
        assert summary.status == "failed", name
        shown = shown_texts(window)
        assert window.banner.isVisible() and window.tableOverlay.isVisible(), name
        assert english_in(shown) == [], name
        window.close()


# ------------------------------------------------------------------ 5. failures say what to do


def test_wrong_secret_with_no_cache_says_sign_in_failed_and_leads_to_the_profile(
    qtbot: Any, server: SandboxServer
) -> None:
    profile = make_profile(server.base_url, secret="wrong")
    window = open_window(qtbot, profile)
    summary = finish(qtbot, window)
    assert summary.status == "failed"
    # the server answered: not "offline"; nothing cached: no "showing the cached data"
    assert "offline" not in window.cacheAge.text()
    assert window.cacheAge.text() == "never synced"
    assert "showing the cached data" not in window.syncStatus.text()
    assert window.syncStatus.text().startswith("Sign-in failed")
    banner = window.bannerText.text()
    assert "Sign-in failed" in banner and "enter the secret again" in banner
    assert "File › Profiles…" in banner
    assert window.tableOverlay.isVisible()
    assert "enter the secret again" in window.tableOverlay.detail.text()
    # the banner leads straight to editing this profile's secret
    assert window.editProfileButton.isVisible()
    window.editProfileButton.click()
    from desktop.views.profiles_dialog import ProfilesDialog

    dialog = window.findChild(ProfilesDialog, "profilesDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.is_loaded, timeout=10_000)  # profiles.json is read off the GUI thread
    assert dialog.editing == "Acme"
    assert dialog.nameEdit.text() == "Acme" and dialog.focusWidget() is dialog.secretEdit
    # the right secret, saved: the window syncs again, and succeeds
    dialog.secretEdit.setText(DEMO_SECRET)
    with qtbot.waitSignal(window.syncFinished, timeout=120_000) as blocker:
        assert dialog.save_profile()
    assert blocker.args[0].status == "ok"
    assert window.model.total_count() == 600
    assert not window.banner.isVisible() and not window.tableOverlay.isVisible()
    dialog.close()


def test_no_network_with_no_cache_says_offline_and_no_cached_data(qtbot: Any) -> None:
    window = open_window(qtbot, make_profile(free_port_url()))
    summary = finish(qtbot, window)
    assert summary.status == "failed" and summary.error_id == "unreachable"
    assert window.cacheAge.text() == "offline — never synced"
    assert window.syncStatus.text() == "Offline — no customers cached yet"
    assert "cannot be reached" in window.bannerText.text()
    assert not window.editProfileButton.isVisible()


@pytest.mark.slow
def test_a_failure_with_a_cache_says_showing_the_cached_data(
    qtbot: Any, server: SandboxServer
) -> None:
    profile = make_profile(server.base_url)
    window = open_window(qtbot, profile)
    assert finish(qtbot, window).status == "ok"
    server.set_faults(error_rate={"403": 1.0})
    window.start_sync()
    summary = finish(qtbot, window)
    assert summary.status == "failed"
    assert window.syncStatus.text() == "Sync failed — showing the cached data"
    assert "offline" not in window.cacheAge.text()
    assert not window.tableOverlay.isVisible()  # the cached rows are there


# ------------------------------------------------------------------ 6. first-sync progress


def test_first_sync_shows_progress_where_the_rows_will_be(
    qtbot: Any, server: SandboxServer
) -> None:
    window = open_window(qtbot, make_profile(server.base_url))
    # between progress events too: never rows under the overlay, never an empty table
    # without it
    samples: list[tuple[int, bool]] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(
        lambda: samples.append((window.model.total_count(), window.tableOverlay.isVisible()))
    )
    timer.start()
    assert finish(qtbot, window).status == "ok"
    timer.stop()
    assert samples and all(visible == (rows == 0) for rows, visible in samples), [
        s for s in samples if s[1] != (s[0] == 0)
    ][:5]
    before = [s for s in window.seen if s["rows"] == 0]
    listing = [s for s in before if s["phase"] == "tenants" and not s["committed"]]
    assert listing, window.seen
    assert all(s["overlay"] for s in before)  # never a blank table
    counted = [t for s in listing for t in s["texts"] if re.search(r"Customers: [\d,]+ of 600", t)]
    assert counted, [(s["phase"], s["texts"]) for s in window.seen]
    # rows as they land: the tenant list is in the table while licences still load
    after = [s for s in window.seen if s["rows"] == 600]
    assert any(s["phase"] == "licences" and not s["committed"] for s in after) or any(
        s["phase"] == "licences" for s in after
    )
    assert all(not s["overlay"] for s in after)
    assert not window.tableOverlay.isVisible()


def test_time_left_is_estimated_from_the_rate(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> None:
    from desktop.views import table_overlay

    clock = [100.0]
    monkeypatch.setattr(table_overlay.time, "monotonic", lambda: clock[0])
    estimate = table_overlay.RateEstimate()
    assert estimate.update("tenants", 0, 1000) is None
    clock[0] += 2.0
    assert estimate.update("tenants", 100, 1000) == pytest.approx(18.0)
    assert table_overlay.time_left_text(18.0) == "about 18 s left"
    assert table_overlay.time_left_text(150.0) == "about 3 min left"
    assert QCoreApplication.translate("TableOverlay", "about {seconds} s left") != ""
