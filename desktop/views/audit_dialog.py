"""The local audit log: every action attempt (when, who, what, customer, result)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

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
from desktop.views.action_reasons import tooltip_text
from desktop.views.plain import plain_tooltip

if TYPE_CHECKING:
    from desktop.models.profile_session import AuditEntry

#: Starts reading the entries (and the group names) off the GUI thread; the dialog
#: gets ``(entries, groups), error`` back on the GUI thread.
Loader = Callable[[Callable[[Any, BaseException | None], None]], None]

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
    "notes": QT_TRANSLATE_NOOP("AuditDialog", "Tags, alias or note"),
}
RESULT_NAMES = {
    "ok": QT_TRANSLATE_NOOP("AuditDialog", "Done"),
    "failed": QT_TRANSLATE_NOOP("AuditDialog", "Failed"),
}
COLUMNS = 6

BILLING_NAMES = {
    "trial": QT_TRANSLATE_NOOP("AuditDialog", "Trial"),
    "term": QT_TRANSLATE_NOOP("AuditDialog", "Term"),
    "usage": QT_TRANSLATE_NOOP("AuditDialog", "Monthly"),
}
ASSISTANCE_NAMES = {
    "pending": QT_TRANSLATE_NOOP("AuditDialog", "requested — pending customer approval"),
    "enabled": QT_TRANSLATE_NOOP("AuditDialog", "on"),
    "off": QT_TRANSLATE_NOOP("AuditDialog", "off"),
}
# The details the actions layer records (English, with API words and ids) and how the
# log shows them: (pattern, translatable template). Anything else (a server's error
# message) is shown as it is.
DETAILS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^group (?P<group>.+)$"), QT_TRANSLATE_NOOP("AuditDialog", "Group: {group}")),
    (
        re.compile(r"^billing type: (?P<billing>\w+)$"),
        QT_TRANSLATE_NOOP("AuditDialog", "Billing type: {billing}"),
    ),
    (
        re.compile(r"^display name: (?P<name>.*)$", re.S),
        QT_TRANSLATE_NOOP("AuditDialog", "Display name: {name}"),
    ),
    (
        re.compile(r"^status (?P<status>\w+)$"),
        QT_TRANSLATE_NOOP("AuditDialog", "Partner assistance: {status}"),
    ),
    (
        re.compile(r"^scheduled for (?P<date>.*)$"),
        QT_TRANSLATE_NOOP("AuditDialog", "Scheduled for {date}"),
    ),
    (re.compile(r"^unlinked$"), QT_TRANSLATE_NOOP("AuditDialog", "Unlinked")),
    (
        re.compile(r"^created (?P<name>.*)$", re.S),
        QT_TRANSLATE_NOOP("AuditDialog", "Created {name}"),
    ),
    (
        re.compile(r"^opened Sophos Central$"),
        QT_TRANSLATE_NOOP("AuditDialog", "Sophos Central opened in the browser"),
    ),
    (
        re.compile(r"^no web browser opened the link$"),
        QT_TRANSLATE_NOOP("AuditDialog", "No web browser opened the link"),
    ),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class AuditDialog(QDialog):
    def __init__(
        self,
        loader: Loader,
        names: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
        *,
        groups: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle(QCoreApplication.translate("AuditDialog", "Audit log"))
        self.setAccessibleName(QCoreApplication.translate("AuditDialog", "Audit log"))
        self.resize(900, 480)
        self._loader = loader
        self._names = dict(names or {})
        self._groups = dict(groups or {})

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

    def detail_text(self, detail: str) -> str:
        """A recorded detail in the UI's words: group names, not ids; "Monthly", not "usage"."""
        for pattern, template in DETAILS:
            match = pattern.match(detail or "")
            if match is None:
                continue
            values = match.groupdict()
            if "group" in values:
                values["group"] = self._groups.get(values["group"], values["group"])
            if "billing" in values and values["billing"] in BILLING_NAMES:
                values["billing"] = _tr(BILLING_NAMES[values["billing"]])
            if "status" in values and values["status"] in ASSISTANCE_NAMES:
                values["status"] = _tr(ASSISTANCE_NAMES[values["status"]])
            return _tr(template).format(**values)
        return detail

    def reload(self) -> None:
        """Read the entries again (off the GUI thread); the table fills when they arrive."""
        self.refreshButton.setEnabled(False)
        self._loader(self._on_loaded)

    def _on_loaded(self, result: Any, error: BaseException | None) -> None:
        self.refreshButton.setEnabled(True)
        if error is not None:  # a damaged cache must not break the dialog
            self.show_entries([])
            self.empty.setText(
                QCoreApplication.translate(
                    "AuditDialog", "The audit log could not be read: {error}"
                ).format(error=error)
            )
            return
        entries, groups = result if result is not None else ([], {})
        self._groups.update(groups or {})
        self.show_entries(entries)

    def show_entries(self, entries: Sequence[AuditEntry]) -> None:
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
                self.detail_text(entry.detail),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setToolTip(tooltip_text(text))
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
