"""The customers window (docs/architecture.md §2–§4).

Toolbar (Sync, Cancel, search, "Show my protection only"), a message banner,
the customer table and a status bar (profile, cache age, progress, last result).
No HTTP and no SQL beyond small reads here: the cache is read and synced on
worker threads (``desktop.models.sync_worker``) and the rows are swapped in.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QWidget,
)

from desktop.models import settings as app_settings_mod
from desktop.models.customer_table import (
    CustomerTableModel,
)
from desktop.models.preload import CachePreload
from desktop.models.profile_session import ProfileSession
from desktop.models.sync_worker import CacheLoader, SyncWorker, ThreadPool
from desktop.services.profiles import Profile
from desktop.views import icons
from desktop.views.sync_messages import Failure
from desktop.views.window_dialogs import DialogLauncher
from desktop.views.window_export import TableExport
from desktop.views.window_layout import WindowLayout
from desktop.views.window_state import ViewState, describe_cache_age, describe_when
from desktop.views.window_sync import SyncControl

__all__ = ["MainWindow", "describe_cache_age", "describe_when"]

log = logging.getLogger("partner_desk.gui")

_CTX = "MainWindow"


class MainWindow(WindowLayout, SyncControl, ViewState, TableExport, DialogLauncher):
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
        session: ProfileSession | None = None,
    ) -> None:
        """``session``: the profile's data gateway, built by the composition root
        (``desktop.gui``); a window built without one (tests, scripts) makes its own
        from ``secret_lookup``."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.app_icon())
        self.profile = profile
        self.autosync = autosync
        self._secret_lookup = secret_lookup
        self._profile_opener = profile_opener
        if session is None or session.profile.cache_path != profile.cache_path:
            session = ProfileSession.standalone(profile, secret_lookup=secret_lookup, parent=self)
        self.session = session
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

    # ------------------------------------------------------------ profile / cache

    def _open(self, profile: Profile) -> None:
        self.profile = profile
        if self.session.profile is not profile or self.session.closed:
            self.session = self.session.for_profile(profile)
        # the capabilities are read with the rows (_on_cache_loaded)
        self.customerActions.set_session(self.session, load=False)
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
        sync and drop the reads still on their way; ``switch_profile`` opens it again."""
        if self._sync_worker is not None:
            self._sync_worker.cancel()
            self._sync_worker = None
            self._reset_sync_controls()
        self.session.close()

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
        self._stop_team_feed()
        self.banner.hide()
        self.model.set_rows([])
        self._open(profile)

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

        # Once the full table is on screen: the profile's capabilities (read off the GUI
        # thread) enable the actions; then the rows count as loaded, the insight extras
        # are read and the sync (or the team feed) starts.
        after_next_paint(self.customerTable.viewport(), self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._closing:
            return
        self.customerActions.reload_capabilities(then=self._on_capabilities_loaded)

    def _on_capabilities_loaded(self) -> None:
        if self._closing:
            return
        self.cacheLoaded.emit()
        if self.profile.is_team:
            self._start_team_feed()
        elif self.autosync:
            self.start_sync()

    def show_message(self, text: str, *, retry: bool = True, edit_profile: bool = False) -> None:
        """Non-modal message above the table (never a modal box during normal work)."""
        self.bannerText.setText(text)
        self.retryButton.setVisible(retry)
        self.editProfileButton.setVisible(edit_profile)
        self.banner.show()

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
        self.customerInsights.cancel()
        self._threads.shutdown()
        self._sync_worker = None
        for dialog in list(self._contact_dialogs.values()):
            dialog.close()
        self.session.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
