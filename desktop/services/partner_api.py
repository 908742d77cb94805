"""HTTP client for the Sophos Central Partner API and its console extensions.

The contract is ``PARTNER_API.md``; reliability rules are ``DESIGN.md`` §9. No Qt here.

- One shared, thread-safe ``httpx.Client`` (connection pool) with explicit connect/read
  timeouts; TLS verification is always on (``ApiConfig.ca_bundle`` adds a custom CA file).
- Bounded concurrency with a ``ThreadPoolExecutor`` per iterator and a sliding window of
  submitted work, so memory stays bounded on 100k-customer partners.
- Tokens are refreshed proactively and once after a 401, under one lock.
- 429 honours ``Retry-After`` (capped); 5xx, dropped connections and timeouts are
  retried with exponential backoff and full jitter, bounded by ``max_retries``.
- Every failure is a :class:`PartnerApiError` subclass with a user-actionable message
  that never contains the client secret or a token.

Routing choices (documented here because the sandbox differs from the real service):

- Partner and tenant routes use ``ApiConfig.global_url``; ``whoami``'s ``apiHosts.global``
  is reported in :class:`Whoami` but does not replace the configured URL.
- Per-tenant licence calls use the tenant's ``apiHost`` only when
  ``ApiConfig.use_tenant_api_host`` is true and the host is an absolute URL with the
  same scheme as the global URL; otherwise the global URL. The client remembers the
  ``apiHost`` of every tenant it has parsed (pages, ``get_tenant``, ``rename``, ...).
- Bulk licences (``/partner/v1/licenses``): see :meth:`PartnerApiClient.iter_licences`.
- Non-idempotent POSTs (create tenant, assistance request, billing type, unlink) are
  retried only when the server certainly did not act on them (429, 503, or a failure to
  connect); other 5xx and dropped connections fail with :class:`UnavailableError` so that
  an action is never silently performed twice.
"""

from __future__ import annotations

import concurrent.futures as cf
import email.utils
import json
import logging
import random
import re
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx

from desktop.services.domain import (
    BadItem,
    Capabilities,
    Group,
    Licence,
    Tenant,
    parse_licence,
    parse_tenant,
)
from desktop.services.urlpolicy import check_api_urls

__all__ = [
    "ApiConfig",
    "AuthenticationError",
    "BadResponseError",
    "CancelledError",
    "ConflictError",
    "ForbiddenError",
    "LicenceResult",
    "NotFoundError",
    "PartnerApiClient",
    "PartnerApiError",
    "RateLimitedError",
    "TenantPage",
    "UnavailableError",
    "ValidationError",
    "Whoami",
]

LOGGER_NAME = "partner_desk.api"
MAX_PAGE_SIZE = 100
DEFAULT_TOKEN_LIFETIME = 3600.0
RETRY_STATUSES = frozenset({500, 502, 503, 504})

T = TypeVar("T")
R = TypeVar("R")


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class ApiConfig:
    identity_url: str
    global_url: str
    client_id: str
    client_secret: str = field(repr=False)
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_concurrency: int = 8
    max_retries: int = 5
    # Nothing listening (connection refused / connect timeout) usually means offline:
    # give up after this many retries so the app says "offline" within a second or two.
    max_connect_retries: int = 2
    backoff_base: float = 0.5
    backoff_max: float = 20.0
    ca_bundle: str | None = None  # custom CA file; TLS verification can never be turned off
    user_agent: str = "PartnerDesk/0.1"
    use_tenant_api_host: bool = False  # per-tenant licence calls go to tenant.apiHost

    def __post_init__(self) -> None:  # issue 12: https, or plain http to loopback only
        check_api_urls(self.identity_url, self.global_url)


# ---------------------------------------------------------------- errors


class PartnerApiError(Exception):
    """Base of every client error. ``message`` is English, user-actionable and secret-free."""

    default_message = "The Partner API request failed."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        tracking_id: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.tracking_id = tracking_id
        super().__init__(self.message)

    @property
    def correlation_id(self) -> str | None:
        return self.tracking_id

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, status={self.status!r}, "
            f"tracking_id={self.tracking_id!r})"
        )


class AuthenticationError(PartnerApiError):
    default_message = (
        "Sign-in failed: the client ID or client secret was rejected. "
        "Check the API credential in the profile."
    )


class ForbiddenError(PartnerApiError):
    default_message = "This API credential is not allowed to do that (403 Forbidden)."


class NotFoundError(PartnerApiError):
    default_message = "The item was not found on the server (404). It may have been removed."


class ConflictError(PartnerApiError):
    default_message = "The server refused the change because of a conflict (409)."


class ValidationError(PartnerApiError):
    default_message = "The server rejected the request as invalid (400)."


class RateLimitedError(PartnerApiError):
    default_message = (
        "The Partner API is rate-limiting this credential (429) and retries were exhausted. "
        "Wait a minute and try again."
    )


class UnavailableError(PartnerApiError):
    default_message = (
        "The Partner API server cannot be reached. Check the network connection "
        "(and proxy or firewall settings) and try again."
    )


class BadResponseError(PartnerApiError):
    default_message = "The server sent an incomplete or invalid answer."


class CancelledError(PartnerApiError):
    default_message = "The operation was cancelled."


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Whoami:
    partner_id: str
    id_type: str
    global_url: str


@dataclass
class TenantPage:
    page: int
    total_pages: int
    total_items: int | None
    tenants: list[Tenant]
    skipped: list[str]  # warnings for bad items skipped


@dataclass
class LicenceResult:
    tenant_id: str
    licences: list[Licence] | None  # None = 403 (or gone): not manageable
    skipped: list[str]


@dataclass
class _Page:
    """One parsed page of a paged route (tenants or bulk licences)."""

    number: int
    items: list[Any]
    total_pages: int | None
    total_items: int | None


def _default_sleep(seconds: float) -> None:  # pragma: no cover - replaced by cancel.wait
    time.sleep(seconds)


# ---------------------------------------------------------------- client


class PartnerApiClient:
    """Thread-safe Partner API client. One instance per profile/sync; ``close()`` when done."""

    def __init__(
        self,
        config: ApiConfig,
        *,
        cancel: threading.Event | None = None,
        sleep: Callable[[float], None] = _default_sleep,
        log: logging.Logger | None = None,
    ) -> None:
        if config.max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.config = config
        self._cancel = cancel if cancel is not None else threading.Event()
        self._custom_sleep = None if sleep is _default_sleep else sleep
        self._log = log or logging.getLogger(LOGGER_NAME)
        self._random = random.Random()

        verify: ssl.SSLContext | bool = True
        if config.ca_bundle:
            verify = ssl.create_default_context(cafile=config.ca_bundle)
        pool = max(config.max_concurrency * 2, 10)
        self._http = httpx.Client(
            timeout=httpx.Timeout(
                connect=config.connect_timeout,
                read=config.read_timeout,
                write=config.read_timeout,
                pool=config.read_timeout,
            ),
            limits=httpx.Limits(max_connections=pool, max_keepalive_connections=pool),
            verify=verify,
            headers={"User-Agent": config.user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )
        self._identity = config.identity_url.rstrip("/")
        self._global = config.global_url.rstrip("/")

        self._auth_lock = threading.Lock()
        self._token: str | None = None
        self._token_refresh_at = 0.0  # monotonic time after which the token is refreshed

        self._partner_id: str | None = None
        self._whoami_lock = threading.Lock()
        # Console-extension features of this credential, once capabilities() has run;
        # "tenantExtensions" moves tenant reads to /partner/v1/extensions/tenants.
        self._features: frozenset[str] | None = None

        self._stats_lock = threading.Lock()
        self._request_count = 0
        self._in_flight = 0
        self._peak_in_flight = 0

        self._api_hosts: dict[str, str] = {}
        self._api_hosts_lock = threading.Lock()

    # ------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self._http.close()
        self._token = None

    def __enter__(self) -> PartnerApiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PartnerApiClient(client_id={self.config.client_id!r}, url={self._global!r})"

    @property
    def request_count(self) -> int:
        """Total HTTP requests sent, including retries and token requests."""
        with self._stats_lock:
            return self._request_count

    @property
    def peak_in_flight(self) -> int:
        """Most HTTP requests this client had in flight at the same time."""
        with self._stats_lock:
            return self._peak_in_flight

    @property
    def partner_id(self) -> str | None:
        return self._partner_id

    # ------------------------------------------------------------ public API: identity

    def authenticate(self) -> None:
        """Get a new token (``POST {identity}/api/v2/oauth2/token``)."""
        with self._auth_lock:
            self._authenticate_locked()

    def whoami(self) -> Whoami:
        data = self._get_json(f"{self._global}/whoami/v1", what="who am I")
        if not isinstance(data, dict):
            raise BadResponseError(_bad_answer("who am I"))
        pid = data.get("id")
        if not isinstance(pid, str) or not pid:
            raise BadResponseError(_bad_answer("who am I", "it has no partner id"))
        id_type = data.get("idType")
        id_type = id_type if isinstance(id_type, str) else ""
        if id_type and id_type != "partner":
            raise AuthenticationError(
                f"This API credential belongs to a {id_type}, not a partner. "
                "Create the credential in Partner Central (Settings > API credentials)."
            )
        hosts = data.get("apiHosts")
        global_url = ""
        if isinstance(hosts, dict) and isinstance(hosts.get("global"), str):
            global_url = hosts["global"]
        self._partner_id = pid
        return Whoami(partner_id=pid, id_type=id_type or "partner", global_url=global_url)

    def capabilities(self) -> Capabilities:
        """Console extensions offered to this credential; a 404 means none (the real API)."""
        try:
            data = self._get_json(
                f"{self._global}/partner/v1/extensions", what="extensions", partner=True
            )
        except NotFoundError:
            self._features = frozenset()
            return Capabilities(extensions=False)
        if not isinstance(data, dict):
            raise BadResponseError(_bad_answer("extensions"))
        features = data.get("features")
        partner = data.get("partner")
        partner = partner if isinstance(partner, dict) else {}
        programs = partner.get("programs")
        role = data.get("role")
        name = partner.get("name")
        self._features = (
            frozenset(f for f in features if isinstance(f, str))
            if isinstance(features, list)
            else frozenset()
        )
        return Capabilities(
            extensions=True,
            features=self._features,
            role=role if isinstance(role, str) else "",
            partner_name=name if isinstance(name, str) else "",
            programs=frozenset(p for p in programs if isinstance(p, str))
            if isinstance(programs, list)
            else frozenset(),
        )

    # ------------------------------------------------------------ public API: tenants

    def _tenants_path(self, *, discover: bool) -> str:
        """Where tenants are read: the extension route (tenant objects with groups,
        partner assistance, ...) when the server offers "tenantExtensions", else the
        public route, which serves the documented tenant schema only.

        ``discover``: ask for the extensions first if :meth:`capabilities` has not run
        (a one-tenant refresh after an action); a sync calls it before listing."""
        if self._features is None and discover:
            self.capabilities()
        if "tenantExtensions" in (self._features or frozenset()):
            return "/partner/v1/extensions/tenants"
        return "/partner/v1/tenants"

    def iter_tenant_pages(self, page_size: int = 100) -> Iterator[TenantPage]:
        """All tenant pages: page 1 with ``pageTotal=true``, then the rest concurrently.

        Pages are yielded as they complete (not necessarily in order). A tenant already
        seen on an earlier page (customers churning between page requests) is dropped.
        """
        size = _check_page_size(page_size)
        seen: set[str] = set()
        for page in self._iter_pages(self._tenants_path(discover=False), "tenants", size):
            tenants, skipped = self._parse_tenants(page, seen)
            yield TenantPage(
                page=page.number,
                total_pages=page.total_pages or 0,
                total_items=page.total_items,
                tenants=tenants,
                skipped=skipped,
            )

    def get_tenant(self, tenant_id: str) -> Tenant:
        data = self._get_json(
            f"{self._global}{self._tenants_path(discover=True)}/{_seg(tenant_id)}",
            what=f"tenant {tenant_id}",
            partner=True,
        )
        return self._tenant_from(data, f"tenant {tenant_id}")

    # ------------------------------------------------------------ public API: licences

    def iter_licences(
        self,
        tenant_ids: Sequence[str],
        *,
        bulk: bool,
        page_size: int = 100,
        verify_absent: bool = False,
    ) -> Iterator[LicenceResult]:
        """One :class:`LicenceResult` per id in ``tenant_ids``, in completion order.

        ``bulk=False``: ``GET /licenses/v1/licenses`` with ``X-Tenant-ID`` per tenant,
        bounded concurrency. 403 -> ``licences=None`` (not manageable); 404 (tenant gone
        since it was listed) -> ``licences=None`` with a warning in ``skipped``. Other
        failures (after retries) raise.

        ``bulk=True``: ``GET /partner/v1/licenses`` (a console extension) paged like
        tenants. Rule for not-manageable tenants: the bulk route lists *every* tenant the
        partner may manage (with ``licenses: []`` when it has none) and only those, so a
        tenant in ``tenant_ids`` that the bulk answer does not mention is not manageable
        (``licences=None``), exactly as a 403 on the per-tenant route. An item with
        ``licenses: null`` or ``manageable: false`` means the same. Should a server not
        keep that promise, ``verify_absent=True`` asks each absent tenant per tenant
        instead (403 -> not manageable), which makes the result identical to
        ``bulk=False`` at the cost of one call per absent tenant.
        Bulk items for tenants not in ``tenant_ids`` are ignored.
        """
        wanted = list(dict.fromkeys(tenant_ids))
        if not bulk:
            yield from self._run_bounded(wanted, self._tenant_licences)
            return
        wanted_set = set(wanted)
        done: set[str] = set()
        for result in self.iter_bulk_licences(page_size):
            if result.tenant_id in wanted_set:
                done.add(result.tenant_id)
                yield result
        absent = [tid for tid in wanted if tid not in done]
        if not absent:
            return
        if verify_absent:
            self._log.info("%d tenant(s) absent from bulk licences; asking each", len(absent))
            yield from self._run_bounded(absent, self._tenant_licences)
        else:
            for tid in absent:
                yield LicenceResult(tid, None, [])

    # ------------------------------------------------------------ public API: groups

    def groups(self) -> list[Group]:
        data = self._get_json(
            f"{self._global}/partner/v1/customer-groups", what="customer groups", partner=True
        )
        items = _items_of(data, "customer groups")
        out: list[Group] = []
        for raw in items:
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                self._warn("customer groups", "skipped a customer group without an id")
                continue
            name = raw.get("name")
            desc = raw.get("description")
            count = raw.get("tenantCount")
            out.append(
                Group(
                    id=raw["id"],
                    name=name if isinstance(name, str) else raw["id"],
                    description=desc if isinstance(desc, str) else "",
                    tenant_count=count
                    if isinstance(count, int) and not isinstance(count, bool)
                    else 0,
                )
            )
        return out

    # ------------------------------------------------------------ public API: actions

    def rename(self, tenant_id: str, show_as: str) -> Tenant:
        data = self._call_json(
            "PATCH",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}",
            what=f"renaming tenant {tenant_id}",
            json_body={"showAs": show_as},
        )
        return self._tenant_from(data, f"renaming tenant {tenant_id}")

    def add_to_group(self, group_id: str, tenant_ids: Sequence[str]) -> None:
        self._call(
            "POST",
            f"{self._global}/partner/v1/customer-groups/{_seg(group_id)}/tenants",
            what=f"adding customers to group {group_id}",
            json_body={"tenantIds": list(tenant_ids)},
            idempotent=True,  # adding to a set twice is harmless
        )

    def remove_from_group(self, group_id: str, tenant_id: str) -> None:
        self._call(
            "DELETE",
            f"{self._global}/partner/v1/customer-groups/{_seg(group_id)}/tenants/{_seg(tenant_id)}",
            what=f"removing a customer from group {group_id}",
        )

    def request_assistance(self, tenant_id: str) -> str:
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/partner-assistance/request",
            what=f"requesting partner assistance for {tenant_id}",
            json_body={},
            idempotent=False,
        )
        status = data.get("status") if isinstance(data, dict) else None
        if not isinstance(status, str):
            raise BadResponseError(_bad_answer(f"requesting partner assistance for {tenant_id}"))
        return status

    def launch_url(self, tenant_id: str) -> str:
        data = self._get_json(
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/launch",
            what=f"launching tenant {tenant_id}",
            partner=True,
        )
        url = data.get("url") if isinstance(data, dict) else None
        if not isinstance(url, str) or not url:
            raise BadResponseError(_bad_answer(f"launching tenant {tenant_id}"))
        return url

    def update_billing_type(
        self, tenant_id: str, billing_type: str, licence_key: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"billingType": billing_type}
        if licence_key:
            body["licenseKey"] = licence_key
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/billing-type",
            what=f"changing the billing type of {tenant_id}",
            json_body=body,
            idempotent=False,
        )
        return _as_dict(data, f"changing the billing type of {tenant_id}")

    def unlink(self, tenant_id: str) -> dict[str, Any]:
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/unlink",
            what=f"unlinking tenant {tenant_id}",
            json_body={"immediate": True},
            idempotent=False,
        )
        result = _as_dict(data, f"unlinking tenant {tenant_id}")
        if not isinstance(result.get("status"), str):
            raise BadResponseError(_bad_answer(f"unlinking tenant {tenant_id}"))
        return result

    def create_tenant(self, body: dict[str, Any]) -> Tenant:
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants",
            what="creating a customer",
            json_body=body,
            idempotent=False,
        )
        return self._tenant_from(data, "creating a customer")

    # ------------------------------------------------------------ paging

    def _fetch_page(self, path: str, what: str, number: int, size: int, total: bool) -> _Page:
        params: dict[str, str | int] = {"page": number, "pageSize": size}
        if total:
            params["pageTotal"] = "true"
        label = f"{what} page {number}"
        data = self._get_json(f"{self._global}{path}", what=label, params=params, partner=True)
        if not isinstance(data, dict):
            raise BadResponseError(_bad_answer(label))
        items = data.get("items")
        if items is None:
            items = []
        if not isinstance(items, list):
            raise BadResponseError(_bad_answer(label, '"items" is not a list'))
        pages = data.get("pages")
        total_pages = total_items = None
        if isinstance(pages, dict):
            total_pages = _nonneg_int(pages.get("total"))
            total_items = _nonneg_int(pages.get("items"))
        return _Page(number, items, total_pages, total_items)

    def _iter_pages(self, path: str, what: str, size: int) -> Iterator[_Page]:
        first = self._fetch_page(path, what, 1, size, total=True)
        total_pages = first.total_pages
        if total_pages is None and first.total_items is not None:
            total_pages = -(-first.total_items // size)
        if total_pages is None:
            # No page count: ask one page after another until a short or empty page.
            self._log.info("%s: no page total in the answer; paging sequentially", what)
            page = first
            while True:
                yield page
                if len(page.items) < size:
                    return
                page = self._fetch_page(path, what, page.number + 1, size, total=False)
        first.total_pages = max(total_pages, 1)
        yield first
        if total_pages <= 1:
            return
        for page in self._run_bounded(
            range(2, total_pages + 1),
            lambda n: self._fetch_page(path, what, n, size, total=False),
        ):
            page.total_pages = total_pages
            if page.total_items is None:
                page.total_items = first.total_items
            yield page

    def _parse_tenants(self, page: _Page, seen: set[str]) -> tuple[list[Tenant], list[str]]:
        tenants: list[Tenant] = []
        skipped: list[str] = []
        for i, raw in enumerate(page.items, start=1):
            try:
                tenant = parse_tenant(raw)
            except BadItem as exc:
                msg = f"tenants page {page.number}, item {i}: skipped ({exc})"
                self._warn("tenants", msg)
                skipped.append(msg)
                continue
            if tenant.id in seen:
                self._log.debug("tenants page %d: duplicate tenant dropped", page.number)
                continue
            seen.add(tenant.id)
            self._remember_api_host(tenant)
            tenants.append(tenant)
        return tenants, skipped

    def iter_bulk_licences(self, page_size: int = 100) -> Iterator[LicenceResult]:
        """Every tenant the bulk route lists, in page order as pages complete.

        Needs no tenant list, so a sync can run it beside the tenant paging; tenants the
        answer does not mention are not manageable (see :meth:`iter_licences`).
        """
        size = _check_page_size(page_size)
        done: set[str] = set()
        for page in self._iter_pages("/partner/v1/licenses", "licences", size):
            yield from self._parse_bulk_page(page, done)

    def _parse_bulk_page(self, page: _Page, done: set[str]) -> Iterator[LicenceResult]:
        for i, raw in enumerate(page.items, start=1):
            tid = raw.get("tenantId") if isinstance(raw, dict) else None
            if not isinstance(raw, dict) or not isinstance(tid, str) or not tid:
                self._warn("licences", f"licences page {page.number}, item {i}: no tenant id")
                continue
            if tid in done:
                continue
            done.add(tid)
            raw_list = raw.get("licenses", [])
            if raw.get("manageable") is False or raw_list is None:
                yield LicenceResult(tid, None, [])
                continue
            if not isinstance(raw_list, list):
                msg = f"licences of {tid}: not a list; treated as no licences"
                self._warn("licences", msg)
                yield LicenceResult(tid, [], [msg])
                continue
            licences, skipped = self._parse_licence_list(tid, raw_list)
            yield LicenceResult(tid, licences, skipped)

    def _parse_licence_list(self, tid: str, items: list[Any]) -> tuple[list[Licence], list[str]]:
        licences: list[Licence] = []
        skipped: list[str] = []
        for raw in items:
            try:
                licences.append(parse_licence(tid, raw))
            except BadItem as exc:
                msg = f"licences of {tid}: skipped ({exc})"
                self._warn("licences", msg)
                skipped.append(msg)
        return licences, skipped

    def _tenant_licences(self, tenant_id: str) -> LicenceResult:
        label = f"licences of tenant {tenant_id}"
        try:
            data = self._call_json(
                "GET",
                f"{self._licence_base(tenant_id)}/licenses/v1/licenses",
                what=label,
                headers={"X-Tenant-ID": tenant_id},
                partner=False,
            )
        except ForbiddenError:
            return LicenceResult(tenant_id, None, [])
        except NotFoundError:
            msg = f"{label}: the tenant was not found (removed?); marked not manageable"
            self._warn("licences", msg)
            return LicenceResult(tenant_id, None, [msg])
        if not isinstance(data, dict):
            raise BadResponseError(_bad_answer(label))
        items = data.get("licenses")
        if items is None:
            items = []
        if not isinstance(items, list):
            raise BadResponseError(_bad_answer(label, '"licenses" is not a list'))
        licences, skipped = self._parse_licence_list(tenant_id, items)
        return LicenceResult(tenant_id, licences, skipped)

    def _remember_api_host(self, tenant: Tenant) -> None:
        if self.config.use_tenant_api_host and tenant.api_host:
            with self._api_hosts_lock:
                self._api_hosts[tenant.id] = tenant.api_host

    def _licence_base(self, tenant_id: str) -> str:
        if not self.config.use_tenant_api_host:
            return self._global
        with self._api_hosts_lock:
            host = self._api_hosts.get(tenant_id)
        if host:
            parts = urlsplit(host)
            if parts.netloc and parts.scheme == urlsplit(self._global).scheme:
                return host.rstrip("/")
        return self._global

    def _tenant_from(self, data: Any, what: str) -> Tenant:
        try:
            tenant = parse_tenant(data)
        except BadItem as exc:
            raise BadResponseError(_bad_answer(what, str(exc))) from None
        self._remember_api_host(tenant)
        return tenant

    # ------------------------------------------------------------ bounded concurrency

    def _run_bounded(self, items: Iterable[T], fn: Callable[[T], R]) -> Iterator[R]:
        """``fn`` over ``items`` on at most ``max_concurrency`` threads; results as completed.

        At most ``2 * max_concurrency`` items are submitted ahead of the consumer. On
        cancellation, error or early close of the iterator, queued work is cancelled and
        the worker threads are joined (in-flight requests finish or time out first).
        """
        workers = self.config.max_concurrency
        window = workers * 2
        source = iter(items)
        executor = cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="partner-api")
        pending: set[cf.Future[R]] = set()
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < window:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    pending.add(executor.submit(fn, item))
                if not pending:
                    return
                self._check_cancel()
                done, pending = cf.wait(pending, timeout=0.05, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        finally:
            for fut in pending:
                fut.cancel()
            executor.shutdown(wait=True, cancel_futures=True)

    # ------------------------------------------------------------ auth

    def _authenticate_locked(self) -> None:
        url = f"{self._identity}/api/v2/oauth2/token"
        form = {
            "grant_type": "client_credentials",
            "client_id": self.config.client_id,
            "client_secret": self.config.client_secret,
            "scope": "token",
        }
        self._token = None
        resp = self._send("POST", url, what="sign-in", data=form, auth=False, idempotent=True)
        data = _decode_json(resp, "sign-in")
        if not isinstance(data, dict):
            raise BadResponseError(_bad_answer("sign-in"))
        code = data.get("errorCode")
        token = data.get("access_token")
        if code is not None and code != "success":
            raise AuthenticationError(tracking_id=_tracking(data), status=resp.status_code)
        if not isinstance(token, str) or not token:
            raise BadResponseError(_bad_answer("sign-in", "it has no access token"))
        lifetime = data.get("expires_in")
        life = (
            float(lifetime)
            if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool)
            else DEFAULT_TOKEN_LIFETIME
        )
        life = max(life, 0.0)
        # Refresh 60-300 s before expiry (120 s); for short lifetimes when < 20 % remains.
        margin = min(120.0, 0.2 * life)
        self._token = token
        self._token_refresh_at = time.monotonic() + life - margin
        self._log.debug("signed in; token valid for %.0f s", life)

    def _current_token(self) -> str:
        with self._auth_lock:
            if self._token is None or time.monotonic() >= self._token_refresh_at:
                self._authenticate_locked()
            assert self._token is not None
            return self._token

    def _reauthenticate(self, stale: str) -> None:
        with self._auth_lock:
            if self._token is not None and self._token != stale:
                return  # another thread already refreshed it
            self._authenticate_locked()

    def _partner_header(self) -> str:
        if self._partner_id is None:
            with self._whoami_lock:
                if self._partner_id is None:
                    self.whoami()
        assert self._partner_id is not None
        return self._partner_id

    # ------------------------------------------------------------ requests

    def _get_json(
        self,
        url: str,
        *,
        what: str,
        params: Mapping[str, str | int] | None = None,
        partner: bool = False,
    ) -> Any:
        return self._call_json("GET", url, what=what, params=params, partner=partner)

    def _call_json(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        partner: bool = True,
        idempotent: bool = True,
    ) -> Any:
        resp = self._call(
            method,
            url,
            what=what,
            params=params,
            json_body=json_body,
            headers=headers,
            partner=partner,
            idempotent=idempotent,
        )
        return _decode_json(resp, what)

    def _call(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        partner: bool = True,
        idempotent: bool = True,
    ) -> httpx.Response:
        hdrs = dict(headers or {})
        if partner:
            hdrs["X-Partner-ID"] = self._partner_header()
        return self._send(
            method,
            url,
            what=what,
            params=params,
            json_body=json_body,
            headers=hdrs,
            auth=True,
            idempotent=idempotent,
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool,
        idempotent: bool,
    ) -> httpx.Response:
        """Send one logical request with retries; return a 2xx response or raise."""
        attempt = 0
        connect_failures = 0
        reauthenticated = False
        path = urlsplit(url).path
        while True:
            self._check_cancel()
            hdrs = dict(headers or {})
            token = ""
            if auth:
                token = self._current_token()
                hdrs["Authorization"] = f"Bearer {token}"
                self._check_cancel()
            try:
                resp = self._send_once(method, url, path, params, json_body, data, hdrs)
            except httpx.TransportError as exc:
                safe = idempotent or isinstance(
                    exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
                )
                if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    connect_failures += 1
                    if connect_failures > self.config.max_connect_retries:
                        raise UnavailableError(_unreachable(what, exc)) from None
                if not safe or attempt >= self.config.max_retries:
                    raise UnavailableError(_unreachable(what, exc)) from None
                attempt += 1
                self._backoff(attempt, None, what)
                continue
            status = resp.status_code
            if 200 <= status < 300:
                return resp
            if status == 401 and auth:
                if reauthenticated:
                    raise AuthenticationError(
                        "The server keeps rejecting the sign-in token (401). "
                        "Check that the API credential is still valid.",
                        status=401,
                        tracking_id=_tracking(_try_json(resp)),
                    )
                reauthenticated = True
                self._reauthenticate(token)
                continue
            if status == 429:
                if attempt >= self.config.max_retries:
                    raise RateLimitedError(status=429, tracking_id=_tracking(_try_json(resp)))
                attempt += 1
                self._backoff(attempt, resp.headers.get("Retry-After"), what)
                continue
            if status in RETRY_STATUSES and (idempotent or status == 503):
                if attempt >= self.config.max_retries:
                    raise UnavailableError(
                        _unavailable(what, status),
                        status=status,
                        tracking_id=_tracking(_try_json(resp)),
                    )
                attempt += 1
                self._backoff(attempt, None, what)
                continue
            raise self._error_for(resp, what, auth)

    def _send_once(
        self,
        method: str,
        url: str,
        path: str,
        params: Mapping[str, str | int] | None,
        json_body: Any,
        data: Mapping[str, str] | None,
        headers: dict[str, str],
    ) -> httpx.Response:
        with self._stats_lock:
            self._request_count += 1
            self._in_flight += 1
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)
        start = time.monotonic()
        status: int | str = "error"
        try:
            resp = self._http.request(
                method,
                url,
                params=dict(params) if params else None,
                json=json_body,
                data=dict(data) if data is not None else None,
                headers=headers,
            )
            resp.read()
            status = resp.status_code
            return resp
        except httpx.TransportError as exc:
            status = type(exc).__name__
            raise
        finally:
            with self._stats_lock:
                self._in_flight -= 1
            self._log.debug(
                "%s %s -> %s in %.0f ms", method, path, status, (time.monotonic() - start) * 1000
            )

    def _backoff(self, attempt: int, retry_after: str | None, what: str) -> None:
        cap = self.config.backoff_max
        delay = _parse_retry_after(retry_after)
        if delay is not None:
            delay = min(delay, cap)
        else:
            ceiling = min(cap, self.config.backoff_base * (2 ** (attempt - 1)))
            delay = self._random.uniform(0, ceiling)
        self._log.info("%s: retry %d in %.2f s", what, attempt, delay)
        self._sleep(delay)
        self._check_cancel()

    def _sleep(self, seconds: float) -> None:
        if self._custom_sleep is not None:
            self._custom_sleep(seconds)
        else:
            self._cancel.wait(seconds)

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise CancelledError()

    def _error_for(self, resp: httpx.Response, what: str, auth: bool) -> PartnerApiError:
        body = _try_json(resp)
        status = resp.status_code
        tracking = _tracking(body)
        server = self._scrub(_server_message(body))
        kwargs: dict[str, Any] = {"status": status, "tracking_id": tracking}
        if not auth:  # the token endpoint
            if status in (400, 401, 403):
                code = body.get("errorCode") if isinstance(body, dict) else None
                if code == "oauth.invalid_client_id":
                    return AuthenticationError(
                        "Sign-in failed: the client ID is unknown. "
                        "Check the API credential in the profile.",
                        **kwargs,
                    )
                return AuthenticationError(**kwargs)
            if status == 404:
                return UnavailableError(
                    "The sign-in address (identity URL) is wrong: the server has no token "
                    "endpoint there. Check the profile's identity URL.",
                    **kwargs,
                )
        if status == 401:
            return AuthenticationError(**kwargs)
        if status == 403:
            return ForbiddenError(
                _with_reason(f"Not allowed: {what} (403 Forbidden).", server), **kwargs
            )
        if status == 404:
            return NotFoundError(
                _with_reason(f"Not found: {what} (404). It may have been removed.", server),
                **kwargs,
            )
        if status == 409:
            return ConflictError(server or f"The server refused {what} (409 Conflict).", **kwargs)
        if status == 400:
            return ValidationError(
                server or f"The server rejected {what} as invalid (400).", **kwargs
            )
        if status == 429:
            return RateLimitedError(**kwargs)
        if status >= 500:
            return UnavailableError(_unavailable(what, status), **kwargs)
        return PartnerApiError(
            _with_reason(f"Unexpected answer to {what} (HTTP {status}).", server), **kwargs
        )

    def _scrub(self, text: str) -> str:
        for secret in (self.config.client_secret, self._token):
            if secret and len(secret) >= 4 and secret in text:
                text = text.replace(secret, "***")
        return text

    def _warn(self, area: str, message: str) -> None:
        self._log.warning("%s", message)


# ---------------------------------------------------------------- helpers


def _seg(value: str) -> str:
    return quote(value, safe="")


def _check_page_size(page_size: int) -> int:
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    return page_size


def _nonneg_int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _items_of(data: Any, what: str) -> list[Any]:
    if not isinstance(data, dict):
        raise BadResponseError(_bad_answer(what))
    items = data.get("items")
    if items is None:
        return []
    if not isinstance(items, list):
        raise BadResponseError(_bad_answer(what, '"items" is not a list'))
    return items


def _as_dict(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise BadResponseError(_bad_answer(what))
    return data


def _bad_answer(what: str, detail: str = "") -> str:
    msg = f"The server sent an incomplete or invalid answer for {what}"
    return f"{msg}: {detail}." if detail else f"{msg}."


# A JSON escape of a UTF-16 surrogate ("\ud83d"). Escaped pairs decode to one character;
# a lone half decodes to a str that cannot be encoded as UTF-8 (SQLite, hashing, files).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def _decode_json(resp: httpx.Response, what: str) -> Any:
    if resp.status_code == 204 or not resp.content:
        return None
    try:
        data = json.loads(resp.content)
    except ValueError:
        raise BadResponseError(_bad_answer(what), status=resp.status_code) from None
    if _SURROGATE_ESCAPE.search(resp.content):
        data = _without_lone_surrogates(data)  # half an emoji -> U+FFFD, never a crash
    return data


def _try_json(resp: httpx.Response) -> Any:
    try:
        return json.loads(resp.content) if resp.content else None
    except ValueError:
        return None


def _tracking(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("trackingId", "correlationId", "requestId"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
    return None


def _server_message(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("message", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()[:500]
    return ""


def _with_reason(text: str, reason: str) -> str:
    return f"{text} The server said: {reason}" if reason else text


def _untrusted_certificate(exc: BaseException) -> str | None:
    """The reason when ``exc`` comes from a failed TLS certificate check, else None."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or "not trusted")
        seen = seen.__cause__ or seen.__context__
    if "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return "not trusted"
    return None


def _unreachable(what: str, exc: httpx.TransportError) -> str:
    reason = _untrusted_certificate(exc)
    if reason is not None:
        return (
            f"The Partner API server's TLS certificate is not trusted ({what} failed: "
            f"{reason}). If your network inspects HTTPS traffic, set the profile's CA bundle "
            "to your organisation's CA certificate; certificate checks cannot be turned off."
        )
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
    return (
        f"The Partner API server cannot be reached ({what} {kind}). "
        "Check the network connection (and proxy or firewall settings) and try again."
    )


def _unavailable(what: str, status: int) -> str:
    return (
        f"The Partner API server cannot be reached or is unavailable ({what}: HTTP {status}). "
        "Check the network connection and try again later."
    )


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds:  # NaN
        return None
    return max(seconds, 0.0)
