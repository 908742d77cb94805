"""Client secrets: only in the OS keyring (docs/architecture.md §5).

If no usable keyring backend exists the secret is kept in memory for this session
only and :meth:`SecretStore.set` returns False so the UI can say so. Secrets never
go to files, logs or exception messages. ``PARTNER_DESK_CLIENT_SECRET`` overrides
the keyring for headless use.

Plaintext or otherwise insecure "keyrings" count as no keyring (issue 12 item 6):
any backend with priority < 1, anything from ``keyrings.alt`` (its file backends keep
the secret base64-encoded or under a password in a file), and the known-insecure
classes in :data:`INSECURE_CLASSES`. Keyring's chainer is looked through: the first
secure backend in it is used directly, never the chain (which would fall back to a
plaintext file). A user who accepts a plaintext keyring opts in explicitly with
``PARTNER_DESK_ALLOW_INSECURE_KEYRING=1``.

A backend that raises anything (not only ``KeyringError``) is treated as unusable for
that call: the error type is logged (never the secret) and kept in
:attr:`SecretStore.last_error` so the caller can say what happened.
"""

from __future__ import annotations

import logging
import os

from desktop.services.profiles import Profile

SERVICE = "Partner Desk"
ENV_SECRET = "PARTNER_DESK_CLIENT_SECRET"
ENV_ALLOW_INSECURE = "PARTNER_DESK_ALLOW_INSECURE_KEYRING"
INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
INSECURE_CLASSES = frozenset(
    {"PlaintextKeyring", "EncryptedKeyring", "UncryptedFileKeyring", "NullKeyring", "FailKeyring"}
)

log = logging.getLogger("partner_desk.credentials")

# Session-only secrets when the keyring is unusable. Module level on purpose:
# shared by every SecretStore of this process, gone when it exits.
_SESSION: dict[str, str] = {}


def _account(profile: Profile) -> str:
    return f"{profile.name}:{profile.client_id}"


def _priority(backend: object) -> float:
    try:
        value = getattr(backend, "priority", 0)
        return float(value) if isinstance(value, int | float) else 0.0
    except Exception:  # a backend's priority property may itself fail
        return 0.0


def insecure_backend(backend: object) -> bool:
    """True for plaintext/unknown-safety backends (see the module doc)."""
    cls = type(backend)
    module = cls.__module__ or ""
    if any(module == m or module.startswith(m + ".") for m in INSECURE_MODULES):
        return True
    if cls.__name__ in INSECURE_CLASSES:
        return True
    return _priority(backend) < 1


def _allow_insecure() -> bool:
    return os.environ.get(ENV_ALLOW_INSECURE, "").strip().lower() in ("1", "yes", "true")


def usable_backend() -> object | None:
    """The keyring backend secrets may go to, or None (= session only)."""
    import keyring  # when a secret is needed, not at start (~20 ms of imports)

    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        log.warning("keyring unavailable (%s)", type(exc).__name__)
        return None
    chained = getattr(type(backend), "__name__", "") == "ChainerBackend"
    candidates = list(getattr(backend, "backends", []) or []) if chained else [backend]
    for candidate in candidates:
        if not insecure_backend(candidate):
            return candidate
    if _allow_insecure():
        for candidate in candidates:
            if _priority(candidate) > 0:
                return candidate
    return None


def keyring_usable() -> bool:
    return usable_backend() is not None


class SecretStore:
    def __init__(self) -> None:
        #: why the last :meth:`set` kept the secret for this session only (None = no keyring)
        self.last_error: str | None = None

    def backend_name(self) -> str:
        backend = usable_backend()
        if backend is None:
            import keyring

            try:
                raw = keyring.get_keyring()
            except Exception:
                return "none (session only)"
            return f"none (session only; {type(raw).__module__}.{type(raw).__name__} is not secure)"
        return f"{type(backend).__module__}.{type(backend).__name__}"

    @property
    def session_only(self) -> bool:
        return not keyring_usable()

    def get(self, profile: Profile, *, use_env: bool = True) -> str | None:
        if use_env:
            env = os.environ.get(ENV_SECRET)
            if env:
                return env
        return _read(_account(profile))

    def set(self, profile: Profile, secret: str) -> bool:
        """Store the secret. True = in the OS keyring; False = this session only."""
        kept, self.last_error = _write(_account(profile), secret)
        return kept

    def delete(self, profile: Profile) -> None:
        _forget(_account(profile))


def _read(account: str) -> str | None:
    """This session's value for ``account``, else the keyring's (None: none or failed)."""
    if account in _SESSION:
        return _SESSION[account]
    backend = usable_backend()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, account)  # type: ignore[attr-defined]
    except Exception as exc:  # any backend failure: no secret, never a traceback
        log.warning("keyring unavailable (%s)", type(exc).__name__)
        return None
    return value if isinstance(value, str) else None


def _write(account: str, secret: str) -> tuple[bool, str | None]:
    """Keep ``secret`` in the OS keyring, else for this session only: (in the keyring,
    the name of the backend's error when the keyring refused it)."""
    error: str | None = None
    backend = usable_backend()
    if backend is not None:
        try:
            backend.set_password(SERVICE, account, secret)  # type: ignore[attr-defined]
            _SESSION.pop(account, None)
            return True, None
        except Exception as exc:  # not only KeyringError: dbus, ValueError, …
            error = type(exc).__name__
            log.warning("keyring refused the secret (%s); kept for this session", error)
    _SESSION[account] = secret
    return False, error


def _forget(account: str) -> None:
    from keyring.errors import KeyringError, PasswordDeleteError

    _SESSION.pop(account, None)
    backend = usable_backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, account)  # type: ignore[attr-defined]
    except (PasswordDeleteError, KeyringError):
        pass
    except Exception as exc:
        log.warning("keyring could not delete the secret (%s)", type(exc).__name__)


#: the headless alternative to the keyring for a team database password
ENV_DB_PASSWORD = "PARTNER_DESK_DB_PASSWORD"


def _db_account(profile: Profile) -> str:
    return f"database:{profile.id}:{profile.db_role or ''}"


def get_db_password(profile: Profile) -> str | None:
    """A team profile's database password: the environment, this session, the keyring."""
    env = os.environ.get(ENV_DB_PASSWORD)
    if env:
        return env
    return _read(_db_account(profile))


def set_db_password(profile: Profile, password: str) -> bool:
    """Keep a team profile's database password. True = in the OS keyring."""
    return _write(_db_account(profile), password)[0]


def delete_db_password(profile: Profile) -> None:
    _forget(_db_account(profile))
