"""Issue 14 items 1, 2 and 4: the tenant ID column, the frozen Name column, the match hint."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from desktop.models.customer_table import (
    COL_NAME,
    COL_SYNCED,
    COL_TENANT_ID,
    CustomerTableModel,
)
from desktop.views.main_window import MainWindow
from tests.helpers.rows import make_row

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)

TWINS = [
    make_row(1, "Rossi Srl", email="jane@rossi.example"),
    make_row(2, "Rossi Srl", email="mario@rossi.example"),
    make_row(3, "<b>Bold</b> & Co", show_as="Bold and Co", email="x@bold.example"),
]


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    w = open_window()
    w.resize(900, 500)
    return w


def _names(model: CustomerTableModel) -> list[str]:
    return [model.index(r, COL_NAME).data() for r in range(model.rowCount())]


# ------------------------------------------------------------ item 1: tenant ID


def test_tenant_id_column_in_the_model(qapp) -> None:
    model = CustomerTableModel()
    model.set_rows(TWINS)
    assert model.headerData(COL_TENANT_ID, Qt.Orientation.Horizontal) == "Tenant ID"
    ids = [model.index(r, COL_TENANT_ID).data() for r in range(model.rowCount())]
    assert sorted(ids) == sorted(r.id for r in TWINS)
    model.sort(COL_TENANT_ID, Qt.SortOrder.DescendingOrder)
    ids = [model.index(r, COL_TENANT_ID).data() for r in range(model.rowCount())]
    assert ids == sorted(ids, reverse=True)


def test_name_tooltip_tells_twins_apart_and_is_escaped(qapp) -> None:
    model = CustomerTableModel()
    model.set_rows(TWINS)
    tips = [model.index(r, COL_NAME).data(Qt.ItemDataRole.ToolTipRole) for r in range(3)]
    for tip, row in zip(tips, model.visible_rows(), strict=True):
        assert f"Tenant ID: {row.id}" in tip
    bold = next(t for t in tips if "Bold" in t)
    assert bold.startswith("<qt>") and "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in bold
    assert "<b>" not in bold


def test_tenant_id_column_hidden_by_default_shown_from_view_menu_and_remembered(
    qtbot, window: MainWindow, open_window
) -> None:
    table = window.customerTable
    assert table.isColumnHidden(COL_TENANT_ID)
    assert window.showTenantIdAction in window.viewMenu.actions()
    assert COL_TENANT_ID not in window.visible_columns()
    qtbot.waitUntil(window.model.search_index_ready)
    assert COL_TENANT_ID not in window.model._ranks  # hidden: no idle work for it
    window.showTenantIdAction.trigger()
    assert not table.isColumnHidden(COL_TENANT_ID)
    assert COL_TENANT_ID in window.visible_columns()
    # Shown: its sort ranks are built in idle time (the first header click finds them).
    qtbot.waitUntil(window.model.search_index_ready)
    assert COL_TENANT_ID in window.model._ranks
    window.close()

    again = open_window()
    assert again.showTenantIdAction.isChecked()
    assert not again.customerTable.isColumnHidden(COL_TENANT_ID)
    again.showTenantIdAction.trigger()
    assert again.customerTable.isColumnHidden(COL_TENANT_ID)
    again.close()
    third = open_window()
    assert third.customerTable.isColumnHidden(COL_TENANT_ID)
    third.close()


def test_header_context_menu_offers_the_tenant_id_column(qtbot, window: MainWindow) -> None:
    header = window.customerTable.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(5, 5))
    menu = window.findChild(QMenu, "headerContextMenu")
    assert menu is not None
    assert window.showTenantIdAction in menu.actions()
    menu.close()


def test_gui_export_carries_the_tenant_id_even_when_hidden(
    window: MainWindow, tmp_path: Path
) -> None:
    window.model.set_rows(TWINS)
    assert window.customerTable.isColumnHidden(COL_TENANT_ID)
    out = tmp_path / "visible.csv"
    assert window.export_visible(out) == 3
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert lines[0][0] == "Name" and lines[0][-1] == "Tenant ID"
    rossi = sorted(line[-1] for line in lines[1:] if line[0] == "Rossi Srl")
    assert rossi == sorted(r.id for r in TWINS[:2])


# ------------------------------------------------------------ item 2: frozen Name column


def _frozen(window: MainWindow) -> QTableView:
    frozen = window.customerTable.findChild(QTableView, "frozenNameColumn")
    assert frozen is not None
    return frozen


def test_name_column_stays_in_place_when_scrolled_right(qtbot, window: MainWindow) -> None:
    window.model.set_rows([make_row(i) for i in range(60)])
    table = window.customerTable
    assert table.objectName() == "customerTable"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert table.horizontalScrollBar().value() > 0  # really scrolled right
    assert table.currentIndex().row() == 59
    frozen = _frozen(window)
    assert frozen.isVisible()
    # The overlay covers the viewport's left edge with exactly the Name column ...
    origin = frozen.mapTo(table, QPoint(0, 0))
    assert origin.x() == table.viewport().mapTo(table, QPoint(0, 0)).x()
    assert frozen.width() == table.columnWidth(COL_NAME)
    shown = [c for c in range(window.model.columnCount()) if not frozen.isColumnHidden(c)]
    assert shown == [COL_NAME]
    # ... and scrolls vertically with the table: the last row's name is on screen.
    last = window.model.index(59, COL_NAME)
    rect = frozen.visualRect(last)
    assert frozen.viewport().rect().contains(rect.center())
    assert frozen.indexAt(rect.center()).data() == "Customer 0059"
    # The cell under the overlay in the main view is not the Name cell any more.
    assert table.columnAt(1) != COL_NAME


def test_frozen_column_shares_selection_click_and_enter(qtbot, window: MainWindow) -> None:
    table = window.customerTable
    frozen = _frozen(window)
    assert frozen.selectionModel() is table.selectionModel()
    assert frozen.focusPolicy() == Qt.FocusPolicy.NoFocus
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    rect = frozen.visualRect(window.model.index(1, COL_NAME))
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentIndex().row() == 1
    assert table.selectionModel().isRowSelected(1)
    assert table.hasFocus() or window.focusWidget() is table
    dialogs = [w for w in window.findChildren(QWidget, "contactDialog") if w.isVisible()]
    assert len(dialogs) == 1 and "Gamma GmbH" in dialogs[0].windowTitle()
    dialogs[0].close()
    # Keyboard: Down moves the shared current row, Enter opens that customer.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 2
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialogs = [w for w in window.findChildren(QWidget, "contactDialog") if w.isVisible()]
    assert any("Società Alpha" in d.windowTitle() for d in dialogs)
    for d in dialogs:
        d.close()


def test_frozen_name_header_sorts_and_mirrors_the_indicator(qtbot, window: MainWindow) -> None:
    table = window.customerTable
    frozen = _frozen(window)
    fheader = frozen.horizontalHeader()
    x = fheader.sectionViewportPosition(COL_NAME) + 10
    qtbot.mouseClick(
        fheader.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, fheader.height() // 2)
    )
    assert window.model.sort_order() == Qt.SortOrder.DescendingOrder
    assert _names(window.model) == ["Società Alpha", "Gamma GmbH", "Beta Srl"]
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    table.sortByColumn(COL_SYNCED, Qt.SortOrder.AscendingOrder)
    assert fheader.sortIndicatorSection() == COL_SYNCED  # no arrow on the frozen Name


def test_frozen_context_menu_acts_on_the_clicked_row(qtbot, window: MainWindow) -> None:
    table = window.customerTable
    frozen = _frozen(window)
    asked: list[QPoint] = []
    table.customContextMenuRequested.connect(asked.append)
    rect = frozen.visualRect(window.model.index(2, COL_NAME))
    frozen.customContextMenuRequested.emit(rect.center())
    assert len(asked) == 1
    assert table.indexAt(asked[0]).row() == 2
    menu = table.findChild(QMenu, "customerContextMenu")
    if menu is not None:
        menu.close()


def test_frozen_column_follows_resizes_and_stays_first(window: MainWindow) -> None:
    table = window.customerTable
    frozen = _frozen(window)
    table.setColumnWidth(COL_NAME, 333)
    assert frozen.columnWidth(COL_NAME) == 333 and frozen.width() == 333
    frozen.horizontalHeader().resizeSection(COL_NAME, 280)  # dragging the frozen edge
    assert table.columnWidth(COL_NAME) == 280 and frozen.width() == 280
    header = table.horizontalHeader()
    header.moveSection(header.visualIndex(COL_NAME), 3)
    assert header.visualIndex(COL_NAME) == 0


# ------------------------------------------------------------ item 4: why a row matched


def test_search_hint_names_the_hidden_field_that_matched(window: MainWindow) -> None:
    window.model.set_rows(TWINS)
    model = window.model

    def name_tip(pos: int) -> str:
        return str(model.index(pos, COL_NAME).data(Qt.ItemDataRole.ToolTipRole))

    window.customerSearch.setText("jane@")
    assert _names(model) == ["Rossi Srl"]
    assert "Matched: contact email jane@rossi.example" in name_tip(0)
    assert model.match_hint(0) == "Matched: contact email jane@rossi.example"
    spoken = model.index(0, COL_NAME).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Rossi Srl. Matched: contact email jane@rossi.example"
    window.customerSearch.setText(TWINS[1].id[-6:])
    assert model.rowCount() == 1
    assert f"Matched: tenant ID {TWINS[1].id}" in name_tip(0)
    window.customerSearch.setText("rossi srl")  # the name itself matched: no hint
    assert model.rowCount() == 2
    assert "Matched" not in name_tip(0)
    assert model.match_hint(0) is None
    window.customerSearch.setText("")
    assert all("Matched" not in name_tip(p) for p in range(model.rowCount()))


def test_header_saved_before_the_tenant_id_column_existed(
    qtbot, window: MainWindow, open_window
) -> None:
    """An older saved header (one column fewer) restores; the new column stays hidden
    and gets its full width, not Qt's default."""
    from PySide6.QtGui import QStandardItemModel

    from desktop.models import settings as app_settings_mod

    old = QTableView()
    old.setModel(QStandardItemModel(1, COL_TENANT_ID))
    old.setColumnWidth(COL_NAME, 321)
    key = app_settings_mod.profile_key(window.profile.name, "header")
    window.close()
    settings = app_settings_mod.app_settings()
    settings.setValue(key, old.horizontalHeader().saveState())
    settings.sync()
    again = open_window()
    table = again.customerTable
    assert table.columnWidth(COL_NAME) == 321  # the saved state was used
    assert table.isColumnHidden(COL_TENANT_ID)
    again.showTenantIdAction.trigger()
    assert table.columnWidth(COL_TENANT_ID) > table.fontMetrics().horizontalAdvance("0" * 36)
    again.close()


def test_keyboard_left_brings_cells_out_from_under_the_frozen_column(
    qtbot, window: MainWindow
) -> None:
    table = window.customerTable
    frozen = _frozen(window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert table.horizontalScrollBar().value() > 0
    header = table.horizontalHeader()
    # the first shown column right of Name (a hidden Tags column may sit in between)
    first = min(
        header.visualIndex(c)
        for c in range(header.count())
        if c != COL_NAME and not table.isColumnHidden(c)
    )
    while header.visualIndex(table.currentIndex().column()) > first:
        qtbot.keyClick(table, Qt.Key.Key_Left)
        rect = table.visualRect(table.currentIndex())
        assert rect.left() >= frozen.width() - 1, table.currentIndex().column()
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.currentIndex().column() == COL_NAME
    assert table.horizontalScrollBar().value() == 0
