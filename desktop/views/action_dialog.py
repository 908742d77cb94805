"""Shared parts of the action dialogs: message bar, busy state, "why not" labels.

Every action dialog is non-modal, shows the server's answer inside itself (a
message bar, never a modal box), disables its inputs while the action runs and
says in a visible label why something is not offered.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QWidget,
)

from desktop.services.actions import PARTNER_DASHBOARD_URL, Availability
from desktop.views.action_reasons import reason_text
from desktop.views.plain import make_plain

_BAR_STYLES = {
    "error": "background: #fdecea; border: 1px solid #e4a29b; color: #611a15;",
    "info": "background: #e8f4fd; border: 1px solid #9cc9ee; color: #0d3c61;",
    "warning": "background: #fff4e5; border: 1px solid #f0b968; color: #5f3a00;",
}


def reason_label(av: Availability, parent: QWidget | None = None) -> QLabel:
    """A visible "why is this disabled" label (with the Partner Dashboard link if any)."""
    label = QLabel(parent)
    label.setObjectName("reasonLabel")
    label.setWordWrap(True)
    set_reason(label, av)
    return label


def set_reason(label: QLabel, av: Availability) -> None:
    text = reason_text(av)
    label.setVisible(bool(text))
    if not text:
        label.clear()
        return
    label.setAccessibleName(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    body = html.escape(text)
    if av.dashboard_link:
        link = html.escape(PARTNER_DASHBOARD_URL)
        text_link = QCoreApplication.translate("ActionDialog", "Open Partner Dashboard")
        body += f' <a href="{link}">{html.escape(text_link)}</a>'
    label.setText(f"<span>ⓘ {body}</span>")
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextBrowserInteraction
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setStyleSheet(
        "QLabel#reasonLabel, QLabel#groupReason { background: #eef1f5; color: #2b3540;"
        " border: 1px solid #c9d1db; border-radius: 4px; padding: 5px 8px; }"
    )


class MessageBar(QLabel):
    """A non-modal message inside a dialog (error, warning or info)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setTextFormat(Qt.TextFormat.PlainText)  # server messages: never HTML
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(self.tr("Message"))
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.kind = kind
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setStyleSheet(
            f"QLabel#messageBar {{ {_BAR_STYLES.get(kind, _BAR_STYLES['info'])}"
            " border-radius: 4px; padding: 6px 8px; }"
        )
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.clear()
        self.hide()


class ActionDialog(QDialog):
    """Base of the action dialogs: ``message``, ``busy``, ``set_busy()``, ``show_error()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.message = MessageBar(self)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busyIndicator")
        self.busy.setAccessibleName(QCoreApplication.translate("ActionDialog", "Working"))
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(6)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self._inputs: list[QWidget] = []
        self._is_busy = False

    def showEvent(self, event: QShowEvent) -> None:
        # Customer names and server messages are plain text in every action dialog.
        make_plain(self)
        super().showEvent(event)

    def busy_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.busy, 1)
        return row

    def track_inputs(self, *widgets: QWidget) -> None:
        self._inputs.extend(widgets)

    def is_busy(self) -> bool:
        return self._is_busy

    def set_busy(self, on: bool, text: str = "") -> None:
        self._is_busy = on
        self.busy.setVisible(on)
        for widget in self._inputs:
            widget.setEnabled(not on)
        if on:
            self.message.show_message(
                text or QCoreApplication.translate("ActionDialog", "Working…"), "info"
            )
        elif self.message.kind == "info":
            self.message.clear_message()
        self.update_state()

    def update_state(self) -> None:
        """Subclasses enable their primary button here (never while busy)."""

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.message.show_message(text, "error")
