"""Test setup shared by every test.

- Qt runs offscreen; pytest-qt fails on Qt warnings (``qt_log_level_fail``) and on
  exceptions raised in Qt slots (pytest-qt's default).
- Each test gets a fresh ``PARTNER_DESK_HOME`` and an in-memory keyring backend.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Tests never depend on the developer's locale.
os.environ["PARTNER_DESK_LANGUAGE"] = os.environ.get("PARTNER_DESK_TEST_LANGUAGE", "en")

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring so tests never touch the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError as exc:
            raise PasswordDeleteError(username) from exc


@pytest.fixture(autouse=True)
def partner_desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "pd-home"
    home.mkdir()
    monkeypatch.setenv("PARTNER_DESK_HOME", str(home))
    monkeypatch.delenv("PARTNER_DESK_CLIENT_SECRET", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
