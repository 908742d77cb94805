"""The search box's clear button shows and hides without a fade (views/search_box.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractAnimation, QPropertyAnimation
from PySide6.QtWidgets import QLineEdit, QToolButton

from desktop.views.search_box import clear_button_without_fade


def _fading(edit: QLineEdit) -> list[QPropertyAnimation]:
    return [
        a
        for a in edit.findChildren(QPropertyAnimation)
        if a.state() == QAbstractAnimation.State.Running
    ]


def _clear_button(edit: QLineEdit) -> QToolButton:
    for button in edit.findChildren(QToolButton):
        action = button.defaultAction()
        if action is not None and action.objectName() == "_q_qlineeditclearaction":
            return button
    raise AssertionError("no clear button")


def test_qt_fades_the_clear_button(qtbot: Any) -> None:
    """What is being removed: Qt animates the button for 160 ms after a first letter."""
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setClearButtonEnabled(True)
    edit.show()
    edit.setText("a")
    assert _fading(edit)


def test_clear_button_shows_and_hides_at_once(qtbot: Any) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setClearButtonEnabled(True)
    clear_button_without_fade(edit)
    edit.show()
    button = _clear_button(edit)
    edit.setText("a")
    assert not _fading(edit)
    assert button.isVisible()
    assert button.property("opacity") == 1.0
    edit.setText("ab")  # no change of emptiness: nothing to do
    assert not _fading(edit)
    edit.clear()
    assert not _fading(edit)
    assert button.property("opacity") == 0.0
