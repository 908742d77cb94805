"""Create a monthly (usage) account — MSP Flex partners, Partner Super Admin only."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import theme as themes
from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.services.actions import (
    GEOGRAPHIES,
    Availability,
    MonthlyAccountForm,
    validate_monthly_account,
)
from desktop.views.action_dialog import ActionDialog, WrappedLabel, reason_label
from desktop.views.action_reasons import translate

_CTX = "CreateAccountDialog"

FLEX_NOTE = QT_TRANSLATE_NOOP(
    "CreateAccountDialog", "Flex licences are not compatible with most Early Access Programs."
)

GEOGRAPHY_NAMES: dict[str, str] = {
    "US": QT_TRANSLATE_NOOP("CreateAccountDialog", "United States"),
    "IE": QT_TRANSLATE_NOOP("CreateAccountDialog", "Ireland (EU)"),
    "DE": QT_TRANSLATE_NOOP("CreateAccountDialog", "Germany (EU)"),
    "CA": QT_TRANSLATE_NOOP("CreateAccountDialog", "Canada"),
    "AU": QT_TRANSLATE_NOOP("CreateAccountDialog", "Australia"),
    "JP": QT_TRANSLATE_NOOP("CreateAccountDialog", "Japan"),
    "BR": QT_TRANSLATE_NOOP("CreateAccountDialog", "Brazil"),
    "IN": QT_TRANSLATE_NOOP("CreateAccountDialog", "India"),
}

COUNTRY_NAMES: dict[str, str] = {
    "AT": QT_TRANSLATE_NOOP("CreateAccountDialog", "Austria"),
    "AU": QT_TRANSLATE_NOOP("CreateAccountDialog", "Australia"),
    "BE": QT_TRANSLATE_NOOP("CreateAccountDialog", "Belgium"),
    "BR": QT_TRANSLATE_NOOP("CreateAccountDialog", "Brazil"),
    "CA": QT_TRANSLATE_NOOP("CreateAccountDialog", "Canada"),
    "CH": QT_TRANSLATE_NOOP("CreateAccountDialog", "Switzerland"),
    "DE": QT_TRANSLATE_NOOP("CreateAccountDialog", "Germany"),
    "DK": QT_TRANSLATE_NOOP("CreateAccountDialog", "Denmark"),
    "ES": QT_TRANSLATE_NOOP("CreateAccountDialog", "Spain"),
    "FI": QT_TRANSLATE_NOOP("CreateAccountDialog", "Finland"),
    "FR": QT_TRANSLATE_NOOP("CreateAccountDialog", "France"),
    "GB": QT_TRANSLATE_NOOP("CreateAccountDialog", "United Kingdom"),
    "IE": QT_TRANSLATE_NOOP("CreateAccountDialog", "Ireland"),
    "IN": QT_TRANSLATE_NOOP("CreateAccountDialog", "India"),
    "IT": QT_TRANSLATE_NOOP("CreateAccountDialog", "Italy"),
    "JP": QT_TRANSLATE_NOOP("CreateAccountDialog", "Japan"),
    "LU": QT_TRANSLATE_NOOP("CreateAccountDialog", "Luxembourg"),
    "MX": QT_TRANSLATE_NOOP("CreateAccountDialog", "Mexico"),
    "NL": QT_TRANSLATE_NOOP("CreateAccountDialog", "Netherlands"),
    "NO": QT_TRANSLATE_NOOP("CreateAccountDialog", "Norway"),
    "NZ": QT_TRANSLATE_NOOP("CreateAccountDialog", "New Zealand"),
    "PL": QT_TRANSLATE_NOOP("CreateAccountDialog", "Poland"),
    "PT": QT_TRANSLATE_NOOP("CreateAccountDialog", "Portugal"),
    "SE": QT_TRANSLATE_NOOP("CreateAccountDialog", "Sweden"),
    "SG": QT_TRANSLATE_NOOP("CreateAccountDialog", "Singapore"),
    "US": QT_TRANSLATE_NOOP("CreateAccountDialog", "United States"),
    "ZA": QT_TRANSLATE_NOOP("CreateAccountDialog", "South Africa"),
}

# (form field, label) in form order; the field names are MonthlyAccountForm's.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("CreateAccountDialog", "Customer name")),
    ("show_as", QT_TRANSLATE_NOOP("CreateAccountDialog", "Display name (optional)")),
    ("first_name", QT_TRANSLATE_NOOP("CreateAccountDialog", "First name")),
    ("last_name", QT_TRANSLATE_NOOP("CreateAccountDialog", "Last name")),
    ("email", QT_TRANSLATE_NOOP("CreateAccountDialog", "Email")),
    ("phone", QT_TRANSLATE_NOOP("CreateAccountDialog", "Phone")),
    ("address1", QT_TRANSLATE_NOOP("CreateAccountDialog", "Address")),
    ("address2", QT_TRANSLATE_NOOP("CreateAccountDialog", "Address line 2 (optional)")),
    ("city", QT_TRANSLATE_NOOP("CreateAccountDialog", "City")),
    ("state", QT_TRANSLATE_NOOP("CreateAccountDialog", "State or province (optional)")),
    ("postal_code", QT_TRANSLATE_NOOP("CreateAccountDialog", "Postal code")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class CreateAccountDialog(ActionDialog):
    #: MonthlyAccountForm (already validated)
    createRequested = Signal(object)

    def __init__(self, availability: Availability, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createMonthlyAccountDialog")
        self.availability = availability
        self.setWindowTitle(
            QCoreApplication.translate("CreateAccountDialog", "Create monthly account")
        )
        self.setAccessibleName(
            QCoreApplication.translate("CreateAccountDialog", "Create monthly account")
        )
        self.setMinimumWidth(560)
        self._touched: set[str] = set()

        layout = QVBoxLayout(self)
        intro = WrappedLabel(
            QCoreApplication.translate(
                "CreateAccountDialog",
                "A monthly account is billed each month for what the customer uses "
                "(MSP Flex). Partner assistance is on for it from the start.",
            )
        )
        layout.addWidget(intro)
        note = WrappedLabel(_tr(FLEX_NOTE))
        note.setObjectName("flexNote")
        note.setStyleSheet(
            themes.box_css("warning", self) + " border-radius: 4px; padding: 6px 8px;"
        )
        layout.addWidget(note)
        self.intro, self.flexNote = intro, note

        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        account = QGroupBox(QCoreApplication.translate("CreateAccountDialog", "Account"))
        account_form = QFormLayout(account)
        contact = QGroupBox(QCoreApplication.translate("CreateAccountDialog", "Contact"))
        contact_form = QFormLayout(contact)
        for name, label in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"{name}Edit")
            edit.setAccessibleName(_tr(label))
            edit.textEdited.connect(lambda _t, n=name: self._touch(n))
            self.edits[name] = edit
            target = account_form if name in ("name", "show_as") else contact_form
            self._add_row(target, name, _tr(label), edit)
            if name == "show_as":
                self.geography = QComboBox()
                self.geography.setObjectName("dataGeographyCombo")
                self.geography.setAccessibleName(
                    QCoreApplication.translate("CreateAccountDialog", "Data geography")
                )
                self.geography.addItem(
                    QCoreApplication.translate("CreateAccountDialog", "Choose…"), ""
                )
                for code in GEOGRAPHIES:
                    self.geography.addItem(f"{_tr(GEOGRAPHY_NAMES[code])} ({code})", code)
                self.geography.currentIndexChanged.connect(lambda _i: self._touch("data_geography"))
                self._add_row(
                    account_form,
                    "data_geography",
                    QCoreApplication.translate("CreateAccountDialog", "Data geography"),
                    self.geography,
                )
        self.country = QComboBox()
        self.country.setObjectName("countryCombo")
        self.country.setAccessibleName(QCoreApplication.translate("CreateAccountDialog", "Country"))
        self.country.addItem(QCoreApplication.translate("CreateAccountDialog", "Choose…"), "")
        for code, cname in sorted(COUNTRY_NAMES.items(), key=lambda kv: _tr(kv[1]).casefold()):
            self.country.addItem(f"{_tr(cname)} ({code})", code)
        self.country.currentIndexChanged.connect(lambda _i: self._touch("country_code"))
        self._add_row(
            contact_form,
            "country_code",
            QCoreApplication.translate("CreateAccountDialog", "Country"),
            self.country,
        )
        self.edits["name"].setPlaceholderText(
            QCoreApplication.translate("CreateAccountDialog", "Legal name of the customer")
        )
        self.edits["email"].setPlaceholderText("name@example.com")
        self.edits["phone"].setPlaceholderText("+39 02 1234 5678")
        layout.addWidget(account)
        layout.addWidget(contact)

        layout.addStretch(1)
        self.reason = reason_label(availability, self)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(self.busy_row())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.createButton = self.buttons.addButton(
            QCoreApplication.translate("CreateAccountDialog", "Create account"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.createButton.setObjectName("createButton")
        self.createButton.setAccessibleName(
            QCoreApplication.translate("CreateAccountDialog", "Create the monthly account")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            QCoreApplication.translate("CreateAccountDialog", "Cancel")
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.validate()

    def _add_row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        v.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"{name}Error")
        error.setWordWrap(True)
        error.setStyleSheet(themes.error_css())
        error.hide()
        v.addWidget(error)
        self.errors[name] = error
        form.addRow(label, box)

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self.validate()

    def form(self) -> MonthlyAccountForm:
        e = {name: edit.text() for name, edit in self.edits.items()}
        return MonthlyAccountForm(
            name=e["name"],
            show_as=e["show_as"],
            data_geography=str(self.geography.currentData() or ""),
            first_name=e["first_name"],
            last_name=e["last_name"],
            email=e["email"],
            phone=e["phone"],
            address1=e["address1"],
            address2=e["address2"],
            city=e["city"],
            state=e["state"],
            postal_code=e["postal_code"],
            country_code=str(self.country.currentData() or ""),
        )

    def set_country(self, code: str) -> None:
        self.country.setCurrentIndex(max(0, self.country.findData(code)))

    def set_geography(self, code: str) -> None:
        self.geography.setCurrentIndex(max(0, self.geography.findData(code)))

    def validate(self, *, show_all: bool = False) -> dict[str, str]:
        """Inline errors (only for fields already touched, unless ``show_all``)."""
        _body, errors = validate_monthly_account(self.form())
        for name, label in self.errors.items():
            text = errors.get(name, "")
            shown = text and (show_all or name in self._touched)
            label.setText(translate(text) if shown else "")
            label.setVisible(bool(shown))
            widget = self.edits.get(name)
            if widget is not None:
                widget.setAccessibleDescription(translate(text) if shown else "")
        self._errors = errors
        self.update_state()
        self._fit_height()
        return errors

    def _fit_height(self) -> None:
        """Grow for inline errors and shrink back when they are fixed. A height the user
        chose by hand is kept (only a height this method set is changed again)."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        # The rows' own layouts post their changes: apply them before measuring.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        layout.activate()
        wanted = self.sizeHint().height()
        auto = getattr(self, "_auto_height", None)
        if self.height() < wanted or auto is None or abs(self.height() - auto) <= 2:
            self.resize(self.width(), wanted)
            self._auto_height = wanted

    def update_state(self) -> None:
        busy = self.is_busy()
        for widget in (*self.edits.values(), self.geography, self.country):
            widget.setEnabled(not busy)
        # Enabled while fields are missing: pressing it shows every problem inline.
        self.createButton.setEnabled(self.availability.enabled and not busy)

    def submit(self) -> None:
        errors = self.validate(show_all=True)
        if errors or not self.createButton.isEnabled():
            first = next((n for n in self.errors if n in errors), None)
            widget = self.edits.get(first or "") or (
                self.geography if first == "data_geography" else self.country
            )
            if first is not None:
                widget.setFocus()
            return
        self.set_busy(
            True, QCoreApplication.translate("CreateAccountDialog", "Creating the account…")
        )
        self.createRequested.emit(self.form())
