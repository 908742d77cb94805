"""PartnerApiClient against the real sandbox over HTTP on 127.0.0.1 (happy paths, paging,
licences, concurrency, console extensions). Fault injection is in test_partner_api_faults.py.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from desktop.sandbox import SandboxServer
from desktop.services.domain import Licence
from desktop.services.partner_api import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    LicenceResult,
    NotFoundError,
    PartnerApiClient,
    PartnerApiError,
    TenantPage,
    ValidationError,
)
from tests.helpers.sandbox import make_client

ServerFactory = Callable[..., SandboxServer]


pytestmark = pytest.mark.sandbox(customers=30, seed=7, faults={"rate_limit_per_s": 0})


def all_pages(client: PartnerApiClient, page_size: int = 100) -> list[TenantPage]:
    return sorted(client.iter_tenant_pages(page_size), key=lambda p: p.page)


def licence_map(results: list[LicenceResult]) -> dict[str, list[Licence] | None]:
    out: dict[str, list[Licence] | None] = {}
    for r in results:
        assert r.tenant_id not in out, "each tenant must be answered once"
        out[r.tenant_id] = None if r.licences is None else sorted(r.licences, key=lambda x: x.id)
    return out


def api_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("partner-api")]


# ---------------------------------------------------------------- auth, whoami, capabilities


def test_authenticate_success(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    with make_client(server) as client:
        client.authenticate()
        assert client.request_count == 1


def test_bad_secret_is_authentication_error(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    with (
        make_client(server, secret="Wr0ng-S3cret-value") as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.authenticate()
    assert info.value.status == 401
    assert "Wr0ng-S3cret-value" not in str(info.value)
    assert "Wr0ng-S3cret-value" not in repr(info.value)
    assert "secret" in info.value.message.lower()


def test_unknown_client_id_is_authentication_error(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    with (
        make_client(server, client_id="nobody-here") as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.whoami()
    assert info.value.status == 401
    assert "client id" in info.value.message.lower()


def test_whoami(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    with make_client(server) as client:
        me = client.whoami()
    assert me.partner_id == server.partner_id
    assert me.id_type == "partner"
    assert client.partner_id == server.partner_id


def test_capabilities_with_extensions(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(extensions=True)
    with make_client(server) as client:
        caps = client.capabilities()
    assert caps.extensions
    assert caps.has("rename") and caps.has("bulkLicenses")
    assert caps.role == "Partner Super Admin"
    assert caps.is_super_admin
    with make_client(server, client_id="demo-readonly") as client:
        assert client.capabilities().role == "Partner Read-only"


def test_capabilities_without_extensions(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(extensions=False)
    with make_client(server) as client:
        caps = client.capabilities()
        assert not caps.extensions
        assert not caps.has("rename")
        # The public part still works.
        assert sum(len(p.tenants) for p in client.iter_tenant_pages()) == 30


# ---------------------------------------------------------------- paging


def test_paging_250_customers(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=250)
    with make_client(server) as client:
        pages = all_pages(client, 100)
        # token + whoami + 3 pages
        assert client.request_count == 5
    assert [p.page for p in pages] == [1, 2, 3]
    assert {p.total_pages for p in pages} == {3}
    assert {p.total_items for p in pages} == {250}
    assert [len(p.tenants) for p in pages] == [100, 100, 50]
    ids = [t.id for p in pages for t in p.tenants]
    assert len(ids) == len(set(ids)) == 250
    assert set(ids) == set(server.state.tenants)
    assert all(not p.skipped for p in pages)


def test_paging_exactly_200_makes_no_third_request(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=200)
    with make_client(server) as client:
        pages = all_pages(client, 100)
        assert client.request_count == 4  # token + whoami + 2 pages
    assert [p.page for p in pages] == [1, 2]
    assert sum(len(p.tenants) for p in pages) == 200


def test_paging_zero_customers(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=0)
    with make_client(server) as client:
        pages = all_pages(client, 100)
        assert client.request_count == 3
    assert len(pages) == 1
    assert pages[0].tenants == []
    assert pages[0].total_items == 0


def test_paging_small_pages_exact(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=31)
    with make_client(server) as client:
        pages = all_pages(client, 10)
    assert [len(p.tenants) for p in pages] == [10, 10, 10, 1]
    assert {t.id for p in pages for t in p.tenants} == set(server.state.tenants)


def test_page_size_above_maximum_is_refused_locally(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    with make_client(server) as client, pytest.raises(ValueError):
        next(client.iter_tenant_pages(101))


def test_tenants_parse_unicode_and_missing_api_host(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=300)
    with make_client(server) as client:
        tenants = [t for p in client.iter_tenant_pages() for t in p.tenants]
    by_id = {t.id: t for t in tenants}
    for tid, raw in server.state.tenants.items():
        assert by_id[tid].name == raw["name"]
        assert by_id[tid].show_as == (raw.get("showAs") or raw["name"])
    assert any(t.api_host is None for t in tenants)  # trials not activated yet
    assert any(not t.name.isascii() for t in tenants)


def test_get_tenant_and_not_found(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    tid = next(iter(server.state.tenants))
    with make_client(server) as client:
        tenant = client.get_tenant(tid)
        assert tenant.id == tid
        assert tenant.name == server.state.tenants[tid]["name"]
        with pytest.raises(NotFoundError) as info:
            client.get_tenant("00000000-0000-0000-0000-000000000000")
    assert info.value.status == 404


# ---------------------------------------------------------------- concurrency


def test_concurrency_bound_is_respected_and_used(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=1000, faults={"latency_ms": 80})
    before = len(api_threads())
    with make_client(server, max_concurrency=3) as client:
        client.whoami()
        start = time.monotonic()
        pages = all_pages(client, 100)
        elapsed = time.monotonic() - start
        assert client.peak_in_flight == 3  # never more, and really concurrent
    assert len(pages) == 10
    assert sum(len(p.tenants) for p in pages) == 1000
    # page 1 alone, then 9 pages in 3 waves of 3: at least 4 latencies.
    assert elapsed >= 4 * 0.08
    assert len(api_threads()) == before  # no worker threads left running


def test_sequential_when_concurrency_is_one(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=500, faults={"latency_ms": 20})
    with make_client(server, max_concurrency=1) as client:
        assert sum(len(p.tenants) for p in client.iter_tenant_pages()) == 500
        assert client.peak_in_flight == 1


# ---------------------------------------------------------------- licences


def _tenant_ids(client: PartnerApiClient) -> list[str]:
    return [t.id for p in client.iter_tenant_pages() for t in p.tenants]


def test_licences_per_tenant_and_bulk_are_identical(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=150)
    with make_client(server, max_concurrency=6) as client:
        ids = _tenant_ids(client)
        per_tenant = licence_map(list(client.iter_licences(ids, bulk=False)))
        bulk = licence_map(list(client.iter_licences(ids, bulk=True)))
        assert client.peak_in_flight <= 6
    assert set(per_tenant) == set(bulk) == set(ids)
    assert per_tenant == bulk
    manageable = [v for v in per_tenant.values() if v is not None]
    assert manageable and any(len(v) > 0 for v in manageable)


def test_bulk_licences_page_count(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=250)
    with make_client(server) as client:
        ids = _tenant_ids(client)
        before = client.request_count
        results = list(client.iter_licences(ids, bulk=True, page_size=100))
        used = client.request_count - before
    assert {r.tenant_id for r in results} == set(ids)
    manageable = sum(1 for r in results if r.licences is not None)
    assert 0 < manageable < 250
    assert used == -(-manageable // 100)  # only the bulk pages, no per-tenant calls


def test_bulk_licences_verify_absent(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=60)
    with make_client(server) as client:
        ids = _tenant_ids(client)
        plain = licence_map(list(client.iter_licences(ids, bulk=True)))
        checked = licence_map(list(client.iter_licences(ids, bulk=True, verify_absent=True)))
    assert plain == checked


def test_forbidden_tenants_are_not_manageable(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=40)
    forbidden = sorted(server.state.tenants)[:5]
    server.set_faults(forbidden_tenants=forbidden)
    with make_client(server) as client:
        ids = _tenant_ids(client)
        per_tenant = licence_map(list(client.iter_licences(ids, bulk=False)))
        bulk = licence_map(list(client.iter_licences(ids, bulk=True)))
    for tid in forbidden:
        assert per_tenant[tid] is None
        assert bulk[tid] is None
    assert per_tenant == bulk
    assert len(per_tenant) == 40


def test_unknown_tenant_licences_do_not_fail_the_run(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=5)
    ghost = "11111111-2222-3333-4444-555555555555"
    with make_client(server) as client:
        ids = [*_tenant_ids(client), ghost]
        results = licence_map(list(client.iter_licences(ids, bulk=False)))
    assert len(results) == 6
    assert results[ghost] is None


def test_licences_via_tenant_api_host(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=20)
    with make_client(server, use_tenant_api_host=True) as client:
        ids = _tenant_ids(client)
        results = licence_map(list(client.iter_licences(ids, bulk=False)))
    assert set(results) == set(ids)


# ---------------------------------------------------------------- groups and extensions


def _find(server: SandboxServer, pred: Callable[[dict[str, Any]], bool]) -> str:
    for tid, raw in server.state.tenants.items():
        if pred(raw):
            return tid
    pytest.fail("no tenant with the wanted properties in this sandbox seed")


def test_rename_success_and_forbidden_and_invalid(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    tid = next(iter(server.state.tenants))
    with make_client(server) as client:
        tenant = client.rename(tid, "Nuovo nome — Società ✓")
        assert tenant.id == tid
        assert tenant.show_as == "Nuovo nome — Società ✓"
        assert client.get_tenant(tid).show_as == "Nuovo nome — Società ✓"
        with pytest.raises(ValidationError) as bad:
            client.rename(tid, "   ")
        assert bad.value.status == 400
        assert bad.value.message
    with (
        make_client(server, client_id="demo-readonly") as client,
        pytest.raises(ForbiddenError) as info,
    ):
        client.rename(tid, "Nope")
    assert info.value.status == 403
    assert "Bearer" not in info.value.message


def test_groups_add_and_remove(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=20)
    tids = sorted(server.state.tenants)[:2]
    with make_client(server) as client:
        groups = client.groups()
        assert groups, "the sandbox has customer groups"
        gid = groups[0].id
        client.add_to_group(gid, tids)
        assert gid in client.get_tenant(tids[0]).group_ids
        client.remove_from_group(gid, tids[0])
        assert gid not in client.get_tenant(tids[0]).group_ids
        assert gid in client.get_tenant(tids[1]).group_ids
        with pytest.raises(NotFoundError):
            client.add_to_group("no-such-group", tids)
    with make_client(server, client_id="demo-admin") as client, pytest.raises(ForbiddenError):
        client.add_to_group(gid, tids)


def test_request_assistance_and_conflict(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=120)
    tid = _find(
        server,
        lambda t: not t["partnerAssistance"]["enabled"] and not t["partnerAssistance"]["request"],
    )
    with make_client(server) as client:
        assert client.request_assistance(tid) == "pending"
        with pytest.raises(ConflictError) as info:
            client.request_assistance(tid)
    assert info.value.status == 409
    assert info.value.message


def test_launch_url_and_forbidden(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=120)
    enabled = _find(server, lambda t: t["partnerAssistance"]["enabled"])
    disabled = _find(server, lambda t: not t["partnerAssistance"]["enabled"])
    with make_client(server) as client:
        url = client.launch_url(enabled)
        assert url.startswith("http")
        with pytest.raises(ForbiddenError):
            client.launch_url(disabled)


def test_update_billing_type(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=120)
    term = _find(server, lambda t: t["billingType"] == "term")
    usage = _find(server, lambda t: t["billingType"] == "usage")
    with make_client(server) as client:
        result = client.update_billing_type(term, "usage")
        assert isinstance(result, dict)
        assert client.get_tenant(term).billing_type.value == "usage"
        with pytest.raises((ConflictError, ValidationError)) as info:
            client.update_billing_type(usage, "term")  # needs a licence key
        assert info.value.message


def test_unlink_scheduled_and_conflict(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=120)
    usage = _find(server, lambda t: t["billingType"] == "usage")
    with make_client(server) as client:
        result = client.unlink(usage)
        assert result["status"] == "scheduled"
        assert result.get("effectiveAt")
        # A term customer with an active licence cannot be unlinked.
        conflict = None
        for tid, raw in list(server.state.tenants.items()):
            if raw["billingType"] != "term":
                continue
            try:
                client.unlink(tid)
            except ConflictError as exc:
                conflict = exc
                break
            except PartnerApiError:
                continue
        assert conflict is not None
        assert conflict.status == 409
        assert conflict.message  # the server's reason


def test_create_tenant_and_validation(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=3)
    body: dict[str, Any] = {
        "name": "Müller & Söhne GmbH",
        "showAs": "Müller",
        "billingType": "usage",
        "dataGeography": "DE",
        "contact": {
            "firstName": "Anna",
            "lastName": "Müller",
            "email": "anna@example.com",
            "phone": "+49 30 123456",
            "address": {
                "address1": "Hauptstr. 1",
                "city": "Berlin",
                "countryCode": "DE",
                "postalCode": "10115",
            },
        },
    }
    with make_client(server) as client:
        tenant = client.create_tenant(body)
        assert tenant.name == "Müller & Söhne GmbH"
        assert tenant.id in server.state.tenants
        bad = {k: v for k, v in body.items() if k != "contact"}
        with pytest.raises(ValidationError) as info:
            client.create_tenant(bad)
        assert info.value.status == 400
        assert info.value.message
    with make_client(server, client_id="demo-readonly") as client, pytest.raises(ForbiddenError):
        client.create_tenant(body)
