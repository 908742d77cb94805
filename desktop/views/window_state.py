"""The window's view state: filters, column visibility, the header and geometry saved
per profile, the selection kept through searches, and the status-bar counts.

A part of :class:`~desktop.views.main_window.MainWindow` (one job per module).
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QPoint,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QMenu,
    QWidget,
)

from desktop.models import settings as app_settings_mod
from desktop.models.customer_table import (
    CATEGORY_COLUMNS,
    COL_TENANT_ID,
    COLUMN_COUNT,
)
from desktop.views.action_reasons import count_text
from desktop.views.window_base import WindowBase

log = logging.getLogger("partner_desk.gui")


def describe_when(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "just now", "3 min ago", "today 17:40", "yesterday 17:40", "2026-11-20 17:40"."""
    local = moment.astimezone() if moment.tzinfo else moment
    now = now or dt.datetime.now(local.tzinfo)
    now = now.astimezone(local.tzinfo) if now.tzinfo and local.tzinfo else now
    seconds = (now - local).total_seconds()
    clock = local.strftime("%H:%M")
    if seconds < 60:
        return QCoreApplication.translate("MainWindow", "just now")
    if seconds < 3600:
        return QCoreApplication.translate("MainWindow", "{minutes} min ago").format(
            minutes=int(seconds // 60)
        )
    if local.date() == now.date():
        return QCoreApplication.translate("MainWindow", "today {time}").format(time=clock)
    if local.date() == now.date() - dt.timedelta(days=1):
        return QCoreApplication.translate("MainWindow", "yesterday {time}").format(time=clock)
    text: str = QLocale().toString(local, QLocale.FormatType.ShortFormat)  # type: ignore[call-overload]
    return text


def describe_cache_age(
    finished_at: dt.datetime | None, *, offline: bool, now: dt.datetime | None = None
) -> str:
    if finished_at is None:
        return (
            QCoreApplication.translate("MainWindow", "offline — never synced")
            if offline
            else QCoreApplication.translate("MainWindow", "never synced")
        )
    when = describe_when(finished_at, now)
    if offline:
        return QCoreApplication.translate("MainWindow", "offline — synced {when}").format(when=when)
    return QCoreApplication.translate("MainWindow", "synced {when}").format(when=when)


class ViewState(WindowBase):
    def _update_age(self) -> None:
        if self._loading and self._last_ok is None:
            self.cacheAge.setText(QCoreApplication.translate("MainWindow", "reading cache…"))
            return
        self.cacheAge.setText(describe_cache_age(self._last_ok, offline=self._offline))

    def _update_count(self) -> None:
        if self._loading:
            self.rowCount.setText(QCoreApplication.translate("MainWindow", "reading cache…"))
            return
        shown = self.model.rowCount()
        total = self.model.total_count()
        if shown == total:
            self.rowCount.setText(
                QCoreApplication.translate("MainWindow", "{total} customers").format(
                    total=count_text(total)
                )
            )
        else:
            self.rowCount.setText(
                QCoreApplication.translate("MainWindow", "{shown} of {total} customers").format(
                    shown=count_text(shown), total=count_text(total)
                )
            )

    def _set_my_protection_only(self, on: bool) -> None:
        self.model.set_my_protection_only(on)
        if self.myProtectionAction.isChecked() != on:
            self.myProtectionAction.setChecked(on)
        self._settings.setValue(app_settings_mod.MY_PROTECTION_ONLY, on)

    def _set_show_removed(self, on: bool) -> None:
        self.model.set_show_removed(on)
        self._settings.setValue(app_settings_mod.SHOW_REMOVED, on)

    def _set_show_tenant_id(self, on: bool) -> None:
        self._settings.setValue(app_settings_mod.SHOW_TENANT_ID, on)
        self._apply_tenant_id_column()

    def _apply_tenant_id_column(self) -> None:
        table = self.customerTable
        shown = self.showTenantIdAction.isChecked()
        table.setColumnHidden(COL_TENANT_ID, not shown)
        self.model.set_tenant_id_shown(shown)
        # A header saved before the column existed gives it Qt's default width.
        if table.columnWidth(COL_TENANT_ID) == table.horizontalHeader().defaultSectionSize():
            table.setColumnWidth(COL_TENANT_ID, self._tenant_id_width)

    def _header_context_menu(self, pos: QPoint) -> None:
        """Right-click on a column header: the columns that can be shown or hidden."""
        menu = QMenu(self)
        menu.setObjectName("headerContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.addAction(self.showTenantIdAction)
        menu.addAction(self.myProtectionAction)
        sender = self.sender()
        widget = sender if isinstance(sender, QWidget) else self.customerTable
        menu.popup(widget.mapToGlobal(pos))

    def _apply_hidden_columns(self) -> None:
        hidden = self.model.hidden_columns()
        for col in CATEGORY_COLUMNS:
            self.customerTable.setColumnHidden(col, col in hidden)

    def _restore_view_state(self) -> None:
        header = self.customerTable.horizontalHeader()
        state = self._settings.value(app_settings_mod.profile_key(self.profile.name, "header"))
        restored = False
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = header.restoreState(state)
        if not restored and not self._default_header_state.isEmpty():
            header.restoreState(self._default_header_state)
        for col in range(COLUMN_COUNT):
            if col not in CATEGORY_COLUMNS and col != COL_TENANT_ID:
                self.customerTable.setColumnHidden(col, False)
        self._apply_hidden_columns()
        self._apply_tenant_id_column()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        geometry = self._settings.value(app_settings_mod.profile_key(self.profile.name, "geometry"))
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)

    def _save_view_state(self) -> None:
        header = self.customerTable.horizontalHeader()
        self._settings.setValue(
            app_settings_mod.profile_key(self.profile.name, "header"), header.saveState()
        )
        self._settings.setValue(
            app_settings_mod.profile_key(self.profile.name, "geometry"), self.saveGeometry()
        )
        self._settings.sync()

    def focus_search(self) -> None:
        self.customerSearch.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.customerSearch.selectAll()

    #: more selected rows than this are not remembered through a search (ids by row)
    KEEP_SELECTION_MAX = 500

    @Slot()
    def _remember_selection(self) -> None:
        """Before a layout change: the current and selected customers, by id. Kept as
        they are while the current row is hidden by the search."""
        row = self.model.row_at(self.customerTable.currentIndex().row())
        if row is None:
            return
        self._kept_current = row.id
        selection = self.customerTable.selectionModel()
        ranges = selection.selection() if selection is not None else []
        if sum(r.height() for r in ranges) > self.KEEP_SELECTION_MAX:  # type: ignore[attr-defined]
            self._kept_selected = []
            return
        positions = {p for r in ranges for p in range(r.top(), r.bottom() + 1)}  # type: ignore[attr-defined]
        self._kept_selected = [
            row.id for row in map(self.model.row_at, sorted(positions)) if row is not None
        ]

    @Slot()
    def _restore_selection(self) -> None:
        """After a layout change that dropped the current row: bring back the kept
        customers once they are shown again."""
        if self._kept_current is None or self.customerTable.currentIndex().isValid():
            return
        pos = self.model.row_of_id(self._kept_current)
        selection = self.customerTable.selectionModel()
        if pos < 0 or selection is None:
            return
        flags = QItemSelectionModel.SelectionFlag
        block = QItemSelection()
        last = self.model.columnCount() - 1
        for tid in self._kept_selected:
            p = pos if tid == self._kept_current else self.model.row_of_id(tid)
            if p >= 0:
                block.select(self.model.index(p, 0), self.model.index(p, last))
        selection.select(block, flags.Select | flags.Rows)
        selection.setCurrentIndex(self.model.index(pos, 0), flags.NoUpdate)

    def selected_positions(self) -> list[int]:
        selection = self.customerTable.selectionModel()
        return sorted(index.row() for index in selection.selectedRows())

    def visible_columns(self) -> list[int]:
        header = self.customerTable.horizontalHeader()
        cols = [c for c in range(COLUMN_COUNT) if not header.isSectionHidden(c)]
        return sorted(cols, key=header.visualIndex)
