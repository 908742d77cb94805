"""Headless team-mode commands (docs/architecture.md §6, §10), wired from :mod:`desktop.cli.parser`.

- ``partner-desk team init --database URL [--role ROLE]``
- ``partner-desk team grant ROLE (--groups NAME ... | --all) --database URL``
- ``partner-desk team revoke ROLE [--groups NAME ... | --all] --database URL``
- ``partner-desk team scopes --database URL``
- ``partner-desk sync --profile NODE [--every MINUTES]`` for a profile with a database URL
  (the sync node): :func:`cmd_team_sync`.

The database password comes from ``PARTNER_DESK_DB_PASSWORD``, the profile's keyring
entry, or a no-echo prompt; never from the URL (a URL with a password is refused).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import threading
import time
from typing import TextIO

from desktop.services.credentials import ENV_DB_PASSWORD, get_db_password, set_db_password
from desktop.services.profiles import Profile


def add_team_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    team = sub.add_parser("team", help="team mode: the shared PostgreSQL database")
    tsub = team.add_subparsers(dest="team_command", required=True)

    def database(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--database", help="postgresql://host[:port]/dbname[?sslmode=...] (no password)"
        )
        p.add_argument("--role", default=None, help="connect as this database role")
        p.add_argument("--profile", dest="team_profile", default=None,
                       help="take URL, role and password from this profile")  # fmt: skip

    init = tsub.add_parser("init", help="create or upgrade the team schema")
    database(init)
    for name in ("grant", "revoke"):
        p = tsub.add_parser(name, help=f"{name} a database role's customer scope")
        p.add_argument("grantee", metavar="ROLE")
        p.add_argument("--groups", nargs="+", default=[], metavar="GROUP")
        p.add_argument("--all", dest="all_customers", action="store_true",
                       help="all customers (Super Admins)")  # fmt: skip
        database(p)
    scopes = tsub.add_parser("scopes", help="list every role's scope")
    database(scopes)


def _password(profile: Profile | None, err: TextIO) -> str | None:
    if os.environ.get(ENV_DB_PASSWORD):
        return os.environ[ENV_DB_PASSWORD]
    if profile is not None:
        found = get_db_password(profile)
        if found:
            return found
    return None


def _conninfo(args: argparse.Namespace, err: TextIO) -> str | None:
    from desktop.services.profiles import ProfileStore
    from desktop.services.team.database import TeamDatabaseError, conninfo

    profile = None
    url, role = args.database, args.role
    if args.team_profile:
        profile = ProfileStore().get(args.team_profile)
        if profile is None or not profile.database_url:
            err.write(f"No profile {args.team_profile!r} with a team database.\n")
            return None
        url, role = url or profile.database_url, role or profile.db_role
    if not url:
        err.write("Give --database URL (or --profile NAME).\n")
        return None
    try:
        return conninfo(url, role=role, password=_password(profile, err))
    except TeamDatabaseError as exc:
        err.write(f"{exc.message}\n")
        return None


def cmd_team(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import psycopg
    from sqlalchemy.exc import SQLAlchemyError

    from desktop.services.team import schema
    from desktop.services.team.database import TeamDatabaseError, describe_error, make_engine

    info = _conninfo(args, err)
    if info is None:
        return 2
    engine = make_engine(info, pool_size=1)
    try:
        if args.team_command == "init":
            done = schema.init_schema(engine)
            from desktop.services.cache import SCHEMA_VERSION as STORE_SCHEMA_VERSION

            out.write(f"Team database schema {done} (schema {STORE_SCHEMA_VERSION}).\n")
        elif args.team_command == "grant":
            out.write(
                schema.grant(
                    engine, args.grantee, groups=args.groups, all_customers=args.all_customers
                )
                + "\n"
            )
        elif args.team_command == "revoke":
            out.write(
                schema.revoke(
                    engine, args.grantee, groups=args.groups, all_customers=args.all_customers
                )
                + "\n"
            )
        else:
            for line in schema.scopes(engine):
                out.write(line + "\n")
        return 0
    except TeamDatabaseError as exc:
        err.write(f"{exc.message}\n")
        return 1
    except (SQLAlchemyError, psycopg.Error) as exc:
        err.write(describe_error(getattr(exc, "orig", None) or exc) + "\n")
        return 1
    finally:
        engine.dispose()


def ask_db_password(profile: Profile, err: TextIO) -> int:
    """``profiles add … --database``: keep the database password (env or prompt) in the keyring."""
    password = os.environ.get(ENV_DB_PASSWORD)
    if not password and sys.stdin and sys.stdin.isatty():
        password = getpass.getpass(
            f"Password of database role {profile.db_role} (not shown; empty = none): "
        )
    if password and not set_db_password(profile, password):
        err.write("No usable keyring: the database password is kept for this session only.\n")
    return 0


def cmd_team_sync(
    args: argparse.Namespace, profile: Profile, secret: str, out: TextIO, err: TextIO
) -> int:
    """The sync node: sync the Partner API into the team database (once, or every N minutes)."""
    from desktop.services.sync import config_for_profile
    from desktop.services.team.database import TeamDatabaseError, conninfo
    from desktop.services.team.sync_node import run_team_sync

    assert profile.database_url
    try:
        info = conninfo(
            profile.database_url, role=profile.db_role, password=_password(profile, err)
        )
    except TeamDatabaseError as exc:
        err.write(f"{exc.message}\n")
        return 2
    from desktop.cli.sync import progress_printer

    cancel = threading.Event()
    progress = progress_printer(err)
    every = getattr(args, "every", None)
    while True:
        started = time.monotonic()
        try:
            summary = run_team_sync(
                info,
                config_for_profile(profile, secret),
                cancel=cancel,
                progress=progress,
                wait=args.wait,
            )
        except KeyboardInterrupt:
            cancel.set()
            err.write("Cancelled.\n")
            return 130
        if summary.status == "ok":
            err.write(
                f"Synced {summary.customers} customers into the team database: {summary.new} new, "
                f"{summary.removed} removed, {summary.changed} changed, {summary.licences} licences, "
                f"in {summary.seconds:.1f} s.\n"
            )
        elif summary.status == "busy":
            err.write(f"{summary.error} Nothing was changed.\n")
        else:
            err.write(f"Sync {summary.status}: {summary.error}\n")
        if args.json:
            out.write(json.dumps(summary.to_json(), ensure_ascii=False) + "\n")
            out.flush()
        if not every:
            if summary.status == "busy":
                return 75
            return 0 if summary.status == "ok" else 1
        try:
            time.sleep(max(0.0, every * 60 - (time.monotonic() - started)))
        except KeyboardInterrupt:
            return 130
