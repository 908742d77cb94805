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

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QTableView, QToolBar, QWidget

from desktop.models.actions_controller import R_TEAM_READ_ONLY, ActionsController
from desktop.models.profile_session import ProfileSession
from desktop.services import urlpolicy
from desktop.services.actions import (
    BULK_ACTIONS,
    PARTNER_DASHBOARD_URL,
    Action,
    Availability,
    Reason,
    split_eligible,
)
from desktop.services.domain import CustomerRow
from desktop.services.profiles import ProfileKind
from desktop.views.action_dialogs import ActionDialogs
from desktop.views.action_outcomes import ActionOutcomes
from desktop.views.action_reasons import (
    count_text,
    reason_text,
    tooltip_text,
)
from desktop.views.action_specs import WITH_QACTION
from desktop.views.after_frame import AfterFrame
from desktop.views.status_note import elide_words, show_status

__all__ = ["CustomerActions", "elide_words", "show_status"]

log = logging.getLogger("partner_desk.gui")
_CTX = "CustomerActions"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class CustomerActions(ActionDialogs, ActionOutcomes):
    """Every action of the Customers page, wired to a table view and its model."""

    # built from action_specs.SPECS (one QAction per spec with a name)
    contactAction: QAction
    detailsAction: QAction
    renameAction: QAction
    launchAction: QAction
    requestAssistanceAction: QAction
    updateBillingAction: QAction
    unlinkAction: QAction
    createMonthlyAccountAction: QAction

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
        # After a search or sort the selection is the same rows: the actions are
        # refreshed once the table's new rows are painted (once for a burst of
        # keystrokes), not inside the keystroke (docs/architecture.md §8).
        self._refresh_later = AfterFrame(table.viewport(), self.refresh)
        set_busy_icon = getattr(model, "set_busy_icon", None)
        if set_busy_icon is not None:  # the hourglass on rows with an action running
            from desktop.views import icons

            set_busy_icon(icons.icon("busy"))
        self._notify = notify or (lambda _text: None)
        self._status = status or (lambda _text, _ms: None)
        self.url_opener: Callable[[QUrl], Any] = url_opener or QDesktopServices.openUrl
        self._contact_opener = contact_opener
        self._profile: Any = None
        self.session: ProfileSession | None = None
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

    def _build_actions(self) -> None:
        """One QAction per action spec (``action_specs.SPECS``), plus the two commands
        that are not customer actions (Partner Dashboard, audit log)."""
        self._bound: dict[QAction, Action] = {}
        self._help: dict[Action, str] = {}
        for spec in WITH_QACTION:
            action = QAction(spec.tr(spec.text), self.window)
            action.setObjectName(spec.name)
            if spec.icon:
                from desktop.views import icons

                action.setIcon(icons.icon(spec.icon))
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
                action.setShortcutContext(
                    Qt.ShortcutContext.WidgetWithChildrenShortcut
                    if spec.table_shortcut
                    else Qt.ShortcutContext.WindowShortcut
                )
            slot = getattr(self, spec.trigger)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            setattr(self, spec.name, action)
            self._bound[action] = spec.action
            self._help[spec.action] = spec.tr(spec.help)
        self.openDashboardAction = self._command(
            "openDashboardAction",
            QCoreApplication.translate("CustomerActions", "Open Partner Dashboard"),
            self.open_dashboard,
        )
        self.openDashboardAction.setStatusTip(
            QCoreApplication.translate(
                "CustomerActions",
                "Open the Sophos Central Partner Dashboard in your browser (for what the "
                "public Partner API does not offer)",
            )
        )
        self.auditLogAction = self._command(
            "auditLogAction",
            QCoreApplication.translate("CustomerActions", "Audit log"),
            self.open_audit_log,
        )

    def _command(self, name: str, text: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

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
        return menu

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
        """The profile whose cache and API the actions use, with a session of its own
        (a window passes its :class:`ProfileSession` to :meth:`set_session` instead)."""
        self.set_session(
            ProfileSession.standalone(profile, secret_lookup=secret_lookup, parent=self)
        )

    def set_session(self, session: ProfileSession, *, load: bool = True) -> None:
        """Work on ``session``'s profile: its cache, its secret and its API configuration.
        ``load=False``: the caller reloads the capabilities when its rows are in."""
        self.close_dialogs()
        self.session = session
        profile = session.profile
        self._profile = profile
        self.controller.set_profile(profile.cache_path, session.config_factory())
        self.controller.set_online(True)
        read_only = getattr(profile, "is_team", False) and not profile.has_api_credential
        self.controller.set_read_only(R_TEAM_READ_ONLY if read_only else None)
        if load:
            self.reload_capabilities()

    def reload_capabilities(self, then: Callable[[], None] | None = None) -> None:
        """Read the profile's capabilities off the GUI thread; ``then()`` once they are in."""

        def done(caps: Any, error: BaseException | None) -> None:
            self.controller.set_capabilities(None if error is not None else caps)
            if then is not None:
                then()

        if self.session is None:
            done(None, None)
            return
        self.session.read(lambda c: c.capabilities(), done)

    def after_sync(self, summary: Any, then: Callable[[], None] | None = None) -> None:
        """A sync ended: online or offline as it says, and the capabilities it saved."""
        status = getattr(summary, "status", "")
        if status == "ok":
            self.set_online(True)
        elif status == "failed":
            self.set_online(False)
        self.reload_capabilities(then)

    def set_online(self, online: bool) -> None:
        self.controller.set_online(online)

    def _watch_selection(self) -> None:
        selection = self.table.selectionModel()
        if selection is not None:
            selection.selectionChanged.connect(self.refresh)
            selection.currentChanged.connect(self.refresh)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.layoutChanged.connect(self._refresh_later.request)

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
        self._refresh_later.cancel()  # this one supersedes a requested one
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
            if action is Action.LAUNCH and av.reason is Reason.NEEDS_ASSISTANCE:
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

    # ------------------------------------------------------------ rename

    # ------------------------------------------------------------ details and groups

    # ------------------------------------------------------------ launch / assistance

    # ------------------------------------------------------------ billing

    # ------------------------------------------------------------ unlink

    # ------------------------------------------------------------ create monthly account

    # ------------------------------------------------------------ audit log

    # ------------------------------------------------------------ outcomes

    # ------------------------------------------------------------ shutdown

    def shutdown(self) -> None:
        self.controller.shutdown()
        self.close_dialogs()
        if self.session is not None:
            self.session.shutdown()  # the window's own session: only closed
