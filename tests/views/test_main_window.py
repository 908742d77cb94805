"""The customers window without network: widgets, search, toggle, copy, export, settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QWidget,
)

from desktop.models.customer_table import COL_FIRST_CATEGORY, COL_NAME
from desktop.services.domain import CATEGORIES, LicenceStatus
from desktop.views.main_window import MainWindow, describe_cache_age

S = LicenceStatus


def test_object_names_and_accessible_names(window: MainWindow) -> None:
    assert window.objectName() == "mainWindow"
    assert isinstance(window.findChild(QTableView, "customerTable"), QTableView)
    assert isinstance(window.findChild(QLineEdit, "customerSearch"), QLineEdit)
    assert isinstance(window.findChild(QCheckBox, "myProtectionOnly"), QCheckBox)
    assert isinstance(window.findChild(QProgressBar, "syncProgress"), QProgressBar)
    assert isinstance(window.findChild(QLabel, "syncStatus"), QLabel)
    assert window.syncAction.objectName() == "syncAction"
    assert window.cancelSyncAction.objectName() == "cancelSyncAction"
    assert window.syncAction.shortcut().toString() == "F5"
    assert window.customerSearch.placeholderText() == "Search customers"
    for widget in window.findChildren(QWidget):
        interactive = isinstance(widget, (QAbstractButton, QLineEdit, QTableView, QProgressBar))
        if interactive and widget.isVisibleTo(window):
            assert widget.accessibleName() or (
                isinstance(widget, QAbstractButton) and widget.text()
            ), widget.objectName()


def test_table_is_sorted_by_name_and_hides_removed(window: MainWindow) -> None:
    model = window.customerTable.model()
    shown = [model.index(r, COL_NAME).data() for r in range(model.rowCount())]
    assert shown == ["Beta Srl", "Gamma GmbH", "Società Alpha"]
    assert window.rowCount.text() == "3 customers"


def test_search_box_filters_and_escape_clears(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.customerSearch, "SOCIETA")
    assert window.model.rowCount() == 1
    assert window.rowCount.text() == "1 of 3 customers"
    window.customerSearch.setFocus()
    qtbot.keyClick(window.customerSearch, Qt.Key.Key_Escape)
    assert window.customerSearch.text() == ""
    assert window.model.rowCount() == 3


def test_ctrl_f_focuses_search(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.customerTable.setFocus()
    assert not window.customerSearch.hasFocus()
    qtbot.keyClick(window.customerTable, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.customerSearch.hasFocus()


def test_header_click_sorts(qtbot, window: MainWindow) -> None:
    window.customerTable.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    model = window.model
    assert [model.index(r, COL_NAME).data() for r in range(3)] == [
        "Società Alpha",
        "Gamma GmbH",
        "Beta Srl",
    ]


def test_toggle_hides_columns_and_is_remembered(qtbot, window: MainWindow, open_window) -> None:
    table = window.customerTable
    col = {c: COL_FIRST_CATEGORY + i for i, c in enumerate(CATEGORIES)}
    assert not table.isColumnHidden(col["Server"])
    window.myProtectionOnly.click()
    assert window.myProtectionAction.isChecked()
    assert not table.isColumnHidden(col["Endpoint"])
    assert not table.isColumnHidden(col["Email"])
    assert table.isColumnHidden(col["Server"])
    assert table.isColumnHidden(col["Firewall"])
    window.close()

    again = open_window()
    assert again.myProtectionOnly.isChecked()
    assert again.customerTable.isColumnHidden(col["Server"])
    again.myProtectionAction.trigger()  # the View menu action drives the same state
    assert not again.myProtectionOnly.isChecked()
    assert not again.customerTable.isColumnHidden(col["Server"])
    again.close()


def test_sort_and_show_removed_remembered(qtbot, window: MainWindow, open_window) -> None:
    window.customerTable.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    window.showRemovedAction.trigger()
    assert window.model.rowCount() == 4
    window.close()
    again = open_window()
    assert again.showRemovedAction.isChecked()
    assert again.model.rowCount() == 4
    assert again.model.index(0, COL_NAME).data() == "Società Alpha"
    again.close()


def test_copy_selected_rows_as_tsv(qtbot, window: MainWindow) -> None:
    table = window.customerTable
    sel = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    sel.select(window.model.index(0, 0), flags)
    sel.select(window.model.index(2, 0), flags)
    table.setFocus()
    text = window.copy_selection()
    assert QGuiApplication.clipboard().text() == text
    lines = text.rstrip("\n").split("\n")
    assert lines[0].startswith("Name\tBilling")
    assert [line.split("\t")[0] for line in lines[1:]] == ["Beta Srl", "Società Alpha"]


def test_export_visible_rows(window: MainWindow, tmp_path: Path) -> None:
    window.customerSearch.setText("gmbh")
    out = tmp_path / "visible.csv"
    assert window.export_visible(out) == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Gamma GmbH" in data.decode("utf-8-sig")
    assert "Beta" not in data.decode("utf-8-sig")


def test_click_on_name_opens_contact_dialog_once(qtbot, window: MainWindow) -> None:
    table = window.customerTable
    rect = table.visualRect(window.model.index(0, COL_NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialogs = [w for w in window.findChildren(QWidget, "contactDialog") if w.isVisible()]
    assert len(dialogs) == 1
    # No cache entry for this row: the dialog says there is no contact on file.
    assert dialogs[0].findChild(QLabel, "noContact") is not None
    window.open_contact(0)
    assert len([w for w in window.findChildren(QWidget, "contactDialog") if w.isVisible()]) == 1
    dialogs[0].close()


def test_enter_opens_contact_dialog(qtbot, window: MainWindow) -> None:
    table = window.customerTable
    table.setFocus()
    table.setCurrentIndex(window.model.index(1, 2))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialogs = [w for w in window.findChildren(QWidget, "contactDialog") if w.isVisible()]
    assert len(dialogs) == 1
    assert "Gamma GmbH" in dialogs[0].windowTitle()


def test_describe_cache_age() -> None:
    now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC).astimezone()
    assert describe_cache_age(now - dt.timedelta(minutes=3), offline=False, now=now) == (
        "synced 3 min ago"
    )
    yesterday = (now - dt.timedelta(days=1)).replace(hour=17, minute=40)
    assert describe_cache_age(yesterday, offline=True, now=now) == (
        "offline — synced yesterday 17:40"
    )
    assert describe_cache_age(None, offline=True, now=now) == "offline — never synced"
    assert describe_cache_age(now, offline=False, now=now) == "synced just now"


def test_sync_without_secret_shows_banner_not_modal(qtbot, window: MainWindow) -> None:
    window.start_sync()
    assert window.is_syncing()  # the secret is being read, off the GUI thread
    assert not window.syncAction.isEnabled()
    qtbot.waitUntil(lambda: not window.is_syncing(), timeout=10_000)
    assert window.banner.isVisible()
    assert "secret" in window.bannerText.text()
    assert not window.is_syncing()
    assert window.syncAction.isEnabled() and window.editProfileButton.isVisible()


def test_sync_reads_the_secret_off_the_gui_thread(qtbot, open_window) -> None:
    """Sync never waits for the keyring on the GUI thread: the secret is looked up on
    the session's worker, then the sync starts; without one the window says so."""
    import threading

    gui = threading.get_ident()
    asked: list[int] = []

    def lookup(_profile: object) -> None:
        asked.append(threading.get_ident())
        return None

    window = open_window()
    window.session._secret_lookup = lookup
    window.start_sync()
    assert window.is_syncing() and window.syncProgress.isVisible()
    qtbot.waitUntil(lambda: not window.is_syncing(), timeout=10_000)
    assert asked and gui not in asked
    assert "secret" in window.bannerText.text()

    # Cancel while the secret is read: the sync ends as cancelled, nothing started
    window.start_sync()
    with qtbot.waitSignal(window.syncFinished, timeout=10_000) as blocker:
        window.cancel_sync()
    assert blocker.args[0].status == "cancelled"
    assert not window.is_syncing() and window.syncAction.isEnabled()
    assert window._threads.running() == []
