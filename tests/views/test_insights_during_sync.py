"""Issue 13 / 11 (stalls and memory during a sync): while a sync runs the window reads
only the user's words; the seats and changes follow when the sync ends, and a read of
them still running when a sync starts is stopped."""

from __future__ import annotations

import pytest

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.cache import Cache
from desktop.services.insights import store as istore
from desktop.services.profiles import Profile, ProfileKind
from desktop.services.sync import config_for_profile, run_sync
from desktop.views.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


def test_seats_wait_for_the_end_of_a_sync_and_notes_do_not(qtbot) -> None:
    with SandboxServer(customers=60, seed=5, faults={"rate_limit_per_s": 0}) as server:
        profile = Profile(
            "During", ProfileKind.SANDBOX, "demo-super-admin", server.base_url, server.base_url
        )
        cfg = config_for_profile(profile, DEMO_SECRET, backoff_base=0.01)
        assert run_sync(profile.cache_path, cfg).status == "ok"
        tid = sorted(server.state.tenants)[0]
        with Cache.open(profile.cache_path) as cache:
            istore.edit_notes(cache, [tid], istore.NoteEdit(add_tags=("vip",)))
        window = MainWindow(profile, autosync=False, secret_lookup=lambda _p: DEMO_SECRET)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.cacheLoaded, timeout=10_000):
            window.show()
        insights = window.customerInsights
        qtbot.waitUntil(lambda: bool(window.model.insights().seats), timeout=20_000)
        seats = dict(window.model.insights().seats)

        # A sync is running (its worker is set): a refresh reads the notes only.
        window._sync_worker = object()  # type: ignore[assignment]
        with Cache.open(profile.cache_path) as cache:
            istore.edit_notes(cache, [tid], istore.NoteEdit(add_tags=("late",)))
        insights._load_cancel.set()  # as sync_started does
        window.model.set_insights(type(window.model.insights())(), None)
        assert not window.model.insights().seats
        insights.refresh()
        qtbot.waitUntil(lambda: tid in window.model.insights().notes, timeout=20_000)
        assert window.model.insights().notes[tid].tags == ("vip", "late")
        assert not window.model.insights().seats  # not read beside the sync

        # The sync ended: everything is read.
        window._sync_worker = None
        insights.refresh()
        qtbot.waitUntil(lambda: window.model.insights().seats == seats, timeout=20_000)
        window.close()
