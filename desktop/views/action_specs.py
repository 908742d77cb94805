"""Each customer action described once (docs/architecture.md §11: a new action).

One :class:`ActionSpec` per :class:`~desktop.services.actions.Action`: its QAction
(object name, text, shortcut, icon, help), its availability rule (the Qt-free
:data:`~desktop.services.actions.RULES` entry the server mirrors), the dialog it opens,
the controller job that runs it off the GUI thread, and what the status bar says
while it runs and when it worked. :class:`~desktop.views.customer_actions.CustomerActions`
builds its QActions, tooltips and status texts from this table; the outcome of each
kind is shown by one handler (``action_outcomes.FINISH``). The shape follows vorta's
one-job-class-per-command (``src/vorta/borg/``), as data rather than classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.services.actions import RULES, Action, ActionRule

CONTEXT = "CustomerActions"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    action: Action
    #: the QAction's objectName and the CustomerActions attribute ("" = no QAction:
    #: started from a dialog, e.g. the group changes in Customer details)
    name: str
    #: the QAction's text (English source; translated with the "CustomerActions" context)
    text: str
    #: tooltip and status tip while it is offered
    help: str
    #: the CustomerActions method the QAction calls: opens the dialog or starts the job
    trigger: str = ""
    #: QKeySequence text ("Ctrl+I", "F2", "Del"); "" = none
    shortcut: str = ""
    #: the shortcut works only while the customer table has the focus (Del)
    table_shortcut: bool = False
    #: icon name under resources/icons ("" = text only)
    icon: str = ""
    #: the dialog kind (``CustomerActions.dialog(kind, key)``); "" = none
    dialog: str = ""
    #: the ActionsController method that runs it on a worker thread; "" = none (viewing)
    job: str = ""
    #: the status-bar note while it runs ({names}: the customers)
    busy: str = ""
    #: the status-bar note when it worked ({name}: the customer)
    success: str = ""

    @property
    def rule(self) -> ActionRule:
        """Who may do it and on what (``desktop.services.actions.RULES``)."""
        return RULES[self.action]

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(CONTEXT, text) if text else ""


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        Action.CONTACT,
        "contactAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Contact info"),
        QT_TRANSLATE_NOOP("CustomerActions", "Contact details of the selected customer"),
        trigger="open_contact",
    ),
    ActionSpec(
        Action.DETAILS,
        "detailsAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Customer details…"),
        QT_TRANSLATE_NOOP(
            "CustomerActions", "Groups and licences of the selected customer (Ctrl+I)"
        ),
        trigger="open_details",
        shortcut="Ctrl+I",
        dialog="details",
    ),
    ActionSpec(
        Action.RENAME,
        "renameAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Rename…"),
        QT_TRANSLATE_NOOP("CustomerActions", "Change how the customer is displayed (F2)"),
        trigger="open_rename",
        shortcut="F2",
        dialog="rename",
        job="rename",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Renaming {names}…"),
        success=QT_TRANSLATE_NOOP("CustomerActions", "Renamed to {name}."),
    ),
    ActionSpec(
        Action.ADD_TO_GROUP,
        "",
        "",
        "",
        dialog="details",
        job="add_to_group",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Adding {names} to the group…"),
        success=QT_TRANSLATE_NOOP("CustomerActions", "{name} was added to the group."),
    ),
    ActionSpec(
        Action.REMOVE_FROM_GROUP,
        "",
        "",
        "",
        dialog="details",
        job="remove_from_group",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Removing {names} from the group…"),
        success=QT_TRANSLATE_NOOP("CustomerActions", "{name} was removed from the group."),
    ),
    ActionSpec(
        Action.LAUNCH,
        "launchAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Launch customer"),
        QT_TRANSLATE_NOOP(
            "CustomerActions", "Open the customer's Sophos Central in your browser (Ctrl+L)"
        ),
        trigger="launch",
        shortcut="Ctrl+L",
        dialog="launch",  # only when no browser opened the link
        job="launch",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Launching {names}…"),
        success=QT_TRANSLATE_NOOP("CustomerActions", "Opening Sophos Central for {name}…"),
    ),
    ActionSpec(
        Action.REQUEST_ASSISTANCE,
        "requestAssistanceAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Request partner assistance"),
        QT_TRANSLATE_NOOP(
            "CustomerActions", "Ask the customer to turn on partner assistance for you"
        ),
        trigger="request_assistance",
        dialog="assistance",  # several customers: who is asked and who is skipped
        job="request_assistance_many",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Requesting partner assistance from {names}…"),
        success=QT_TRANSLATE_NOOP(
            "CustomerActions",
            "Partner assistance requested from {name} — pending customer approval. {help}",
        ),
    ),
    ActionSpec(
        Action.UPDATE_BILLING,
        "updateBillingAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Update billing type…"),
        QT_TRANSLATE_NOOP(
            "CustomerActions", "Change between trial, term and monthly billing (Ctrl+B)"
        ),
        trigger="open_billing",
        shortcut="Ctrl+B",
        dialog="billing",
        job="update_billing",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Changing the billing type of {names}…"),
        success=QT_TRANSLATE_NOOP("CustomerActions", "The billing type of {name} was changed."),
    ),
    ActionSpec(
        Action.UNLINK,
        "unlinkAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Unlink…"),
        QT_TRANSLATE_NOOP("CustomerActions", "Remove the selected customers from your list (Del)"),
        trigger="open_unlink",
        shortcut="Del",
        table_shortcut=True,  # never while typing in the search box
        dialog="unlink",
        job="unlink",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Unlinking {names}…"),
        success=QT_TRANSLATE_NOOP(
            "CustomerActions", "{unlinked} unlinked, {scheduled} scheduled, {failed} failed."
        ),
    ),
    ActionSpec(
        Action.CREATE_MONTHLY,
        "createMonthlyAccountAction",
        QT_TRANSLATE_NOOP("CustomerActions", "Create monthly account…"),
        QT_TRANSLATE_NOOP("CustomerActions", "Create a new monthly (MSP Flex) account (Ctrl+N)"),
        trigger="open_create_account",
        shortcut="Ctrl+N",
        dialog="create",
        job="create_monthly_account",
        busy=QT_TRANSLATE_NOOP("CustomerActions", "Creating the monthly account…"),
        success=QT_TRANSLATE_NOOP("CustomerActions", "The monthly account {name} was created."),
    ),
)

#: The spec of each action.
SPEC: dict[Action, ActionSpec] = {spec.action: spec for spec in SPECS}

#: The actions that have a QAction, in menu order.
WITH_QACTION: tuple[ActionSpec, ...] = tuple(spec for spec in SPECS if spec.name)

WORKING = QT_TRANSLATE_NOOP("CustomerActions", "Working…")
