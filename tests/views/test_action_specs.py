"""Each customer action described once (desktop/views/action_specs.py) and reasons
translated by their member (desktop/views/action_reasons.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

from desktop.services.actions import RULES, Action, Availability, Reason
from desktop.views import action_reasons
from desktop.views.action_outcomes import FINISH
from desktop.views.action_specs import SPEC, SPECS, WITH_QACTION
from desktop.views.customer_actions import CustomerActions
from tests.helpers.desk import table_window


def test_every_action_has_one_spec_and_one_rule() -> None:
    assert [s.action for s in SPECS] == list(dict.fromkeys(s.action for s in SPECS))
    assert set(SPEC) == set(Action) == set(RULES)
    for spec in SPECS:
        assert spec.rule is RULES[spec.action]
        if spec.job:
            assert spec.busy and spec.success, spec.action
        if spec.name:
            assert spec.text and spec.help and spec.trigger, spec.action


def test_every_single_customer_outcome_has_a_handler() -> None:
    # unlink reports per customer (its own summary); viewing runs no job
    with_jobs = {s.action for s in SPECS if s.job} - {Action.UNLINK}
    assert set(FINISH) == with_jobs


def test_the_qactions_are_built_from_the_specs(qtbot: Any) -> None:
    window, model, table = table_window(qtbot)
    actions = CustomerActions(window, model, table)
    try:
        for spec in WITH_QACTION:
            qaction = getattr(actions, spec.name)
            assert qaction.objectName() == spec.name
            assert qaction.text() == QCoreApplication.translate("CustomerActions", spec.text)
            assert qaction.shortcut() == QKeySequence(spec.shortcut)
            trigger = getattr(actions, spec.trigger)
            assert callable(trigger)
        assert {a.objectName() for a in actions.actions()} >= {s.name for s in WITH_QACTION}
    finally:
        actions.shutdown()


def test_every_reason_has_one_translatable_text_equal_to_its_value() -> None:
    assert set(action_reasons.REASON_TEXT) == set(Reason)
    for reason, text in action_reasons.REASON_TEXT.items():
        assert text == reason.value, reason


def test_a_reason_is_translated_by_its_member_not_by_its_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    av = Availability(False, Reason.ROLE, (("role", "Partner Read-only"),))
    assert action_reasons.reason_text(av) == "Your role (Partner Read-only) cannot do this."
    # the member selects the message: changing the entry changes what is shown
    monkeypatch.setitem(action_reasons.REASON_TEXT, Reason.ROLE, "Role {role} says no.")
    assert action_reasons.reason_text(av) == "Role Partner Read-only says no."
    assert action_reasons.reason_text(Availability(True)) == ""


def test_reasons_in_italian(qapp: Any) -> None:
    from desktop import i18n

    try:
        assert i18n.install_translators(qapp, "it") == "it"
        text = action_reasons.reason_text(Availability(False, Reason.OFFLINE))
        assert text and text != Reason.OFFLINE.value
    finally:
        i18n.install_translators(qapp, "en")
