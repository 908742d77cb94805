"""What the customer table's cells and headers say: the translatable labels and the
roles the model answers (docs/architecture.md §3). No state; shared by the model's layers."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractItemModel, QCoreApplication, Qt

from desktop.models.customer_rows import (
    COL_ASSISTANCE,
    COL_BILLING,
    COL_GROUPS,
    COL_NAME,
    COL_OVER,
    COL_REGION,
    COL_SYNCED,
    COL_TAGS,
    COL_TENANT_ID,
    COL_UNUSED,
)
from desktop.services.domain import AssistanceState, BillingType, LicenceStatus

_CTX = "CustomerTableModel"

_HEADERS = {
    COL_NAME: QT_TRANSLATE_NOOP("CustomerTableModel", "Name"),
    COL_BILLING: QT_TRANSLATE_NOOP("CustomerTableModel", "Billing"),
    COL_GROUPS: QT_TRANSLATE_NOOP("CustomerTableModel", "Groups"),
    COL_ASSISTANCE: QT_TRANSLATE_NOOP("CustomerTableModel", "Partner assistance"),
    COL_REGION: QT_TRANSLATE_NOOP("CustomerTableModel", "Data region"),
    COL_SYNCED: QT_TRANSLATE_NOOP("CustomerTableModel", "Last synced"),
    COL_TENANT_ID: QT_TRANSLATE_NOOP("CustomerTableModel", "Tenant ID"),
    COL_TAGS: QT_TRANSLATE_NOOP("CustomerTableModel", "Tags"),
    COL_OVER: QT_TRANSLATE_NOOP("CustomerTableModel", "Over-used"),
    COL_UNUSED: QT_TRANSLATE_NOOP("CustomerTableModel", "Unused seats"),
}
# Category names are product names; they are still offered to translators.
_CATEGORY_LABELS = {
    "Endpoint": QT_TRANSLATE_NOOP("CustomerTableModel", "Endpoint"),
    "Server": QT_TRANSLATE_NOOP("CustomerTableModel", "Server"),
    "Mobile": QT_TRANSLATE_NOOP("CustomerTableModel", "Mobile"),
    "Encryption": QT_TRANSLATE_NOOP("CustomerTableModel", "Encryption"),
    "Email": QT_TRANSLATE_NOOP("CustomerTableModel", "Email"),
    "Firewall": QT_TRANSLATE_NOOP("CustomerTableModel", "Firewall"),
    "Wireless": QT_TRANSLATE_NOOP("CustomerTableModel", "Wireless"),
    "ZTNA": QT_TRANSLATE_NOOP("CustomerTableModel", "ZTNA"),
    "MDR": QT_TRANSLATE_NOOP("CustomerTableModel", "MDR"),
    "Phish Threat": QT_TRANSLATE_NOOP("CustomerTableModel", "Phish Threat"),
    "Other": QT_TRANSLATE_NOOP("CustomerTableModel", "Other"),
}
_STATUS_LABELS = {
    LicenceStatus.ACTIVE: QT_TRANSLATE_NOOP("CustomerTableModel", "Active"),
    LicenceStatus.EXPIRING: QT_TRANSLATE_NOOP("CustomerTableModel", "Expiring"),
    LicenceStatus.TRIAL: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial"),
    LicenceStatus.TRIAL_EXPIRED: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial expired"),
    LicenceStatus.EXPIRED: QT_TRANSLATE_NOOP("CustomerTableModel", "Expired"),
    LicenceStatus.LAPSED: QT_TRANSLATE_NOOP("CustomerTableModel", "Lapsed"),
    LicenceStatus.NOT_MANAGEABLE: QT_TRANSLATE_NOOP("CustomerTableModel", "No access"),
}
_STATUS_TIPS = {
    LicenceStatus.ACTIVE: QT_TRANSLATE_NOOP("CustomerTableModel", "Active licence"),
    LicenceStatus.EXPIRING: QT_TRANSLATE_NOOP(
        "CustomerTableModel", "Active, expires within 30 days"
    ),
    LicenceStatus.TRIAL: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial licence"),
    LicenceStatus.TRIAL_EXPIRED: QT_TRANSLATE_NOOP("CustomerTableModel", "The trial has ended"),
    LicenceStatus.EXPIRED: QT_TRANSLATE_NOOP(
        _CTX, "Expired less than 60 days ago; can still be reactivated"
    ),
    LicenceStatus.LAPSED: QT_TRANSLATE_NOOP("CustomerTableModel", "Expired 60 days ago or more"),
    LicenceStatus.NOT_MANAGEABLE: QT_TRANSLATE_NOOP(
        _CTX, "You cannot see this customer's licences (partner assistance is off)"
    ),
}
_BILLING_LABELS = {
    BillingType.TRIAL: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial"),
    BillingType.TERM: QT_TRANSLATE_NOOP("CustomerTableModel", "Term"),
    BillingType.USAGE: QT_TRANSLATE_NOOP("CustomerTableModel", "Monthly"),
    BillingType.OTHER: QT_TRANSLATE_NOOP("CustomerTableModel", "Other"),
}
_ASSISTANCE_LABELS = {
    AssistanceState.ENABLED: QT_TRANSLATE_NOOP("CustomerTableModel", "On"),
    AssistanceState.PENDING: QT_TRANSLATE_NOOP(
        "CustomerTableModel", "Requested — pending customer approval"
    ),
    AssistanceState.DECLINED: QT_TRANSLATE_NOOP("CustomerTableModel", "Declined"),
    AssistanceState.OFF: QT_TRANSLATE_NOOP("CustomerTableModel", "Off"),
    AssistanceState.UNKNOWN: "—",
}
#: data() role: True while an action runs for the row's customer.
BUSY_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: object) -> str:
    # QT_TRANSLATE_NOOP is typed as returning object; the labels are str.
    return QCoreApplication.translate(_CTX, str(text))


_VERTICAL = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
#: Roles the item delegate asks for on every paint that this model never sets.
_UNSET_ROLES = frozenset(
    int(r)
    for r in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
    )
)
