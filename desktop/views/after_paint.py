"""Run work after a widget's next paint (issue 13: start → full table painted).

When the cached rows arrive at start, the window hands them to the table and then
has follow-up work: the insight extras (a worker thread that competes for the GIL),
the start-up sync (a keyring look-up that loads backends: 100-260 ms on the GUI
thread). None of it changes what the first full frame shows, so it waits until
that frame is painted. A widget that is not visible runs the work at once (nothing
will be painted); a fallback timer runs it if no paint comes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: run the work anyway this long after asking, if the widget was not painted
FALLBACK_MS = 1_000


class AfterPaint(QObject):
    """Calls ``work`` once, from the event loop, after ``widget``'s next paint."""

    def __init__(self, widget: QWidget, work: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._work: Callable[[], None] | None = work
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._widget and event.type() == QEvent.Type.Paint:
            # After the paint event has been handled (and the frame flushed).
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        work, self._work = self._work, None
        if work is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        work()


def after_next_paint(widget: QWidget, work: Callable[[], None]) -> None:
    """``work()`` after ``widget``'s next paint; at once when it is not visible."""
    if not widget.isVisible():
        work()
        return
    AfterPaint(widget, work)
