"""The Customers page's actions in the window: QActions, menus, dialogs, results.

:class:`CustomerActions` creates one QAction per action (toolbar, menu, table
context menu, shortcuts), enables each from ``availability()`` for the selected
customers (a disabled action always says why: tooltip and status tip, with the
Partner Dashboard link in dialogs), opens the dialogs, hands the work to the
:class:`~desktop.models.actions_controller.ActionsController` (worker threads)
and shows the outcome non-modally: in the dialog that asked, or in the window's
message banner, plus a short status-bar note.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QFontMetrics, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QStatusBar, QTableView, QToolBar, QWidget

from desktop.models.action_worker import ActionOutcome
from desktop.models.actions_controller import R_TEAM_READ_ONLY, ActionsController
from desktop.services import urlpolicy
from desktop.services.actions import (
    ASSISTANCE_HELP,
    BULK_ACTIONS,
    PARTNER_DASHBOARD_URL,
    Action,
    Availability,
    UnlinkCheck,
    billing_moves,
    split_eligible,
    unlink_check,
)
from desktop.services.domain import CustomerRow
from desktop.services.profiles import ProfileKind
from desktop.views.action_reasons import (
    count_text,
    error_text,
    reason_text,
    tooltip_text,
    translate,
)
from desktop.views.assistance_dialog import AssistanceDialog
from desktop.views.audit_dialog import AuditDialog
from desktop.views.billing_dialog import BillingDialog
from desktop.views.create_account_dialog import CreateAccountDialog
from desktop.views.details_dialog import DetailsDialog
from desktop.views.launch_dialog import LaunchFailedDialog
from desktop.views.rename_dialog import RenameDialog
from desktop.views.unlink_dialog import UnlinkDialog

log = logging.getLogger("partner_desk.gui")
_CTX = "CustomerActions"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class CustomerActions(QObject):
    """Every action of the Customers page, wired to a table view and its model."""

    def __init__(
        self,
        window: QWidget,
        model: Any,
        table: QTableView,
        *,
        notify: Callable[[str], None] | None = None,
        status: Callable[[str, int], None] | None = None,
        url_opener: Callable[[QUrl], Any] | None = None,
        contact_opener: Callable[[int], Any] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.model = model
        self.table = table
        self.controller = ActionsController(model, self)
        set_busy_icon = getattr(model, "set_busy_icon", None)
        if set_busy_icon is not None:  # the hourglass on rows with an action running
            from desktop.views import icons

            set_busy_icon(icons.icon("busy"))
        self._notify = notify or (lambda _text: None)
        self._status = status or (lambda _text, _ms: None)
        self.url_opener: Callable[[QUrl], Any] = url_opener or QDesktopServices.openUrl
        self._contact_opener = contact_opener
        self._profile: Any = None
        self._pending: dict[tuple[Action, tuple[str, ...]], QWidget] = {}
        self._skipped: dict[tuple[Action, tuple[str, ...]], list[Any]] = {}
        self._dialogs: dict[tuple[str, str], QWidget] = {}
        self.last_message = ""
        self._build_actions()
        self.controller.actionStarted.connect(self._on_started)
        self.controller.actionFinished.connect(self._on_finished)
        self.controller.busyChanged.connect(self.refresh)
        self.controller.stateChanged.connect(self.refresh)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        self._watch_selection()
        self.refresh()

    # ------------------------------------------------------------ QActions

    def _action(
        self, name: str, text: str, shortcut: QKeySequence | None, slot: Callable[[], Any]
    ) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        ctrl = Qt.Modifier.CTRL
        self.contactAction = self._action(
            "contactAction",
            QCoreApplication.translate("CustomerActions", "Contact info"),
            None,
            self.open_contact,
        )
        self.detailsAction = self._action(
            "detailsAction",
            QCoreApplication.translate("CustomerActions", "Customer details…"),
            QKeySequence(ctrl | Qt.Key.Key_I),
            self.open_details,
        )
        self.renameAction = self._action(
            "renameAction",
            QCoreApplication.translate("CustomerActions", "Rename…"),
            QKeySequence(Qt.Key.Key_F2),
            self.open_rename,
        )
        self.launchAction = self._action(
            "launchAction",
            QCoreApplication.translate("CustomerActions", "Launch customer"),
            QKeySequence(ctrl | Qt.Key.Key_L),
            self.launch,
        )
        self.requestAssistanceAction = self._action(
            "requestAssistanceAction",
            QCoreApplication.translate("CustomerActions", "Request partner assistance"),
            None,
            self.request_assistance,
        )
        self.updateBillingAction = self._action(
            "updateBillingAction",
            QCoreApplication.translate("CustomerActions", "Update billing type…"),
            QKeySequence(ctrl | Qt.Key.Key_B),
            self.open_billing,
        )
        self.unlinkAction = self._action(
            "unlinkAction",
            QCoreApplication.translate("CustomerActions", "Unlink…"),
            QKeySequence(Qt.Key.Key_Delete),
            self.open_unlink,
        )
        # Del only while the table has the focus (never while typing in the search box).
        self.unlinkAction.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.createMonthlyAccountAction = self._action(
            "createMonthlyAccountAction",
            QCoreApplication.translate("CustomerActions", "Create monthly account…"),
            QKeySequence(ctrl | Qt.Key.Key_N),
            self.open_create_account,
        )
        self.openDashboardAction = self._action(
            "openDashboardAction",
            QCoreApplication.translate("CustomerActions", "Open Partner Dashboard"),
            None,
            self.open_dashboard,
        )
        self.openDashboardAction.setStatusTip(
            QCoreApplication.translate(
                "CustomerActions",
                "Open the Sophos Central Partner Dashboard in your browser (for what the "
                "public Partner API does not offer)",
            )
        )
        self.auditLogAction = self._action(
            "auditLogAction",
            QCoreApplication.translate("CustomerActions", "Audit log"),
            None,
            self.open_audit_log,
        )
        self._bound: dict[QAction, Action] = {
            self.contactAction: Action.CONTACT,
            self.detailsAction: Action.DETAILS,
            self.renameAction: Action.RENAME,
            self.launchAction: Action.LAUNCH,
            self.requestAssistanceAction: Action.REQUEST_ASSISTANCE,
            self.updateBillingAction: Action.UPDATE_BILLING,
            self.unlinkAction: Action.UNLINK,
            self.createMonthlyAccountAction: Action.CREATE_MONTHLY,
        }
        self._help = {
            Action.CONTACT: QCoreApplication.translate(
                "CustomerActions", "Contact details of the selected customer"
            ),
            Action.DETAILS: QCoreApplication.translate(
                "CustomerActions", "Groups and licences of the selected customer (Ctrl+I)"
            ),
            Action.RENAME: QCoreApplication.translate(
                "CustomerActions", "Change how the customer is displayed (F2)"
            ),
            Action.LAUNCH: QCoreApplication.translate(
                "CustomerActions", "Open the customer's Sophos Central in your browser (Ctrl+L)"
            ),
            Action.REQUEST_ASSISTANCE: QCoreApplication.translate(
                "CustomerActions", "Ask the customer to turn on partner assistance for you"
            ),
            Action.UPDATE_BILLING: QCoreApplication.translate(
                "CustomerActions", "Change between trial, term and monthly billing (Ctrl+B)"
            ),
            Action.UNLINK: QCoreApplication.translate(
                "CustomerActions", "Remove the selected customers from your list (Del)"
            ),
            Action.CREATE_MONTHLY: QCoreApplication.translate(
                "CustomerActions", "Create a new monthly (MSP Flex) account (Ctrl+N)"
            ),
        }

    def actions(self) -> list[QAction]:
        return [*self._bound, self.openDashboardAction, self.auditLogAction]

    def install(
        self,
        toolbar: QToolBar | None = None,
        menu_bar: QMenuBar | None = None,
        view_menu: QMenu | None = None,
    ) -> QMenu | None:
        """Add the actions to a toolbar, a "Customer" menu and View › Audit log."""
        if toolbar is not None:
            toolbar.addSeparator()
            for action in (self.detailsAction, self.launchAction, self.requestAssistanceAction):
                toolbar.addAction(action)
                widget = toolbar.widgetForAction(action)
                if widget is not None:
                    widget.setAccessibleName(action.text().rstrip("…"))
        menu = None
        if menu_bar is not None:
            menu = QMenu(QCoreApplication.translate("CustomerActions", "&Customer"), menu_bar)
            menu.setObjectName("customerMenu")
            menu.setToolTipsVisible(True)
            self._fill(menu)
            before = None
            for action in menu_bar.actions():
                if action.menu() is not None and action.text() in (
                    QCoreApplication.translate("MainWindow", "&Help"),
                    "&Help",
                ):
                    before = action
            if before is not None:
                menu_bar.insertMenu(before, menu)
            else:
                menu_bar.addMenu(menu)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.auditLogAction)
        elif menu is not None:
            menu.addSeparator()
            menu.addAction(self.auditLogAction)
        for action in self.actions():
            if action is self.unlinkAction:
                self.table.addAction(action)
            elif action not in self.window.actions():
                self.window.addAction(action)  # shortcuts work without a visible menu
        self._attach_window_signals()
        return menu

    def _attach_window_signals(self) -> None:
        """Follow the main window: capabilities after a load or sync; offline after a
        failed sync (the window shows the same state in its status bar)."""
        loaded = getattr(self.window, "cacheLoaded", None)
        if loaded is not None:
            loaded.connect(self.reload_capabilities)
        synced = getattr(self.window, "syncFinished", None)
        if synced is not None:
            synced.connect(self._on_sync_finished)

    @Slot(object)
    def _on_sync_finished(self, summary: Any) -> None:
        status = getattr(summary, "status", "")
        if status == "ok":
            self.set_online(True)
        elif status == "failed":
            self.set_online(False)
        self.reload_capabilities()

    def _fill(self, menu: QMenu) -> None:
        menu.addAction(self.contactAction)
        menu.addAction(self.detailsAction)
        menu.addAction(self.renameAction)
        menu.addSeparator()
        menu.addAction(self.launchAction)
        menu.addAction(self.requestAssistanceAction)
        menu.addSeparator()
        menu.addAction(self.updateBillingAction)
        menu.addAction(self.unlinkAction)
        menu.addSeparator()
        menu.addAction(self.createMonthlyAccountAction)
        menu.addAction(self.openDashboardAction)  # visible without console extensions

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            selection = self.table.selectionModel()
            if selection is not None and not selection.isRowSelected(index.row(), index.parent()):
                self.table.selectRow(index.row())
        menu = self.context_menu()
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self.table)
        menu.setObjectName("customerContextMenu")
        menu.setAccessibleName(QCoreApplication.translate("CustomerActions", "Customer actions"))
        menu.setToolTipsVisible(True)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._fill(menu)
        return menu

    # ------------------------------------------------------------ state

    def set_profile(self, profile: Any, secret_lookup: Callable[[Any], str | None]) -> None:
        """The profile whose cache and API the actions use."""
        self.close_dialogs()
        self._profile = profile

        def config() -> Any:
            # Imported when an action needs the API, not at start (httpx: 100-270 ms).
            from desktop.services.sync import config_for_profile

            secret = secret_lookup(profile)
            if not secret:
                return None
            try:
                return config_for_profile(profile, secret)
            except urlpolicy.UrlPolicyError:  # e.g. plain http to another host: never sign in
                return None

        self.controller.set_profile(profile.cache_path, config)
        self.controller.set_online(True)
        read_only = getattr(profile, "is_team", False) and not profile.has_api_credential
        self.controller.set_read_only(R_TEAM_READ_ONLY if read_only else None)
        self.reload_capabilities()

    def reload_capabilities(self) -> None:
        self.controller.set_capabilities(self.read(lambda c: c.capabilities(), None))

    def set_online(self, online: bool) -> None:
        self.controller.set_online(online)

    def read(self, fn: Callable[[Any], Any], default: Any = None) -> Any:
        """One small read on the GUI thread, on a connection closed right after.

        Never keep a reader connection open in this process: while the sync's
        child process rewrote the cache, a long-lived connection here made the
        post-sync read report "database disk image is malformed" (and the file
        was moved aside).
        """
        if self._profile is None:
            return default
        from desktop.services.cache import Cache

        try:
            cache = Cache.open(self._profile.cache_path, verify=False)
        except Exception:
            log.warning("cache not readable for actions", exc_info=True)
            return default
        try:
            return fn(cache)
        except Exception:
            log.warning("cache read failed", exc_info=True)
            return default
        finally:
            cache.close()

    def _watch_selection(self) -> None:
        selection = self.table.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self.refresh)
            selection.currentChanged.connect(self.refresh)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.layoutChanged.connect(self.refresh)

    _MAX_KEPT = 500  # restoring is O(rows) per id; huge selections are dropped

    def _remember_selection(self) -> None:
        rows = self.selected_rows()
        self._kept = [r.id for r in rows] if len(rows) <= self._MAX_KEPT else []
        current = self.model.row_at(self.table.currentIndex().row())
        self._kept_current = current.id if current is not None else None

    def _restore_selection(self) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        kept = getattr(self, "_kept", [])
        self._kept = []
        selection = self.table.selectionModel()
        if kept and selection is not None:
            wanted = set(kept)
            block = QItemSelection()
            last = self.model.columnCount() - 1
            for pos, row in enumerate(self.model.visible_rows()):
                if row.id in wanted:
                    block.select(self.model.index(pos, 0), self.model.index(pos, last))
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            selection.select(block, flags)
            current_id = getattr(self, "_kept_current", None)
            if current_id is not None:
                pos = self.model.row_of_id(current_id)
                if pos >= 0:
                    selection.setCurrentIndex(
                        self.model.index(pos, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                    )
        self.refresh()

    def selected_rows(self) -> list[CustomerRow]:
        selection = self.table.selectionModel()
        if selection is None:
            return []
        positions: set[int] = set()
        for block in selection.selection():  # type: ignore[attr-defined]  # ranges: fast at 100k
            positions.update(range(block.top(), block.bottom() + 1))
        rows = []
        row_at = self.model.row_at
        for pos in sorted(positions):
            row = row_at(pos)
            if row is not None:
                rows.append(row)
        if not rows:
            current = self.table.currentIndex()
            if current.isValid() and selection.isSelected(current):
                row = self.model.row_at(current.row())
                if row is not None:
                    rows.append(row)
        return rows

    def availability(
        self, action: Action, rows: Sequence[CustomerRow] | None = None
    ) -> Availability:
        return self.controller.availability(action, self.selected_rows() if rows is None else rows)

    @Slot()
    def refresh(self, *_args: object) -> None:
        """Enable each action for the selection; a disabled one says why."""
        rows = self.selected_rows()
        self.openDashboardAction.setVisible(self._dashboard_useful())
        for qaction, action in self._bound.items():
            av = self.controller.availability(action, rows)
            qaction.setEnabled(av.enabled)
            help_text = self._help.get(action, "")
            if av.enabled:
                skipped = self._skipped_note(action, rows)
                qaction.setToolTip(tooltip_text(help_text or qaction.text(), *skipped))
                qaction.setStatusTip(" ".join([help_text, *skipped[:1]]).strip())
                continue
            why = reason_text(av)
            if av.dashboard_link:
                why += " " + QCoreApplication.translate(
                    "CustomerActions", "Use the Partner Dashboard in Sophos Central instead."
                )
            if action is Action.LAUNCH and av.reason.startswith("Partner assistance is off"):
                why += " " + QCoreApplication.translate(
                    "CustomerActions", "You can ask for it with “Request partner assistance”."
                )
            qaction.setToolTip(tooltip_text(why))  # rich text: Qt wraps it
            qaction.setStatusTip(why)

    _SKIP_LISTED = 5  # customers named in a tooltip; the dialog lists them all
    _SKIP_CHECKED = 10_000  # beyond this a tooltip does not count (keeps refresh cheap)

    def _skipped_note(self, action: Action, rows: Sequence[CustomerRow]) -> list[Any]:
        """For a bulk action on a mixed selection: which customers are left out, and why."""
        if action not in BULK_ACTIONS or len(rows) < 2 or len(rows) > self._SKIP_CHECKED:
            return []
        eligible, skipped = split_eligible(action, rows)
        if not skipped:
            return []
        lead = QCoreApplication.translate(
            "CustomerActions",
            "Acts on {eligible} of the {total} selected customers; the others are left "
            "as they are:",
        ).format(eligible=count_text(len(eligible)), total=count_text(len(rows)))
        items = [
            QCoreApplication.translate("CustomerActions", "{name}: {reason}").format(
                name=row.display_name, reason=reason_text(av)
            )
            for row, av in skipped[: self._SKIP_LISTED]
        ]
        if len(skipped) > self._SKIP_LISTED:
            items.append(
                QCoreApplication.translate("CustomerActions", "{count} more").format(
                    count=count_text(len(skipped) - self._SKIP_LISTED)
                )
            )
        return [lead, items]

    # ------------------------------------------------------------ helpers

    def _one(self, action: Action) -> CustomerRow | None:
        rows = self.selected_rows()
        av = self.controller.availability(action, rows)
        if not av.enabled:
            self._say(reason_text(av))
            return None
        return rows[0] if rows else None

    def launch_allowed(self, url: str) -> bool:
        """The launch rule (``desktop.services.urlpolicy``) for the open profile."""
        profile = self._profile
        own: tuple[str, ...] = ()
        if profile is not None and getattr(profile, "kind", None) is ProfileKind.SANDBOX:
            own = (profile.identity_url, profile.global_url)
        return urlpolicy.launch_allowed(url, own_origins=own)

    def _say(self, text: str, ms: int = 6000) -> None:
        self.last_message = text
        self._status(text, ms)

    def _fail(self, text: str) -> None:
        self.last_message = text
        self._notify(text)
        self._status(text, 8000)

    def _keep(self, kind: str, key: str, dialog: QWidget) -> QWidget:
        self._dialogs[(kind, key)] = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.destroyed.connect(lambda _obj=None, k=(kind, key): self._forget(k, None))
        if hasattr(dialog, "finished"):
            dialog.finished.connect(lambda _r=0, k=(kind, key), d=dialog: self._forget(k, d))
        dialog.show()
        return dialog

    def _forget(self, key: tuple[str, str], dialog: QWidget | None) -> None:
        if dialog is None or self._dialogs.get(key) is dialog:
            self._dialogs.pop(key, None)

    def _existing(self, kind: str, key: str) -> QWidget | None:
        dialog = self._dialogs.get((kind, key))
        if dialog is not None:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
        return dialog

    def dialog(self, kind: str, key: str = "") -> QWidget | None:
        return self._dialogs.get((kind, key))

    def close_dialogs(self) -> None:
        for dialog in list(self._dialogs.values()):
            dialog.close()
        self._dialogs.clear()
        self._pending.clear()

    def _row(self, tenant_id: str) -> CustomerRow | None:
        for row in self.model.all_rows():
            if row.id == tenant_id:
                found: CustomerRow = row
                return found
        return None

    def _dashboard_useful(self) -> bool:
        """Without console extensions the Partner Dashboard is where the rest is done."""
        caps = self.controller.capabilities()
        return caps is None or not caps.extensions

    def open_dashboard(self) -> None:
        self.url_opener(QUrl(PARTNER_DASHBOARD_URL))

    # ------------------------------------------------------------ contact

    def open_contact(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self._contact_opener is not None:
            self._contact_opener(self.model.row_of_id(rows[0].id))

    # ------------------------------------------------------------ rename

    def rename_reason(self, row: CustomerRow) -> str:
        """Empty when the customer can be renamed now, else why not (for an Edit button)."""
        return reason_text(self.controller.availability(Action.RENAME, [row]))

    def open_rename_for(self, tenant_id: str, parent: QWidget | None = None) -> Any:
        """Rename from elsewhere (the contact dialog's Edit button)."""
        row = self._row(tenant_id)
        return self.open_rename(row, parent) if row is not None else None

    def open_rename(self, row: CustomerRow | None = None, parent: QWidget | None = None) -> Any:
        if row is None:
            row = self._one(Action.RENAME)
            if row is None:
                return None
        existing = self._existing("rename", row.id)
        if existing is not None:
            return existing
        av = self.controller.availability(Action.RENAME, [row])
        dialog = RenameDialog(row, av, parent or self.window)
        dialog.renameRequested.connect(lambda name, tid=row.id: self.rename(tid, name, dialog))
        return self._keep("rename", row.id, dialog)

    def rename(self, tenant_id: str, name: str, dialog: QWidget | None = None) -> Any:
        worker = self.controller.rename(tenant_id, name)
        if worker is not None and dialog is not None:
            self._pending[(Action.RENAME, (tenant_id,))] = dialog
        return worker

    # ------------------------------------------------------------ details and groups

    def open_details(self, row: CustomerRow | None = None) -> Any:
        if row is None:
            row = self._one(Action.DETAILS)
            if row is None:
                return None
        existing = self._existing("details", row.id)
        if existing is not None:
            return existing
        tenant, licences, groups = self.read(
            lambda c: (c.tenant(row.id), c.licences(row.id), c.groups()), (None, [], [])
        )
        dialog = DetailsDialog(
            row,
            tenant,
            licences,
            groups,
            add_availability=self.controller.availability(Action.ADD_TO_GROUP, [row]),
            remove_availability=self.controller.availability(Action.REMOVE_FROM_GROUP, [row]),
            parent=self.window,
        )
        dialog.set_availability(
            self.controller.availability(Action.ADD_TO_GROUP, [row]),
            self.controller.availability(Action.REMOVE_FROM_GROUP, [row]),
        )
        tid = row.id
        dialog.addToGroupRequested.connect(lambda gid: self.add_to_group(gid, [tid], dialog))
        dialog.removeFromGroupRequested.connect(
            lambda gid: self.remove_from_group(gid, tid, dialog)
        )
        return self._keep("details", row.id, dialog)

    def add_to_group(self, group_id: str, tenant_ids: Sequence[str], dialog: Any = None) -> Any:
        worker = self.controller.add_to_group(group_id, tenant_ids)
        if worker is not None and dialog is not None:
            self._pending[(Action.ADD_TO_GROUP, tuple(tenant_ids))] = dialog
        return worker

    def remove_from_group(self, group_id: str, tenant_id: str, dialog: Any = None) -> Any:
        worker = self.controller.remove_from_group(group_id, tenant_id)
        if worker is not None and dialog is not None:
            self._pending[(Action.REMOVE_FROM_GROUP, (tenant_id,))] = dialog
        return worker

    # ------------------------------------------------------------ launch / assistance

    def launch(self, row: CustomerRow | None = None) -> Any:
        if row is None:
            row = self._one(Action.LAUNCH)
            if row is None:
                return None
        return self.controller.launch(row.id)

    def request_assistance(self, row: CustomerRow | None = None) -> Any:
        """One customer: ask at once. Several: confirm in a dialog that lists who is asked
        and who is skipped (with the reason); only the customers that qualify are asked."""
        if row is not None:
            return self.controller.request_assistance(row.id)
        rows = self.selected_rows()
        av = self.controller.availability(Action.REQUEST_ASSISTANCE, rows)
        if not av.enabled:
            self._say(reason_text(av))
            return None
        if len(rows) == 1:
            return self.controller.request_assistance(rows[0].id)
        eligible, skipped = split_eligible(Action.REQUEST_ASSISTANCE, rows)
        key = ",".join(sorted(r.id for r in rows))
        existing = self._existing("assistance", key)
        if existing is not None:
            return existing
        dialog = AssistanceDialog(eligible, skipped, self.window)
        dialog.requestRequested.connect(lambda ids: self.request_assistance_many(ids, dialog))
        return self._keep("assistance", key, dialog)

    def request_assistance_many(self, tenant_ids: Sequence[str], dialog: Any = None) -> Any:
        worker = self.controller.request_assistance_many(tenant_ids)
        if worker is not None and dialog is not None:
            self._pending[(Action.REQUEST_ASSISTANCE, tuple(tenant_ids))] = dialog
        return worker

    # ------------------------------------------------------------ billing

    def open_billing(self, row: CustomerRow | None = None) -> Any:
        if row is None:
            row = self._one(Action.UPDATE_BILLING)
            if row is None:
                return None
        existing = self._existing("billing", row.id)
        if existing is not None:
            return existing
        av = self.controller.availability(Action.UPDATE_BILLING, [row])
        moves = billing_moves(row.billing_type, self.controller.capabilities())
        dialog = BillingDialog(row, moves, av, self.window)
        tid = row.id
        dialog.billingRequested.connect(
            lambda target, key: self.update_billing(tid, target, key, dialog)
        )
        return self._keep("billing", row.id, dialog)

    def update_billing(self, tenant_id: str, target: Any, key: Any, dialog: Any = None) -> Any:
        worker = self.controller.update_billing(tenant_id, target, key)
        if worker is not None and dialog is not None:
            self._pending[(Action.UPDATE_BILLING, (tenant_id,))] = dialog
        return worker

    # ------------------------------------------------------------ unlink

    def open_unlink(self, rows: Sequence[CustomerRow] | None = None) -> Any:
        if rows is None:
            rows = self.selected_rows()
            av = self.controller.availability(Action.UNLINK, rows)
            if not av.enabled:
                self._say(reason_text(av))
                return None
        rows = list(rows)
        key = ",".join(sorted(r.id for r in rows))
        existing = self._existing("unlink", key)
        if existing is not None:
            return existing
        today = dt.date.today()
        eligible, skipped = split_eligible(Action.UNLINK, rows)
        licences = self.read(lambda c: {r.id: c.licences(r.id) for r in eligible}, {})
        checks = [unlink_check(row, licences.get(row.id, []), today) for row in eligible]
        # Customers the action cannot touch (managed orders, removed, already scheduled)
        # are listed with their reason; the others are unlinked.
        checks += [UnlinkCheck(row.id, False, False, "", av.reason) for row, av in skipped]
        av = self.controller.availability(Action.UNLINK, rows)
        dialog = UnlinkDialog(rows, checks, av, self.window)
        dialog.unlinkRequested.connect(lambda ids: self.unlink(ids, dialog))
        return self._keep("unlink", key, dialog)

    def unlink(self, tenant_ids: Sequence[str], dialog: Any = None) -> Any:
        worker = self.controller.unlink(tenant_ids)
        if worker is not None and dialog is not None:
            self._pending[(Action.UNLINK, tuple(tenant_ids))] = dialog
        return worker

    # ------------------------------------------------------------ create monthly account

    def open_create_account(self) -> Any:
        existing = self._existing("create", "")
        if existing is not None:
            return existing
        av = self.controller.availability(Action.CREATE_MONTHLY, [])
        if not av.enabled:
            self._say(reason_text(av))
        dialog = CreateAccountDialog(av, self.window)
        dialog.createRequested.connect(lambda form: self.create_account(form, dialog))
        return self._keep("create", "", dialog)

    def create_account(self, form: Any, dialog: Any = None) -> Any:
        worker = self.controller.create_monthly_account(form)
        if worker is not None and dialog is not None:
            self._pending[(Action.CREATE_MONTHLY, ())] = dialog
        return worker

    # ------------------------------------------------------------ audit log

    def open_audit_log(self) -> Any:
        existing = self._existing("audit", "")
        if existing is not None:
            existing.reload()  # type: ignore[attr-defined]
            return existing
        names = {r.id: r.display_name for r in self.model.all_rows()}
        groups = {g.id: g.name for g in self.read(lambda c: c.groups(), [])}

        def load() -> list[Any]:
            return list(self.read(lambda c: c.audit_entries(), []))

        dialog = AuditDialog(load, names, self.window, groups=groups)
        return self._keep("audit", "", dialog)

    # ------------------------------------------------------------ outcomes

    def _busy_text(self, action: Action, names: str) -> str:
        texts = {
            Action.RENAME: QCoreApplication.translate("CustomerActions", "Renaming {names}…"),
            Action.ADD_TO_GROUP: QCoreApplication.translate(
                "CustomerActions", "Adding {names} to the group…"
            ),
            Action.REMOVE_FROM_GROUP: QCoreApplication.translate(
                "CustomerActions", "Removing {names} from the group…"
            ),
            Action.LAUNCH: QCoreApplication.translate("CustomerActions", "Launching {names}…"),
            Action.REQUEST_ASSISTANCE: QCoreApplication.translate(
                "CustomerActions", "Requesting partner assistance from {names}…"
            ),
            Action.UPDATE_BILLING: QCoreApplication.translate(
                "CustomerActions", "Changing the billing type of {names}…"
            ),
            Action.UNLINK: QCoreApplication.translate("CustomerActions", "Unlinking {names}…"),
            Action.CREATE_MONTHLY: QCoreApplication.translate(
                "CustomerActions", "Creating the monthly account…"
            ),
        }
        return texts.get(action, QCoreApplication.translate("CustomerActions", "Working…")).format(
            names=names
        )

    def _names(self, ids: Sequence[str]) -> str:
        names = []
        for tid in ids[:3]:
            row = self._row(tid)
            names.append(row.display_name if row is not None else tid)
        if len(ids) > 3:
            names.append(
                QCoreApplication.translate("CustomerActions", "{count} more").format(
                    count=count_text(len(ids) - 3)
                )
            )
        return ", ".join(names)

    @Slot(object, object)
    def _on_started(self, action: Action, ids: tuple[str, ...]) -> None:
        self._say(self._busy_text(action, self._names(ids)), 0)

    @Slot(object)
    def _on_finished(self, outcome: ActionOutcome) -> None:
        dialog: Any = self._pending.pop((outcome.action, outcome.tenant_ids), None)
        if dialog is not None and not _alive(dialog):
            dialog = None
        if outcome.error:
            if outcome.error_kind in ("InputError", "NoSecret"):
                text = translate(outcome.error)
            else:
                text = error_text(outcome.error, outcome.error_kind)
            self._report_failure(text, dialog)
            return
        if outcome.action is Action.UNLINK:
            self._finish_unlink(outcome, dialog)
            return
        if outcome.action is Action.REQUEST_ASSISTANCE and (
            len(outcome.results) > 1 or dialog is not None
        ):
            self._finish_assistance(outcome, dialog)
            return
        failed = outcome.failures
        if failed:
            first = failed[0]
            self._report_failure(error_text(first.message, first.error_kind), dialog)
            return
        result = outcome.results[0]
        rows = {r.id: r for r in outcome.rows}
        tid = result.tenant_ids[0] if result.tenant_ids else ""
        row = rows.get(tid) or self._row(tid)
        name = row.display_name if row is not None else tid
        action = outcome.action
        if action is Action.RENAME:
            self._say(
                QCoreApplication.translate("CustomerActions", "Renamed to {name}.").format(
                    name=name
                )
            )
            parent = dialog.parent() if dialog is not None else None
            if parent is not None and hasattr(parent, "set_display_name"):
                parent.set_display_name(name)
            if dialog is not None:
                dialog.accept()
        elif action in (Action.ADD_TO_GROUP, Action.REMOVE_FROM_GROUP):
            text = (
                QCoreApplication.translate("CustomerActions", "{name} was added to the group.")
                if action is Action.ADD_TO_GROUP
                else QCoreApplication.translate(
                    "CustomerActions", "{name} was removed from the group."
                )
            )
            self._say(text.format(name=name))
            details = dialog or self._dialogs.get(("details", tid))
            if details is not None and row is not None:
                self._refresh_details(details, row)
                cast(Any, details).message.show_message(text.format(name=name), "info")
        elif action is Action.LAUNCH:
            url = result.url or ""
            if not self.launch_allowed(url):
                # Only https on sophos.com (or a sandbox profile's own host) is opened.
                self.controller.record_launch(tid, False)
                self._fail(
                    QCoreApplication.translate(
                        "CustomerActions",
                        "Partner Desk did not open the address the server returned for {name}, "
                        "because it is not an https address on sophos.com: {url}",
                    ).format(name=name, url=url[:200])
                )
            else:
                self._open_launch_url(tid, name, url)
        elif action is Action.REQUEST_ASSISTANCE:
            self._say(
                QCoreApplication.translate(
                    "CustomerActions",
                    "Partner assistance requested from {name} — pending customer approval. {help}",
                ).format(name=name, help=translate(ASSISTANCE_HELP))
            )
        elif action is Action.UPDATE_BILLING:
            self._say(
                QCoreApplication.translate(
                    "CustomerActions", "The billing type of {name} was changed."
                ).format(name=name)
            )
            if dialog is not None:
                dialog.accept()
        elif action is Action.CREATE_MONTHLY:
            self._say(
                QCoreApplication.translate(
                    "CustomerActions", "The monthly account {name} was created."
                ).format(name=name)
            )
            if dialog is not None:
                dialog.accept()
            pos = self.model.row_of_id(tid)
            if pos >= 0:
                self.table.selectRow(pos)
                self.table.scrollTo(self.model.index(pos, 0))
        self.refresh()

    def _open_launch_url(self, tenant_id: str, name: str, url: str) -> None:
        """Open the link; when no browser opens it, say so and offer the link to copy.
        The audit entry records which of the two happened."""
        opened = self.url_opener(QUrl(url, QUrl.ParsingMode.StrictMode)) if url else False
        ok = opened is not False  # openUrl's bool; a test's recorder returns None
        self.controller.record_launch(tenant_id, ok)
        if ok:
            self._say(
                QCoreApplication.translate(
                    "CustomerActions", "Opening Sophos Central for {name}…"
                ).format(name=name)
            )
            return
        text = QCoreApplication.translate(
            "CustomerActions", "Sophos Central for {name} did not open: no web browser opened it."
        ).format(name=name)
        self._say(text, 8000)
        if not url:
            self._fail(text)
            return
        existing = self._dialogs.get(("launch", tenant_id))
        if existing is not None:
            existing.close()
        self._keep("launch", tenant_id, LaunchFailedDialog(name, url, self.window))

    def _finish_assistance(self, outcome: ActionOutcome, dialog: Any) -> None:
        done = [r for r in outcome.results if r.ok]
        failed = outcome.failures
        text = QCoreApplication.translate(
            "CustomerActions",
            "Partner assistance requested from {done} customers, {failed} failed.",
        ).format(done=count_text(len(done)), failed=count_text(len(failed)))
        if dialog is not None:
            dialog.show_results(outcome.results)
            self._say(text)
        elif failed:
            first = failed[0]
            self._fail(text + " " + error_text(first.message, first.error_kind))
        else:
            self._say(text)
        self.refresh()

    def _report_failure(self, text: str, dialog: Any) -> None:
        if dialog is not None:
            dialog.show_error(text)
            self._say(text, 8000)
        else:
            self._fail(text)
        self.refresh()

    def _finish_unlink(self, outcome: ActionOutcome, dialog: Any) -> None:
        done = [r for r in outcome.results if r.ok]
        failed = outcome.failures
        scheduled = [r for r in done if (r.details or {}).get("status") == "scheduled"]
        text = QCoreApplication.translate(
            "CustomerActions", "{unlinked} unlinked, {scheduled} scheduled, {failed} failed."
        ).format(
            unlinked=count_text(len(done) - len(scheduled)),
            scheduled=count_text(len(scheduled)),
            failed=count_text(len(failed)),
        )
        if dialog is not None:
            dialog.show_results(outcome.results)
            if not failed:
                dialog.accept()
            self._say(text)
        elif failed:
            first = failed[0]
            self._fail(text + " " + error_text(first.message, first.error_kind))
        else:
            self._say(text)
        self.refresh()

    def _refresh_details(self, dialog: Any, row: CustomerRow) -> None:
        tenant, groups = self.read(lambda c: (c.tenant(row.id), c.groups()), (None, []))
        dialog.set_busy(False)
        dialog._all_groups = list(groups)
        dialog.set_customer(row, tenant)

    # ------------------------------------------------------------ shutdown

    def shutdown(self) -> None:
        self.controller.shutdown()
        self.close_dialogs()


def elide_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` if it fits in ``width`` pixels, else its longest run of whole words + "…"."""
    if width <= 0 or metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    for end in range(len(words) - 1, 0, -1):
        head = " ".join(words[:end]).rstrip(" ,;:—-") + "…"
        if metrics.horizontalAdvance(head) <= width:
            return head
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def show_status(bar: QStatusBar, text: str, ms: int = 0, reserved: Sequence[QWidget] = ()) -> None:
    """A status-bar note that stops at a word, clear of the permanent widgets
    (``reserved``: the progress bar and the customer counter); the whole text is
    the status bar's tooltip when it had to be shortened."""
    right = bar.width() - 12
    for widget in reserved:
        if widget.isVisible() and widget.x() > 0:
            right = min(right, widget.x())
    width = right - 6 - bar.fontMetrics().horizontalAdvance("  ")  # a gap before the counter
    shown = elide_words(text, bar.fontMetrics(), width) if bar.isVisible() else text
    bar.setToolTip(tooltip_text(text) if shown != text else "")
    bar.showMessage(shown, ms)


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True
