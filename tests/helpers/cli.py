"""The headless commands as a user runs them (a child ``python -m desktop``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.profiles import Profile, ProfileStore


def run_cli(
    *args: str, secret: str | None = DEMO_SECRET, timeout: float = 180, **env_extra: str
) -> subprocess.CompletedProcess[str]:
    """``python -m desktop ARGS`` as a user runs it; the client secret comes from the env."""
    env = dict(os.environ, **env_extra)
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


def add_cli_profile(server: SandboxServer, name: str = "local", *extra: str) -> Profile:
    """``partner-desk profiles add NAME`` for the sandbox; the saved profile."""
    result = run_cli(
        "profiles", "add", name, *extra, "--client-id", "demo-super-admin",
        "--identity-url", server.base_url, "--global-url", server.base_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    profile = ProfileStore().get(name)
    assert profile is not None
    return profile


def sync_json(name: str = "local") -> tuple[int, dict[str, object]]:
    """``partner-desk sync --profile NAME --json``: exit code and the JSON summary."""
    result = run_cli("sync", "--profile", name, "--json")
    last = result.stdout.strip().splitlines()[-1]
    return result.returncode, json.loads(last)
