"""Fixtures of the sandbox tests: an authenticated client of the ``server`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.sandbox import SandboxServer
from tests.helpers.sandbox import Api


@pytest.fixture
def api(server: SandboxServer) -> Iterator[Api]:
    """A super admin's client of the module's sandbox."""
    client = Api(server)
    yield client
    client.close()
