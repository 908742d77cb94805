"""Issue 14 item 8: the Demo profile keeps its state between launches; "Reset demo data"
(File menu, and ``partner-desk --demo``) starts it afresh."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services import demo as demo_service
from desktop.services.demo import start_demo
from desktop.services.domain import AssistanceState
from desktop.services.partner_api import PartnerApiClient
from desktop.services.profiles import DEMO_PROFILE_NAME, Profile, ProfileKind, ProfileStore
from desktop.services.sync import config_for_profile, run_sync

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")

CUSTOMERS = 120


def client_for(profile: Profile) -> PartnerApiClient:
    return PartnerApiClient(config_for_profile(profile, DEMO_SECRET))


def change_things(profile: Profile) -> tuple[str, str, str, str]:
    """A rename, a group change and a partner-assistance request, as the app makes them."""
    with client_for(profile) as client:
        client.authenticate()
        client.whoami()
        client.capabilities()
        tenants = [t for page in client.iter_tenant_pages() for t in page.tenants]
        group = client.groups()[0]
        renamed = next(
            t for t in tenants if t.created_by_partner or t.assistance is AssistanceState.ENABLED
        )
        client.rename(renamed.id, "Renamed in the demo")
        grouped = next(t for t in tenants if group.id not in t.group_ids)
        client.add_to_group(group.id, [grouped.id])
        helped = next(t for t in tenants if t.assistance is AssistanceState.OFF)
        client.request_assistance(helped.id)
    return renamed.id, grouped.id, group.id, helped.id


def test_the_sandbox_keeps_its_data_in_a_state_file(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with SandboxServer(customers=CUSTOMERS, seed=1, state_file=state) as first:
        url = first.base_url
        profile = ProfileStore().add(
            Profile("s", ProfileKind.SANDBOX, "demo-super-admin", url, url)
        )
        renamed, grouped, gid, helped = change_things(profile)
    assert state.exists() and oct(state.stat().st_mode & 0o777) == "0o600"
    again = SandboxServer(customers=CUSTOMERS, seed=1, state_file=state)
    assert again.restored
    tenants = again.state.tenants
    assert tenants[renamed]["showAs"] == "Renamed in the demo"
    assert {"id": gid} in tenants[grouped]["groups"]
    assert grouped in again.state.group_members[gid]
    assert tenants[helped]["partnerAssistance"]["request"]["status"] == "pending"
    # a damaged file is kept aside and the sandbox starts from its seed
    state.write_text("{not json", encoding="utf-8")
    fresh = SandboxServer(customers=CUSTOMERS, seed=1, state_file=state)
    assert not fresh.restored and len(fresh.state.tenants) == CUSTOMERS
    assert state.with_name("state.json.bad").exists()


def test_the_demo_keeps_its_state_between_launches_until_reset() -> None:
    server, profile = start_demo(CUSTOMERS)
    try:
        first = run_sync(profile.cache_path, config_for_profile(profile, DEMO_SECRET))
        assert first.status == "ok" and first.customers == CUSTOMERS
        renamed, _grouped, _gid, _helped = change_things(profile)
    finally:
        server.stop()
    assert demo_service.demo_state_path().exists()

    # next launch: the same data, so a sync finds nothing removed and nothing new
    server, profile = start_demo(CUSTOMERS)
    try:
        summary = run_sync(profile.cache_path, config_for_profile(profile, DEMO_SECRET))
        assert summary.status == "ok", summary.error
        assert (summary.new, summary.removed) == (0, 0)
        assert summary.changed <= 3  # the three changes made in the demo, nothing else
        assert server.state.tenants[renamed]["showAs"] == "Renamed in the demo"
    finally:
        server.stop()

    # reset: the demo's data and cache start afresh
    server, profile = start_demo(CUSTOMERS, fresh=True)
    try:
        assert not profile.cache_path.exists()
        assert server.state.tenants[renamed]["showAs"] != "Renamed in the demo"
        assert not server.restored
    finally:
        server.stop()


def test_reset_demo_data_in_the_file_menu(qtbot: Any) -> None:
    from desktop.gui import DemoRunner, install_demo_reset, reset_demo
    from desktop.views.main_window import MainWindow

    demo = DemoRunner(CUSTOMERS)
    profile = demo.start()
    window = MainWindow(profile, autosync=False)
    qtbot.addWidget(window)
    # The window reads the cache off the GUI thread: let it finish (it creates the
    # cache folder) before an old cache is planted.
    qtbot.waitUntil(lambda: window.session.idle() and not window._loading, timeout=10_000)
    try:
        action = install_demo_reset(window, demo)
        assert action.objectName() == "resetDemoAction"
        file_menu = window.menuBar().actions()[0].menu()
        assert action in file_menu.actions()
        demo_service.demo_state_path().write_text(json.dumps({"version": 0}), encoding="utf-8")
        profile.cache_path.write_bytes(b"old demo cache")
        reset = reset_demo(window, demo, ask=False)
        assert reset is not None and reset.name == DEMO_PROFILE_NAME
        assert not demo_service.demo_state_path().exists()
        assert not profile.cache_path.exists() or profile.cache_path.read_bytes() != (
            b"old demo cache"
        )
        assert window.profile.name == DEMO_PROFILE_NAME
    finally:
        window.close()
        demo.stop()
