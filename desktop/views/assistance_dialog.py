"""Request partner assistance from several customers at once.

The customers that qualify are asked; the others (assistance already on or
pending, managed customer orders, customers no longer linked) are listed with
their reason and left alone. One request per customer is a message the customer
receives, so a bulk request is confirmed here first.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.actions import ASSISTANCE_HELP, ActionResult, Availability
from desktop.services.domain import CustomerRow
from desktop.views.action_dialog import ActionDialog
from desktop.views.action_reasons import (
    count_text,
    error_text,
    reason_text,
    tooltip_text,
    translate,
)


class AssistanceDialog(ActionDialog):
    #: list of tenant ids to ask
    requestRequested = Signal(object)

    def __init__(
        self,
        eligible: Sequence[CustomerRow],
        skipped: Sequence[tuple[CustomerRow, Availability]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requestAssistanceDialog")
        self.eligible = list(eligible)
        self.skipped = list(skipped)
        total = len(self.eligible) + len(self.skipped)
        title = self.tr("Request partner assistance from {count} customers").format(
            count=count_text(len(self.eligible))
        )
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumSize(600, 320)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Each customer is asked to turn on partner assistance for you. {help}").format(
                help=translate(ASSISTANCE_HELP)
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(total, 2)
        self.table.setObjectName("assistanceTable")
        self.table.setAccessibleName(self.tr("Selected customers"))
        self.table.setHorizontalHeaderLabels([self.tr("Customer"), self.tr("Request")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._position: dict[str, int] = {}
        r = 0
        for row in self.eligible:
            self._position[row.id] = r
            self.table.setItem(r, 0, QTableWidgetItem(row.display_name))
            self._set(r, self.tr("Will be asked"), True)
            r += 1
        for row, av in self.skipped:
            self._position[row.id] = r
            self.table.setItem(r, 0, QTableWidgetItem(row.display_name))
            self._set(r, self.tr("Skipped: {reason}").format(reason=reason_text(av)), False)
            r += 1
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setObjectName("assistanceSummary")
        self.summary.setWordWrap(True)
        if self.skipped:
            self.summary.setText(
                self.tr("{can} will be asked; {cannot} will be left as they are.").format(
                    can=count_text(len(self.eligible)), cannot=count_text(len(self.skipped))
                )
            )
        else:
            self.summary.setText(
                self.tr("{can} will be asked.").format(can=count_text(len(self.eligible)))
            )
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(self.busy_row())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.requestButton = self.buttons.addButton(
            self.tr("Request from {count}").format(count=count_text(len(self.eligible))),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.requestButton.setObjectName("requestButton")
        self.requestButton.setAccessibleName(
            self.tr("Request partner assistance from the customers that qualify")
        )
        self.requestButton.clicked.connect(self.submit)
        self.cancelButton = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancelButton.setAccessibleName(self.tr("Cancel"))
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.update_state()

    def _set(self, r: int, text: str, good: bool) -> None:
        item = QTableWidgetItem(text)
        item.setToolTip(tooltip_text(text))
        item.setForeground(self.verdict_colour(good))
        self.table.setItem(r, 1, item)

    def update_state(self) -> None:
        self.requestButton.setEnabled(bool(self.eligible) and not self.is_busy())

    def submit(self) -> None:
        if not self.requestButton.isEnabled():
            return
        self.set_busy(True, self.tr("Requesting partner assistance…"))
        self.requestRequested.emit([row.id for row in self.eligible])

    def show_results(self, results: Sequence[ActionResult]) -> None:
        failures = 0
        for result in results:
            for tid in result.tenant_ids:
                r = self._position.get(tid)
                if r is None:
                    continue
                if result.ok:
                    self._set(r, self.tr("Requested — pending customer approval"), True)
                else:
                    failures += 1
                    self._set(r, error_text(result.message, result.error_kind), False)
        self.table.resizeRowsToContents()
        self.eligible = []
        self.set_busy(False)
        if failures:
            self.message.show_message(
                self.tr("{failed} of {total} requests failed.").format(
                    failed=count_text(failures), total=count_text(len(results))
                ),
                "error",
            )
        self.cancelButton.setText(self.tr("Close"))
