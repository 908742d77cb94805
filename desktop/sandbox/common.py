"""What every route module shares: errors, the request/reply objects, roles, paging helpers.

Standard library only; imports nothing from the rest of ``desktop``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

SUPER_ADMIN = "Partner Super Admin"
ADMIN = "Partner Admin"
HELP_DESK = "Partner Help Desk"
READ_ONLY = "Partner Read-only"
BUSINESS_ADMIN = "Partner Business Admin"
ROLES: tuple[str, ...] = (SUPER_ADMIN, ADMIN, HELP_DESK, READ_ONLY, BUSINESS_ADMIN)

DEMO_SECRET = "sandbox"
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

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
# Request bodies: the token form and the JSON bodies of the routes are tiny. A larger
# Content-Length is refused (413) without reading it, and only after the token check.
MAX_BODY_BYTES = 64 * 1024

_ERROR_NAMES = {
    400: "badRequest",
    401: "Unauthorized",
    403: "Forbidden",  # the real service's spelling [obs]
    404: "notFound",
    405: "methodNotAllowed",
    409: "conflict",
    413: "payloadTooLarge",
    429: "tooManyRequests",
    500: "internalServerError",
    502: "badGateway",
    503: "serviceUnavailable",
}


class ApiError(Exception):
    """An error answer: ``{"error", "message", "correlationId", ...}`` with ``status``."""

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

    def body(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "message": self.message,
            "correlationId": request_id(),
            "requestId": request_id(),
            "createdAt": now_iso(),
        }


@dataclass
class Reply:
    """What a route answers. ``drop`` closes the connection without any answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False

    @classmethod
    def json(cls, status: int, obj: Any, headers: dict[str, str] | None = None) -> Reply:
        return cls(status, dumps(obj), dict(headers or {}))

    @classmethod
    def error(cls, exc: ApiError) -> Reply:
        return cls.json(exc.status, exc.body(), exc.headers)


@dataclass
class Request:
    """One parsed request as the route modules see it.

    The body is read only when a route asks for it (after the token check), through
    ``read_body``, which enforces :data:`MAX_BODY_BYTES`.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: Mapping[str, str]  # keys in lower case
    read_body: Callable[[], bytes] = lambda: b""
    params: dict[str, str] = field(default_factory=dict)
    client_id: str = ""
    role: str = ""
    _raw: bytes | None = None

    def header(self, name: str) -> str:
        value = self.headers.get(name.lower())
        return value if isinstance(value, str) else ""

    @property
    def raw(self) -> bytes:
        if self._raw is None:
            self._raw = self.read_body()
        return self._raw

    def json_body(self) -> dict[str, Any]:
        raw = self.raw
        if not raw:
            return {}
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise ApiError(400, "body: not valid JSON") from None
        if not isinstance(obj, dict):
            raise ApiError(400, "body: must be a JSON object")
        return obj

    def require(self, action: str) -> None:
        if self.role not in PERMISSIONS[action]:
            raise ApiError(403, f"{self.role} may not perform {action}")


def dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def request_id() -> str:
    return str(uuid.uuid4())


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def bool_param(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("true", "1", "yes")


def int_param(value: str | None, name: str, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ApiError(400, f"{name}: must be an integer") from None
    if number < 1:
        raise ApiError(400, f"{name}: must be >= 1")
    return number


def has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def page_args(query: Mapping[str, str]) -> tuple[int, int, bool]:
    """``(page, pageSize, pageTotal)`` of a numbered-page route (docs/partner-api.md §4)."""
    page = int_param(query.get("page"), "page", 1)
    size = int_param(query.get("pageSize"), "pageSize", DEFAULT_PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise ApiError(400, f"pageSize must be <= {MAX_PAGE_SIZE}")
    return page, size, bool_param(query.get("pageTotal"))


def pages(page: int, size: int, total_items: int, with_total: bool) -> dict[str, Any]:
    """The ``pages`` object: ``total``/``items`` only with ``pageTotal=true`` [obs]."""
    out: dict[str, Any] = {"current": page, "size": size}
    if with_total:
        out["total"] = max(1, math.ceil(total_items / size)) if total_items else 0
        out["items"] = total_items
    out["maxSize"] = MAX_PAGE_SIZE
    return out
