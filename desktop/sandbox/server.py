"""The built-in Partner API sandbox: a threaded stdlib HTTP server (PARTNER_API.md §2-§8).

Imports nothing from the rest of ``desktop``. One lock guards all state.
"""

from __future__ import annotations

import base64
import bisect
import contextlib
import copy
import datetime as dt
import json
import math
import random
import re
import secrets
import socket
import threading
import time
import unicodedata
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from desktop.sandbox.data import (
    GEOGRAPHY_REGIONS,
    GROUPS,
    REGION_GEOGRAPHY,
    TenantMeta,
    make_licences,
    make_tenant,
    next_month_start,
)

DEMO_SECRET = "sandbox"

SUPER_ADMIN = "Partner Super Admin"
ADMIN = "Partner Admin"
HELP_DESK = "Partner Help Desk"
READ_ONLY = "Partner Read-only"
BUSINESS_ADMIN = "Partner Business Admin"
ROLES: tuple[str, ...] = (SUPER_ADMIN, ADMIN, HELP_DESK, READ_ONLY, BUSINESS_ADMIN)

DEMO_CREDENTIALS: dict[str, str] = {
    "demo-super-admin": SUPER_ADMIN,
    "demo-admin": ADMIN,
    "demo-helpdesk": HELP_DESK,
    "demo-readonly": READ_ONLY,
    "demo-business-admin": BUSINESS_ADMIN,
}

# Which roles may do what (enforced server side whatever the client shows).
PERMISSIONS: dict[str, frozenset[str]] = {
    "rename": frozenset({SUPER_ADMIN, ADMIN}),
    "groups": frozenset({SUPER_ADMIN}),
    "billingType": frozenset({SUPER_ADMIN, ADMIN, BUSINESS_ADMIN}),
    "unlink": frozenset({SUPER_ADMIN, ADMIN, BUSINESS_ADMIN}),
    "partnerAssistance": frozenset({SUPER_ADMIN, ADMIN}),
    "launch": frozenset({SUPER_ADMIN, ADMIN, HELP_DESK}),
    "createTrial": frozenset({SUPER_ADMIN, ADMIN}),
    "createUsage": frozenset({SUPER_ADMIN}),
}

FEATURES: list[str] = [
    "rename",
    "groups",
    "unlink",
    "billingType",
    "partnerAssistance",
    "launch",
    "bulkLicenses",
]
EXTENSION_FIELDS: tuple[str, ...] = (
    "groups",
    "partnerAssistance",
    "managedCustomerOrder",
    "createdByPartner",
    "unlink",
)
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
LOOPBACK = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1", "::1": "::1"}

DEFAULT_FAULTS: dict[str, Any] = {
    "latency_ms": 0,
    "rate_limit_per_s": 10,
    "retry_after_header": True,
    "error_rate": {},
    "drop_rate": 0,
    "truncate_page": None,
    "token_lifetime_s": 3600,
    "forbidden_tenants": [],
    "churn_between_pages": 0,
}

_ERROR_NAMES = {
    400: "badRequest",
    401: "Unauthorized",
    403: "forbidden",
    404: "notFound",
    405: "methodNotAllowed",
    409: "conflict",
    429: "tooManyRequests",
    500: "internalServerError",
    502: "badGateway",
    503: "serviceUnavailable",
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        error: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error = error or _ERROR_NAMES.get(status, "error")
        self.headers = headers or {}


def _num(value: Any, key: str, *, allow_none: bool = False, integer: bool = False) -> Any:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key}: must be a number")
    if value < 0:
        raise ValueError(f"{key}: must be >= 0")
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"{key}: must be an integer")
        return int(value)
    return value


def _rate(value: Any, key: str) -> float:
    v = _num(value, key)
    if v > 1:
        raise ValueError(f"{key}: must be between 0 and 1")
    return float(v)


def validate_faults(changes: dict[str, Any]) -> dict[str, Any]:
    """Checks and normalises fault changes; raises ValueError with ``key: reason``."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in DEFAULT_FAULTS:
            raise ValueError(f"{key}: unknown fault key")
        if key == "latency_ms":
            out[key] = _num(value, key)
        elif key == "rate_limit_per_s":
            out[key] = _num(value, key, allow_none=True)
        elif key == "retry_after_header":
            if not isinstance(value, bool):
                raise ValueError(f"{key}: must be true or false")
            out[key] = value
        elif key == "error_rate":
            if not isinstance(value, dict):
                raise ValueError(f"{key}: must be an object of status -> share")
            rates: dict[str, float] = {}
            for status, share in value.items():
                try:
                    code = int(status)
                except (TypeError, ValueError):
                    raise ValueError(f"{key}: {status!r} is not an HTTP status") from None
                if not 400 <= code <= 599:
                    raise ValueError(f"{key}: {code} is not an error status")
                rates[str(code)] = _rate(share, key)
            if sum(rates.values()) > 1:
                raise ValueError(f"{key}: shares add up to more than 1")
            out[key] = rates
        elif key == "drop_rate":
            out[key] = _rate(value, key)
        elif key == "truncate_page":
            out[key] = _num(value, key, allow_none=True, integer=True)
        elif key == "token_lifetime_s":
            out[key] = _num(value, key, integer=True)
        elif key == "forbidden_tenants":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{key}: must be a list of tenant ids")
            out[key] = list(value)
        elif key == "churn_between_pages":
            out[key] = _num(value, key, integer=True)
    return out


class LazyLicences(dict):  # type: ignore[type-arg]
    """tenant id -> list of licence dicts, generated on first access from the tenant's seed."""

    def __init__(self, meta: dict[str, TenantMeta], today: dt.date) -> None:
        super().__init__()
        self._meta = meta
        self._today = today

    def __missing__(self, tenant_id: str) -> list[dict[str, Any]]:
        meta = self._meta[tenant_id]  # KeyError for unknown tenants
        licences = make_licences(meta, self._today)
        self[tenant_id] = licences
        return licences


class SandboxState:
    """In-memory store. Callers hold ``lock`` while reading or changing anything."""

    def __init__(
        self,
        customers: int,
        seed: int,
        partner_id: str,
        today: dt.date,
        programs: tuple[str, ...],
    ) -> None:
        self.lock = threading.RLock()
        self.today = today
        self.partner_id = partner_id
        self.programs = programs
        self.rng = random.Random(seed)
        self.tenants: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, TenantMeta] = {}
        self.licences: LazyLicences = LazyLicences(self.meta, today)
        self.groups: dict[str, dict[str, Any]] = {}
        self.group_members: dict[str, set[str]] = {}
        self.unlinked: dict[str, dict[str, Any]] = {}
        self.api_host = ""
        self.version = 0
        self._manageable_cache: tuple[Any, list[str]] | None = None
        partner = {"id": partner_id}
        for _ in range(customers):
            tenant, meta = make_tenant(self.rng, partner_id, today, programs=programs)
            tenant["partner"] = partner
            self.tenants[tenant["id"]] = tenant
            self.meta[tenant["id"]] = meta
        self.sorted_ids: list[str] = sorted(self.tenants)
        for name, description in GROUPS:
            gid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            self.groups[gid] = {"id": gid, "name": name, "description": description}
            self.group_members[gid] = set()
        gids = list(self.groups)
        for tid in self.sorted_ids:
            r = self.rng.random()
            if r < 0.3:
                chosen = {self.rng.choice(gids)}
                if r < 0.06:
                    chosen.add(self.rng.choice(gids))
                for gid in sorted(chosen, key=gids.index):
                    self._join(gid, tid)
        self._refresh_group_counts()

    # -- helpers (lock held) -------------------------------------------------------

    def _join(self, gid: str, tid: str) -> bool:
        members = self.group_members[gid]
        if tid in members:
            return False
        members.add(tid)
        self.tenants[tid]["groups"].append({"id": gid})
        return True

    def _leave(self, gid: str, tid: str) -> bool:
        members = self.group_members[gid]
        if tid not in members:
            return False
        members.discard(tid)
        tenant = self.tenants.get(tid)
        if tenant is not None:
            tenant["groups"] = [g for g in tenant["groups"] if g["id"] != gid]
        return True

    def _refresh_group_counts(self) -> None:
        for gid, group in self.groups.items():
            group["tenantCount"] = len(self.group_members[gid])

    def set_api_host(self, url: str) -> None:
        self.api_host = url
        for tenant in self.tenants.values():
            if tenant.get("apiHost") is not None:
                tenant["apiHost"] = url

    def add_tenant(self, tenant: dict[str, Any], meta: TenantMeta) -> None:
        tid = tenant["id"]
        self.tenants[tid] = tenant
        self.meta[tid] = meta
        bisect.insort(self.sorted_ids, tid)
        self.version += 1

    def remove_tenant(self, tid: str) -> dict[str, Any] | None:
        tenant = self.tenants.pop(tid, None)
        if tenant is None:
            return None
        idx = bisect.bisect_left(self.sorted_ids, tid)
        if idx < len(self.sorted_ids) and self.sorted_ids[idx] == tid:
            del self.sorted_ids[idx]
        for g in tenant.get("groups", []):
            self.group_members.get(g["id"], set()).discard(tid)
        self._refresh_group_counts()
        self.version += 1
        return tenant

    def is_manageable(self, tid: str, forbidden: set[str] | frozenset[str]) -> bool:
        tenant = self.tenants.get(tid)
        if tenant is None or tid in forbidden:
            return False
        return bool(tenant.get("createdByPartner")) or bool(
            (tenant.get("partnerAssistance") or {}).get("enabled")
        )

    def manageable_ids(self, forbidden: frozenset[str]) -> list[str]:
        key = (self.version, forbidden)
        if self._manageable_cache is not None and self._manageable_cache[0] == key:
            return self._manageable_cache[1]
        ids = [t for t in self.sorted_ids if self.is_manageable(t, forbidden)]
        self._manageable_cache = (key, ids)
        return ids

    def churn(self, n: int) -> None:
        for _ in range(n):
            tenant, meta = make_tenant(
                self.rng, self.partner_id, self.today, programs=self.programs
            )
            if tenant.get("apiHost") is not None:
                tenant["apiHost"] = self.api_host
            self.add_tenant(tenant, meta)
        for _ in range(min(n, len(self.sorted_ids))):
            victim = self.sorted_ids[self.rng.randrange(len(self.sorted_ids))]
            self.remove_tenant(victim)
            self.licences.pop(victim, None)


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _request_id() -> str:
    return str(uuid.uuid4())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _bool_param(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("true", "1", "yes")


def _int_param(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ApiError(400, f"{name}: must be an integer") from None
    if number < 1:
        raise ApiError(400, f"{name}: must be >= 1")
    return number


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    (m, re.compile(p), name)
    for m, p, name in (
        ("GET", r"/whoami/v1/?", "whoami"),
        ("GET", r"/partner/v1/tenants/?", "list_tenants"),
        ("POST", r"/partner/v1/tenants/?", "create_tenant"),
        ("GET", r"/partner/v1/tenants/(?P<tid>[^/]+)/?", "get_tenant"),
        ("PATCH", r"/partner/v1/tenants/(?P<tid>[^/]+)/?", "rename_tenant"),
        ("GET", r"/licenses/v1/licenses/?", "tenant_licences"),
        ("GET", r"/partner/v1/extensions/?", "extensions"),
        ("GET", r"/partner/v1/licenses/?", "bulk_licences"),
        ("GET", r"/partner/v1/customer-groups/?", "list_groups"),
        ("POST", r"/partner/v1/customer-groups/(?P<gid>[^/]+)/tenants/?", "group_add"),
        (
            "DELETE",
            r"/partner/v1/customer-groups/(?P<gid>[^/]+)/tenants/(?P<tid>[^/]+)/?",
            "group_remove",
        ),
        (
            "POST",
            r"/partner/v1/tenants/(?P<tid>[^/]+)/partner-assistance/request/?",
            "assistance_request",
        ),
        ("GET", r"/partner/v1/tenants/(?P<tid>[^/]+)/launch/?", "launch"),
        ("POST", r"/partner/v1/tenants/(?P<tid>[^/]+)/billing-type/?", "billing_type"),
        ("POST", r"/partner/v1/tenants/(?P<tid>[^/]+)/unlink/?", "unlink"),
    )
]
_EXTENSION_ROUTES = {
    "extensions",
    "bulk_licences",
    "list_groups",
    "group_add",
    "group_remove",
    "assistance_request",
    "launch",
    "billing_type",
    "unlink",
    "rename_tenant",
}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    sandbox: SandboxServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def close_open_connections(self) -> None:
        """Closes idle keep-alive connections so a stopped server really is gone."""
        with self.connections_lock:
            conns = list(self.open_connections)
            self.open_connections.clear()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PartnerDeskSandbox/1.0"
    sys_version = ""
    timeout = 60
    wbufsize = 1 << 16  # headers and body leave in one write (no Nagle / delayed-ACK stall)
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.open_connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError, TimeoutError, OSError):
            super().handle()

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    # -- plumbing ----------------------------------------------------------------

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(status, body, headers)

    def _error(self, exc: ApiError) -> None:
        body: dict[str, Any] = {"error": exc.error, "message": exc.message}
        body["correlationId"] = _request_id()
        body["requestId"] = _request_id()
        body["createdAt"] = _now_iso()
        self._json(exc.status, body, exc.headers)

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            n = int(length)
        except ValueError:
            raise ApiError(400, "Content-Length: invalid") from None
        return self.rfile.read(n) if n > 0 else b""

    def _json_body(self, raw: bytes) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ApiError(400, "body: not valid JSON") from None
        if not isinstance(obj, dict):
            raise ApiError(400, "body: must be a JSON object")
        return obj

    def _dispatch(self, method: str) -> None:
        sandbox = self.server.sandbox
        try:
            raw = self._read_body()
            parts = urlsplit(self.path)
            path = parts.path
            query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            if path.startswith("/_sandbox/"):
                self._sandbox_route(sandbox, method, path, raw)
                return
            faults = sandbox.faults
            if faults["latency_ms"]:
                time.sleep(float(faults["latency_ms"]) / 1000.0)
            if faults["drop_rate"] and sandbox._draw() < faults["drop_rate"]:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            if path.rstrip("/") == "/api/v2/oauth2/token":
                if method != "POST":
                    raise ApiError(405, "use POST")
                self._token(sandbox, raw)
                return
            self._api(sandbox, method, path, query, raw, faults)
        except ApiError as api_error:
            self._safe(api_error)
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True
        except Exception as exc:  # never kill the server
            self._safe(ApiError(500, f"internal error: {type(exc).__name__}"))

    def _safe(self, error: ApiError) -> None:
        try:
            self._error(error)
        except OSError:
            self.close_connection = True

    # -- token -------------------------------------------------------------------

    def _token(self, sandbox: SandboxServer, raw: bytes) -> None:
        form = {k: v[-1] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
        tracking = _request_id()
        if form.get("grant_type") != "client_credentials":
            self._json(
                400,
                {
                    "errorCode": "oauth.unsupported_grant_type",
                    "message": "grant_type must be client_credentials",
                    "trackingId": tracking,
                },
            )
            return
        client_id = form.get("client_id", "")
        cred = sandbox._credentials.get(client_id)
        if cred is None:
            self._json(
                401,
                {
                    "errorCode": "oauth.invalid_client_id",
                    "message": "Unauthorized",
                    "trackingId": tracking,
                },
            )
            return
        if not secrets.compare_digest(cred[0].encode(), form.get("client_secret", "").encode()):
            self._json(
                401,
                {
                    "errorCode": "oauth.invalid_client_secret",
                    "message": "Unauthorized",
                    "trackingId": tracking,
                },
            )
            return
        lifetime = int(sandbox.faults["token_lifetime_s"])
        now = int(time.time())
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = _b64(
            json.dumps(
                {
                    "sub": client_id,
                    "iat": now,
                    "exp": now + lifetime,
                    "jti": secrets.token_hex(8),
                }
            ).encode()
        )
        token = f"{header}.{payload}.{_b64(secrets.token_bytes(32))}"
        sandbox._issue_token(token, client_id, lifetime)
        self._json(
            200,
            {
                "access_token": token,
                "refresh_token": secrets.token_urlsafe(32),
                "token_type": "bearer",
                "expires_in": lifetime,
                "errorCode": "success",
                "message": "OK",
                "trackingId": tracking,
            },
        )

    # -- /_sandbox ----------------------------------------------------------------

    def _sandbox_route(self, sandbox: SandboxServer, method: str, path: str, raw: bytes) -> None:
        if path.rstrip("/") == "/_sandbox/faults":
            if method == "GET":
                self._json(200, sandbox.faults)
                return
            if method == "POST":
                changes = self._json_body(raw)
                try:
                    sandbox.set_faults(**changes)
                except ValueError as exc:
                    raise ApiError(400, str(exc)) from None
                self._json(200, sandbox.faults)
                return
            raise ApiError(405, "use GET or POST")
        m = re.fullmatch(r"/_sandbox/tenants/([^/]+)/approve-assistance/?", path)
        if m and method == "POST":
            tid = unquote(m.group(1))
            state = sandbox.state
            with state.lock:
                tenant = state.tenants.get(tid)
                if tenant is None:
                    raise ApiError(404, f"tenant {tid} not found")
                pa = tenant["partnerAssistance"]
                req = pa.get("request")
                if pa.get("enabled") or not req or req.get("status") != "pending":
                    raise ApiError(409, "no pending partner-assistance request")
                pa["enabled"] = True
                pa["request"] = {"status": "approved", "requestedAt": req.get("requestedAt")}
                state.version += 1
                body = sandbox._render(tenant, None)
            self._json(200, body)
            return
        raise ApiError(404, f"no route {method} {path}")

    # -- API -----------------------------------------------------------------------

    def _api(
        self,
        sandbox: SandboxServer,
        method: str,
        path: str,
        query: dict[str, str],
        raw: bytes,
        faults: dict[str, Any],
    ) -> None:
        route: str | None = None
        params: dict[str, str] = {}
        path_known = False
        for m, pattern, name in _ROUTES:
            match = pattern.fullmatch(path)
            if match:
                path_known = True
                if m == method:
                    route = name
                    params = {k: unquote(v) for k, v in match.groupdict().items()}
                    break
        # authentication first, like the real service
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        client_id = sandbox._client_for(token)
        if client_id is None:
            raise ApiError(401, "Unauthorized", error="Unauthorized")
        limit = faults["rate_limit_per_s"]
        if limit:
            wait = sandbox._rate_check(client_id, float(limit))
            if wait is not None:
                headers = {}
                if faults["retry_after_header"]:
                    headers["Retry-After"] = str(max(1, math.ceil(wait)))
                raise ApiError(429, "Too many requests", headers=headers)
        rates = faults["error_rate"]
        if rates:
            r = sandbox._draw()
            acc = 0.0
            for status, share in rates.items():
                acc += share
                if r < acc:
                    code = int(status)
                    headers = {}
                    if code == 429 and faults["retry_after_header"]:
                        headers["Retry-After"] = "1"
                    raise ApiError(code, "injected fault", headers=headers)
        if route is None:
            if path_known:
                raise ApiError(405, f"{method} not allowed on {path}")
            raise ApiError(404, f"no route {method} {path}")
        if route in _EXTENSION_ROUTES and not sandbox.extensions:
            raise ApiError(404, f"no route {method} {path}")
        role = sandbox._credentials[client_id][1]
        if route not in ("whoami", "tenant_licences"):
            partner = self.headers.get("X-Partner-ID")
            if not partner:
                raise ApiError(401, "X-Partner-ID header is required", error="Unauthorized")
            if partner.strip() != sandbox.partner_id:
                raise ApiError(403, "not your partner id")
        handler = getattr(self, "_r_" + route)
        handler(sandbox, role, params, query, raw)

    # -- routes (public) ------------------------------------------------------------

    def _r_whoami(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._json(
            200,
            {"id": sb.partner_id, "idType": "partner", "apiHosts": {"global": sb.base_url}},
        )

    def _page_args(self, q: dict[str, str]) -> tuple[int, int, bool]:
        page = _int_param(q.get("page"), "page", 1)
        size = _int_param(q.get("pageSize"), "pageSize", DEFAULT_PAGE_SIZE)
        if size > MAX_PAGE_SIZE:
            raise ApiError(400, f"pageSize must be <= {MAX_PAGE_SIZE}")
        return page, size, _bool_param(q.get("pageTotal"))

    @staticmethod
    def _pages(page: int, size: int, total_items: int, with_total: bool) -> dict[str, Any]:
        pages: dict[str, Any] = {"current": page, "size": size}
        if with_total:
            pages["total"] = max(1, math.ceil(total_items / size)) if total_items else 0
            pages["items"] = total_items
        pages["maxSize"] = MAX_PAGE_SIZE
        return pages

    def _r_list_tenants(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        page, size, with_total = self._page_args(q)
        fields = None
        if q.get("fields"):
            fields = [f.strip() for f in q["fields"].split(",") if f.strip()]
        state = sb.state
        churn = int(sb.faults["churn_between_pages"])
        with state.lock:
            if page > 1 and churn:
                state.churn(churn)
            ids = state.sorted_ids[(page - 1) * size : page * size]
            items = [sb._render(state.tenants[t], fields) for t in ids]
            total = len(state.sorted_ids)
            body = {"items": items, "pages": self._pages(page, size, total, with_total)}
            data = _dumps(body)
        if sb.faults["truncate_page"] is not None and sb.faults["truncate_page"] == page:
            data = data[: len(data) // 2]
        self._send(200, data)

    def _r_get_tenant(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        with sb.state.lock:
            tenant = sb.state.tenants.get(p["tid"])
            if tenant is None:
                raise ApiError(404, f"tenant {p['tid']} not found")
            body = _dumps(sb._render(tenant, None))
        self._send(200, body)

    def _r_create_tenant(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        if role not in PERMISSIONS["createTrial"] and role not in PERMISSIONS["createUsage"]:
            raise ApiError(403, f"{role} may not create customers")
        body = self._json_body(raw)
        tenant = _validate_new_tenant(body)
        if tenant["billingType"] == "usage":
            if "mspFlex" not in sb.programs:
                raise ApiError(403, "monthly accounts need the MSP Flex program")
            if role not in PERMISSIONS["createUsage"]:
                raise ApiError(403, "only a Partner Super Admin may create monthly accounts")
        elif role not in PERMISSIONS["createTrial"]:
            raise ApiError(403, f"{role} may not create customers")
        state = sb.state
        with state.lock:
            tid = str(uuid.UUID(int=state.rng.getrandbits(128), version=4))
            ordered: dict[str, Any] = {"id": tid}
            ordered.update(tenant)
            ordered["partner"] = {"id": sb.partner_id}
            ordered["apiHost"] = None if tenant["billingType"] == "trial" else state.api_host
            ordered["status"] = "active"
            ordered["groups"] = []
            ordered["partnerAssistance"] = {"enabled": True, "request": None}
            ordered["managedCustomerOrder"] = False
            ordered["createdByPartner"] = True
            ordered["unlink"] = None
            meta = TenantMeta(state.rng.getrandbits(64), tenant["billingType"], True)
            state.add_tenant(ordered, meta)
            out = _dumps(sb._render(ordered, None))
        self._send(201, out)

    def _r_tenant_licences(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        tid = (self.headers.get("X-Tenant-ID") or "").strip()
        if not tid:
            raise ApiError(400, "X-Tenant-ID header is required")
        forbidden = frozenset(sb.faults["forbidden_tenants"])
        state = sb.state
        with state.lock:
            if not state.is_manageable(tid, forbidden):
                raise ApiError(403, "the partner may not manage this tenant")
            data = _dumps({"tenant": {"id": tid}, "licenses": state.licences[tid]})
        self._send(200, data)

    # -- routes (extensions) ----------------------------------------------------------

    def _r_extensions(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._json(
            200,
            {
                "features": list(FEATURES),
                "role": role,
                "partner": {"name": sb.partner_name, "programs": list(sb.programs)},
            },
        )

    def _r_bulk_licences(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        page, size, with_total = self._page_args(q)
        forbidden = frozenset(sb.faults["forbidden_tenants"])
        state = sb.state
        with state.lock:
            ids = state.manageable_ids(forbidden)
            chunk = ids[(page - 1) * size : page * size]
            items = [{"tenantId": t, "licenses": state.licences[t]} for t in chunk]
            body = {"items": items, "pages": self._pages(page, size, len(ids), with_total)}
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(200, data)

    def _r_list_groups(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        with sb.state.lock:
            items = [dict(g) for g in sb.state.groups.values()]
        self._json(200, {"items": items})

    @staticmethod
    def _require(role: str, action: str) -> None:
        if role not in PERMISSIONS[action]:
            raise ApiError(403, f"{role} may not perform {action}")

    def _r_group_add(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._require(role, "groups")
        body = self._json_body(raw)
        ids = body.get("tenantIds")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise ApiError(400, "tenantIds: must be a non-empty list of tenant ids")
        state = sb.state
        with state.lock:
            group = state.groups.get(p["gid"])
            if group is None:
                raise ApiError(404, f"customer group {p['gid']} not found")
            unknown = [i for i in ids if i not in state.tenants]
            if unknown:
                raise ApiError(404, f"tenant {unknown[0]} not found")
            added = sum(1 for i in ids if state._join(p["gid"], i))
            state._refresh_group_counts()
            out = dict(group)
        out["added"] = added
        self._json(200, out)

    def _r_group_remove(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._require(role, "groups")
        state = sb.state
        with state.lock:
            group = state.groups.get(p["gid"])
            if group is None:
                raise ApiError(404, f"customer group {p['gid']} not found")
            if p["tid"] not in state.tenants:
                raise ApiError(404, f"tenant {p['tid']} not found")
            if not state._leave(p["gid"], p["tid"]):
                raise ApiError(404, f"tenant {p['tid']} is not in this group")
            state._refresh_group_counts()
            out = dict(group)
        self._json(200, out)

    @staticmethod
    def _tenant(sb: SandboxServer, tid: str) -> dict[str, Any]:
        tenant = sb.state.tenants.get(tid)
        if tenant is None:
            raise ApiError(404, f"tenant {tid} not found")
        return tenant

    def _r_rename_tenant(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._require(role, "rename")
        body = self._json_body(raw)
        show_as = body.get("showAs")
        if not isinstance(show_as, str):
            raise ApiError(400, "showAs: required string")
        show_as = show_as.strip()
        if not 1 <= len(show_as) <= 100:
            raise ApiError(400, "showAs: must be 1-100 characters")
        if _has_control(show_as):
            raise ApiError(400, "showAs: must not contain control characters")
        with sb.state.lock:
            tenant = self._tenant(sb, p["tid"])
            tenant["showAs"] = show_as
            out = _dumps(sb._render(tenant, None))
        self._send(200, out)

    def _r_assistance_request(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._require(role, "partnerAssistance")
        with sb.state.lock:
            tenant = self._tenant(sb, p["tid"])
            pa = tenant["partnerAssistance"]
            if pa.get("enabled"):
                raise ApiError(409, "partner assistance is already enabled")
            req = pa.get("request")
            if req and req.get("status") == "pending":
                raise ApiError(409, "a partner-assistance request is already pending")
            pa["request"] = {"status": "pending", "requestedAt": _now_iso()}
        self._json(202, {"status": "pending"})

    def _r_launch(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._require(role, "launch")
        with sb.state.lock:
            tenant = self._tenant(sb, p["tid"])
            if not tenant["partnerAssistance"].get("enabled"):
                raise ApiError(403, "partner assistance is not enabled for this customer")
        url = (
            "https://central.sophos.com/manage/partner/launch"
            f"?tenantId={p['tid']}&ticket={secrets.token_urlsafe(16)}"
        )
        self._json(200, {"url": url})

    def _r_billing_type(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._require(role, "billingType")
        body = self._json_body(raw)
        target = body.get("billingType")
        if target not in ("trial", "term", "usage"):
            raise ApiError(400, "billingType: must be trial, term or usage")
        key = body.get("licenseKey")
        state = sb.state
        with state.lock:
            tenant = self._tenant(sb, p["tid"])
            current = tenant["billingType"]
            if current == target:
                raise ApiError(409, f"the customer is already {current}")
            if current == "trial" and target == "usage":
                if "mspFlex" not in sb.programs:
                    raise ApiError(403, "monthly billing needs the MSP Flex program")
                yesterday = (state.today - dt.timedelta(days=1)).isoformat()
                for lic in state.licences[tenant["id"]]:
                    if lic.get("type") == "trial" and (
                        "endDate" not in lic or lic["endDate"] >= state.today.isoformat()
                    ):
                        lic["endDate"] = yesterday
                self._to_usage(state, tenant)
            elif current == "term" and target == "usage":
                self._to_usage(state, tenant)
            elif current == "usage" and target == "term":
                if not isinstance(key, str) or not key.strip():
                    raise ApiError(400, "licenseKey: required to change usage to term")
                tenant["billingType"] = "term"
                lic_rng = random.Random(key)
                licences = state.licences[tenant["id"]]
                licences.append(
                    {
                        "id": str(uuid.UUID(int=lic_rng.getrandbits(128), version=4)),
                        "licenseIdentifier": key.strip(),
                        "product": {
                            "code": "interceptXAdvanced",
                            "name": "Central Intercept X Advanced",
                            "genericCode": "endpoint",
                        },
                        "startDate": state.today.isoformat(),
                        "endDate": (state.today + dt.timedelta(days=365)).isoformat(),
                        "perpetual": False,
                        "type": "term",
                        "quantity": 25,
                        "unlimited": False,
                        "usage": {"current": {"count": 0}},
                    }
                )
            elif target == "trial":
                raise ApiError(409, "a customer cannot go back to trial")
            else:  # trial -> term
                raise ApiError(
                    409, "a trial becomes term by ordering a licence, not by a billing change"
                )
            state.version += 1
            out = _dumps(sb._render(tenant, None))
        self._send(200, out)

    @staticmethod
    def _to_usage(state: SandboxState, tenant: dict[str, Any]) -> None:
        tenant["billingType"] = "usage"
        tenant["partnerAssistance"]["enabled"] = True
        if tenant.get("apiHost") is None:
            tenant["apiHost"] = state.api_host

    def _r_unlink(
        self, sb: SandboxServer, role: str, p: dict[str, str], q: dict[str, str], raw: bytes
    ) -> None:
        self._require(role, "unlink")
        self._json_body(raw)  # must be valid JSON when present
        state = sb.state
        with state.lock:
            tenant = self._tenant(sb, p["tid"])
            if tenant["billingType"] == "usage":
                if tenant.get("unlink"):
                    raise ApiError(409, "unlinking is already scheduled")
                effective = next_month_start(state.today).isoformat()
                tenant["unlink"] = {"status": "scheduled", "effectiveAt": effective}
                out: dict[str, Any] = {"status": "scheduled", "effectiveAt": effective}
            else:
                reason = _unlink_blocker(state.licences[tenant["id"]], state.today)
                if reason:
                    raise ApiError(409, reason)
                state.unlinked[tenant["id"]] = tenant
                state.remove_tenant(tenant["id"])
                out = {"status": "unlinked"}
        self._json(200, out)


def _unlink_blocker(licences: list[dict[str, Any]], today: dt.date) -> str | None:
    for lic in licences:
        if lic.get("type") == "trial" or lic.get("revoked"):
            continue
        code = (lic.get("product") or {}).get("code", "?")
        if lic.get("perpetual") or not lic.get("endDate"):
            return f"licence {lic.get('licenseIdentifier')} ({code}) is active"
        end = dt.date.fromisoformat(lic["endDate"][:10])
        if end >= today:
            return f"licence {lic.get('licenseIdentifier')} ({code}) is active until {end}"
        if (today - end).days < 60:
            return (
                f"licence {lic.get('licenseIdentifier')} ({code}) expired on {end}, "
                "less than 60 days ago"
            )
    return None


_CONTACT_REQUIRED = ("firstName", "lastName", "email", "phone")
_ADDRESS_REQUIRED = ("address1", "city", "countryCode", "postalCode")


def _req_str(obj: dict[str, Any], key: str, label: str, max_len: int = 255) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"{label}: required")
    value = value.strip()
    if len(value) > max_len:
        raise ApiError(400, f"{label}: must be at most {max_len} characters")
    if _has_control(value):
        raise ApiError(400, f"{label}: must not contain control characters")
    return value


def _validate_new_tenant(body: dict[str, Any]) -> dict[str, Any]:
    name = _req_str(body, "name", "name", 100)
    billing = body.get("billingType")
    if billing not in ("trial", "usage"):
        raise ApiError(400, "billingType: must be trial or usage")
    geo = body.get("dataGeography")
    region = body.get("dataRegion")
    if geo is None and region is None:
        raise ApiError(400, "dataGeography: dataGeography or dataRegion is required")
    if region is not None:
        if region not in REGION_GEOGRAPHY:
            raise ApiError(400, f"dataRegion: unknown region {region!r}")
        if geo is not None and REGION_GEOGRAPHY[region] != geo:
            raise ApiError(400, f"dataGeography: {geo!r} does not match region {region}")
        geo = REGION_GEOGRAPHY[region]
    elif geo not in GEOGRAPHY_REGIONS:
        raise ApiError(400, f"dataGeography: unknown geography {geo!r}")
    else:
        region = GEOGRAPHY_REGIONS[geo][0]
    show_as = body.get("showAs", name)
    if not isinstance(show_as, str) or not 1 <= len(show_as.strip()) <= 100:
        raise ApiError(400, "showAs: must be 1-100 characters")
    if _has_control(show_as):
        raise ApiError(400, "showAs: must not contain control characters")
    contact = body.get("contact")
    if not isinstance(contact, dict):
        raise ApiError(400, "contact: required")
    clean: dict[str, Any] = {}
    for key in _CONTACT_REQUIRED:
        clean[key] = _req_str(contact, key, f"contact.{key}")
    if "@" not in clean["email"] or clean["email"].startswith("@") or " " in clean["email"]:
        raise ApiError(400, "contact.email: not a valid email address")
    for key in ("mobile", "fax"):
        if isinstance(contact.get(key), str) and contact[key].strip():
            clean[key] = contact[key].strip()
    address = contact.get("address")
    if not isinstance(address, dict):
        raise ApiError(400, "contact.address: required")
    addr: dict[str, Any] = {}
    for key in _ADDRESS_REQUIRED:
        addr[key] = _req_str(address, key, f"contact.address.{key}")
    for key in ("address2", "address3", "state"):
        if isinstance(address.get(key), str) and address[key].strip():
            addr[key] = address[key].strip()
    clean["address"] = addr
    return {
        "name": name,
        "showAs": show_as.strip(),
        "dataGeography": geo,
        "dataRegion": region,
        "billingType": billing,
        "contact": clean,
    }


class SandboxServer:
    """A local, deterministic Partner API. Binds loopback only."""

    def __init__(
        self,
        customers: int = 2000,
        seed: int = 1,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: dict[str, Any] | None = None,
        credentials: list[tuple[str, str, str]] | None = None,
        extensions: bool = True,
        programs: tuple[str, ...] = ("mspFlex", "mspFlexConnect"),
        today: dt.date | None = None,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError(
                f"the sandbox binds loopback only (127.0.0.1, localhost, ::1), not {host!r}"
            )
        if customers < 0:
            raise ValueError("customers must be >= 0")
        self._host = LOOPBACK[host]
        self._requested_port = port
        self.port = port
        self.base_url = ""
        self.extensions = extensions
        self.programs = tuple(programs)
        self.seed = seed
        self.today = today or dt.date.today()
        seed_rng = random.Random(f"partner-{seed}")
        self.partner_id = str(uuid.UUID(int=seed_rng.getrandbits(128), version=4))
        self.partner_name = "Demo Partner S.r.l. — Sandbox"
        self._faults: dict[str, Any] = copy.deepcopy(DEFAULT_FAULTS)
        if faults:
            self._faults.update(validate_faults(faults))
        self._faults_lock = threading.Lock()
        self._credentials: dict[str, tuple[str, str]] = {
            cid: (DEMO_SECRET, role) for cid, role in DEMO_CREDENTIALS.items()
        }
        for cid, secret, role in credentials or []:
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
            self._credentials[cid] = (secret, role)
        self._tokens: dict[str, tuple[str, float]] = {}
        self._auth_lock = threading.Lock()
        self._windows: dict[str, deque[float]] = {}
        self._rng = random.Random(f"faults-{seed}")
        self._rng_lock = threading.Lock()
        self.state = SandboxState(customers, seed, self.partner_id, self.today, self.programs)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    # -- lifecycle ----------------------------------------------------------------

    def start(self) -> SandboxServer:
        if self._httpd is not None:
            return self
        server_cls = _HTTPServer
        if ":" in self._host:

            class _V6(_HTTPServer):
                address_family = socket.AF_INET6

            server_cls = _V6
        httpd = server_cls((self._host, self._requested_port), _Handler)
        httpd.sandbox = self
        self.port = httpd.server_address[1]
        host = f"[{self._host}]" if ":" in self._host else self._host
        self.base_url = f"http://{host}:{self.port}"
        with self.state.lock:
            self.state.set_api_host(self.base_url)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_open_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults ---------------------------------------------------------------------

    @property
    def faults(self) -> dict[str, Any]:
        with self._faults_lock:
            return copy.deepcopy(self._faults)

    def set_faults(self, **changes: Any) -> None:
        clean = validate_faults(changes)
        with self._faults_lock:
            self._faults.update(clean)

    def _draw(self) -> float:
        with self._rng_lock:
            return self._rng.random()

    # -- auth -------------------------------------------------------------------------

    def _issue_token(self, token: str, client_id: str, lifetime: int) -> None:
        with self._auth_lock:
            now = time.monotonic()
            if len(self._tokens) > 10_000:  # forget expired tokens
                self._tokens = {t: v for t, v in self._tokens.items() if v[1] > now}
            self._tokens[token] = (client_id, now + lifetime)

    def _client_for(self, token: str) -> str | None:
        if not token:
            return None
        with self._auth_lock:
            entry = self._tokens.get(token)
        if entry is None or entry[1] <= time.monotonic():
            return None
        if entry[0] not in self._credentials:
            return None
        return entry[0]

    def _rate_check(self, client_id: str, limit: float) -> float | None:
        """Sliding 1-second window per client. None = allowed, else seconds to wait."""
        now = time.monotonic()
        with self._auth_lock:
            window = self._windows.setdefault(client_id, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                return window[0] + 1.0 - now
            window.append(now)
            return None

    # -- rendering ------------------------------------------------------------------------

    def _render(self, tenant: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
        """The tenant as served (shares structure with the store: encode under the lock)."""
        if fields:
            out = {"id": tenant["id"]}
            for f in fields:
                if f in tenant and (self.extensions or f not in EXTENSION_FIELDS):
                    out[f] = tenant[f]
            return out
        if self.extensions:
            return tenant
        return {k: v for k, v in tenant.items() if k not in EXTENSION_FIELDS}
