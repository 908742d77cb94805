"""The customer actions' dialogs: open one per customer and action (raised again
when already open), hand what the user asked for to the controller, and remember
which dialog waits for which running action.

A part of :class:`~desktop.views.customer_actions.CustomerActions` (one job per module).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.services.actions import (
    Action,
    UnlinkCheck,
    billing_moves,
    split_eligible,
    unlink_check,
)
from desktop.services.domain import CustomerRow
from desktop.views.action_reasons import (
    reason_text,
)
from desktop.views.actions_base import ActionsBase

# The dialog modules are imported when a dialog is first opened, not at start
# (issue 13: nothing the first paint does not need is imported before it).

log = logging.getLogger("partner_desk.gui")


class ActionDialogs(ActionsBase):
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

    def open_contact(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self._contact_opener is not None:
            self._contact_opener(self.model.row_of_id(rows[0].id))

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
        from desktop.views.rename_dialog import RenameDialog  # when first used (start)

        dialog = RenameDialog(row, av, parent or self.window)
        dialog.renameRequested.connect(lambda name, tid=row.id: self.rename(tid, name, dialog))
        return self._keep("rename", row.id, dialog)

    def rename(self, tenant_id: str, name: str, dialog: QWidget | None = None) -> Any:
        worker = self.controller.rename(tenant_id, name)
        if worker is not None and dialog is not None:
            self._pending[(Action.RENAME, (tenant_id,))] = dialog
        return worker

    def open_details(self, row: CustomerRow | None = None) -> Any:
        if row is None:
            row = self._one(Action.DETAILS)
            if row is None:
                return None
        existing = self._existing("details", row.id)
        if existing is not None:
            return existing
        from desktop.views.details_dialog import DetailsDialog  # when first used (start)

        dialog = DetailsDialog(
            row,
            None,
            [],
            [],
            add_availability=self.controller.availability(Action.ADD_TO_GROUP, [row]),
            remove_availability=self.controller.availability(Action.REMOVE_FROM_GROUP, [row]),
            parent=self.window,
        )
        dialog.set_availability(
            self.controller.availability(Action.ADD_TO_GROUP, [row]),
            self.controller.availability(Action.REMOVE_FROM_GROUP, [row]),
        )
        self._load_details(dialog, row, licences=True)
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
        from desktop.views.assistance_dialog import AssistanceDialog  # when first used (start)

        dialog = AssistanceDialog(eligible, skipped, self.window)
        dialog.requestRequested.connect(lambda ids: self.request_assistance_many(ids, dialog))
        return self._keep("assistance", key, dialog)

    def request_assistance_many(self, tenant_ids: Sequence[str], dialog: Any = None) -> Any:
        worker = self.controller.request_assistance_many(tenant_ids)
        if worker is not None and dialog is not None:
            self._pending[(Action.REQUEST_ASSISTANCE, tuple(tenant_ids))] = dialog
        return worker

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
        from desktop.views.billing_dialog import BillingDialog  # when first used (start)

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
        # Customers the action cannot touch (managed orders, removed, already scheduled)
        # are listed with their reason; the others are unlinked once their licences
        # (read off the GUI thread) allow it.
        skipped_checks = [UnlinkCheck(row.id, False, False, "", av.reason) for row, av in skipped]
        av = self.controller.availability(Action.UNLINK, rows)
        from desktop.views.unlink_dialog import UnlinkDialog  # when first used (start)

        dialog = UnlinkDialog(rows, None, av, self.window)
        dialog.unlinkRequested.connect(lambda ids: self.unlink(ids, dialog))

        def checked(licences: Any, error: BaseException | None) -> None:
            found = licences if error is None and licences else {}
            checks = [unlink_check(row, found.get(row.id, []), today) for row in eligible]
            dialog.set_checks(checks + skipped_checks)

        ids = [r.id for r in eligible]
        self._read(lambda c: {tid: c.licences(tid) for tid in ids}, checked, dialog, {})
        return self._keep("unlink", key, dialog)

    def unlink(self, tenant_ids: Sequence[str], dialog: Any = None) -> Any:
        worker = self.controller.unlink(tenant_ids)
        if worker is not None and dialog is not None:
            self._pending[(Action.UNLINK, tuple(tenant_ids))] = dialog
        return worker

    def open_create_account(self) -> Any:
        existing = self._existing("create", "")
        if existing is not None:
            return existing
        av = self.controller.availability(Action.CREATE_MONTHLY, [])
        if not av.enabled:
            self._say(reason_text(av))
        from desktop.views.create_account_dialog import (
            CreateAccountDialog,  # when first used (start)
        )

        dialog = CreateAccountDialog(av, self.window)
        dialog.createRequested.connect(lambda form: self.create_account(form, dialog))
        return self._keep("create", "", dialog)

    def create_account(self, form: Any, dialog: Any = None) -> Any:
        worker = self.controller.create_monthly_account(form)
        if worker is not None and dialog is not None:
            self._pending[(Action.CREATE_MONTHLY, ())] = dialog
        return worker

    def open_audit_log(self) -> Any:
        existing = self._existing("audit", "")
        if existing is not None:
            existing.reload()  # type: ignore[attr-defined]
            return existing
        names = {r.id: r.display_name for r in self.model.all_rows()}
        holder: list[QWidget] = []

        def load(done: Callable[[Any, BaseException | None], None]) -> None:
            def read(cache: Any) -> tuple[list[Any], dict[str, str]]:
                return list(cache.audit_entries()), {g.id: g.name for g in cache.groups()}

            self._read(read, done, holder[0] if holder else None, ([], {}))

        from desktop.views.audit_dialog import AuditDialog  # when first used (start)

        dialog = AuditDialog(load, names, self.window)
        holder.append(dialog)
        return self._keep("audit", "", dialog)

    # ------------------------------------------------------------ reads for dialogs

    def _read(
        self,
        fn: Callable[[Any], Any],
        done: Callable[[Any, BaseException | None], None],
        owner: QWidget | None,
        missing: Any = None,
    ) -> None:
        """A read of the profile's cache for a dialog, off the GUI thread (the session);
        ``done`` is dropped when the dialog is gone by then."""
        if self.session is None:
            done(missing, None)
            return
        self.session.read(fn, done, owner=owner, missing=missing)

    def _load_details(self, dialog: Any, row: CustomerRow, *, licences: bool = False) -> None:
        """Fill a details dialog from the cache: the customer, the groups and, when
        asked, the licences."""
        tid = row.id

        def read(cache: Any) -> tuple[Any, list[Any], list[Any] | None]:
            return (cache.tenant(tid), cache.groups(), cache.licences(tid) if licences else None)

        def done(result: Any, error: BaseException | None) -> None:
            tenant, groups, found = result if error is None and result else (None, [], None)
            dialog._all_groups = list(groups)
            dialog.set_customer(row, tenant)
            if found is not None:
                dialog.set_licences(found, row.manageable)

        self._read(read, done, dialog, (None, [], [] if licences else None))
