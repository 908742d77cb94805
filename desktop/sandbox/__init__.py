"""The built-in Partner API sandbox (standard library only; imports nothing from the app)."""

from __future__ import annotations

from desktop.sandbox.server import DEMO_CREDENTIALS, DEMO_SECRET, SandboxServer

__all__ = ["DEMO_CREDENTIALS", "DEMO_SECRET", "SandboxServer"]
