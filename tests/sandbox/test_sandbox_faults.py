"""Fault injection (docs/partner-api.md §8): every key has the documented effect."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import Counter
from typing import Any

import httpx
import pytest

from desktop.sandbox import DEMO_SECRET, SandboxServer
from tests.helpers.sandbox import Api, get_token

TODAY = dt.date(2026, 6, 15)
pytestmark = pytest.mark.sandbox(customers=200, seed=31, today=TODAY)
DEFAULTS = {
    "latency_ms": 0,
    "rate_limit_per_s": None,  # off: public clients page at their natural pace (§6)
    "retry_after_header": True,
    "retry_after_omit_rate": 0,
    "error_rate": {},
    "drop_rate": 0,
    "truncate_page": None,
    "token_lifetime_s": 3600,
    "forbidden_tenants": [],
    "churn_between_pages": 0,
}


def post_faults(server: SandboxServer, body: Any) -> httpx.Response:
    return httpx.post(f"{server.base_url}/_sandbox/faults", json=body)


# ------------------------------------------------------------------ settings routes


def test_defaults(server: SandboxServer) -> None:
    r = httpx.get(f"{server.base_url}/_sandbox/faults")
    assert r.status_code == 200
    assert r.json() == DEFAULTS
    assert server.faults == DEFAULTS


def test_post_changes_only_named_keys(server: SandboxServer) -> None:
    r = post_faults(server, {"latency_ms": 5, "error_rate": {"503": 0.05}})
    assert r.status_code == 200
    expected = dict(DEFAULTS, latency_ms=5, error_rate={"503": 0.05})
    assert r.json() == expected
    assert httpx.get(f"{server.base_url}/_sandbox/faults").json() == expected
    r = post_faults(server, {"rate_limit_per_s": None})
    assert r.json()["latency_ms"] == 5 and r.json()["rate_limit_per_s"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"nonsense": 1},
        {"latency_ms": -1},
        {"latency_ms": "fast"},
        {"drop_rate": 1.5},
        {"error_rate": {"abc": 0.1}},
        {"error_rate": {"200": 0.1}},
        {"error_rate": [1]},
        {"retry_after_header": "no"},
        {"retry_after_omit_rate": 2},
        {"forbidden_tenants": "abc"},
        {"truncate_page": 1.5},
        [1, 2],
    ],
)
def test_post_rejects_bad_values(server: SandboxServer, body: Any) -> None:
    r = post_faults(server, body)
    assert r.status_code == 400
    assert r.json()["error"] == "badRequest"
    assert server.faults == DEFAULTS


def test_set_faults_python_api(server: SandboxServer) -> None:
    server.set_faults(churn_between_pages=2, truncate_page=3)
    assert httpx.get(f"{server.base_url}/_sandbox/faults").json()["truncate_page"] == 3
    copy = server.faults
    copy["latency_ms"] = 999
    assert server.faults["latency_ms"] == 0  # a copy
    with pytest.raises(ValueError):
        server.set_faults(bogus=1)


def test_constructor_faults() -> None:
    srv = SandboxServer(customers=1, faults={"latency_ms": 7})
    assert srv.faults["latency_ms"] == 7
    with pytest.raises(ValueError):
        SandboxServer(customers=1, faults={"drop_rate": 2})


# ------------------------------------------------------------------ effects


def test_latency(server: SandboxServer, api: Api) -> None:
    server.set_faults(latency_ms=250)
    start = time.perf_counter()
    assert api.get("/whoami/v1").status_code == 200
    assert time.perf_counter() - start >= 0.25


def test_rate_limit_with_retry_after(server: SandboxServer, api: Api) -> None:
    server.set_faults(rate_limit_per_s=3)
    statuses = [api.get("/whoami/v1") for _ in range(8)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, [r.status_code for r in statuses]
    assert sum(r.status_code == 200 for r in statuses) <= 3 + 1
    retry = limited[0].headers.get("Retry-After")
    assert retry is not None and int(retry) >= 1
    assert limited[0].json()["error"]
    # another client id has its own budget
    other = Api(server, "demo-admin")
    assert other.get("/whoami/v1").status_code == 200
    other.http.close()
    # the window slides: after a second the client may call again
    time.sleep(1.1)
    assert api.get("/whoami/v1").status_code == 200


def test_rate_limit_without_retry_after(server: SandboxServer, api: Api) -> None:
    server.set_faults(rate_limit_per_s=1, retry_after_header=False)
    responses = [api.get("/whoami/v1") for _ in range(4)]
    limited = [r for r in responses if r.status_code == 429]
    assert limited
    assert all("retry-after" not in r.headers for r in limited)


@pytest.mark.parametrize("value", [0, None])
def test_rate_limit_off(server: SandboxServer, api: Api, value: int | None) -> None:
    server.set_faults(rate_limit_per_s=value)
    assert all(api.get("/whoami/v1").status_code == 200 for _ in range(40))


def test_error_rate_all(server: SandboxServer, api: Api) -> None:
    server.set_faults(error_rate={"503": 1.0})
    r = api.get("/partner/v1/tenants")
    assert r.status_code == 503
    assert r.json()["error"]
    # the token route and /_sandbox are not affected
    assert get_token(server)
    assert httpx.get(f"{server.base_url}/_sandbox/faults").status_code == 200


def test_error_rate_share(server: SandboxServer, api: Api) -> None:
    server.set_faults(rate_limit_per_s=0, error_rate={"500": 0.3, "502": 0.2})
    counts = Counter(api.get("/whoami/v1").status_code for _ in range(200))
    assert set(counts) <= {200, 500, 502}
    assert 30 <= counts[500] <= 95, counts
    assert 15 <= counts[502] <= 70, counts
    assert counts[200] >= 60, counts


def test_drop_rate(server: SandboxServer) -> None:
    server.set_faults(drop_rate=1.0)
    token = None
    with pytest.raises(httpx.TransportError):
        token = get_token(server)
    assert token is None
    # /_sandbox is never dropped, so a client can switch the fault off again
    assert post_faults(server, {"drop_rate": 0.5}).status_code == 200
    outcomes = Counter()
    for _ in range(60):
        try:
            r = httpx.get(f"{server.base_url}/whoami/v1", timeout=5)
            outcomes[r.status_code] += 1
        except httpx.TransportError:
            outcomes["dropped"] += 1
    assert outcomes["dropped"] >= 10 and outcomes[401] >= 10, outcomes


def test_truncate_page(server: SandboxServer, api: Api) -> None:
    server.set_faults(truncate_page=2)
    ok = api.get("/partner/v1/tenants", params={"page": 1})
    assert ok.json()["items"]
    cut = api.get("/partner/v1/tenants", params={"page": 2})
    assert cut.status_code == 200
    assert int(cut.headers["content-length"]) == len(cut.content)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut.content)
    server.set_faults(truncate_page=None)
    full = api.get("/partner/v1/tenants", params={"page": 2})
    assert full.json()["items"]
    assert cut.content == full.content[: len(full.content) // 2]


def test_token_lifetime(server: SandboxServer) -> None:
    server.set_faults(token_lifetime_s=1)
    r = httpx.post(
        f"{server.base_url}/api/v2/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "demo-admin",
            "client_secret": DEMO_SECRET,
            "scope": "token",
        },
    )
    assert r.json()["expires_in"] == 1
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert httpx.get(f"{server.base_url}/whoami/v1", headers=headers).status_code == 200
    time.sleep(1.2)
    assert httpx.get(f"{server.base_url}/whoami/v1", headers=headers).status_code == 401


def test_forbidden_tenants(server: SandboxServer, api: Api) -> None:
    state = server.state
    tid = next(t for t in state.sorted_ids if state.is_manageable(t, frozenset()))
    headers = {"Authorization": f"Bearer {api.token}", "X-Tenant-ID": tid}
    assert api.http.get("/licenses/v1/licenses", headers=headers).status_code == 200
    server.set_faults(forbidden_tenants=[tid])
    assert api.http.get("/licenses/v1/licenses", headers=headers).status_code == 403


def test_churn_between_pages(server: SandboxServer, api: Api) -> None:
    server.set_faults(churn_between_pages=5)
    before = set(server.state.tenants)
    first = api.get("/partner/v1/tenants", params={"page": 1, "pageTotal": "true"}).json()
    assert set(server.state.tenants) == before  # page 1 never churns
    second = api.get("/partner/v1/tenants", params={"page": 2, "pageTotal": "true"}).json()
    after = set(server.state.tenants)
    assert len(after) == len(before) == first["pages"]["items"] == second["pages"]["items"]
    assert len(after - before) == 5
    assert len(before - after) == 5
    api.get("/partner/v1/tenants", params={"page": 3})
    assert len(set(server.state.tenants) - before) >= 5
    assert server.state.sorted_ids == sorted(server.state.tenants)


def test_concurrent_requests_with_faults(server: SandboxServer) -> None:
    server.set_faults(rate_limit_per_s=0, error_rate={"503": 0.5})
    token = get_token(server)
    headers = {"Authorization": f"Bearer {token}", "X-Partner-ID": server.partner_id}
    results: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            with httpx.Client(base_url=server.base_url, timeout=10) as c:
                for page in range(1, 11):
                    r = c.get("/partner/v1/tenants", params={"page": page}, headers=headers)
                    if r.status_code == 200:
                        r.json()
                    with lock:
                        results.append(r.status_code)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert len(results) == 80
    counts = Counter(results)
    assert set(counts) == {200, 503}, counts
    server.set_faults(error_rate={})
    assert httpx.get(f"{server.base_url}/whoami/v1", headers=headers).status_code == 200


def test_fault_randomness_is_seeded() -> None:
    sequences = []
    for _ in range(2):
        with SandboxServer(customers=3, seed=8, faults={"rate_limit_per_s": 0}) as srv:
            srv.set_faults(error_rate={"500": 0.5})
            api = Api(srv)
            sequences.append([api.get("/whoami/v1").status_code for _ in range(30)])
            api.http.close()
    assert sequences[0] == sequences[1]
    assert set(sequences[0]) == {200, 500}
