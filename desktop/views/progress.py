"""The status bar's sync progress: one line, wide enough for its text, counts grouped.

Qt sizes a progress bar for a few digits; with a format such as "Licences %v/%m"
the label wrapped onto two lines in the light theme and was cut. This bar asks
for the width of its widest text (the value at its maximum) and formats %v, %m
and %p with the locale's thousands separator ("2.000" in Italian, as the
customer counter).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QProgressBar, QWidget

from desktop.views.action_reasons import count_text


class SingleLineProgressBar(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.valueChanged.connect(self._maybe_resize)
        self._hint_text = ""

    def _format(self, value: int) -> str:
        text = self.format()
        span = self.maximum() - self.minimum()
        percent = round(100 * (value - self.minimum()) / span) if span > 0 else 0
        return (
            text.replace("%v", count_text(value))
            .replace("%m", count_text(self.maximum()))
            .replace("%p", str(percent))
        )

    def text(self) -> str:
        busy = self.maximum() == 0 and self.minimum() == 0
        if busy or self.value() < self.minimum():
            return super().text()  # Qt shows no text then
        return self._format(self.value())

    def _widest(self) -> str:
        return self._format(self.maximum()) if self.maximum() > self.minimum() else self.format()

    def _maybe_resize(self, *_args: object) -> None:
        widest = self._widest()
        if widest != self._hint_text:
            self._hint_text = widest
            self.updateGeometry()

    def setFormat(self, text: str) -> None:
        super().setFormat(text)
        self._maybe_resize()

    def setRange(self, minimum: int, maximum: int) -> None:
        super().setRange(minimum, maximum)
        self._maybe_resize()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = (
            self.fontMetrics().horizontalAdvance(self._widest())
            + 4 * self.fontMetrics().averageCharWidth()
        )
        hint.setWidth(max(hint.width(), width))
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        hint.setWidth(self.sizeHint().width())
        return hint
