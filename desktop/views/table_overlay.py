"""What the empty customer table shows instead of blank rows (issue 14 items 5, 6).

A panel centred over the table's viewport: during the first sync, what is being
fetched, how many of how many and the time left when it can be estimated; after a
failure with nothing cached, what happened and what to do. The window hides it as
soon as rows are in the table.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop.views.action_reasons import count_text


def time_left_text(seconds: float) -> str:
    from PySide6.QtCore import QCoreApplication

    if seconds < 60:
        return QCoreApplication.translate("TableOverlay", "about {seconds} s left").format(
            seconds=max(1, round(seconds))
        )
    return QCoreApplication.translate("TableOverlay", "about {minutes} min left").format(
        minutes=max(1, math.ceil(seconds / 60))
    )


class RateEstimate:
    """Time left from the rate so far (None until it means something)."""

    MIN_SECONDS = 1.0

    def __init__(self) -> None:
        self._phase = ""
        self._t0 = 0.0
        self._done0 = 0

    def update(self, phase: str, done: int, total: int | None) -> float | None:
        now = time.monotonic()
        if phase != self._phase:
            self._phase, self._t0, self._done0 = phase, now, done
            return None
        elapsed = now - self._t0
        gained = done - self._done0
        if not total or gained <= 0 or elapsed < self.MIN_SECONDS or done >= total:
            return None
        return (total - done) * elapsed / gained


class TableOverlay(QFrame):
    """A title, a line of detail and a progress bar, centred over ``viewport``."""

    def __init__(self, viewport: QWidget) -> None:
        super().__init__(viewport)
        self.setObjectName("tableOverlay")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        # a panel that stands out from the table in light and dark themes alike
        self.setStyleSheet(
            "#tableOverlay { background: palette(window); border: 1px solid palette(mid);"
            " border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("overlayTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.detail = QLabel()
        self.detail.setObjectName("overlayDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # may quote a profile name
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("overlayProgress")
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("First sync progress"))
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.progress)
        self._estimate = RateEstimate()
        viewport.installEventFilter(self)
        self.hide()

    def show_progress(self, title: str, detail: str, done: int, total: int | None) -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)
        self.progress.show()
        self._place()

    def show_message(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.progress.hide()
        self._place()

    def counts_text(self, phase: str, what: str, done: int, total: int | None) -> str:
        """ "Customers: 1,200 of 2,000 · about 8 s left" (the time when it can be estimated)."""
        from PySide6.QtCore import QCoreApplication

        left = self._estimate.update(phase, done, total)
        if total:
            text = QCoreApplication.translate("TableOverlay", "{what}: {done} of {total}").format(
                what=what, done=count_text(done), total=count_text(total)
            )
        else:
            text = QCoreApplication.translate("TableOverlay", "{what}: {done}").format(
                what=what, done=count_text(done)
            )
        if left is not None:
            text += " · " + time_left_text(left)
        return text

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(max(360, parent.width() * 2 // 3), 640, max(parent.width() - 24, 200))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(
            (parent.width() - self.width()) // 2, max(12, (parent.height() - self.height()) // 3)
        )
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.parentWidget()
            and event.type() == QEvent.Type.Resize
            and self.isVisible()
        ):
            self._place()
        return False
