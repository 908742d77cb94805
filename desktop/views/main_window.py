"""The customers window (docs/architecture.md §2–§4).

Toolbar (Sync, Cancel, search, "Show my protection only"), a message banner,
the customer table and a status bar (profile, cache age, progress, last result).
No HTTP and no SQL beyond small reads here: the cache is read and synced on
worker threads (``desktop.models.sync_worker``) and the rows are swapped in.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import theme as themes
from desktop.models import settings as app_settings_mod
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
    CustomerTableModel,
)
from desktop.models.preload import CachePreload
from desktop.models.sync_worker import CacheLoader, SyncWorker, ThreadPool, deferred_config
from desktop.services import export as export_cells
from desktop.services.profiles import Profile
from desktop.views import icons
from desktop.views.action_reasons import count_text
from desktop.views.frozen_table import FrozenNameTableView
from desktop.views.plain import plain_label, plain_tooltip
from desktop.views.progress import SingleLineProgressBar
from desktop.views.sync_messages import Failure, event_text, failure
from desktop.views.table_overlay import TableOverlay

log = logging.getLogger("partner_desk.gui")

_CTX = "MainWindow"


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


class MainWindow(QMainWindow):
    """The Customers page."""

    #: Emitted after the cached rows of a profile are in the table.
    cacheLoaded = Signal()
    #: Emitted after a sync ended (the SyncSummary).
    syncFinished = Signal(object)

    def __init__(
        self,
        profile: Profile,
        *,
        autosync: bool = True,
        secret_lookup: Callable[[Profile], str | None] | None = None,
        profile_opener: Callable[[str], Profile | None] | None = None,
        preload: CachePreload | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.app_icon())
        self.profile = profile
        self.autosync = autosync
        self._secret_lookup = secret_lookup
        self._profile_opener = profile_opener
        self._threads = ThreadPool(self)
        self._sync_worker: SyncWorker | None = None
        self._loader: CacheLoader | CachePreload | None = None
        self._preload = preload  # rows already being read (desktop.gui.run_gui)
        self._team_feed: Any = None  # a team profile's LISTEN/NOTIFY feed (models/team_worker)
        self._loading = False
        self._offline = False
        self._last_ok: dt.datetime | None = None
        self._failure: Failure | None = None  # the last sync's failure, translated
        self._contact_dialogs: dict[str, QWidget] = {}
        self._gui_cache: Any = None
        self._closing = False
        self._settings = app_settings_mod.app_settings()

        self.model = CustomerTableModel(self)
        self.model.set_status_icons(icons.status_icons(), icons.managed_order_icon())
        self.model.set_link_color(self.palette().link().color())

        self._build_actions()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self._build_menus()
        self._build_customer_actions()
        self._build_insights()

        self.model.hiddenColumnsChanged.connect(self._apply_hidden_columns)
        # A search that hides the selected customers must not forget them: they are
        # selected again when a later search (or clearing it) shows them again.
        self._kept_current: str | None = None
        self._kept_selected: list[str] = []
        self.model.layoutAboutToBeChanged.connect(self._remember_selection)
        self.model.layoutChanged.connect(self._restore_selection)
        self.model.visibleRowsChanged.connect(self._update_count)
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(30_000)
        self._age_timer.timeout.connect(self._update_age)
        self._age_timer.start()

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

        my_only = app_settings_mod.read_bool(self._settings, app_settings_mod.MY_PROTECTION_ONLY)
        show_removed = app_settings_mod.read_bool(self._settings, app_settings_mod.SHOW_REMOVED)
        self.myProtectionOnly.setChecked(my_only)
        self.model.set_my_protection_only(my_only)
        self.showRemovedAction.setChecked(show_removed)
        self.model.set_show_removed(show_removed)
        self.showTenantIdAction.setChecked(
            app_settings_mod.read_bool(self._settings, app_settings_mod.SHOW_TENANT_ID)
        )
        self.resize(1280, 800)
        self._open(profile)

    # ------------------------------------------------------------ building

    def _build_actions(self) -> None:
        style = self.style()
        self.syncAction = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload), self.tr("Sync"), self
        )
        self.syncAction.setObjectName("syncAction")
        self.syncAction.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.syncAction.setToolTip(self.tr("Fetch the latest customers and licences (F5)"))
        self.syncAction.triggered.connect(self.start_sync)

        self.cancelSyncAction = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserStop), self.tr("Cancel"), self
        )
        self.cancelSyncAction.setObjectName("cancelSyncAction")
        self.cancelSyncAction.setToolTip(self.tr("Stop the running sync; the cached data stays"))
        self.cancelSyncAction.setEnabled(False)
        self.cancelSyncAction.triggered.connect(self.cancel_sync)

        self.exportAction = QAction(self.tr("Export visible rows…"), self)
        self.exportAction.setObjectName("exportAction")
        self.exportAction.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        self.exportAction.triggered.connect(self._export_dialog)

        self.profilesAction = QAction(self.tr("Profiles…"), self)
        self.profilesAction.setObjectName("profilesAction")
        self.profilesAction.triggered.connect(self.show_profiles)

        self.settingsAction = QAction(self.tr("Settings…"), self)
        self.settingsAction.setObjectName("settingsAction")
        self.settingsAction.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Comma))
        self.settingsAction.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settingsAction.triggered.connect(self.show_settings)

        self.quitAction = QAction(self.tr("Quit"), self)
        self.quitAction.setObjectName("quitAction")
        self.quitAction.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        self.quitAction.setMenuRole(QAction.MenuRole.QuitRole)
        self.quitAction.triggered.connect(self.close)

        self.myProtectionAction = QAction(self.tr("Show my protection only"), self)
        self.myProtectionAction.setObjectName("myProtectionOnlyAction")
        self.myProtectionAction.setCheckable(True)

        self.showRemovedAction = QAction(self.tr("Show removed customers"), self)
        self.showRemovedAction.setObjectName("showRemovedAction")
        self.showRemovedAction.setCheckable(True)
        self.showRemovedAction.toggled.connect(self._set_show_removed)

        self.showTenantIdAction = QAction(self.tr("Show tenant ID column"), self)
        self.showTenantIdAction.setObjectName("showTenantIdAction")
        self.showTenantIdAction.setCheckable(True)
        self.showTenantIdAction.toggled.connect(self._set_show_tenant_id)

        self.shortcutsAction = QAction(self.tr("Keyboard shortcuts"), self)
        self.shortcutsAction.setObjectName("shortcutsAction")
        self.shortcutsAction.triggered.connect(self._show_shortcuts)
        self.aboutAction = QAction(self.tr("About Partner Desk"), self)
        self.aboutAction.setObjectName("aboutAction")
        self.aboutAction.setMenuRole(QAction.MenuRole.AboutRole)
        self.aboutAction.triggered.connect(self._show_about)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main toolbar"), self)
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
        self.customerSearch.setPlaceholderText(self.tr("Search customers"))
        self.customerSearch.setAccessibleName(self.tr("Search customers"))
        self.customerSearch.setToolTip(
            self.tr("Name, display name, contact email or tenant ID (Ctrl+F; Esc clears)")
        )
        self.customerSearch.setClearButtonEnabled(True)
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
                button.setAccessibleName(self.tr("Clear search"))
            else:
                button.setAccessibleName(self.tr("Search"))
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.customerSearch)
        esc.setContext(Qt.ShortcutContext.WidgetShortcut)
        esc.activated.connect(self.customerSearch.clear)
        bar.addWidget(self.customerSearch)

        spacer = QWidget()
        spacer.setFixedWidth(16)
        bar.addWidget(spacer)
        self.myProtectionOnly = QCheckBox(self.tr("Show my protection only"))
        self.myProtectionOnly.setObjectName("myProtectionOnly")
        self.myProtectionOnly.setAccessibleName(self.tr("Show my protection only"))
        self.myProtectionOnly.setToolTip(
            self.tr(
                "Show active protection only: hide licence columns with no active, "
                "expiring or trial licence and leave inactive cells blank"
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
        self.retryButton = QPushButton(self.tr("Retry"))
        self.retryButton.setObjectName("retryButton")
        self.retryButton.setAccessibleName(self.tr("Retry the sync"))
        self.retryButton.clicked.connect(self.start_sync)
        banner_layout.addWidget(self.retryButton)
        self.editProfileButton = QPushButton(self.tr("Edit profile…"))
        self.editProfileButton.setObjectName("editProfileButton")
        self.editProfileButton.setAccessibleName(self.tr("Edit this profile's secret and URLs"))
        self.editProfileButton.clicked.connect(self.edit_current_profile)
        self.editProfileButton.hide()
        banner_layout.addWidget(self.editProfileButton)
        close = QToolButton()
        close.setObjectName("bannerClose")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Hide this message"))
        close.setAccessibleName(self.tr("Hide this message"))
        close.clicked.connect(self.banner.hide)
        banner_layout.addWidget(close)
        self.banner.hide()
        layout.addWidget(self.banner)

        table = FrozenNameTableView()  # the Name column stays put when scrolling right
        self.customerTable = table
        table.setObjectName("customerTable")
        table.setAccessibleName(self.tr("Customers"))
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
        self.syncProgress.setAccessibleName(self.tr("Sync progress"))
        self.syncProgress.setMaximumWidth(320)
        self.syncProgress.setTextVisible(True)
        self.syncProgress.hide()
        self.syncStatus = QLabel()
        self.syncStatus.setObjectName("syncStatus")
        self.syncStatus.setAccessibleName(self.tr("Last sync result"))
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
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.syncAction)
        file_menu.addAction(self.cancelSyncAction)
        file_menu.addSeparator()
        file_menu.addAction(self.exportAction)
        file_menu.addAction(self.profilesAction)
        file_menu.addAction(self.settingsAction)
        file_menu.addSeparator()
        file_menu.addAction(self.quitAction)
        view_menu = menu_bar.addMenu(self.tr("&View"))
        self.viewMenu = view_menu
        view_menu.addAction(self.myProtectionAction)
        view_menu.addAction(self.showRemovedAction)
        view_menu.addSeparator()
        view_menu.addAction(self.showTenantIdAction)
        help_menu = menu_bar.addMenu(self.tr("&Help"))
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

    # ------------------------------------------------------------ insights (issue 15)

    def _build_insights(self) -> None:
        self.insightsAction = QAction(self.tr("Insights: renewals, seats, billing, changes…"), self)
        self.insightsAction.setObjectName("insightsAction")
        self.insightsAction.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.insightsAction.triggered.connect(self.show_insights)
        self.viewMenu.addSeparator()
        self.viewMenu.addAction(self.insightsAction)
        from desktop.views.customer_insights import CustomerInsights

        self.customerInsights = CustomerInsights(self)
        # the user's tags are read beside the name: shown after it by default
        header = self.customerTable.horizontalHeader()
        header.moveSection(header.visualIndex(COLUMN_COUNT - 3), 1)
        self._default_header_state = header.saveState()
        self.cacheLoaded.connect(self.customerInsights.update_tags_column)

    def show_insights(self, tab: int = 0) -> QWidget:
        """The insight views, read from the profile's cache off the GUI thread."""
        from desktop.models.sync_worker import CallWorker
        from desktop.views.insights_dialog import InsightsDialog

        def start(fn: Callable[[], Any], done: Callable[[Any, Any], None]) -> None:
            worker = CallWorker(fn)
            worker.finished.connect(done)
            self._threads.start(worker, "insights-loader")

        dialog = InsightsDialog(self.profile.cache_path, self, start_loading=start)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.tabs.setCurrentIndex(tab)
        self.syncFinished.connect(dialog.reload)  # an open window follows each sync
        dialog.show()
        return dialog

    def _secret_for(self, profile: Profile) -> str | None:
        lookup = self._secret_lookup
        if lookup is None:
            from desktop.services.credentials import SecretStore

            lookup = SecretStore().get
        return lookup(profile)

    # ------------------------------------------------------------ profile / cache

    def _open(self, profile: Profile) -> None:
        self.profile = profile
        self.customerActions.set_profile(profile, self._secret_for)
        self.setWindowTitle(self.tr("Partner Desk — {profile}").format(profile=profile.name))
        self.profileLabel.setText(self.tr("Profile: {profile}").format(profile=profile.name))
        self._offline = False
        self._last_ok = None
        self._restore_view_state()
        self.syncStatus.setText(self.tr("Loading cached customers…"))
        self._loading = True
        self._failure = None
        preload, self._preload = self._preload, None
        if preload is not None and preload.cache_path == profile.cache_path:
            # Started by run_gui before the window was built: take its rows.
            preload.finished.connect(self._on_cache_loaded)
            self._loader = preload
            preload.attach()
        else:
            loader = CacheLoader(profile.cache_path, (self.model.sort_column(),))
            loader.finished.connect(self._on_cache_loaded)
            self._loader = loader
            self._threads.start(loader, "cache-loader")
        self._update_age()
        self._update_overlay()  # "Reading the cached customers…" until the rows are in

    def release_cache(self) -> None:
        """Stop using the open profile's cache file (before it is deleted): cancel the
        sync and close the small-reads connection; ``switch_profile`` opens it again."""
        if self._sync_worker is not None:
            self._sync_worker.cancel()
            self._sync_worker = None
            self._reset_sync_controls()
        self._close_gui_cache()

    def switch_profile(self, profile: Profile) -> None:
        """Re-open the window's data on another profile."""
        if self._sync_worker is not None:
            # Detach the old profile's sync: it finishes in the background and
            # its result is ignored (see _on_sync_finished).
            self._sync_worker.cancel()
            self._sync_worker = None
            self._reset_sync_controls()
        self._save_view_state()
        for dialog in list(self._contact_dialogs.values()):
            dialog.close()
        self._contact_dialogs.clear()
        self._close_gui_cache()
        self._stop_team_feed()
        self.banner.hide()
        self.model.set_rows([])
        self._open(profile)

    # ------------------------------------------------------------ team mode (docs/architecture.md §10)

    def _start_team_feed(self) -> None:
        """Follow the team database: catch-up, then LISTEN/NOTIFY, on a worker thread."""
        if self._closing:
            return
        if self._team_feed is not None:
            self._team_feed.refresh()
            return
        from desktop.models.team_worker import TeamFeed, team_conninfo

        feed = TeamFeed(
            self.profile.cache_path,
            team_conninfo(self.profile),
            sort_columns=(self.model.sort_column(),),
        )
        feed.rowsChanged.connect(self._on_team_rows_changed)
        feed.rowsReloaded.connect(self._on_team_rows_reloaded)
        feed.status.connect(self._on_team_status)
        self._team_feed = feed
        self.syncStatus.setText(self.tr("Connecting to the team database…"))
        self._threads.start(feed, "team-feed")

    def _stop_team_feed(self) -> None:
        if self._team_feed is not None:
            self._team_feed.cancel()
            self._team_feed = None

    @Slot(object)
    def _on_team_rows_changed(self, rows: Any) -> None:
        """New data committed on the team database: refresh only those rows (no reset)."""
        if self.sender() is not self._team_feed or self._closing:
            return
        self.model.update_rows(rows)
        self._update_count()

    @Slot(object, object)
    def _on_team_rows_reloaded(self, rows: Any, record: Any) -> None:
        if self.sender() is not self._team_feed or self._closing:
            return
        self.model.set_rows(rows)
        if record is not None:
            self._last_ok = record.finished_at
        self._update_count()
        self._update_age()

    @Slot(bool, object, str)
    def _on_team_status(self, online: bool, refreshed: Any, error: str) -> None:
        if self.sender() is not self._team_feed or self._closing:
            return
        self._offline = not online
        self.customerActions.set_online(online)
        self._update_age()
        when = describe_when(refreshed) if refreshed is not None else self.tr("never")
        if online:
            self.syncStatus.setText(self.tr("Team database: live"))
        else:
            self.syncStatus.setText(
                self.tr("Team database unreachable: showing the local copy from {when}").format(
                    when=when
                )
            )
            self.syncStatus.setToolTip(plain_tooltip(error))

    @Slot(object, object, object, object)
    def _on_cache_loaded(
        self, rows: list[Any], record: Any, note: str | None, error: str | None
    ) -> None:
        if self._closing or self.sender() is not self._loader:
            return  # closing, or a stale loader of a previous profile
        self._loader = None
        self._loading = False
        self.model.set_rows(rows)
        self._update_count()
        self._last_ok = record.finished_at if record is not None else None
        self._update_age()
        self.syncStatus.setText("")
        self._update_overlay()
        if error:
            self.show_message(
                self.tr("The cached customers could not be read: {error}").format(error=error)
            )
        elif note:
            self.show_message(note, retry=False)
        from desktop.views.after_paint import after_next_paint

        # Insight extras and the start-up sync once the full table is on screen.
        after_next_paint(self.customerTable.viewport(), self._after_cache_loaded)

    def _after_cache_loaded(self) -> None:
        if self._closing:
            return
        self.cacheLoaded.emit()
        if self.profile.is_team:
            self._start_team_feed()
        elif self.autosync:
            self.start_sync()

    def _cache(self) -> Any:
        """A cache connection for small reads on the GUI thread (contact details)."""
        if self._gui_cache is None:
            from desktop.services.cache import Cache

            try:
                self._gui_cache = Cache.open(self.profile.cache_path, verify=False)
            except Exception:
                log.warning("cache not readable for details", exc_info=True)
                return None
        return self._gui_cache

    def _close_gui_cache(self) -> None:
        if self._gui_cache is not None:
            try:
                self._gui_cache.close()
            except Exception:
                pass
            self._gui_cache = None

    # ------------------------------------------------------------ sync

    def is_syncing(self) -> bool:
        return self._sync_worker is not None

    def start_sync(self) -> None:
        if self._sync_worker is not None or self._closing:
            return
        if self.profile.is_team:  # a team desktop never calls the API: reconnect instead
            self._start_team_feed()
            return
        lookup = self._secret_lookup
        if lookup is None:
            from desktop.services.credentials import SecretStore

            lookup = SecretStore().get
        secret = lookup(self.profile)
        if not secret:
            self._offline = True
            self._update_age()
            self.show_message(
                self.tr(
                    "No client secret is stored for the profile {profile}. "
                    "Open File › Profiles… to enter it."
                ).format(profile=self.profile.name),
                retry=False,
                edit_profile=True,
            )
            self._update_overlay()
            return
        config = deferred_config(self.profile, secret)  # built on the worker thread
        worker = SyncWorker(
            self.profile.cache_path, config, sort_columns=(self.model.sort_column(),)
        )
        worker.progress.connect(self._on_sync_progress)
        worker.finished.connect(self._on_sync_finished)
        worker.rowsReloaded.connect(self._on_sync_rows_reloaded)
        worker.rowsChanged.connect(self._on_sync_rows_changed)
        self._sync_worker = worker
        self.syncAction.setEnabled(False)
        self.cancelSyncAction.setEnabled(True)
        self.retryButton.setEnabled(False)
        self.syncProgress.setRange(0, 0)
        self.syncProgress.setFormat(self.tr("Connecting…"))
        self.syncProgress.show()
        self.syncStatus.setText(self.tr("Syncing…"))
        self._failure = None
        self._update_overlay()
        self._threads.start(worker, "sync")

    def cancel_sync(self) -> None:
        if self._sync_worker is not None:
            self._sync_worker.cancel()
            self.cancelSyncAction.setEnabled(False)
            self.syncStatus.setText(self.tr("Cancelling…"))

    @Slot(str, int, object, object)
    def _on_sync_progress(self, phase: str, done: int, total: Any, event: Any) -> None:
        if self._sync_worker is None or self.sender() is not self._sync_worker:
            return
        if isinstance(total, int) and total > 0:
            self.syncProgress.setRange(0, total)
            self.syncProgress.setValue(min(done, total))
        else:
            self.syncProgress.setRange(0, 0)
        self.syncProgress.setFormat(self._phase_text(phase))
        message = event_text(event)  # translated from the event's message id
        self.syncProgress.setToolTip(plain_tooltip(message))
        if phase == "licences" and isinstance(total, int):
            # What is fresh and what is still being refreshed (the table's "Last synced"
            # column shows when each customer's licences were fetched).
            self.syncStatus.setText(
                self.tr(
                    "Customer list up to date · licences refreshed for {done} of {total} customers"
                ).format(done=count_text(done), total=count_text(total))
            )
        else:
            self.syncStatus.setText(message)
        self._update_overlay(phase, done, total, event)

    @Slot(object, object)
    def _on_sync_rows_reloaded(self, rows: Any, record: Any) -> None:
        """The tenant list committed: every customer, with the licences known before."""
        if self._sync_worker is None or self.sender() is not self._sync_worker or self._closing:
            return
        self.model.set_rows(rows)
        self._update_count()
        self._update_overlay()

    @Slot(object)
    def _on_sync_rows_changed(self, rows: Any) -> None:
        """A licence batch committed: refresh only its rows (no reset)."""
        if self._sync_worker is None or self.sender() is not self._sync_worker or self._closing:
            return
        self.model.update_rows(rows)
        if self.tableOverlay.isVisible():  # the first rows may arrive this way too
            self._update_overlay()

    def _phase_text(self, phase: str) -> str:
        texts = {
            "connect": self.tr("Connecting…"),
            "tenants": self.tr("Customers %v/%m"),
            "licences": self.tr("Licences %v/%m"),
            "groups": self.tr("Groups…"),
            "billing": self.tr("Billing usage…"),
            "save": self.tr("Saving…"),
            "done": self.tr("Done"),
        }
        return texts.get(phase, phase)

    @Slot(object, object, object)
    def _on_sync_finished(self, summary: Any, rows: Any, record: Any) -> None:
        if self.sender() is not self._sync_worker:
            return  # a sync of a profile that is no longer open
        self._sync_worker = None
        if self._closing:
            return
        self._reset_sync_controls()
        if rows is not None:
            self.model.set_rows(rows)
        if record is not None:
            self._last_ok = record.finished_at
        status = getattr(summary, "status", "failed")
        if status == "ok":
            self._offline = False
            self.banner.hide()
            self.syncStatus.setText(
                self.tr("{new} new, {removed} removed, {changed} changed").format(
                    new=count_text(summary.new),
                    removed=count_text(summary.removed),
                    changed=count_text(summary.changed),
                )
            )
            tip = self.tr(
                "{customers} customers, {licences} licences, {not_manageable} not manageable, "
                "{seconds} s"
            ).format(
                customers=count_text(summary.customers),
                licences=count_text(summary.licences),
                not_manageable=count_text(summary.not_manageable),
                seconds=f"{summary.seconds:.1f}",
            )
            if summary.warnings:  # technical, in English: the log has them
                log.info("sync notes: %s", "; ".join(summary.warnings[:50]))
                tip += "\n" + self.tr(
                    "{count} items of the server's answers were skipped (details in the log)"
                ).format(count=count_text(len(summary.warnings)))
            if getattr(summary, "stale", 0):
                tip += "\n" + self.tr(
                    "{stale} customers kept their previous licences (their licence request "
                    "failed); the next sync refreshes them first"
                ).format(stale=count_text(summary.stale))
            self.syncStatus.setToolTip(plain_tooltip(tip))
        elif status == "cancelled":
            self.syncStatus.setText(self.tr("Sync cancelled — what it saved so far is kept"))
            self.syncStatus.setToolTip("")
        elif status == "busy":
            # Not a failure: another process (a scheduled sync, a second window) is syncing.
            self.syncStatus.setText(
                self.tr("A sync of this profile is already running — showing the cached data")
                if self._has_cache()
                else self.tr(
                    "A sync of this profile is already running elsewhere — no customers "
                    "cached yet; sync again when it has ended"
                )
            )
            self.syncStatus.setToolTip("")
        else:
            # Say what happened and what to do; "offline" only when the server could
            # not be reached, "showing the cached data" only when there is some.
            log.warning("sync failed (%s): %s", getattr(summary, "error_id", None), summary.error)
            meaning = failure(summary, profile=self.profile.name, has_cache=self._has_cache())
            self._failure = meaning
            self._offline = meaning.offline
            self.syncStatus.setText(meaning.status)
            self.syncStatus.setToolTip(plain_tooltip(meaning.detail))
            self.show_message(meaning.detail, edit_profile=meaning.edit_profile)
        self._update_age()
        self._update_overlay()
        self.syncFinished.emit(summary)

    def _reset_sync_controls(self) -> None:
        self.syncAction.setEnabled(True)
        self.cancelSyncAction.setEnabled(False)
        self.retryButton.setEnabled(True)
        self.syncProgress.hide()

    def show_message(self, text: str, *, retry: bool = True, edit_profile: bool = False) -> None:
        """Non-modal message above the table (never a modal box during normal work)."""
        self.bannerText.setText(text)
        self.retryButton.setVisible(retry)
        self.editProfileButton.setVisible(edit_profile)
        self.banner.show()

    def _has_cache(self) -> bool:
        return self.model.total_count() > 0 or self._last_ok is not None

    def _update_overlay(
        self, phase: str = "", done: int = 0, total: Any = None, event: Any = None
    ) -> None:
        """Over an empty table: first-sync progress, or why there are no customers."""
        overlay = self.tableOverlay
        if self.model.total_count() > 0:
            overlay.hide()
            return
        if self._loading:
            overlay.show_message(self.tr("Reading the cached customers…"), "")
        elif self._sync_worker is not None:
            title = self.tr("First sync: fetching your customers")
            count = total if isinstance(total, int) and total > 0 else None
            if phase == "tenants" and done:
                detail = overlay.counts_text(phase, self.tr("Customers"), done, count)
            elif phase == "licences" and done:
                detail = overlay.counts_text(phase, self.tr("Licences"), done, count)
            elif event is not None:
                detail = event_text(event)
            else:
                detail = self.tr("Connecting…")
            overlay.show_progress(
                title,
                detail
                + "\n"
                + self.tr("The customers appear here as soon as their list is complete."),
                done,
                count,
            )
        elif self._failure is not None:
            overlay.show_message(self.tr("No customers cached yet"), self._failure.detail)
        elif self._last_ok is not None:
            overlay.show_message(
                self.tr("No customers"), self.tr("The last sync found no customers.")
            )
        else:
            overlay.show_message(
                self.tr("No customers cached yet"),
                self.tr("Sync (F5) fetches them from the Partner API."),
            )

    def edit_current_profile(self) -> QWidget:
        """File › Profiles… with the open profile ready to edit (its secret first)."""
        from desktop.views.profiles_dialog import ProfilesDialog

        dialog = ProfilesDialog(current=self.profile.name, parent=self)
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
        from desktop.services.profiles import ProfileStore

        profile = ProfileStore().get(new_name)
        if profile is None:
            return
        self.profile = profile
        self.customerActions.set_profile(profile, self._secret_for)
        self.setWindowTitle(self.tr("Partner Desk — {profile}").format(profile=profile.name))
        self.profileLabel.setText(self.tr("Profile: {profile}").format(profile=profile.name))
        self.banner.hide()
        self.start_sync()

    def _update_age(self) -> None:
        if self._loading and self._last_ok is None:
            self.cacheAge.setText(self.tr("reading cache…"))
            return
        self.cacheAge.setText(describe_cache_age(self._last_ok, offline=self._offline))

    def _update_count(self) -> None:
        if self._loading:
            self.rowCount.setText(self.tr("reading cache…"))
            return
        shown = self.model.rowCount()
        total = self.model.total_count()
        if shown == total:
            self.rowCount.setText(self.tr("{total} customers").format(total=count_text(total)))
        else:
            self.rowCount.setText(
                self.tr("{shown} of {total} customers").format(
                    shown=count_text(shown), total=count_text(total)
                )
            )

    # ------------------------------------------------------------ view state

    def _set_my_protection_only(self, on: bool) -> None:
        self.model.set_my_protection_only(on)
        if self.myProtectionAction.isChecked() != on:
            self.myProtectionAction.setChecked(on)
        self._settings.setValue(app_settings_mod.MY_PROTECTION_ONLY, on)

    def _set_show_removed(self, on: bool) -> None:
        self.model.set_show_removed(on)
        self._settings.setValue(app_settings_mod.SHOW_REMOVED, on)

    # ------------------------------------------------------------ tenant ID column

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

    # ------------------------------------------------------------ search, copy, export

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

    def copy_selection(self) -> str:
        rows = self.selected_positions()
        if not rows:
            return ""
        # neutralised against spreadsheet formulas, control characters stripped (issue 12)
        text = export_cells.tsv_text(self.model.table_text(rows, self.visible_columns()))
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(
            self.tr("Rows copied: {count}").format(count=count_text(len(rows))), 3000
        )
        return text

    def export_visible(self, path: Path) -> int:
        """The visible rows as CSV (UTF-8 with BOM), cells neutralised against formulas."""
        columns = self.visible_columns()
        if COL_TENANT_ID not in columns:  # rows that share a name stay apart in the file
            columns.append(COL_TENANT_ID)
        lines = self.model.table_text(range(self.model.rowCount()), columns)
        buf = io.StringIO()
        export_cells.write_csv(buf, lines)
        export_cells.write_text_atomic(path, buf.getvalue(), encoding="utf-8-sig")
        return len(lines) - 1

    def _export_dialog(self) -> None:
        suggested = str(Path.home() / "customers.csv")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export visible rows"), suggested, self.tr("CSV files (*.csv)")
        )
        if not path:
            return
        try:
            count = self.export_visible(Path(path))
        except OSError as exc:
            self.show_message(
                self.tr("The file could not be written: {error}").format(
                    error=getattr(exc, "message", None) or exc.strerror
                ),
                retry=False,
            )
            return
        self.statusBar().showMessage(
            self.tr("Exported {count} rows to {path}").format(count=count_text(count), path=path),
            5000,
        )

    # ------------------------------------------------------------ contact dialog

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
        tenant = None
        cache = self._cache()
        if cache is not None:
            try:
                tenant = cache.tenant(row.id)
            except Exception:
                log.warning("tenant %s not readable", row.id, exc_info=True)
        dialog = ContactDialog(
            row, tenant, self, rename_reason=self.customerActions.rename_reason(row)
        )
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

    # ------------------------------------------------------------ dialogs

    def show_profiles(self) -> None:
        from desktop.views.profiles_dialog import ProfilesDialog

        dialog = ProfilesDialog(current=self.profile.name, parent=self)
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
        opener = self._profile_opener
        if opener is None:
            from desktop.services.profiles import ProfileStore

            opener = ProfileStore().get
        profile = opener(name)
        if profile is None:
            self.show_message(
                self.tr("The profile {name} no longer exists.").format(name=name), retry=False
            )
            return
        try:
            from desktop.services.profiles import ProfileStore

            ProfileStore().set_last_used(profile.name)
        except OSError:
            pass
        self.switch_profile(profile)

    def _show_shortcuts(self) -> None:
        rows = [
            ("F5", self.tr("Sync now")),
            ("Ctrl+F", self.tr("Search customers")),
            ("Esc", self.tr("Clear the search (in the search box)")),
            ("Enter", self.tr("Contact details of the current customer")),
            ("Ctrl+C", self.tr("Copy the selected rows")),
            ("Ctrl+E", self.tr("Export visible rows to CSV")),
            ("Ctrl+I", self.tr("Customer details: groups and licences")),
            ("F2", self.tr("Rename the selected customer")),
            ("Ctrl+L", self.tr("Launch the customer's Sophos Central")),
            ("Ctrl+B", self.tr("Update billing type")),
            ("Del", self.tr("Unlink the selected customers (in the table)")),
            ("Ctrl+N", self.tr("Create a monthly account")),
            ("Ctrl+,", self.tr("Settings: language and theme")),
            ("Ctrl+Q", self.tr("Quit")),
        ]
        body = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
        box = QMessageBox(self)
        box.setObjectName("shortcutsDialog")
        box.setWindowTitle(self.tr("Keyboard shortcuts"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<table>{body}</table>")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Partner Desk"),
            self.tr(
                "Partner Desk — the Sophos Central Partner customer list on your desktop, "
                "fast and available offline."
            ),
        )

    # ------------------------------------------------------------ shutdown

    def shutdown(self) -> None:
        """Cancel work, stop every thread and wait for it (idempotent)."""
        if not self._closing:
            self._closing = True
            try:
                self._save_view_state()
            except Exception:
                log.warning("view state not saved", exc_info=True)
        if self._sync_worker is not None:
            self._sync_worker.cancel()
        self._age_timer.stop()
        self.customerActions.shutdown()
        self._threads.shutdown()
        self._sync_worker = None
        for dialog in list(self._contact_dialogs.values()):
            dialog.close()
        self._close_gui_cache()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
