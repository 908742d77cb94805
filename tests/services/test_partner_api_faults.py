"""PartnerApiClient under the sandbox's fault injection: 429, 5xx, drops, token expiry,
truncated pages, cancellation, server down, and secrets never leaking.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from desktop.sandbox import SandboxServer
from desktop.services.partner_api import (
    ApiConfig,
    AuthenticationError,
    BadResponseError,
    CancelledError,
    PartnerApiClient,
    PartnerApiError,
    RateLimitedError,
    UnavailableError,
)
from tests.helpers.sandbox import client_config
from tests.helpers.sandbox import make_client as shared_make_client

ServerFactory = Callable[..., SandboxServer]


pytestmark = pytest.mark.sandbox(customers=30, seed=11, faults={"rate_limit_per_s": 0})


class SleepRecorder:
    """An injected ``sleep`` that records every delay and really sleeps (capped)."""

    def __init__(self, real_cap: float = 2.0) -> None:
        self.calls: list[float] = []
        self.real_cap = real_cap
        self.lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self.lock:
            self.calls.append(seconds)
        time.sleep(min(seconds, self.real_cap))


def config_for(base_url: str, **kw: Any) -> ApiConfig:
    return client_config(base_url, **{"read_timeout": 5.0, **kw})


def make_client(server: SandboxServer, **kw: Any) -> PartnerApiClient:
    return shared_make_client(server, **{"read_timeout": 5.0, **kw})


def tenant_ids(client: PartnerApiClient) -> set[str]:
    return {t.id for p in client.iter_tenant_pages() for t in p.tenants}


def api_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("partner-api")]


# ---------------------------------------------------------------- 429


def test_429_honours_retry_after(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=5, faults={"rate_limit_per_s": 2, "retry_after_header": True})
    sleeps = SleepRecorder()
    with make_client(server, sleep=sleeps, backoff_max=5.0, max_retries=10) as client:
        client.whoami()
        for _ in range(6):
            client.get_tenant(next(iter(server.state.tenants)))
    assert sleeps.calls, "the rate limit was hit"
    # Retry-After is whole seconds: the client slept exactly that, not a jittered backoff.
    assert all(s >= 1 and float(s).is_integer() for s in sleeps.calls)


def test_429_retry_after_is_capped(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=5, faults={"rate_limit_per_s": 2, "retry_after_header": True})
    sleeps = SleepRecorder()
    with make_client(server, sleep=sleeps, backoff_max=0.3, max_retries=20) as client:
        client.whoami()
        for _ in range(6):
            client.get_tenant(next(iter(server.state.tenants)))
    assert sleeps.calls
    assert all(s == pytest.approx(0.3) for s in sleeps.calls)


def test_429_without_retry_after_uses_jittered_backoff(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=5, faults={"rate_limit_per_s": 2, "retry_after_header": False})
    sleeps = SleepRecorder()
    with make_client(
        server, sleep=sleeps, backoff_base=0.2, backoff_max=0.8, max_retries=30
    ) as client:
        client.whoami()
        for _ in range(6):
            client.get_tenant(next(iter(server.state.tenants)))
    assert sleeps.calls
    assert all(0 <= s <= 0.8 for s in sleeps.calls)
    assert len(set(sleeps.calls)) > 1  # jitter


def test_429_is_not_a_failure_while_requests_get_through(make_sandbox: ServerFactory) -> None:
    # Issue 10: a 429 slows the client down; it never counts against max_retries.
    server = make_sandbox(customers=5, faults={"rate_limit_per_s": 1})
    with make_client(server, max_retries=2, backoff_max=2.0) as client:
        client.authenticate()
        tid = next(iter(server.state.tenants))
        for _ in range(6):
            assert client.get_tenant(tid).id == tid
        assert client.rate.stats.rate_limited >= 1  # the limit was hit, and paced
        assert client.rate.rate is not None and client.rate.rate <= 1.0


def test_429_gives_up_after_the_no_progress_budget(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=5)
    sleeps = SleepRecorder(real_cap=0.05)
    with make_client(server, sleep=sleeps, max_retries=2, rate_limit_budget=1.2) as client:
        client.authenticate()
        tid = next(iter(server.state.tenants))
        client.get_tenant(tid)
        server.set_faults(error_rate={"429": 1.0})
        with pytest.raises(RateLimitedError) as info:
            client.get_tenant(tid)
    assert info.value.status == 429
    assert len(sleeps.calls) > 2  # more 429s than max_retries: they are not "retries"
    assert "no request got through" in info.value.message
    assert "fetched" in info.value.message  # says how far it got


# ---------------------------------------------------------------- 5xx, drops, server down


def test_503_bursts_are_retried_to_success(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=250)
    with make_client(server, max_retries=10) as client:
        client.whoami()
        server.set_faults(error_rate={"503": 0.25, "500": 0.05})
        ids = tenant_ids(client)
        results = list(client.iter_licences(sorted(ids), bulk=False))
        assert client.request_count > 2 + 3 + 250  # some requests were retried
    assert ids == set(server.state.tenants)
    assert {r.tenant_id for r in results} == ids


def test_dropped_connections_are_retried_to_success(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=250)
    with make_client(server, max_retries=10) as client:
        client.whoami()
        server.set_faults(drop_rate=0.2)
        ids = tenant_ids(client)
        results = list(client.iter_licences(sorted(ids), bulk=True))
    assert ids == set(server.state.tenants)
    assert {r.tenant_id for r in results} == ids


def test_retries_exhausted_is_unavailable(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    sleeps = SleepRecorder(real_cap=0)
    with make_client(server, max_retries=3, sleep=sleeps) as client:
        client.whoami()
        server.set_faults(error_rate={"503": 1.0})
        before = client.request_count
        with pytest.raises(UnavailableError) as info:
            next(client.iter_tenant_pages())
        assert client.request_count - before == 4  # 1 try + 3 retries
    assert len(sleeps.calls) == 3
    assert info.value.status == 503
    assert "cannot be reached" in info.value.message
    assert "network" in info.value.message


def test_non_idempotent_post_is_not_retried_after_500(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=40)
    usage = next(tid for tid, t in server.state.tenants.items() if t["billingType"] == "usage")
    with make_client(server, max_retries=5) as client:
        client.whoami()
        server.set_faults(error_rate={"500": 1.0})
        before = client.request_count
        with pytest.raises(UnavailableError):
            client.unlink(usage)
        assert client.request_count - before == 1


def test_server_down_is_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on that port now: connection refused.
    sleeps = SleepRecorder(real_cap=0)
    client = PartnerApiClient(config_for(f"http://127.0.0.1:{port}", max_retries=2), sleep=sleeps)
    with client, pytest.raises(UnavailableError) as info:
        client.whoami()
    assert client.request_count == 3
    assert "cannot be reached" in info.value.message
    assert "network" in info.value.message.lower()


def test_server_stopped_between_sessions(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    with make_client(server, max_retries=1) as client:
        client.whoami()
    server.stop()
    with make_client(server, max_retries=1) as client, pytest.raises(UnavailableError):
        next(client.iter_tenant_pages())


# ---------------------------------------------------------------- tokens


def test_token_expiry_mid_run_is_transparent(
    make_sandbox: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = make_sandbox(customers=1000, faults={"token_lifetime_s": 1, "latency_ms": 150})
    caplog.set_level(logging.DEBUG, logger="partner_desk.api")
    with make_client(server, max_concurrency=2) as client:
        ids = tenant_ids(client)  # 10 pages, 2 at a time: well over one token lifetime
    assert ids == set(server.state.tenants)
    sign_ins = [r for r in caplog.records if "signed in" in r.getMessage()]
    assert len(sign_ins) >= 2


def test_401_on_expired_token_reauthenticates_once(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(faults={"token_lifetime_s": 1})
    with make_client(server) as client:
        client.whoami()
        client.capabilities()  # get_tenant's route depends on them (asked once)
        # Pretend the proactive refresh was missed: the next call meets a 401.
        client._token_refresh_at = float("inf")
        time.sleep(1.3)
        before = client.request_count
        assert client.get_tenant(next(iter(server.state.tenants)))
        assert client.request_count - before == 3  # 401, token, retry


def test_second_401_is_authentication_error(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(faults={"token_lifetime_s": 0})
    with make_client(server) as client, pytest.raises(AuthenticationError) as info:
        client.whoami()
    assert info.value.status == 401


def test_concurrent_refresh_signs_in_once(
    make_sandbox: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = make_sandbox(customers=800, faults={"latency_ms": 30})
    caplog.set_level(logging.DEBUG, logger="partner_desk.api")
    with make_client(server, max_concurrency=8) as client:
        tenant_ids(client)
    assert len([r for r in caplog.records if "signed in" in r.getMessage()]) == 1


# ---------------------------------------------------------------- bad answers


def test_truncated_page_is_bad_response(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=300, faults={"truncate_page": 2})
    with make_client(server, max_retries=2) as client, pytest.raises(BadResponseError) as info:
        list(client.iter_tenant_pages(100))
    assert "tenants page 2" in info.value.message
    assert "incomplete or invalid" in info.value.message
    assert not api_threads()


# ---------------------------------------------------------------- cancellation


def test_cancel_stops_iteration_within_one_second(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=3000, faults={"latency_ms": 200})
    cancel = threading.Event()
    outcome: list[BaseException | int] = []

    def run() -> None:
        pages = 0
        try:
            with make_client(server, cancel=cancel, max_concurrency=4) as client:
                for _ in client.iter_tenant_pages(100):
                    pages += 1
            outcome.append(pages)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.9)
    cancel.set()
    t0 = time.monotonic()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert time.monotonic() - t0 < 1.0
    assert len(outcome) == 1 and isinstance(outcome[0], CancelledError)
    assert not api_threads()


def test_cancel_wakes_backoff_sleep(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    cancel = threading.Event()
    with make_client(server, cancel=cancel, backoff_base=30, backoff_max=30) as client:
        client.whoami()
        server.set_faults(error_rate={"503": 1.0})
        threading.Timer(0.3, cancel.set).start()
        t0 = time.monotonic()
        with pytest.raises(CancelledError):
            client.get_tenant(next(iter(server.state.tenants)))
        assert time.monotonic() - t0 < 1.5


def test_cancel_before_request(make_sandbox: ServerFactory) -> None:
    server = make_sandbox()
    cancel = threading.Event()
    cancel.set()
    with make_client(server, cancel=cancel) as client:
        with pytest.raises(CancelledError):
            client.authenticate()
        assert client.request_count == 0


def test_breaking_out_of_iterator_leaves_no_threads(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=2000, faults={"latency_ms": 20})
    with make_client(server, max_concurrency=4) as client:
        it = client.iter_licences(sorted(server.state.tenants), bulk=False)
        next(it)
        it.close()
    assert not api_threads()


# ---------------------------------------------------------------- secrets


SECRET = "Very-Secret-Value-1234"


def test_secrets_never_leak(make_sandbox: ServerFactory, caplog: pytest.LogCaptureFixture) -> None:
    server = make_sandbox(customers=120)
    caplog.set_level(logging.DEBUG)
    config = config_for(server.base_url, secret=SECRET)
    assert SECRET not in repr(config)
    assert SECRET not in str(config)
    texts: list[str] = []
    with PartnerApiClient(config) as client:
        with pytest.raises(AuthenticationError) as info:
            client.authenticate()
        texts += [str(info.value), repr(info.value), info.value.message, repr(client)]
    # A successful run with the real secret: the token must not leak either.
    with PartnerApiClient(config_for(server.base_url)) as client:
        ids = tenant_ids(client)
        list(client.iter_licences(sorted(ids), bulk=False))
        token = client._token
        assert token
        with pytest.raises(PartnerApiError) as info2:
            client.get_tenant("00000000-0000-0000-0000-000000000000")
        texts += [str(info2.value), repr(info2.value), repr(client)]
    records = [r.getMessage() for r in caplog.records] + [repr(r.args) for r in caplog.records]
    for text in texts + records:
        assert SECRET not in text
        assert token not in text
        assert "Bearer" not in text
        assert "client_secret" not in text


def test_churn_between_pages_gives_unique_tenants(make_sandbox: ServerFactory) -> None:
    server = make_sandbox(customers=500, faults={"churn_between_pages": 5})
    with make_client(server) as client:
        pages = list(client.iter_tenant_pages(100))
    ids = [t.id for p in pages for t in p.tenants]
    assert len(ids) == len(set(ids))  # a tenant shifted onto a later page is not doubled
    assert {p.page for p in pages} == {1, 2, 3, 4, 5}
    assert len(ids) > 400
