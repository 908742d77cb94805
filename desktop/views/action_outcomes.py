"""What the user sees when a customer action ends: in the dialog that asked, or in
the window's message banner, plus a short status-bar note.

A part of :class:`~desktop.views.customer_actions.CustomerActions` (one job per module).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Slot

from desktop.models.action_worker import ActionOutcome
from desktop.services.actions import (
    ASSISTANCE_HELP,
    Action,
    ActionResult,
)
from desktop.services.domain import CustomerRow
from desktop.views.action_reasons import (
    count_text,
    error_text,
    text_of,
)
from desktop.views.action_specs import SPEC, WORKING
from desktop.views.actions_base import ActionsBase

log = logging.getLogger("partner_desk.gui")


class ActionOutcomes(ActionsBase):
    def _busy_text(self, action: Action, names: str) -> str:
        spec = SPEC.get(action)
        busy = spec.busy if spec is not None and spec.busy else WORKING
        return QCoreApplication.translate("CustomerActions", busy).format(names=names)

    def _success_text(self, action: Action, **values: object) -> str:
        return QCoreApplication.translate("CustomerActions", SPEC[action].success).format(**values)

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
        """Show an outcome: the job could not run, several customers (bulk), one
        customer failed, or one worked (then the handler of its action in FINISH)."""
        dialog: Any = self._pending.pop((outcome.action, outcome.tenant_ids), None)
        if dialog is not None and not _alive(dialog):
            dialog = None
        if outcome.error:
            if outcome.error_kind in ("InputError", "NoSecret"):
                text = text_of(outcome.error)
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
        done = Done(outcome.action, tid, row, row.display_name if row is not None else tid)
        FINISH[outcome.action](self, done, result, dialog)
        self.refresh()

    # ------------------------------------------------------------ one handler per kind

    def _renamed(self, done: Done, _result: ActionResult, dialog: Any) -> None:
        self._say(self._success_text(done.action, name=done.name))
        parent = dialog.parent() if dialog is not None else None
        if parent is not None and hasattr(parent, "set_display_name"):
            parent.set_display_name(done.name)
        if dialog is not None:
            dialog.accept()

    def _grouped(self, done: Done, _result: ActionResult, dialog: Any) -> None:
        text = self._success_text(done.action, name=done.name)
        self._say(text)
        details = dialog or self._dialogs.get(("details", done.tenant_id))
        if details is not None and done.row is not None:
            self._refresh_details(details, done.row)
            cast(Any, details).message.show_message(text, "info")

    def _launched(self, done: Done, result: ActionResult, _dialog: Any) -> None:
        url = result.url or ""
        if not self.launch_allowed(url):
            # Only https on sophos.com (or a sandbox profile's own host) is opened.
            self.controller.record_launch(done.tenant_id, False)
            self._fail(
                QCoreApplication.translate(
                    "CustomerActions",
                    "Partner Desk did not open the address the server returned for {name}, "
                    "because it is not an https address on sophos.com: {url}",
                ).format(name=done.name, url=url[:200])
            )
        else:
            self._open_launch_url(done.tenant_id, done.name, url)

    def _assistance_asked(self, done: Done, _result: ActionResult, _dialog: Any) -> None:
        self._say(self._success_text(done.action, name=done.name, help=text_of(ASSISTANCE_HELP)))

    def _accepted(self, done: Done, _result: ActionResult, dialog: Any) -> None:
        """Billing changed: say so and close the dialog that asked."""
        self._say(self._success_text(done.action, name=done.name))
        if dialog is not None:
            dialog.accept()

    def _created(self, done: Done, result: ActionResult, dialog: Any) -> None:
        self._accepted(done, result, dialog)
        pos = self.model.row_of_id(done.tenant_id)
        if pos >= 0:
            self.table.selectRow(pos)
            self.table.scrollTo(self.model.index(pos, 0))

    def _open_launch_url(self, tenant_id: str, name: str, url: str) -> None:
        """Open the link; when no browser opens it, say so and offer the link to copy.
        The audit entry records which of the two happened."""
        opened = self.url_opener(QUrl(url, QUrl.ParsingMode.StrictMode)) if url else False
        ok = opened is not False  # openUrl's bool; a test's recorder returns None
        self.controller.record_launch(tenant_id, ok)
        if ok:
            self._say(self._success_text(Action.LAUNCH, name=name))
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
        from desktop.views.launch_dialog import LaunchFailedDialog  # when first used (start)

        self._keep("launch", tenant_id, LaunchFailedDialog(name, url, self.window))

    def _finish_assistance(self, outcome: ActionOutcome, dialog: Any) -> None:
        done = [r for r in outcome.results if r.ok]
        failed = outcome.failures
        text = QCoreApplication.translate(
            "CustomerActions",
            "Partner assistance requested from {done} customers, {failed} failed.",
        ).format(done=count_text(len(done)), failed=count_text(len(failed)))
        self._report_many(outcome, dialog, text, close=False)

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
        text = self._success_text(
            Action.UNLINK,
            unlinked=count_text(len(done) - len(scheduled)),
            scheduled=count_text(len(scheduled)),
            failed=count_text(len(failed)),
        )
        self._report_many(outcome, dialog, text, close=True)

    def _report_many(self, outcome: ActionOutcome, dialog: Any, text: str, *, close: bool) -> None:
        """A bulk action's results: in its dialog (closed when all worked and ``close``)
        and the status bar, or, without a dialog, the first failure's reason beside them."""
        failed = outcome.failures
        if dialog is not None:
            dialog.show_results(outcome.results)
            if close and not failed:
                dialog.accept()
            self._say(text)
        elif failed:
            first = failed[0]
            self._fail(text + " " + error_text(first.message, first.error_kind))
        else:
            self._say(text)
        self.refresh()

    def _refresh_details(self, dialog: Any, row: CustomerRow) -> None:
        dialog.set_busy(False)
        self._load_details(dialog, row)


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Done:
    """One customer's action that worked: what its handler needs."""

    action: Action
    tenant_id: str
    row: CustomerRow | None
    name: str


Handler = Callable[[ActionOutcomes, Done, ActionResult, Any], None]

#: What the window shows when an action on one customer worked, by action.
FINISH: dict[Action, Handler] = {
    Action.RENAME: ActionOutcomes._renamed,
    Action.ADD_TO_GROUP: ActionOutcomes._grouped,
    Action.REMOVE_FROM_GROUP: ActionOutcomes._grouped,
    Action.LAUNCH: ActionOutcomes._launched,
    Action.REQUEST_ASSISTANCE: ActionOutcomes._assistance_asked,
    Action.UPDATE_BILLING: ActionOutcomes._accepted,
    Action.CREATE_MONTHLY: ActionOutcomes._created,
}
