"""The table's headers and scroll bars blitted from earlier looks (views/paint_cache.py)
look exactly as Qt paints them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QScrollBar

from desktop.views.main_window import MainWindow
from desktop.views.paint_cache import cache_scroll_bar
from tests.helpers.rows import random_rows


def _grab(window: MainWindow, cached: bool) -> QImage:
    for cache in window.customerTable.paint_caches:
        cache.enabled = cached
    image = window.customerTable.grab().toImage()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def _type(qtbot: Any, window: MainWindow, texts: list[str]) -> None:
    for text in texts:
        window.customerSearch.setText(text)
        qtbot.wait(20)


def test_headers_and_scroll_bars_look_as_qt_paints_them(
    qtbot: Any, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window(rows=random_rows(400))
    caches = window.customerTable.paint_caches
    # (a widget under the pointer keeps no look: where the offscreen pointer is decides
    # whether the frozen column's header is one of them)
    for _ in range(20):  # the same states again and again: their looks are captured
        _type(qtbot, window, ["e", ""])
        if sum(1 for cache in caches if cache.captures) >= 3:
            break
    assert sum(1 for cache in caches if cache.captures) >= 3
    blits = [cache.blits for cache in caches]
    cached = _grab(window, True)
    assert [cache.blits for cache in caches] > blits  # the grab was blitted
    assert cached == _grab(window, False)
    # another sort indicator: another look, never the old one
    window.customerTable.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
    qtbot.wait(5)
    assert _grab(window, True) == _grab(window, False)
    window.customerTable.horizontalScrollBar().setValue(250)
    _type(qtbot, window, ["a", "", "a", ""])
    assert _grab(window, True) == _grab(window, False)


def test_a_look_is_captured_once_a_state_comes_back(qtbot: Any) -> None:
    bar = QScrollBar(Qt.Orientation.Horizontal)
    qtbot.addWidget(bar)
    bar.setGeometry(300, 300, 200, 16)  # away from the pointer (hover looks are not kept)
    bar.setRange(0, 100)
    bar.show()
    qtbot.waitExposed(bar)
    cache = cache_scroll_bar(bar)
    bar.repaint()
    qtbot.wait(5)
    assert cache.captures == 0  # seen once: nothing kept
    bar.repaint()
    qtbot.waitUntil(lambda: cache.captures == 1)
    bar.repaint()
    assert cache.blits == 1
    bar.setValue(50)  # a new state: Qt paints it
    bar.repaint()
    assert cache.blits == 1
    bar.setValue(0)
    bar.repaint()
    assert cache.blits == 2
    cache.enabled = False
    bar.repaint()
    assert cache.blits == 2
