"""Test setup shared by every test.

- Qt runs offscreen; pytest-qt fails on Qt warnings (``qt_log_level_fail``) and on
  exceptions raised in Qt slots (pytest-qt's default).
- Each test gets a fresh ``PARTNER_DESK_HOME`` and an in-memory keyring backend.
- Sandbox servers on 127.0.0.1 come from ``sandbox`` (alias ``server``) and ``make_sandbox``,
  configured by the ``sandbox`` marker of the module (or test): one fixture for every module.

Plain helpers live in ``tests/helpers/``; the window fixtures in ``tests/views/conftest.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Tests never depend on the developer's locale.
os.environ["PARTNER_DESK_LANGUAGE"] = os.environ.get("PARTNER_DESK_TEST_LANGUAGE", "en")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.sandbox import SandboxServer
from tests.helpers.keyrings import MemoryKeyring, keyring_backend


@pytest.fixture(autouse=True)
def partner_desk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "pd-home"
    home.mkdir()
    monkeypatch.setenv("PARTNER_DESK_HOME", str(home))
    monkeypatch.delenv("PARTNER_DESK_CLIENT_SECRET", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    with keyring_backend(MemoryKeyring()) as backend:
        yield backend


# ---------------------------------------------------------------- sandbox servers


def _sandbox_options(node: pytest.Item | pytest.Collector) -> dict[str, Any]:
    """The keyword arguments of ``SandboxServer`` from the closest ``sandbox`` marker."""
    marker = node.get_closest_marker("sandbox")
    if marker is None:
        pytest.fail(
            f"{node.nodeid} uses a sandbox but its module has no "
            "pytestmark = pytest.mark.sandbox(customers=..., seed=...)",
            pytrace=False,
        )
    return dict(marker.kwargs)


@pytest.fixture(scope="module")
def module_sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxServer]:
    """One sandbox for the whole module (``pytest.mark.sandbox(..., shared=True)``)."""
    options = _sandbox_options(request.node)
    options.pop("shared", None)
    with SandboxServer(**options) as server:
        yield server


@pytest.fixture
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxServer]:
    """A sandbox on 127.0.0.1 as the ``sandbox`` marker says: fresh for each test, or the
    module's one with ``shared=True`` (for tests that read it, or change what others don't)."""
    options = _sandbox_options(request.node)
    if options.pop("shared", False):
        yield request.getfixturevalue("module_sandbox")
        return
    with SandboxServer(**options) as server:
        yield server


@pytest.fixture
def server(sandbox: SandboxServer) -> SandboxServer:
    """The same sandbox, under the name the GUI and sandbox tests use."""
    return sandbox


@pytest.fixture
def make_sandbox(request: pytest.FixtureRequest) -> Iterator[Callable[..., SandboxServer]]:
    """Start sandboxes on demand: the marker's options (if any) updated by the call's,
    ``faults`` merged key by key; all are stopped after the test."""
    marker = request.node.get_closest_marker("sandbox")
    base = dict(marker.kwargs) if marker else {}
    base.pop("shared", None)
    servers: list[SandboxServer] = []

    def start(**overrides: Any) -> SandboxServer:
        options = {**base, **overrides}
        options["faults"] = {**base.get("faults", {}), **overrides.get("faults", {})}
        server = SandboxServer(**options).start()
        servers.append(server)
        return server

    yield start
    for started in servers:
        started.stop()
