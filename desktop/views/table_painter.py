"""The customer table's cells painted from cached pixmaps (docs/architecture.md §8).

``QTableView`` paints every visible cell through its item delegate and the style on
each repaint: ~300 cells after every search keystroke, ~11 µs of C++ each plus a
Python ``multiData`` call, even for the many empty cells. Most cells repeat a few
values (licence statuses, billing, assistance, region), so :class:`CellPixmapPainter`
renders each distinct cell *once* with the view's own delegate and style — exactly as
``QTableView`` would, background included — and repaints are blits.

What makes a cell look the way it does is its key: size, style state (selected,
alternate row, active window, enabled) and the values the delegate reads from the
model (text, icon, foreground, background: ``model.paint_cells``; every cell is
painted by the view's one ``itemDelegate``). Anything else that changes the rendering
(palette, font, style, delegate, elide mode, icon size, direction, device pixel ratio)
empties the cache, which is bounded by pixmap bytes (oldest out first). The focused
or hovered cell, and on a miss a column whose cells rarely repeat (unique names), are
painted in place as ``QTableView`` would. The view falls back to
``QTableView.paintEvent`` when the painter does not apply: a grid, hidden or moved
rows, a fractional device pixel ratio, a model without ``paint_cells``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QCursor, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from desktop.models.customer_rows import COL_NAME

_SELECTED = QStyle.StateFlag.State_Selected
_FOCUS = QStyle.StateFlag.State_HasFocus
_MOUSE_OVER = QStyle.StateFlag.State_MouseOver
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate
_ROW_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewRow
_SELECTED_BIT = int(_SELECTED.value)
_FOCUS_BIT = int(_FOCUS.value)
_MOUSE_OVER_BIT = int(_MOUSE_OVER.value)
_ALL = object()  # every column of a row is selected

#: pixmap bytes kept (~500 cells of a 110 x 24 column at 32 bits a pixel)
DEFAULT_BUDGET = 6 * 1024 * 1024
#: a column that missed on this many of its cells, and on over three in four, in one
#: paint is painted in place on a miss; one miss in PROBE_EVERY is still stored
DIRECT_AFTER = 8
PROBE_EVERY = 4


class CellPixmapPainter:
    """Paints ``view``'s viewport cells from a cache of delegate-rendered pixmaps."""

    def __init__(self, view: QTableView, budget: int = DEFAULT_BUDGET) -> None:
        self._view = view
        #: False: every paint goes to ``QTableView.paintEvent`` (comparisons, tests)
        self.enabled = True
        self._budget = budget
        self._cache: dict[tuple[Any, ...], QPixmap] = {}
        self._bytes = 0
        self._config: tuple[Any, ...] | None = None
        self._style: Any = None
        self._delegate: Any = None
        self._keep: dict[int, Any] = {}  # icons and colours whose id() is in a key
        self._direct: set[int] = set()  # columns painted in place on a miss
        self._probe = 0
        #: cells rendered and stored / painted in place on a miss
        self.stored = 0
        self.direct = 0

    def clear(self) -> None:
        self._cache.clear()
        self._keep.clear()
        self._bytes = 0

    # ------------------------------------------------------------ when it applies

    def _applies(self) -> bool:
        view = self._view
        vheader = view.verticalHeader()
        if (
            not self.enabled
            or view.showGrid()
            or vheader.sectionsHidden()
            or vheader.sectionsMoved()
        ):
            return False
        dpr = view.viewport().devicePixelRatioF()
        return dpr == int(dpr) and hasattr(view.model(), "paint_cells")

    def _check_config(self, option: QStyleOptionViewItem) -> None:
        view = self._view
        viewport = view.viewport()
        # the style and delegate themselves, not id()s of wrappers that may be remade
        style, delegate = view.style(), view.itemDelegate()
        if style is not self._style or delegate is not self._delegate:
            self._style, self._delegate = style, delegate
            self._config = None
        config = (
            option.palette.cacheKey(),
            viewport.palette().cacheKey(),
            option.font.key(),
            option.decorationSize.width(),
            option.decorationSize.height(),
            int(option.textElideMode.value),
            int(option.features.value),
            option.direction.value,
            int(option.displayAlignment.value),
            viewport.devicePixelRatioF(),
        )
        if config != self._config:
            self._config = config
            self.clear()

    # ------------------------------------------------------------ painting

    def paint(self, event: QPaintEvent) -> bool:
        """Paint the cells in ``event``'s region; False when ``QTableView`` must."""
        if not self._applies():
            return False
        view = self._view
        model: Any = view.model()
        rows = model.rowCount()
        header = view.horizontalHeader()
        if rows == 0 or header.count() == 0:
            return True  # the viewport's background is all there is
        base = QStyleOptionViewItem()
        view.initViewItemOption(base)
        self._check_config(base)
        area = event.rect()
        first = view.rowAt(area.top())
        if first < 0:
            return True  # below the last row
        last = view.rowAt(area.bottom())
        if last < 0:
            last = rows - 1
        columns = self._columns(area)
        if not columns:
            return True
        viewport = view.viewport()
        painter = QPainter(viewport)
        try:
            self._paint_rows(painter, model, base, first, last, columns)
        finally:
            painter.end()
        return True

    def _columns(self, area: QRect) -> list[tuple[int, int, int]]:
        """(logical column, x, width) of the columns ``area`` crosses, in visual order."""
        view = self._view
        header = view.horizontalHeader()
        left = header.visualIndexAt(area.left())
        right = header.visualIndexAt(area.right())
        if view.isRightToLeft():
            left, right = right, left
        if left < 0:
            left = 0
        if right < 0:
            right = header.count() - 1
        out = []
        for visual in range(left, right + 1):
            col = header.logicalIndex(visual)
            if header.isSectionHidden(col):
                continue
            out.append((col, view.columnViewportPosition(col), view.columnWidth(col)))
        return out

    def _paint_rows(
        self,
        painter: QPainter,
        model: Any,
        base: QStyleOptionViewItem,
        first: int,
        last: int,
        columns: list[tuple[int, int, int]],
    ) -> None:
        view = self._view
        selected = self._selected_columns(first, last, model.columnCount())
        current = view.currentIndex()
        focus_row = focus_col = -1
        if current.isValid() and (view.hasFocus() or view.viewport().hasFocus()):
            focus_row, focus_col = current.row(), current.column()
        hover_row, hover_col = self._hover()
        alternate = view.alternatingRowColors()
        base_state = int(base.state.value)
        cache = self._cache
        misses: dict[int, int] = {}
        direct = self._direct
        draw = painter.drawPixmap
        row_at = model.paint_cells
        name_column = COL_NAME
        y = view.rowViewportPosition(first)
        for row in range(first, last + 1):
            height = view.rowHeight(row)
            values = row_at(row)
            if values is None:
                break
            texts, icons, fgs, name_bg = values
            odd = bool(row & 1) and alternate
            row_selected = selected.get(row)
            for col, x, width in columns:
                state = base_state
                if row_selected is not None and (row_selected is _ALL or col in row_selected):
                    state |= _SELECTED_BIT
                focus = row == focus_row and col == focus_col
                hover = row == hover_row and col == hover_col
                if focus or hover:
                    # one cell at a time, drawn across its edges (a focus frame):
                    # painted in place, as QTableView does
                    if focus:
                        state |= _FOCUS_BIT
                    if hover:
                        state |= _MOUSE_OVER_BIT
                    rect = QRect(x, y, width, height)
                    self._paint_cell(painter, base, row, col, rect, state, odd)
                    continue
                icon = icons[col]
                fg = fgs[col]
                bg = name_bg if col == name_column else None
                key = (width, height, state, odd, texts[col], id(icon), id(fg), id(bg))
                pixmap = cache.get(key)
                if pixmap is not None:
                    draw(x, y, pixmap)
                    continue
                misses[col] = misses.get(col, 0) + 1
                if col in direct:
                    self._probe += 1
                    if self._probe % PROBE_EVERY:
                        rect = QRect(x, y, width, height)
                        self._paint_cell(painter, base, row, col, rect, state, odd)
                        self.direct += 1
                        continue
                pixmap = self._render(base, row, col, width, height, state, odd)
                self._remember(icon, fg, bg)
                self._store(key, pixmap)
                draw(x, y, pixmap)
            y += height
        # A column whose cells rarely repeat (unique names) is painted directly from
        # the next paint on, and stored only now and then (its values may repeat
        # later): rendering into a pixmap first costs more than painting in place.
        cells = last - first + 1
        if cells >= DIRECT_AFTER:  # (a paint of a row or two says little)
            self._direct = {
                col
                for col, missed in misses.items()
                if missed >= DIRECT_AFTER and missed * 4 > cells * 3
            }

    def _selected_columns(self, first: int, last: int, count: int) -> dict[int, Any]:
        """Row -> ``_ALL`` or the set of its selected columns, for rows first..last
        (from the selection's ranges: one pass, not a query per row)."""
        selection_model = self._view.selectionModel()
        if selection_model is None:
            return {}
        out: dict[int, Any] = {}
        selection = selection_model.selection()
        for i in range(selection.count()):
            selected = selection.at(i)
            top, bottom = max(selected.top(), first), min(selected.bottom(), last)
            if top > bottom:
                continue
            left, right = selected.left(), selected.right()
            whole = left == 0 and right == count - 1
            for row in range(top, bottom + 1):
                cols = out.get(row)
                if cols is _ALL:
                    continue
                if whole:
                    out[row] = _ALL
                    continue
                if cols is None:
                    cols = out[row] = set()
                cols.update(range(left, right + 1))
        return out

    def _remember(self, *objects: Any) -> None:
        """Keep the icons and colours whose ``id()`` is in a key alive (an id is unique
        only while its object lives)."""
        keep = self._keep
        for obj in objects:
            if obj is not None:
                keep[id(obj)] = obj
        if len(keep) > 4096:  # a model making new objects each time: start over
            self.clear()

    def _hover(self) -> tuple[int, int]:
        view = self._view
        viewport = view.viewport()
        if not viewport.testAttribute(Qt.WidgetAttribute.WA_Hover) or not viewport.underMouse():
            return -1, -1
        index = view.indexAt(viewport.mapFromGlobal(QCursor.pos()))
        return (index.row(), index.column()) if index.isValid() else (-1, -1)

    def _option(
        self, base: QStyleOptionViewItem, rect: QRect, state: int, odd: bool
    ) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem(base)
        option.rect = rect
        option.state = QStyle.StateFlag(state)
        if odd:
            option.features |= _ALTERNATE
        else:
            option.features &= ~_ALTERNATE
        return option

    def _paint_cell(
        self,
        painter: QPainter,
        base: QStyleOptionViewItem,
        row: int,
        col: int,
        rect: QRect,
        state: int,
        odd: bool,
    ) -> None:
        """What ``QTableViewPrivate::drawCell`` does for one cell."""
        view = self._view
        model = view.model()
        option = self._option(base, rect, state, odd)
        index = model.index(row, col)
        if int(option.state.value) & int(QStyle.StateFlag.State_Enabled.value):
            enabled = bool(model.flags(index) & Qt.ItemFlag.ItemIsEnabled)
            if not enabled:
                option.state &= ~QStyle.StateFlag.State_Enabled
            group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
            option.palette.setCurrentColorGroup(group)
        view.style().drawPrimitive(_ROW_PANEL, option, painter, view)
        delegate = view.itemDelegateForIndex(index)
        delegate.paint(painter, option, index)

    def _render(
        self,
        base: QStyleOptionViewItem,
        row: int,
        col: int,
        width: int,
        height: int,
        state: int,
        odd: bool,
    ) -> QPixmap:
        """The cell as the viewport shows it: its background, then the cell."""
        viewport = self._view.viewport()
        dpr = viewport.devicePixelRatioF()
        pixmap = QPixmap(round(width * dpr), round(height * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(viewport.palette().color(viewport.backgroundRole()))
        painter = QPainter(pixmap)
        try:
            self._paint_cell(painter, base, row, col, QRect(0, 0, width, height), state, odd)
        finally:
            painter.end()
        return pixmap

    def _store(self, key: tuple[Any, ...], pixmap: QPixmap) -> None:
        size = pixmap.width() * pixmap.height() * 4
        cache = self._cache
        while cache and self._bytes + size > self._budget:
            old = cache.pop(next(iter(cache)))
            self._bytes -= old.width() * old.height() * 4
        cache[key] = pixmap
        self._bytes += size
        self.stored += 1
