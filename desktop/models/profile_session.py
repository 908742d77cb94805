"""One data gateway per profile for the GUI (docs/architecture.md §2, §2b).

The views never open the cache, never hold a reader, never build an API client and
never read the keyring themselves: they ask the window's :class:`ProfileSession`,
and the answer arrives later, on the GUI thread, through a callback fed by a Qt
signal. The session owns

- the profile's cache (or, for a team profile, its local replica of the team
  database: an ordinary cache file, docs/architecture.md §10): every read and write
  runs on a worker thread, on a connection opened for that one task and closed right
  after (a reader kept open while the sync's child process rewrites the file made
  SQLite report "database disk image is malformed");
- the secret store (the keyring lookup, or the lookup the composition root handed in);
- the API configuration: a factory that is called on a worker thread, so the GUI
  thread never imports the HTTP stack.

:class:`TaskRunner` is the worker: plain functions on a private ``QThreadPool``,
each result handed back to the GUI thread by a queued signal (the shape of
MusicBrainz Picard's ``run_task`` / ``to_main``). A task owned by a widget that is
gone by the time it ends is dropped, and so is every task of a session that was
closed (the window switched profile).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.services.profiles import Profile, ProfileStore

if TYPE_CHECKING:
    from desktop.services.cache import AuditEntry, Cache
    from desktop.services.credentials import SecretStore
    from desktop.services.partner_api.config import ApiConfig

__all__ = [
    "AuditEntry",
    "Done",
    "MissingSecret",
    "ProfileSession",
    "SecretStore",
    "TaskRunner",
    "add_profile",
    "cancelled_summary",
    "check_connection",
    "edit_profile",
    "remove_profile",
]

log = logging.getLogger("partner_desk.gui")

#: What a task's caller gets on the GUI thread: the result, or the exception it raised.
Done = Callable[[Any, BaseException | None], None]


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits, the slot runs on the GUI thread (queued)."""

    done = Signal(int, object, object)


class _Task(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._token = token
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the caller, never lost with the thread
            log.warning("background task failed", exc_info=True)
            self._relay.done.emit(self._token, None, exc)
            return
        self._relay.done.emit(self._token, result, None)


class TaskRunner(QObject):
    """Runs plain functions off the GUI thread; results come back by signal."""

    #: the number of running tasks changed (tests wait for ``idle()``)
    busyChanged = Signal()

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        # Writes run one at a time, in the order they were asked for.
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._callbacks: dict[int, tuple[Done | None, QObject | None]] = {}
        self._lock = threading.Lock()
        self._next = 0
        self._closed = False

    def run(
        self,
        fn: Callable[[], Any],
        done: Done | None = None,
        *,
        owner: QObject | None = None,
        serial: bool = False,
    ) -> int:
        """Start ``fn`` on a worker thread; ``done(result, error)`` runs on the GUI thread
        unless ``owner`` was destroyed meanwhile. ``serial``: after every serial task
        asked for before (writes). Returns the task's token."""
        with self._lock:
            self._next += 1
            token = self._next
            self._callbacks[token] = (done, owner)
        if owner is not None:
            owner.destroyed.connect(lambda _obj=None, t=token: self._orphan(t))
        if self._closed:
            self._callbacks.pop(token, None)
            return token
        (self._serial if serial else self._pool).start(_Task(token, fn, self._relay))
        self.busyChanged.emit()
        return token

    def _orphan(self, token: int) -> None:
        entry = self._callbacks.get(token)
        if entry is not None:
            self._callbacks[token] = (None, None)

    def cancel(self, token: int) -> None:
        """Forget the callback of ``token`` (the task itself runs to its end)."""
        if token in self._callbacks:
            self._callbacks[token] = (None, None)

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: Any) -> None:
        done, _owner = self._callbacks.pop(token, (None, None))
        self.busyChanged.emit()
        if done is None or self._closed:
            return
        try:
            done(result, error)
        except Exception:
            log.exception("a task's result could not be shown")

    def pending(self) -> int:
        return len(self._callbacks)

    def idle(self) -> bool:
        return not self._callbacks

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop every callback and wait for the running tasks (idempotent)."""
        self._closed = True
        self._callbacks.clear()
        writes_done = self._serial.waitForDone(timeout_ms)
        return self._pool.waitForDone(timeout_ms) and writes_done


def check_connection(config: ApiConfig) -> str:
    """Authenticate and call whoami; returns the partner id. Runs off the GUI thread."""
    from desktop.services.partner_api import PartnerApiClient

    with PartnerApiClient(config) as client:
        client.authenticate()
        who = client.whoami()
    return str(who.partner_id or "")


def cancelled_summary() -> Any:
    """The outcome of a sync cancelled before it started (while its secret was read)."""
    from desktop.services.cache import SyncSummary

    return SyncSummary(status="cancelled")


class MissingSecret(LookupError):
    """No client secret typed and none stored (the connection test cannot sign in)."""


def add_profile(
    store: ProfileStore,
    secrets: SecretStore,
    profile: Profile,
    secret: str,
    replacing: Profile | None = None,
) -> bool:
    """Save a new profile and its secret (a task: off the GUI thread). ``replacing``: the
    profile of the same name it replaces (its keyring entry goes). Returns False when no
    system keyring is available (the secret is kept for this session only)."""
    if replacing is not None:
        secrets.delete(replacing)
    store.add(profile)
    return secrets.set(profile, secret)


def edit_profile(
    store: ProfileStore, secrets: SecretStore, name: str, wanted: Profile, secret: str
) -> tuple[Profile, Profile]:
    """Change profile ``name`` to ``wanted``'s name, client id and URLs (a task: off the
    GUI thread); an empty ``secret`` keeps the stored one. Returns (old, new); raises
    LookupError when the profile is gone, ProfileError/OSError when it cannot be saved."""
    old = store.get(name)
    if old is None:
        raise LookupError(name)
    keep = secrets.get(old, use_env=False) if not secret else None
    profile = store.edit(
        name,
        new_name=wanted.name,
        client_id=wanted.client_id,
        identity_url=wanted.identity_url,
        global_url=wanted.global_url,
    )
    # The keyring entry is named after the profile's name and client id: move it.
    new_secret = secret or keep
    if (profile.name, profile.client_id) != (old.name, old.client_id) or secret:
        secrets.delete(old)
        if new_secret:
            secrets.set(profile, new_secret)
    return old, profile


def remove_profile(store: ProfileStore, secrets: SecretStore, name: str) -> None:
    """Forget profile ``name`` and its stored secret (a task: off the GUI thread)."""
    profile = store.get(name)
    if profile is not None:
        secrets.delete(profile)
    store.remove(name)


def profile_store() -> ProfileStore:
    """The saved profiles (for the profiles dialog: views build no services)."""
    return ProfileStore()


def secret_store() -> SecretStore:
    """The OS keyring's client secrets (for the profiles dialog)."""
    from desktop.services.credentials import SecretStore

    return SecretStore()


class ProfileSession(QObject):
    """The GUI's access to one profile's data, secret and API configuration."""

    def __init__(
        self,
        profile: Profile,
        runner: TaskRunner,
        *,
        secret_lookup: Callable[[Profile], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.runner = runner
        self._secret_lookup = secret_lookup
        self._tokens: set[int] = set()
        self._closed = False

    @classmethod
    def standalone(
        cls,
        profile: Profile,
        *,
        secret_lookup: Callable[[Profile], str | None] | None = None,
        parent: QObject | None = None,
    ) -> ProfileSession:
        """A session with its own task runner (a window built without a composition root)."""
        runner = TaskRunner(parent)
        session = cls(profile, runner, secret_lookup=secret_lookup, parent=parent)
        session._owns_runner = True
        return session

    _owns_runner = False

    def for_profile(self, profile: Profile) -> ProfileSession:
        """A session of another profile sharing this one's runner and secret store;
        this one is closed (its late results are dropped)."""
        self.close()
        other = ProfileSession(
            profile, self.runner, secret_lookup=self._secret_lookup, parent=self.parent()
        )
        other._owns_runner = self._owns_runner
        return other

    @property
    def cache_path(self) -> Path:
        return self.profile.cache_path

    # ------------------------------------------------------------ profiles

    def profile_named(self, name: str) -> Profile | None:
        """A profile as saved now (``profiles.json``: a small file, read at once)."""
        return profile_store().get(name)

    def remember_last_used(self, name: str) -> None:
        """Note the profile opened last (a write of ``profiles.json``: off the GUI thread)."""

        def task() -> None:
            try:
                profile_store().set_last_used(name)
            except OSError:
                pass

        self.runner.run(task, serial=True)

    # ------------------------------------------------------------ secret and API

    def secret(self) -> str | None:
        """The open profile's client secret."""
        return self.secret_for(self.profile)

    def secret_for(self, profile: Profile) -> str | None:
        """A profile's client secret: the keyring, or the lookup the composition root
        handed in (tests, benchmarks, screenshots)."""
        lookup = self._secret_lookup
        if lookup is None:
            from desktop.services.credentials import SecretStore

            lookup = SecretStore().get
        return lookup(profile)

    def config_factory(self, **overrides: object) -> Callable[[], ApiConfig | None]:
        """The API configuration, built when called (on a worker thread); None without
        a usable secret or with an address the URL policy refuses."""
        profile = self.profile

        def build() -> ApiConfig | None:
            from desktop.services import urlpolicy
            from desktop.services.sync import config_for_profile

            secret = self.secret()
            if not secret:
                return None
            try:
                return config_for_profile(profile, secret, **overrides)
            except urlpolicy.UrlPolicyError:  # e.g. plain http to another host: never sign in
                return None

        return build

    def test_connection(
        self,
        profile: Profile,
        secret: str,
        done: Done,
        *,
        owner: QObject | None = None,
        stored: Callable[[], str | None] | None = None,
    ) -> None:
        """Sign in with a profile being edited and ask who we are, off the GUI thread;
        ``done(partner_id, error)``. Without a typed ``secret``, ``stored()`` (a keyring
        read) is asked on the worker too; none at all: ``MissingSecret``."""

        def task() -> str:
            from desktop.services.sync import config_for_profile

            key = secret or ((stored() if stored is not None else None) or "")
            if not key:
                raise MissingSecret(profile.name)
            return check_connection(config_for_profile(profile, key, max_retries=1))

        self._start(task, done, owner)

    # ------------------------------------------------------------ the cache

    def read(
        self,
        fn: Callable[[Cache], Any],
        done: Done,
        *,
        owner: QObject | None = None,
        missing: Any = None,
    ) -> None:
        """``fn(cache)`` on a worker thread, on a connection closed right after;
        ``done(result, error)`` on the GUI thread. A profile with no cache file yet
        answers ``missing`` without creating one."""
        path = self.cache_path

        def task() -> Any:
            if not path.exists():
                return missing
            from desktop.services.cache import Cache

            cache = Cache.open(path, verify=False)
            try:
                return fn(cache)
            finally:
                cache.close()

        self._start(task, done, owner)

    def write(
        self, fn: Callable[[Cache], Any], done: Done | None = None, *, owner: QObject | None = None
    ) -> None:
        """``fn(cache)`` that changes the cache (notes, saved views), off the GUI thread."""
        path = self.cache_path

        def task() -> Any:
            from desktop.services.cache import Cache

            with Cache.open(path) as cache:
                return fn(cache)

        self._start(task, done, owner, serial=True)

    def call(
        self,
        fn: Callable[[], Any],
        done: Done | None = None,
        *,
        owner: QObject | None = None,
        writes: bool = False,
    ) -> None:
        """Any other function of this profile's data (insights, snapshots), off the GUI
        thread; ``writes=True``: in order with the other writes."""
        self._start(fn, done, owner, serial=writes)

    def _start(
        self,
        fn: Callable[[], Any],
        done: Done | None,
        owner: QObject | None,
        *,
        serial: bool = False,
    ) -> None:
        if self._closed:
            return

        alive = [True]  # the owner (a dialog) still exists
        if owner is not None:
            owner.destroyed.connect(lambda _obj=None: alive.__setitem__(0, False))

        def deliver(result: Any, error: BaseException | None) -> None:
            self._tokens.discard(token)
            if alive[0] and not self._closed and done is not None:
                done(result, error)

        token = self.runner.run(fn, deliver, serial=serial)
        self._tokens.add(token)

    @property
    def closed(self) -> bool:
        return self._closed

    def idle(self) -> bool:
        """No task of this session is waiting to report (tests wait for this)."""
        return not self._tokens

    def close(self) -> None:
        """Results still on their way are dropped (the window moved to another profile)."""
        self._closed = True
        for token in self._tokens:
            self.runner.cancel(token)
        self._tokens.clear()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        self.close()
        if self._owns_runner:
            return self.runner.shutdown(timeout_ms)
        return True
