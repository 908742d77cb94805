"""Fault injection and named behaviour profiles (docs/partner-api.md §6, §8).

Standard library only; imports nothing from the rest of ``desktop``.
"""

from __future__ import annotations

import copy
import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from desktop.sandbox.common import ApiError

DEFAULT_FAULTS: dict[str, Any] = {
    "latency_ms": 0,
    # Off by default: standard public clients page every tenant at their natural pace
    # without a 429. ``--profile real`` and this key turn rate limiting on.
    "rate_limit_per_s": None,
    "retry_after_header": True,
    # Share of 429 answers sent without ``Retry-After`` even when the header is on.
    "retry_after_omit_rate": 0,
    "error_rate": {},
    "drop_rate": 0,
    "truncate_page": None,
    "token_lifetime_s": 3600,
    "forbidden_tenants": [],
    "churn_between_pages": 0,
}


@dataclass(frozen=True)
class Profile:
    """A named behaviour: extensions on or off, bulk licences on or off, and fault values."""

    name: str
    description: str
    extensions: bool = True
    bulk_licences: bool = True
    faults: dict[str, Any] = field(default_factory=dict)


PROFILES: dict[str, Profile] = {
    "default": Profile(
        "default",
        "console extensions on, no rate limit, no faults",
    ),
    # What the Demo profile's in-process sandbox uses (desktop/services/demo.py): the
    # default behaviour, so that a demo of 100,000 customers syncs at full speed.
    "demo": Profile(
        "demo",
        "what the Demo uses: console extensions and bulk licences, no rate limit",
    ),
    # The real service as far as we know it: no console extensions (so no bulk licence
    # route), 10 requests/s per credential, Retry-After sent on only some 429s [ours].
    "real": Profile(
        "real",
        "like the real Partner API: no extensions, no bulk licences, 10 requests/s, "
        "Retry-After sometimes absent",
        extensions=False,
        bulk_licences=False,
        faults={"rate_limit_per_s": 10, "retry_after_omit_rate": 0.5},
    ),
}


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


def _share(value: Any, key: str) -> float:
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
        elif key in ("retry_after_omit_rate", "drop_rate"):
            out[key] = _share(value, key)
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
                rates[str(code)] = _share(share, key)
            if sum(rates.values()) > 1:
                raise ValueError(f"{key}: shares add up to more than 1")
            out[key] = rates
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


class Faults:
    """The current fault settings, the fault dice and the per-credential rate windows."""

    def __init__(self, seed: int, initial: dict[str, Any] | None = None) -> None:
        self._settings: dict[str, Any] = copy.deepcopy(DEFAULT_FAULTS)
        if initial:
            self._settings.update(validate_faults(initial))
        self._lock = threading.Lock()
        self._rng = random.Random(f"faults-{seed}")
        self._windows: dict[str, deque[float]] = {}

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._settings)

    def update(self, changes: dict[str, Any]) -> None:
        clean = validate_faults(changes)
        with self._lock:
            self._settings.update(clean)

    def draw(self) -> float:
        with self._lock:
            return self._rng.random()

    def rate_wait(self, client_id: str, limit: float) -> float | None:
        """Sliding 1-second window per credential. None = allowed, else seconds to wait."""
        now = time.monotonic()
        with self._lock:
            window = self._windows.setdefault(client_id, deque())
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                return window[0] + 1.0 - now
            window.append(now)
            return None

    def before_request(self, settings: dict[str, Any]) -> bool:
        """Latency, then the drop dice. True = drop the connection without an answer."""
        if settings["latency_ms"]:
            time.sleep(float(settings["latency_ms"]) / 1000.0)
        return bool(settings["drop_rate"]) and self.draw() < settings["drop_rate"]

    def _retry_after(self, settings: dict[str, Any], value: str) -> dict[str, str]:
        if not settings["retry_after_header"]:
            return {}
        omit = settings["retry_after_omit_rate"]
        if omit and self.draw() < omit:
            return {}
        return {"Retry-After": value}

    def check_api_call(self, settings: dict[str, Any], client_id: str) -> None:
        """Rate limit and injected error statuses for one authenticated API call."""
        limit = settings["rate_limit_per_s"]
        if limit:
            wait = self.rate_wait(client_id, float(limit))
            if wait is not None:
                headers = self._retry_after(settings, str(max(1, math.ceil(wait))))
                raise ApiError(429, "Too many requests", headers=headers)
        rates = settings["error_rate"]
        if rates:
            r = self.draw()
            acc = 0.0
            for status, share in rates.items():
                acc += share
                if r < acc:
                    code = int(status)
                    headers = self._retry_after(settings, "1") if code == 429 else {}
                    raise ApiError(code, "injected fault", headers=headers)
