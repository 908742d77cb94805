"""Customer actions inside the real main window: menus, shortcuts, context menu,
busy row, contact dialog's Edit button, shutdown while an action runs."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMenu

from desktop.models.customer_table import BUSY_ROLE, COL_NAME
from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.domain import AssistanceState, CustomerRow
from desktop.views.main_window import MainWindow
from tests.helpers.gui import show_window, synced_profile
from tests.helpers.sandbox import sandbox_profile

pytestmark = pytest.mark.sandbox(customers=60, seed=33, faults={"rate_limit_per_s": 0}, shared=True)


def open_window(qtbot: Any, server: SandboxServer, client_id: str) -> MainWindow:
    profile = synced_profile(server, sandbox_profile(server, "win", client_id))
    window = show_window(qtbot, profile, autosync=False, secret_lookup=lambda _p: DEMO_SECRET)
    window.customerActions.url_opener = lambda _url: True
    return window


def select(window: MainWindow, row: CustomerRow) -> int:
    pos = window.model.row_of_id(row.id)
    window.customerTable.setFocus()
    window.customerTable.selectionModel().setCurrentIndex(
        window.model.index(pos, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return pos


def first(window: MainWindow, pred: Any) -> CustomerRow:
    return next(r for r in window.model.visible_rows() if pred(r))


def test_menus_shortcuts_and_rename_from_the_window(qtbot: Any, server: SandboxServer) -> None:
    window = open_window(qtbot, server, "demo-super-admin")
    actions = window.customerActions
    menus = {a.text() for a in window.menuBar().actions()}
    assert "&Customer" in menus
    assert actions.auditLogAction in window.viewMenu.actions()
    assert window.findChild(type(actions.launchAction), "launchAction") is actions.launchAction
    row = first(window, lambda r: not r.managed_customer_order)
    pos = select(window, row)
    assert actions.renameAction.isEnabled()
    menu = actions.context_menu()
    assert isinstance(menu, QMenu) and actions.unlinkAction in menu.actions()
    menu.deleteLater()

    qtbot.keyClick(window.customerTable, Qt.Key.Key_F2)
    dialog = actions.dialog("rename", row.id)
    assert dialog is not None and dialog.isVisible()
    dialog.nameEdit.setText("Renamed in the window")
    dialog.saveButton.click()
    assert actions.controller.is_busy(row.id)
    assert window.model.index(pos, COL_NAME).data(BUSY_ROLE) is True
    assert window.model.index(pos, COL_NAME).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "Working" in window.model.index(pos, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.waitUntil(lambda: not actions.controller.running(), timeout=15_000)
    new_pos = window.model.row_of_id(row.id)
    assert window.model.index(new_pos, COL_NAME).data() == "Renamed in the window"
    assert window.model.index(new_pos, COL_NAME).data(BUSY_ROLE) is False
    assert server.state.tenants[row.id]["showAs"] == "Renamed in the window"
    assert actions.selected_rows()[0].id == row.id
    window.close()


def test_contact_dialog_edit_button_renames(qtbot: Any, server: SandboxServer) -> None:
    window = open_window(qtbot, server, "demo-admin")
    row = first(window, lambda r: not r.managed_customer_order)
    contact = window.open_contact(window.model.row_of_id(row.id))
    qtbot.waitUntil(lambda: not contact.loading)  # the full record is read off the GUI thread
    edit = contact.editDisplayName
    assert edit.isEnabled() and edit.accessibleName()
    edit.click()
    dialog = window.customerActions.dialog("rename", row.id)
    assert dialog.parent() is contact
    dialog.nameEdit.setText("Edited from contact")
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: not window.customerActions.controller.running(), timeout=15_000)
    assert contact.values["displayName"] == "Edited from contact"
    assert server.state.tenants[row.id]["showAs"] == "Edited from contact"
    window.close()


def test_readonly_contact_edit_disabled_with_reason(qtbot: Any, server: SandboxServer) -> None:
    window = open_window(qtbot, server, "demo-readonly")
    row = first(window, lambda r: not r.managed_customer_order)
    contact = window.open_contact(window.model.row_of_id(row.id))
    qtbot.waitUntil(lambda: not contact.loading)
    assert not contact.editDisplayName.isEnabled()
    assert "Partner Read-only" in contact.editDisplayName.toolTip()
    window.close()


def test_closing_the_window_while_an_action_runs(qtbot: Any, server: SandboxServer) -> None:
    window = open_window(qtbot, server, "demo-super-admin")
    row = first(window, lambda r: r.assistance is AssistanceState.ENABLED)
    select(window, row)
    server.set_faults(latency_ms=300)
    try:
        window.customerActions.launchAction.trigger()
        assert window.customerActions.controller.running()
        window.close()
        assert not window.customerActions.controller.running()
    finally:
        server.set_faults(latency_ms=0)
