"""The client against hostile servers (issue 10, "bounded everything").

Each case ends with a clear message or skipped items, holds memory bounded, and a
Cancel stops a stalled request. Bounds are functional (joins with a timeout far below
what the unbounded client would take), not timings of the code under test.
"""

from __future__ import annotations

import itertools
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.services.cache import Cache
from desktop.services.partner_api import (
    ApiConfig,
    BadResponseError,
    CancelledError,
    PartnerApiClient,
    PartnerApiError,
    UnavailableError,
)
from desktop.services.partner_api.parsing import id_problem
from desktop.services.partner_api.ratecontrol import RateController, parse_retry_after
from desktop.services.partner_api.streams import BoundedBackend, RawResponse, TooLarge, read_body
from desktop.services.sync import run_sync
from tests.helpers.hostile_server import HostileServer

Factory = Callable[..., HostileServer]


@pytest.fixture
def hostile() -> Iterator[Factory]:
    servers: list[HostileServer] = []

    def start(mode: str, **options: Any) -> HostileServer:
        server = HostileServer(mode, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def config(server: HostileServer, **kw: Any) -> ApiConfig:
    opts: dict[str, Any] = {
        "backoff_base": 0.01,
        "backoff_max": 0.1,
        "read_timeout": 60.0,  # the per-read timeout alone would not end these cases
        "request_deadline": 1.5,
        "max_response_bytes": 4 * 1024 * 1024,
    }
    opts.update(kw)
    return ApiConfig(
        identity_url=server.base_url,
        global_url=server.base_url,
        client_id="hostile",
        client_secret="hostile-secret",
        **opts,
    )


def list_tenants(server: HostileServer, **kw: Any) -> list[str]:
    with PartnerApiClient(config(server, **kw)) as client:
        client.capabilities()
        return [t.id for p in client.iter_tenant_pages(100) for t in p.tenants]


def in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(fn())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


# ---------------------------------------------------------------- deadlines


@pytest.mark.parametrize("mode", ["drip", "silence"])
def test_a_stalled_answer_ends_at_the_request_deadline(hostile: Factory, mode: str) -> None:
    server = hostile(mode, drip_s=0.3)
    thread, outcome = in_thread(lambda: list_tenants(server, max_timeout_retries=1))
    thread.join(timeout=30)  # read timeout 60 s: without a deadline this would hang
    assert not thread.is_alive()
    (error,) = outcome
    assert isinstance(error, UnavailableError), error
    assert not error.reachable
    assert "timed out" in error.message and "within 2 s" in error.message
    assert server.hits["/partner/v1/tenants"] == 2  # one try + one timeout retry


def test_the_bounded_backend_is_installed() -> None:
    with PartnerApiClient(
        ApiConfig("http://127.0.0.1:9", "http://127.0.0.1:9", "c", "s")
    ) as client:
        assert client.bounded_pools >= 1
        backend = client._http._transport._pool._network_backend  # type: ignore[attr-defined]
        assert isinstance(backend, BoundedBackend)


@pytest.mark.parametrize("mode", ["drip", "silence"])
def test_cancel_mid_request_stops_a_stalled_request(hostile: Factory, mode: str) -> None:
    server = hostile(mode, drip_s=0.5)
    cancel = threading.Event()

    def run() -> list[str]:
        cfg = config(server, request_deadline=120.0)
        with PartnerApiClient(cfg, cancel=cancel) as client:
            return [t.id for p in client.iter_tenant_pages(100) for t in p.tenants]

    thread, outcome = in_thread(run)
    for _ in range(100):  # until the tenants request is on the wire
        if server.hits["/partner/v1/tenants"]:
            break
        threading.Event().wait(0.05)
    assert server.hits["/partner/v1/tenants"] == 1
    cancel.set()
    thread.join(timeout=5)  # deadline 120 s, read timeout 60 s: only the cancel ends it
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], CancelledError)
    assert not [t for t in threading.enumerate() if t.name.startswith("partner-api")]


# ---------------------------------------------------------------- paging bounds


def test_endless_full_pages_stop_at_the_page_cap(hostile: Factory) -> None:
    server = hostile("endless")
    with pytest.raises(BadResponseError) as info:
        list_tenants(server, max_pages=12)
    assert "beyond 12 pages" in info.value.message
    assert server.hits["/partner/v1/tenants"] == 12


def test_the_same_page_forever_stops_when_a_page_brings_nothing_new(hostile: Factory) -> None:
    server = hostile("repeat", customers=300)
    ids = list_tenants(server)
    assert len(ids) == 100
    assert server.hits["/partner/v1/tenants"] == 2


def test_a_billion_pages_announced_stop_at_the_first_empty_page(hostile: Factory) -> None:
    server = hostile("huge_total")
    ids = list_tenants(server, max_concurrency=2)
    assert len(ids) == len(set(ids)) == 300
    # 3 real pages, one empty page, and at most the window of pages already asked for
    assert server.hits["/partner/v1/tenants"] <= 4 + 2 * 2


def test_a_billion_pages_of_new_tenants_stop_at_the_page_cap(hostile: Factory) -> None:
    server = hostile("huge_total_full")
    with pytest.raises(BadResponseError) as info:
        list_tenants(server, max_pages=15, max_concurrency=3)
    assert "beyond 15 pages" in info.value.message
    assert server.hits["/partner/v1/tenants"] == 15


# ---------------------------------------------------------------- size caps


def _peak_mb(fn: Callable[[], Any]) -> tuple[Any, float]:
    tracemalloc.start()
    try:
        try:
            result: Any = fn()
        except PartnerApiError as exc:
            result = exc
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak / (1024 * 1024)


def test_a_gzip_bomb_is_refused_without_inflating_it(hostile: Factory) -> None:
    server = hostile("gzip_bomb", bomb_mb=600)
    result, peak = _peak_mb(lambda: list_tenants(server))
    assert isinstance(result, BadResponseError)
    assert "larger than 4 MB" in result.message
    assert peak < 40, f"{peak:.0f} MB"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_200_mb_page_is_refused(hostile: Factory, chunked: bool) -> None:
    server = hostile("big", big_mb=200, chunked=chunked)
    result, peak = _peak_mb(lambda: list_tenants(server))
    assert isinstance(result, BadResponseError)
    assert "larger than 4 MB" in result.message
    assert peak < 40, f"{peak:.0f} MB"


def test_read_body_decodes_gzip_and_deflate_within_the_cap() -> None:
    import gzip
    import zlib

    payload = b'{"items": []}' * 1000
    for encoding, body in (
        ("gzip", gzip.compress(payload)),
        ("deflate", zlib.compress(payload)),
        ("deflate", zlib.compress(payload)[2:-4]),  # raw deflate, as some servers send
        ("gzip, gzip", gzip.compress(gzip.compress(payload))),
        ("", payload),
    ):
        headers = {"Content-Encoding": encoding} if encoding else {}
        resp = httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))
        assert read_body(resp, len(payload)) == payload
        resp = httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))
        with pytest.raises(TooLarge):
            read_body(resp, len(payload) - 1)


# ---------------------------------------------------------------- bad items


def test_unusable_tenant_ids_are_skipped_and_counted(hostile: Factory) -> None:
    server = hostile("bad_ids")
    with PartnerApiClient(config(server)) as client:
        pages = list(client.iter_tenant_pages(100))
        assert client.skipped_items == 5
    ids = [t.id for p in pages for t in p.tenants]
    assert ids == server.ids[:5]
    skipped = [msg for p in pages for msg in p.skipped]
    assert len(skipped) == 5
    for msg in skipped:  # the warning never carries the raw control characters
        assert not any(ch in msg for ch in "\r\n\x00\u202e\u2066")


def test_a_sync_with_unusable_ids_completes_with_warnings(hostile: Factory, tmp_path: Path) -> None:
    server = hostile("bad_ids")
    summary = run_sync(tmp_path / "c.sqlite3", config(server))
    assert summary.status == "ok", summary.error
    assert summary.customers == 5
    assert sum("skipped" in w for w in summary.warnings) == 5
    with Cache.open(tmp_path / "c.sqlite3") as cache:
        assert sorted(r.id for r in cache.load_rows()) == sorted(server.ids[:5])


@pytest.mark.parametrize(
    "value",
    ["a\r\nb", "nul\x00", "\u202eevil", "x\u2067", "", "  ", 12, None, ["a"], "a" * 201, " a"],
)
def test_id_problem_refuses(value: object) -> None:
    assert id_problem(value)


@pytest.mark.parametrize("value", ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", "Società-1", "日本"])
def test_id_problem_accepts(value: str) -> None:
    assert id_problem(value) is None


def test_deeply_nested_json_is_a_clear_error(hostile: Factory) -> None:
    server = hostile("nested", depth=200_000)
    with pytest.raises(BadResponseError) as info:
        list_tenants(server)
    assert "nested too deeply" in info.value.message


def test_each_hostile_sync_keeps_the_previous_snapshot(hostile: Factory, tmp_path: Path) -> None:
    good = hostile("ok", customers=120)
    path = tmp_path / "c.sqlite3"
    assert run_sync(path, config(good)).status == "ok"
    with Cache.open(path) as cache:
        before = sorted(r.id for r in cache.load_rows())
    assert len(before) == 120
    for mode in ("silence", "gzip_bomb", "nested", "endless"):
        server = hostile(mode, bomb_mb=100)
        summary = run_sync(path, config(server, max_pages=5))
        assert summary.status == "failed", mode
        assert summary.error, mode
        with Cache.open(path) as cache:
            assert sorted(r.id for r in cache.load_rows()) == before, mode


# ---------------------------------------------------------------- extension tenant route


def test_tenant_extensions_route_is_used_when_offered(hostile: Factory) -> None:
    server = hostile("ok", customers=150, extensions=["groups", "tenantExtensions"])
    with PartnerApiClient(config(server)) as client:
        assert client.capabilities().has("tenantExtensions")
        tenants = [t for p in client.iter_tenant_pages(100) for t in p.tenants]
        one = client.get_tenant(server.ids[0])
    assert len(tenants) == 150 and all(t.group_ids == ("g1",) for t in tenants)
    assert one.group_ids == ("g1",)
    assert server.hits["/partner/v1/extensions/tenants"] == 2
    assert server.hits["/partner/v1/tenants"] == 0
    assert server.hits[f"/partner/v1/extensions/tenants/{server.ids[0]}"] == 1


@pytest.mark.parametrize("features", [None, ["groups"]], ids=["no-extensions", "without-feature"])
def test_public_tenant_route_without_the_feature(hostile: Factory, features: Any) -> None:
    server = hostile("ok", customers=150, extensions=features)
    with PartnerApiClient(config(server)) as client:
        client.capabilities()
        tenants = [t for p in client.iter_tenant_pages(100) for t in p.tenants]
        client.get_tenant(server.ids[0])
    assert len(tenants) == 150
    assert server.hits["/partner/v1/tenants"] == 2
    assert server.hits["/partner/v1/extensions/tenants"] == 0
    assert server.hits[f"/partner/v1/tenants/{server.ids[0]}"] == 1


def test_get_tenant_discovers_the_route_once(hostile: Factory) -> None:
    server = hostile("ok", customers=10, extensions=["tenantExtensions"])
    with PartnerApiClient(config(server)) as client:
        for tid in server.ids[:3]:
            client.get_tenant(tid)
    assert server.hits["/partner/v1/extensions"] == 1
    assert server.hits["/partner/v1/tenants/" + server.ids[0]] == 0


# ---------------------------------------------------------------- rate controller units


def test_retry_after_parses_seconds_and_http_dates() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("nonsense") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after(None) is None
    import email.utils
    import time

    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    delay = parse_retry_after(later)
    assert delay is not None and 25 <= delay <= 31
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_controller_learns_the_limit_and_recovers() -> None:
    clock = FakeClock()
    rc = RateController(max_concurrency=8, clock=clock)
    never = lambda: False  # noqa: E731
    assert rc.rate is None  # unlimited until the server says otherwise
    # The server accepted 5 requests in the last second, then refused one.
    for _i in range(5):
        t = rc.acquire(never)
        assert t is not None
        clock.now += 0.19
        rc.release_ok(t)
    t = rc.acquire(never)
    assert t is not None
    rc.release_rate_limited(t, retry_after=1.0)
    assert rc.rate is not None and 4.0 <= rc.rate < 5.0
    assert rc.concurrency == 6  # cut by a quarter
    assert rc.stats.pauses == 1 and rc.stalled_for() == 0.0
    clock.now += 2.0
    assert rc.stalled_for() == 2.0
    # A 429 from a request sent before the slow-down does not slow it down again.
    rate = rc.rate
    rc._in_flight += 1
    rc.release_rate_limited(t, retry_after=None)
    assert rc.rate == rate
    # Successes: progress again, concurrency grows back, the rate probes upwards.
    for _ in range(200):
        t = rc.acquire(never)
        assert t is not None
        clock.now += 0.25
        rc.release_ok(t)
    assert rc.stalled_for() == 0.0
    assert rc.concurrency == 8
    assert rc.rate is not None and rc.rate > rate


def test_rate_controller_paces_without_bursts() -> None:
    clock = FakeClock()
    rc = RateController(max_concurrency=8, initial_rate=4.0, clock=clock)
    sends: list[float] = []
    waits: list[float] = []

    def cancelled() -> bool:
        return False

    # acquire() waits on a condition; drive the fake clock from the wait instead.
    def wait(timeout: float | None = None) -> bool:
        waits.append(timeout or 0.0)
        clock.now += timeout or 0.0
        return False

    rc._cond.wait = wait  # type: ignore[method-assign]
    for _ in range(20):
        t = rc.acquire(cancelled)
        assert t is not None
        sends.append(t)
        rc.release_ok(t)
    gaps = [b - a for a, b in itertools.pairwise(sends)]
    assert min(gaps) >= 0.25 - 1e-9  # never faster than the paced rate
    assert max(gaps) <= 0.25 * 1.09 + 0.1 + 1e-9
    assert len({round(g, 6) for g in gaps}) > 1  # jitter


def test_acquire_returns_none_when_cancelled() -> None:
    rc = RateController(max_concurrency=1)
    assert rc.acquire(lambda: False) is not None
    assert rc.acquire(lambda: True) is None  # the only slot is in use; cancelled waits end


def test_raw_response_decodes_like_httpx() -> None:
    from desktop.services.partner_api import _decode_json

    resp = RawResponse(200, httpx.Headers(), b'{"a": "\\ud83d"}')
    assert _decode_json(resp, "x") == {"a": "\ufffd"}


def test_a_page_of_only_unusable_items_does_not_stop_the_paging(hostile: Factory) -> None:
    server = hostile("bad_ids")
    server.mode = "ok"
    server.ids = ["bad\nid"] * 100 + server.ids[:150]  # page 1: nothing usable
    with PartnerApiClient(config(server)) as client:
        pages = list(client.iter_tenant_pages(100))
    ids = {t.id for p in pages for t in p.tenants}
    assert len(ids) == 150
    assert sum(len(p.skipped) for p in pages) == 100
