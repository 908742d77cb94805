"""Transport: one shared httpx client, sign-in, retries, deadlines, size caps, cancel.

:class:`Transport` is the base of :class:`~desktop.services.partner_api.client.PartnerApiClient`;
it knows HTTP and the token route, nothing about tenants or licences.

- One thread-safe ``httpx.Client`` (connection pool) with connect/read timeouts, an
  overall deadline per request and a cap on the decoded body (:mod:`.streams`); TLS
  verification is always on (``ApiConfig.ca_bundle`` adds a custom CA file).
- Every API request goes through the credential's :class:`.ratecontrol.RateController`.
  A 429 is never counted as a failure: it slows the client down (and ``Retry-After``
  pauses all of it); the request gives up only when no request of the credential has
  succeeded for ``ApiConfig.rate_limit_budget`` seconds.
- 5xx, dropped connections and timeouts are retried with exponential backoff and full
  jitter, bounded by ``max_retries`` (timeouts by ``max_timeout_retries``), counted
  apart from 429s.
- Tokens are refreshed proactively and once after a 401, under one lock.
- Non-idempotent POSTs are retried only when the server certainly did not act on them
  (429, 503, or a failure to connect).
"""

from __future__ import annotations

import concurrent.futures as cf
import itertools
import logging
import random
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from desktop.services.partner_api import errors as E
from desktop.services.partner_api.config import ApiConfig
from desktop.services.partner_api.errors import (
    AuthenticationError,
    BadResponseError,
    CancelledError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PartnerApiError,
    RateLimitedError,
    UnavailableError,
    ValidationError,
)
from desktop.services.partner_api.parsing import decode_json, try_json
from desktop.services.partner_api.ratecontrol import (
    RateController,
    controller_for,
    parse_retry_after,
)
from desktop.services.partner_api.streams import (
    ACCEPT_ENCODING,
    Aborted,
    RawResponse,
    TooLarge,
    UnsupportedEncoding,
    install_backend,
    read_body,
    scope,
)

LOGGER_NAME = "partner_desk.api"
DEFAULT_TOKEN_LIFETIME = 3600.0
RETRY_STATUSES = frozenset({500, 502, 503, 504})

T = TypeVar("T")
R = TypeVar("R")


def _unreachable(exc: httpx.TransportError) -> bool:
    """A failure that says the server cannot be reached at all (not one bad answer)."""
    if isinstance(exc, httpx.ConnectError | httpx.TimeoutException):
        return True
    return E.untrusted_certificate(exc) is not None


def _default_sleep(seconds: float) -> None:  # pragma: no cover - replaced by cancel.wait
    time.sleep(seconds)


class Transport:
    """HTTP plumbing shared by every Partner API call. Thread-safe; ``close()`` when done."""

    def __init__(
        self,
        config: ApiConfig,
        *,
        cancel: threading.Event | None = None,
        sleep: Callable[[float], None] = _default_sleep,
        log: logging.Logger | None = None,
        rate: RateController | None = None,
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
            headers={
                "User-Agent": config.user_agent,
                "Accept": "application/json",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
            follow_redirects=False,
        )
        self.bounded_pools = install_backend(self._http)
        self._identity = config.identity_url.rstrip("/")
        self._global = config.global_url.rstrip("/")

        if rate is None:
            key = (self._identity, self._global, config.client_id)
            rate = controller_for(
                key,
                lambda: RateController(
                    max_concurrency=config.max_concurrency, initial_rate=config.initial_rate
                ),
            )
            rate.raise_concurrency(config.max_concurrency)
        self.rate = rate

        self._auth_lock = threading.Lock()
        self._token: str | None = None
        self._token_refresh_at = 0.0  # monotonic time after which the token is refreshed

        self._stats_lock = threading.Lock()
        self._request_count = 0
        self._in_flight = 0
        self._peak_in_flight = 0

    # ------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self._http.close()
        self._token = None

    def __enter__(self) -> Any:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

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

    def progress_note(self) -> str:
        """How far this client got, for messages (overridden by the API client)."""
        return ""

    # ------------------------------------------------------------ auth

    def authenticate(self) -> None:
        """Get a new token (``POST {identity}/api/v2/oauth2/token``)."""
        with self._auth_lock:
            self._authenticate_locked()

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
        data = decode_json(resp, "sign-in")
        if not isinstance(data, dict):
            raise BadResponseError(E.bad_answer("sign-in"))
        code = data.get("errorCode")
        token = data.get("access_token")
        if code is not None and code != "success":
            raise AuthenticationError(tracking_id=E.tracking_of(data), status=resp.status_code)
        if not isinstance(token, str) or not token:
            raise BadResponseError(E.bad_answer("sign-in", "it has no access token"))
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

    # ------------------------------------------------------------ requests

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
    ) -> RawResponse:
        """Send one logical request with retries; return a 2xx response or raise."""
        attempt = 0  # 5xx, drops and timeouts (bounded); 429s are not counted here
        timeouts = 0
        connect_failures = 0
        limited = 0
        reauthenticated = False
        path = urlsplit(url).path
        while True:
            self._check_cancel()
            hdrs = dict(headers or {})
            token = ""
            sent_at = 0.0
            if auth:
                # The slot first: waiting for it (pacing, a Retry-After pause) can outlast
                # a short-lived token, so the token is taken just before sending.
                slot = self.rate.acquire(self._cancel.is_set)
                if slot is None:
                    raise CancelledError()
                sent_at = slot
                try:
                    token = self._current_token()
                except BaseException:
                    self.rate.release_unsent()
                    raise
                hdrs["Authorization"] = f"Bearer {token}"
            try:
                resp = self._send_once(method, url, path, params, json_body, data, hdrs)
            except Aborted as exc:
                if auth and exc.reason == "cancelled":
                    self.rate.release_unsent()
                elif auth:
                    self.rate.release_failed()
                if exc.reason == "cancelled":
                    raise CancelledError() from None
                timeouts += 1
                if timeouts > min(self.config.max_timeout_retries, self.config.max_retries):
                    raise UnavailableError(
                        E.too_slow(what, self.config.request_deadline), reachable=False
                    ) from None
                attempt += 1
                self._backoff(attempt, None, what)
                continue
            except (TooLarge, UnsupportedEncoding, RecursionError) as exc:
                if auth:
                    self.rate.release_ok(sent_at)  # the server answered
                if isinstance(exc, TooLarge):
                    raise BadResponseError(
                        E.too_large(what, self.config.max_response_bytes)
                    ) from None
                raise BadResponseError(E.bad_answer(what, "unsupported encoding")) from None
            except httpx.TransportError as exc:
                if auth:
                    self.rate.release_failed()
                safe = idempotent or isinstance(
                    exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
                )
                if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    connect_failures += 1
                    if connect_failures > self.config.max_connect_retries:
                        raise UnavailableError(E.unreachable(what, exc), reachable=False) from None
                if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
                    timeouts += 1
                    if timeouts > self.config.max_timeout_retries:
                        raise UnavailableError(E.unreachable(what, exc), reachable=False) from None
                if not safe or attempt >= self.config.max_retries:
                    raise UnavailableError(
                        E.unreachable(what, exc), reachable=not _unreachable(exc)
                    ) from None
                attempt += 1
                self._backoff(attempt, None, what)
                continue
            status = resp.status_code
            if auth:
                if status == 429:
                    retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                    if retry_after is not None:
                        retry_after = min(retry_after, self.config.backoff_max)
                    self.rate.release_rate_limited(sent_at, retry_after)
                elif status in RETRY_STATUSES:
                    self.rate.release_failed(overloaded=status == 503)
                else:
                    self.rate.release_ok(sent_at)
            if 200 <= status < 300:
                return resp
            if status == 401 and auth:
                if reauthenticated:
                    raise AuthenticationError(
                        "The server keeps rejecting the sign-in token (401). "
                        "Check that the API credential is still valid.",
                        status=401,
                        tracking_id=E.tracking_of(try_json(resp)),
                    )
                reauthenticated = True
                self._reauthenticate(token)
                continue
            if status == 429:
                limited += 1
                stalled = self.rate.stalled_for() if auth else 0.0
                if stalled > self.config.rate_limit_budget or (
                    not auth and limited > self.config.max_retries
                ):
                    raise RateLimitedError(
                        E.rate_limit_gave_up(stalled, self.progress_note()),
                        status=429,
                        tracking_id=E.tracking_of(try_json(resp)),
                    )
                self._backoff(min(limited, 8), resp.headers.get("Retry-After"), what)
                continue
            if status in RETRY_STATUSES and (idempotent or status == 503):
                if attempt >= self.config.max_retries:
                    raise UnavailableError(
                        E.unavailable(what, status),
                        status=status,
                        tracking_id=E.tracking_of(try_json(resp)),
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
    ) -> RawResponse:
        with self._stats_lock:
            self._request_count += 1
            self._in_flight += 1
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)
        start = time.monotonic()
        status: int | str = "error"
        try:
            with (
                scope(start + self.config.request_deadline, self._cancel.is_set),
                self._http.stream(
                    method,
                    url,
                    params=dict(params) if params else None,
                    json=json_body,
                    data=dict(data) if data is not None else None,
                    headers=headers,
                ) as resp,
            ):
                body = read_body(resp, self.config.max_response_bytes)
            status = resp.status_code
            return RawResponse(resp.status_code, resp.headers, body)
        except (httpx.TransportError, Aborted, TooLarge) as exc:
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
        delay = parse_retry_after(retry_after)
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

    # ------------------------------------------------------------ errors

    def _error_for(self, resp: RawResponse, what: str, auth: bool) -> PartnerApiError:
        body = try_json(resp)
        status = resp.status_code
        tracking = E.tracking_of(body)
        server = self._scrub(E.server_message(body))
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
                E.with_reason(f"Not allowed: {what} (403 Forbidden).", server), **kwargs
            )
        if status == 404:
            return NotFoundError(
                E.with_reason(f"Not found: {what} (404). It may have been removed.", server),
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
            return UnavailableError(E.unavailable(what, status), **kwargs)
        return PartnerApiError(
            E.with_reason(f"Unexpected answer to {what} (HTTP {status}).", server), **kwargs
        )

    def _scrub(self, text: str) -> str:
        for secret in (self.config.client_secret, self._token):
            if secret and len(secret) >= 4 and secret in text:
                text = text.replace(secret, "***")
        return text

    def _warn(self, area: str, message: str) -> None:
        self._log.warning("%s", message)

    # ------------------------------------------------------------ bounded concurrency

    def _run_bounded(self, items: Iterable[T], fn: Callable[[T], R]) -> Iterator[R]:
        """``fn`` over ``items`` on at most ``max_concurrency`` threads; results as completed.

        At most ``2 * max_concurrency`` items are submitted ahead of the consumer; the
        rate controller decides how many of them are really in flight. On cancellation,
        error or early close of the iterator, queued work is cancelled and the worker
        threads are joined (in-flight requests notice the cancel within a fraction of a
        second, see :mod:`.streams`).
        """
        workers = self.config.max_concurrency
        window = workers * 2
        source = iter(items)
        executor = cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="partner-api")
        pending: set[cf.Future[R]] = set()
        # Submission order: the futures one wait finds finished are yielded in that order
        # (items are given stalest first).
        order: dict[cf.Future[R], int] = {}
        submitted = itertools.count()
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < window:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    fut = executor.submit(fn, item)
                    order[fut] = next(submitted)
                    pending.add(fut)
                if not pending:
                    return
                self._check_cancel()
                done, pending = cf.wait(pending, timeout=0.05, return_when=cf.FIRST_COMPLETED)
                for fut in sorted(done, key=order.__getitem__):
                    del order[fut]
                    yield fut.result()
        finally:
            for fut in pending:
                fut.cancel()
            executor.shutdown(wait=True, cancel_futures=True)
