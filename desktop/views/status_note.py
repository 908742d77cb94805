"""Status-bar notes cut at a word, clear of the permanent widgets."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStatusBar, QWidget

from desktop.views.action_reasons import (
    tooltip_text,
)


def elide_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits in ``width`` pixels, else its longest run of whole words + "…"."""
    if width <= 0 or metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    for end in range(len(words) - 1, 0, -1):
        head = " ".join(words[:end]).rstrip(" ,;:—-") + "…"
        if metrics.horizontalAdvance(head) <= width:
            return head
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def show_status(bar: QStatusBar, text: str, ms: int = 0, reserved: Sequence[QWidget] = ()) -> None:
    """A status-bar note that stops at a word, clear of the permanent widgets
    (``reserved``: the progress bar and the customer counter); the whole text is
    the status bar's tooltip when it had to be shortened."""
    right = bar.width() - 12
    for widget in reserved:
        if widget.isVisible() and widget.x() > 0:
            right = min(right, widget.x())
    width = right - 6 - bar.fontMetrics().horizontalAdvance("  ")  # a gap before the counter
    shown = elide_words(text, bar.fontMetrics(), width) if bar.isVisible() else text
    bar.setToolTip(tooltip_text(text) if shown != text else "")
    bar.showMessage(shown, ms)
