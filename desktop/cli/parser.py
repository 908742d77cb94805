"""The command line of ``partner-desk``: the parser, and the dispatch to each command."""

from __future__ import annotations

import argparse
from typing import NoReturn, TextIO

from desktop.services.credentials import ENV_SECRET
from desktop.services.profiles import SOPHOS_GLOBAL_URL, SOPHOS_IDENTITY_URL, ProfileKind

#: ``sync`` exit code when another sync of the profile is running (EX_TEMPFAIL)
EXIT_BUSY = 75


def _add_launch_options(parser: argparse.ArgumentParser) -> None:
    """The options of a launch without a command (the window, or ``--self-test``)."""
    parser.add_argument("--profile", help="open this profile")
    parser.add_argument("--demo", action="store_true", help="open a fresh demo sandbox")
    parser.add_argument("--customers", type=int, default=2000, help="demo size (with --demo)")
    parser.add_argument("--self-test", action="store_true", help="run headless checks and exit")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING")


class _NotALaunch(Exception):
    pass


class _LaunchParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotALaunch(message)


def parse_launch(argv: list[str]) -> argparse.Namespace | None:
    """``argv`` parsed as :func:`build_parser` parses it when it names no command (a GUI
    launch or ``--self-test``); None for anything else (a command, ``--help``, an error),
    which the full parser then handles. A GUI launch thus builds no command parsers and
    imports no command module on its way to the window (issue 13)."""
    parser = _LaunchParser(prog="partner-desk", add_help=False)
    _add_launch_options(parser)
    parser.set_defaults(command=None)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotALaunch:
        return None
    return None if rest else args


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partner-desk",
        description="Partner Desk: your Sophos Central partner customers, fast and offline.",
    )
    _add_launch_options(parser)
    sub = parser.add_subparsers(dest="command")

    sub.add_parser("sandbox", help="run the Partner API sandbox", add_help=False)

    prof = sub.add_parser("profiles", help="manage profiles")
    psub = prof.add_subparsers(dest="profiles_command", required=True)
    add = psub.add_parser("add", help="add a profile (secret from env or prompt)")
    add.add_argument("name")
    add.add_argument("--client-id", default=None)
    add.add_argument("--identity-url", default=SOPHOS_IDENTITY_URL)
    add.add_argument("--global-url", default=SOPHOS_GLOBAL_URL)
    add.add_argument("--kind", choices=[k.value for k in ProfileKind], default=None)
    add.add_argument("--ca-bundle", default=None, help="custom CA bundle file (PEM)")
    add.add_argument(
        "--replace", action="store_true", help="replace a profile of the same name and kind"
    )
    edit = psub.add_parser(
        "edit", help="change a profile's name, client id, URLs or secret (its cache stays)"
    )
    edit.add_argument("name")
    edit.add_argument("--rename", default=None, metavar="NEW_NAME")
    edit.add_argument("--client-id", default=None)
    edit.add_argument("--identity-url", default=None)
    edit.add_argument("--global-url", default=None)
    edit.add_argument(
        "--ca-bundle", default=None, help="custom CA bundle file (PEM); '' removes it"
    )
    edit.add_argument(
        "--secret",
        action="store_true",
        help=f"enter the client secret again (from {ENV_SECRET} or a no-echo prompt)",
    )
    add.add_argument("--database", default=None, help="team mode: PostgreSQL URL (no password)")
    add.add_argument("--db-role", default=None, help="team mode: your database role")
    psub.add_parser("list", help="list profiles")
    rm = psub.add_parser("remove", help="remove a profile and its secret")
    rm.add_argument("name")

    sync = sub.add_parser("sync", help="sync a profile headlessly")
    sync.add_argument("--profile", dest="sync_profile", required=True)
    sync.add_argument("--json", action="store_true", help="last stdout line is a JSON summary")
    sync.add_argument(
        "--wait",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="wait this long for another sync of the profile to end (default 2); "
        f"then exit with code {EXIT_BUSY}",
    )
    sync.add_argument(
        "--every",
        type=float,
        default=None,
        metavar="MINUTES",
        help="team sync node: sync again every MINUTES until stopped",
    )

    from desktop.team_cli import add_team_parser

    add_team_parser(sub)

    exp = sub.add_parser("export", help="export cached customers")
    exp.add_argument("--profile", dest="export_profile", required=True)
    exp.add_argument("--format", choices=["csv", "json"], required=True)
    exp.add_argument("--output", default=None)

    rep = sub.add_parser("report", help="an insight report from the cache (offline)")
    rep.add_argument("report", choices=["renewals", "reconciliation", "billing", "changes"])
    rep.add_argument("--profile", dest="report_profile", required=True)
    rep.add_argument("--format", choices=["csv", "xlsx", "json"], required=True)
    rep.add_argument("--view", default=None, help="a saved view's search and filters")
    rep.add_argument("--output", default=None, help="file to write (stdout for csv/json)")
    rep.add_argument("--month", default=None, help="billing: YYYY-MM (default: this month)")
    rep.add_argument(
        "--include-monthly", action="store_true", help="renewals: also monthly (usage) licences"
    )
    return parser


def guess_kind(identity_url: str) -> ProfileKind:
    host = identity_url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return (
        ProfileKind.SANDBOX if host in ("127.0.0.1", "localhost", "[::1]") else ProfileKind.SOPHOS
    )


def run_headless(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # The command modules (and SQLAlchemy, which the cache brings) are imported only
    # when a command runs: a GUI launch parses its arguments without them.
    from desktop.cli.export import cmd_export, cmd_report
    from desktop.cli.profiles import cmd_profiles
    from desktop.cli.sync import cmd_sync

    if args.command == "profiles":
        if args.profiles_command == "add" and args.kind is None:
            args.kind = guess_kind(args.identity_url).value
        return cmd_profiles(args, out, err)
    if args.command == "sync":
        args.profile = args.sync_profile
        return cmd_sync(args, out, err)
    if args.command == "export":
        args.profile = args.export_profile
        return cmd_export(args, out, err)
    if args.command == "team":
        from desktop.team_cli import cmd_team

        return cmd_team(args, out, err)
    if args.command == "report":
        args.profile = args.report_profile
        return cmd_report(args, out, err)
    raise ValueError(args.command)
