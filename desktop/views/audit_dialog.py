"""The local audit log: every action attempt (when, who, what, customer, result)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.services.cache import AuditEntry
from desktop.views.plain import plain_tooltip

_CTX = "AuditDialog"
ACTION_NAMES = {
    "rename": QT_TRANSLATE_NOOP("AuditDialog", "Rename"),
    "add_to_group": QT_TRANSLATE_NOOP("AuditDialog", "Add to group"),
    "remove_from_group": QT_TRANSLATE_NOOP("AuditDialog", "Remove from group"),
    "launch": QT_TRANSLATE_NOOP("AuditDialog", "Launch"),
    "request_assistance": QT_TRANSLATE_NOOP("AuditDialog", "Request partner assistance"),
    "create_monthly": QT_TRANSLATE_NOOP("AuditDialog", "Create monthly account"),
    "update_billing": QT_TRANSLATE_NOOP("AuditDialog", "Update billing type"),
    "unlink": QT_TRANSLATE_NOOP("AuditDialog", "Unlink"),
}
RESULT_NAMES = {
    "ok": QT_TRANSLATE_NOOP("AuditDialog", "Done"),
    "failed": QT_TRANSLATE_NOOP("AuditDialog", "Failed"),
}
COLUMNS = 6


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class AuditDialog(QDialog):
    def __init__(
        self,
        loader: Callable[[], Sequence[AuditEntry]],
        names: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle(QCoreApplication.translate("AuditDialog", "Audit log"))
        self.setAccessibleName(QCoreApplication.translate("AuditDialog", "Audit log"))
        self.resize(900, 480)
        self._loader = loader
        self._names = dict(names or {})

        layout = QVBoxLayout(self)
        intro = QLabel(
            QCoreApplication.translate(
                "AuditDialog", "Actions done from this computer on this profile, newest first."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(QCoreApplication.translate("AuditDialog", "Audit log entries"))
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("AuditDialog", "When"),
                QCoreApplication.translate("AuditDialog", "Who"),
                QCoreApplication.translate("AuditDialog", "Action"),
                QCoreApplication.translate("AuditDialog", "Customer"),
                QCoreApplication.translate("AuditDialog", "Result"),
                QCoreApplication.translate("AuditDialog", "Detail"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col in range(COLUMNS - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(QCoreApplication.translate("AuditDialog", "No actions recorded yet."))
        self.empty.setObjectName("auditEmpty")
        layout.addWidget(self.empty)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.refreshButton = QPushButton(QCoreApplication.translate("AuditDialog", "&Refresh"))
        self.refreshButton.setObjectName("auditRefresh")
        self.refreshButton.setAccessibleName(
            QCoreApplication.translate("AuditDialog", "Refresh the audit log")
        )
        self.refreshButton.clicked.connect(self.reload)
        buttons.addButton(self.refreshButton, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(
            QCoreApplication.translate("AuditDialog", "Close")
        )
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        try:
            entries = list(self._loader())
        except Exception as exc:  # a damaged cache must not break the dialog
            entries = []
            self.empty.setText(
                QCoreApplication.translate(
                    "AuditDialog", "The audit log could not be read: {error}"
                ).format(error=exc)
            )
        self.table.setRowCount(len(entries))
        for r, entry in enumerate(entries):
            when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            customer = ""
            if entry.tenant_id:
                customer = self._names.get(entry.tenant_id) or entry.tenant_id
            cells = [
                when,
                entry.actor,
                _tr(ACTION_NAMES[entry.action]) if entry.action in ACTION_NAMES else entry.action,
                customer,
                _tr(RESULT_NAMES[entry.result]) if entry.result in RESULT_NAMES else entry.result,
                entry.detail,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setToolTip(plain_tooltip(text))
                if c == 3 and entry.tenant_id:
                    item.setToolTip(
                        plain_tooltip(
                            QCoreApplication.translate("AuditDialog", "Tenant ID: {id}").format(
                                id=entry.tenant_id
                            )
                        )
                    )
                    item.setData(Qt.ItemDataRole.UserRole, entry.tenant_id)
                if c == 4 and entry.result != "ok":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.empty.setVisible(not entries)
