"""The search box's clear button without its fade (docs/architecture.md §8).

``QLineEdit``'s clear button fades in when the first letter is typed and out when
the box is cleared: a 160 ms opacity animation that repaints the search box at every
animation tick, ~10 frames after each first letter, Esc or Backspace to empty, while
the next keys are typed. :func:`clear_button_without_fade` ends each fade as it
starts, so the button shows or hides in the same frame as the text that changed it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractAnimation, QPropertyAnimation
from PySide6.QtWidgets import QLineEdit


def clear_button_without_fade(edit: QLineEdit) -> None:
    """Show and hide ``edit``'s clear button at once (call after enabling it)."""
    had_text = [bool(edit.text())]

    def finish_fades(text: str) -> None:
        if bool(text) == had_text[0]:
            return  # the button fades only when the text turns empty or non-empty
        had_text[0] = bool(text)
        # QLineEdit's own slot (connected first) has just started the fade
        for animation in edit.findChildren(QPropertyAnimation):
            if animation.state() == QAbstractAnimation.State.Running:
                animation.setCurrentTime(animation.totalDuration())

    edit.textChanged.connect(finish_fades)
