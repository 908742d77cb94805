"""The main window's widgets: actions, toolbar, table, banner, status bar and menus
(docs/architecture.md §4: the object names tests and accessibility rely on).

A part of :class:`~desktop.views.main_window.MainWindow` (one job per module).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import theme as themes
from desktop.models.customer_table import (
    CATEGORY_COLUMNS,
    COL_ASSISTANCE,
    COL_BILLING,
    COL_GROUPS,
    COL_NAME,
    COL_REGION,
    COL_SYNCED,
    COL_TENANT_ID,
    COLUMN_COUNT,
)
from desktop.views.frozen_table import FrozenNameTableView
from desktop.views.plain import plain_label
from desktop.views.progress import SingleLineProgressBar
from desktop.views.search_box import clear_button_without_fade
from desktop.views.table_overlay import TableOverlay
from desktop.views.window_base import WindowBase

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow

log = logging.getLogger("partner_desk.gui")


class WindowLayout(WindowBase):
    def _build_actions(self) -> None:
        style = self.style()
        self.syncAction = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
            QCoreApplication.translate("MainWindow", "Sync"),
            self,
        )
        self.syncAction.setObjectName("syncAction")
        self.syncAction.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.syncAction.setToolTip(
            QCoreApplication.translate("MainWindow", "Fetch the latest customers and licences (F5)")
        )
        self.syncAction.triggered.connect(self.start_sync)

        self.cancelSyncAction = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserStop),
            QCoreApplication.translate("MainWindow", "Cancel"),
            self,
        )
        self.cancelSyncAction.setObjectName("cancelSyncAction")
        self.cancelSyncAction.setToolTip(
            QCoreApplication.translate("MainWindow", "Stop the running sync; the cached data stays")
        )
        self.cancelSyncAction.setEnabled(False)
        self.cancelSyncAction.triggered.connect(self.cancel_sync)

        self.exportAction = QAction(
            QCoreApplication.translate("MainWindow", "Export visible rows…"), self
        )
        self.exportAction.setObjectName("exportAction")
        self.exportAction.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        self.exportAction.triggered.connect(self._export_dialog)

        self.profilesAction = QAction(QCoreApplication.translate("MainWindow", "Profiles…"), self)
        self.profilesAction.setObjectName("profilesAction")
        self.profilesAction.triggered.connect(self.show_profiles)

        self.settingsAction = QAction(QCoreApplication.translate("MainWindow", "Settings…"), self)
        self.settingsAction.setObjectName("settingsAction")
        self.settingsAction.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Comma))
        self.settingsAction.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settingsAction.triggered.connect(self.show_settings)

        self.quitAction = QAction(QCoreApplication.translate("MainWindow", "Quit"), self)
        self.quitAction.setObjectName("quitAction")
        self.quitAction.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self.quitAction.setMenuRole(QAction.MenuRole.QuitRole)
        self.quitAction.triggered.connect(self.close)

        self.myProtectionAction = QAction(
            QCoreApplication.translate("MainWindow", "Show my protection only"), self
        )
        self.myProtectionAction.setObjectName("myProtectionOnlyAction")
        self.myProtectionAction.setCheckable(True)

        self.showRemovedAction = QAction(
            QCoreApplication.translate("MainWindow", "Show removed customers"), self
        )
        self.showRemovedAction.setObjectName("showRemovedAction")
        self.showRemovedAction.setCheckable(True)
        self.showRemovedAction.toggled.connect(self._set_show_removed)

        self.showTenantIdAction = QAction(
            QCoreApplication.translate("MainWindow", "Show tenant ID column"), self
        )
        self.showTenantIdAction.setObjectName("showTenantIdAction")
        self.showTenantIdAction.setCheckable(True)
        self.showTenantIdAction.toggled.connect(self._set_show_tenant_id)

        self.shortcutsAction = QAction(
            QCoreApplication.translate("MainWindow", "Keyboard shortcuts"), self
        )
        self.shortcutsAction.setObjectName("shortcutsAction")
        self.shortcutsAction.triggered.connect(self._show_shortcuts)
        self.aboutAction = QAction(
            QCoreApplication.translate("MainWindow", "About Partner Desk"), self
        )
        self.aboutAction.setObjectName("aboutAction")
        self.aboutAction.setMenuRole(QAction.MenuRole.AboutRole)
        self.aboutAction.triggered.connect(self._show_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar(QCoreApplication.translate("MainWindow", "Main toolbar"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.syncAction)
        bar.addAction(self.cancelSyncAction)
        for action in (self.syncAction, self.cancelSyncAction):
            widget = bar.widgetForAction(action)
            if widget is not None:
                widget.setAccessibleName(action.text())
        bar.addSeparator()

        self.customerSearch = QLineEdit()
        self.customerSearch.setObjectName("customerSearch")
        self.customerSearch.setPlaceholderText(
            QCoreApplication.translate("MainWindow", "Search customers")
        )
        self.customerSearch.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Search customers")
        )
        self.customerSearch.setToolTip(
            QCoreApplication.translate(
                "MainWindow", "Name, display name, contact email or tenant ID (Ctrl+F; Esc clears)"
            )
        )
        self.customerSearch.setClearButtonEnabled(True)
        clear_button_without_fade(self.customerSearch)  # docs/architecture.md §8
        self.customerSearch.setMinimumWidth(320)
        self.customerSearch.setMaximumWidth(480)
        self.customerSearch.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.customerSearch.textChanged.connect(self.model.set_search)
        for button in self.customerSearch.findChildren(QToolButton):
            action = button.defaultAction()
            if action is not None and action.objectName() == "_q_qlineeditclearaction":
                button.setAccessibleName(QCoreApplication.translate("MainWindow", "Clear search"))
            else:
                button.setAccessibleName(QCoreApplication.translate("MainWindow", "Search"))
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.customerSearch)
        esc.setContext(Qt.ShortcutContext.WidgetShortcut)
        esc.activated.connect(self.customerSearch.clear)
        bar.addWidget(self.customerSearch)

        spacer = QWidget()
        spacer.setFixedWidth(16)
        bar.addWidget(spacer)
        self.myProtectionOnly = QCheckBox(
            QCoreApplication.translate("MainWindow", "Show my protection only")
        )
        self.myProtectionOnly.setObjectName("myProtectionOnly")
        self.myProtectionOnly.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Show my protection only")
        )
        self.myProtectionOnly.setToolTip(
            QCoreApplication.translate(
                "MainWindow",
                "Show active protection only: hide licence columns with no active, "
                "expiring or trial licence and leave inactive cells blank",
            )
        )
        self.myProtectionOnly.toggled.connect(self._set_my_protection_only)
        self.myProtectionAction.toggled.connect(self.myProtectionOnly.setChecked)
        bar.addWidget(self.myProtectionOnly)
        self.addToolBar(bar)

        focus = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        focus.activated.connect(self.focus_search)

    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.setSpacing(4)

        self.banner = QFrame()
        self.banner.setObjectName("messageBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        if themes.is_dark(self):
            banner_style = (
                "#messageBanner { background: #4a3512; border: 1px solid #b07a2a;"
                " border-radius: 4px; } #messageBanner QLabel { color: #ffe2b3; }"
            )
        else:
            banner_style = (
                "#messageBanner { background: #fff4e5; border: 1px solid #f0b968;"
                " border-radius: 4px; } #messageBanner QLabel { color: #5f3a00; }"
            )
        self.banner.setStyleSheet(banner_style)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(10, 6, 6, 6)
        self.bannerText = plain_label()  # server messages: plain text, never HTML
        self.bannerText.setObjectName("bannerText")
        self.bannerText.setWordWrap(True)
        self.bannerText.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner_layout.addWidget(self.bannerText, 1)
        self.retryButton = QPushButton(QCoreApplication.translate("MainWindow", "Retry"))
        self.retryButton.setObjectName("retryButton")
        self.retryButton.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Retry the sync")
        )
        self.retryButton.clicked.connect(self.start_sync)
        banner_layout.addWidget(self.retryButton)
        self.editProfileButton = QPushButton(
            QCoreApplication.translate("MainWindow", "Edit profile…")
        )
        self.editProfileButton.setObjectName("editProfileButton")
        self.editProfileButton.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Edit this profile's secret and URLs")
        )
        self.editProfileButton.clicked.connect(self.edit_current_profile)
        self.editProfileButton.hide()
        banner_layout.addWidget(self.editProfileButton)
        close = QToolButton()
        close.setObjectName("bannerClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(QCoreApplication.translate("MainWindow", "Hide this message"))
        close.setAccessibleName(QCoreApplication.translate("MainWindow", "Hide this message"))
        close.clicked.connect(self.banner.hide)
        banner_layout.addWidget(close)
        self.banner.hide()
        layout.addWidget(self.banner)

        table = FrozenNameTableView()  # the Name column stays put when scrolling right
        self.customerTable = table
        table.setObjectName("customerTable")
        table.setAccessibleName(QCoreApplication.translate("MainWindow", "Customers"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vheader = table.verticalHeader()
        vheader.hide()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(max(24, self.fontMetrics().height() + 10))
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(40)
        self._default_header_state = QByteArray()
        self._apply_default_widths()
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        table.setSortingEnabled(True)  # the model sorts in bulk; Qt only calls model.sort
        table.setColumnHidden(COL_TENANT_ID, True)  # hidden by default (View menu shows it)
        self._default_header_state = header.saveState()
        for column_header in (header, table.frozen.horizontalHeader()):
            column_header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            column_header.customContextMenuRequested.connect(self._header_context_menu)
        table.clicked.connect(self._on_clicked)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), table)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self._open_current_contact)
        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), table)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy_selection)
        layout.addWidget(table, 1)
        self.setCentralWidget(central)
        # Progress where the rows will be (first sync), or why there are none.
        self.tableOverlay = TableOverlay(table.viewport())

    def _apply_default_widths(self) -> None:
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("M")
        widths = {
            COL_NAME: 22 * em,
            COL_BILLING: 6 * em,
            COL_GROUPS: 9 * em,
            COL_ASSISTANCE: max(
                11 * em, fm.horizontalAdvance(self.model.column_title(COL_ASSISTANCE)) + 28
            ),
            COL_REGION: 7 * em,
            COL_SYNCED: 9 * em,
            COL_TENANT_ID: max(12 * em, fm.horizontalAdvance("0" * 36) + 16),
        }
        # Wide enough for the translated words (Italian is longer than English):
        # billing labels and licence statuses with their icon, and every header
        # with room for the sort arrow.
        widths[COL_BILLING] = max(
            widths[COL_BILLING],
            *(fm.horizontalAdvance(text) + 16 for text in self.model.billing_texts()),
        )
        status_width = max(fm.horizontalAdvance(text) + 36 for text in self.model.status_texts())
        for col in CATEGORY_COLUMNS:
            widths[col] = max(status_width, 8 * em)
        for col in list(widths):
            title = fm.horizontalAdvance(self.model.column_title(col)) + 28
            if col not in (COL_NAME, COL_TENANT_ID):  # a tenant ID is shown whole
                widths[col] = min(max(widths[col], title), 16 * em)
        for col, width in widths.items():
            self.customerTable.setColumnWidth(col, width)
        self._tenant_id_width = widths[COL_TENANT_ID]

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.profileLabel = plain_label()
        self.profileLabel.setObjectName("profileLabel")
        self.cacheAge = QLabel()
        self.cacheAge.setObjectName("cacheAge")
        self.rowCount = QLabel()
        self.rowCount.setObjectName("rowCount")
        self.rowCount.setContentsMargins(8, 0, 4, 0)  # never touching a status message
        self.syncProgress = SingleLineProgressBar()  # one line, counts grouped
        self.syncProgress.setObjectName("syncProgress")
        self.syncProgress.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Sync progress")
        )
        self.syncProgress.setMaximumWidth(320)
        self.syncProgress.setTextVisible(True)
        self.syncProgress.hide()
        self.syncStatus = QLabel()
        self.syncStatus.setObjectName("syncStatus")
        self.syncStatus.setAccessibleName(
            QCoreApplication.translate("MainWindow", "Last sync result")
        )
        self.syncStatus.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.profileLabel)
        bar.addWidget(self._separator())
        bar.addWidget(self.cacheAge)
        bar.addWidget(self._separator())
        bar.addWidget(self.syncStatus, 1)
        bar.addPermanentWidget(self.syncProgress)
        bar.addPermanentWidget(self.rowCount)

    def _separator(self) -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
        file_menu.addAction(self.syncAction)
        file_menu.addAction(self.cancelSyncAction)
        file_menu.addSeparator()
        file_menu.addAction(self.exportAction)
        file_menu.addAction(self.profilesAction)
        file_menu.addAction(self.settingsAction)
        file_menu.addSeparator()
        file_menu.addAction(self.quitAction)
        view_menu = menu_bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
        self.viewMenu = view_menu
        view_menu.addAction(self.myProtectionAction)
        view_menu.addAction(self.showRemovedAction)
        view_menu.addSeparator()
        view_menu.addAction(self.showTenantIdAction)
        help_menu = menu_bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        help_menu.addAction(self.shortcutsAction)
        help_menu.addAction(self.aboutAction)

    def _show_status(self, text: str, ms: int = 0) -> None:
        """A status-bar note cut at a word, clear of the progress bar and the counter."""
        from desktop.views.customer_actions import show_status

        show_status(self.statusBar(), text, ms, (self.syncProgress, self.rowCount))

    def _build_customer_actions(self) -> None:
        """Rename, details and groups, launch, assistance, billing, unlink, monthly
        accounts and the audit log: QActions, menus and dialogs (customer_actions.py)."""
        from desktop.views.customer_actions import CustomerActions

        self.customerActions = CustomerActions(
            self,
            self.model,
            self.customerTable,
            notify=lambda text: self.show_message(text, retry=False),
            status=self._show_status,
            contact_opener=self.open_contact,
        )
        self.customerActions.install(
            self.findChild(QToolBar, "mainToolbar"), self.menuBar(), self.viewMenu
        )

    def _build_insights(self) -> None:
        self.insightsAction = QAction(
            QCoreApplication.translate(
                "MainWindow", "Insights: renewals, seats, billing, changes…"
            ),
            self,
        )
        self.insightsAction.setObjectName("insightsAction")
        self.insightsAction.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.insightsAction.triggered.connect(self.show_insights)
        self.viewMenu.addSeparator()
        self.viewMenu.addAction(self.insightsAction)
        from desktop.views.customer_insights import CustomerInsights

        self.customerInsights = CustomerInsights(cast("MainWindow", self))
        # the user's tags are read beside the name: shown after it by default
        header = self.customerTable.horizontalHeader()
        header.moveSection(header.visualIndex(COLUMN_COUNT - 3), 1)
        self._default_header_state = header.saveState()
        self.cacheLoaded.connect(self.customerInsights.update_tags_column)
