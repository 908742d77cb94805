"""The Qt-free actions service against the real sandbox and a real cache."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.actions import (
    R_MANAGED,
    R_NEEDS_ASSISTANCE,
    R_OFFLINE,
    R_PUBLIC_API,
    R_ROLE_GROUPS,
    Action,
    ActionService,
    InputError,
    MonthlyAccountForm,
    availability,
    billing_moves,
    first_of_next_month,
    unlink_check,
    validate_monthly_account,
    validate_show_as,
)
from desktop.services.cache import Cache
from desktop.services.domain import (
    AssistanceState,
    BillingType,
    Capabilities,
    CustomerRow,
    LicenceStatus,
)
from desktop.services.partner_api import PartnerApiClient
from desktop.services.profiles import Profile, ProfileKind
from desktop.services.sync import config_for_profile, run_sync

pytestmark = pytest.mark.sandbox(
    customers=200, seed=11, faults={"rate_limit_per_s": 0}, shared=True
)


def synced(
    server: SandboxServer, tmp_path: Path, client_id: str = "demo-super-admin"
) -> tuple[Cache, PartnerApiClient]:
    profile = Profile("t", ProfileKind.SANDBOX, client_id, server.base_url, server.base_url)
    config = config_for_profile(profile, DEMO_SECRET, backoff_base=0.01)
    assert run_sync(tmp_path / "c.sqlite3", config).status == "ok"
    return Cache.open(tmp_path / "c.sqlite3"), PartnerApiClient(config)


def rows_by(cache: Cache) -> dict[str, CustomerRow]:
    return {r.id: r for r in cache.load_rows()}


def pick(rows: dict[str, CustomerRow], **want: object) -> CustomerRow:
    for row in rows.values():
        if all(getattr(row, k) == v for k, v in want.items()) and not row.removed_at:
            return row
    raise AssertionError(f"no customer with {want}")


def test_rename_updates_server_cache_and_audit(server: SandboxServer, tmp_path: Path) -> None:
    cache, client = synced(server, tmp_path)
    with cache, client:
        row = pick(rows_by(cache), managed_customer_order=False)
        service = ActionService(client, cache, "demo-super-admin")
        result = service.rename(row.id, "  Rossi & Figli — Milano  ")
        assert result.ok
        assert server.state.tenants[row.id]["showAs"] == "Rossi & Figli — Milano"
        assert rows_by(cache)[row.id].show_as == "Rossi & Figli — Milano"
        entry = cache.audit_entries()[0]
        assert (entry.action, entry.tenant_id, entry.result) == ("rename", row.id, "ok")


def test_refused_rename_changes_nothing_locally(server: SandboxServer, tmp_path: Path) -> None:
    cache, client = synced(server, tmp_path, "demo-readonly")
    with cache, client:
        row = pick(rows_by(cache), managed_customer_order=False)
        result = ActionService(client, cache, "demo-readonly").rename(row.id, "Nope")
        assert not result.ok and result.error_kind == "ForbiddenError"
        assert result.message
        assert rows_by(cache)[row.id].show_as == row.show_as
        assert cache.audit_entries()[0].result == "failed"


def test_add_and_remove_group(server: SandboxServer, tmp_path: Path) -> None:
    cache, client = synced(server, tmp_path)
    with cache, client:
        group = cache.groups()[0]
        row = next(
            r for r in rows_by(cache).values() if group.name not in r.groups and not r.removed_at
        )
        service = ActionService(client, cache, "demo-super-admin")
        assert service.add_to_group(group.id, [row.id]).ok
        assert {"id": group.id} in server.state.tenants[row.id]["groups"]
        assert group.name in rows_by(cache)[row.id].groups
        assert service.remove_from_group(group.id, row.id).ok
        assert group.name not in rows_by(cache)[row.id].groups


def test_request_assistance_then_launch_after_approval(
    server: SandboxServer, tmp_path: Path
) -> None:
    import httpx

    cache, client = synced(server, tmp_path)
    with cache, client:
        row = pick(rows_by(cache), assistance=AssistanceState.OFF, managed_customer_order=False)
        service = ActionService(client, cache, "demo-super-admin")
        assert not service.launch(row.id).ok  # 403 until assistance is on
        assert service.request_assistance(row.id).ok
        assert rows_by(cache)[row.id].assistance.value == "pending"
        httpx.post(
            f"{server.base_url}/_sandbox/tenants/{row.id}/approve-assistance"
        ).raise_for_status()
        launched = service.launch(row.id)
        assert launched.ok and launched.url and launched.url.startswith("https://")


def test_billing_and_unlink_rules(server: SandboxServer, tmp_path: Path) -> None:
    cache, client = synced(server, tmp_path)
    today = server.state.today
    with cache, client:
        rows = rows_by(cache)
        service = ActionService(client, cache, "demo-super-admin")
        term = pick(rows, billing_type=BillingType.TERM, managed_customer_order=False)
        assert service.update_billing(term.id, BillingType.USAGE).ok
        assert server.state.tenants[term.id]["billingType"] == "usage"
        assert rows_by(cache)[term.id].billing_type is BillingType.USAGE

        usage = rows_by(cache)[term.id]
        check = unlink_check(usage, cache.licences(usage.id), today)
        assert check.can_unlink and check.scheduled
        assert check.effective == first_of_next_month(today).isoformat()
        result = service.unlink(usage.id)
        assert result.ok and result.details == {
            "status": "scheduled",
            "effectiveAt": check.effective,
        }
        assert rows_by(cache)[usage.id].unlink_status == "scheduled"

        # a term customer with an active licence cannot be unlinked; local check agrees with server
        blocked = next(
            r for r in rows.values()
            if r.billing_type is BillingType.TERM and r.manageable and not r.removed_at
            and not unlink_check(r, cache.licences(r.id), today).can_unlink
        )  # fmt: skip
        assert "licence" in unlink_check(blocked, cache.licences(blocked.id), today).reason
        refused = service.unlink(blocked.id)
        assert not refused.ok and refused.error_kind == "ConflictError"
        assert rows_by(cache)[blocked.id].removed_at is None


def test_create_monthly_account(server: SandboxServer, tmp_path: Path) -> None:
    cache, client = synced(server, tmp_path)
    form = MonthlyAccountForm(
        name="Ferramenta Bianchi S.n.c.", show_as="Ferramenta Bianchi", data_geography="de",
        first_name="Giulia", last_name="Bianchi", email="giulia@ferramenta.example",
        phone="+39 02 1234 5678", address1="Via Roma 1", address2="", city="Milano",
        state="MI", postal_code="20121", country_code="it",
    )  # fmt: skip
    with cache, client:
        result = ActionService(client, cache, "demo-super-admin").create_monthly_account(form)
        assert result.ok and result.tenant is not None
        assert server.state.tenants[result.tenant.id]["billingType"] == "usage"
        assert rows_by(cache)[result.tenant.id].show_as == "Ferramenta Bianchi"


def test_validators() -> None:
    assert validate_show_as("  Nome  ") == "Nome"
    for bad in ("", "   ", "a\x00b", "x" * 101, "tab\tinside"):
        with pytest.raises(InputError):
            validate_show_as(bad)
    assert validate_show_as("x" * 100) == "x" * 100
    form = MonthlyAccountForm(
        "", "", "ZZ", "", "", "not-an-email", "abc", "", "", "", "", "", "ITA"
    )
    body, errors = validate_monthly_account(form)
    assert body == {}
    assert {
        "name",
        "data_geography",
        "first_name",
        "email",
        "phone",
        "address1",
        "city",
        "postal_code",
        "country_code",
    } <= set(errors)


def test_availability_rules() -> None:
    caps = Capabilities(
        extensions=True, features=frozenset({"rename", "groups", "launch", "partnerAssistance", "unlink", "billingType"}),
        role="Partner Admin", programs=frozenset({"mspFlex"}),
    )  # fmt: skip

    row = CustomerRow(
        id="t", name="n", show_as="n", email="", billing_type=BillingType.TERM, groups=(),
        assistance=AssistanceState.OFF, managed_customer_order=False, data_region="eu01",
        data_geography="IE", last_synced="", removed_at=None, manageable=True,
        statuses=(LicenceStatus.NONE,) * 11,
    )  # fmt: skip
    assert availability(Action.RENAME, caps, [row]).enabled
    assert availability(Action.ADD_TO_GROUP, caps, [row]).reason == R_ROLE_GROUPS
    assert availability(Action.LAUNCH, caps, [row]).reason == R_NEEDS_ASSISTANCE
    assert availability(Action.RENAME, caps, [row], online=False).reason == R_OFFLINE
    public = Capabilities(extensions=False)
    denied = availability(Action.RENAME, public, [row])
    assert denied.reason == R_PUBLIC_API and denied.dashboard_link
    assert availability(Action.CREATE_MONTHLY, public, []).enabled  # public POST /tenants
    row.managed_customer_order = True
    assert availability(Action.RENAME, caps, [row]).reason == R_MANAGED
    row.assistance = AssistanceState.ENABLED
    assert availability(Action.LAUNCH, caps, [row]).enabled
    readonly = Capabilities(extensions=True, features=caps.features, role="Partner Read-only")
    assert "Read-only" in availability(Action.UNLINK, readonly, [row]).message
    moves = {m.target: m for m in billing_moves(BillingType.TRIAL, caps)}
    assert moves[BillingType.USAGE].allowed and "trial" in moves[BillingType.USAGE].warning
    assert not moves[BillingType.TERM].allowed and moves[BillingType.TERM].reason
    assert billing_moves(BillingType.USAGE, caps)[0].needs_licence_key
    assert first_of_next_month(dt.date(2026, 12, 15)) == dt.date(2027, 1, 1)
