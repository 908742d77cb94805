"""The dialogs the main window opens: contact details, profiles, settings, insights,
keyboard shortcuts and About.

A part of :class:`~desktop.views.main_window.MainWindow` (one job per module).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from desktop.models.customer_table import (
    COL_NAME,
)
from desktop.views.window_base import WindowBase

log = logging.getLogger("partner_desk.gui")


class DialogLauncher(WindowBase):
    def show_insights(self, tab: int = 0) -> QWidget:
        """The insight views, read from the profile's cache off the GUI thread."""
        from desktop.views.insights_dialog import InsightsDialog

        holder: list[QWidget] = []

        def start(fn: Callable[[], Any], done: Callable[[Any, Any], None]) -> None:
            self.session.call(fn, done, owner=holder[0] if holder else None)

        def write(fn: Callable[[], Any], done: Callable[[Any, Any], None]) -> None:
            self.session.call(fn, done, owner=holder[0] if holder else None, writes=True)

        dialog = InsightsDialog(
            self.profile.cache_path, self, start_loading=start, start_writing=write
        )
        holder.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.tabs.setCurrentIndex(tab)
        self.syncFinished.connect(dialog.reload)  # an open window follows each sync
        dialog.show()
        return dialog

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == COL_NAME:
            self.open_contact(index.row())

    def _open_current_contact(self) -> None:
        index = self.customerTable.currentIndex()
        if index.isValid():
            self.open_contact(index.row())

    def open_contact(self, position: int) -> QWidget | None:
        from desktop.views.contact_dialog import ContactDialog

        row = self.model.row_at(position)
        if row is None:
            return None
        existing = self._contact_dialogs.get(row.id)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        dialog = ContactDialog(
            row, None, self, rename_reason=self.customerActions.rename_reason(row), loading=True
        )
        tid = row.id

        def loaded(tenant: Any, error: BaseException | None) -> None:
            if error is not None:
                log.warning("tenant %s not readable: %s", tid, error)
            dialog.set_tenant(tenant if error is None else None)

        self.session.read(lambda cache: cache.tenant(tid), loaded, owner=dialog)
        dialog.renameRequested.connect(
            lambda tenant_id, d=dialog: self.customerActions.open_rename_for(tenant_id, d)
        )
        dialog.finished.connect(self._on_contact_closed)
        self._contact_dialogs[row.id] = dialog
        dialog.show()
        return dialog

    @Slot(int)
    def _on_contact_closed(self, _result: int) -> None:
        dialog = self.sender()
        for tenant_id, known in list(self._contact_dialogs.items()):
            if known is dialog:
                del self._contact_dialogs[tenant_id]
                known.deleteLater()

    def show_profiles(self) -> None:
        from desktop.views.profiles_dialog import ProfilesDialog

        dialog = ProfilesDialog(current=self.profile.name, parent=self, session=self.session)
        dialog.profileChosen.connect(self._switch_to_name)
        dialog.profileEdited.connect(self._on_profile_edited)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()

    def show_settings(self) -> QWidget:
        from desktop.views.settings_dialog import SettingsDialog

        existing = self.findChild(SettingsDialog, "settingsDialog")
        if existing is not None and existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing
        dialog = SettingsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog

    def _switch_to_name(self, name: str) -> None:
        opener = self._profile_opener or self.session.profile_named
        profile = opener(name)
        if profile is None:
            self.show_message(
                QCoreApplication.translate(
                    "MainWindow", "The profile {name} no longer exists."
                ).format(name=name),
                retry=False,
            )
            return
        self.session.remember_last_used(profile.name)
        self.switch_profile(profile)

    def _show_shortcuts(self) -> None:
        rows = [
            ("F5", QCoreApplication.translate("MainWindow", "Sync now")),
            ("Ctrl+F", QCoreApplication.translate("MainWindow", "Search customers")),
            (
                "Esc",
                QCoreApplication.translate("MainWindow", "Clear the search (in the search box)"),
            ),
            (
                "Enter",
                QCoreApplication.translate("MainWindow", "Contact details of the current customer"),
            ),
            ("Ctrl+C", QCoreApplication.translate("MainWindow", "Copy the selected rows")),
            ("Ctrl+E", QCoreApplication.translate("MainWindow", "Export visible rows to CSV")),
            (
                "Ctrl+I",
                QCoreApplication.translate("MainWindow", "Customer details: groups and licences"),
            ),
            ("F2", QCoreApplication.translate("MainWindow", "Rename the selected customer")),
            (
                "Ctrl+L",
                QCoreApplication.translate("MainWindow", "Launch the customer's Sophos Central"),
            ),
            ("Ctrl+B", QCoreApplication.translate("MainWindow", "Update billing type")),
            (
                "Del",
                QCoreApplication.translate(
                    "MainWindow", "Unlink the selected customers (in the table)"
                ),
            ),
            ("Ctrl+N", QCoreApplication.translate("MainWindow", "Create a monthly account")),
            ("Ctrl+,", QCoreApplication.translate("MainWindow", "Settings: language and theme")),
            ("Ctrl+Q", QCoreApplication.translate("MainWindow", "Quit")),
        ]
        body = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        box = QMessageBox(self)
        box.setObjectName("shortcutsDialog")
        box.setWindowTitle(QCoreApplication.translate("MainWindow", "Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{body}</table>")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            QCoreApplication.translate("MainWindow", "About Partner Desk"),
            QCoreApplication.translate(
                "MainWindow",
                "Partner Desk — the Sophos Central Partner customer list on your desktop, "
                "fast and available offline.",
            ),
        )

    def edit_current_profile(self) -> QWidget:
        """File › Profiles… with the open profile ready to edit (its secret first)."""
        from desktop.views.profiles_dialog import ProfilesDialog

        dialog = ProfilesDialog(current=self.profile.name, parent=self, session=self.session)
        dialog.profileChosen.connect(self._switch_to_name)
        dialog.profileEdited.connect(self._on_profile_edited)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()
        dialog.edit_profile(self.profile.name)  # after show(): the secret field gets the focus
        return dialog

    def _on_profile_edited(self, old_name: str, new_name: str) -> None:
        """The open profile was edited (secret, URLs or name): re-read it and sync."""
        if old_name != self.profile.name:
            return
        profile = self.session.profile_named(new_name)
        if profile is None:
            return
        self.profile = profile
        self.session = self.session.for_profile(profile)
        self.customerActions.set_session(self.session)
        self.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Partner Desk — {profile}").format(
                profile=profile.name
            )
        )
        self.profileLabel.setText(
            QCoreApplication.translate("MainWindow", "Profile: {profile}").format(
                profile=profile.name
            )
        )
        self.banner.hide()
        self.start_sync()
