"""Issue 12 (hardening), Qt-free and CLI parts: one test (or more) per item.

Every test here failed on the code before issue 12 (commit 4ae5222); the imports of
the new modules are inside the tests so that each test fails on its own there.
The GUI parts are in ``tests/views/test_hardening_gui.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from desktop.app import main
from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.profiles import Profile, ProfileKind, ProfileStore
from tests.helpers.cli import add_cli_profile, run_cli
from tests.helpers.keyrings import MemoryKeyring, keyring_backend

HOSTILE_NAMES = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


pytestmark = pytest.mark.sandbox(customers=60, seed=3, faults={"rate_limit_per_s": 0})


def one_line_no_traceback(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# ------------------------------------------------------------------ 1. profile ids


def sophos(name: str, client_id: str = "client") -> Profile:
    return Profile(
        name,
        ProfileKind.SOPHOS,
        client_id,
        "https://id.sophos.com",
        "https://api.central.sophos.com",
    )


def test_every_profile_has_its_own_cache_file_whatever_its_name() -> None:
    store = ProfileStore()
    names = ["東京", "大阪", "Acme", "acme", "demo", "ACME!", "profile"]
    for name in names:
        store.add(sophos(name))
    profiles = ProfileStore().list()  # read back: the ids are stored, not recomputed
    paths_ = [p.cache_path for p in profiles]
    assert len(set(paths_)) == len(names)
    for profile in profiles:
        assert profile.cache_path.name == f"{profile.id}.sqlite3"
        assert profile.cache_path == ProfileStore().get(profile.name).cache_path  # type: ignore[union-attr]
    raw = json.loads(store.path.read_text(encoding="utf-8"))
    assert len({p["id"] for p in raw["profiles"]}) == len(names)


def test_re_adding_the_same_partner_keeps_the_cache_and_another_partner_does_not() -> None:
    store = ProfileStore()
    first = store.add(sophos("Acme", "client-1"))
    again = store.add(sophos("Acme", "client-1"))  # e.g. new URLs, same credentials
    assert again.id == first.id
    other = store.add(sophos("Acme", "client-2"))  # another partner under the same name
    assert other.id != first.id


def write_legacy_profiles(home: Path, names: list[str], last_used: str | None) -> None:
    config = home / "config"
    config.mkdir(exist_ok=True)
    items = [
        {
            "name": n,
            "kind": "sophos",
            "client_id": f"c-{n}",
            "identity_url": "https://id.sophos.com",
            "global_url": "https://api.central.sophos.com",
            "ca_bundle": None,
        }
        for n in names
    ]
    (config / "profiles.json").write_text(
        json.dumps({"profiles": items, "last_used": last_used}), encoding="utf-8"
    )


@pytest.mark.parametrize(("last_used", "owner"), [("acme", "acme"), ("other", "Acme")])
def test_a_slug_file_shared_by_two_profiles_goes_to_one_only(
    partner_desk_home: Path, last_used: str, owner: str
) -> None:
    """Rule: the last-used claimant gets the old file, else the first one in the file."""
    write_legacy_profiles(partner_desk_home, ["Acme", "acme", "other"], last_used)
    legacy = partner_desk_home / "data" / "profiles"
    legacy.mkdir(parents=True)
    (legacy / "acme.sqlite3").write_bytes(b"customers of the shared file")
    (legacy / "acme.sqlite3-wal").write_bytes(b"wal")
    (legacy / "other.sqlite3").write_bytes(b"other's customers")

    profiles = {p.name: p for p in ProfileStore().list()}
    assert set(profiles) == {"Acme", "acme", "other"}
    loser = "Acme" if owner == "acme" else "acme"
    assert profiles[owner].cache_path.read_bytes() == b"customers of the shared file"
    wal = profiles[owner].cache_path.with_name(profiles[owner].cache_path.name + "-wal")
    assert wal.read_bytes() == b"wal"
    assert not profiles[loser].cache_path.exists()  # starts empty, never mixed
    assert profiles["other"].cache_path.read_bytes() == b"other's customers"
    assert not (legacy / "acme.sqlite3").exists()
    # the ids were saved: a second load gives the same files
    again = {p.name: p.id for p in ProfileStore().list()}
    assert again == {n: p.id for n, p in profiles.items()}


def test_demo_never_deletes_a_user_profile_cache(partner_desk_home: Path) -> None:
    from desktop.services.demo import start_demo

    store = ProfileStore()
    for name in ("demo", "Demo-1", "DEMO"):
        store.add(sophos(name))
        user = store.get(name)
        assert user is not None
        user.cache_path.parent.mkdir(parents=True, exist_ok=True)
        user.cache_path.write_bytes(b"a partner's customers")
    server, demo = start_demo(customers=20, fresh=True, store=store)
    try:
        demo.cache_path.write_bytes(b"demo data")
        server.stop()
        server, demo2 = start_demo(customers=20, fresh=True, store=store)
        assert demo2.cache_path == demo.cache_path and not demo2.cache_path.exists()  # reset
    finally:
        server.stop()
    for name in ("demo", "Demo-1", "DEMO"):
        profile = store.get(name)
        assert profile is not None and profile.kind is ProfileKind.SOPHOS
        assert profile.cache_path.read_bytes() == b"a partner's customers"


def test_a_user_profile_cannot_take_the_demo_name() -> None:
    result = run_cli("profiles", "add", "Demo", "--client-id", "c")
    assert one_line_no_traceback(result).startswith("The name Demo is kept")


# ------------------------------------------------------------------ 2. launch URLs


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://central.sophos.com/manage/partner/launch?tenantId=1", True),
        ("https://sophos.com/x", True),
        ("https://eu01.central.SOPHOS.com./x", True),
        ("file:///etc/passwd", False),
        ("http://central.sophos.com/x", False),
        ("https://central.sophos.com.evil.example/x", False),
        ("https://evilsophos.com/x", False),
        ("https://central.sophos.com@evil.example/x", False),
        ("https://evil.example\\@central.sophos.com/x", False),
        ("javascript:alert(1)", False),
        ("smb://server/share", False),
        ("", False),
        ("https://central.sophos.com\n.evil/x", False),
    ],
)
def test_launch_opens_only_https_on_sophos_hosts(url: str, ok: bool) -> None:
    from desktop.services.urlpolicy import launch_allowed

    assert launch_allowed(url) is ok


def test_a_sandbox_profile_may_launch_its_own_host_only() -> None:
    from desktop.services.urlpolicy import launch_allowed

    own = ("http://127.0.0.1:8765", "http://127.0.0.1:8765")
    assert launch_allowed("http://127.0.0.1:8765/launch?t=1", own_origins=own)
    assert not launch_allowed("http://127.0.0.1:8766/launch", own_origins=own)
    assert not launch_allowed("https://127.0.0.1:8765/launch", own_origins=own)
    assert not launch_allowed("http://localhost:8765/launch", own_origins=own)
    assert not launch_allowed("http://127.0.0.1:8765/launch")  # a Sophos profile: no


# ------------------------------------------------------------------ 4. formula injection


@pytest.mark.parametrize("value", [*HOSTILE_NAMES, "  =1+1", "＝1+1"])
def test_formula_cells_are_neutralised_and_keep_their_text(value: str) -> None:
    from desktop.services.export import neutralise_cell

    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Acme", "Società 1", "", "a=b", "x-y", "'quoted"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    from desktop.services.export import neutralise_cell

    assert neutralise_cell(value) == value


def test_copied_text_has_no_control_characters_and_no_formulas() -> None:
    from desktop.services.export import tsv_text

    text = tsv_text([["name", "id"], ["=cmd|'/c calc'!A1", "a\tb\nc\x00d\x1be\u2028f"]])
    # tab, line feed and U+2028 become spaces; NUL and ESC are dropped
    assert text == "name\tid\n'=cmd|'/c calc'!A1\ta b cde f\n"


def hostile_cache(profile: Profile) -> None:
    from desktop.services.cache import Cache
    from desktop.services.domain import parse_tenant

    profile.cache_path.parent.mkdir(parents=True, exist_ok=True)
    with Cache.open(profile.cache_path) as cache:
        for i, name in enumerate(HOSTILE_NAMES):
            cache.apply_tenant(
                parse_tenant({"id": f"t-{i}", "name": name, "showAs": name, "billingType": "term"})
            )


def saved(name: str) -> Profile:
    store = ProfileStore()
    store.add(sophos(name))
    profile = store.get(name)
    assert profile is not None
    return profile


def test_cli_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    hostile_cache(saved("x"))
    buf = io.StringIO()
    sys_stdout = sys.stdout
    sys.stdout = buf
    try:
        assert main(["export", "--profile", "x", "--format", "csv"]) == 0
    finally:
        sys.stdout = sys_stdout
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert sorted(r["name"] for r in rows) == sorted("'" + n for n in HOSTILE_NAMES)
    assert all(r["showAs"] == r["name"] for r in rows)
    # the file export too
    out = tmp_path / "c.csv"
    assert main(["export", "--profile", "x", "--format", "csv", "--output", str(out)]) == 0
    text = out.read_bytes().decode("utf-8-sig")  # no newline translation: "\r" stays
    assert sorted(r["name"] for r in csv.DictReader(io.StringIO(text, newline=""))) == sorted(
        "'" + n for n in HOSTILE_NAMES
    )
    # JSON is data, not a spreadsheet: unchanged
    out_json = tmp_path / "c.json"
    assert main(["export", "--profile", "x", "--format", "json", "--output", str(out_json)]) == 0
    names = sorted(r["name"] for r in json.loads(out_json.read_text(encoding="utf-8")))
    assert names == sorted(HOSTILE_NAMES)


# ------------------------------------------------------------------ 5. plain http


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://id.sophos.com", True),
        ("https://example.com:8443/x", True),
        ("http://127.0.0.1:8765", True),
        ("http://127.1.2.3", True),
        ("http://[::1]:8765", True),
        ("http://localhost:8765", True),
        ("http://example.com", False),
        ("http://127.0.0.1:1@otherhost", False),
        ("http://127.0.0.1.evil.example", False),
        ("http://localhost.evil.example", False),
        ("http://[::ffff:8.8.8.8]", False),
        ("http://0x7f000001.evil", False),
        ("https://user:pw@example.com", False),
        ("http://127.0.0.1\\@otherhost", False),
        ("ftp://127.0.0.1", False),
        ("https://[", False),
        ("http://127.0.0.1:99999", False),
    ],
)
def test_plain_http_only_to_loopback(url: str, ok: bool) -> None:
    from desktop.services.urlpolicy import api_url_allowed

    assert api_url_allowed(url) is ok


def test_api_config_refuses_credentials_over_http_to_another_host() -> None:
    from desktop.services.partner_api import ApiConfig

    with pytest.raises(ValueError, match="https"):
        ApiConfig("http://127.0.0.1:1@otherhost", "https://api.example", "c", "secret")
    with pytest.raises(ValueError, match="https"):
        ApiConfig("https://id.example", "http://api.example.com", "c", "secret")
    ApiConfig("http://127.0.0.1:1", "http://127.0.0.1:1", "c", "secret")  # loopback is fine


@pytest.mark.parametrize("kind", ["sandbox", "sophos"])
@pytest.mark.parametrize("url", ["http://example.com", "http://127.0.0.1:1@otherhost"])
def test_profiles_add_refuses_plain_http_whatever_the_kind(kind: str, url: str) -> None:
    result = run_cli(
        "profiles", "add", "p", "--kind", kind, "--client-id", "c",
        "--identity-url", url, "--global-url", "https://api.example.com",
    )  # fmt: skip
    line = one_line_no_traceback(result)
    assert "https" in line
    assert ProfileStore().get("p") is None


def test_a_plain_http_profile_written_by_hand_is_not_used_to_sign_in(
    partner_desk_home: Path,
) -> None:
    config = partner_desk_home / "config"
    config.mkdir()
    entry = {
        "id": "0123456789abcdef0123456789abcdef",
        "name": "old",
        "kind": "sandbox",
        "client_id": "c",
        "identity_url": "http://127.0.0.1:1@otherhost",
        "global_url": "http://otherhost",
    }
    (config / "profiles.json").write_text(json.dumps({"profiles": [entry]}), encoding="utf-8")
    result = run_cli("sync", "--profile", "old")
    assert result.returncode == 2
    assert "cannot be used" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ 6. insecure keyrings


class PlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt.file.PlaintextKeyring: priority 0.5, a file on disk."""

    priority = 0.5  # type: ignore[assignment]

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


PlaintextKeyring.__module__ = "keyrings.alt.file"


class RaisingKeyring(PlaintextKeyring):
    priority = 5  # type: ignore[assignment]

    def set_password(self, service: str, username: str, password: str) -> None:
        raise ValueError("the backend broke in an unusual way")

    def get_password(self, service: str, username: str) -> str | None:
        raise ValueError("the backend broke in an unusual way")


RaisingKeyring.__module__ = "some.vendor.backend"


@pytest.fixture
def plaintext_keyring() -> Iterator[PlaintextKeyring]:
    with keyring_backend(PlaintextKeyring()) as backend:
        yield backend


def test_a_plaintext_keyring_counts_as_no_keyring(
    plaintext_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from desktop.services.credentials import SecretStore, keyring_usable

    assert not keyring_usable()
    monkeypatch.setenv("PARTNER_DESK_CLIENT_SECRET", "S3cr3t-plain")
    code = main(["profiles", "add", "p", "--client-id", "c"])
    err = capsys.readouterr().err
    assert code == 0
    assert "session only" in err and "plaintext keyring does not count" in err
    assert plaintext_keyring.store == {}  # never written to the plaintext file
    monkeypatch.delenv("PARTNER_DESK_CLIENT_SECRET")
    profile = ProfileStore().get("p")
    assert profile is not None and SecretStore().get(profile) == "S3cr3t-plain"  # session


def test_a_plaintext_keyring_is_used_only_after_an_explicit_opt_in(
    plaintext_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.credentials import ENV_ALLOW_INSECURE, SecretStore

    monkeypatch.setenv(ENV_ALLOW_INSECURE, "1")
    assert SecretStore().set(sophos("p"), "x") is True
    assert list(plaintext_keyring.store.values()) == ["x"]


def test_a_keyring_raising_anything_gives_a_clear_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(RaisingKeyring())
    try:
        monkeypatch.setenv("PARTNER_DESK_CLIENT_SECRET", "s")
        code = main(["profiles", "add", "p", "--client-id", "c"])
        err = capsys.readouterr().err
        assert code == 1
        assert "keyring failed (ValueError)" in err and "NOT saved" in err
        monkeypatch.delenv("PARTNER_DESK_CLIENT_SECRET")
        from desktop.services.credentials import SecretStore

        profile = ProfileStore().get("p")
        assert profile is not None
        SecretStore().get(profile)  # no exception either
    finally:
        keyring.set_keyring(previous)


# ------------------------------------------------------------------ 7. permissions


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_data_cache_and_log_files_are_private(
    sandbox: SandboxServer, partner_desk_home: Path
) -> None:
    add_cli_profile(sandbox, "local", "--kind", "sandbox")
    result = run_cli("sync", "--profile", "local")
    assert result.returncode == 0, result.stderr
    seen = 0
    for path in partner_desk_home.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode == 0o600, (path, oct(mode))
        seen += 1
    names = {p.name for p in partner_desk_home.rglob("*")}
    assert "partner-desk.log" in names and "profiles.json" in names
    assert any(n.endswith(".sqlite3") for n in names) and seen >= 6


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_files_left_readable_by_an_older_version_are_tightened(partner_desk_home: Path) -> None:
    profile = saved("x")
    folder = partner_desk_home / "data" / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    cache = folder / f"{profile.id}.sqlite3"
    cache.write_bytes(b"")
    cache.chmod(0o644)
    assert profile.cache_path == cache
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# ------------------------------------------------------------------ 8. bad local input


@pytest.mark.parametrize(
    "content",
    [
        '{"profiles": 5}',
        "{not json",
        "[1, 2]",
        '{"profiles": [5]}',
        '{"profiles": "x"}',
        "\x00\xff",
    ],
)
def test_a_damaged_profiles_file_is_kept_aside_with_a_clear_message(
    partner_desk_home: Path, content: str
) -> None:
    config = partner_desk_home / "config"
    config.mkdir()
    (config / "profiles.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    result = run_cli("profiles", "list")
    line = one_line_no_traceback(result)
    assert line.startswith("The profiles file was damaged")
    aside = list(config.glob("profiles.json.damaged-*"))
    assert (
        len(aside) == 1
        and aside[0].read_text(encoding="utf-8", errors="surrogateescape") == content
    )
    assert str(aside[0]) in line
    # the next run starts clean, and nothing overwrote the damaged file
    assert run_cli("profiles", "list").returncode == 0


def test_log_level_bogus_is_one_line() -> None:
    line = one_line_no_traceback(run_cli("--log-level", "BOGUS", "profiles", "list"))
    assert "BOGUS" in line and "DEBUG" in line


def test_log_level_bogus_in_the_environment_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNER_DESK_LOG_LEVEL", "LOUD")
    line = one_line_no_traceback(run_cli("profiles", "list"))
    assert "LOUD" in line


def test_an_invalid_ca_bundle_is_refused_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("not a certificate\n", encoding="utf-8")
    result = run_cli("profiles", "add", "p", "--client-id", "c", "--ca-bundle", str(bad))
    assert "not a valid PEM" in one_line_no_traceback(result)
    assert ProfileStore().get("p") is None


def test_a_ca_bundle_damaged_after_adding_gives_one_line_at_sync(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    bad = tmp_path / "ca.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
    store = ProfileStore()
    good = saved("p")
    data = json.loads(store.path.read_text(encoding="utf-8"))
    data["profiles"][0]["ca_bundle"] = str(bad)
    store.path.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("sync", "--profile", good.name)
    assert "not a valid PEM" in one_line_no_traceback(result)


@pytest.mark.parametrize("target", ["a-folder", "missing-folder/out.csv", "a-file/out.csv"])
def test_an_unwritable_output_is_one_line_and_leaves_no_temp_file(
    tmp_path: Path, target: str
) -> None:
    hostile_cache(saved("x"))
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / target
    result = run_cli("export", "--profile", "x", "--format", "csv", "--output", str(out))
    assert "Cannot write" in one_line_no_traceback(result)
    assert not list(tmp_path.rglob(".export-*"))
    assert (tmp_path / "a-file").read_text() == "x" and (tmp_path / "a-folder").is_dir()


# ------------------------------------------------------------------ 9. first Ctrl+C


@pytest.mark.skipif(os.name != "posix", reason="SIGINT")
def test_the_first_ctrl_c_stops_a_sync_with_a_stuck_worker() -> None:
    """Before: the first Ctrl+C waited for the stuck licence requests (24 s here)."""
    with SandboxServer(customers=3000, seed=1, faults={"rate_limit_per_s": 0}) as sandbox:
        _first_ctrl_c(sandbox)


def _first_ctrl_c(sandbox: SandboxServer) -> None:
    add_cli_profile(sandbox, "local", "--kind", "sandbox")
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET=DEMO_SECRET)
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync", "--profile", "local"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert proc.stderr is not None
    try:
        for line in proc.stderr:
            if line.startswith("[licences]"):
                break
        sandbox.set_faults(latency_ms=25_000)  # every further request hangs
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)  # once
        try:
            proc.wait(timeout=20)  # a bound, not a timing measurement: it must end at all
        except subprocess.TimeoutExpired:
            pytest.fail("the first Ctrl+C did not stop the sync")
        assert proc.returncode == 130
        assert "Cancel" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sandbox.set_faults(latency_ms=0)


# ------------------------------------------------------------------ what already held: keep it


class _Trap:
    """A loopback server that records every request it gets (it should get none)."""

    def __init__(self) -> None:
        import http.server
        import threading

        seen = self.seen = []  # type: list[tuple[str, str, str]]

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                seen.append((self.command, self.path, self.headers.get("Authorization") or ""))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Proxy:
    """Forwards to the sandbox; rewrites every sandbox URL in response bodies to the trap
    (so every ``apiHost`` and whoami's ``apiHosts.global`` point at it); with
    ``redirect`` set, answers that path prefix with a 307 to the trap instead."""

    def __init__(self, upstream: str, trap: str, redirect: str | None = None) -> None:
        import http.server
        import threading

        import httpx

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                if redirect and self.path.startswith(redirect):
                    self.send_response(307)
                    self.send_header("Location", trap + self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length", "accept-encoding")
                }
                answer = httpx.request(
                    self.command, upstream + self.path, content=body, headers=headers
                )
                data = answer.content.replace(upstream.encode(), trap.encode())
                self.send_response(answer.status_code)
                for k, v in answer.headers.items():
                    if k.lower() not in ("content-length", "content-encoding", "transfer-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _any

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _sync_through(proxy: _Proxy, tmp_path: Path) -> Any:
    from desktop.services.partner_api import ApiConfig
    from desktop.services.sync import run_sync

    config = ApiConfig(
        proxy.url, proxy.url, "demo-super-admin", DEMO_SECRET, max_retries=1, backoff_base=0.01
    )
    return run_sync(tmp_path / "c.sqlite3", config)


def test_api_hosts_from_the_server_are_never_followed(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    trap = _Trap()
    proxy = _Proxy(sandbox.base_url, trap.url)
    try:
        summary = _sync_through(proxy, tmp_path)
        assert summary.status == "ok", summary.error
        assert summary.customers == 60
    finally:
        proxy.close()
        trap.close()
    assert trap.seen == []  # whoami's apiHosts.global and every tenant apiHost pointed here


@pytest.mark.parametrize(
    "path", ["/api/v2/oauth2/token", "/whoami", "/partner/v1/extensions/tenants"]
)
def test_redirects_never_carry_credentials(
    sandbox: SandboxServer, tmp_path: Path, path: str
) -> None:
    trap = _Trap()
    proxy = _Proxy(sandbox.base_url, trap.url, redirect=path)
    try:
        summary = _sync_through(proxy, tmp_path)
    finally:
        proxy.close()
        trap.close()
    assert summary.status == "failed"
    assert trap.seen == []  # not followed at all, so no secret and no token went there
