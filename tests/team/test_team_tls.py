"""The team database URL's ``sslmode`` against a real TLS PostgreSQL server (a
self-signed CA and server certificate made by the fixture; docs/team.md §1)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from desktop.services.cache import Cache
from desktop.services.team.database import (
    ERROR_MESSAGES,
    TeamDatabase,
    TeamDatabaseError,
    check_database_url,
    conninfo,
)
from desktop.services.team.replica import Replicator


def _connect(tls, url: str) -> psycopg.Connection:
    return psycopg.connect(conninfo(url, role=tls.role, password=tls.password))


def _ssl_in_use(conn: psycopg.Connection) -> bool:
    row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    return bool(row and row[0])


def test_sslmode_require_and_verify_full_connect_over_tls(pg_tls_server) -> None:
    tls = pg_tls_server
    url = tls.url(sslmode="require")
    assert check_database_url(url) is None
    with _connect(tls, url) as conn:
        assert _ssl_in_use(conn)
    # verify-full with the CA that signed the server's certificate, by name and by address
    for host in ("localhost", "127.0.0.1"):
        full = tls.url(host, sslmode="verify-full", sslrootcert=str(tls.ca))
        assert check_database_url(full) is None
        with _connect(tls, full) as conn:
            assert _ssl_in_use(conn)


def _failure(tls, url: str, tmp_path: Path) -> TeamDatabaseError:
    """What a desktop's replica and the sync node's writer lock say for this URL."""
    info = conninfo(url, role=tls.role, password=tls.password)
    with Cache.open(tmp_path / "replica.sqlite3") as cache:
        rep = Replicator(info, cache)
        with pytest.raises(TeamDatabaseError) as caught:
            rep.catch_up()
        rep.close()
    db = TeamDatabase(info)
    with pytest.raises(TeamDatabaseError) as node, db.writer_lock():
        pass
    db.close()
    assert node.value.message_id == caught.value.message_id
    for exc in (caught.value, node.value):
        # never the password, in the message, the detail or the exception's text
        assert tls.password not in exc.message
        assert tls.password not in exc.detail
        assert tls.password not in str(exc)
    return caught.value


def test_verify_full_with_the_wrong_ca_fails_with_a_clear_message(
    pg_tls_server, tmp_path: Path
) -> None:
    tls = pg_tls_server
    wrong = tls.url("localhost", sslmode="verify-full", sslrootcert=str(tls.other_ca))
    exc = _failure(tls, wrong, tmp_path)
    assert exc.message_id == "team_db_tls"
    assert "certificate" in exc.detail
    assert exc.message == ERROR_MESSAGES["team_db_tls"].format(detail=exc.detail)
    # the right CA but a name the certificate does not carry (no DNS: hostaddr): refused
    other_name = tls.url(
        "db.example.com", hostaddr="127.0.0.1", sslmode="verify-full", sslrootcert=str(tls.ca)
    )
    exc = _failure(tls, other_name, tmp_path)
    assert exc.message_id == "team_db_tls" and "db.example.com" in exc.detail


def test_without_tls_the_server_refuses_and_a_wrong_password_is_a_login_problem(
    pg_tls_server, tmp_path: Path
) -> None:
    tls = pg_tls_server
    exc = _failure(tls, tls.url(sslmode="disable"), tmp_path)
    assert exc.message_id == "team_db_refused"  # pg_hba: TLS only
    assert "sslmode" in exc.message
    info = conninfo(tls.url(sslmode="require"), role=tls.role, password="not-the-password")
    with Cache.open(tmp_path / "r.sqlite3") as cache, pytest.raises(TeamDatabaseError) as caught:
        Replicator(info, cache).catch_up()
    assert caught.value.message_id == "team_db_login"
    assert "not-the-password" not in caught.value.message


def test_the_gui_text_of_each_message_id_is_translatable(qapp) -> None:
    from desktop.models.team_worker import error_text

    for kind, english in ERROR_MESSAGES.items():
        exc = TeamDatabaseError("x", kind, "the reason")
        assert error_text(exc) == english.format(detail="the reason")
