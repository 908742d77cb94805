"""What the parts of the main window share: its attributes and the methods one part
calls on another (docs/architecture.md §1: one job per module).

:class:`~desktop.views.main_window.MainWindow` is composed of the parts
``WindowLayout`` (widgets), ``SyncControl`` (sync and team feed), ``ViewState``
(filters, columns, selection, counts), ``TableExport`` (copy and CSV) and
``DialogLauncher`` (dialogs). Each part derives from :class:`WindowBase`, which only
declares, for the type checker, what the window owns; it adds no behaviour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QTimer, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.models.customer_table import CustomerTableModel
    from desktop.models.profile_session import ProfileSession
    from desktop.models.sync_worker import SyncWorker, ThreadPool
    from desktop.services.profiles import Profile
    from desktop.views.customer_actions import CustomerActions
    from desktop.views.customer_insights import CustomerInsights
    from desktop.views.frozen_table import FrozenNameTableView
    from desktop.views.progress import SingleLineProgressBar
    from desktop.views.sync_messages import Failure
    from desktop.views.table_overlay import TableOverlay


class WindowBase(QMainWindow):
    """Declarations only: the state of the main window its parts work on."""

    if TYPE_CHECKING:
        cacheLoaded: SignalInstance
        syncFinished: SignalInstance

        profile: Profile
        session: ProfileSession
        autosync: bool
        model: CustomerTableModel
        customerActions: CustomerActions
        customerInsights: CustomerInsights
        _threads: ThreadPool
        _sync_worker: SyncWorker | None
        _team_feed: Any
        _loading: bool
        _offline: bool
        _closing: bool
        _last_ok: dt.datetime | None
        _failure: Failure | None
        _contact_dialogs: dict[str, QWidget]
        _settings: QSettings
        _kept_current: str | None
        _kept_selected: list[str]
        _age_timer: QTimer
        _default_header_state: QByteArray
        _tenant_id_width: int
        _profile_opener: Callable[[str], Profile | None] | None

        # widgets (docs/architecture.md §4)
        syncAction: QAction
        cancelSyncAction: QAction
        exportAction: QAction
        profilesAction: QAction
        settingsAction: QAction
        quitAction: QAction
        myProtectionAction: QAction
        showRemovedAction: QAction
        showTenantIdAction: QAction
        shortcutsAction: QAction
        aboutAction: QAction
        insightsAction: QAction
        customerSearch: QLineEdit
        myProtectionOnly: QCheckBox
        banner: QFrame
        bannerText: QLabel
        retryButton: QPushButton
        editProfileButton: QPushButton
        customerTable: FrozenNameTableView
        tableOverlay: TableOverlay
        profileLabel: QLabel
        cacheAge: QLabel
        rowCount: QLabel
        syncProgress: SingleLineProgressBar
        syncStatus: QLabel
        viewMenu: QMenu

        # methods one part calls on another
        def show_message(
            self, text: str, *, retry: bool = True, edit_profile: bool = False
        ) -> None: ...
        def start_sync(self) -> None: ...
        def cancel_sync(self) -> None: ...
        def shutdown(self) -> None: ...
        def switch_profile(self, profile: Profile) -> None: ...
        def open_contact(self, position: int) -> QWidget | None: ...
        def show_profiles(self) -> None: ...
        def show_settings(self) -> QWidget: ...
        def show_insights(self, tab: int = 0) -> QWidget: ...
        def edit_current_profile(self) -> QWidget: ...
        def copy_selection(self) -> str: ...
        def focus_search(self) -> None: ...
        def selected_positions(self) -> list[int]: ...
        def visible_columns(self) -> list[int]: ...
        def _cache(self) -> Any: ...
        def _export_dialog(self) -> None: ...
        def _show_shortcuts(self) -> None: ...
        def _show_about(self) -> None: ...
        def _open_current_contact(self) -> None: ...
        def _on_clicked(self, index: Any) -> None: ...
        def _header_context_menu(self, pos: Any) -> None: ...
        def _set_my_protection_only(self, on: bool) -> None: ...
        def _set_show_removed(self, on: bool) -> None: ...
        def _set_show_tenant_id(self, on: bool) -> None: ...
        def _apply_hidden_columns(self) -> None: ...
        def _restore_view_state(self) -> None: ...
        def _save_view_state(self) -> None: ...
        def _update_age(self) -> None: ...
        def _update_count(self) -> None: ...
        def _update_overlay(
            self, phase: str = "", done: int = 0, total: Any = None, event: Any = None
        ) -> None: ...
        def _switch_to_name(self, name: str) -> None: ...
        def _on_profile_edited(self, old_name: str, new_name: str) -> None: ...
        def _show_status(self, text: str, ms: int = 0) -> None: ...
        def _stop_team_feed(self) -> None: ...
        def _start_team_feed(self) -> None: ...
        def _reset_sync_controls(self) -> None: ...
