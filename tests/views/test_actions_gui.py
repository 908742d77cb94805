"""Customer actions in the GUI, end to end against the real sandbox and a real sync.

A small window (customer table + :class:`CustomerActions`) is driven like a user
would: select rows, trigger QActions, fill dialogs, wait for the worker's result
(``qtbot.waitUntil`` on the controller, never sleeps), then check the sandbox's
state, the cache and the visible row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel

from desktop.models.customer_table import (
    BUSY_ROLE,
    COL_ASSISTANCE,
    COL_BILLING,
)
from desktop.sandbox import SandboxServer
from desktop.services import actions as actions_mod
from desktop.services.actions import (
    ASSISTANCE_HELP,
    PARTNER_DASHBOARD_URL,
    R_MANAGED,
    R_OFFLINE,
    R_PUBLIC_API,
    R_ROLE_GROUPS,
    Action,
    billing_moves,
    unlink_check,
)
from desktop.services.domain import AssistanceState, BillingType, CustomerRow
from desktop.views import action_reasons
from desktop.views.action_reasons import plain_text
from tests.helpers.desk import WAIT_MS, Desk, fill_account

pytestmark = pytest.mark.sandbox(
    customers=150, seed=21, faults={"rate_limit_per_s": 0}, shared=True
)


@pytest.fixture(scope="module")
def public_server() -> Iterator[SandboxServer]:
    sb = SandboxServer(
        customers=40, seed=5, extensions=False, faults={"rate_limit_per_s": 0}
    ).start()
    try:
        yield sb
    finally:
        sb.stop()


def audit_last(desk: Desk) -> Any:
    return desk.cache.audit_entries()[0]


# --------------------------------------------------------------------------- super admin


def test_rename_validates_inline_then_updates_server_cache_and_row(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    row = desk.pick(lambda r: not r.managed_customer_order)
    desk.select(row)
    assert desk.actions.renameAction.isEnabled()
    assert desk.actions.renameAction.shortcut().toString() == "F2"
    assert not desk.actions.openDashboardAction.isVisible()  # extensions: not needed
    desk.actions.renameAction.trigger()
    dialog = desk.actions.dialog("rename", row.id)
    assert dialog is not None and dialog.objectName() == "renameDialog"
    assert dialog.accessibleName()
    for bad, words in (
        ("   ", "required"),
        ("Rossi\x07Figli", "control characters"),
        ("x" * 101, "at most 100"),
    ):
        dialog.nameEdit.setText(bad)
        assert not dialog.saveButton.isEnabled()
        assert dialog.inlineError.isVisible() and words in dialog.inlineError.text()
    dialog.nameEdit.setText("  Rossi & Figli — Milano  ")
    assert dialog.saveButton.isEnabled() and not dialog.inlineError.isVisible()
    dialog.saveButton.click()
    assert dialog.is_busy()
    assert desk.actions.controller.is_busy(row.id)
    assert desk.model.index(desk.model.row_of_id(row.id), 0).data(BUSY_ROLE) is True
    assert not desk.actions.renameAction.isEnabled()  # one action per customer at a time
    assert "already running" in desk.actions.renameAction.toolTip()
    assert desk.actions.detailsAction.isEnabled()  # viewing stays possible
    desk.wait_idle(qtbot)
    assert server.state.tenants[row.id]["showAs"] == "Rossi & Figli — Milano"
    assert desk.row(row.id).show_as == "Rossi & Figli — Milano"
    pos = desk.model.row_of_id(row.id)
    assert desk.model.index(pos, 0).data() == "Rossi & Figli — Milano"
    assert desk.actions.dialog("rename", row.id) is None  # closed on success
    assert desk.actions.selected_rows()[0].id == row.id  # selection kept
    entry = audit_last(desk)
    assert (entry.action, entry.tenant_id, entry.result) == ("rename", row.id, "ok")


def test_details_lists_licences_and_changes_groups(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    row = desk.pick(lambda r: r.manageable and not r.managed_customer_order and not r.groups)
    desk.select(row)
    desk.actions.detailsAction.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    dialog = desk.actions.dialog("details", row.id)
    assert dialog.objectName() == "customerDetailsDialog"
    licences = desk.cache.licences(row.id)
    assert dialog.licenceTable.rowCount() == len(licences)
    if licences:
        products = {dialog.licenceTable.item(r, 0).text() for r in range(len(licences))}
        assert products == {lic.product_name or lic.product_code for lic in licences}
    picker = dialog.groupPicker
    assert picker.objectName() == "groupPicker" and picker.accessibleName()
    assert picker.isEnabled() and picker.count() == len(desk.cache.groups())
    assert not dialog.groupReason.isVisible()
    picker.setCurrentIndex(1)
    gid, gname = picker.currentData(), picker.currentText()
    dialog.addToGroupButton.click()
    desk.wait_idle(qtbot)
    assert {"id": gid} in server.state.tenants[row.id]["groups"]
    assert gname in desk.row(row.id).groups
    assert [dialog.groupList.item(i).text() for i in range(dialog.groupList.count())] == [gname]
    assert dialog.message.kind == "info"
    # and out again
    dialog.groupList.setCurrentRow(0)
    assert dialog.removeFromGroupButton.isEnabled()
    dialog.removeFromGroupButton.click()
    desk.wait_idle(qtbot)
    assert {"id": gid} not in server.state.tenants[row.id]["groups"]
    assert desk.row(row.id).groups == ()
    assert dialog.noGroups.isVisibleTo(dialog)


def test_launch_opens_url_and_request_assistance_marks_row_pending(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    on = desk.pick(
        lambda r: r.assistance is AssistanceState.ENABLED and not r.managed_customer_order
    )
    desk.select(on)
    launch = desk.actions.launchAction
    assert launch.objectName() == "launchAction" and launch.isEnabled()
    assert launch.shortcut().toString() == "Ctrl+L"
    launch.trigger()
    qtbot.waitUntil(lambda: bool(desk.opened), timeout=WAIT_MS)
    assert f"tenantId={on.id}" in desk.opened[0].toString()
    desk.wait_idle(qtbot)  # the audit entry is written after the browser was asked
    assert audit_last(desk).action == "launch"

    off = desk.pick(lambda r: r.assistance is AssistanceState.OFF and not r.managed_customer_order)
    desk.select(off)
    assert not launch.isEnabled()
    assert ASSISTANCE_HELP in launch.toolTip() and ASSISTANCE_HELP in launch.statusTip()
    assert "Request partner assistance" in launch.toolTip()
    ask = desk.actions.requestAssistanceAction
    assert ask.objectName() == "requestAssistanceAction" and ask.isEnabled()
    ask.trigger()
    desk.wait_idle(qtbot)
    assert server.state.tenants[off.id]["partnerAssistance"]["request"]["status"] == "pending"
    assert desk.row(off.id).assistance is AssistanceState.PENDING
    cell = desk.model.index(desk.model.row_of_id(off.id), COL_ASSISTANCE).data()
    assert cell == "Requested — pending customer approval"
    assert not ask.isEnabled() and "waiting for the customer" in ask.toolTip()
    assert "pending customer approval" in desk.actions.last_message


def test_billing_moves_trial_to_monthly_and_monthly_to_term(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    trial = desk.pick(
        lambda r: r.billing_type is BillingType.TRIAL and not r.managed_customer_order
    )
    desk.select(trial)
    desk.actions.updateBillingAction.trigger()
    dialog = desk.actions.dialog("billing", trial.id)
    assert dialog.objectName() == "updateBillingDialog"
    to_term = dialog.radios[BillingType.TERM]
    assert not to_term.isEnabled()
    assert "ordering a licence" in dialog.reasons[BillingType.TERM].text()
    assert dialog.radios[BillingType.USAGE].isChecked()  # the only allowed move
    assert dialog.warning.isVisible() and "trial licences" in dialog.warning.text()
    assert dialog.saveButton.isEnabled()
    dialog.saveButton.click()
    desk.wait_idle(qtbot)
    assert server.state.tenants[trial.id]["billingType"] == "usage"
    assert desk.row(trial.id).billing_type is BillingType.USAGE

    monthly = desk.pick(
        lambda r: (
            r.billing_type is BillingType.USAGE
            and not r.managed_customer_order
            and r.id != trial.id
            and r.unlink_status is None
        )
    )
    desk.select(monthly)
    desk.actions.updateBillingAction.trigger()
    dialog = desk.actions.dialog("billing", monthly.id)
    assert dialog.radios[BillingType.TERM].isChecked()
    assert dialog.licenceKey.isVisibleTo(dialog)
    assert not dialog.saveButton.isEnabled()  # no key yet
    dialog.licenceKey.setText("bad key!")
    assert not dialog.saveButton.isEnabled()
    assert "letters, digits and dashes" in dialog.keyError.text()
    dialog.licenceKey.setText("TERM-2026-ABCD")
    assert dialog.saveButton.isEnabled() and not dialog.keyError.isVisibleTo(dialog)
    dialog.saveButton.click()
    desk.wait_idle(qtbot)
    assert server.state.tenants[monthly.id]["billingType"] == "term"
    assert desk.row(monthly.id).billing_type is BillingType.TERM
    assert any(
        lic.licence_identifier == "TERM-2026-ABCD" for lic in desk.cache.licences(monthly.id)
    )


def test_unlink_many_with_confirmation(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    today = dt.date.today()
    free = monthly = blocked = None
    for row in desk.model.visible_rows():
        if row.managed_customer_order or row.unlink_status:
            continue
        check = unlink_check(row, desk.cache.licences(row.id), today)
        if check.effective == "immediately" and free is None:
            free = row
        elif check.can_unlink and check.scheduled and monthly is None:
            monthly = row
        elif not check.can_unlink and blocked is None:
            blocked = row
    assert free and monthly and blocked
    desk.select(free, monthly, blocked)
    unlink = desk.actions.unlinkAction
    assert unlink.isEnabled() and unlink.shortcut().toString() == "Del"
    unlink.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    key = ",".join(sorted(r.id for r in (free, monthly, blocked)))
    dialog = desk.actions.dialog("unlink", key)
    assert dialog.objectName() == "unlinkDialog"
    texts = {
        dialog.table.item(r, 0).text(): (
            dialog.table.item(r, 1).text(),
            dialog.table.item(r, 2).text(),
        )
        for r in range(3)
    }
    assert texts[free.display_name] == ("Yes", "Immediately")
    assert texts[monthly.display_name][1].startswith("Monthly account: scheduled for ")
    assert texts[blocked.display_name][0] == "No"
    assert "licence" in texts[blocked.display_name][1]
    assert not dialog.unlinkButton.isEnabled()
    assert dialog.confirm.text() == "Yes, make this unlink effective immediately"
    dialog.confirm.setChecked(True)
    assert dialog.unlinkButton.isEnabled()
    dialog.unlinkButton.click()
    desk.wait_idle(qtbot)
    assert free.id not in server.state.tenants
    assert server.state.tenants[monthly.id]["unlink"]["status"] == "scheduled"
    assert server.state.tenants[blocked.id].get("unlink") is None  # never sent
    assert desk.model.row_of_id(free.id) == -1  # left the list (tombstoned, hidden)
    assert desk.row(free.id).removed_at is not None
    assert desk.row(monthly.id).unlink_status == "scheduled"
    billing_cell = desk.model.index(desk.model.row_of_id(monthly.id), COL_BILLING).data()
    assert billing_cell == "Monthly · unlink scheduled"
    assert "1 unlinked, 1 scheduled, 0 failed" in desk.actions.last_message


def test_create_monthly_account_with_inline_validation(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    action = desk.actions.createMonthlyAccountAction
    assert action.isEnabled()
    action.trigger()
    dialog = desk.actions.dialog("create", "")
    assert dialog.objectName() == "createMonthlyAccountDialog"
    assert dialog.findChild(QLabel, "flexNote").text() == (
        "Flex licences are not compatible with most Early Access Programs."
    )
    assert dialog.geography.count() == 9 and dialog.country.findData("IT") > 0
    dialog.createButton.click()  # empty form: every problem shown, nothing sent
    assert not desk.actions.controller.running()
    assert "required" in dialog.errors["name"].text()
    assert dialog.errors["data_geography"].isVisibleTo(dialog)
    before = len(server.state.tenants)
    values = {
        "name": "Ferramenta Bianchi S.p.A.",
        "first_name": "Giulia",
        "last_name": "Bianchi",
        "email": "not-an-email",
        "phone": "+39 02 1234 5678",
        "address1": "Via Roma 1",
        "city": "Milano",
        "postal_code": "20121",
    }
    fill_account(dialog, values, "IE", "IT")
    assert "name@example.com" in dialog.errors["email"].text()
    dialog.edits["email"].setText("giulia@bianchi.example")
    dialog._touch("email")
    assert not any(label.isVisibleTo(dialog) for label in dialog.errors.values())
    dialog.createButton.click()
    desk.wait_idle(qtbot)
    assert len(server.state.tenants) == before + 1
    created = [t for t in server.state.tenants.values() if t["name"] == values["name"]]
    assert len(created) == 1 and created[0]["billingType"] == "usage"
    assert created[0]["dataGeography"] == "IE"
    row = desk.row(created[0]["id"])
    assert row.billing_type is BillingType.USAGE
    assert desk.model.row_of_id(row.id) >= 0
    assert desk.actions.dialog("create", "") is None


def test_managed_customer_order_offers_only_view_and_launch(
    server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    managed = desk.pick(lambda r: r.managed_customer_order)
    desk.select(managed)
    a = desk.actions
    assert a.detailsAction.isEnabled() and a.contactAction.isEnabled()
    assert a.launchAction.isEnabled() == (managed.assistance is AssistanceState.ENABLED)
    for action in (a.renameAction, a.updateBillingAction, a.unlinkAction):
        assert not action.isEnabled()
        assert plain_text(action.toolTip()) == R_MANAGED


def test_offline_disables_with_reason(
    server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    desk.select(desk.pick(lambda r: not r.managed_customer_order))
    desk.actions.set_online(False)
    for action in (desk.actions.renameAction, desk.actions.unlinkAction):
        assert not action.isEnabled() and plain_text(action.toolTip()) == R_OFFLINE
    assert desk.actions.detailsAction.isEnabled()  # offline review still works
    desk.actions.set_online(True)
    assert desk.actions.renameAction.isEnabled()


def test_network_error_is_reported_and_nothing_changes(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    row = desk.pick(lambda r: not r.managed_customer_order)
    desk.select(row)
    before = server.state.tenants[row.id]["showAs"]
    server.set_faults(error_rate={"503": 1.0})
    try:
        dialog = desk.actions.open_rename()
        dialog.nameEdit.setText("Never saved")
        dialog.saveButton.click()
        desk.wait_idle(qtbot)
    finally:
        server.set_faults(error_rate={})
    assert dialog.isVisible() and dialog.message.kind == "error"
    assert "could not be reached" in dialog.message.text()
    assert "Nothing was changed" in dialog.message.text()
    assert dialog.saveButton.isEnabled()  # can retry
    assert server.state.tenants[row.id]["showAs"] == before
    assert desk.row(row.id).show_as == row.show_as
    assert audit_last(desk).result == "failed"


def test_audit_log_viewer_lists_entries(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    row = desk.pick(lambda r: r.assistance is AssistanceState.ENABLED)
    desk.select(row)
    desk.actions.launch()
    desk.wait_idle(qtbot)
    desk.actions.auditLogAction.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    dialog = desk.actions.dialog("audit", "")
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(6)]
    assert cells[1] == "demo-super-admin" and cells[2] == "Launch"
    assert cells[3] == row.display_name and cells[4] == "Done"
    assert dialog.table.item(0, 3).toolTip() == f"Tenant ID: {row.id}"


# --------------------------------------------------------------------------- roles


def test_readonly_sees_why_and_forced_rename_gets_a_clean_403(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server, "demo-readonly")
    row = desk.pick(lambda r: not r.managed_customer_order)
    desk.select(row)
    a = desk.actions
    role_reason = "Your role (Partner Read-only) cannot do this."
    for action in (
        a.renameAction,
        a.updateBillingAction,
        a.unlinkAction,
        a.requestAssistanceAction,
        a.launchAction,
        a.createMonthlyAccountAction,
    ):
        assert not action.isEnabled(), action.objectName()
        assert plain_text(action.toolTip()) == role_reason and action.statusTip() == role_reason
    assert a.detailsAction.isEnabled()
    a.detailsAction.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    details = a.dialog("details", row.id)
    assert not details.groupPicker.isEnabled() and not details.addToGroupButton.isEnabled()
    assert details.groupReason.isVisibleTo(details)
    assert R_ROLE_GROUPS in details.groupReason.text()
    # forcing the call anyway: the server says 403, nothing changes locally
    before = server.state.tenants[row.id]["showAs"]
    a.rename(row.id, "Forced name")
    desk.wait_idle(qtbot)
    assert server.state.tenants[row.id]["showAs"] == before
    assert desk.row(row.id).show_as == row.show_as
    assert desk.banners and "did not allow" in desk.banners[-1]
    assert "Nothing was changed" in desk.banners[-1]
    entry = audit_last(desk)
    assert (entry.action, entry.result) == ("rename", "failed")


def test_admin_cannot_change_groups_and_forced_add_is_refused(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server, "demo-admin")
    row = desk.pick(lambda r: not r.managed_customer_order)
    desk.select(row)
    assert desk.actions.renameAction.isEnabled()  # admins may rename
    assert not desk.actions.createMonthlyAccountAction.isEnabled()
    desk.actions.detailsAction.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    dialog = desk.actions.dialog("details", row.id)
    assert not dialog.groupPicker.isEnabled()
    assert R_ROLE_GROUPS in dialog.groupReason.text()
    groups_before = list(server.state.tenants[row.id]["groups"])
    gid = desk.cache.groups()[0].id
    desk.actions.add_to_group(gid, [row.id], dialog)
    desk.wait_idle(qtbot)
    assert dialog.message.kind == "error" and "did not allow" in dialog.message.text()
    assert server.state.tenants[row.id]["groups"] == groups_before
    assert desk.row(row.id).groups == row.groups


# --------------------------------------------------------------------------- public API


def test_public_api_profile_disables_extensions_but_creates_monthly_accounts(
    qtbot: Any, public_server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(public_server)
    row = desk.pick(lambda r: True)
    desk.select(row)
    a = desk.actions
    for action in (
        a.renameAction,
        a.launchAction,
        a.requestAssistanceAction,
        a.updateBillingAction,
        a.unlinkAction,
    ):
        assert not action.isEnabled()
        assert plain_text(action.toolTip()).startswith(R_PUBLIC_API)
        assert "Partner Dashboard" in action.toolTip()
    menu = a.context_menu()
    assert a.openDashboardAction in menu.actions() and a.openDashboardAction.isVisible()
    menu.deleteLater()
    a.openDashboardAction.trigger()
    assert desk.opened[-1].toString() == PARTNER_DASHBOARD_URL
    dialog = a.open_rename(row)
    assert not dialog.saveButton.isEnabled()
    assert R_PUBLIC_API in dialog.reason.text()
    assert PARTNER_DASHBOARD_URL in dialog.reason.text()
    assert "Open Partner Dashboard" in dialog.reason.text()
    a.detailsAction.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    details = a.dialog("details", row.id)
    assert PARTNER_DASHBOARD_URL in details.groupReason.text()

    assert a.createMonthlyAccountAction.isEnabled()
    create = a.open_create_account()
    fill = {
        "name": "Public API GmbH",
        "first_name": "Jonas",
        "last_name": "Weber",
        "email": "jonas@public.example",
        "phone": "+49 30 123456",
        "address1": "Hauptstraße 5",
        "city": "Berlin",
        "postal_code": "10115",
    }
    fill_account(create, fill, "DE", "DE", touch=False)
    create.createButton.click()
    desk.wait_idle(qtbot)
    made = [t for t in public_server.state.tenants.values() if t["name"] == "Public API GmbH"]
    assert len(made) == 1 and made[0]["billingType"] == "usage"
    assert any(r.name == "Public API GmbH" for r in desk.model.all_rows())


# --------------------------------------------------------------------------- lifecycle, i18n


def test_quit_while_an_action_runs_stops_the_thread(
    qtbot: Any, make_desk: Callable[..., Desk]
) -> None:
    slow = SandboxServer(customers=20, seed=9, faults={"rate_limit_per_s": 0}).start()
    try:
        desk = make_desk(slow)
        row = desk.pick(lambda r: not r.managed_customer_order)
        desk.select(row)
        slow.set_faults(latency_ms=400)
        worker = desk.actions.rename(row.id, "Slow rename")
        assert worker is not None and desk.actions.controller.is_busy(row.id)
        assert desk.actions.controller.shutdown(timeout_ms=10_000)
        assert not desk.actions.controller.running()
        assert desk.actions.controller.run(Action.LAUNCH, [row.id], lambda s, c: None) is None
    finally:
        slow.stop()


def test_every_reason_of_the_actions_layer_is_translatable() -> None:
    known = set(action_reasons.MESSAGES)
    constants = [
        value
        for name, value in vars(actions_mod).items()
        if name.startswith("R_") and isinstance(value, str)
    ]
    constants.append(ASSISTANCE_HELP)
    from desktop.models import actions_controller

    constants += [actions_controller.R_BUSY, actions_controller.R_NO_SECRET]
    missing = [c for c in constants if c not in known]
    assert not missing
    for current in BillingType:
        for move in billing_moves(current, None):
            for text in (move.reason, move.warning):
                assert not text or text in known, text
    for text in (
        "The display name is required.",
        "The licence key cannot contain control characters.",
        "The city must be at most 60 characters.",
        "It has an active licence (Central Intercept X).",
        "A licence (Central Email) expired less than 60 days ago.",
    ):
        # a pattern matches; the English translation reproduces the text
        assert any(p.match(text) for p, _t in action_reasons.PATTERNS), text
        assert action_reasons.translate(text) == text
    assert action_reasons.translate("Your role ({role}) cannot do this.", {"role": "X"}) == (
        "Your role (X) cannot do this."
    )
    source = Path(action_reasons.__file__).read_text(encoding="utf-8")
    assert len(re.findall(r'QT_TRANSLATE_NOOP\(\s*"Actions"', source)) >= len(known)


# --------------------------------------------------------------------------- issue 14


def test_launch_without_a_browser_reports_it_offers_the_link_and_audits_a_failure(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    from PySide6.QtGui import QGuiApplication

    desk = make_desk(server)
    row = desk.pick(
        lambda r: r.assistance is AssistanceState.ENABLED and not r.managed_customer_order
    )
    desk.select(row)
    asked: list[QUrl] = []
    desk.actions.url_opener = lambda url: asked.append(url) or False  # no browser
    desk.actions.launchAction.trigger()
    desk.wait_idle(qtbot)
    assert asked and f"tenantId={row.id}" in asked[0].toString()
    dialog = desk.actions.dialog("launch", row.id)
    assert dialog is not None and dialog.objectName() == "launchFailedDialog"
    assert dialog.isVisible() and not dialog.isModal()
    assert "could not be opened" in dialog.text.text()
    assert row.display_name in dialog.text.text()
    assert dialog.link.text() == asked[0].toString() and dialog.link.isReadOnly()
    dialog.copyButton.click()
    assert QGuiApplication.clipboard().text() == asked[0].toString()
    assert "copied" in dialog.message.text()
    assert "did not open" in desk.actions.last_message
    entry = audit_last(desk)
    assert (entry.action, entry.tenant_id, entry.result) == ("launch", row.id, "failed")
    desk.actions.auditLogAction.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    audit = desk.actions.dialog("audit", "")
    assert audit.table.item(0, 4).text() == "Failed"
    assert audit.table.item(0, 5).text() == "No web browser opened the link"
    # a browser that opens: "Done"
    desk.actions.url_opener = lambda _url: True
    desk.actions.launchAction.trigger()
    desk.wait_idle(qtbot)
    assert audit_last(desk).result == "ok"
    audit.reload()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    assert audit.table.item(0, 4).text() == "Done"


@pytest.fixture(scope="module")
def bulk_server() -> Iterator[SandboxServer]:
    """Untouched by the other tests of this module (which change licences and billing)."""
    sb = SandboxServer(customers=80, seed=8, faults={"rate_limit_per_s": 0}).start()
    try:
        yield sb
    finally:
        sb.stop()


def mixed_selection(desk: Desk) -> tuple[CustomerRow, CustomerRow, CustomerRow]:
    """A customer that can be unlinked now (its licences are known), one with partner
    assistance off, and a managed customer order."""
    today = dt.date.today()
    free = desk.pick(
        lambda r: (
            not r.managed_customer_order
            and r.unlink_status is None
            and r.manageable
            and r.billing_type is not BillingType.USAGE
            and unlink_check(r, desk.cache.licences(r.id), today).can_unlink
        )
    )
    off = desk.pick(lambda r: r.assistance is AssistanceState.OFF and not r.managed_customer_order)
    managed = desk.pick(lambda r: r.managed_customer_order)
    return free, off, managed


def test_bulk_unlink_acts_on_the_eligible_rows_and_lists_the_others(
    qtbot: Any, bulk_server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    server = bulk_server
    desk = make_desk(server)
    free, _on, managed = mixed_selection(desk)
    hidden = desk.pick(  # licences not visible: the server decides
        lambda r: (
            not r.manageable
            and not r.managed_customer_order
            and r.billing_type is not BillingType.USAGE
            and r.unlink_status is None
        )
    )
    desk.select(free, hidden, managed)
    unlink = desk.actions.unlinkAction
    assert unlink.isEnabled()  # one managed order no longer blocks the whole selection
    tip = plain_text(unlink.toolTip())
    assert "Acts on 2 of the 3 selected customers" in tip
    assert f"{managed.display_name}: {R_MANAGED}" in tip
    unlink.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    dialog = desk.actions.dialog("unlink", ",".join(sorted((free.id, hidden.id, managed.id))))
    texts = {
        dialog.table.item(r, 0).text(): (
            dialog.table.item(r, 1).text(),
            dialog.table.item(r, 2).text(),
        )
        for r in range(dialog.table.rowCount())
    }
    assert texts[managed.display_name] == ("No", R_MANAGED)
    assert texts[free.display_name] == ("Yes", "Immediately")
    assert texts[hidden.display_name][0] == "If no licence is active"
    assert "not visible to you" in texts[hidden.display_name][1]
    assert set(dialog.eligible_ids()) == {free.id, hidden.id}
    dialog.confirm.setChecked(True)
    dialog.unlinkButton.click()
    desk.wait_idle(qtbot)
    assert free.id not in server.state.tenants
    assert server.state.tenants[managed.id].get("unlink") is None  # never sent
    # a selection of managed orders only still says why
    desk.select(managed)
    assert not unlink.isEnabled() and plain_text(unlink.toolTip()) == R_MANAGED


def test_bulk_partner_assistance_asks_the_eligible_rows_and_lists_the_others(
    qtbot: Any, bulk_server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    server = bulk_server
    desk = make_desk(server)
    _free, off, managed = mixed_selection(desk)
    on = desk.pick(
        lambda r: r.assistance is AssistanceState.ENABLED and not r.managed_customer_order
    )
    desk.select(off, on, managed)
    ask = desk.actions.requestAssistanceAction
    assert ask.isEnabled()
    assert "Acts on 1 of the 3 selected customers" in plain_text(ask.toolTip())
    ask.trigger()
    dialog = desk.actions.dialog("assistance", ",".join(sorted((off.id, on.id, managed.id))))
    assert dialog.objectName() == "requestAssistanceDialog" and not dialog.isModal()
    status = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
        for r in range(dialog.table.rowCount())
    }
    assert status[off.display_name] == "Will be asked"
    assert "already on" in status[on.display_name]
    assert status[managed.display_name] == f"Skipped: {R_MANAGED}"
    managed_before = dict(server.state.tenants[managed.id].get("partnerAssistance") or {})
    on_before = dict(server.state.tenants[on.id].get("partnerAssistance") or {})
    dialog.requestButton.click()
    desk.wait_idle(qtbot)
    assert server.state.tenants[off.id]["partnerAssistance"]["request"]["status"] == "pending"
    assert server.state.tenants[managed.id].get("partnerAssistance") == managed_before
    assert server.state.tenants[on.id].get("partnerAssistance") == on_before
    assert desk.row(off.id).assistance is AssistanceState.PENDING
    assert "pending customer approval" in dialog.table.item(0, 1).text()
    assert "requested from 1 customers, 0 failed" in desk.actions.last_message


def test_audit_log_shows_group_names_and_the_ui_billing_words(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    group = desk.cache.groups()[0]
    row = desk.pick(
        lambda r: (
            r.billing_type is BillingType.TERM
            and not r.managed_customer_order
            and group.name not in r.groups
        )
    )
    desk.actions.add_to_group(group.id, [row.id])
    desk.wait_idle(qtbot)
    desk.actions.update_billing(row.id, BillingType.USAGE, None)
    desk.wait_idle(qtbot)
    desk.actions.auditLogAction.trigger()
    desk.wait_reads(qtbot)  # the dialog's data is read off the GUI thread
    dialog = desk.actions.dialog("audit", "")
    details = [dialog.table.item(r, 5).text() for r in range(dialog.table.rowCount())]
    assert details[:2] == ["Billing type: Monthly", f"Group: {group.name}"]
    assert not any(group.id in text or "usage" in text for text in details)


def test_update_billing_to_monthly_shows_the_flex_note(
    server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk(server)
    term = desk.pick(lambda r: r.billing_type is BillingType.TERM and not r.managed_customer_order)
    desk.select(term)
    desk.actions.updateBillingAction.trigger()
    dialog = desk.actions.dialog("billing", term.id)
    note = dialog.findChild(QLabel, "flexNote")
    assert note is not None
    assert note.text() == "Flex licences are not compatible with most Early Access Programs."
    dialog.radios[BillingType.USAGE].setChecked(True)
    assert note.isVisible()
    monthly = desk.pick(
        lambda r: (
            r.billing_type is BillingType.USAGE
            and not r.managed_customer_order
            and r.unlink_status is None
        )
    )
    desk.select(monthly)
    desk.actions.updateBillingAction.trigger()
    to_term = desk.actions.dialog("billing", monthly.id)
    assert to_term.radios[BillingType.TERM].isChecked()
    assert not to_term.findChild(QLabel, "flexNote").isVisible()  # term is not Flex


def test_reason_banner_has_a_standard_icon_and_no_caret(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    desk = make_desk(server)
    row = desk.pick(lambda r: not r.managed_customer_order)
    desk.select(row)
    desk.actions.set_online(False)
    dialog = desk.actions.open_rename(row)
    label = dialog.reason
    qtbot.waitExposed(dialog)
    assert label.isVisible() and R_OFFLINE in label.text()
    assert "\u24d8" not in label.text()  # no font glyph that may be missing
    assert label.focusPolicy() == Qt.FocusPolicy.NoFocus
    flags = label.textInteractionFlags()
    assert not flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert not flags & Qt.TextInteractionFlag.TextEditable
    image = label.grab().toImage()
    ratio = image.devicePixelRatio()
    background = QColor(image.pixel(int(3 * ratio), int(label.height() // 2 * ratio)))
    icon_pixels = {
        QColor(image.pixel(int(x * ratio), int(y * ratio))).rgb()
        for x in range(8, 24)
        for y in range(4, min(label.height() - 2, 22))
    }
    assert len(icon_pixels - {background.rgb()}) > 10  # the painted information icon


def test_reason_tooltips_are_wrapped(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import Qt
    from PySide6.QtWidgets import QApplication, QToolTip

    desk = make_desk(server)
    off = desk.pick(lambda r: r.assistance is AssistanceState.OFF and not r.managed_customer_order)
    desk.select(off)
    launch = desk.actions.launchAction
    assert not launch.isEnabled()
    tip = launch.toolTip()
    assert Qt.mightBeRichText(tip)  # Qt word-wraps rich-text tooltips only
    assert ASSISTANCE_HELP in plain_text(tip)
    QToolTip.showText(QPoint(10, 10), tip)
    try:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "qtooltip_label" and w.isVisible()
        ]
        assert shown and shown[0].wordWrap()
        assert shown[0].width() < 720
        assert shown[0].height() > 2 * shown[0].fontMetrics().height()  # several lines
    finally:
        QToolTip.hideText()


def test_create_monthly_account_fits_its_content_after_validation(
    qtbot: Any, server: SandboxServer, make_desk: Callable[..., Desk]
) -> None:
    from PySide6.QtWidgets import QApplication

    desk = make_desk(server)
    dialog = desk.actions.open_create_account()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    start = dialog.height()
    dialog.createButton.click()  # every field required: errors under each
    QApplication.processEvents()
    grown = dialog.height()
    assert grown > start
    values = {
        "name": "Ottica Verdi",
        "first_name": "Anna",
        "last_name": "Verdi",
        "email": "anna@verdi.example",
        "phone": "+39 06 555 0101",
        "address1": "Via Po 2",
        "city": "Roma",
        "postal_code": "00198",
    }
    fill_account(dialog, values, "IE", "IT")
    QApplication.processEvents()
    assert not any(label.isVisibleTo(dialog) for label in dialog.errors.values())
    assert dialog.height() < grown  # gave the errors' room back
    assert dialog.height() <= dialog.sizeHint().height() + 2
    dialog.resize(dialog.width(), start + 300)  # a user makes it taller
    QApplication.processEvents()
    for label in (dialog.intro, dialog.flexNote):
        assert label.height() <= label.heightForWidth(label.width()) + 2  # no empty box
