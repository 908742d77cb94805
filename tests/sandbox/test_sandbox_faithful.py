"""A faithful sandbox (issue 10): what real third-party clients rely on, the routes the
real service has beside tenants, named profiles, bounded request bodies, and the house
rules of ``desktop/sandbox`` (imports nothing of the app; the handler uses a public API).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desktop.sandbox import DEMO_SECRET, PROFILES, SandboxServer
from desktop.sandbox.cli import build_parser, faults_from_args
from tests.helpers.paths import ROOT
from tests.helpers.sandbox import token_body

SANDBOX = ROOT / "desktop" / "sandbox"
TODAY = dt.date(2026, 6, 15)


pytestmark = pytest.mark.sandbox(customers=180, seed=13, today=TODAY, shared=True)


@pytest.fixture()
def http(server: SandboxServer) -> Iterator[httpx.Client]:
    token = token_body(server)["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-Partner-ID": server.partner_id}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as client:
        yield client


def manageable(server: SandboxServer, want: bool = True) -> str:
    with server.state.lock:
        return next(
            t for t in server.state.sorted_ids if server.state.is_manageable(t, set()) is want
        )


# ---------------------------------------------------------------- public schema


def test_whoami_for_a_partner_has_a_null_data_region(http: httpx.Client) -> None:
    body = http.get("/whoami/v1").json()
    assert set(body) == {"id", "idType", "apiHosts"}
    assert body["apiHosts"] == {"global": http.base_url.__str__().rstrip("/"), "dataRegion": None}


def test_403_bodies_say_forbidden(server: SandboxServer, http: httpx.Client) -> None:
    r = http.get("/licenses/v1/licenses", headers={"X-Tenant-ID": manageable(server, False)})
    assert r.status_code == 403
    assert r.json()["error"] == "Forbidden" and r.json()["message"]
    r = http.get("/partner/v1/tenants", headers={"X-Partner-ID": "someone-else"})
    assert r.status_code == 403 and r.json()["error"] == "Forbidden"


def test_licences_response_has_organization(server: SandboxServer, http: httpx.Client) -> None:
    tid = manageable(server)
    body = http.get("/licenses/v1/licenses", headers={"X-Tenant-ID": tid}).json()
    assert body["tenant"] == {"id": tid}
    tenant = http.get(f"/partner/v1/tenants/{tid}").json()
    assert body["organization"] == tenant["organization"]
    for lic in body["licenses"]:
        assert re.fullmatch(r"D\d{9}", lic["licenseIdentifier"])
        assert lic["type"] in ("enterprise", "term", "trial", "usage", "perpetual")
        assert set(lic["usage"]["current"]) == {"count", "date", "collectedAt"}


def test_extension_tenant_route_pages_like_the_public_one(http: httpx.Client) -> None:
    for params in ({"pageSize": 7, "page": 3, "pageTotal": "true"}, {"page": 2}):
        public = http.get("/partner/v1/tenants", params=params).json()
        ext = http.get("/partner/v1/extensions/tenants", params=params).json()
        assert public["pages"] == ext["pages"]
        assert [t["id"] for t in public["items"]] == [t["id"] for t in ext["items"]]
    assert http.get("/partner/v1/extensions/tenants", params={"pageSize": 101}).status_code == 400
    partial = http.get("/partner/v1/extensions/tenants", params={"fields": "name,groups"})
    assert all(set(t) == {"id", "name", "groups"} for t in partial.json()["items"])
    public = http.get("/partner/v1/tenants", params={"fields": "name,groups"}).json()
    assert all(set(t) == {"id", "name"} for t in public["items"])


def test_no_extensions_means_no_extension_tenant_route() -> None:
    with SandboxServer(customers=5, extensions=False) as srv:
        token = token_body(srv)["access_token"]
        h = {"Authorization": f"Bearer {token}", "X-Partner-ID": srv.partner_id}
        assert (
            httpx.get(f"{srv.base_url}/partner/v1/extensions/tenants", headers=h).status_code == 404
        )
        tid = sorted(srv.state.tenants)[0]
        r = httpx.get(f"{srv.base_url}/partner/v1/extensions/tenants/{tid}", headers=h)
        assert r.status_code == 404


# ---------------------------------------------------------------- token route


def test_refresh_token_grant(server: SandboxServer) -> None:
    first = token_body(server)
    url = f"{server.base_url}/api/v2/oauth2/token"
    r = httpx.post(
        url, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert r.status_code == 200, r.text
    second = r.json()
    assert second["errorCode"] == "success" and second["access_token"] != first["access_token"]
    who = httpx.get(
        f"{server.base_url}/whoami/v1",
        headers={"Authorization": f"Bearer {second['access_token']}"},
    )
    assert who.status_code == 200
    # a refresh token works once; a made-up one never
    for refresh in (first["refresh_token"], "made-up"):
        r = httpx.post(url, data={"grant_type": "refresh_token", "refresh_token": refresh})
        assert r.status_code == 401 and r.json()["errorCode"] == "oauth.invalid_refresh_token"
    r = httpx.post(url, data={"grant_type": "password"})
    assert r.status_code == 400 and r.json()["errorCode"] == "oauth.unsupported_grant_type"


# ---------------------------------------------------------------- firewalls and billing


def test_partner_firewall_licences_paged(server: SandboxServer, http: httpx.Client) -> None:
    r = http.get("/licenses/v1/licenses/firewalls", params={"pageTotal": "true", "pageSize": 5})
    assert r.status_code == 200
    body = r.json()
    total = body["pages"]["items"]
    assert total > 5 and body["pages"]["total"] == -(-total // 5) and len(body["items"]) == 5
    seen = []
    for page in range(1, body["pages"]["total"] + 1):
        items = http.get(
            "/licenses/v1/licenses/firewalls", params={"page": page, "pageSize": 5}
        ).json()["items"]
        seen += [f["serialNumber"] for f in items]
    assert len(seen) == len(set(seen)) == total
    fw = body["items"][0]
    keys = {"serialNumber", "owner", "partner", "tenant", "billingTenant", "model", "modelType"}
    assert keys | {"licenses", "organization", "lastSeenAt"} == set(fw)
    assert fw["owner"]["type"] == "partner" and fw["modelType"] in ("hardware", "virtual")
    for lic in fw["licenses"]:  # every key a strict client (sfos-central-sdk) requires
        assert {"id", "licenseIdentifier", "product", "startDate", "perpetual", "type"} <= set(lic)
        assert isinstance(lic["quantity"], int) and isinstance(lic["product"]["features"], list)
    # the firewall route needs X-Partner-ID (or X-Tenant-ID)
    bare = {"Authorization": http.headers["Authorization"]}
    assert (
        httpx.get(f"{server.base_url}/licenses/v1/licenses/firewalls", headers=bare).status_code
        == 401
    )
    other = {**bare, "X-Partner-ID": "00000000-0000-4000-8000-000000000000"}
    assert (
        httpx.get(f"{server.base_url}/licenses/v1/licenses/firewalls", headers=other).status_code
        == 403
    )


def test_tenant_firewall_licences(server: SandboxServer, http: httpx.Client) -> None:
    owner = http.get("/licenses/v1/licenses/firewalls").json()["items"][0]["tenant"]["id"]
    mine = http.get("/licenses/v1/licenses/firewalls", headers={"X-Tenant-ID": owner}).json()
    assert mine["items"] and all(f["tenant"]["id"] == owner for f in mine["items"])
    r = http.get(
        "/licenses/v1/licenses/firewalls", headers={"X-Tenant-ID": manageable(server, False)}
    )
    assert r.status_code == 403


def test_billing_usage_key_paging(http: httpx.Client) -> None:
    url = f"/partner/v1/billing/usage/{TODAY.year}/{TODAY.month}"
    first = http.get(url, params={"pageSize": 10, "pageTotal": "true"}).json()
    total = first["pages"]["items"]
    assert total > 10 and first["pages"]["fromKey"] == "0" and first["pages"]["nextKey"]
    items, key = list(first["items"]), first["pages"]["nextKey"]
    while key:
        body = http.get(url, params={"pageSize": 10, "pageFromKey": key}).json()
        items += body["items"]
        key = body["pages"].get("nextKey")
    assert len(items) == total
    item = items[0]
    assert re.fullmatch(r"\d+\.\d\d", item["unitPrice"]) and item["accountId"]
    one = http.get(url, params={"accountId": item["accountId"]}).json()["items"]
    assert one and {i["accountId"] for i in one} == {item["accountId"]}
    r = http.get(f"/partner/v1/billing/usage/{TODAY.year + 1}/1")
    assert r.status_code == 404 and "No data" in r.json()["message"]


# ---------------------------------------------------------------- request bodies


def _raw(server: SandboxServer, request: bytes, timeout: float = 5) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        s.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return data


def test_a_huge_body_is_never_read_before_the_token_check(server: SandboxServer) -> None:
    """A 300 MB Content-Length with no token: 401 at once, nothing read, connection closed."""
    started = time.monotonic()
    head = (
        "POST /partner/v1/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {300 * 1024 * 1024}\r\n\r\n"
    ).encode()
    answer = _raw(server, head + b"{" * 1000)
    assert answer.startswith(b"HTTP/1.1 401"), answer[:80]
    assert b"Connection: close" in answer
    assert time.monotonic() - started < 5


def test_an_oversized_body_with_a_token_is_413(server: SandboxServer) -> None:
    token = token_body(server)["access_token"]
    head = (
        "POST /partner/v1/tenants HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nX-Partner-ID: {server.partner_id}\r\n"
        f"Content-Length: {50 * 1024 * 1024}\r\n\r\n"
    ).encode()
    answer = _raw(server, head)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    huge_form = (
        "POST /api/v2/oauth2/token HTTP/1.1\r\nHost: x\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {50 * 1024 * 1024}\r\n\r\n"
    ).encode()
    assert _raw(server, huge_form).startswith(b"HTTP/1.1 413")


# ---------------------------------------------------------------- profiles and defaults


def test_default_lets_a_client_page_every_tenant_at_full_speed() -> None:
    """No 429 by default: 40 pages back to back, as fast as the client can ask."""
    with SandboxServer(customers=400, seed=2) as srv:
        token = token_body(srv)["access_token"]
        h = {"Authorization": f"Bearer {token}", "X-Partner-ID": srv.partner_id}
        with httpx.Client(base_url=srv.base_url, headers=h) as c:
            codes = [
                c.get("/partner/v1/tenants", params={"page": p, "pageSize": 10}).status_code
                for p in range(1, 41)
            ]
    assert codes == [200] * 40


def test_real_profile() -> None:
    with SandboxServer(customers=60, seed=4, profile="real") as srv:
        assert srv.faults["rate_limit_per_s"] == 10 and 0 < srv.faults["retry_after_omit_rate"] < 1
        token = token_body(srv)["access_token"]
        h = {"Authorization": f"Bearer {token}", "X-Partner-ID": srv.partner_id}
        with httpx.Client(base_url=srv.base_url, headers=h) as c:
            assert c.get("/partner/v1/extensions").status_code == 404
            assert c.get("/partner/v1/licenses").status_code in (404, 429)
            time.sleep(1.1)
            answers = [c.get("/partner/v1/tenants", params={"page": 1}) for _ in range(60)]
    limited = [r for r in answers if r.status_code == 429]
    assert 30 <= len(limited) <= 55  # 10 per second get through
    with_header = [r for r in limited if "retry-after" in r.headers]
    assert with_header and len(with_header) < len(limited)  # Retry-After sometimes absent


def test_demo_profile_is_what_the_demo_uses() -> None:
    demo = PROFILES["demo"]
    assert demo.extensions and demo.bulk_licences and not demo.faults
    srv = SandboxServer(customers=1, profile="demo")
    assert srv.faults["rate_limit_per_s"] is None and "bulkLicenses" in srv.features()
    # desktop/services/demo.py starts SandboxServer with the defaults == the demo profile
    assert SandboxServer(customers=1).faults == srv.faults
    assert SandboxServer(customers=1).features() == srv.features()


def test_bulk_licences_can_be_switched_off_alone() -> None:
    srv = SandboxServer(customers=1, bulk_licences=False)
    assert "bulkLicenses" not in srv.features() and "tenantExtensions" in srv.features()


def test_cli_profile_and_overrides() -> None:
    args = build_parser().parse_args(["--profile", "real", "--retry-after-omit-rate", "0.2"])
    assert args.profile == "real" and faults_from_args(args) == {"retry_after_omit_rate": 0.2}
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--profile", "nonsense"])
    with pytest.raises(ValueError):
        SandboxServer(customers=1, profile="nonsense")
    srv = SandboxServer(customers=1, profile="real", faults={"rate_limit_per_s": None})
    assert srv.faults["rate_limit_per_s"] is None and not srv.extensions


# ---------------------------------------------------------------- the house


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_sandbox_imports_only_the_standard_library_and_itself() -> None:
    files = sorted(SANDBOX.rglob("*.py"))
    assert len(files) >= 10
    for path in files:
        for name in _imports(path):
            top = name.split(".")[0]
            if top == "desktop":
                assert name.startswith("desktop.sandbox"), f"{path.name} imports {name}"
            else:
                assert top in sys.stdlib_module_names or top == "__future__", (path.name, name)
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, desktop.sandbox.cli; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    app = [
        m for m in eval(loaded) if m.startswith("desktop.") and not m.startswith("desktop.sandbox")
    ]
    assert app == []


def test_sandbox_files_are_small_and_the_handler_uses_no_private_server_api() -> None:
    for path in SANDBOX.rglob("*.py"):
        lines = path.read_text("utf-8").count("\n")
        assert lines < 600, f"{path.relative_to(ROOT)} has {lines} lines"
    for path in [SANDBOX / "handler.py", *sorted((SANDBOX / "routes").glob("*.py"))]:
        text = path.read_text("utf-8")
        assert not re.search(r"\b(sb|sandbox|server)\._[a-z]", text), path.name


# ---------------------------------------------------------------- our client on both routes


@pytest.mark.parametrize("extensions", [True, False])
def test_our_client_reads_extension_data_only_where_offered(extensions: bool) -> None:
    from desktop.services.partner_api import ApiConfig, PartnerApiClient

    with SandboxServer(customers=120, seed=6, extensions=extensions) as srv:
        config = ApiConfig(srv.base_url, srv.base_url, "demo-super-admin", DEMO_SECRET)
        with PartnerApiClient(config) as client:
            client.capabilities()  # as the sync does before listing
            tenants = [t for page in client.iter_tenant_pages() for t in page.tenants]
        with PartnerApiClient(config) as client:  # an action's refresh discovers on its own
            one = client.get_tenant(tenants[0].id)
        with srv.state.lock:
            grouped = {t for t in srv.state.sorted_ids if srv.state.tenants[t]["groups"]}
    assert {t.id for t in tenants} == set(srv.state.sorted_ids)
    with_groups = {t.id for t in tenants if t.group_ids}
    assert with_groups == (grouped if extensions else set())
    assert bool(one.raw.get("partnerAssistance")) is extensions
