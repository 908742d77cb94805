"""Rename a customer ("Display name as"): trimmed, 1–100 characters, no control characters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import theme as themes
from desktop.services.actions import SHOW_AS_MAX, Availability, InputError, validate_show_as
from desktop.services.domain import CustomerRow
from desktop.views.action_dialog import ActionDialog, reason_label, set_reason
from desktop.views.action_reasons import translate


class RenameDialog(ActionDialog):
    #: the cleaned new display name
    renameRequested = Signal(str)

    def __init__(
        self, row: CustomerRow, availability: Availability, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("renameDialog")
        self.tenant_id = row.id
        self.current = row.display_name
        self.availability = availability
        self.setWindowTitle(self.tr("Display name as — {name}").format(name=row.display_name))
        self.setAccessibleName(self.tr("Rename customer {name}").format(name=row.display_name))
        self.setMinimumWidth(440)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The display name is how this customer appears in your customer list. "
                "The account name ({name}) does not change."
            ).format(name=row.name)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.nameEdit = QLineEdit(self.current)
        self.nameEdit.setObjectName("displayNameEdit")
        self.nameEdit.setAccessibleName(self.tr("Display name"))
        self.nameEdit.setMaxLength(SHOW_AS_MAX + 50)  # room to paste, then trimmed/validated
        self.nameEdit.selectAll()
        self.nameEdit.textChanged.connect(self._validate)
        form.addRow(self.tr("&Display name as"), self.nameEdit)
        layout.addLayout(form)

        self.inlineError = QLabel()
        self.inlineError.setObjectName("inlineError")
        self.inlineError.setWordWrap(True)
        self.inlineError.setStyleSheet(themes.error_css())
        self.inlineError.hide()
        layout.addWidget(self.inlineError)
        self.reason = reason_label(availability, self)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(self.busy_row())

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.saveButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.saveButton.setObjectName("saveButton")
        self.saveButton.setAccessibleName(self.tr("Save the display name"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._valid = False
        self._validate(self.nameEdit.text())

    def _validate(self, text: str) -> None:
        try:
            cleaned = validate_show_as(text)
        except InputError as exc:
            self._valid = False
            self.inlineError.setText(translate(str(exc)))
            self.inlineError.setAccessibleName(self.inlineError.text())
            self.inlineError.show()
        else:
            self._valid = cleaned != self.current
            self.inlineError.hide()
        self.update_state()

    def update_state(self) -> None:
        busy = self.is_busy()
        self.nameEdit.setEnabled(not busy)
        ok = self._valid and self.availability.enabled and not busy
        self.saveButton.setEnabled(ok)

    def set_availability(self, av: Availability) -> None:
        self.availability = av
        set_reason(self.reason, av)
        self.update_state()

    def submit(self) -> None:
        if not self.saveButton.isEnabled():
            return
        name = validate_show_as(self.nameEdit.text())
        self.set_busy(True, self.tr("Renaming…"))
        self.renameRequested.emit(name)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.saveButton.isEnabled():
            event.accept()
            return
        super().keyPressEvent(event)
