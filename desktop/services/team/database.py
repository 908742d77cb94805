"""PostgreSQL connections and the team store (the sync node's writing side).

A team database holds the *same* SQLAlchemy Core tables as a local cache
(:func:`desktop.services.cache.tables`); the sync engine (:func:`~desktop.services.sync.
sync_events`) writes it through the same :class:`~desktop.services.cache.SyncStore`
with PostgreSQL upserts. The writer lock is a session-level advisory lock held on its
own connection for the whole sync: a killed sync node loses its connection and with
it the lock; every transaction it had not committed is rolled back by the server.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from desktop.services.cache import BUSY_MESSAGE, CacheBusyError, CacheError, SyncStore

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: the advisory lock key of the writer (one sync node per database)
WRITER_LOCK_KEY = 0x5044_5359  # "PDSY"
#: NOTIFY channels
CHANGES_CHANNEL = "partner_desk_changes"
SCOPE_CHANNEL = "partner_desk_scope"
#: a billing month was stored (its own channel: desktops of team schema 1 ignore it)
BILLING_CHANNEL = "partner_desk_billing"
#: licence fetch times only (every sync touches every customer's): copied quietly
FRESH_CHANNEL = "partner_desk_fresh"
#: the headless alternative to the keyring for the database password
ENV_DB_PASSWORD = "PARTNER_DESK_DB_PASSWORD"
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


class TeamDatabaseError(CacheError):
    """The team database cannot be used; ``message`` is for the user (English, for the
    CLI and logs), ``message_id`` one of :data:`ERROR_MESSAGES` (the GUI translates it;
    ``detail``: the driver's reason, never a secret)."""

    def __init__(self, message: str, message_id: str = "team_db", detail: str = "") -> None:
        super().__init__(message)
        self.message_id = message_id
        self.detail = detail


#: message ids of connection problems → English text ({detail}: libpq's reason)
ERROR_MESSAGES: dict[str, str] = {
    "team_db_unreachable": "The team database cannot be reached ({detail}).",
    "team_db_tls": (
        "The team database's TLS certificate was not accepted ({detail}): check the "
        "URL's sslrootcert and the server's certificate."
    ),
    "team_db_tls_missing": (
        "The team database server does not offer TLS, but the URL's sslmode requires it."
    ),
    "team_db_refused": (
        "The team database server refused this connection ({detail}): check the URL's "
        "sslmode and the server's pg_hba.conf."
    ),
    "team_db_login": (
        "The team database refused the login ({detail}): check the database role and its password."
    ),
}


def check_database_url(url: str) -> str | None:
    """What is wrong with a team database URL (None = fine).

    A ``postgresql://`` URL with a host (or a unix-socket ``host=`` parameter) and a
    database; never a password (it goes to the keyring); ``sslmode`` one of libpq's.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "The database URL is not valid."
    if parts.scheme not in ("postgresql", "postgres"):
        return "The database URL must start with postgresql://."
    if parts.password:
        return "The database URL must not contain a password: it is kept in the keyring."
    params = dict(parse_qsl(parts.query))
    if not (parts.hostname or params.get("host")):
        return "The database URL needs a host."
    if not parts.path.strip("/") and not params.get("dbname"):
        return "The database URL needs a database name."
    mode = params.get("sslmode")
    if mode is not None and mode not in SSL_MODES:
        return f"Unknown sslmode {mode!r}: use one of {', '.join(SSL_MODES)}."
    return None


def conninfo(url: str, *, role: str | None = None, password: str | None = None) -> str:
    """A libpq connection string: the URL (``sslmode`` and all), the role, the password.

    The password is added here, in memory, never to a URL that is stored or logged.
    """
    from psycopg.conninfo import make_conninfo

    problem = check_database_url(url)
    if problem:
        raise TeamDatabaseError(problem)
    extra: dict[str, Any] = {"application_name": "partner-desk", "connect_timeout": 10}
    if role:
        extra["user"] = role
    if password:
        extra["password"] = password
    # make_conninfo keeps the URL's own parameters (sslmode, sslrootcert, host=...)
    return make_conninfo(url.replace("postgres://", "postgresql://", 1), **extra)


_SECRET = re.compile(r"(password\s*=\s*)(\S+)", re.IGNORECASE)


def _reason(exc: BaseException) -> str:
    """The driver's first line, without the "connection to server … failed:" prefix
    and never a password (libpq does not echo one; this makes sure)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "failed: " in text:
        text = text.rsplit("failed: ", 1)[1]
    return _SECRET.sub(r"\1***", text).strip()


def error_id(exc: BaseException) -> str:
    """Which of :data:`ERROR_MESSAGES` a connection or SQL error is."""
    text = str(exc).lower()
    if "does not support ssl" in text or "server does not support" in text:
        return "team_db_tls_missing"
    if "certificate" in text or "ssl error" in text or "ssl syscall" in text:
        return "team_db_tls"
    if "password authentication failed" in text or "no password supplied" in text:
        return "team_db_login"
    if "pg_hba.conf" in text:
        return "team_db_refused"
    if "role" in text and "does not exist" in text:
        return "team_db_login"
    return "team_db_unreachable"


def database_error(exc: BaseException) -> TeamDatabaseError:
    """The :class:`TeamDatabaseError` for a driver error: message id, text, reason."""
    kind = error_id(exc)
    detail = _reason(exc)
    return TeamDatabaseError(ERROR_MESSAGES[kind].format(detail=detail), kind, detail)


def describe_error(exc: BaseException) -> str:
    """A short, secret-free message for a connection or SQL error."""
    return database_error(exc).message


def make_engine(info: str, *, pool_size: int = 2) -> Engine:
    """A SQLAlchemy engine over psycopg 3 that connects with ``info`` (no password in a URL)."""
    import psycopg
    from sqlalchemy import create_engine

    def connect() -> Any:
        return psycopg.connect(info)

    from desktop.services.team.bulk import install

    engine = create_engine(
        "postgresql+psycopg://", creator=connect, pool_size=pool_size, pool_pre_ping=True
    )
    install(engine)  # large batches through COPY (the store's SQL unchanged)
    return engine


class TeamSyncStore(SyncStore):
    """The engine's writing side on PostgreSQL (autovacuum does the housekeeping)."""

    def housekeeping(self) -> None:
        return None


class TeamDatabase:
    """The sync node's view of the team database: what :func:`sync_events` needs."""

    def __init__(self, info: str) -> None:
        self.info = info
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.info)
        return self._engine

    @property
    def read_engine(self) -> Engine:
        return self.engine

    def _meta(self, key: str) -> str | None:
        from sqlalchemy import select

        from desktop.services.cache import tables

        meta = tables()["meta"]
        with self.engine.connect() as conn:
            value = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
        return str(value) if value is not None else None

    def billing_target(self) -> Any:
        """Where the sync's billing step stores months (one row per line item)."""
        from desktop.services.team.billing import TeamBilling

        return TeamBilling(self.engine)

    def check_schema(self) -> None:
        """Raise :class:`TeamDatabaseError` unless ``team init`` has created the schema."""
        from desktop.services.team.schema import schema_problem

        problem = schema_problem(self.engine)
        if problem:
            raise TeamDatabaseError(problem)

    @contextlib.contextmanager
    def writer_lock(self, wait: float = 0) -> Iterator[None]:
        """The advisory writer lock, on its own connection for as long as it is held."""
        import psycopg

        try:
            conn = psycopg.connect(self.info, autocommit=True)
        except psycopg.Error as exc:
            raise database_error(exc) from exc
        try:
            deadline = time.monotonic() + wait
            while True:
                got = conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_LOCK_KEY,)).fetchone()
                if got and got[0]:
                    break
                if time.monotonic() >= deadline:
                    raise CacheBusyError(BUSY_MESSAGE)
                time.sleep(0.2)
            try:
                yield
            finally:
                with contextlib.suppress(psycopg.Error):
                    conn.execute("SELECT pg_advisory_unlock(%s)", (WRITER_LOCK_KEY,))
        finally:
            conn.close()

    @contextlib.contextmanager
    def sync_store(self, *, wait: float = 0) -> Iterator[SyncStore]:
        """The writing side of one sync, under the advisory lock (see :class:`SyncStore`)."""
        from sqlalchemy.exc import SQLAlchemyError

        with self.writer_lock(wait):
            try:
                self.check_schema()
            except SQLAlchemyError as exc:
                raise database_error(exc) from exc
            store = TeamSyncStore(self)  # type: ignore[arg-type]
            try:
                yield store
            finally:
                store.close()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> TeamDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
