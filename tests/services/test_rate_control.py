"""Syncs against the sandbox's rate limit and faults (issue 10): 429 is never a failure.

Every sync must complete with the same data as an unfaulted sync. No timing asserts:
the wall time against the floor Q/R is measured by ``benchmarks/sync_rate.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.partner_api import (
    ApiConfig,
    LicenceResult,
    PartnerApiClient,
    UnavailableError,
)
from desktop.services.sync import run_sync
from tests.helpers.db import content

CUSTOMERS = 250


def config(server: SandboxServer, client_id: str = "demo-super-admin", **kw: Any) -> ApiConfig:
    opts: dict[str, Any] = {"backoff_base": 0.05, "backoff_max": 2.0, "read_timeout": 10.0}
    opts.update(kw)
    return ApiConfig(
        identity_url=server.base_url,
        global_url=server.base_url,
        client_id=client_id,
        client_secret=DEMO_SECRET,
        **opts,
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, ...]]:
    path = tmp_path_factory.mktemp("ref") / "clean.sqlite3"
    with SandboxServer(customers=CUSTOMERS, seed=33, faults={"rate_limit_per_s": 0}) as server:
        summary = run_sync(path, config(server))
    assert summary.status == "ok", summary.error
    rows = content(path)
    assert len(rows) == CUSTOMERS
    return rows


@pytest.fixture
def limited() -> Iterator[SandboxServer]:
    with SandboxServer(customers=CUSTOMERS, seed=33, faults={"rate_limit_per_s": 0}) as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("retry_after", [True, False], ids=["retry-after", "no-retry-after"])
@pytest.mark.parametrize("rate", [1, 2, 5])
def test_rate_limited_sync_completes_with_the_same_data(
    limited: SandboxServer,
    reference: list[tuple[object, ...]],
    tmp_path: Path,
    rate: int,
    retry_after: bool,
) -> None:
    limited.set_faults(rate_limit_per_s=rate, retry_after_header=retry_after)
    # max_retries=1: were 429s counted as retries, this sync would fail.
    summary = run_sync(tmp_path / "c.sqlite3", config(limited, max_retries=1))
    assert summary.status == "ok", summary.error
    assert content(tmp_path / "c.sqlite3") == reference


@pytest.mark.parametrize("rate", [2, 5])
def test_rate_limit_with_503s_drops_and_short_tokens_completes(
    limited: SandboxServer, reference: list[tuple[object, ...]], tmp_path: Path, rate: int
) -> None:
    limited.set_faults(
        rate_limit_per_s=rate,
        error_rate={"503": 0.1},
        drop_rate=0.05,
        token_lifetime_s=5,
    )
    summary = run_sync(tmp_path / "c.sqlite3", config(limited, max_retries=6))
    assert summary.status == "ok", summary.error
    assert content(tmp_path / "c.sqlite3") == reference


def test_one_client_shares_one_controller_per_credential(limited: SandboxServer) -> None:
    with PartnerApiClient(config(limited)) as a, PartnerApiClient(config(limited)) as b:
        assert a.rate is b.rate
        other = config(limited, "demo-readonly")
        with PartnerApiClient(other) as c:
            assert c.rate is not a.rate


# ---------------------------------------------------------------- per-tenant licence errors


@pytest.fixture
def public() -> Iterator[SandboxServer]:
    with SandboxServer(
        customers=120, seed=34, extensions=False, faults={"rate_limit_per_s": 0}
    ) as server:
        yield server


def licences(client: PartnerApiClient, ids: list[str]) -> dict[str, LicenceResult]:
    return {r.tenant_id: r for r in client.iter_licences(ids, bulk=False)}


def test_a_tenant_whose_licences_keep_failing_gets_an_error_result(public: SandboxServer) -> None:
    with PartnerApiClient(config(public, max_retries=0, backoff_base=0.0)) as client:
        ids = sorted(t.id for p in client.iter_tenant_pages() for t in p.tenants)
        clean = licences(client, ids)
        public.set_faults(error_rate={"503": 0.2})
        faulty = licences(client, ids)
    assert set(faulty) == set(ids)  # every tenant has a result: the run did not fail
    errors = [r for r in faulty.values() if r.error is not None]
    assert errors, "with 20 % 503 and no retries some tenants must fail"
    assert len(errors) < len(ids)
    for r in errors:
        assert r.licences is None
        assert "503" in r.error
    for tid, r in faulty.items():
        if r.error is None:
            assert r == clean[tid]
    assert all(r.error is None for r in clean.values())


def test_licence_failures_in_a_row_mean_the_service_is_down(public: SandboxServer) -> None:
    with PartnerApiClient(config(public, max_retries=0, backoff_base=0.0)) as client:
        ids = sorted(t.id for p in client.iter_tenant_pages() for t in p.tenants)
        public.set_faults(error_rate={"503": 1.0})
        with pytest.raises(UnavailableError) as info:
            licences(client, ids)
    assert "503" in info.value.message


def test_licences_are_requested_in_the_order_given(public: SandboxServer) -> None:
    with PartnerApiClient(config(public, max_concurrency=1)) as client:
        ids = sorted(t.id for p in client.iter_tenant_pages() for t in p.tenants)
        order = list(reversed(ids))
        got = [r.tenant_id for r in client.iter_licences(order, bulk=False)]
    assert got == order


def test_a_token_is_taken_after_the_wait_for_a_slot(limited: SandboxServer) -> None:
    """A Retry-After pause longer than the token's life must not send a stale token."""
    import time

    limited.set_faults(token_lifetime_s=2)
    with PartnerApiClient(config(limited)) as client:
        client.whoami()
        tid = next(iter(limited.state.tenants))
        client.rate._pause_until = time.monotonic() + 2.5  # as after a Retry-After
        before = client.request_count
        assert client.get_tenant(tid).id == tid
        # capabilities + sign-in + tenant: no request went out with the expired token (401)
        assert client.request_count - before == 3
