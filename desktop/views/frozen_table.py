"""The customer table with its Name column frozen at the left edge (issue 14 item 2).

Qt's "Frozen Column" approach: a second ``QTableView`` over the same model shows only
the Name column and lies over the main view's left edge. It shares the main view's
selection model and vertical scroll bar, so selection, current row, sorting and
scrolling stay one state; it never takes the keyboard focus (the main view keeps it:
Enter, Ctrl+C and the arrow keys work as before). Clicks, double-clicks, the context
menu and clicks on its Name header are handed to the main view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QMouseEvent, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView, QWidget

from desktop.views.paint_cache import PaintCache, cache_header, cache_scroll_bar
from desktop.views.table_painter import CellPixmapPainter

#: the frozen column (the model's Name column)
FROZEN_COLUMN = 0


class _FrozenView(QTableView):
    """The overlay: the Name column only; focus goes to the main view."""

    def __init__(self, main: FrozenNameTableView) -> None:
        super().__init__(main)
        self._main = main
        self.setObjectName("frozenNameColumn")
        self.setAccessibleName(QCoreApplication.translate("FrozenNameTableView", "Customer names"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalHeader().hide()
        self.cell_painter = CellPixmapPainter(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.cell_painter.paint(event):
            super().paintEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # The keyboard stays with the main view (Enter opens the contact, Ctrl+C copies).
        self._main.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        # Vertical scrolling belongs to the main view (shared scroll value).
        self._main.scrollTo(self._main.model().index(index.row(), FROZEN_COLUMN), hint)


class FrozenNameTableView(QTableView):
    """A ``QTableView`` whose Name column stays in place when scrolling right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell_painter = CellPixmapPainter(self)
        self.frozen = _FrozenView(self)
        self._edge = QWidget(self)  # a 1 px line between the frozen column and the rest
        self._edge.setObjectName("frozenNameEdge")
        self._edge.setAutoFillBackground(True)
        self._syncing = False
        frozen = self.frozen
        frozen.clicked.connect(self.clicked)
        frozen.doubleClicked.connect(self.doubleClicked)
        frozen.activated.connect(self.activated)
        frozen.pressed.connect(self.pressed)
        frozen.customContextMenuRequested.connect(self._frozen_context_menu)
        fheader = frozen.horizontalHeader()
        fheader.setHighlightSections(False)
        fheader.setSectionsClickable(True)
        fheader.setSortIndicatorShown(True)
        fheader.sectionClicked.connect(self._frozen_header_clicked)
        fheader.sectionResized.connect(self._frozen_section_resized)
        header = self.horizontalHeader()
        header.sectionResized.connect(self._main_section_resized)
        header.sectionMoved.connect(self._keep_frozen_first)
        header.sortIndicatorChanged.connect(self._mirror_sort_indicator)
        header.geometriesChanged.connect(self._update_frozen_geometry)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        # A range change (rows, resize) may clamp one of the two: re-align the overlay.
        frozen.verticalScrollBar().rangeChanged.connect(self._align_vertical)
        self.verticalScrollBar().rangeChanged.connect(self._align_vertical)
        self.viewport().stackUnder(frozen)
        #: headers and scroll bars blitted while they look as before (paint_cache.py)
        self.paint_caches: list[PaintCache] = [
            cache_header(header),
            cache_header(fheader),
            cache_scroll_bar(self.horizontalScrollBar()),
            cache_scroll_bar(self.verticalScrollBar()),
        ]

    # ------------------------------------------------------------ set-up

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._hide_other_columns)
            model.columnsInserted.connect(self._hide_other_columns)
            model.layoutChanged.connect(self._layout_now)
            model.headerDataChanged.connect(self._forget_looks)
        self._hide_other_columns()
        header = self.horizontalHeader()
        self.frozen.horizontalHeader().setSortIndicator(
            header.sortIndicatorSection(), header.sortIndicatorOrder()
        )
        self._update_frozen_geometry()

    def _forget_looks(self, *_args: Any) -> None:
        for cache in self.paint_caches:
            cache.clear()

    def _layout_now(self, *_args: Any) -> None:
        """Lay the rows out at once after a layout change (a search keystroke, a sort)
        instead of in a later pass of the event loop: the rows are then painted in the
        same frame as the search box that changed them, not one frame later."""
        self.executeDelayedItemsLayout()
        self.frozen.executeDelayedItemsLayout()

    def _copy_view_settings(self) -> None:
        """What the main view is configured with, mirrored on the overlay (the main
        window sets most of it after ``setModel``; each setter returns early when
        nothing changes). Row heights must match for the shared vertical scrolling."""
        frozen = self.frozen
        if frozen.showGrid() != self.showGrid():
            frozen.setShowGrid(self.showGrid())
        if frozen.wordWrap() != self.wordWrap():
            frozen.setWordWrap(self.wordWrap())
        if frozen.textElideMode() != self.textElideMode():
            frozen.setTextElideMode(self.textElideMode())
        if frozen.verticalScrollMode() != self.verticalScrollMode():
            frozen.setVerticalScrollMode(self.verticalScrollMode())
        if frozen.iconSize() != self.iconSize():
            frozen.setIconSize(self.iconSize())
        vheader = self.verticalHeader()
        fvheader = frozen.verticalHeader()
        if fvheader.sectionResizeMode(0) != vheader.sectionResizeMode(0) or (
            fvheader.defaultSectionSize() != vheader.defaultSectionSize()
        ):
            fvheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            fvheader.setMinimumSectionSize(vheader.minimumSectionSize())
            fvheader.setDefaultSectionSize(vheader.defaultSectionSize())
        header = self.horizontalHeader()
        fheader = frozen.horizontalHeader()
        if fheader.defaultAlignment() != header.defaultAlignment():
            fheader.setDefaultAlignment(header.defaultAlignment())
        if frozen.columnWidth(FROZEN_COLUMN) != self.columnWidth(FROZEN_COLUMN):
            frozen.setColumnWidth(FROZEN_COLUMN, self.columnWidth(FROZEN_COLUMN))
        mid = self.palette().color(QPalette.ColorRole.Mid)
        if self._edge.palette().color(QPalette.ColorRole.Window) != mid:
            palette = self._edge.palette()
            palette.setColor(QPalette.ColorRole.Window, mid)
            self._edge.setPalette(palette)

    def _hide_other_columns(self, *_args: Any) -> None:
        model = self.model()
        if model is None:
            return
        for col in range(model.columnCount()):
            self.frozen.setColumnHidden(col, col != FROZEN_COLUMN)

    # The main window configures the view after construction: mirror what matters.
    def setAlternatingRowColors(self, enable: bool) -> None:
        super().setAlternatingRowColors(enable)
        self.frozen.setAlternatingRowColors(enable)

    def setSelectionBehavior(self, behavior: QAbstractItemView.SelectionBehavior) -> None:
        super().setSelectionBehavior(behavior)
        self.frozen.setSelectionBehavior(behavior)

    def setSelectionMode(self, mode: QAbstractItemView.SelectionMode) -> None:
        super().setSelectionMode(mode)
        self.frozen.setSelectionMode(mode)

    def setColumnWidth(self, column: int, width: int) -> None:
        super().setColumnWidth(column, width)
        if column == FROZEN_COLUMN:
            self.frozen.setColumnWidth(column, width)
            self._update_frozen_geometry()

    def frozen_width(self) -> int:
        """Width the overlay covers at the viewport's left edge (0 when Name is hidden)."""
        if self.isColumnHidden(FROZEN_COLUMN):
            return 0
        return self.columnWidth(FROZEN_COLUMN)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.cell_painter.paint(event):
            super().paintEvent(event)

    # ------------------------------------------------------------ geometry

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_frozen_geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._update_frozen_geometry()

    def _update_frozen_geometry(self) -> None:
        frozen = getattr(self, "frozen", None)
        if frozen is None:
            return
        width = self.frozen_width()
        frozen.setVisible(width > 0)
        self._edge.setVisible(width > 0)
        if not width:
            return
        self._copy_view_settings()
        # The vertical header is hidden; keep the arithmetic for when it is not.
        vheader = self.verticalHeader()
        left = self.frameWidth() + (vheader.width() if vheader.isVisible() else 0)
        top = self.frameWidth()
        header = self.horizontalHeader()
        header_height = header.height() if header.isVisible() else 0
        frozen.horizontalHeader().setFixedHeight(header_height)
        frozen.horizontalHeader().setVisible(header.isVisible())
        frozen.setGeometry(left, top, width, self.viewport().height() + header_height)
        self._edge.setGeometry(left + width - 1, top, 1, self.viewport().height() + header_height)
        self._edge.raise_()

    # ------------------------------------------------------------ keeping the two in step

    def _main_section_resized(self, column: int, _old: int, new: int) -> None:
        if column != FROZEN_COLUMN or self._syncing:
            return
        self._syncing = True
        try:
            self.frozen.setColumnWidth(column, new)
        finally:
            self._syncing = False
        self._update_frozen_geometry()

    def _frozen_section_resized(self, column: int, _old: int, new: int) -> None:
        # Dragging the edge of the frozen Name header resizes the real column.
        if column != FROZEN_COLUMN or self._syncing:
            return
        self._syncing = True
        try:
            super().setColumnWidth(column, new)
        finally:
            self._syncing = False
        self._update_frozen_geometry()

    def _keep_frozen_first(self, _logical: int, _old: int, _new: int) -> None:
        header = self.horizontalHeader()
        if header.visualIndex(FROZEN_COLUMN) != 0:
            header.moveSection(header.visualIndex(FROZEN_COLUMN), 0)

    def _align_vertical(self, *_args: Any) -> None:
        value = self.verticalScrollBar().value()
        if self.frozen.verticalScrollBar().value() != value:
            self.frozen.verticalScrollBar().setValue(value)

    def _mirror_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        self.frozen.horizontalHeader().setSortIndicator(column, order)

    def _frozen_header_clicked(self, column: int) -> None:
        """A click on the frozen Name header sorts as a click on the real one would."""
        if column != FROZEN_COLUMN or not self.isSortingEnabled():
            return
        header = self.horizontalHeader()
        order = Qt.SortOrder.AscendingOrder
        if header.sortIndicatorSection() == column:
            ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            order = Qt.SortOrder.DescendingOrder if ascending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, order)  # the view sorts the model on this signal

    def _frozen_context_menu(self, pos: Any) -> None:
        mapped = self.viewport().mapFromGlobal(self.frozen.viewport().mapToGlobal(pos))
        self.customContextMenuRequested.emit(mapped)

    # ------------------------------------------------------------ keyboard and scrolling

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = super().moveCursor(cursorAction, modifiers)
        action = QAbstractItemView.CursorAction
        header = self.horizontalHeader()
        if (
            current.isValid()
            and cursorAction in (action.MoveHome, action.MoveLeft)
            and header.visualIndex(current.column()) == 0
        ):
            self.horizontalScrollBar().setValue(0)  # Home: back to the leftmost columns
        return current

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        bar = self.horizontalScrollBar()
        keep = bar.value()
        super().scrollTo(index, hint)
        if not index.isValid():
            return
        if index.column() == FROZEN_COLUMN:
            bar.setValue(keep)  # the Name cell is always in view: scroll vertically only
            return
        # A cell under the frozen column: scroll left until it shows beside it.
        covered = self.frozen_width() - self.visualRect(index).left()
        if covered > 0 and self.frozen.isVisible():
            bar.setValue(bar.value() - covered)
