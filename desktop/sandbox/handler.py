"""The HTTP side: a threaded stdlib server whose handler turns bytes into a
:class:`~desktop.sandbox.common.Request`, asks ``SandboxServer.handle`` and writes the
:class:`~desktop.sandbox.common.Reply`. No API logic lives here.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from desktop.sandbox.common import MAX_BODY_BYTES, ApiError, Reply, Request

if TYPE_CHECKING:
    from desktop.sandbox.server import SandboxServer


class HTTPServer(ThreadingHTTPServer):
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


class HTTPServerV6(HTTPServer):
    address_family = socket.AF_INET6


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PartnerDeskSandbox/1.0"
    sys_version = ""
    timeout = 60
    wbufsize = 1 << 16  # headers and body leave in one write (no Nagle / delayed-ACK stall)
    server: HTTPServer

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

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        length_text = headers.get("content-length", "")
        consumed = False
        length = 0
        bad_length = False
        if length_text:
            try:
                length = int(length_text)
            except ValueError:
                bad_length = True
            if length < 0:
                bad_length = True

        def read_body() -> bytes:
            # Called by a route only after the token check; never reads an oversized body.
            nonlocal consumed
            if bad_length:
                raise ApiError(400, "Content-Length: invalid")
            if length > MAX_BODY_BYTES:
                raise ApiError(413, f"request body over {MAX_BODY_BYTES} bytes")
            consumed = True
            return self.rfile.read(length) if length > 0 else b""

        request = Request(method, parts.path, query, headers, read_body)
        try:
            reply = self.server.sandbox.handle(request)
        except (ConnectionError, BrokenPipeError):
            self.close_connection = True
            return
        if reply.drop:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if length and not consumed and not bad_length and length <= MAX_BODY_BYTES:
            try:  # a small body the route did not need: drain it, keep the connection
                self.rfile.read(length)
                consumed = True
            except OSError:
                self.close_connection = True
                return
        if (length and not consumed) or bad_length or "transfer-encoding" in headers:
            self.close_connection = True  # an unread body: this connection cannot go on
        try:
            self._send(reply)
        except OSError:
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(reply.body)))
        for key, value in reply.headers.items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)
        self.wfile.flush()
