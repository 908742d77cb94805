"""Customer details: groups and licences; add to / remove from an existing group.

Groups change only for a Partner Super Admin (the server enforces it with 403);
everyone else sees the controls disabled with the reason in a visible label.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.actions import Availability
from desktop.services.domain import BillingType, CustomerRow, Group, Licence, LicenceStatus, Tenant
from desktop.views.action_dialog import ActionDialog, reason_label, set_reason
from desktop.views.action_reasons import count_text
from desktop.views.plain import make_plain, plain_label, plain_tooltip, shown_text, title_text

LICENCE_COLUMNS = 7


class DetailsDialog(ActionDialog):
    #: group id
    addToGroupRequested = Signal(str)
    #: group id
    removeFromGroupRequested = Signal(str)

    def __init__(
        self,
        row: CustomerRow,
        tenant: Tenant | None,
        licences: Sequence[Licence],
        groups: Sequence[Group],
        *,
        add_availability: Availability,
        remove_availability: Availability,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerDetailsDialog")
        self.tenant_id = row.id
        self.today = today or dt.date.today()
        self.add_av = add_availability
        self.remove_av = remove_availability
        self._all_groups = list(groups)
        self.setMinimumSize(760, 520)

        layout = QVBoxLayout(self)
        self.title = plain_label()  # names and server text: plain, never HTML
        self.title.setObjectName("detailsTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        self.subtitle = plain_label()
        self.subtitle.setObjectName("detailsSubtitle")
        self.subtitle.setWordWrap(True)
        layout.addWidget(self.subtitle)

        # -- groups
        groups_box = QGroupBox(self.tr("Customer groups"))
        groups_box.setObjectName("groupsBox")
        gl = QVBoxLayout(groups_box)
        self.groupList = QListWidget()
        self.groupList.setObjectName("groupList")
        self.groupList.setAccessibleName(self.tr("Groups of this customer"))
        self.groupList.setMaximumHeight(90)
        self.groupList.itemSelectionChanged.connect(self.update_state)
        gl.addWidget(self.groupList)
        self.noGroups = QLabel(self.tr("This customer is in no group."))
        self.noGroups.setObjectName("noGroups")
        self.noGroups.setStyleSheet("color: palette(dark); font-style: italic;")
        gl.addWidget(self.noGroups)
        remove_row = QHBoxLayout()
        self.removeFromGroupButton = QPushButton(self.tr("&Remove from group"))
        self.removeFromGroupButton.setObjectName("removeFromGroupButton")
        self.removeFromGroupButton.setAccessibleName(
            self.tr("Remove the customer from the selected group")
        )
        self.removeFromGroupButton.clicked.connect(self._remove)
        remove_row.addWidget(self.removeFromGroupButton)
        remove_row.addStretch(1)
        gl.addLayout(remove_row)

        add_row = QHBoxLayout()
        add_label = QLabel(self.tr("Add to &group:"))
        self.groupPicker = QComboBox()
        self.groupPicker.setObjectName("groupPicker")
        self.groupPicker.setAccessibleName(self.tr("Existing group to add the customer to"))
        self.groupPicker.setMinimumContentsLength(24)
        self.groupPicker.currentIndexChanged.connect(self.update_state)
        add_label.setBuddy(self.groupPicker)
        self.addToGroupButton = QPushButton(self.tr("&Save"))
        self.addToGroupButton.setObjectName("addToGroupButton")
        self.addToGroupButton.setAccessibleName(self.tr("Add the customer to the chosen group"))
        self.addToGroupButton.clicked.connect(self._add)
        add_row.addWidget(add_label)
        add_row.addWidget(self.groupPicker, 1)
        add_row.addWidget(self.addToGroupButton)
        gl.addLayout(add_row)
        self.groupReason = reason_label(add_availability, self)
        self.groupReason.setObjectName("groupReason")
        gl.addWidget(self.groupReason)
        layout.addWidget(groups_box)

        # -- licences
        lic_box = QGroupBox(self.tr("Licences"))
        lic_box.setObjectName("licencesBox")
        ll = QVBoxLayout(lic_box)
        self.licenceTable = QTableWidget(0, LICENCE_COLUMNS)
        self.licenceTable.setObjectName("licenceTable")
        self.licenceTable.setAccessibleName(self.tr("Licences of this customer"))
        self.licenceTable.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Type"),
                self.tr("Start"),
                self.tr("End"),
                self.tr("Quantity"),
                self.tr("Usage"),
                self.tr("Status"),
            ]
        )
        self.licenceTable.verticalHeader().hide()
        self.licenceTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licenceTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.licenceTable.setAlternatingRowColors(True)
        self.licenceTable.setWordWrap(False)
        header = self.licenceTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, LICENCE_COLUMNS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        ll.addWidget(self.licenceTable)
        self.noLicences = QLabel()
        self.noLicences.setObjectName("noLicences")
        self.noLicences.setWordWrap(True)
        self.noLicences.setStyleSheet("color: palette(dark); font-style: italic;")
        ll.addWidget(self.noLicences)
        layout.addWidget(lic_box, 1)

        layout.addWidget(self.message)
        layout.addLayout(self.busy_row())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

        self._status_text = {
            LicenceStatus.ACTIVE: self.tr("Active"),
            LicenceStatus.EXPIRING: self.tr("Expiring"),
            LicenceStatus.TRIAL: self.tr("Trial"),
            LicenceStatus.TRIAL_EXPIRED: self.tr("Trial expired"),
            LicenceStatus.EXPIRED: self.tr("Expired"),
            LicenceStatus.LAPSED: self.tr("Lapsed"),
            LicenceStatus.NOT_MANAGEABLE: self.tr("Not manageable"),
            LicenceStatus.NONE: "",
        }
        make_plain(self)
        self.set_customer(row, tenant)
        self.set_licences(licences, row.manageable)

    # ------------------------------------------------------------ content

    def set_customer(self, row: CustomerRow, tenant: Tenant | None) -> None:
        self.row = row
        self.tenant = tenant
        name = (tenant.display_name if tenant else "") or row.display_name
        self.setWindowTitle(self.tr("Customer details — {name}").format(name=title_text(name)))
        self.setAccessibleName(self.tr("Customer details for {name}").format(name=name))
        self.title.setText(shown_text(name))
        billing = {
            BillingType.TRIAL: self.tr("Trial"),
            BillingType.TERM: self.tr("Term"),
            BillingType.USAGE: self.tr("Monthly"),
            BillingType.OTHER: self.tr("Other"),
        }[row.billing_type]
        parts = [self.tr("Billing: {billing}").format(billing=billing)]
        if row.data_region:
            parts.append(self.tr("Data region: {region}").format(region=row.data_region))
        if row.managed_customer_order:
            parts.append(self.tr("$ Managed customer order"))
        if row.unlink_status == "scheduled":
            when = tenant.unlink_effective_at if tenant else None
            parts.append(self.tr("Unlink scheduled for {date}").format(date=when or "—"))
        self.subtitle.setText("  ·  ".join(parts))
        member = set(tenant.group_ids) if tenant else set()
        names = {g.id: g.name or g.id for g in self._all_groups}
        self.groupList.clear()
        for gid in sorted(member, key=lambda g: str(names.get(g, g)).casefold()):
            item = QListWidgetItem(names.get(gid, gid))
            item.setData(Qt.ItemDataRole.UserRole, gid)
            self.groupList.addItem(item)
        if self.groupList.count():
            self.groupList.setCurrentRow(0)
        self.groupList.setVisible(bool(member))
        self.noGroups.setVisible(not member)
        self.groupPicker.clear()
        for group in self._all_groups:
            if group.id not in member:
                self.groupPicker.addItem(group.name, group.id)
        if self.groupPicker.count() == 0:
            self.groupPicker.setPlaceholderText(self.tr("No other groups"))
        else:  # groups read after the dialog opened: the first is offered, as before
            self.groupPicker.setCurrentIndex(0)
        self.update_state()

    def set_groups(self, groups: Sequence[Group]) -> None:
        self._all_groups = list(groups)
        self.set_customer(self.row, self.tenant)

    def set_licences(self, licences: Sequence[Licence], manageable: bool = True) -> None:
        table = self.licenceTable
        table.setRowCount(0)
        if not manageable:
            self.noLicences.setText(
                self.tr(
                    "You cannot see this customer's licences: the customer has not given "
                    "you access (partner assistance is off)."
                )
            )
            self.noLicences.show()
            table.hide()
            return
        if not licences:
            self.noLicences.setText(self.tr("No licences on file for this customer."))
            self.noLicences.show()
            table.hide()
            return
        self.noLicences.hide()
        table.show()
        types = {"term": self.tr("Term"), "trial": self.tr("Trial"), "usage": self.tr("Monthly")}
        ordered = sorted(licences, key=lambda lic: (lic.category, lic.product_name.casefold()))
        table.setRowCount(len(ordered))
        for r, lic in enumerate(ordered):
            if lic.perpetual:
                end = self.tr("Perpetual")
            else:
                end = lic.end_date.isoformat() if lic.end_date else "—"
            quantity = self.tr("Unlimited") if lic.unlimited else _num(lic.quantity)
            status = lic.status(self.today)
            cells = [
                lic.product_name or lic.product_code,
                types.get(lic.type, lic.type.capitalize() or "—"),
                lic.start_date.isoformat() if lic.start_date else "—",
                end,
                quantity,
                _num(lic.usage_count),
                self._status_text.get(status, status.value),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == 0 and lic.licence_identifier:
                    item.setToolTip(
                        plain_tooltip(self.tr("Licence {id}").format(id=lic.licence_identifier))
                    )
                table.setItem(r, c, item)

    def set_availability(self, add: Availability, remove: Availability) -> None:
        self.add_av = add
        self.remove_av = remove
        set_reason(self.groupReason, add if not add.enabled else remove)
        self.update_state()

    def update_state(self) -> None:
        busy = self.is_busy()
        can_add = self.add_av.enabled and not busy
        self.groupPicker.setEnabled(can_add and self.groupPicker.count() > 0)
        self.addToGroupButton.setEnabled(can_add and self.groupPicker.currentIndex() >= 0)
        can_remove = self.remove_av.enabled and not busy
        self.removeFromGroupButton.setEnabled(
            can_remove and self.groupList.currentItem() is not None
        )
        self.removeFromGroupButton.setVisible(self.groupList.count() > 0)

    # ------------------------------------------------------------ requests

    def _add(self) -> None:
        gid = self.groupPicker.currentData()
        if not gid or not self.addToGroupButton.isEnabled():
            return
        self.set_busy(
            True,
            self.tr("Adding to {group}…").format(group=self.groupPicker.currentText()),
        )
        self.addToGroupRequested.emit(str(gid))

    def _remove(self) -> None:
        item = self.groupList.currentItem()
        if item is None or not self.removeFromGroupButton.isEnabled():
            return
        self.set_busy(True, self.tr("Removing from {group}…").format(group=item.text()))
        self.removeFromGroupRequested.emit(str(item.data(Qt.ItemDataRole.UserRole)))


def _num(value: int | None) -> str:
    return "—" if value is None else count_text(value)  # the UI locale's separator
