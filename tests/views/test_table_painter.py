"""The customer table's cached cell painter (views/table_painter.py) paints exactly
what ``QTableView`` paints: the same pixels, in every state a cell can be in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QAbstractItemView

from desktop.models.customer_table import COL_BILLING, COL_NAME
from desktop.views.main_window import MainWindow
from tests.helpers.rows import make_row, random_rows

LONG_NAME = "Società Cooperativa Agricola " * 6 + "Ultima"


def _rows() -> list[Any]:
    rows = random_rows(80)
    rows[3] = make_row(3, LONG_NAME, managed=True)  # elided, with the $ badge
    return rows


def _views(window: MainWindow) -> list[Any]:
    table = window.customerTable
    return [table, table.frozen]


def _shots(window: MainWindow) -> tuple[QImage, QImage]:
    """The table (main view and frozen Name column) painted by Qt, then by the painter."""
    shots = []
    for on in (False, True):
        for view in _views(window):
            view.cell_painter.enabled = on
        shots.append(
            window.customerTable.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        )
    return shots[0], shots[1]


def _assert_same(window: MainWindow) -> None:
    before = [view.cell_painter.stored for view in _views(window)]
    qt, ours = _shots(window)
    assert ours.size() == qt.size()
    assert ours == qt
    # the painter did paint (a comparison of Qt with itself proves nothing)
    assert [view.cell_painter.stored for view in _views(window)] > before or all(
        view.cell_painter._cache for view in _views(window)
    )


def _select(window: MainWindow) -> None:
    table = window.customerTable
    flags = QItemSelectionModel.SelectionFlag
    table.setFocus()
    table.selectRow(2)
    table.selectionModel().select(
        table.model().index(5, 0), flags.Select | flags.Rows
    )  # a second, separate row
    table.setCurrentIndex(table.model().index(5, COL_BILLING))


SCENARIOS: dict[str, Callable[[MainWindow], None]] = {
    "plain": lambda w: None,
    "selection and focus": _select,
    "search": lambda w: w.customerSearch.setText("e"),
    "scrolled": lambda w: (
        w.customerTable.verticalScrollBar().setValue(20),
        w.customerTable.horizontalScrollBar().setValue(300),
    ),
    "right to left": lambda w: w.customerTable.setLayoutDirection(Qt.LayoutDirection.RightToLeft),
    "no alternating rows": lambda w: w.customerTable.setAlternatingRowColors(False),
    "removed rows shown": lambda w: w.model.set_show_removed(True),
    "disabled": lambda w: (_select(w), w.customerTable.setEnabled(False)),
    "my protection only": lambda w: w.model.set_my_protection_only(True),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_painter_paints_what_qt_paints(
    qtbot: Any, open_window: Callable[..., MainWindow], scenario: str
) -> None:
    window = open_window(rows=_rows())
    SCENARIOS[scenario](window)
    qtbot.wait(10)
    _assert_same(window)


def test_selected_rows_and_elided_name_are_painted(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    """What the comparison covers is there: the long name elided to its column, the
    selection colour on a selected row and not on the next."""
    window = open_window(rows=_rows())
    table = window.customerTable
    model = table.model()
    long_row = next(p for p in range(model.rowCount()) if model.row_at(p).name == LONG_NAME)
    table.scrollTo(model.index(long_row, COL_NAME))
    assert table.fontMetrics().horizontalAdvance(LONG_NAME) > table.columnWidth(COL_NAME)
    first = table.rowAt(0)
    table.selectRow(first + 1)
    qtbot.wait(10)
    qt, ours = _shots(window)
    assert ours == qt
    palette = table.palette()
    highlights = {
        palette.color(group, QPalette.ColorRole.Highlight).rgb()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    }

    def pixel(row: int) -> int:  # inside the Billing cell, away from its text
        rect = table.visualRect(model.index(row, COL_BILLING))
        point = table.viewport().mapTo(table, rect.topRight())
        return ours.pixelColor(point.x() - 2, point.y() + 2).rgb()

    assert pixel(first + 1) in highlights
    assert pixel(first + 2) not in highlights


def test_cells_are_rendered_once_and_reused(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(rows=_rows())
    painter = window.customerTable.cell_painter
    window.customerTable.viewport().repaint()
    stored = painter.stored
    assert stored > 0
    window.customerTable.viewport().repaint()
    assert painter.stored == stored  # every cell from the cache
    window.customerSearch.setText("e")  # other rows: new values are rendered once
    window.customerSearch.setText("")
    window.customerTable.viewport().repaint()
    again = painter.stored
    window.customerSearch.setText("e")
    window.customerTable.viewport().repaint()
    window.customerSearch.setText("")
    window.customerTable.viewport().repaint()
    assert painter.stored == again  # seen before: nothing new


def test_a_new_palette_renders_cells_again(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    from desktop.theme import dark_palette

    window = open_window(rows=_rows())
    window.customerTable.viewport().repaint()
    window.setPalette(dark_palette())
    qtbot.wait(10)
    _assert_same(window)


def test_qt_paints_when_the_painter_does_not_apply(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    """A grid or hidden rows: ``QTableView`` paints (the painter draws neither)."""
    window = open_window(rows=_rows())
    table = window.customerTable
    table.setShowGrid(True)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    stored = table.cell_painter.stored
    table.viewport().repaint()
    assert table.cell_painter.stored == stored
    table.setShowGrid(False)
    table.setRowHidden(1, True)
    table.viewport().repaint()
    assert table.cell_painter.stored == stored
    table.setRowHidden(1, False)
    table.viewport().repaint()
    assert table.cell_painter.stored > stored


def test_unique_names_are_painted_in_place(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    """Names that never repeat are not rendered into pixmaps first (that costs more
    than painting in place): the Name column is painted in place on a miss, the
    same pixels."""
    window = open_window(rows=random_rows(400))
    table = window.customerTable
    painter = table.frozen.cell_painter
    for value in (0, 30, 60, 90, 120):  # new names at every step
        table.verticalScrollBar().setValue(value)
        table.frozen.viewport().repaint()
    assert painter.direct > 0
    stored = painter.stored
    table.verticalScrollBar().setValue(150)
    _assert_same(window)
    assert painter.stored - stored < 27  # most of the new names were not stored
