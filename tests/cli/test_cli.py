"""The headless commands of docs/architecture.md §6, as a user runs them (subprocesses, real sandbox)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.app import main
from desktop.sandbox import SandboxServer
from desktop.services.profiles import ProfileStore
from tests.helpers.cli import add_cli_profile, run_cli, sync_json

pytestmark = pytest.mark.sandbox(customers=2500, seed=1, faults={"rate_limit_per_s": 0})


def export_json(name: str = "local") -> list[dict[str, object]]:
    result = run_cli("export", "--profile", name, "--format", "json")
    assert result.returncode == 0, result.stderr
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


@pytest.mark.slow
def test_profiles_sync_export_and_resync(sandbox: SandboxServer) -> None:
    add_cli_profile(sandbox)
    listed = run_cli("profiles", "list")
    assert listed.returncode == 0 and listed.stdout.startswith("local\tsandbox\tdemo-super-admin")

    code, summary = sync_json()
    assert code == 0
    assert summary["status"] == "ok" and summary["customers"] == 2500 and summary["new"] == 2500
    assert set(summary) >= {
        "customers",
        "new",
        "removed",
        "changed",
        "licences",
        "not_manageable",
        "seconds",
        "error",
    }

    data = export_json()
    assert len(data) == 2500
    keys = {"id", "name", "showAs", "billingType", "dataRegion", "groups", "partnerAssistance",
            "managedCustomerOrder", "manageable", "removedAt", "licences"}  # fmt: skip
    assert all(set(item) == keys for item in data)
    statuses = {s for item in data for s in item["licences"].values()}  # type: ignore[attr-defined]
    assert {"Active", "Expiring", "Trial", "Expired", "Lapsed", "Not manageable"} <= statuses
    assert any(item["managedCustomerOrder"] for item in data)
    assert {item["billingType"] for item in data} == {"trial", "term", "usage"}

    code, again = sync_json()
    assert code == 0 and (again["new"], again["removed"], again["changed"]) == (0, 0, 0)

    csv_out = run_cli("export", "--profile", "local", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    assert len(rows) == 2500 and "Endpoint" in rows[0]


def test_truncated_page_fails_with_exit_code_and_keeps_the_export(sandbox: SandboxServer) -> None:
    add_cli_profile(sandbox)
    assert sync_json()[0] == 0
    before = export_json()
    sandbox.set_faults(truncate_page=7)
    result = run_cli("sync", "--profile", "local", "--json")
    assert result.returncode != 0
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["status"] == "failed"
    assert "page 7" in str(summary["error"])
    assert "incomplete or invalid" in result.stderr
    assert export_json() == before


def test_sigkill_during_the_tenant_listing_keeps_the_previous_snapshot(
    sandbox: SandboxServer, partner_desk_home: Path
) -> None:
    add_cli_profile(sandbox)
    assert sync_json()[0] == 0
    before = export_json()
    # Slow the server and change it, so a finished sync would differ.
    sandbox.set_faults(latency_ms=30, churn_between_pages=5)
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET="sandbox")
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync", "--profile", "local"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert proc.stderr is not None
    deadline = time.monotonic() + 60
    # The tenant list commits as one unit: a kill while it is being fetched keeps the
    # previous snapshot exactly (later kills are the kill loop's, tests/services/test_crash_safety.py).
    for line in proc.stderr:
        if line.startswith("[tenants] Fetched") and "(0" not in line:
            break
        assert time.monotonic() < deadline
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    saved = ProfileStore().get("local")  # the cache is named by the profile's id
    assert saved is not None
    db = saved.cache_path
    assert db.parent == partner_desk_home / "data" / "profiles" and db.exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert export_json() == before


def test_sync_without_secret_and_unknown_profile() -> None:
    result = run_cli("sync", "--profile", "nope", "--json")
    assert result.returncode != 0 and "No profile named" in result.stderr
    assert main(["profiles", "list"]) == 0


def test_profile_add_refuses_bad_urls_and_http_for_real_service() -> None:
    result = run_cli("profiles", "add", "x", "--client-id", "c", "--identity-url", "not a url")
    assert result.returncode == 2 and "full URL" in result.stderr
    result = run_cli(
        "profiles", "add", "x", "--client-id", "c",
        "--identity-url", "http://id.example.com", "--global-url", "https://api.example.com",
    )  # fmt: skip
    assert result.returncode == 2 and "https" in result.stderr


def test_secret_goes_to_keyring_not_to_disk(
    partner_desk_home: Path, memory_keyring: object
) -> None:
    secret = "S3cr3t-CLI-ZQX-1234"
    os.environ["PARTNER_DESK_CLIENT_SECRET"] = secret
    try:
        code = main(["profiles", "add", "real", "--client-id", "abc",
                     "--identity-url", "https://id.sophos.com", "--global-url", "https://api.central.sophos.com"])  # fmt: skip
    finally:
        del os.environ["PARTNER_DESK_CLIENT_SECRET"]
    assert code == 0
    store = memory_keyring.store  # type: ignore[attr-defined]
    assert secret in store.values()
    for path in partner_desk_home.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_sandbox_command_prints_url_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "sandbox", "--port", "0", "--customers", "20"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert "http://127.0.0.1:" in first
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0


def test_profile_names_refuse_every_control_character() -> None:
    from desktop.services.profiles import Profile, ProfileError, ProfileKind, validate_profile

    for bad in ("a\x00b", "a\x1fb", "a\x7fb", "a\x85b", "a\x9fb"):
        with pytest.raises(ProfileError, match="control"):
            validate_profile(
                Profile(bad, ProfileKind.SOPHOS, "c", "https://x.example", "https://x.example")
            )


def test_profiles_add_on_a_full_disk_fails_cleanly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    from desktop.services import profiles

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(profiles.os, "replace", disk_full)
    monkeypatch.setenv("PARTNER_DESK_CLIENT_SECRET", "s")
    code = main(["profiles", "add", "x", "--client-id", "c",
                 "--identity-url", "https://id.example.com", "--global-url", "https://api.example.com"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "could not be saved: No space left on device" in err
    assert profiles.ProfileStore().get("x") is None


def test_the_entry_points_are_functions_whatever_was_imported_first() -> None:
    """``desktop.cli`` re-exports lazily; ``self_test`` shares its name with a submodule,
    which a frozen bundle imports first: the name must still be the function."""
    code = (
        "import desktop.cli.self_test, desktop.cli.parser, desktop.cli.logs\n"
        "from desktop.cli import build_parser, run_headless, self_test, setup_logging\n"
        "assert all(callable(f) and not hasattr(f, '__path__') and f.__class__.__name__ == "
        "'function' for f in (build_parser, run_headless, self_test, setup_logging))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--profile", "Bench"],
        ["--prof", "Bench"],
        ["--profile", "sync"],
        ["--demo", "--customers", "30"],
        ["--self-test"],
        ["--log-level", "DEBUG", "--profile", "x"],
    ],
)
def test_a_launch_is_parsed_as_the_full_parser_parses_it(argv: list[str]) -> None:
    """A GUI launch parses its arguments without the command parsers (issue 13): the
    result must be the full parser's."""
    from desktop.cli import build_parser, parse_launch

    launch = parse_launch(argv)
    assert launch is not None
    assert vars(launch) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["sync", "--profile", "x"],
        ["profiles", "list"],
        ["--help"],
        ["-h"],
        ["--he"],
        ["--customers", "many"],
        ["--profile"],
        ["--bogus"],
    ],
)
def test_a_command_help_or_error_is_left_to_the_full_parser(argv: list[str]) -> None:
    from desktop.cli import parse_launch

    assert parse_launch(argv) is None
