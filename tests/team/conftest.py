"""A throw-away PostgreSQL server for the team-mode tests (docs/architecture.md §10).

Started once per session from the Debian binaries (``/usr/lib/postgresql/*/bin``),
as the ``postgres`` user when the tests run as root; it listens on a unix socket in
a temporary folder only (no TCP at all) and is stopped at the end. Missing binaries
fail the tests with the reason (``.ci/run`` installs the ``postgresql`` package).

Each test gets its own database (``team_db``); the desktop roles ``alice`` and
``bob`` exist once per server (roles are cluster-wide; scopes are per database).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DESKTOP_ROLES = ("alice", "bob", "carol")


@dataclass(frozen=True)
class PgServer:
    bindir: Path
    datadir: Path
    sockdir: Path
    port: int
    superuser: str

    def url(self, dbname: str = "postgres") -> str:
        """A team database URL (unix socket; no password, no user)."""
        return f"postgresql:///{dbname}?host={self.sockdir}&port={self.port}"

    def conninfo(self, dbname: str = "postgres", user: str | None = None) -> str:
        return f"host={self.sockdir} port={self.port} dbname={dbname} user={user or self.superuser}"

    def pg_ctl(self, *args: str) -> None:
        _run_as_owner([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args])

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast", "-w")

    def start(self) -> None:
        self.pg_ctl("start", "-w", "-l", str(self.datadir / "server.log"))


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not found:
        found = [p for p in (shutil.which("initdb"),) if p]
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): "
            "install the Debian package `postgresql` (apt-get install -y postgresql); "
            ".ci/run does this on a fresh machine.",
            pytrace=False,
        )
    return Path(found[0]).parent


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _run_as_owner(cmd: list[str]) -> None:
    if _as_root():
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"{cmd[-1] if len(cmd) < 3 else ' '.join(cmd[:4])} failed: {result.stderr}")


def _superuser() -> str:
    return "postgres" if _as_root() else os.environ.get("USER", "postgres")


def _initdb(bindir: Path, datadir: Path, superuser: str) -> None:
    _run_as_owner(
        [str(bindir / "initdb"), "-D", str(datadir), "-U", superuser, "-A", "trust",
         "-E", "UTF8", "--no-sync", "--locale=C"]
    )  # fmt: skip


def _stop(server: PgServer, root: Path) -> None:
    """Stop a test cluster at once and remove its files (never raises)."""
    try:
        server.pg_ctl("stop", "-m", "immediate", "-w")
    except BaseException:
        pass
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="pd-pg-"))
    datadir, sockdir = root / "data", root / "sock"
    sockdir.mkdir()
    superuser = _superuser()
    if _as_root():
        shutil.chown(root, "postgres")
        shutil.chown(sockdir, "postgres")
    port = 55432 + os.getpid() % 1000
    _initdb(bindir, datadir, superuser)
    with open(datadir / "postgresql.conf", "a") as conf:
        conf.write(
            f"listen_addresses = ''\nunix_socket_directories = '{sockdir}'\nport = {port}\n"
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            "max_connections = 100\nshared_buffers = 64MB\n"
        )
    server = PgServer(bindir, datadir, sockdir, port, superuser)
    try:
        server.start()
        import psycopg

        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            for role in DESKTOP_ROLES:
                conn.execute(f"CREATE ROLE {role} LOGIN")
        yield server
    finally:
        _stop(server, root)


@pytest.fixture
def team_db(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session's server; yields its URL."""
    import psycopg

    name = "pd_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server.conninfo(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    with psycopg.connect(pg_server.conninfo(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass(frozen=True)
class TlsPgServer:
    """A PostgreSQL server that takes TCP logins on 127.0.0.1 over TLS only."""

    server: PgServer
    ca: Path  #: the CA that signed the server's certificate
    other_ca: Path  #: a CA that did not
    role: str
    password: str

    def url(self, host: str = "127.0.0.1", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"postgresql://{host}:{self.server.port}/postgres?{query}"


def _openssl(*args: str, cwd: Path) -> None:
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"openssl {args[0]} failed: {result.stderr}")


def _certificates(folder: Path) -> None:
    """A test CA, a server certificate it signs (localhost, 127.0.0.1), another CA."""
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
             "-subj", "/CN=Partner Desk test CA", cwd=folder)  # fmt: skip
    _openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr",
             "-subj", "/CN=localhost", cwd=folder)  # fmt: skip
    (folder / "san.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.cnf",
             cwd=folder)  # fmt: skip
    _openssl("req", "-x509", *ec, "-keyout", "other.key", "-out", "other-ca.crt", "-days", "2",
             "-subj", "/CN=Some other CA", cwd=folder)  # fmt: skip


def _free_tcp_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_on_a_free_port(
    bindir: Path, datadir: Path, sockdir: Path, superuser: str, tries: int = 3
) -> PgServer:
    """Start a cluster that listens on 127.0.0.1 on a port the OS says is free. A fixed
    port could be taken by another process's connection (the parallel suite's sandbox
    servers and clients use the ephemeral range): a port taken between the pick and the
    start is picked again (the last ``port`` line of postgresql.conf wins)."""
    for attempt in range(tries):
        port = _free_tcp_port()
        with open(datadir / "postgresql.conf", "a") as conf:
            conf.write(f"port = {port}\n")
        server = PgServer(bindir, datadir, sockdir, port, superuser)
        try:
            server.start()
        except pytest.fail.Exception:
            if attempt == tries - 1:
                raise
            continue
        return server
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def pg_tls_server() -> Iterator[TlsPgServer]:
    """Its own cluster (TLS settings are cluster-wide); certificates made here."""
    if shutil.which("openssl") is None:
        pytest.fail("openssl not found: it comes with the Debian postgresql package (ssl-cert).")
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="pd-pgtls-"))
    datadir, sockdir, certs = root / "data", root / "sock", root / "certs"
    sockdir.mkdir()
    certs.mkdir()
    _certificates(certs)
    superuser = _superuser()
    if _as_root():
        for path in (root, sockdir, certs, *certs.iterdir()):
            shutil.chown(path, "postgres")
    (certs / "server.key").chmod(0o600)
    _initdb(bindir, datadir, superuser)
    with open(datadir / "postgresql.conf", "a") as conf:
        conf.write(
            f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{sockdir}'\n"
            "fsync = off\nssl = on\n"
            f"ssl_cert_file = '{certs / 'server.crt'}'\nssl_key_file = '{certs / 'server.key'}'\n"
            "password_encryption = 'scram-sha-256'\n"
        )
    (datadir / "pg_hba.conf").write_text(
        "local all all trust\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
        "hostnossl all all 127.0.0.1/32 reject\n"
    )
    password = "tls-" + uuid.uuid4().hex
    try:
        server = _start_on_a_free_port(bindir, datadir, sockdir, superuser)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        import psycopg

        with psycopg.connect(server.conninfo(), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE tls_user LOGIN PASSWORD '{password}'")
        yield TlsPgServer(server, certs / "ca.crt", certs / "other-ca.crt", "tls_user", password)
    finally:
        _stop(server, root)
