"""Helpers shared by several test modules (imported as ``helpers``; pytest puts tests/ on sys.path)."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop.sandbox import DEMO_SECRET


def run_cli(
    *args: str, secret: str | None = DEMO_SECRET, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``python -m desktop ARGS`` as a user runs it; the client secret comes from the env."""
    env = dict(os.environ)
    if secret is not None:
        env["PARTNER_DESK_CLIENT_SECRET"] = secret
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        encoding="utf-8",
    )
