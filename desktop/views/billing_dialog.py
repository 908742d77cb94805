"""Update billing type: trial → monthly, term → monthly, monthly → term (licence key).

The moves come from ``billing_moves()``; unsupported ones are shown disabled
with their reason, and the trial → monthly warning is shown before saving.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import theme as themes
from desktop.services.actions import (
    Availability,
    BillingMove,
    InputError,
    validate_licence_key,
)
from desktop.services.domain import BillingType, CustomerRow
from desktop.views.action_dialog import ActionDialog, WrappedLabel, reason_label
from desktop.views.action_reasons import tooltip_text, translate
from desktop.views.create_account_dialog import FLEX_NOTE


class BillingDialog(ActionDialog):
    #: BillingType, licence key (str) or None
    billingRequested = Signal(object, object)

    def __init__(
        self,
        row: CustomerRow,
        moves: Sequence[BillingMove],
        availability: Availability,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("updateBillingDialog")
        self.tenant_id = row.id
        self.availability = availability
        self.moves = list(moves)
        names = self.billing_names()
        self.setWindowTitle(self.tr("Update billing type — {name}").format(name=row.display_name))
        self.setAccessibleName(
            self.tr("Update billing type for {name}").format(name=row.display_name)
        )
        self.setMinimumWidth(480)

        layout = QVBoxLayout(self)
        current = QLabel(
            self.tr("Current billing type: <b>{billing}</b>").format(
                billing=names[row.billing_type]
            )
        )
        current.setObjectName("currentBilling")
        current.setTextFormat(Qt.TextFormat.RichText)  # our own markup; no data in it
        layout.addWidget(current)
        self.group = QButtonGroup(self)
        self.radios: dict[BillingType, QRadioButton] = {}
        self.reasons: dict[BillingType, QLabel] = {}
        for move in self.moves:
            radio = QRadioButton(self.tr("Change to {billing}").format(billing=names[move.target]))
            radio.setObjectName(f"move_{move.target.value}")
            radio.setAccessibleName(radio.text())
            radio.setEnabled(move.allowed and availability.enabled)
            radio.toggled.connect(self._on_choice)
            self.group.addButton(radio)
            self.radios[move.target] = radio
            layout.addWidget(radio)
            if not move.allowed and move.reason:
                why = QLabel("    " + translate(move.reason))
                why.setObjectName(f"reason_{move.target.value}")
                why.setWordWrap(True)
                why.setStyleSheet("color: palette(dark);")
                radio.setToolTip(tooltip_text(translate(move.reason)))
                self.reasons[move.target] = why
                layout.addWidget(why)
        if not self.moves:
            none = QLabel(self.tr("This customer's billing type cannot be changed here."))
            none.setWordWrap(True)
            layout.addWidget(none)

        self.warning = WrappedLabel()
        self.warning.setObjectName("billingWarning")
        self.warning.setStyleSheet(
            themes.box_css("warning", self) + " border-radius: 4px; padding: 6px 8px;"
        )
        self.warning.hide()
        layout.addWidget(self.warning)
        # The same note as Create monthly account: monthly (usage) billing is MSP Flex.
        self.flexNote = WrappedLabel(QCoreApplication.translate("CreateAccountDialog", FLEX_NOTE))
        self.flexNote.setObjectName("flexNote")
        self.flexNote.setStyleSheet(
            themes.box_css("warning", self) + " border-radius: 4px; padding: 6px 8px;"
        )
        self.flexNote.hide()
        layout.addWidget(self.flexNote)

        form = QFormLayout()
        self.licenceKey = QLineEdit()
        self.licenceKey.setObjectName("licenceKeyEdit")
        self.licenceKey.setAccessibleName(self.tr("Licence key"))
        self.licenceKey.setPlaceholderText(self.tr("Licence key of the term subscription"))
        self.licenceKey.textChanged.connect(self._on_choice)
        self.keyLabel = QLabel(self.tr("&Licence key"))
        self.keyLabel.setBuddy(self.licenceKey)
        form.addRow(self.keyLabel, self.licenceKey)
        layout.addLayout(form)
        self.keyError = QLabel()
        self.keyError.setObjectName("inlineError")
        self.keyError.setWordWrap(True)
        self.keyError.setStyleSheet(themes.error_css())
        self.keyError.hide()
        layout.addWidget(self.keyError)

        self.reason = reason_label(availability, self)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(self.busy_row())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.saveButton = self.buttons.addButton(
            self.tr("Change billing type"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.saveButton.setObjectName("saveButton")
        self.saveButton.setAccessibleName(self.tr("Change the billing type"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Cancel")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        allowed = [m for m in self.moves if m.allowed]
        if len(allowed) == 1 and availability.enabled:
            self.radios[allowed[0].target].setChecked(True)
        self._on_choice()

    def billing_names(self) -> dict[BillingType, str]:
        return {
            BillingType.TRIAL: self.tr("Trial"),
            BillingType.TERM: self.tr("Term"),
            BillingType.USAGE: self.tr("Monthly"),
            BillingType.OTHER: self.tr("Other"),
        }

    def chosen(self) -> BillingMove | None:
        for move in self.moves:
            radio = self.radios.get(move.target)
            if radio is not None and radio.isChecked():
                return move
        return None

    def _key_error(self) -> str:
        try:
            validate_licence_key(self.licenceKey.text())
        except InputError as exc:
            return translate(str(exc))
        return ""

    def _on_choice(self, *_args: object) -> None:
        move = self.chosen()
        needs_key = bool(move and move.needs_licence_key)
        self.licenceKey.setVisible(needs_key)
        self.keyLabel.setVisible(needs_key)
        error = self._key_error() if needs_key and self.licenceKey.text() else ""
        self.keyError.setText(error)
        self.keyError.setVisible(bool(error))
        if move is not None and move.warning:
            self.warning.setText(translate(move.warning))
            self.warning.show()
        else:
            self.warning.hide()
        self.flexNote.setVisible(move is not None and move.target is BillingType.USAGE)
        self.update_state()

    def update_state(self) -> None:
        busy = self.is_busy()
        move = self.chosen()
        ok = move is not None and move.allowed and self.availability.enabled and not busy
        if ok and move is not None and move.needs_licence_key:
            ok = not self._key_error()
        for target, radio in self.radios.items():
            allowed = any(m.allowed for m in self.moves if m.target is target)
            radio.setEnabled(allowed and self.availability.enabled and not busy)
        self.licenceKey.setEnabled(not busy)
        self.saveButton.setEnabled(ok)

    def submit(self) -> None:
        move = self.chosen()
        if move is None or not self.saveButton.isEnabled():
            return
        key = validate_licence_key(self.licenceKey.text()) if move.needs_licence_key else None
        self.set_busy(True, self.tr("Changing the billing type…"))
        self.billingRequested.emit(move.target, key)
