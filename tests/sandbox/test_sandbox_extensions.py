"""Console extensions (docs/partner-api.md §7): discovery, role checks and business rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from desktop.sandbox import DEMO_CREDENTIALS, SandboxServer
from tests.helpers.sandbox import EXTENSION_KEYS, Api

TODAY = dt.date(2026, 6, 15)
ROLE_IDS = {role: cid for cid, role in DEMO_CREDENTIALS.items()}


pytestmark = pytest.mark.sandbox(
    customers=300, seed=21, today=TODAY, faults={"rate_limit_per_s": 0}
)


@pytest.fixture()
def as_role(server: SandboxServer) -> Iterator[Callable[[str], Api]]:
    clients: list[Api] = []

    def make(client_id: str) -> Api:
        api = Api(server, client_id)
        clients.append(api)
        return api

    yield make
    for c in clients:
        c.http.close()


@pytest.fixture()
def sa(as_role: Callable[[str], Api]) -> Api:
    return as_role("demo-super-admin")


def find(server: SandboxServer, pred: Callable[[dict[str, Any]], bool]) -> str:
    state = server.state
    with state.lock:
        for tid in state.sorted_ids:
            if pred(state.tenants[tid]):
                return tid
    raise AssertionError("no tenant matches")


def licences(server: SandboxServer, tid: str) -> list[dict[str, Any]]:
    with server.state.lock:
        return server.state.licences[tid]


# ------------------------------------------------------------------ discovery


@pytest.mark.parametrize("client_id", sorted(DEMO_CREDENTIALS))
def test_extensions_role(
    server: SandboxServer, as_role: Callable[[str], Api], client_id: str
) -> None:
    r = as_role(client_id).get("/partner/v1/extensions")
    assert r.status_code == 200
    body = r.json()
    assert body["role"] == DEMO_CREDENTIALS[client_id]
    assert set(body["features"]) == {
        "rename",
        "groups",
        "unlink",
        "billingType",
        "partnerAssistance",
        "launch",
        "bulkLicenses",
        "tenantExtensions",
    }
    assert body["partner"]["programs"] == ["mspFlex", "mspFlexConnect"]
    assert body["partner"]["name"]


def test_extensions_needs_partner_header(server: SandboxServer, sa: Api) -> None:
    r = sa.http.get("/partner/v1/extensions", headers={"Authorization": f"Bearer {sa.token}"})
    assert r.status_code == 401


def test_extension_fields_only_on_extension_routes(sa: Api) -> None:
    public = sa.get("/partner/v1/tenants", params={"pageSize": 100, "pageTotal": "true"}).json()
    extended = sa.get(
        "/partner/v1/extensions/tenants", params={"pageSize": 100, "pageTotal": "true"}
    ).json()
    assert public["pages"] == extended["pages"]
    assert [t["id"] for t in public["items"]] == [t["id"] for t in extended["items"]]
    for pub, ext in zip(public["items"], extended["items"], strict=True):
        assert not set(pub) & set(EXTENSION_KEYS)
        assert {k: v for k, v in ext.items() if k not in EXTENSION_KEYS} == pub
    one = extended["items"][0]
    assert sa.get(f"/partner/v1/extensions/tenants/{one['id']}").json() == one
    for item in extended["items"]:
        assert isinstance(item["groups"], list)
        assert isinstance(item["partnerAssistance"]["enabled"], bool)
        assert "request" in item["partnerAssistance"]
        assert isinstance(item["managedCustomerOrder"], bool)
        assert isinstance(item["createdByPartner"], bool)
        assert item["unlink"] is None


def test_auto_assistance_rules(server: SandboxServer) -> None:
    for t in server.state.tenants.values():
        auto = (
            t["billingType"] == "usage"
            or t["managedCustomerOrder"]
            or (t["billingType"] == "trial" and t["createdByPartner"])
        )
        if auto:
            assert t["partnerAssistance"]["enabled"], t["id"]


# ------------------------------------------------------------------ rename


@pytest.mark.parametrize(
    ("client_id", "status"),
    [
        ("demo-super-admin", 200),
        ("demo-admin", 200),
        ("demo-helpdesk", 403),
        ("demo-readonly", 403),
        ("demo-business-admin", 403),
    ],
)
def test_rename_roles(
    server: SandboxServer, as_role: Callable[[str], Api], client_id: str, status: int
) -> None:
    tid = server.state.sorted_ids[3]
    before = server.state.tenants[tid]["showAs"]
    r = as_role(client_id).request(
        "PATCH", f"/partner/v1/tenants/{tid}", json={"showAs": " Zoë ☕ "}
    )
    assert r.status_code == status
    if status == 200:
        assert r.json()["showAs"] == "Zoë ☕"
        assert as_role(client_id).get(f"/partner/v1/tenants/{tid}").json()["showAs"] == "Zoë ☕"
    else:
        assert server.state.tenants[tid]["showAs"] == before


@pytest.mark.parametrize("value", ["", "   ", "x" * 101, "bad\nname", "tab\there", 5, None])
def test_rename_validation(server: SandboxServer, sa: Api, value: Any) -> None:
    tid = server.state.sorted_ids[4]
    r = sa.request("PATCH", f"/partner/v1/tenants/{tid}", json={"showAs": value})
    assert r.status_code == 400
    assert r.json()["message"].startswith("showAs:")


def test_rename_edges(server: SandboxServer, sa: Api) -> None:
    tid = server.state.sorted_ids[5]
    r = sa.request("PATCH", f"/partner/v1/tenants/{tid}", json={"showAs": "y" * 100})
    assert r.status_code == 200
    r = sa.request("PATCH", "/partner/v1/tenants/unknown-id", json={"showAs": "ok"})
    assert r.status_code == 404


# ------------------------------------------------------------------ groups


def test_groups_list(server: SandboxServer, sa: Api) -> None:
    items = sa.get("/partner/v1/customer-groups").json()["items"]
    assert len(items) == 6
    counts: dict[str, int] = {}
    for t in server.state.tenants.values():
        for g in t["groups"]:
            counts[g["id"]] = counts.get(g["id"], 0) + 1
    for g in items:
        assert {"id", "name", "description", "tenantCount"} <= set(g)
        assert g["tenantCount"] == counts.get(g["id"], 0)


def test_group_membership_super_admin_only(
    server: SandboxServer, as_role: Callable[[str], Api]
) -> None:
    gid = next(iter(server.state.groups))
    tid = find(server, lambda t: not any(g["id"] == gid for g in t["groups"]))
    for cid in ("demo-admin", "demo-helpdesk", "demo-readonly", "demo-business-admin"):
        api = as_role(cid)
        r = api.post(f"/partner/v1/customer-groups/{gid}/tenants", json={"tenantIds": [tid]})
        assert r.status_code == 403, cid
        r = api.request("DELETE", f"/partner/v1/customer-groups/{gid}/tenants/{tid}")
        assert r.status_code == 403, cid
    sa = as_role("demo-super-admin")
    before = server.state.groups[gid]["tenantCount"]
    r = sa.post(f"/partner/v1/customer-groups/{gid}/tenants", json={"tenantIds": [tid]})
    assert r.status_code == 200
    assert r.json()["tenantCount"] == before + 1
    assert {"id": gid} in sa.get(f"/partner/v1/extensions/tenants/{tid}").json()["groups"]
    # adding twice is harmless
    r = sa.post(f"/partner/v1/customer-groups/{gid}/tenants", json={"tenantIds": [tid]})
    assert r.json()["tenantCount"] == before + 1
    r = sa.request("DELETE", f"/partner/v1/customer-groups/{gid}/tenants/{tid}")
    assert r.status_code == 200
    assert r.json()["tenantCount"] == before
    assert {"id": gid} not in sa.get(f"/partner/v1/extensions/tenants/{tid}").json()["groups"]
    r = sa.request("DELETE", f"/partner/v1/customer-groups/{gid}/tenants/{tid}")
    assert r.status_code == 404


def test_group_errors(server: SandboxServer, sa: Api) -> None:
    gid = next(iter(server.state.groups))
    tid = server.state.sorted_ids[0]
    r = sa.post("/partner/v1/customer-groups/no-such-group/tenants", json={"tenantIds": [tid]})
    assert r.status_code == 404
    r = sa.post(f"/partner/v1/customer-groups/{gid}/tenants", json={"tenantIds": ["nope"]})
    assert r.status_code == 404
    r = sa.post(f"/partner/v1/customer-groups/{gid}/tenants", json={"tenantIds": []})
    assert r.status_code == 400
    r = sa.post(f"/partner/v1/customer-groups/{gid}/tenants", json={"ids": [tid]})
    assert r.status_code == 400


# ------------------------------------------------------------------ partner assistance, launch


def _off(t: dict[str, Any]) -> bool:
    pa = t["partnerAssistance"]
    return not pa["enabled"] and (pa["request"] is None or pa["request"]["status"] == "declined")


def test_assistance_request_flow(server: SandboxServer, sa: Api) -> None:
    tid = find(server, _off)
    base = f"/partner/v1/tenants/{tid}"
    assert sa.get(f"{base}/launch").status_code == 403
    r = sa.post(f"{base}/partner-assistance/request")
    assert r.status_code == 202
    assert r.json() == {"status": "pending"}
    t = sa.get(f"/partner/v1/extensions/tenants/{tid}").json()
    assert t["partnerAssistance"]["request"]["status"] == "pending"
    assert t["partnerAssistance"]["request"]["requestedAt"]
    assert sa.post(f"{base}/partner-assistance/request").status_code == 409
    assert sa.get(f"{base}/launch").status_code == 403
    r = httpx.post(f"{server.base_url}/_sandbox/tenants/{tid}/approve-assistance")
    assert r.status_code == 200
    assert r.json()["partnerAssistance"]["enabled"] is True
    # now manageable: licences and launch work
    lic = sa.http.get(
        "/licenses/v1/licenses",
        headers={"Authorization": f"Bearer {sa.token}", "X-Tenant-ID": tid},
    )
    assert lic.status_code == 200
    r = sa.get(f"{base}/launch")
    assert r.status_code == 200
    assert r.json()["url"].startswith("https://")
    assert sa.post(f"{base}/partner-assistance/request").status_code == 409
    r = httpx.post(f"{server.base_url}/_sandbox/tenants/{tid}/approve-assistance")
    assert r.status_code == 409
    r = httpx.post(f"{server.base_url}/_sandbox/tenants/nope/approve-assistance")
    assert r.status_code == 404


def test_assistance_request_on_enabled_409(server: SandboxServer, sa: Api) -> None:
    tid = find(server, lambda t: t["partnerAssistance"]["enabled"])
    assert sa.post(f"/partner/v1/tenants/{tid}/partner-assistance/request").status_code == 409


@pytest.mark.parametrize(
    ("client_id", "request_status", "launch_status"),
    [
        ("demo-super-admin", 202, 200),
        ("demo-admin", 202, 200),
        ("demo-helpdesk", 403, 200),
        ("demo-readonly", 403, 403),
        ("demo-business-admin", 403, 403),
    ],
)
def test_assistance_and_launch_roles(
    server: SandboxServer,
    as_role: Callable[[str], Api],
    client_id: str,
    request_status: int,
    launch_status: int,
) -> None:
    api = as_role(client_id)
    off = find(server, _off)
    assert api.post(f"/partner/v1/tenants/{off}/partner-assistance/request").status_code == (
        request_status
    )
    on = find(server, lambda t: t["partnerAssistance"]["enabled"])
    assert api.get(f"/partner/v1/tenants/{on}/launch").status_code == launch_status


# ------------------------------------------------------------------ billing type


def test_trial_to_usage_ends_trials(server: SandboxServer, sa: Api) -> None:
    tid = find(server, lambda t: t["billingType"] == "trial")
    assert any(lic["type"] == "trial" for lic in licences(server, tid))
    r = sa.post(f"/partner/v1/tenants/{tid}/billing-type", json={"billingType": "usage"})
    assert r.status_code == 200, r.text
    assert r.json()["billingType"] == "usage"
    assert r.json()["partnerAssistance"]["enabled"] is True
    for lic in licences(server, tid):
        if lic["type"] == "trial":
            assert lic["endDate"] < TODAY.isoformat()


def test_trial_to_usage_needs_msp_flex() -> None:
    with SandboxServer(customers=60, seed=2, today=TODAY, programs=("mspFlexConnect",)) as srv:
        api = Api(srv)
        tid = find(srv, lambda t: t["billingType"] == "trial")
        r = api.post(f"/partner/v1/tenants/{tid}/billing-type", json={"billingType": "usage"})
        assert r.status_code == 403
        assert srv.state.tenants[tid]["billingType"] == "trial"
        api.http.close()


def test_term_usage_round_trip(server: SandboxServer, sa: Api) -> None:
    tid = find(server, lambda t: t["billingType"] == "term")
    url = f"/partner/v1/tenants/{tid}/billing-type"
    assert sa.post(url, json={"billingType": "usage"}).json()["billingType"] == "usage"
    assert sa.post(url, json={"billingType": "usage"}).status_code == 409
    r = sa.post(url, json={"billingType": "term"})
    assert r.status_code == 400
    assert r.json()["message"].startswith("licenseKey:")
    r = sa.post(url, json={"billingType": "term", "licenseKey": "KEY-123"})
    assert r.status_code == 200
    assert r.json()["billingType"] == "term"
    assert any(lic["licenseIdentifier"] == "KEY-123" for lic in licences(server, tid))


@pytest.mark.parametrize(
    ("start", "target"),
    [("term", "trial"), ("trial", "term"), ("usage", "trial"), ("term", "term")],
)
def test_billing_conflicts(server: SandboxServer, sa: Api, start: str, target: str) -> None:
    tid = find(server, lambda t: t["billingType"] == start)
    r = sa.post(f"/partner/v1/tenants/{tid}/billing-type", json={"billingType": target})
    assert r.status_code == 409
    assert r.json()["message"]
    assert server.state.tenants[tid]["billingType"] == start


def test_billing_bad_input(server: SandboxServer, sa: Api) -> None:
    tid = find(server, lambda t: t["billingType"] == "term")
    url = f"/partner/v1/tenants/{tid}/billing-type"
    assert sa.post(url, json={"billingType": "monthly"}).status_code == 400
    assert (
        sa.post("/partner/v1/tenants/nope/billing-type", json={"billingType": "usage"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("client_id", "status"),
    [
        ("demo-super-admin", 200),
        ("demo-admin", 200),
        ("demo-business-admin", 200),
        ("demo-helpdesk", 403),
        ("demo-readonly", 403),
    ],
)
def test_billing_roles(
    server: SandboxServer, as_role: Callable[[str], Api], client_id: str, status: int
) -> None:
    tid = find(server, lambda t: t["billingType"] == "term")
    r = as_role(client_id).post(
        f"/partner/v1/tenants/{tid}/billing-type", json={"billingType": "usage"}
    )
    assert r.status_code == status


# ------------------------------------------------------------------ unlink


def _has_blocking_licence(server: SandboxServer, tid: str) -> bool:
    for lic in licences(server, tid):
        if lic["type"] == "trial":
            continue
        if lic["perpetual"] or not lic.get("endDate"):
            return True
        if (TODAY - dt.date.fromisoformat(lic["endDate"])).days < 60:
            return True
    return False


def test_unlink_blocked_by_active_licence(server: SandboxServer, sa: Api) -> None:
    tid = find(
        server, lambda t: t["billingType"] == "term" and _has_blocking_licence(server, t["id"])
    )
    r = sa.post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True})
    assert r.status_code == 409
    assert "licence" in r.json()["message"]
    assert tid in server.state.tenants


def test_unlink_blocked_by_recently_expired(server: SandboxServer, sa: Api) -> None:
    tid = find(server, lambda t: t["billingType"] == "term")
    with server.state.lock:
        lic = server.state.licences[tid]
        del lic[1:]
        lic[0]["type"] = "term"
        lic[0]["perpetual"] = False
        lic[0]["endDate"] = (TODAY - dt.timedelta(days=59)).isoformat()
    r = sa.post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True})
    assert r.status_code == 409
    assert "60 days" in r.json()["message"]
    with server.state.lock:
        lic[0]["endDate"] = (TODAY - dt.timedelta(days=60)).isoformat()
    r = sa.post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True})
    assert r.status_code == 200
    assert r.json() == {"status": "unlinked"}


def test_unlink_trial_removes_tenant(server: SandboxServer, sa: Api) -> None:
    tid = find(server, lambda t: t["billingType"] == "trial")
    total = sa.get("/partner/v1/tenants", params={"pageTotal": "true"}).json()["pages"]["items"]
    r = sa.post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True})
    assert r.status_code == 200
    assert r.json() == {"status": "unlinked"}
    assert sa.get(f"/partner/v1/tenants/{tid}").status_code == 404
    body = sa.get("/partner/v1/tenants", params={"pageTotal": "true", "pageSize": 100}).json()
    assert body["pages"]["items"] == total - 1
    ids = set()
    for page in range(1, body["pages"]["total"] + 1):
        ids |= {
            t["id"]
            for t in sa.get("/partner/v1/tenants", params={"pageSize": 100, "page": page}).json()[
                "items"
            ]
        }
    assert tid not in ids


def test_unlink_usage_is_scheduled(server: SandboxServer, sa: Api) -> None:
    tid = find(server, lambda t: t["billingType"] == "usage")
    r = sa.post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True})
    assert r.status_code == 200
    assert r.json() == {"status": "scheduled", "effectiveAt": "2026-07-01"}
    t = sa.get(f"/partner/v1/extensions/tenants/{tid}").json()
    assert t["unlink"] == {"status": "scheduled", "effectiveAt": "2026-07-01"}
    assert "unlink" not in sa.get(f"/partner/v1/tenants/{tid}").json()
    assert sa.post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True}).status_code == 409


def test_unlink_december_rolls_year() -> None:
    with SandboxServer(customers=40, seed=9, today=dt.date(2026, 12, 31)) as srv:
        api = Api(srv)
        tid = find(srv, lambda t: t["billingType"] == "usage")
        r = api.post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True})
        assert r.json()["effectiveAt"] == "2027-01-01"
        api.http.close()


@pytest.mark.parametrize(
    ("client_id", "status"),
    [
        ("demo-super-admin", 200),
        ("demo-admin", 200),
        ("demo-business-admin", 200),
        ("demo-helpdesk", 403),
        ("demo-readonly", 403),
    ],
)
def test_unlink_roles(
    server: SandboxServer, as_role: Callable[[str], Api], client_id: str, status: int
) -> None:
    tid = find(server, lambda t: t["billingType"] == "usage")
    r = as_role(client_id).post(f"/partner/v1/tenants/{tid}/unlink", json={"immediate": True})
    assert r.status_code == status


# ------------------------------------------------------------------ bulk licences


def test_bulk_licences(server: SandboxServer, sa: Api) -> None:
    state = server.state
    manageable = [t for t in state.sorted_ids if state.is_manageable(t, frozenset())]
    assert 0 < len(manageable) < len(state.sorted_ids)
    first = sa.get("/partner/v1/licenses", params={"pageSize": 100, "pageTotal": "true"}).json()
    assert first["pages"]["items"] == len(manageable)
    assert first["pages"]["total"] == -(-len(manageable) // 100)
    seen = []
    for page in range(1, first["pages"]["total"] + 2):
        body = sa.get("/partner/v1/licenses", params={"pageSize": 100, "page": page}).json()
        assert "total" not in body["pages"]
        seen.extend(body["items"])
    assert [i["tenantId"] for i in seen] == manageable
    one = seen[0]
    single = sa.http.get(
        "/licenses/v1/licenses",
        headers={"Authorization": f"Bearer {sa.token}", "X-Tenant-ID": one["tenantId"]},
    ).json()
    assert single["licenses"] == one["licenses"]
    assert sa.get("/partner/v1/licenses", params={"pageSize": 500}).status_code == 400


def test_bulk_licences_respects_forbidden(server: SandboxServer, sa: Api) -> None:
    state = server.state
    victim = next(t for t in state.sorted_ids if state.is_manageable(t, frozenset()))
    server.set_faults(forbidden_tenants=[victim])
    body = sa.get("/partner/v1/licenses", params={"pageSize": 100}).json()
    assert victim not in {i["tenantId"] for i in body["items"]}


ODD_BODIES: list[Any] = [None, [], "text", 5, {"showAs": ["x"]}, {"tenantIds": [1, None]}, {}]


def test_odd_input_never_500(server: SandboxServer, sa: Api) -> None:
    tid = server.state.sorted_ids[0]
    gid = next(iter(server.state.groups))
    routes = [
        ("PATCH", f"/partner/v1/tenants/{tid}"),
        ("POST", "/partner/v1/tenants"),
        ("POST", f"/partner/v1/customer-groups/{gid}/tenants"),
        ("POST", f"/partner/v1/tenants/{tid}/billing-type"),
        ("POST", f"/partner/v1/tenants/{tid}/partner-assistance/request"),
        ("POST", f"/partner/v1/tenants/{tid}/unlink"),
        ("POST", "/_sandbox/faults"),
    ]
    for method, path in routes:
        for body in ODD_BODIES:
            r = sa.request(method, path, json=body)
            assert r.status_code < 500, (method, path, body, r.text)
            assert r.json() is not None
        r = sa.request(method, path, content=b"\xff\xfe{")
        assert r.status_code < 500, (method, path)
    r = sa.get("/partner/v1/tenants", params={"pageSize": "1e3", "page": "-1"})
    assert r.status_code == 400
