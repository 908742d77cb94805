"""Customer actions without Qt: who may do what, input validation, and the work itself.

- :func:`availability` says whether an action is enabled for a customer and, when
  not, why (role, customer state, offline, or "not available through the public
  Partner API" with a Partner Dashboard link). The server enforces the same rules
  (403); this only decides what the UI offers.
- Validators return the cleaned value or raise :class:`InputError` with a message
  a partner can act on.
- :class:`ActionService` performs an action: API call, then on success the cache
  is updated in one short transaction; every attempt goes to the audit log. It is
  meant to run off the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from desktop.services.action_input import (  # re-exported: the actions' input rules
    COUNTRY_RE as COUNTRY_RE,
)
from desktop.services.action_input import (
    EMAIL_RE as EMAIL_RE,
)
from desktop.services.action_input import (
    GEOGRAPHIES as GEOGRAPHIES,
)
from desktop.services.action_input import (
    NAME_MAX as NAME_MAX,
)
from desktop.services.action_input import (
    PHONE_RE as PHONE_RE,
)
from desktop.services.action_input import (
    SHOW_AS_MAX as SHOW_AS_MAX,
)
from desktop.services.action_input import (
    InputError as InputError,
)
from desktop.services.action_input import (
    MonthlyAccountForm as MonthlyAccountForm,
)
from desktop.services.action_input import (
    clean_text as clean_text,
)
from desktop.services.action_input import (
    validate_licence_key as validate_licence_key,
)
from desktop.services.action_input import (
    validate_monthly_account as validate_monthly_account,
)
from desktop.services.action_input import (
    validate_show_as as validate_show_as,
)
from desktop.services.cache import Cache
from desktop.services.domain import (
    LAPSED_DAYS,
    BillingType,
    Capabilities,
    CustomerRow,
    Licence,
    Tenant,
    parse_tenant,
)
from desktop.services.partner_api.errors import PartnerApiError

if TYPE_CHECKING:
    from desktop.services.partner_api.client import PartnerApiClient

PARTNER_DASHBOARD_URL = "https://central.sophos.com/manage/partner/customers"
ASSISTANCE_HELP = (
    "The customer turns partner assistance on in Sophos Central: "
    "Account Details › Sophos Support › Partner Assistance."
)

SUPER_ADMIN = "Partner Super Admin"
ADMIN = "Partner Admin"
HELP_DESK = "Partner Help Desk"
READ_ONLY = "Partner Read-only"
BUSINESS_ADMIN = "Partner Business Admin"


class Action(StrEnum):
    CONTACT = "contact"
    DETAILS = "details"
    RENAME = "rename"
    ADD_TO_GROUP = "add_to_group"
    REMOVE_FROM_GROUP = "remove_from_group"
    LAUNCH = "launch"
    REQUEST_ASSISTANCE = "request_assistance"
    CREATE_MONTHLY = "create_monthly"
    UPDATE_BILLING = "update_billing"
    UNLINK = "unlink"


class Reason(StrEnum):
    """Why an action is not offered. The views translate a reason by its member
    (``desktop/views/action_reasons.py``: one translatable text per member); the value
    is the English text, for logs and the headless commands."""

    OFFLINE = "You are offline. Reconnect to do this."
    NOT_SYNCED = "Sync this profile first."
    PUBLIC_API = "Not available through the public Partner API."
    REMOVED = "This customer is no longer linked to you."
    MANAGED = "Managed customer orders (MSP Flex Connect) can only be viewed and launched."
    ROLE = "Your role ({role}) cannot do this."
    ROLE_GROUPS = "Only a Partner Super Admin can change customer groups."
    NEEDS_ASSISTANCE = "Partner assistance is off for this customer. " + ASSISTANCE_HELP
    ASSISTANCE_ON = "Partner assistance is already on for this customer."
    ASSISTANCE_PENDING = "Partner assistance was requested and is waiting for the customer."
    NEEDS_FLEX = "Monthly accounts need the MSP Flex program."
    UNLINK_SCHEDULED = "Unlinking is already scheduled for this customer."
    SELECT_ONE = "Select one customer."
    # decided by the GUI's actions controller (desktop/models/actions_controller.py)
    BUSY = "An action is already running for this customer."
    NO_SECRET = "No client secret is stored for this profile. Open File › Profiles… to enter it."
    TEAM_READ_ONLY = (
        "This team profile has no API credential of your own, so changes are disabled. "
        "Add your client ID and secret to the profile to make them."
    )


@dataclass(frozen=True, slots=True)
class ActionRule:
    """Who may do an action and on what (mirrors the server's rules; the server enforces
    them with 403, this only decides what the UI offers)."""

    #: the console extension feature it needs (docs/partner-api.md §7); None: none
    feature: str | None = None
    #: the partner roles allowed; empty: everyone (viewing)
    roles: frozenset[str] = frozenset()
    #: offered on managed customer orders (MSP Flex Connect)
    managed_orders: bool = False
    #: works on a multi-row selection, each customer checked on its own
    bulk: bool = False
    #: needs exactly one selected customer whatever the profile can do (viewing)
    view_only: bool = False


_CHANGE = frozenset({SUPER_ADMIN, ADMIN})
_BILLING = frozenset({SUPER_ADMIN, ADMIN, BUSINESS_ADMIN})

#: The availability rule of each action, in one place.
RULES: dict[Action, ActionRule] = {
    Action.CONTACT: ActionRule(managed_orders=True, view_only=True),
    Action.DETAILS: ActionRule(managed_orders=True, view_only=True),
    Action.RENAME: ActionRule("rename", _CHANGE),
    Action.ADD_TO_GROUP: ActionRule("groups", frozenset({SUPER_ADMIN})),
    Action.REMOVE_FROM_GROUP: ActionRule("groups", frozenset({SUPER_ADMIN})),
    Action.LAUNCH: ActionRule(
        "launch", frozenset({SUPER_ADMIN, ADMIN, HELP_DESK}), managed_orders=True
    ),
    Action.REQUEST_ASSISTANCE: ActionRule("partnerAssistance", _CHANGE, bulk=True),
    Action.UPDATE_BILLING: ActionRule("billingType", _BILLING),
    Action.UNLINK: ActionRule("unlink", _BILLING, bulk=True),
    Action.CREATE_MONTHLY: ActionRule(None, frozenset({SUPER_ADMIN})),
}

# Views of RULES under their historical names.
FEATURE: dict[Action, str] = {a: r.feature for a, r in RULES.items() if r.feature is not None}
ROLES: dict[Action, frozenset[str]] = {a: r.roles for a, r in RULES.items() if r.roles}
MANAGED_ORDER_ACTIONS = frozenset(a for a, r in RULES.items() if r.managed_orders)
BULK_ACTIONS = frozenset(a for a, r in RULES.items() if r.bulk)

# The reasons under their historical names (English source text = the member's value).
R_OFFLINE = Reason.OFFLINE
R_NOT_SYNCED = Reason.NOT_SYNCED
R_PUBLIC_API = Reason.PUBLIC_API
R_REMOVED = Reason.REMOVED
R_MANAGED = Reason.MANAGED
R_ROLE = Reason.ROLE
R_ROLE_GROUPS = Reason.ROLE_GROUPS
R_NEEDS_ASSISTANCE = Reason.NEEDS_ASSISTANCE
R_ASSISTANCE_ON = Reason.ASSISTANCE_ON
R_ASSISTANCE_PENDING = Reason.ASSISTANCE_PENDING
R_NEEDS_FLEX = Reason.NEEDS_FLEX
R_UNLINK_SCHEDULED = Reason.UNLINK_SCHEDULED
R_SELECT_ONE = Reason.SELECT_ONE

# Audit details of a launch (the audit dialog shows them in the UI language).
LAUNCH_OPENED = "opened Sophos Central"
LAUNCH_NOT_OPENED = "no web browser opened the link"


@dataclass(frozen=True, slots=True)
class Availability:
    enabled: bool
    reason: str = ""
    reason_args: tuple[tuple[str, str], ...] = ()
    dashboard_link: bool = False

    @property
    def message(self) -> str:
        return self.reason.format(**dict(self.reason_args))


OK = Availability(True)


def availability(
    action: Action,
    caps: Capabilities | None,
    rows: Sequence[CustomerRow] = (),
    *,
    online: bool = True,
) -> Availability:
    """Is ``action`` offered for these selected customers, and if not, why."""
    rule = RULES[action]
    if rule.view_only:
        return OK if len(rows) == 1 else Availability(False, R_SELECT_ONE)
    if not online:
        return Availability(False, R_OFFLINE)
    if caps is None:
        return Availability(False, R_NOT_SYNCED)
    if rule.feature is not None and not caps.has(rule.feature):
        return Availability(False, R_PUBLIC_API, dashboard_link=True)
    if caps.extensions and caps.role and rule.roles and caps.role not in rule.roles:
        if action in (Action.ADD_TO_GROUP, Action.REMOVE_FROM_GROUP):
            return Availability(False, R_ROLE_GROUPS)
        return Availability(False, R_ROLE, (("role", caps.role),))
    if action is Action.CREATE_MONTHLY:
        if caps.extensions and "mspFlex" not in caps.programs:
            return Availability(False, R_NEEDS_FLEX)
        return OK
    if not rows:
        return Availability(False, R_SELECT_ONE)
    if rule.bulk:
        # A bulk action is offered when at least one selected customer qualifies: it acts
        # on those and lists the others with their reasons (``split_eligible``).
        first: Availability | None = None
        for row in rows:
            av = row_availability(action, row)
            if av.enabled:
                return OK
            first = first or av
        return first or Availability(False, R_SELECT_ONE)
    if len(rows) != 1:
        return Availability(False, R_SELECT_ONE)
    return row_availability(action, rows[0])


def row_availability(action: Action, row: CustomerRow) -> Availability:
    """The per-customer part of :func:`availability` (role, feature and online aside)."""
    if row.removed_at:
        return Availability(False, R_REMOVED)
    if row.managed_customer_order and not RULES[action].managed_orders:
        return Availability(False, R_MANAGED)
    if action is Action.LAUNCH and row.assistance.value != "enabled":
        return Availability(False, R_NEEDS_ASSISTANCE)
    if action is Action.REQUEST_ASSISTANCE:
        if row.assistance.value == "enabled":
            return Availability(False, R_ASSISTANCE_ON)
        if row.assistance.value == "pending":
            return Availability(False, R_ASSISTANCE_PENDING)
    if action is Action.UNLINK and row.unlink_status == "scheduled":
        return Availability(False, R_UNLINK_SCHEDULED)
    return OK


def split_eligible(
    action: Action, rows: Sequence[CustomerRow]
) -> tuple[list[CustomerRow], list[tuple[CustomerRow, Availability]]]:
    """(customers the action can act on, [(customer, why not)]) for a bulk selection."""
    eligible: list[CustomerRow] = []
    skipped: list[tuple[CustomerRow, Availability]] = []
    for row in rows:
        av = row_availability(action, row)
        if av.enabled:
            eligible.append(row)
        else:
            skipped.append((row, av))
    return eligible, skipped


# --------------------------------------------------------------------------- billing and unlink rules


@dataclass(frozen=True, slots=True)
class BillingMove:
    target: BillingType
    allowed: bool
    needs_licence_key: bool = False
    warning: str = ""
    reason: str = ""


def billing_moves(current: BillingType, caps: Capabilities | None) -> list[BillingMove]:
    """The billing changes offered from ``current`` (unsupported ones carry the reason)."""
    flex = caps is None or not caps.extensions or "mspFlex" in caps.programs
    if current is BillingType.TRIAL:
        return [
            BillingMove(
                BillingType.USAGE,
                flex,
                warning="All trial licences of this customer end when it moves to monthly billing.",
                reason="" if flex else R_NEEDS_FLEX,
            ),
            BillingMove(
                BillingType.TERM,
                False,
                reason="A trial becomes term by ordering a licence, not by a billing change.",
            ),
        ]
    if current is BillingType.TERM:
        return [
            BillingMove(BillingType.USAGE, True),
            BillingMove(BillingType.TRIAL, False, reason="A customer cannot go back to a trial."),
        ]
    if current is BillingType.USAGE:
        return [
            BillingMove(BillingType.TERM, True, needs_licence_key=True),
            BillingMove(BillingType.TRIAL, False, reason="A customer cannot go back to a trial."),
        ]
    return []


@dataclass(frozen=True, slots=True)
class UnlinkCheck:
    tenant_id: str
    can_unlink: bool
    scheduled: bool  # monthly accounts are unlinked on the 1st of next month
    effective: str  # "immediately", an ISO date, or "unchecked" (licences not visible)
    reason: str = ""


UNCHECKED = "unchecked"


def first_of_next_month(today: dt.date) -> dt.date:
    return dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)


def unlink_check(row: CustomerRow, licences: Sequence[Licence], today: dt.date) -> UnlinkCheck:
    """Whether a customer can be unlinked, from the cached licences (the server decides)."""
    if row.billing_type is BillingType.USAGE:
        if row.unlink_status == "scheduled":
            return UnlinkCheck(row.id, False, True, "", R_UNLINK_SCHEDULED)
        return UnlinkCheck(row.id, True, True, first_of_next_month(today).isoformat())
    if not row.manageable:
        # Without partner assistance its licences are not visible here: the server
        # decides (and refuses while a licence is active).
        return UnlinkCheck(row.id, True, False, UNCHECKED)
    for lic in licences:
        if lic.is_trial:
            continue
        if lic.perpetual or lic.end_date is None or lic.end_date >= today:
            return UnlinkCheck(
                row.id, False, False, "", f"It has an active licence ({lic.product_name})."
            )
        if (today - lic.end_date).days < LAPSED_DAYS:
            return UnlinkCheck(
                row.id,
                False,
                False,
                "",
                f"A licence ({lic.product_name}) expired less than {LAPSED_DAYS} days ago.",
            )
    return UnlinkCheck(row.id, True, False, "immediately")


# --------------------------------------------------------------------------- performing actions


@dataclass(frozen=True, slots=True)
class ActionResult:
    action: Action
    tenant_ids: tuple[str, ...]
    ok: bool
    message: str = ""  # server's error in plain words when not ok
    tenant: Tenant | None = None
    url: str | None = None
    details: dict[str, Any] | None = None
    error_kind: str = ""  # PartnerApiError subclass name when not ok


class ActionService:
    """Runs one action against the API and records it. Use from a worker thread."""

    def __init__(self, client: PartnerApiClient, cache: Cache, actor: str) -> None:
        self.client = client
        self.cache = cache
        self.actor = actor

    def _audit(self, action: Action, tenant_id: str | None, ok: bool, detail: str) -> None:
        self.cache.append_audit(
            actor=self.actor,
            action=action.value,
            tenant_id=tenant_id,
            result="ok" if ok else "failed",
            detail=detail,
        )

    def _fail(self, action: Action, ids: Sequence[str], exc: PartnerApiError) -> ActionResult:
        for tid in ids or [None]:  # type: ignore[list-item]
            self._audit(action, tid, False, exc.message)
        return ActionResult(action, tuple(ids), False, exc.message, error_kind=type(exc).__name__)

    def _refresh(self, tenant_id: str) -> Tenant:
        tenant = self.client.get_tenant(tenant_id)
        self.cache.apply_tenant(tenant)
        return tenant

    def rename(self, tenant_id: str, show_as: str) -> ActionResult:
        new_name = validate_show_as(show_as)
        try:
            tenant = self.client.rename(tenant_id, new_name)
        except PartnerApiError as exc:
            return self._fail(Action.RENAME, [tenant_id], exc)
        self.cache.apply_tenant(tenant)
        self._audit(Action.RENAME, tenant_id, True, f"display name: {new_name}")
        return ActionResult(Action.RENAME, (tenant_id,), True, tenant=tenant)

    def add_to_group(self, group_id: str, tenant_ids: Sequence[str]) -> ActionResult:
        try:
            self.client.add_to_group(group_id, tenant_ids)
            tenants = [self._refresh(t) for t in tenant_ids]
            self.cache.replace_groups(self.client.groups())
        except PartnerApiError as exc:
            return self._fail(Action.ADD_TO_GROUP, tenant_ids, exc)
        for tid in tenant_ids:
            self._audit(Action.ADD_TO_GROUP, tid, True, f"group {group_id}")
        return ActionResult(
            Action.ADD_TO_GROUP, tuple(tenant_ids), True, tenant=tenants[0] if tenants else None
        )

    def remove_from_group(self, group_id: str, tenant_id: str) -> ActionResult:
        try:
            self.client.remove_from_group(group_id, tenant_id)
            tenant = self._refresh(tenant_id)
            self.cache.replace_groups(self.client.groups())
        except PartnerApiError as exc:
            return self._fail(Action.REMOVE_FROM_GROUP, [tenant_id], exc)
        self._audit(Action.REMOVE_FROM_GROUP, tenant_id, True, f"group {group_id}")
        return ActionResult(Action.REMOVE_FROM_GROUP, (tenant_id,), True, tenant=tenant)

    def launch(self, tenant_id: str) -> ActionResult:
        try:
            url = self.client.launch_url(tenant_id)
        except PartnerApiError as exc:
            return self._fail(Action.LAUNCH, [tenant_id], exc)
        # The audit entry is written once the GUI knows whether a browser opened the
        # link (``record_launch``): the log never says "done" for a launch that did not open.
        return ActionResult(Action.LAUNCH, (tenant_id,), True, url=url)

    def request_assistance(self, tenant_id: str) -> ActionResult:
        try:
            status = self.client.request_assistance(tenant_id)
            tenant = self._refresh(tenant_id)
        except PartnerApiError as exc:
            return self._fail(Action.REQUEST_ASSISTANCE, [tenant_id], exc)
        self._audit(Action.REQUEST_ASSISTANCE, tenant_id, True, f"status {status}")
        return ActionResult(Action.REQUEST_ASSISTANCE, (tenant_id,), True, tenant=tenant)

    def update_billing(
        self, tenant_id: str, target: BillingType, licence_key: str | None = None
    ) -> ActionResult:
        key = validate_licence_key(licence_key) if licence_key is not None else None
        try:
            answer = self.client.update_billing_type(tenant_id, target.value, key)
            try:
                tenant = parse_tenant(answer)
                self.cache.apply_tenant(tenant)
            except ValueError:
                tenant = self._refresh(tenant_id)
            self.cache.set_licences(tenant_id, self._licences(tenant_id))
        except PartnerApiError as exc:
            return self._fail(Action.UPDATE_BILLING, [tenant_id], exc)
        self._audit(Action.UPDATE_BILLING, tenant_id, True, f"billing type: {target.value}")
        return ActionResult(Action.UPDATE_BILLING, (tenant_id,), True, tenant=tenant)

    def _licences(self, tenant_id: str) -> list[Licence] | None:
        for result in self.client.iter_licences([tenant_id], bulk=False):
            return result.licences
        return None

    def unlink(self, tenant_id: str) -> ActionResult:
        try:
            answer = self.client.unlink(tenant_id)
        except PartnerApiError as exc:
            return self._fail(Action.UNLINK, [tenant_id], exc)
        status = str(answer.get("status", ""))
        if status == "scheduled":
            try:
                self._refresh(tenant_id)
            except PartnerApiError:
                pass  # the unlink happened; the next sync shows the schedule
            detail = f"scheduled for {answer.get('effectiveAt', '')}"
        else:
            self.cache.mark_removed([tenant_id])
            detail = "unlinked"
        self._audit(Action.UNLINK, tenant_id, True, detail)
        return ActionResult(Action.UNLINK, (tenant_id,), True, details=dict(answer))

    def create_monthly_account(self, form: MonthlyAccountForm) -> ActionResult:
        body, errors = validate_monthly_account(form)
        if errors:
            raise InputError(next(iter(errors.values())))
        try:
            tenant = self.client.create_tenant(body)
        except PartnerApiError as exc:
            return self._fail(Action.CREATE_MONTHLY, [], exc)
        self.cache.apply_tenant(tenant)
        self.cache.set_licences(tenant.id, [])
        self._audit(Action.CREATE_MONTHLY, tenant.id, True, f"created {tenant.name}")
        return ActionResult(Action.CREATE_MONTHLY, (tenant.id,), True, tenant=tenant)


def record_launch(cache: Cache, actor: str, tenant_id: str, opened: bool) -> None:
    """Audit a launch once the GUI asked a browser to open the link (``opened``: it did)."""
    cache.append_audit(
        actor=actor,
        action=Action.LAUNCH.value,
        tenant_id=tenant_id,
        result="ok" if opened else "failed",
        detail=LAUNCH_OPENED if opened else LAUNCH_NOT_OPENED,
    )
