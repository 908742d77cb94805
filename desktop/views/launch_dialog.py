"""Launch did not open: say so (non-modal) and offer to copy the link.

``QDesktopServices.openUrl`` returns False when no web browser is available (a
server, a locked-down desktop, a broken default-browser setting). Doing nothing
visible there left the user guessing; this small window says what happened and
offers the link for another browser or computer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.views.action_dialog import MessageBar


class LaunchFailedDialog(QDialog):
    """Non-modal: "Sophos Central could not be opened", the link, and Copy link."""

    def __init__(self, name: str, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("launchFailedDialog")
        self.setModal(False)
        self.url = url
        title = self.tr("Sophos Central did not open")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(480)

        layout = QVBoxLayout(self)
        self.text = QLabel(
            self.tr(
                "Sophos Central for {name} could not be opened: no web browser opened "
                "the link on this computer. Copy the link and open it in a browser "
                "(it is valid for a short time only)."
            ).format(name=name)
        )
        self.text.setObjectName("launchFailedText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.link = QLineEdit(url)
        self.link.setObjectName("launchLink")
        self.link.setReadOnly(True)
        self.link.setAccessibleName(self.tr("Link to the customer's Sophos Central"))
        self.link.setCursorPosition(0)
        layout.addWidget(self.link)
        self.message = MessageBar(self)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copyButton = buttons.addButton(
            self.tr("&Copy link"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copyButton.setObjectName("copyLinkButton")
        self.copyButton.setAccessibleName(self.tr("Copy the link to the clipboard"))
        self.copyButton.setDefault(True)
        self.copyButton.clicked.connect(self.copy_link)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def copy_link(self) -> None:
        QGuiApplication.clipboard().setText(self.url)
        self.message.show_message(self.tr("The link was copied to the clipboard."), "info")
