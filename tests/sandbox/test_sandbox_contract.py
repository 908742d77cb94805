"""The public part of the Partner API contract (docs/partner-api.md §2-§6, §8) over real HTTP."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import httpx
import pytest

from desktop.sandbox import DEMO_CREDENTIALS, DEMO_SECRET, SandboxServer
from tests.helpers.sandbox import EXTENSION_KEYS, Api

TODAY = dt.date(2026, 6, 15)
CUSTOMERS = 250
pytestmark = pytest.mark.sandbox(
    customers=CUSTOMERS, seed=7, today=TODAY, faults={"rate_limit_per_s": 0}, shared=True
)

# The documented public tenant object (docs/partner-api.md §4), every key present as the
# real service sends it (real clients index them directly).
PUBLIC_KEYS = {
    "id",
    "name",
    "showAs",
    "dataGeography",
    "dataRegion",
    "billingType",
    "partner",
    "organization",
    "apiHost",
    "status",
    "contact",
}


# ------------------------------------------------------------------ authentication


def test_token_success_body(server: SandboxServer) -> None:
    with httpx.Client(base_url=server.base_url) as c:
        r = c.post(
            "/api/v2/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "demo-readonly",
                "client_secret": "sandbox",
                "scope": "token",
            },
        )
    assert r.status_code == 200
    body = r.json()
    assert body["errorCode"] == "success"
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["access_token"] and body["refresh_token"]
    assert "message" in body and body["trackingId"]
    assert r.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("client_id", "secret", "code"),
    [
        ("demo-super-admin", "wrong", "oauth.invalid_client_secret"),
        ("nobody", "sandbox", "oauth.invalid_client_id"),
    ],
)
def test_token_rejected(server: SandboxServer, client_id: str, secret: str, code: str) -> None:
    with httpx.Client(base_url=server.base_url) as c:
        r = c.post(
            "/api/v2/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
                "scope": "token",
            },
        )
    assert r.status_code == 401
    body = r.json()
    assert body["errorCode"] == code
    assert body["message"] == "Unauthorized"
    assert body["trackingId"]


def test_extra_credential_with_role() -> None:
    with (
        SandboxServer(customers=5, credentials=[("mine", "s3cret", "Partner Help Desk")]) as srv,
        httpx.Client(base_url=srv.base_url) as c,
    ):
        tok = c.post(
            "/api/v2/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "mine",
                "client_secret": "s3cret",
                "scope": "token",
            },
        ).json()["access_token"]
        r = c.get(
            "/partner/v1/extensions",
            headers={"Authorization": f"Bearer {tok}", "X-Partner-ID": srv.partner_id},
        )
        assert r.json()["role"] == "Partner Help Desk"
    with pytest.raises(ValueError):
        SandboxServer(customers=1, credentials=[("x", "y", "Emperor")])


@pytest.mark.parametrize("auth", [None, "Bearer nonsense", "Basic abc"])
def test_bad_token_401(server: SandboxServer, auth: str | None) -> None:
    headers = {"X-Partner-ID": server.partner_id}
    if auth:
        headers["Authorization"] = auth
    r = httpx.get(f"{server.base_url}/partner/v1/tenants", headers=headers)
    assert r.status_code == 401
    body = r.json()
    assert body["error"] == "Unauthorized"
    assert body["correlationId"] and body["requestId"]


def test_expired_token_401() -> None:
    with SandboxServer(customers=3, faults={"token_lifetime_s": 1}) as srv:
        api = Api(srv)
        assert api.get("/whoami/v1").status_code == 200
        time.sleep(1.3)
        r = api.get("/whoami/v1")
        assert r.status_code == 401
        assert r.json()["error"] == "Unauthorized"
        api.close()


def test_whoami(api: Api, server: SandboxServer) -> None:
    r = api.get("/whoami/v1", headers={"Authorization": f"Bearer {api.token}"})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == server.partner_id
    assert body["idType"] == "partner"
    assert body["apiHosts"]["global"] == server.base_url
    assert body["apiHosts"].get("dataRegion") is None


def test_partner_header_required(api: Api) -> None:
    r = api.get("/partner/v1/tenants", headers={"Authorization": f"Bearer {api.token}"})
    assert r.status_code == 401
    r = api.get("/partner/v1/tenants", headers=api.headers(**{"X-Partner-ID": "someone-else"}))
    assert r.status_code == 403
    assert r.json()["error"]


# ------------------------------------------------------------------ tenants paging


def test_first_page_without_page_total(api: Api) -> None:
    r = api.get("/partner/v1/tenants")
    assert r.status_code == 200
    body = r.json()
    assert len(body["items"]) == 50
    assert body["pages"] == {"current": 1, "size": 50, "maxSize": 100}


def test_page_total_and_last_page(api: Api, server: SandboxServer) -> None:
    r = api.get("/partner/v1/tenants", params={"pageSize": 100, "pageTotal": "true"})
    pages = r.json()["pages"]
    assert pages["total"] == math.ceil(CUSTOMERS / 100)
    assert pages["items"] == CUSTOMERS
    assert pages["size"] == 100 and pages["maxSize"] == 100 and pages["current"] == 1
    last = api.get("/partner/v1/tenants", params={"pageSize": 100, "page": 3}).json()
    assert len(last["items"]) == CUSTOMERS - 200
    assert last["pages"]["size"] == 100  # asked for, not the count on the page
    assert "total" not in last["pages"] and "items" not in last["pages"]


def test_all_pages_cover_every_tenant_once(api: Api, server: SandboxServer) -> None:
    seen: list[str] = []
    page = 1
    while True:
        body = api.get("/partner/v1/tenants", params={"pageSize": 37, "page": page}).json()
        if not body.get("items"):
            break
        seen.extend(t["id"] for t in body["items"])
        page += 1
    assert len(seen) == CUSTOMERS == len(set(seen))
    assert set(seen) == set(server.state.tenants)


def test_beyond_last_page_is_empty(api: Api) -> None:
    r = api.get("/partner/v1/tenants", params={"page": 99, "pageSize": 100})
    assert r.status_code == 200
    assert r.json()["items"] == []


def test_page_size_over_max(api: Api) -> None:
    r = api.get("/partner/v1/tenants", params={"pageSize": 101})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "badRequest"
    assert body["message"] == "pageSize must be <= 100"


@pytest.mark.parametrize("params", [{"page": 0}, {"page": "x"}, {"pageSize": 0}])
def test_bad_paging_params(api: Api, params: dict[str, Any]) -> None:
    assert api.get("/partner/v1/tenants", params=params).status_code == 400


def test_unknown_params_ignored(api: Api) -> None:
    a = api.get("/partner/v1/tenants", params={"pageSize": 10}).json()
    b = api.get("/partner/v1/tenants", params={"pageSize": 10, "sort": "x", "foo": "1"}).json()
    assert a == b


def test_fields_partial_response(api: Api) -> None:
    body = api.get("/partner/v1/tenants", params={"fields": "name,billingType"}).json()
    for item in body["items"]:
        assert set(item) == {"id", "name", "billingType"}


def test_tenant_by_id(api: Api, server: SandboxServer) -> None:
    tid = sorted(server.state.tenants)[5]
    r = api.get(f"/partner/v1/tenants/{tid}")
    assert r.status_code == 200
    stored = json.loads(json.dumps(server.state.tenants[tid]))
    extension_keys = set(EXTENSION_KEYS)
    assert r.json() == {k: v for k, v in stored.items() if k not in extension_keys}
    assert set(stored) & extension_keys == extension_keys
    # the extension route serves the whole object
    assert api.get(f"/partner/v1/extensions/tenants/{tid}").json() == stored
    assert (
        api.get("/partner/v1/extensions/tenants/00000000-0000-4000-8000-000000000000").status_code
        == 404
    )
    assert api.get("/partner/v1/tenants/00000000-0000-4000-8000-000000000000").status_code == 404


def test_utf8_json_and_content_length(api: Api) -> None:
    r = api.get("/partner/v1/tenants", params={"pageSize": 100})
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert int(r.headers["content-length"]) == len(r.content)
    text = r.content.decode("utf-8")
    assert "\\u" not in text  # ensure_ascii=False: accents and CJK are sent as UTF-8
    assert any(ord(ch) > 127 for ch in text)


def test_keep_alive_many_requests(api: Api) -> None:
    for _ in range(30):
        assert api.get("/whoami/v1").status_code == 200


def test_unknown_route_and_method(api: Api) -> None:
    assert api.get("/partner/v1/nothing").status_code == 404
    r = api.http.put("/partner/v1/tenants", headers=api.headers())
    assert r.status_code == 405
    assert r.json()["error"]


# ------------------------------------------------------------------ create tenants


def new_tenant(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Società Nuova S.r.l.",
        "billingType": "trial",
        "dataGeography": "IE",
        "contact": {
            "firstName": "Anna",
            "lastName": "Rossi",
            "email": "anna@example.com",
            "phone": "+39 02 1234567",
            "address": {
                "address1": "Via Roma 1",
                "city": "Forlì",
                "countryCode": "IT",
                "postalCode": "47121",
            },
        },
    }
    body.update(over)
    return body


def test_create_trial(api: Api, server: SandboxServer) -> None:
    r = api.post("/partner/v1/tenants", json=new_tenant(showAs="Nuova"))
    assert r.status_code == 201, r.text
    t = r.json()
    assert t["name"] == "Società Nuova S.r.l." and t["showAs"] == "Nuova"
    assert t["billingType"] == "trial" and t["dataRegion"] == "eu01"
    assert set(t) == PUBLIC_KEYS and t["apiHost"] is None  # a trial not yet activated
    ext = api.get(f"/partner/v1/extensions/tenants/{t['id']}").json()
    assert ext["createdByPartner"] is True and ext["partnerAssistance"]["enabled"] is True
    assert api.get(f"/partner/v1/tenants/{t['id']}").json()["name"] == t["name"]
    assert t["id"] in server.state.tenants


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "  "}, "name"),
        ({"billingType": "term"}, "billingType"),
        ({"dataGeography": None}, "dataGeography"),
        ({"dataGeography": "XX"}, "dataGeography"),
        ({"dataRegion": "mars01"}, "dataRegion"),
        ({"contact": None}, "contact"),
        ({"contact": {"firstName": "A"}}, "contact.lastName"),
    ],
)
def test_create_validation(api: Api, change: dict[str, Any], field: str) -> None:
    r = api.post("/partner/v1/tenants", json=new_tenant(**change))
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "badRequest"
    assert body["message"].startswith(f"{field}:")


def test_create_validation_contact_fields(api: Api) -> None:
    body = new_tenant()
    body["contact"]["email"] = "not-an-email"
    r = api.post("/partner/v1/tenants", json=body)
    assert r.status_code == 400 and r.json()["message"].startswith("contact.email:")
    body = new_tenant()
    del body["contact"]["address"]["postalCode"]
    r = api.post("/partner/v1/tenants", json=body)
    assert r.json()["message"].startswith("contact.address.postalCode:")
    r = api.http.post("/partner/v1/tenants", headers=api.headers(), content=b"{nope")
    assert r.status_code == 400


def test_create_usage_needs_super_admin(server: SandboxServer) -> None:
    admin = Api(server, "demo-admin")
    r = admin.post("/partner/v1/tenants", json=new_tenant(billingType="usage"))
    assert r.status_code == 403
    assert admin.post("/partner/v1/tenants", json=new_tenant()).status_code == 201
    admin.close()
    sa = Api(server)
    r = sa.post(
        "/partner/v1/tenants",
        json=new_tenant(billingType="usage", dataGeography=None, dataRegion="us03"),
    )
    assert r.status_code == 201
    assert r.json()["billingType"] == "usage" and r.json()["dataGeography"] == "US"
    sa.close()
    for cid in ("demo-readonly", "demo-helpdesk", "demo-business-admin"):
        other = Api(server, cid)
        assert other.post("/partner/v1/tenants", json=new_tenant()).status_code == 403
        other.close()


def test_create_usage_needs_msp_flex() -> None:
    with SandboxServer(customers=3, programs=("mspFlexConnect",)) as srv:
        api = Api(srv)
        assert (
            api.post("/partner/v1/tenants", json=new_tenant(billingType="usage")).status_code == 403
        )
        assert api.post("/partner/v1/tenants", json=new_tenant()).status_code == 201
        api.close()


# ------------------------------------------------------------------ licences


def test_licences_of_manageable_tenant(api: Api, server: SandboxServer) -> None:
    state = server.state
    tid = next(t for t in sorted(state.tenants) if state.is_manageable(t, frozenset()))
    r = api.get(
        "/licenses/v1/licenses",
        headers={"Authorization": f"Bearer {api.token}", "X-Tenant-ID": tid},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["tenant"] == {"id": tid}
    assert 1 <= len(body["licenses"]) <= 4
    for lic in body["licenses"]:
        assert {"id", "licenseIdentifier", "product", "startDate", "perpetual", "type"} <= set(lic)
        assert {"code", "name", "genericCode"} <= set(lic["product"])
        assert lic["type"] in {"trial", "term", "usage", "ordered", "enterprise", "perpetual"}
        assert isinstance(lic["usage"]["current"]["count"], int)
    assert body["licenses"] == state.licences[tid]


def test_licences_forbidden_and_missing_header(api: Api, server: SandboxServer) -> None:
    state = server.state
    tid = next(t for t in sorted(state.tenants) if not state.is_manageable(t, frozenset()))
    tenant = state.tenants[tid]
    assert not tenant["createdByPartner"] and not tenant["partnerAssistance"]["enabled"]
    auth = {"Authorization": f"Bearer {api.token}"}
    r = api.get("/licenses/v1/licenses", headers={**auth, "X-Tenant-ID": tid})
    assert r.status_code == 403 and r.json()["error"]
    assert api.get("/licenses/v1/licenses", headers=auth).status_code == 400


def test_public_only_mode() -> None:
    with SandboxServer(customers=20, extensions=False) as srv:
        api = Api(srv)
        assert api.get("/partner/v1/extensions").status_code == 404
        assert api.get("/partner/v1/licenses").status_code == 404
        assert api.get("/partner/v1/customer-groups").status_code == 404
        tid = sorted(srv.state.tenants)[0]
        r = api.http.patch(
            f"/partner/v1/tenants/{tid}", headers=api.headers(), json={"showAs": "x"}
        )
        assert r.status_code == 404
        assert api.post(f"/partner/v1/tenants/{tid}/unlink", json={}).status_code == 404
        items = api.get("/partner/v1/tenants").json()["items"]
        for item in items:
            for key in (
                "groups",
                "partnerAssistance",
                "managedCustomerOrder",
                "createdByPartner",
                "unlink",
            ):
                assert key not in item
        one = api.get(f"/partner/v1/tenants/{tid}").json()
        assert "groups" not in one
        assert api.post("/partner/v1/tenants", json=new_tenant()).status_code == 201
        api.close()


# ------------------------------------------------------------------ data


def licence_status(lic: dict[str, Any], today: dt.date) -> str:
    if lic["type"] == "trial":
        end = lic.get("endDate")
        return "trial" if end is None or end >= today.isoformat() else "trial-expired"
    if lic["perpetual"] or not lic.get("endDate"):
        return "active"
    days = (dt.date.fromisoformat(lic["endDate"]) - today).days
    if days > 30:
        return "active"
    if days >= 0:
        return "expiring"
    return "expired" if -days < 60 else "lapsed"


def test_realistic_mix() -> None:
    srv = SandboxServer(customers=2000, seed=3, today=TODAY)
    state = srv.state
    tenants = list(state.tenants.values())
    billing = Counter(t["billingType"] for t in tenants)
    assert 0.50 < billing["term"] / 2000 < 0.60
    assert 0.25 < billing["usage"] / 2000 < 0.35
    assert 0.11 < billing["trial"] / 2000 < 0.19
    assert 5 <= sum(t["managedCustomerOrder"] for t in tenants) <= 200
    # every documented key present (apiHost null for trials not yet activated)
    assert all(set(t) >= PUBLIC_KEYS for t in tenants)
    trials_without_host = [t for t in tenants if t["apiHost"] is None]
    assert trials_without_host and all(t["billingType"] == "trial" for t in trials_without_host)
    assert all(t["apiHost"] is not None for t in tenants if t["billingType"] != "trial")
    assert all(t["organization"]["id"] and t["contact"]["address"] for t in tenants)
    names = " ".join(t["name"] for t in tenants)
    for needle in ("à", "ü", "ß", "株式会社", "🍕"):
        assert needle in names
    assert sum(t["showAs"] != t["name"] for t in tenants) > 50
    regions = {t["dataRegion"] for t in tenants}
    assert {"us01", "us03", "eu01", "eu02", "ca01", "au01", "jp01", "br01", "in01"} <= regions
    geo_of = {
        "us": "US",
        "eu01": "IE",
        "eu02": "DE",
        "ca": "CA",
        "au": "AU",
        "jp": "JP",
        "br": "BR",
        "in": "IN",
    }
    for t in tenants:
        r = t["dataRegion"]
        assert geo_of.get(r, geo_of.get(r[:2])) == t["dataGeography"]
    not_manageable = [t for t in state.tenants if not state.is_manageable(t, frozenset())]
    assert 0.04 < len(not_manageable) / 2000 < 0.11
    # licences: every status occurs; wireless / phish never active; the real shape
    statuses: Counter[str] = Counter()
    live_by_code: Counter[str] = Counter()
    codes: set[str] = set()
    types: Counter[str] = Counter()
    perpetual = 0
    for tid in state.tenants:
        for lic in state.licences[tid]:
            st = licence_status(lic, TODAY)
            statuses[st] += 1
            code = lic["product"]["code"]
            codes.add(code)
            types[lic["type"]] += 1
            perpetual += lic["perpetual"]
            assert re.fullmatch(r"D\d{9}", lic["licenseIdentifier"]), lic
            current = lic["usage"]["current"]
            assert isinstance(current["count"], int) and current["date"] and current["collectedAt"]
            if st in ("active", "expiring", "trial"):
                live_by_code[code] += 1
    for st in ("active", "expiring", "expired", "lapsed", "trial", "trial-expired"):
        assert statuses[st] > 0, st
    for licence_type in ("enterprise", "term", "trial", "usage"):
        assert types[licence_type] > 0, licence_type
    assert perpetual > 0
    assert live_by_code["APX-MSP"] == 0 and live_by_code["CPHISH-MSP"] == 0  # wireless, phish
    assert {"APX-MSP", "CPHISH-MSP", "NDR-MSP"} <= codes
    assert {"CIXA-MSP", "CIXAXDR", "SVRCIXAXDR", "CIXAMTR-STD-MSP", "CEMA-MSP", "CW7-SUP"} <= codes
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", c) for c in codes)  # SKU-like, not camelCase
    groups = state.groups
    assert len(groups) == 6
    assert all(g["tenantCount"] > 0 for g in groups.values())


def _snapshot(srv: SandboxServer, ids: list[str]) -> str:
    state = srv.state
    data = []
    for tid in ids:
        t = {k: v for k, v in state.tenants[tid].items() if k != "apiHost"}
        data.append((t, state.licences[tid]))
    return json.dumps([data, list(state.groups.values())], ensure_ascii=False, sort_keys=True)


def test_deterministic_data() -> None:
    a = SandboxServer(customers=500, seed=11, today=TODAY)
    b = SandboxServer(customers=500, seed=11, today=TODAY)
    c = SandboxServer(customers=500, seed=12, today=TODAY)
    assert a.partner_id == b.partner_id
    ids = sorted(a.state.tenants)
    assert ids == sorted(b.state.tenants)
    # licences are generated lazily: access order must not matter
    for tid in reversed(ids):
        b.state.licences[tid]
    assert _snapshot(a, ids) == _snapshot(b, ids)
    assert set(ids) != set(c.state.tenants)


def test_same_seed_same_pages() -> None:
    bodies = []
    for _ in range(2):
        with SandboxServer(customers=120, seed=5, today=TODAY, port=0) as srv:
            api = Api(srv)
            text = api.get("/partner/v1/tenants", params={"pageSize": 100, "page": 2}).text
            bodies.append(text.replace(srv.base_url, "BASE"))
            api.close()
    assert bodies[0] == bodies[1]


@pytest.mark.slow
def test_generate_100k_quickly() -> None:
    # CPU time, not wall time: on a machine busy with other work the wall clock says
    # nothing about the generator (it runs in this thread only)
    start = time.process_time()
    srv = SandboxServer(customers=100_000, seed=1, today=TODAY)
    elapsed = time.process_time() - start
    assert len(srv.state.tenants) == 100_000
    assert elapsed < 15, elapsed
    srv.start()
    try:
        api = Api(srv)
        r = api.get(
            "/partner/v1/tenants", params={"pageSize": 100, "page": 500, "pageTotal": "true"}
        )
        assert r.json()["pages"]["total"] == 1000
        assert len(r.json()["items"]) == 100
        api.close()
    finally:
        srv.stop()


# ------------------------------------------------------------------ server lifecycle


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_refuses_non_loopback(host: str) -> None:
    with pytest.raises(ValueError):
        SandboxServer(customers=1, host=host)


def test_localhost_binds_loopback_and_stop_is_idempotent() -> None:
    srv = SandboxServer(customers=2, host="localhost").start()
    assert srv.base_url.startswith("http://127.0.0.1:")
    assert srv.port > 0
    assert httpx.get(f"{srv.base_url}/_sandbox/faults").status_code == 200
    srv.stop()
    srv.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{srv.base_url}/_sandbox/faults", timeout=2)


def test_stop_closes_keep_alive_connections() -> None:
    srv = SandboxServer(customers=2).start()
    with httpx.Client(base_url=srv.base_url, timeout=3) as c:
        assert c.get("/_sandbox/faults").status_code == 200  # pooled keep-alive connection
        srv.stop()
        with pytest.raises(httpx.TransportError):
            c.get("/_sandbox/faults")


def test_handler_exception_gives_500_and_server_survives(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    def boom(*args: Any) -> None:
        raise RuntimeError("boom")

    server = api.server
    routes = tuple(
        dataclasses.replace(r, handler=boom) if r.name == "whoami" else r for r in server.routes
    )
    monkeypatch.setattr(server, "routes", routes)
    r = api.get("/whoami/v1")
    assert r.status_code == 500
    assert r.json()["error"] == "internalServerError"
    monkeypatch.undo()
    assert api.get("/whoami/v1").status_code == 200


def test_demo_credentials_constant() -> None:
    assert DEMO_SECRET == "sandbox"
    assert DEMO_CREDENTIALS == {
        "demo-super-admin": "Partner Super Admin",
        "demo-admin": "Partner Admin",
        "demo-helpdesk": "Partner Help Desk",
        "demo-readonly": "Partner Read-only",
        "demo-business-admin": "Partner Business Admin",
    }


# ------------------------------------------------------------------ CLI


def test_cli_subprocess_serves_and_stops_on_sigterm() -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop.sandbox",
            "--port",
            "0",
            "--customers",
            "30",
            "--seed",
            "4",
            "--rate-limit-per-s",
            "0",
            "--error-rate",
            "503=0",
            "--forbidden-tenant",
            "abc",
            "--credential",
            "ci:pw:Partner Admin",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = None
        lines = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "demo-readonly" in line and url:
                break
            if url is None and "http://127.0.0.1:" in line:
                url = line[line.index("http://") :].split()[0]
        assert url, lines
        text = "".join(lines)
        assert "sandbox" in text and "demo-super-admin" in text
        faults = httpx.get(f"{url}/_sandbox/faults").json()
        assert faults["rate_limit_per_s"] == 0
        assert faults["forbidden_tenants"] == ["abc"]
        assert faults["error_rate"] == {"503": 0.0}
        with httpx.Client(base_url=url) as c:
            r = c.post(
                "/api/v2/oauth2/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "ci",
                    "client_secret": "pw",
                    "scope": "token",
                },
            )
            assert r.status_code == 200
            who = c.get(
                "/whoami/v1", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
            )
            assert who.status_code == 200
            assert who.json()["id"] in text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()


def test_cli_rejects_bad_flags() -> None:
    from desktop.sandbox.cli import run

    with pytest.raises(SystemExit):
        run(["--error-rate", "oops"])
    with pytest.raises(SystemExit):
        run(["--credential", "only-id"])
    assert run(["--host", "0.0.0.0", "--customers", "1"]) == 2
