"""``partner-desk --self-test``: headless checks for frozen bundles (Qt loads, the keyring,
the cache, a sandbox sync). No Qt is imported anywhere else in the headless commands."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from desktop.services.credentials import SecretStore
from desktop.services.profiles import Profile, ProfileKind


def self_test(out: TextIO) -> int:
    """Headless checks for frozen bundles: each line 'ok|FAIL <check>: <detail>'."""
    failures = 0

    def check(name: str, fn: Callable[[], str]) -> None:
        nonlocal failures
        try:
            detail = fn()
            out.write(f"ok   {name}: {detail}\n")
        except Exception as exc:
            failures += 1
            out.write(f"FAIL {name}: {type(exc).__name__}: {exc}\n")
        out.flush()

    def python_version() -> str:
        return sys.version.split()[0]

    def qt() -> str:
        import PySide6
        from PySide6.QtCore import qVersion

        return f"PySide6 {PySide6.__version__}, Qt {qVersion()}"

    def ui_language() -> str:
        from desktop.i18n import self_test_label

        return self_test_label()

    def keyring_backend() -> str:
        return SecretStore().backend_name()

    def cache_rw() -> str:
        from desktop.services.cache import Cache
        from desktop.services.domain import parse_tenant

        with tempfile.TemporaryDirectory() as tmp:
            cache = Cache.open(Path(tmp) / "self-test.sqlite3")
            with cache:
                tenant = parse_tenant({"id": "t-1", "name": "Società Prova", "billingType": "term"})
                cache.apply_tenant(tenant)
                back = cache.tenant("t-1")
                if back is None or back.name != "Società Prova":
                    raise RuntimeError("the cache did not read back what it wrote")
        return "write and read back"

    def sandbox_sync() -> str:
        from desktop.sandbox import DEMO_SECRET, SandboxServer
        from desktop.services.sync import run_sync

        with tempfile.TemporaryDirectory() as tmp, SandboxServer(customers=50, seed=7) as server:
            profile = Profile(
                "self-test",
                ProfileKind.SANDBOX,
                "demo-super-admin",
                server.base_url,
                server.base_url,
            )
            from desktop.services.sync import config_for_profile

            summary = run_sync(Path(tmp) / "c.sqlite3", config_for_profile(profile, DEMO_SECRET))
            if summary.status != "ok" or summary.customers != 50:
                raise RuntimeError(f"sync {summary.status}: {summary.error}")
        return f"{summary.customers} customers, {summary.licences} licences"

    check("python", python_version)
    check("qt", qt)
    check("ui language", ui_language)
    check("keyring", keyring_backend)
    check("cache", cache_rw)
    check("sandbox sync", sandbox_sync)
    out.write("self-test passed\n" if failures == 0 else f"self-test FAILED ({failures})\n")
    return 0 if failures == 0 else 1
