"""The built-in Partner API sandbox (standard library only; imports nothing from the app)."""

from __future__ import annotations

from desktop.sandbox.common import DEMO_CREDENTIALS, DEMO_SECRET, ROLES
from desktop.sandbox.faults import PROFILES
from desktop.sandbox.server import SandboxServer

__all__ = ["DEMO_CREDENTIALS", "DEMO_SECRET", "PROFILES", "ROLES", "SandboxServer"]
