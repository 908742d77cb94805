"""A small hostile Partner API server for tests, on 127.0.0.1 (never the internet).

Sign-in, whoami and licences behave; the tenant listing misbehaves as ``mode`` says:

- ``drip``: a valid page, one byte every ``drip_s`` seconds;
- ``silence``: accepts the request and never answers;
- ``endless``: full pages of new tenants forever, no totals;
- ``repeat``: the same full page for every page number, no totals;
- ``huge_total``: ``pages.total = 10**9``; 3 real pages, then empty pages;
- ``huge_total_full``: ``pages.total = 10**9`` and full pages of new tenants forever;
- ``gzip_bomb``: a small gzip body that inflates to ``bomb_mb`` MB;
- ``big``: a ``big_mb`` MB body (with and without Content-Length: ``chunked``);
- ``bad_ids``: good tenants plus tenants whose ids hold CR/LF, NUL, U+202E, a number;
- ``nested``: JSON nested ``depth`` levels deep;
- ``ok``: a well-behaved listing of ``customers`` tenants.

``/partner/v1/extensions`` answers 404 (the real service) unless ``extensions`` is set,
then it lists them and ``/partner/v1/extensions/tenants`` serves tenants with extension
fields (``groups``) while the public route never does. ``hits`` counts requests per path.
"""

from __future__ import annotations

import gzip
import io
import json
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PARTNER_ID = "11111111-2222-3333-4444-555555555555"


def tenant(tid: str, name: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "name": name or f"Customer {tid[:8]}",
        "showAs": name or f"Customer {tid[:8]}",
        "dataGeography": "EU",
        "dataRegion": "eu01",
        "billingType": "term",
        "partner": {"id": PARTNER_ID},
        "apiHost": "https://api-eu01.central.sophos.com",
        "status": "active",
        **extra,
    }


def _stable_ids(n: int, salt: str = "t") -> list[str]:
    return [str(uuid.uuid5(uuid.NAMESPACE_URL, f"{salt}{i}")) for i in range(n)]


_BOMB_CACHE: dict[int, bytes] = {}


def gzip_bomb(megabytes: int) -> bytes:
    """gzip of ``megabytes`` MB of zeros (~1 KB per MB), built once per size."""
    if megabytes not in _BOMB_CACHE:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
            gz.write(b'{"items": [')
            zero = b"0" * (1024 * 1024)
            for _ in range(megabytes):
                gz.write(zero)
        _BOMB_CACHE[megabytes] = buf.getvalue()
    return _BOMB_CACHE[megabytes]


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str = "ok", **options: Any) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.customers = int(options.get("customers", 250))
        self.drip_s = float(options.get("drip_s", 0.2))
        self.bomb_mb = int(options.get("bomb_mb", 600))
        self.big_mb = int(options.get("big_mb", 200))
        self.chunked = bool(options.get("chunked", False))
        self.depth = int(options.get("depth", 100_000))
        self.extensions: list[str] | None = options.get("extensions")
        self.stopping = threading.Event()
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.ids = _stable_ids(self.customers)
        self._thread: threading.Thread | None = None
        if mode == "gzip_bomb":
            gzip_bomb(self.bomb_mb)  # built before the first request, not during it

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> HostileServer:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # -- plumbing ---------------------------------------------------------------

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj).encode())

    def _page(self, page_items: list[Any], **pages: Any) -> None:
        self._json(200, {"items": page_items, "pages": pages})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
        if path == "/api/v2/oauth2/token":
            self._json(
                200,
                {
                    "access_token": "hostile-token",
                    "refresh_token": "r",
                    "token_type": "bearer",
                    "expires_in": 3600,
                    "errorCode": "success",
                },
            )
            return
        self._json(404, {"error": "notFound"})

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        srv = self.server
        with srv.lock:
            srv.hits[path] += 1
        try:
            if path == "/whoami/v1":
                self._json(
                    200,
                    {
                        "id": PARTNER_ID,
                        "idType": "partner",
                        "apiHosts": {"global": srv.base_url, "dataRegion": None},
                    },
                )
            elif path == "/partner/v1/extensions":
                if srv.extensions is None:
                    self._json(404, {"error": "notFound", "message": "no route"})
                else:
                    self._json(200, {"features": srv.extensions, "role": "Partner Super Admin"})
            elif path == "/licenses/v1/licenses":
                tid = self.headers.get("X-Tenant-ID", "")
                self._json(200, {"tenant": {"id": tid}, "licenses": []})
            elif path == "/partner/v1/tenants":
                self._tenants(query, extension=False)
            elif path == "/partner/v1/extensions/tenants" and srv.extensions is not None:
                self._tenants(query, extension=True)
            elif path.startswith("/partner/v1/extensions/tenants/") and srv.extensions:
                tid = path.rsplit("/", 1)[1]
                self._json(200, tenant(tid, groups=[{"id": "g1"}]))
            elif path.startswith("/partner/v1/tenants/"):
                self._json(200, tenant(path.rsplit("/", 1)[1]))
            else:
                self._json(404, {"error": "notFound"})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # -- tenants ----------------------------------------------------------------

    def _tenants(self, query: dict[str, str], *, extension: bool) -> None:
        srv = self.server
        number = int(query.get("page", "1"))
        size = int(query.get("pageSize", "50"))
        mode = srv.mode
        if mode == "ok":
            start = (number - 1) * size
            chunk = srv.ids[start : start + size]
            extra: dict[str, Any] = {"groups": [{"id": "g1"}]} if extension else {}
            total = -(-len(srv.ids) // size)
            self._page(
                [tenant(t, **extra) for t in chunk],
                current=number,
                size=size,
                total=total,
                items=len(srv.ids),
                maxSize=100,
            )
        elif mode == "drip":
            body = json.dumps({"items": [tenant(t) for t in srv.ids[:3]]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(len(body)):
                if srv.stopping.is_set():
                    return
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(srv.drip_s)
        elif mode == "silence":
            while not srv.stopping.wait(0.1):
                pass
            self.close_connection = True
        elif mode == "endless":
            self._page([tenant(str(uuid.uuid4())) for _ in range(size)], current=number)
        elif mode == "repeat":
            self._page([tenant(t) for t in srv.ids[:size]], current=number)
        elif mode in ("huge_total", "huge_total_full"):
            if mode == "huge_total_full":
                items = [tenant(str(uuid.uuid4())) for _ in range(size)]
            else:
                items = [tenant(t) for t in _stable_ids(size * 3)[(number - 1) * size :][:size]]
            self._page(items, current=number, size=size, total=10**9)
        elif mode == "gzip_bomb":
            body = gzip_bomb(srv.bomb_mb)
            self._send(200, body, {"Content-Encoding": "gzip"})
        elif mode == "big":
            self._big()
        elif mode == "bad_ids":
            good = [tenant(t) for t in srv.ids[:5]]
            bad = [
                tenant("bad\r\nX-Injected: 1"),
                tenant("nul\x00id"),
                tenant("evil\u202egpj.exe"),
                {**tenant("x"), "id": 12345},
                tenant("\u2066isolate"),
            ]
            self._page(good + bad, current=1, size=size, total=1, items=10)
        elif mode == "nested":
            depth = srv.depth
            self._send(200, b"[" * depth + b"]" * depth)
        else:  # pragma: no cover - a typo in a test
            self._json(500, {"error": "unknown mode"})

    def _big(self) -> None:
        srv = self.server
        total = srv.big_mb * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if srv.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        block = b" " * (256 * 1024)
        sent = 0
        while sent < total and not srv.stopping.is_set():
            if srv.chunked:
                self.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
            else:
                self.wfile.write(block)
            sent += len(block)
        if srv.chunked:
            self.wfile.write(b"0\r\n\r\n")
