"""Bounded network I/O under httpx: an overall deadline, prompt cancel, capped bodies.

httpx's timeouts apply to each socket operation, so a server that drips one byte a
second (or a Cancel while a read is blocked) would keep a request alive for as long as
the server likes. :class:`BoundedBackend` wraps httpcore's socket backend: every
blocking read or write is cut into slices of at most :data:`SLICE` seconds, and between
slices the calling thread's :class:`RequestScope` is checked. A scope that is cancelled
or past its deadline raises :class:`Aborted`, which httpcore answers by closing the
connection. Reads between slices resume exactly where they stopped (a socket timeout
consumes nothing), so the per-read timeout still means what it says.

:func:`read_body` streams the raw body, decodes ``gzip``/``deflate`` itself with a
bounded output per step, and stops as soon as the decoded size passes the cap: a small
compressed bomb never inflates in memory.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

__all__ = [
    "SLICE",
    "Aborted",
    "BoundedBackend",
    "RawResponse",
    "RequestScope",
    "TooLarge",
    "install_backend",
    "read_body",
    "scope",
]

SLICE = 0.2  # seconds between two checks of cancel/deadline inside a blocking read
ACCEPT_ENCODING = "gzip, deflate"


class Aborted(Exception):
    """The request was cut short: ``reason`` is ``"cancelled"`` or ``"deadline"``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TooLarge(Exception):
    """The (decoded) body passed the size cap."""


class UnsupportedEncoding(Exception):
    """The body uses a content encoding this client did not ask for."""


@dataclass
class RequestScope:
    """The deadline and the cancel test of the request running on this thread."""

    deadline: float
    cancelled: Callable[[], bool]

    def check(self) -> float:
        """Raise :class:`Aborted` when cancelled or late; else the seconds left."""
        if self.cancelled():
            raise Aborted("cancelled")
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Aborted("deadline")
        return left


_local = threading.local()


class scope:
    """Context manager: run the enclosed request under ``RequestScope``."""

    def __init__(self, deadline: float, cancelled: Callable[[], bool]) -> None:
        self._scope = RequestScope(deadline, cancelled)
        self._previous: RequestScope | None = None

    def __enter__(self) -> RequestScope:
        self._previous = getattr(_local, "scope", None)
        _local.scope = self._scope
        return self._scope

    def __exit__(self, *exc: object) -> None:
        _local.scope = self._previous


def _current() -> RequestScope | None:
    return getattr(_local, "scope", None)


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        current = _current()
        if current is None:
            return self._inner.read(max_bytes, timeout)
        until = None if timeout is None else time.monotonic() + timeout
        while True:
            left = current.check()
            step = min(SLICE, left)
            if until is not None:
                remaining = until - time.monotonic()
                if remaining <= 0:
                    raise httpcore.ReadTimeout("timed out")
                step = min(step, remaining)
            try:
                return self._inner.read(max_bytes, max(step, 0.001))
            except httpcore.ReadTimeout:
                continue

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        current = _current()
        if current is not None:
            left = current.check()
            timeout = left if timeout is None else min(timeout, left)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        current = _current()
        if current is not None:
            left = current.check()
            timeout = left if timeout is None else min(timeout, left)
        return _BoundedStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class BoundedBackend(httpcore.NetworkBackend):
    """httpcore's sync socket backend with deadline- and cancel-aware streams."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        current = _current()
        if current is not None:
            left = current.check()
            timeout = left if timeout is None else min(timeout, left)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover - not used
        return _BoundedStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - not used
        self._inner.sleep(seconds)


def install_backend(client: httpx.Client) -> int:
    """Put :class:`BoundedBackend` under every connection pool of ``client``.

    Returns how many pools were fitted; tests assert it, so an httpx/httpcore upgrade
    that moves these attributes fails a test instead of silently unbounding requests.
    """
    transports: list[Any] = [client._transport, *client._mounts.values()]
    fitted = 0
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = BoundedBackend(pool._network_backend)
            fitted += 1
    return fitted


# ---------------------------------------------------------------- bodies


@dataclass
class RawResponse:
    """A finished response: status, headers and the decoded (size-capped) body."""

    status_code: int
    headers: httpx.Headers
    content: bytes


class _Inflater:
    def __init__(self, encoding: str) -> None:
        # gzip, or zlib-wrapped deflate; raw deflate is retried below (some servers).
        wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._wbits = wbits
        self._obj = zlib.decompressobj(wbits)
        self._first = True
        self._deflate = encoding == "deflate"

    def feed(self, data: bytes, room: int) -> Iterable[bytes]:
        """Decoded pieces of ``data``, never more than ``room + 1`` bytes in all."""
        while data:
            try:
                out = self._obj.decompress(data, room + 1)
            except zlib.error:
                if self._first and self._deflate:
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise
            self._first = False
            room -= len(out)
            yield out
            if room < 0:
                return
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                data = self._obj.unused_data
                if data:  # a second gzip member
                    self._obj = zlib.decompressobj(self._wbits)


def read_body(response: httpx.Response, limit: int) -> bytes:
    """The body of a streamed ``response``, decoded; :class:`TooLarge` past ``limit``."""
    header = response.headers.get("Content-Encoding", "")
    encodings = [e.strip().lower() for e in header.split(",") if e.strip()]
    encodings = [e for e in encodings if e != "identity"]
    if len(encodings) > 2 or any(e not in ("gzip", "x-gzip", "deflate") for e in encodings):
        raise UnsupportedEncoding(header)
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and not encodings and int(declared) > limit:
        raise TooLarge()
    layers = [_Inflater(e) for e in reversed(encodings)]
    out = bytearray()
    for chunk in response.iter_raw():
        pieces: list[bytes] = [chunk]
        for layer in layers:
            decoded: list[bytes] = []
            for piece in pieces:
                decoded.extend(layer.feed(piece, limit - len(out)))
            pieces = decoded
        for piece in pieces:
            out += piece
            if len(out) > limit:
                raise TooLarge()
    return bytes(out)
