"""Unlink one or many customers, with a per-customer check and explicit confirmation.

Each selected customer gets a line: can it be unlinked and, if not, why (from the
cached licences via ``unlink_check``); monthly accounts are unlinked on the 1st
of next month ("scheduled for <date>"). The Unlink button is enabled only after
"Yes, make this unlink effective immediately" is ticked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.actions import UNCHECKED, ActionResult, Availability, UnlinkCheck
from desktop.services.domain import CustomerRow
from desktop.views.action_dialog import ActionDialog, reason_label
from desktop.views.action_reasons import count_text, error_text, text_of, tooltip_text


class UnlinkDialog(ActionDialog):
    #: list of tenant ids to unlink
    unlinkRequested = Signal(object)

    def __init__(
        self,
        rows: Sequence[CustomerRow],
        checks: Sequence[UnlinkCheck] | None,
        availability: Availability,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlinkDialog")
        self.rows = list(rows)
        #: None while the licences are being read (``set_checks`` fills them in)
        self.checks: dict[str, UnlinkCheck] | None = (
            None if checks is None else {c.tenant_id: c for c in checks}
        )
        self.availability = availability
        self._done: set[str] = set()
        count = len(self.rows)
        if count == 1:
            title = self.tr("Unlink {name}").format(name=self.rows[0].display_name)
        else:
            title = self.tr("Unlink {count} customers").format(count=count_text(count))
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumSize(640, 360)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Unlinked customers leave your customer list and you lose access to them. "
                "Customers with an active licence, or one that expired less than 60 days "
                "ago, cannot be unlinked. Monthly accounts are unlinked on the first day "
                "of next month."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(count, 3)
        self.table.setObjectName("unlinkTable")
        self.table.setAccessibleName(self.tr("Customers to unlink"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Customer"), self.tr("Can be unlinked"), self.tr("When / why not")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, row in enumerate(self.rows):
            self.table.setItem(r, 0, QTableWidgetItem(row.display_name))
        self._show_checks()
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setObjectName("unlinkSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.confirm = QCheckBox(self.tr("Yes, make this unlink effective immediately"))
        self.confirm.setObjectName("confirmUnlink")
        self.confirm.setAccessibleName(self.confirm.text())
        self.confirm.toggled.connect(self.update_state)
        layout.addWidget(self.confirm)
        self.reason = reason_label(availability, self)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(self.busy_row())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.unlinkButton = self.buttons.addButton(
            self.tr("Unlink"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.unlinkButton.setObjectName("unlinkButton")
        self.unlinkButton.setAccessibleName(self.tr("Unlink the customers that can be unlinked"))
        self.unlinkButton.clicked.connect(self.submit)
        self.cancelButton = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancelButton.setAccessibleName(self.tr("Cancel"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_summary()
        self.update_state()

    def set_checks(self, checks: Sequence[UnlinkCheck]) -> None:
        """What each customer's licences allow (read off the GUI thread)."""
        self.checks = {c.tenant_id: c for c in checks}
        self._show_checks()
        self._update_summary()
        self.update_state()

    def _show_checks(self) -> None:
        for r, row in enumerate(self.rows):
            if self.checks is None:
                self._set(r, self.tr("Checking…"), "", None)
            else:
                self._show_check(r, self.checks.get(row.id))
        self.table.resizeRowsToContents()

    def _set(self, r: int, can: str, detail: str, good: bool | None) -> None:
        can_item = QTableWidgetItem(can)
        detail_item = QTableWidgetItem(detail)
        detail_item.setToolTip(tooltip_text(detail))
        if good is not None:
            can_item.setForeground(self.verdict_colour(good))
        self.table.setItem(r, 1, can_item)
        self.table.setItem(r, 2, detail_item)

    def _show_check(self, r: int, check: UnlinkCheck | None) -> None:
        if check is None:
            self._set(r, self.tr("Unknown"), self.tr("Sync first."), False)
        elif check.can_unlink and check.scheduled:
            self._set(
                r,
                self.tr("Yes"),
                self.tr("Monthly account: scheduled for {date}").format(date=check.effective),
                True,
            )
        elif check.can_unlink and check.effective == UNCHECKED:
            self._set(
                r,
                self.tr("If no licence is active"),
                self.tr(
                    "Its licences are not visible to you: Sophos Central refuses the "
                    "unlink while one is active."
                ),
                None,
            )
        elif check.can_unlink:
            self._set(r, self.tr("Yes"), self.tr("Immediately"), True)
        else:
            self._set(r, self.tr("No"), text_of(check.reason), False)

    def eligible_ids(self) -> list[str]:
        return [
            row.id
            for row in self.rows
            if row.id not in self._done
            and self.checks is not None
            and (c := self.checks.get(row.id)) is not None
            and c.can_unlink
        ]

    def _update_summary(self) -> None:
        can = len(self.eligible_ids())
        cannot = len(self.rows) - can - len(self._done)
        if self.checks is None:
            text = self.tr("Checking the licences…")
        elif can == 0:
            text = self.tr("None of the selected customers can be unlinked now.")
        elif cannot:
            text = self.tr("{can} can be unlinked; {cannot} will be left as they are.").format(
                can=count_text(can), cannot=count_text(cannot)
            )
        else:
            text = self.tr("{can} can be unlinked.").format(can=count_text(can))
        self.summary.setText(text)

    def update_state(self, *_args: object) -> None:
        busy = self.is_busy()
        eligible = bool(self.eligible_ids())
        self.confirm.setEnabled(eligible and self.availability.enabled and not busy)
        self.unlinkButton.setEnabled(
            eligible and self.availability.enabled and self.confirm.isChecked() and not busy
        )

    def submit(self) -> None:
        ids = self.eligible_ids()
        if not ids or not self.unlinkButton.isEnabled():
            return
        self.set_busy(
            True, self.tr("Unlinking {count} customers…").format(count=count_text(len(ids)))
        )
        self.unlinkRequested.emit(ids)

    def show_results(self, results: Sequence[ActionResult]) -> None:
        """After the action: the outcome per customer, in the table."""
        position = {row.id: r for r, row in enumerate(self.rows)}
        failures = []
        for result in results:
            for tid in result.tenant_ids:
                r = position.get(tid)
                if r is None:
                    continue
                if result.ok:
                    self._done.add(tid)
                    details = result.details or {}
                    if details.get("status") == "scheduled":
                        when = str(details.get("effectiveAt", ""))
                        self._set(
                            r,
                            self.tr("Scheduled"),
                            self.tr("Scheduled for {date}").format(date=when),
                            True,
                        )
                    else:
                        self._set(r, self.tr("Unlinked"), self.tr("Unlinked"), True)
                else:
                    failures.append(result)
                    self._set(
                        r, self.tr("Failed"), error_text(result.message, result.error_kind), False
                    )
        self.table.resizeRowsToContents()
        self.confirm.setChecked(False)
        self.set_busy(False)
        self._update_summary()
        if failures:
            self.message.show_message(
                self.tr("{failed} of {total} customers could not be unlinked.").format(
                    failed=count_text(len(failures)), total=count_text(len(results))
                ),
                "error",
            )
        self.cancelButton.setText(self.tr("Close"))
