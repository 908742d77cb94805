"""Secondary updates once the table's new frame is painted (docs/architecture.md §8).

A search keystroke changes the rows, and with them the facet counts and which
actions apply. The rows are what the user waits for; the counts and the actions
follow in the next pass of the event loop, after the table's paint has been
handled. Requests made before then are coalesced (a burst of keystrokes updates
the counts once).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: run the work anyway this long after asking, if the widget was not painted
#: (the change did not touch what it shows)
FALLBACK_MS = 16
#: the event that runs the work: posted during the paint, it is delivered in the next
#: pass of the event loop (events posted while posted events are being delivered wait
#: for the next pass), after the frame has been flushed
_RUN = QEvent.Type(QEvent.registerEventType())


class AfterFrame(QObject):
    """Calls ``work`` once after ``widget``'s next paint, for any number of requests."""

    def __init__(self, widget: QWidget, work: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._work = work
        self._pending = False
        self._watching = False
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self._run)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(FALLBACK_MS)
        self._fallback.timeout.connect(self._run)

    def pending(self) -> bool:
        return self._pending

    def request(self, *_args: object) -> None:
        """Run the work after the widget's next paint (at once from the event loop
        when the widget is hidden)."""
        if self._pending:
            return
        self._pending = True
        if not self._widget.isVisible():
            self._soon.start()
            return
        self._watching = True
        self._widget.installEventFilter(self)
        self._fallback.start()

    def cancel(self) -> None:
        """The work was done some other way: forget the request."""
        self._pending = False
        self._soon.stop()
        self._fallback.stop()
        if self._watching:
            self._watching = False
            self._widget.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self._widget and event.type() == QEvent.Type.Paint and self._watching:
            self._watching = False
            self._widget.removeEventFilter(self)
            QCoreApplication.postEvent(self, QEvent(_RUN))
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == _RUN:
            self._run()
            return True
        return super().event(event)

    def _run(self) -> None:
        if not self._pending:
            return
        self.cancel()
        self._work()
