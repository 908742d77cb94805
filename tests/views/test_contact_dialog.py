"""Contact info dialog: every field with a copy button, and the empty state."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QToolButton

from desktop.services.domain import Address, BillingType, Contact, Tenant
from desktop.views.contact_dialog import ContactDialog
from tests.helpers.rows import make_row

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


def tenant(contact: Contact | None) -> Tenant:
    row = make_row(7, "Società Esempio S.r.l.", show_as="Esempio")
    return Tenant(
        id=row.id,
        name="Società Esempio S.r.l.",
        show_as="Esempio",
        billing_type=BillingType.USAGE,
        data_geography="DE",
        data_region="eu02",
        contact=contact,
    )


def test_contact_dialog_shows_every_field_with_copy(qtbot) -> None:
    contact = Contact(
        first_name="Giulia",
        last_name="Rossi",
        email="giulia.rossi@example.it",
        phone="+39 02 1234 5678",
        address=Address(
            address1="Via Roma 1", city="Milano", country_code="IT", postal_code="20121"
        ),
    )
    t = tenant(contact)
    row = make_row(7, "Società Esempio S.r.l.", show_as="Esempio")
    dialog = ContactDialog(row, t)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.objectName() == "contactDialog"
    assert "Esempio" in dialog.windowTitle()
    values = dialog.values
    assert values["displayName"] == "Esempio"
    assert values["accountName"] == "Società Esempio S.r.l."
    assert values["contactPerson"] == "Giulia Rossi"
    assert values["email"] == "giulia.rossi@example.it"
    assert values["phone"] == "+39 02 1234 5678"
    assert "Via Roma 1" in values["address"] and "20121 Milano" in values["address"]
    assert values["dataRegion"] == "DE / eu02"
    assert values["billing"] == "Monthly"
    assert values["tenantId"] == row.id
    email = dialog.findChild(QLabel, "emailValue")
    assert 'href="mailto:giulia.rossi@example.it"' in email.text()
    phone = dialog.findChild(QLabel, "phoneValue")
    assert 'href="tel:+390212345678"' in phone.text()
    assert dialog.findChild(QLabel, "noContact") is None
    copy = dialog.findChild(QToolButton, "tenantIdCopy")
    assert copy.accessibleName()
    copy.click()
    assert QGuiApplication.clipboard().text() == row.id
    dialog.findChild(QToolButton, "emailCopy").click()
    assert QGuiApplication.clipboard().text() == "giulia.rossi@example.it"


def test_contact_dialog_without_contact_says_so(qtbot) -> None:
    row = make_row(7, "Società Esempio S.r.l.", show_as="Esempio")
    dialog = ContactDialog(row, tenant(None))
    qtbot.addWidget(dialog)
    dialog.show()
    empty = dialog.findChild(QLabel, "noContact")
    assert empty is not None and "No contact details on file" in empty.text()
    assert "email" not in dialog.values
    assert dialog.values["tenantId"] == row.id


def test_contact_dialog_without_cached_tenant_uses_row(qtbot) -> None:
    row = make_row(8, "Only Row", region="jp01")
    dialog = ContactDialog(row, None)
    qtbot.addWidget(dialog)
    assert dialog.values["displayName"] == "Only Row"
    assert dialog.values["dataRegion"].endswith("jp01")
    assert dialog.findChild(QLabel, "noContact") is not None
