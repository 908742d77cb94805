"""The GUI's data gateway (desktop/models/profile_session.py, docs/architecture.md §2b).

Every read and write a view asks for runs on a worker thread and comes back on the GUI
thread; results for a closed dialog or a previous profile are dropped; writes keep their
order; and the window itself never opens the cache on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.models.profile_session import ProfileSession, TaskRunner
from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services import cache as cache_mod
from desktop.services.profiles import Profile, ProfileKind
from desktop.services.sync import config_for_profile, run_sync

pytestmark = [
    pytest.mark.sandbox(customers=30, seed=17, faults={"rate_limit_per_s": 0}, shared=True),
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)"),
]


@pytest.fixture
def runner(qapp: Any) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


def offline_profile(name: str = "gateway") -> Profile:
    return Profile(name, ProfileKind.SANDBOX, "id", "http://127.0.0.1:9", "http://127.0.0.1:9")


def test_a_task_runs_on_a_worker_and_reports_on_the_gui_thread(
    qtbot: Any, runner: TaskRunner
) -> None:
    gui = threading.get_ident()
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(result: Any, error: BaseException | None) -> None:
        seen["done"] = threading.get_ident()
        seen["result"], seen["error"] = result, error

    runner.run(work, done)
    qtbot.waitUntil(runner.idle)
    assert seen["worker"] != gui and seen["done"] == gui
    assert (seen["result"], seen["error"]) == (42, None)


def test_an_error_reaches_the_caller(qtbot: Any, runner: TaskRunner) -> None:
    got: list[Any] = []

    def fail() -> None:
        raise ValueError("broken")

    runner.run(fail, lambda result, error: got.append((result, error)))
    qtbot.waitUntil(runner.idle)
    assert got[0][0] is None and isinstance(got[0][1], ValueError)


def test_a_result_for_a_destroyed_owner_or_a_closed_session_is_dropped(
    qtbot: Any, runner: TaskRunner
) -> None:
    session = ProfileSession(offline_profile(), runner)
    gate = threading.Event()
    got: list[str] = []
    owner = QWidget()
    session.call(lambda: gate.wait(10), lambda _r, _e: got.append("owner"), owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    session.call(lambda: gate.wait(10), lambda _r, _e: got.append("kept"))
    gate.set()
    qtbot.waitUntil(session.idle)
    assert got == ["kept"]

    gate.clear()
    session.call(lambda: gate.wait(10), lambda _r, _e: got.append("late"))
    other = session.for_profile(offline_profile("other"))
    assert session.idle()  # closing forgets what is on its way
    gate.set()
    qtbot.waitUntil(runner.idle)
    assert got == ["kept"] and other.idle()


def test_writes_keep_their_order(qtbot: Any, runner: TaskRunner) -> None:
    session = ProfileSession(offline_profile(), runner)
    order: list[int] = []
    lock = threading.Lock()

    def write(n: int) -> None:
        with lock:
            order.append(n)

    for n in range(20):
        session.call(lambda n=n: write(n), writes=True)
    qtbot.waitUntil(session.idle)
    assert order == list(range(20))


def test_a_read_of_a_profile_without_a_cache_creates_none(qtbot: Any, runner: TaskRunner) -> None:
    profile = offline_profile()
    session = ProfileSession(profile, runner)
    got: list[Any] = []
    session.read(lambda c: c.capabilities(), lambda r, e: got.append((r, e)), missing="none yet")
    qtbot.waitUntil(session.idle)
    assert got == [("none yet", None)]
    assert not profile.cache_path.exists()


def test_the_secret_and_the_api_configuration_come_from_the_session(runner: TaskRunner) -> None:
    profile = offline_profile()
    session = ProfileSession(profile, runner, secret_lookup=lambda p: f"secret-of-{p.name}")
    assert session.secret() == "secret-of-gateway"
    config = session.config_factory()()
    assert config is not None and config.client_secret == "secret-of-gateway"
    assert ProfileSession(profile, runner, secret_lookup=lambda _p: None).config_factory()() is None


def test_the_window_never_opens_the_cache_on_the_gui_thread(
    qtbot: Any, server: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open the window, a contact, customer details, the unlink check, the audit log and
    the profiles dialog: every cache connection is opened off the GUI thread."""
    from desktop.views.main_window import MainWindow

    profile = Profile(
        "gw", ProfileKind.SANDBOX, "demo-super-admin", server.base_url, server.base_url
    )
    assert run_sync(profile.cache_path, config_for_profile(profile, DEMO_SECRET)).status == "ok"
    gui = threading.get_ident()
    opened_on_gui: list[str] = []
    real_open = cache_mod.Cache.open.__func__  # type: ignore[attr-defined]

    def watched(cls: Any, path: Any, **kwargs: Any) -> Any:
        if threading.get_ident() == gui:
            import traceback

            opened_on_gui.append("".join(traceback.format_stack(limit=8)))
        return real_open(cls, path, **kwargs)

    monkeypatch.setattr(cache_mod.Cache, "open", classmethod(watched))
    window = MainWindow(profile, autosync=False, secret_lookup=lambda _p: DEMO_SECRET)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cacheLoaded, timeout=10_000):
        window.show()
    actions = window.customerActions
    rows = [r for r in window.model.visible_rows() if not r.managed_customer_order]
    assert window.customerActions.controller.capabilities() is not None
    contact = window.open_contact(window.model.row_of_id(rows[0].id))
    details = actions.open_details(rows[0])
    unlink = actions.open_unlink(rows[:2])
    audit = actions.open_audit_log()
    qtbot.waitUntil(window.session.idle, timeout=10_000)
    assert contact is not None and not contact.loading and contact.values["tenantId"] == rows[0].id
    assert details.tenant is not None
    # the groups arrive after the dialog opened: the first one is offered, as before
    assert details.groupPicker.count() > 0 and details.groupPicker.currentIndex() == 0
    assert details.addToGroupButton.isEnabled()
    assert unlink.checks is not None and set(unlink.checks) == {r.id for r in rows[:2]}
    assert audit.table.rowCount() == 0 and audit.empty.isVisible()
    window.close()
    assert opened_on_gui == [], opened_on_gui[0]


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


def test_an_action_reads_the_secret_off_the_gui_thread(qtbot: Any, server: SandboxServer) -> None:
    """The action's API configuration, and the keyring read behind it, are built on the
    action's worker; without a secret the action says what to do and changes nothing."""
    from desktop.views.main_window import MainWindow

    profile = Profile(
        "gw2", ProfileKind.SANDBOX, "demo-super-admin", server.base_url, server.base_url
    )
    assert run_sync(profile.cache_path, config_for_profile(profile, DEMO_SECRET)).status == "ok"
    gui = threading.get_ident()
    asked: list[int] = []

    def no_secret(_p: Profile) -> None:
        asked.append(threading.get_ident())
        return None

    window = MainWindow(profile, autosync=False, secret_lookup=no_secret)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cacheLoaded, timeout=10_000):
        window.show()
    asked.clear()
    row = next(r for r in window.model.visible_rows() if not r.managed_customer_order)
    actions = window.customerActions
    actions.rename(row.id, "Never renamed")
    qtbot.waitUntil(lambda: not actions.controller.running(), timeout=10_000)
    assert asked and gui not in asked
    assert "No client secret is stored" in actions.last_message
    assert server.state.tenants[row.id].get("showAs") != "Never renamed"
    window.close()
