"""Secondary updates after the table's next frame (views/after_frame.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.views.after_frame import FALLBACK_MS, AfterFrame


def _widget(qtbot: Any, shown: bool = True) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(50, 50)
    if shown:
        widget.show()
        qtbot.waitExposed(widget)
    return widget


def test_requests_run_once_after_the_next_paint(qtbot: Any) -> None:
    widget = _widget(qtbot)
    calls: list[int] = []
    later = AfterFrame(widget, lambda: calls.append(1))
    later.request()
    later.request()
    assert later.pending() and calls == []
    widget.repaint()
    qtbot.waitUntil(lambda: bool(calls))
    qtbot.wait(FALLBACK_MS * 2)
    assert calls == [1]
    assert not later.pending()


def test_without_a_paint_the_work_still_runs(qtbot: Any) -> None:
    calls: list[int] = []
    later = AfterFrame(_widget(qtbot), lambda: calls.append(1))
    later.request()
    qtbot.waitUntil(lambda: bool(calls), timeout=1000)
    hidden: list[int] = []
    AfterFrame(_widget(qtbot, shown=False), lambda: hidden.append(1)).request()
    qtbot.waitUntil(lambda: bool(hidden), timeout=1000)


def test_cancel_forgets_the_request(qtbot: Any) -> None:
    widget = _widget(qtbot)
    calls: list[int] = []
    later = AfterFrame(widget, lambda: calls.append(1))
    later.request()
    later.cancel()
    widget.repaint()
    qtbot.wait(FALLBACK_MS * 3)
    assert calls == []
