"""Fixtures of the GUI tests: main windows over fixed rows, and the customer-actions desk."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from PySide6.QtWidgets import QToolBar

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.cache import Cache
from desktop.services.domain import CustomerRow
from desktop.services.profiles import Profile, ProfileKind
from desktop.services.sync import config_for_profile, run_sync
from desktop.views.customer_actions import CustomerActions
from desktop.views.main_window import MainWindow
from tests.helpers.desk import Desk, table_window
from tests.helpers.gui import offline_profile, show_window
from tests.helpers.rows import ROWS


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Callable[..., MainWindow]]:
    """Open main windows without network: ``open_window(profile=None, rows=ROWS)`` shows a
    window for ``profile`` (an offline one by default) once its cache is read, then puts
    ``rows`` in its table. Every window is closed after the test."""
    opened: list[MainWindow] = []

    def open_(profile: Profile | None = None, rows: Sequence[CustomerRow] = ROWS) -> MainWindow:
        window = show_window(qtbot, profile or offline_profile(), autosync=False)
        window.model.set_rows(list(rows))
        opened.append(window)
        return window

    yield open_
    for window in opened:
        window.close()


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    """An offline main window showing :data:`tests.helpers.rows.ROWS`."""
    return open_window()


@pytest.fixture
def make_desk(qtbot: Any) -> Iterator[Callable[..., Desk]]:
    made: list[Desk] = []

    def make(server: SandboxServer, client_id: str = "demo-super-admin") -> Desk:
        profile = Profile(
            f"t-{client_id}", ProfileKind.SANDBOX, client_id, server.base_url, server.base_url
        )
        config = config_for_profile(profile, DEMO_SECRET, backoff_base=0.01)
        assert run_sync(profile.cache_path, config).status == "ok"
        window, model, table = table_window(qtbot)
        cache = Cache.open(profile.cache_path)
        model.set_rows(cache.load_rows())
        desk = Desk(server, profile, window, model, table, None, cache)  # type: ignore[arg-type]
        desk.actions = CustomerActions(
            window,
            model,
            table,
            notify=desk.banners.append,
            url_opener=desk.opened.append,
        )
        desk.actions.set_profile(profile, lambda _p: DEMO_SECRET)
        desk.actions.controller.set_profile(
            profile.cache_path,
            lambda: config_for_profile(profile, DEMO_SECRET, backoff_base=0.01, max_retries=1),
        )
        desk.wait_reads(qtbot)  # the capabilities are read off the GUI thread
        toolbar = QToolBar()
        window.addToolBar(toolbar)
        desk.actions.install(toolbar, window.menuBar(), None)
        window.show()
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.actions.shutdown()
        desk.cache.close()
