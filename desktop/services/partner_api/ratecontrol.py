"""One rate controller per API credential (docs/architecture.md §9).

Every request of a client (tenant pages, licence calls, bulk routes, actions) asks the
credential's :class:`RateController` for a slot before it is sent and reports how it
ended. The controller

- paces requests evenly (a token bucket holding one token, so never a burst) at a rate
  learnt from the server: unlimited until the first 429, then a little below the rate
  the server was accepting when it refused; it recovers towards that ceiling after
  successes and slowly probes above it, so a limit that rises is found again;
- adds jitter to every interval (never shorter than the paced one), so clients that
  share a limit do not fire in lockstep;
- pauses the *whole* client when a 429 carries ``Retry-After`` (seconds or HTTP date);
- keeps the number of requests in flight adaptive: cut by a quarter on 429/503, one more
  after a window of successes (additive increase, multiplicative decrease);
- never treats a 429 as a failure while requests still get through: the caller gives up
  only when no request has succeeded for ``progress_budget`` seconds since the first
  429 of a stall (:meth:`stalled_for`).

Modelled on the per-host slow start / back-off of MusicBrainz Picard's
``picard/webservice/ratecontrol.py`` (read, not copied), with one controller per
credential instead of per host, because Sophos limits per credential.
"""

from __future__ import annotations

import datetime
import email.utils
import math
import random
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass

__all__ = ["RateController", "RateStats", "controller_for", "parse_retry_after"]

# Fraction of the learnt ceiling a paced client aims at, and the jitter added to each
# interval: the mean rate stays under the ceiling, no interval is shorter than 1/rate.
TARGET_SHARE = 0.95
JITTER = 0.05
# Successes at the target before the ceiling is probed 5 % higher.
PROBE_AFTER = 40
PROBE_STEP = 1.05
# Above this the client is effectively unlimited again.
UNLIMITED = 1000.0


@dataclass
class RateStats:
    """Counters for logs and benchmarks."""

    sent: int = 0
    succeeded: int = 0
    rate_limited: int = 0  # 429 answers
    failed: int = 0  # 5xx, drops, timeouts (each retried or given up by the caller)
    pauses: int = 0  # Retry-After pauses of the whole client
    rate: float | None = None  # current paced rate (None = unlimited)
    concurrency: int = 0  # current in-flight limit


class RateController:
    """Paces, pauses and bounds the requests of every client of one credential.

    Thread-safe. ``acquire`` blocks (cancellable, waking at least every 0.1 s) until a
    request may be sent; every ``acquire`` must be followed by exactly one ``release``.
    """

    def __init__(
        self,
        *,
        max_concurrency: int = 8,
        initial_rate: float | None = None,
        min_rate: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self._cond = threading.Condition()
        self._clock = clock
        self._rng = rng or random.Random()
        self._min_rate = min_rate
        self._rate: float | None = initial_rate
        self._ceiling: float | None = initial_rate
        self._next_slot = 0.0
        self._pause_until = 0.0
        self._max_concurrency = max_concurrency
        self._limit = max_concurrency
        self._in_flight = 0
        self._streak = 0  # successes since the last change of the in-flight limit
        self._at_target = 0  # successes at the target rate since the last probe
        self._accepted: deque[float] = deque()  # send times of accepted requests (2 s)
        self._last_decrease = -math.inf
        self._stalled_since: float | None = None
        self.stats = RateStats(rate=initial_rate, concurrency=max_concurrency)

    # ------------------------------------------------------------ properties

    @property
    def rate(self) -> float | None:
        with self._cond:
            return self._rate

    @property
    def concurrency(self) -> int:
        with self._cond:
            return self._limit

    def raise_concurrency(self, max_concurrency: int) -> None:
        """A client with a higher ``max_concurrency`` joined this credential."""
        with self._cond:
            if max_concurrency > self._max_concurrency:
                self._max_concurrency = max_concurrency
                self._limit = max(self._limit, max_concurrency)

    def stalled_for(self) -> float:
        """Seconds since the first 429 that no request has succeeded after (0 = none)."""
        with self._cond:
            if self._stalled_since is None:
                return 0.0
            return self._clock() - self._stalled_since

    # ------------------------------------------------------------ slots

    def acquire(self, cancelled: Callable[[], bool]) -> float | None:
        """Wait for a slot; return its send time, or None when ``cancelled()`` turned true."""
        with self._cond:
            while True:
                if cancelled():
                    return None
                now = self._clock()
                if now < self._pause_until:
                    wait = self._pause_until - now
                elif self._in_flight >= self._limit:
                    wait = 0.1  # woken by release()
                elif self._rate is not None and now < self._next_slot:
                    wait = self._next_slot - now
                else:
                    if self._rate is not None:
                        interval = (1.0 / self._rate) * (1.0 + self._rng.uniform(0.0, JITTER))
                        # One token at most: an idle client does not earn a burst.
                        self._next_slot = max(self._next_slot, now) + interval
                    self._in_flight += 1
                    self.stats.sent += 1
                    return now
                self._cond.wait(min(wait, 0.1))

    def release_ok(self, sent_at: float) -> None:
        """The server answered (anything but 429 or a retryable failure)."""
        with self._cond:
            now = self._clock()
            self._in_flight -= 1
            self.stats.succeeded += 1
            self._stalled_since = None
            self._accepted.append(sent_at)
            while self._accepted and self._accepted[0] < now - 2.0:
                self._accepted.popleft()
            self._streak += 1
            if self._streak >= self._limit and self._limit < self._max_concurrency:
                self._limit += 1
                self._streak = 0
            self._recover()
            self._publish()
            self._cond.notify_all()

    def release_rate_limited(self, sent_at: float, retry_after: float | None) -> None:
        """The server answered 429; ``retry_after`` in seconds when it said so (capped)."""
        with self._cond:
            now = self._clock()
            self._in_flight -= 1
            self.stats.rate_limited += 1
            if self._stalled_since is None:
                self._stalled_since = now
            if sent_at > self._last_decrease:
                # Only a request sent at the current pace says that pace is too fast.
                self._decrease(sent_at, now)
            if retry_after is not None and retry_after > 0:
                until = now + retry_after
                if until > self._pause_until:
                    self._pause_until = until
                    self.stats.pauses += 1
                self._next_slot = max(self._next_slot, self._pause_until)
            self._publish()
            self._cond.notify_all()

    def release_failed(self, *, overloaded: bool = False) -> None:
        """5xx, dropped connection or timeout; ``overloaded`` (503) also narrows concurrency."""
        with self._cond:
            self._in_flight -= 1
            self.stats.failed += 1
            if overloaded and self._limit > 1:
                self._limit = max(1, self._limit * 3 // 4)
                self._streak = 0
            self._publish()
            self._cond.notify_all()

    def release_unsent(self) -> None:
        """The slot was not used (cancelled before sending, or a local error)."""
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    # ------------------------------------------------------------ adaptation

    def _decrease(self, sent_at: float, now: float) -> None:
        # What the server accepted from us in the second before the refused request.
        accepted = float(sum(1 for t in self._accepted if sent_at - 1.0 < t <= sent_at))
        if self._rate is None or self._ceiling is None:
            ceiling = max(accepted, 1.0)
        else:
            # Lower, but by at most 15 % per refusal: a second that followed a pause
            # shows few accepted requests without saying anything about the limit.
            # Refusals that keep coming (another client sharing the credential's limit)
            # keep lowering it.
            ceiling = min(self._ceiling, max(accepted, self._ceiling * 0.85))
        self._ceiling = max(ceiling, self._min_rate)
        self._rate = max(self._ceiling * TARGET_SHARE, self._min_rate)
        self._last_decrease = now
        self._at_target = 0
        # Pacing is the main answer to a rate limit; fewer requests in flight is the
        # second (servers that limit concurrency). Never below 2: with one request in
        # flight a slow answer alone would hold the client under the allowed rate.
        self._limit = max(min(self._limit, 2), self._limit * 3 // 4)
        self._streak = 0

    def _recover(self) -> None:
        if self._rate is None or self._ceiling is None:
            return
        target = self._ceiling * TARGET_SHARE
        if self._rate < target:
            self._rate = min(target, self._rate + 0.1 * (target - self._rate) + 0.01 * target)
            return
        self._at_target += 1
        if self._at_target >= PROBE_AFTER:
            self._at_target = 0
            self._ceiling *= PROBE_STEP
            self._rate = self._ceiling * TARGET_SHARE
            if self._rate >= UNLIMITED:
                self._rate = self._ceiling = None

    def _publish(self) -> None:
        self.stats.rate = self._rate
        self.stats.concurrency = self._limit


# ---------------------------------------------------------------- one per credential

_registry: weakref.WeakValueDictionary[Hashable, RateController] = weakref.WeakValueDictionary()
_registry_lock = threading.Lock()


def controller_for(key: Hashable, factory: Callable[[], RateController]) -> RateController:
    """The live controller of credential ``key`` (shared by every client that holds it)."""
    with _registry_lock:
        controller = _registry.get(key)
        if controller is None:
            controller = factory()
            _registry[key] = controller
        return controller


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        seconds = when.timestamp() - time.time()
    if seconds != seconds or seconds == math.inf:  # NaN, inf
        return None
    return max(seconds, 0.0)
