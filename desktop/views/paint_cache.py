"""The customer table's column headers and scroll bars repainted from their last look
(docs/architecture.md §8).

Every search keystroke makes Qt repaint the table's column headers (the model's
layout changed) and both scroll bars (``QAbstractScrollArea`` raises their containers
whenever it lays out its children, and a raised widget is repainted), although they
mostly look exactly as before: ~1 ms of style drawing per keystroke, more than the
cells. :class:`PaintCache` (an event filter on such a widget) keeps what the widget
looked like for a few states and blits that when a state comes back. A state is a
key of everything the look depends on (size, sections or range and value, palette,
font, style, active window...); while the mouse is over the widget or a button is
held (hover and pressed looks) nothing is cached. A state is captured (with
``QWidget.grab``, from the event loop, never inside a paint) once it has been painted
twice, so states seen once (most scroll bar ranges while typing) cost nothing extra.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QHeaderView, QScrollBar, QWidget

#: looks kept per widget
KEPT = 8
#: states remembered as seen once
SEEN = 64


class PaintCache(QObject):
    """Paints ``surface`` from an earlier rendering of the same state (``key()``)."""

    def __init__(self, surface: QWidget, key: Callable[[], Hashable | None]) -> None:
        super().__init__(surface)
        self._surface = surface
        self._key = key
        self._looks: dict[Hashable, QPixmap] = {}
        self._seen: dict[Hashable, None] = {}
        self._wanted: Hashable | None = None
        self._capturing = False
        #: False: Qt paints every time (comparisons, tests)
        self.enabled = True
        self.captures = 0
        self.blits = 0
        surface.installEventFilter(self)

    def clear(self, *_args: Any) -> None:
        self._looks.clear()
        self._seen.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._surface
            and event.type() == QEvent.Type.Paint
            and self.enabled
            and not self._capturing
        ):
            return self._paint()
        return False

    def _paint(self) -> bool:
        """True when the look was blitted (the paint event is then handled)."""
        key = self._key()
        if key is None:
            return False
        look = self._looks.get(key)
        if look is None:
            if key in self._seen and self._wanted is None:
                self._wanted = key
                QTimer.singleShot(0, self, self._capture)
            self._seen[key] = None
            while len(self._seen) > SEEN:
                del self._seen[next(iter(self._seen))]
            return False
        self._looks[key] = self._looks.pop(key)  # most recently used last
        painter = QPainter(self._surface)
        painter.drawPixmap(0, 0, look)
        painter.end()
        self.blits += 1
        return True

    def _capture(self) -> None:
        wanted, self._wanted = self._wanted, None
        surface = self._surface
        if wanted is None or not surface.isVisible() or self._key() != wanted:
            return
        self._capturing = True
        try:
            look = surface.grab()
        finally:
            self._capturing = False
        looks = self._looks
        looks[wanted] = look
        while len(looks) > KEPT:
            del looks[next(iter(looks))]
        self.captures += 1


def _surface_key(widget: QWidget) -> tuple[Any, ...] | None:
    """What any widget's look depends on besides its own values; None while the mouse
    is over it or a button is held, or at a fractional device pixel ratio."""
    if widget.underMouse() or QApplication.mouseButtons() != Qt.MouseButton.NoButton:
        return None
    dpr = widget.devicePixelRatioF()
    if dpr != int(dpr):
        return None
    window = widget.window()
    style = widget.style()
    return (
        widget.width(),
        widget.height(),
        dpr,
        widget.palette().cacheKey(),
        widget.font().key(),
        style.metaObject().className(),
        style.name(),
        widget.isEnabled(),
        window.isActiveWindow() if window is not None else False,
        widget.layoutDirection().value,
    )


def cache_header(header: QHeaderView) -> PaintCache:
    """Blit ``header``'s sections while they and the sort indicator do not change (the
    owner clears the cache when the titles change: ``headerDataChanged``)."""

    def key() -> tuple[Any, ...] | None:
        selection = header.selectionModel()
        if header.highlightSections() and selection is not None and selection.hasSelection():
            return None  # highlighted sections follow the selection
        surface = _surface_key(header.viewport())
        if surface is None:
            return None
        logical = header.logicalIndex
        sections = tuple(
            (col, header.sectionSize(col))
            for col in map(logical, range(header.count()))
            if not header.isSectionHidden(col)
        )
        return (
            surface,
            header.offset(),
            sections,
            header.sortIndicatorSection(),
            header.sortIndicatorOrder().value,
            header.isSortIndicatorShown(),
            header.defaultAlignment().value,
            id(header.model()),
        )

    return PaintCache(header.viewport(), key)


def cache_scroll_bar(bar: QScrollBar) -> PaintCache:
    """Blit ``bar`` for a range, value and size it had before."""

    def key() -> tuple[Any, ...] | None:
        if bar.isSliderDown():
            return None
        surface = _surface_key(bar)
        if surface is None:
            return None
        return (
            surface,
            bar.orientation().value,
            bar.minimum(),
            bar.maximum(),
            bar.value(),
            bar.pageStep(),
            bar.invertedAppearance(),
        )

    return PaintCache(bar, key)
