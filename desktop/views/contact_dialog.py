"""Contact info for one customer (non-modal; one dialog per customer)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.domain import BillingType, CustomerRow, Tenant
from desktop.views.plain import make_plain, plain_label, plain_tooltip, shown_text, title_text


class ContactDialog(QDialog):
    #: the Edit button next to the display name was pressed (tenant id)
    renameRequested = Signal(str)

    def __init__(
        self,
        row: CustomerRow,
        tenant: Tenant | None,
        parent: QWidget | None = None,
        *,
        rename_reason: str | None = None,
        loading: bool = False,
    ) -> None:
        """``rename_reason``: None = no Edit button; "" = rename offered; text = why not.
        ``loading``: the full record is being read (``set_tenant`` shows it)."""
        super().__init__(parent)
        self._rename_reason = rename_reason
        self.setObjectName("contactDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.tenant_id = row.id
        self.row = row
        self.setMinimumWidth(540)
        self._layout = QVBoxLayout(self)
        self.loading = loading
        self._renamed: str | None = None  # a rename made here wins over a late read
        self._body = self._build_body(row, tenant)
        self._layout.addWidget(self._body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        self._layout.addWidget(buttons)
        self._fit()

    def set_tenant(self, tenant: Tenant | None) -> None:
        """The customer's full record (read off the GUI thread) replaces what the
        table row alone could show."""
        old = self._body
        self.loading = False
        self._body = self._build_body(self.row, tenant)
        self._layout.replaceWidget(old, self._body)
        old.hide()
        old.deleteLater()
        self._fit()

    def _fit(self) -> None:
        # Long translations widen the label column: never squeeze the unwrapped
        # values (tenant ID, email) below their width.
        self.setMinimumWidth(max(540, self.minimumSizeHint().width()))

    def _build_body(self, row: CustomerRow, tenant: Tenant | None) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        display = self._renamed or (tenant.display_name if tenant else None) or row.display_name
        account = (tenant.name if tenant else None) or row.name
        self.setWindowTitle(self.tr("Contact — {name}").format(name=title_text(display)))
        self.setAccessibleName(self.tr("Contact details for {name}").format(name=display))
        # Names come from the server: plain text, never HTML; long ones wrap (shown_text).
        title = plain_label(shown_text(display))
        self.title = title
        title.setObjectName("contactTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title.setWordWrap(True)
        layout.addWidget(title)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, str] = {}
        self._add(self.tr("Display name"), "displayName", display)
        self._add(self.tr("Account name"), "accountName", account)

        contact = tenant.contact if tenant else None
        if contact is None:
            empty = QLabel(
                self.tr("Reading the contact details…")
                if self.loading
                else self.tr("No contact details on file for this customer.")
            )
            empty.setObjectName("noContact")
            empty.setWordWrap(True)
            empty.setStyleSheet("color: palette(mid); font-style: italic; padding: 6px 0;")
            self.form.addRow(self.tr("Contact"), empty)
        else:
            self._add(self.tr("Contact person"), "contactPerson", contact.full_name)
            if contact.email:
                link = (
                    f'<a href="mailto:{html.escape(contact.email)}">'
                    f"{html.escape(shown_text(contact.email))}</a>"
                )
                self._add(self.tr("Email"), "email", contact.email, rich=link)
            if contact.phone:
                tel = "".join(ch for ch in contact.phone if ch.isdigit() or ch == "+")
                link = f'<a href="tel:{tel}">{html.escape(shown_text(contact.phone))}</a>'
                self._add(self.tr("Phone"), "phone", contact.phone, rich=link)
            if contact.mobile:
                tel = "".join(ch for ch in contact.mobile if ch.isdigit() or ch == "+")
                link = f'<a href="tel:{tel}">{html.escape(shown_text(contact.mobile))}</a>'
                self._add(self.tr("Mobile"), "mobile", contact.mobile, rich=link)
            lines = contact.address.lines() if contact.address else []
            if lines:
                self._add(self.tr("Address"), "address", "\n".join(lines))

        geography = tenant.data_geography if tenant else row.data_geography
        region = tenant.data_region if tenant else row.data_region
        where = " / ".join(p for p in (geography, region) if p)
        self._add(self.tr("Data geography / region"), "dataRegion", where)
        billing = tenant.billing_type if tenant else row.billing_type
        billing_text = {
            BillingType.TRIAL: self.tr("Trial"),
            BillingType.TERM: self.tr("Term"),
            BillingType.USAGE: self.tr("Monthly"),
            BillingType.OTHER: self.tr("Other"),
        }[billing]
        self._add(self.tr("Billing"), "billing", billing_text)
        self._add(self.tr("Tenant ID"), "tenantId", row.id)

        frame = QFrame()
        frame.setLayout(self.form)
        layout.addWidget(frame)
        if row.removed_at is not None:
            removed = QLabel(self.tr("This customer is no longer in your customer list (removed)."))
            removed.setWordWrap(True)
            layout.addWidget(removed)

        make_plain(body)  # every label with data is plain text (the form's row labels too)
        return body

    def set_display_name(self, name: str) -> None:
        """After a rename: the new display name everywhere in the dialog."""
        self._renamed = name
        self.values["displayName"] = name
        self.title.setText(shown_text(name))
        label = self._body.findChild(QLabel, "displayNameValue")
        if label is not None:
            label.setText(shown_text(name))
        self.setWindowTitle(self.tr("Contact — {name}").format(name=title_text(name)))
        self.setAccessibleName(self.tr("Contact details for {name}").format(name=name))

    def _add(self, label: str, key: str, value: str, *, rich: str | None = None) -> None:
        value = value or ""
        self.values[key] = value
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        text = QLabel()
        text.setObjectName(f"{key}Value")
        text.setAccessibleName(label)
        if not value:
            text.setText("—")
        elif rich is not None:
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setText(rich)
            text.setOpenExternalLinks(True)
            text.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextBrowserInteraction
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        else:
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setText(shown_text(value))
            text.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        text.setWordWrap(key not in ("tenantId", "email") or len(value) > 40)
        box.addWidget(text, 1)
        if key == "displayName" and self._rename_reason is not None:
            edit = QToolButton()
            edit.setObjectName("editDisplayName")
            edit.setText(self.tr("Edit"))
            edit.setAccessibleName(self.tr("Edit the display name"))
            edit.setToolTip(
                plain_tooltip(self._rename_reason or self.tr("Change the display name (F2)"))
            )
            edit.setEnabled(not self._rename_reason)
            edit.setAutoRaise(True)
            edit.clicked.connect(lambda: self.renameRequested.emit(self.tenant_id))
            box.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
            self.editDisplayName = edit
        if value:
            copy = QToolButton()
            copy.setObjectName(f"{key}Copy")
            copy.setText(self.tr("Copy"))
            copy.setToolTip(self.tr("Copy {field}").format(field=label))
            copy.setAccessibleName(self.tr("Copy {field}").format(field=label))
            copy.setAutoRaise(True)
            copy.clicked.connect(lambda _=False, v=value: QGuiApplication.clipboard().setText(v))
            box.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        self.form.addRow(label, row)
