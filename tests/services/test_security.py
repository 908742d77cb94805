"""Security (issue 7): secrets and tokens never leak, TLS cannot be turned off, the sandbox
checks token / partner id / role on every route, and 403s reach the user readably.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import json
import logging
import os
import re
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.sandbox.routes import ROUTES
from desktop.services.actions import ActionService
from desktop.services.cache import Cache
from desktop.services.partner_api import (
    ApiConfig,
    ForbiddenError,
    PartnerApiClient,
    PartnerApiError,
    UnavailableError,
)
from desktop.services.profiles import Profile, ProfileKind, ProfileStore
from desktop.services.sync import config_for_profile, run_sync
from tests.helpers.sandbox import get_token

CANARY = "SECRET-pd-7f3a-canary"
CLIENT_ID = "pd-canary-client"

# ---------------------------------------------------------------- secrets and tokens


def run_cli(*args: str, secret: str = CANARY, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PARTNER_DESK_CLIENT_SECRET=secret, **env_extra)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        encoding="utf-8",
    )


def needles_for(server: SandboxServer) -> dict[str, bytes]:
    """The canary secret and every bearer token the sandbox issued (and their signatures)."""
    out = {"client secret": CANARY.encode()}
    tokens = server.issued_tokens()
    for i, token in enumerate(tokens):
        out[f"token {i}"] = token.encode()
        out[f"token {i} signature"] = token.rsplit(".", 1)[-1].encode()
    return out


def scan(label: str, data: bytes, needles: dict[str, bytes]) -> list[str]:
    return [f"{name} found in {label}" for name, needle in needles.items() if needle in data]


def test_full_workflow_leaks_no_secret_and_no_token(
    partner_desk_home: Path, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    outputs: list[tuple[str, str]] = []
    with SandboxServer(
        customers=250,
        seed=41,
        faults={"rate_limit_per_s": 0},
        credentials=[(CLIENT_ID, CANARY, "Partner Super Admin")],
    ) as server:
        url = server.base_url
        # 1. profiles add (secret via env) — a separate process, like a user
        added = run_cli(
            "profiles", "add", "canary", "--client-id", CLIENT_ID,
            "--identity-url", url, "--global-url", url,
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        outputs.append(("profiles add", added.stdout + added.stderr))

        # 2. sync at DEBUG (flag and environment), with retries and a re-sign-in on the way
        server.set_faults(error_rate={"503": 0.05}, token_lifetime_s=2, latency_ms=3)
        synced = run_cli(
            "--log-level", "DEBUG", "sync", "--profile", "canary", "--json",
            PARTNER_DESK_LOG_LEVEL="DEBUG",
        )  # fmt: skip
        assert synced.returncode == 0, synced.stderr
        outputs.append(("sync", synced.stdout + synced.stderr))
        server.set_faults(error_rate={}, token_lifetime_s=3600, latency_ms=0)

        # 3. a failed sign-in with a wrong secret that contains the canary
        wrong = run_cli("sync", "--profile", "canary", "--json", secret=CANARY + "-WRONG")
        assert wrong.returncode == 1
        outputs.append(("sync with a wrong secret", wrong.stdout + wrong.stderr))

        # 4. in process, at DEBUG: a sync and an extension action (rename) through the
        #    API client, recorded in the cache's audit log; then a refused action
        profile = ProfileStore().get("canary")
        assert profile is not None
        config = config_for_profile(profile, CANARY)
        assert run_sync(profile.cache_path, config).status == "ok"
        with PartnerApiClient(config) as client, Cache.open(profile.cache_path) as cache:
            tid = sorted(server.state.tenants)[0]
            result = ActionService(client, cache, actor="tester").rename(tid, "Nuovo nome ✓")
            assert result.ok, result.message
            with pytest.raises(PartnerApiError) as refused:
                client.add_to_group("no-such-group", [tid])
            outputs.append(("refused action", f"{refused.value} {refused.value!r}"))
            outputs.append(("client repr", repr(client) + repr(config) + str(config)))

        # 5. exports, to stdout and to files
        for fmt in ("csv", "json"):
            shown = run_cli("export", "--profile", "canary", "--format", fmt)
            assert shown.returncode == 0, shown.stderr
            outputs.append((f"export {fmt}", shown.stdout + shown.stderr))
            target = partner_desk_home / f"export.{fmt}"
            written = run_cli(
                "export", "--profile", "canary", "--format", fmt, "--output", str(target)
            )
            assert written.returncode == 0 and target.stat().st_size > 10_000
        needles = needles_for(server)

    assert len([n for n in needles if n.endswith("signature")]) >= 3, "tokens were issued"
    log_file = partner_desk_home / "logs" / "partner-desk.log"
    # the sandbox offers "tenantExtensions", so the client lists tenants there
    assert "DEBUG partner_desk.api: GET /partner/v1/extensions/tenants" in log_file.read_text(
        "utf-8"
    )
    found: list[str] = []
    files = [p for p in partner_desk_home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files) and log_file in files
    for path in files:  # config, SQLite (+ WAL), logs, exports
        found += scan(str(path.relative_to(partner_desk_home)), path.read_bytes(), needles)
    for label, text in outputs:
        found += scan(label, text.encode(), needles)
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + (record.exc_text or "")
        found += scan(f"log record {record.name}", text.encode(), needles)
    assert caplog.records, "DEBUG logging was captured"
    assert found == []


# ---------------------------------------------------------------- TLS


def test_tls_verification_cannot_be_turned_off() -> None:
    names = {f.name.lower() for f in dataclasses.fields(ApiConfig)}
    assert not {n for n in names if re.search(r"verify|insecure|ssl|tls", n)}
    assert "ca_bundle" in names
    profile_fields = {f.name.lower() for f in dataclasses.fields(Profile)}
    assert not {n for n in profile_fields if re.search(r"verify|insecure", n)}
    config = ApiConfig("https://id.example.com", "https://api.example.com", "c", "s")
    with PartnerApiClient(config) as client:
        ctx = client._http._transport._pool._ssl_context  # type: ignore[attr-defined]
        assert ctx.verify_mode is ssl.CERT_REQUIRED and ctx.check_hostname


def test_a_verify_off_key_in_profiles_json_is_ignored(partner_desk_home: Path) -> None:
    store = ProfileStore()
    store.add(Profile("p", ProfileKind.SOPHOS, "c", "https://id.sophos.com", "https://api.x.com"))
    data = json.loads(store.path.read_text("utf-8"))
    data["profiles"][0].update({"verify": False, "insecure": True, "verify_ssl": False})
    store.path.write_text(json.dumps(data), "utf-8")
    profile = store.get("p")
    assert profile is not None
    with PartnerApiClient(config_for_profile(profile, "s")) as client:
        ctx = client._http._transport._pool._ssl_context  # type: ignore[attr-defined]
        assert ctx.verify_mode is ssl.CERT_REQUIRED and ctx.check_hostname


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Partner Desk test CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def https_sandbox(self_signed: tuple[Path, Path]) -> Iterator[tuple[SandboxServer, str]]:
    """The sandbox behind TLS with a self-signed certificate (test only)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*self_signed)
    server = SandboxServer(customers=40, seed=42, faults={"rate_limit_per_s": 0}).start()
    httpd = server.httpd
    assert httpd is not None
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    try:
        yield server, f"https://127.0.0.1:{server.port}"
    finally:
        server.stop()


def test_untrusted_certificate_fails_clearly_and_a_ca_bundle_trusts_it(
    https_sandbox: tuple[SandboxServer, str], self_signed: tuple[Path, Path], tmp_path: Path
) -> None:
    _server, url = https_sandbox
    profile = Profile("tls", ProfileKind.SOPHOS, "demo-super-admin", url, url)
    untrusted = config_for_profile(profile, DEMO_SECRET, backoff_base=0.01, max_retries=1)
    summary = run_sync(tmp_path / "a.sqlite3", untrusted)
    assert summary.status == "failed"
    assert summary.error is not None
    assert "certificate is not trusted" in summary.error
    assert "self-signed certificate" in summary.error and "CA bundle" in summary.error
    with PartnerApiClient(untrusted) as client, pytest.raises(UnavailableError):
        client.authenticate()

    trusted_profile = dataclasses.replace(profile, ca_bundle=str(self_signed[0]))
    trusted = config_for_profile(trusted_profile, DEMO_SECRET)
    assert trusted.ca_bundle == str(self_signed[0])  # the profile's CA reaches the client
    with PartnerApiClient(trusted) as client:
        ctx = client._http._transport._pool._ssl_context  # type: ignore[attr-defined]
        assert ctx.verify_mode is ssl.CERT_REQUIRED and ctx.check_hostname
        subjects = [dict(x[0] for x in c["subject"]) for c in ctx.get_ca_certs()]
        assert {"commonName": "Partner Desk test CA"} in subjects
    summary = run_sync(tmp_path / "b.sqlite3", trusted)
    assert summary.status == "ok", summary.error
    assert summary.customers == 40


def test_profile_ca_bundle_goes_through_the_cli(
    https_sandbox: tuple[SandboxServer, str], self_signed: tuple[Path, Path]
) -> None:
    _server, url = https_sandbox
    base = ("profiles", "add", "tls", "--client-id", "demo-super-admin",
            "--identity-url", url, "--global-url", url, "--kind", "sophos")  # fmt: skip
    assert run_cli(*base, secret=DEMO_SECRET).returncode == 0
    refused = run_cli("sync", "--profile", "tls", "--json", secret=DEMO_SECRET)
    assert refused.returncode == 1 and "certificate is not trusted" in refused.stderr
    # re-adding a name replaces the profile only when asked to (issue 14 item 9)
    assert run_cli(*base, "--ca-bundle", str(self_signed[0]), secret=DEMO_SECRET).returncode == 2
    replaced = run_cli(*base, "--ca-bundle", str(self_signed[0]), "--replace", secret=DEMO_SECRET)
    assert replaced.returncode == 0, replaced.stderr
    synced = run_cli("sync", "--profile", "tls", "--json", secret=DEMO_SECRET)
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout.strip().splitlines()[-1])["customers"] == 40


# ---------------------------------------------------------------- sandbox access control


@pytest.fixture(scope="module")
def guarded() -> Iterator[SandboxServer]:
    with SandboxServer(customers=30, seed=43, faults={"rate_limit_per_s": 0}) as server:
        yield server


def concrete(pattern: str, tid: str, gid: str) -> str:
    path = pattern.replace("(?P<tid>[^/]+)", tid).replace("(?P<gid>[^/]+)", gid)
    return path.replace("/?", "")


def manageable_tenant(server: SandboxServer) -> str:
    with server.state.lock:
        return next(t for t in sorted(server.state.tenants) if server.state.is_manageable(t, set()))


def every_route(server: SandboxServer) -> list[tuple[str, str, str]]:
    tid = manageable_tenant(server)
    gid = sorted(server.state.groups)[0]
    today = server.state.today
    routes = [
        (
            r.method,
            concrete(r.pattern.pattern, tid, gid)
            .replace(r"(?P<year>\d{4})", str(today.year))
            .replace(r"(?P<month>\d{1,2})", str(today.month)),
            r.name,
        )
        for r in ROUTES
    ]
    assert len(routes) == 19  # a new route must be added to the checks below
    return routes


def send(server: SandboxServer, method: str, path: str, headers: dict[str, str]) -> int:
    tid = manageable_tenant(server)
    headers = {"X-Tenant-ID": tid, **headers}
    body: dict[str, Any] = {"showAs": "x", "tenantIds": [tid], "billingType": "usage"}
    resp = httpx.request(method, server.base_url + path, headers=headers, json=body, timeout=10)
    return resp.status_code


@pytest.mark.parametrize("auth", [None, "Bearer", "Bearer forged.token.value", "Basic eDp5"])
def test_every_route_needs_a_valid_bearer_token(guarded: SandboxServer, auth: str | None) -> None:
    headers = {"X-Partner-ID": guarded.partner_id}
    if auth is not None:
        headers["Authorization"] = auth
    for method, path, name in every_route(guarded):
        assert send(guarded, method, path, headers) == 401, name


def test_every_partner_route_needs_the_right_partner_id(guarded: SandboxServer) -> None:
    bearer = {"Authorization": f"Bearer {get_token(guarded, 'demo-super-admin')}"}
    for method, path, name in every_route(guarded):
        if name in ("whoami", "tenant_licences"):  # no X-Partner-ID in the contract
            continue
        if name == "firewall_licences":  # X-Partner-ID or X-Tenant-ID (send() sets the latter)
            continue
        assert send(guarded, method, path, bearer) == 401, name
        other = {**bearer, "X-Partner-ID": "00000000-0000-4000-8000-000000000000"}
        assert send(guarded, method, path, other) == 403, name


WRITE_ROUTES = {
    "create_tenant",
    "rename_tenant",
    "group_add",
    "group_remove",
    "assistance_request",
    "billing_type",
    "unlink",
    "launch",
}


def test_read_only_role_is_refused_on_every_write_route(guarded: SandboxServer) -> None:
    headers = {
        "Authorization": f"Bearer {get_token(guarded, 'demo-readonly')}",
        "X-Partner-ID": guarded.partner_id,
    }
    names = {name for _, _, name in every_route(guarded)}
    extension_routes = {r.name for r in ROUTES if r.extension}
    assert names >= WRITE_ROUTES and WRITE_ROUTES - {"create_tenant"} <= extension_routes
    with guarded.state.lock:
        before = json.dumps(guarded.state.tenants, sort_keys=True, default=str)
    for method, path, name in every_route(guarded):
        status = send(guarded, method, path, headers)
        if name in WRITE_ROUTES:
            assert status == 403, name
        else:
            assert status == 200, name
    with guarded.state.lock:
        assert json.dumps(guarded.state.tenants, sort_keys=True, default=str) == before


# ---------------------------------------------------------------- 403 in the client


def test_server_side_403_is_a_readable_forbidden_error_for_every_action(
    guarded: SandboxServer,
) -> None:
    config = ApiConfig(guarded.base_url, guarded.base_url, "demo-readonly", DEMO_SECRET)
    tid = sorted(guarded.state.tenants)[1]
    gid = sorted(guarded.state.groups)[0]
    monthly = {
        "name": "Rossi S.p.A.", "billingType": "usage", "dataGeography": "IE",
        "contact": {"firstName": "Mario", "lastName": "Rossi", "email": "m@rossi.it",
                    "phone": "+39 02 123456", "address": {"address1": "Via Roma 1",
                    "city": "Milano", "countryCode": "IT", "postalCode": "20100"}},
    }  # fmt: skip
    actions = {
        "rename": lambda c: c.rename(tid, "Nuovo"),
        "add to group": lambda c: c.add_to_group(gid, [tid]),
        "remove from group": lambda c: c.remove_from_group(gid, tid),
        "request assistance": lambda c: c.request_assistance(tid),
        "launch": lambda c: c.launch_url(tid),
        "billing type": lambda c: c.update_billing_type(tid, "usage"),
        "unlink": lambda c: c.unlink(tid),
        "create monthly account": lambda c: c.create_tenant(monthly),
    }
    with PartnerApiClient(config) as client:
        for label, action in actions.items():
            with pytest.raises(ForbiddenError) as info:
                action(client)
            err = info.value
            assert err.status == 403, label
            assert err.message.startswith("Not allowed: ") and "(403 Forbidden)" in err.message
            assert "Partner Read-only may not" in err.message or "monthly" in err.message, label
            assert DEMO_SECRET not in err.message and "Bearer" not in err.message
            assert client._token and client._token not in err.message + repr(err)
