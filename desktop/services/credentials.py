"""Client secrets: only in the OS keyring (DESIGN.md §5).

If no usable keyring backend exists the secret is kept in memory for this session
only and :meth:`SecretStore.set` returns False so the UI can say so. Secrets never
go to files, logs or exception messages. ``PARTNER_DESK_CLIENT_SECRET`` overrides
the keyring for headless use.
"""

from __future__ import annotations

import logging
import os

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from desktop.services.profiles import Profile

SERVICE = "Partner Desk"
ENV_SECRET = "PARTNER_DESK_CLIENT_SECRET"

log = logging.getLogger("partner_desk.credentials")

# Session-only secrets when the keyring is unusable. Module level on purpose:
# shared by every SecretStore of this process, gone when it exits.
_SESSION: dict[str, str] = {}


def _account(profile: Profile) -> str:
    return f"{profile.name}:{profile.client_id}"


def keyring_usable() -> bool:
    backend = keyring.get_keyring()
    priority = getattr(backend, "priority", 0)
    name = type(backend).__name__
    return not (name in ("Keyring", "NullKeyring", "FailKeyring") and priority <= 0)


class SecretStore:
    def backend_name(self) -> str:
        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    @property
    def session_only(self) -> bool:
        return not keyring_usable()

    def get(self, profile: Profile, *, use_env: bool = True) -> str | None:
        if use_env:
            env = os.environ.get(ENV_SECRET)
            if env:
                return env
        account = _account(profile)
        if account in _SESSION:
            return _SESSION[account]
        try:
            return keyring.get_password(SERVICE, account)
        except (KeyringError, RuntimeError, OSError) as exc:
            log.warning("keyring unavailable (%s)", type(exc).__name__)
            return None

    def set(self, profile: Profile, secret: str) -> bool:
        """Store the secret. True = in the OS keyring; False = this session only."""
        account = _account(profile)
        if keyring_usable():
            try:
                keyring.set_password(SERVICE, account, secret)
                _SESSION.pop(account, None)
                return True
            except (KeyringError, RuntimeError, OSError) as exc:
                log.warning(
                    "keyring refused the secret (%s); kept for this session", type(exc).__name__
                )
        _SESSION[account] = secret
        return False

    def delete(self, profile: Profile) -> None:
        account = _account(profile)
        _SESSION.pop(account, None)
        try:
            keyring.delete_password(SERVICE, account)
        except (PasswordDeleteError, KeyringError, RuntimeError, OSError):
            pass
