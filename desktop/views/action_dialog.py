"""Shared parts of the action dialogs: message bar, busy state, "why not" labels.

Every action dialog is non-modal, shows the server's answer inside itself (a
message bar, never a modal box), disables its inputs while the action runs and
says in a visible label why something is not offered.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QPoint, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QStyle,
    QWidget,
)

from desktop import theme as themes
from desktop.services.actions import PARTNER_DASHBOARD_URL, Availability
from desktop.views.action_reasons import reason_text
from desktop.views.plain import make_plain

ICON_SIZE = 16
_PAD = 8  # the box's padding around the text

#: a per-customer verdict ("can be unlinked", "will be asked"): yes / no, and the same
#: meaning readable on a dark base
_VERDICT = {
    False: (QColor(160, 40, 30), QColor(255, 138, 128)),
    True: (QColor(27, 110, 45), QColor(120, 210, 140)),
}


class ReasonLabel(QLabel):
    """The "why is this not offered" banner: the style's information icon, then the text.

    A read-only label: no focus, no caret, no text cursor (its one link, the Partner
    Dashboard, opens with a click). The icon is painted in the left padding (no
    font glyph that may be missing, such as U+24D8).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setIndent(0)  # see WrappedLabel
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        pixmap = self.icon.pixmap(QSize(ICON_SIZE, ICON_SIZE), self.devicePixelRatioF())
        top = (
            _PAD - 2
            if self.height() > ICON_SIZE + 2 * _PAD + 4
            else (self.height() - ICON_SIZE) // 2
        )
        QPainter(self).drawPixmap(QPoint(_PAD, max(0, top)), pixmap)


class WrappedLabel(QLabel):
    """A word-wrapped label exactly as tall as its text at its current width.

    A plain word-wrapped QLabel hints the height of its text at a narrower width,
    so in a wide dialog a boxed note (border, background) showed empty lines.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        # No automatic indent: with a styled border Qt measures a full "x" of indent
        # but paints half of one, so a one-line note was given the height of two.
        self.setIndent(0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 0 and self.wordWrap():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.width() > 0 and self.wordWrap():
            hint.setHeight(self.heightForWidth(self.width()))  # never cut a line off
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()


def reason_label(av: Availability, parent: QWidget | None = None) -> QLabel:
    """A visible "why is this disabled" label (with the Partner Dashboard link if any)."""
    label = ReasonLabel(parent)
    label.setObjectName("reasonLabel")
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
    label.setText(f"<span>{body}</span>")
    label.setOpenExternalLinks(True)
    # Links open with a click; no keyboard selection (that showed a blinking caret).
    label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    left = _PAD + ICON_SIZE + 6 if isinstance(label, ReasonLabel) else _PAD
    label.setStyleSheet(
        f"QLabel {{ {themes.box_css('reason', label)} border-radius: 4px;"
        f" padding: 5px {_PAD}px 5px {left}px; }}"
    )


class MessageBar(QLabel):
    """A non-modal message inside a dialog (error, warning or info)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setTextFormat(Qt.TextFormat.PlainText)  # server messages: never HTML
        self.setWordWrap(True)
        self.setIndent(0)  # see WrappedLabel
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(self.tr("Message"))
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.kind = kind
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setStyleSheet(
            f"QLabel#messageBar {{ {themes.box_css(kind, self)}"
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

    def verdict_colour(self, good: bool) -> QColor:
        """The text colour of a per-customer yes/no verdict, for this dialog's theme."""
        light, dark = _VERDICT[good]
        return dark if themes.is_dark(self) else light

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
