"""Headless commands of ``partner-desk`` (docs/architecture.md §6): profiles, sync, export, self-test.

No Qt is imported here, except by the self-test, which checks that Qt loads.
"""

from __future__ import annotations

import argparse
import getpass
import io
import json
import logging
import logging.handlers
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from desktop.services import paths
from desktop.services.cache import CacheError, open_cache
from desktop.services.credentials import ENV_SECRET, SecretStore
from desktop.services.domain import CATEGORIES, CustomerRow, LicenceStatus
from desktop.services.export import ExportWriteError, write_bytes_atomic, write_text_atomic
from desktop.services.export import write_csv as write_csv_cells
from desktop.services.profiles import (
    SOPHOS_GLOBAL_URL,
    SOPHOS_IDENTITY_URL,
    Profile,
    ProfileError,
    ProfileKind,
    ProfileStore,
    profile_problem,
)

log = logging.getLogger("partner_desk")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level_problem(level: str | None) -> str | None:
    """A one-line message when ``--log-level`` / ``PARTNER_DESK_LOG_LEVEL`` is not a level."""
    for source, value in (
        ("--log-level", level),
        ("PARTNER_DESK_LOG_LEVEL", os.environ.get("PARTNER_DESK_LOG_LEVEL")),
    ):
        if value and value.strip().upper() not in LOG_LEVELS:
            return f"Unknown {source} {value!r}: use one of {', '.join(LOG_LEVELS)}."
        if value:
            return None
    return None


def setup_logging(level: str | None = None) -> Path:
    """Log to a rotating file (0600) under the log dir; never secrets (nothing logs them).

    An unknown level means INFO here (the entry point refuses it first with a message);
    a log file that cannot be opened means no file log, never a crash.
    """
    log_file = paths.log_dir() / "partner-desk.log"
    root = logging.getLogger("partner_desk")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        try:
            handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
            )
        except OSError:
            handler = None
        if handler is not None:
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            root.addHandler(handler)
            paths.make_private(log_file)
    wanted = (level or os.environ.get("PARTNER_DESK_LOG_LEVEL") or "INFO").strip().upper()
    root.setLevel(wanted if wanted in LOG_LEVELS else "INFO")
    return log_file


# --------------------------------------------------------------------------- profiles


def _store_or_error(err: TextIO) -> ProfileStore | None:
    """The profile store, or None after a one-line message when profiles.json was damaged."""
    store = ProfileStore()
    problem = store.check()
    if problem:
        err.write(problem + "\n")
        return None
    return store


def cmd_profiles(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = _store_or_error(err)
    if store is None:
        return 1
    if args.profiles_command == "list":
        last = store.last_used()
        for p in store.list():
            mark = " *" if p.name == last else ""
            out.write(f"{p.name}\t{p.kind.value}\t{p.client_id}\t{p.global_url}{mark}\n")
        return 0
    if args.profiles_command == "remove":
        profile = store.get(args.name)
        if profile is None:
            err.write(f"No profile named {args.name!r}.\n")
            return 2
        SecretStore().delete(profile)
        if profile.database_url:
            from desktop.services.credentials import delete_db_password

            delete_db_password(profile)
        store.remove(args.name)
        out.write(f"Removed profile {args.name!r}.\n")
        return 0
    if args.profiles_command == "edit":
        return cmd_profiles_edit(store, args, out, err)
    # add
    if args.client_id is None and args.kind != ProfileKind.TEAM.value:
        err.write("the following arguments are required: --client-id\n")
        return 2
    profile = Profile(
        name=args.name.strip(),
        kind=ProfileKind(args.kind),
        client_id=(args.client_id or "").strip(),
        identity_url=args.identity_url.rstrip("/"),
        global_url=args.global_url.rstrip("/"),
        ca_bundle=args.ca_bundle,
        database_url=args.database,
        db_role=args.db_role,
    )
    existing = store.get(profile.name)
    if existing is not None:
        # never silently: a profile of another kind is not replaced, one of the same kind
        # only with --replace (or a yes in a terminal)
        if existing.kind is not profile.kind:
            err.write(
                f"A {existing.kind.value} profile is already named {profile.name!r}; choose "
                f"another name, or change it with 'partner-desk profiles edit'.\n"
            )
            return 2
        if not args.replace and not _confirm(
            f"A profile named {profile.name!r} already exists. Replace it? [y/N] "
        ):
            err.write(
                f"A profile named {profile.name!r} already exists: add --replace to replace "
                f"it, or change it with 'partner-desk profiles edit {profile.name}'.\n"
            )
            return 2
    if existing is not None:
        SecretStore().delete(existing)
    if profile.is_team and not profile.client_id:  # a desktop that only reads
        try:
            store.add(profile)
        except ProfileError as exc:
            err.write(f"{exc}\n")
            return 2
        _keep_db_password(store.get(profile.name) or profile, err)
        out.write(f"Added team profile {profile.name!r} (read-only: no API credential).\n")
        return 0
    secret = _read_secret(err)
    if secret is None:
        return 2
    try:
        store.add(profile)
    except ProfileError as exc:
        err.write(f"{exc}\n")
        return 2
    except OSError as exc:
        err.write(f"The profile could not be saved: {exc.strerror or exc}.\n")
        return 1
    saved = store.get(profile.name) or profile
    _keep_db_password(saved, err)
    secrets = SecretStore()
    kept = secrets.set(saved, secret)
    if not store.last_used():
        store.set_last_used(profile.name)
    out.write(f"Added profile {profile.name!r}.\n")
    if not kept and secrets.last_error:
        err.write(
            f"The keyring failed ({secrets.last_error}): the secret was NOT saved. "
            f"Set {ENV_SECRET} when you sync, or fix the keyring and add the profile again.\n"
        )
        return 1
    if not kept:
        err.write(
            "No usable keyring was found (a plaintext keyring does not count): the secret "
            f"is kept for this session only. For headless use, set {ENV_SECRET} when you sync.\n"
        )
    return 0


def _confirm(question: str) -> bool:
    """A yes/no question in a terminal; False when there is none to ask in."""
    if not sys.stdin or not sys.stdin.isatty():
        return False
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def _read_secret(err: TextIO) -> str | None:
    """The client secret from the environment or a no-echo prompt (None after a message)."""
    secret = os.environ.get(ENV_SECRET)
    if not secret:
        if not sys.stdin or not sys.stdin.isatty():
            err.write(
                f"No client secret: set {ENV_SECRET} or run this command in a terminal "
                "to be asked for it.\n"
            )
            return None
        secret = getpass.getpass("Client secret (not shown): ")
    if not secret:
        err.write("The client secret cannot be empty.\n")
        return None
    return secret


def cmd_profiles_edit(
    store: ProfileStore, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    """``profiles edit NAME [--rename NEW] [--client-id ID] [--identity-url URL]
    [--global-url URL] [--ca-bundle FILE] [--secret]``: the profile keeps its id (and
    so its cache) and its kind; ``--secret`` asks for the secret again (or takes it from
    the environment)."""
    old = store.get(args.name)
    if old is None:
        err.write(f"No profile named {args.name!r}.\n")
        return 2
    if old.is_demo:
        err.write("The Demo profile is set up by Partner Desk; 'partner-desk --demo' resets it.\n")
        return 2
    changes = (args.rename, args.client_id, args.identity_url, args.global_url, args.ca_bundle)
    if all(c is None for c in changes) and not args.secret:
        err.write("Nothing to change: give --rename, --client-id, --identity-url, "
                  "--global-url, --ca-bundle or --secret.\n")  # fmt: skip
        return 2
    secrets = SecretStore()
    secret = _read_secret(err) if args.secret else secrets.get(old, use_env=False)
    if args.secret and secret is None:
        return 2
    try:
        profile = store.edit(
            old.name,
            new_name=args.rename,
            client_id=args.client_id,
            identity_url=args.identity_url,
            global_url=args.global_url,
            ca_bundle=args.ca_bundle,
        )
    except ProfileError as exc:
        err.write(f"{exc}\n")
        return 2
    except OSError as exc:
        err.write(f"The profile could not be saved: {exc.strerror or exc}.\n")
        return 1
    # the keyring entry is named after the profile's name and client id: move it
    if args.secret or (profile.name, profile.client_id) != (old.name, old.client_id):
        secrets.delete(old)
        if secret and not secrets.set(profile, secret) and secrets.last_error:
            err.write(f"The keyring failed ({secrets.last_error}): the secret was NOT saved.\n")
            return 1
    out.write(f"Changed profile {profile.name!r}.\n")
    return 0


def _keep_db_password(profile: Profile, err: TextIO) -> None:
    if profile.database_url:
        from desktop.team_cli import ask_db_password

        ask_db_password(profile, err)  # under the saved profile's id


def _profile_or_error(name: str, err: TextIO) -> Profile | None:
    store = _store_or_error(err)
    if store is None:
        return None
    profile = store.get(name)
    if profile is None:
        err.write(f"No profile named {name!r}. Add one with 'partner-desk profiles add'.\n")
    return profile


# --------------------------------------------------------------------------- sync

#: ``sync`` exit code when another sync of the profile is running (EX_TEMPFAIL)
EXIT_BUSY = 75


def cmd_sync(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from desktop.services.sync import SyncProgress, config_for_profile, run_sync

    profile = _profile_or_error(args.profile, err)
    if profile is None:
        return 2
    problem = profile_problem(profile)
    if problem:  # e.g. plain http to another computer, written to profiles.json by hand
        err.write(f"Profile {profile.name!r} cannot be used: {problem}\n")
        if args.json:
            out.write(json.dumps({"status": "failed", "error": problem}) + "\n")
        return 2
    secret = SecretStore().get(profile)
    if not secret:
        err.write(
            f"No client secret for profile {profile.name!r}: it is not in the keyring. "
            f"Set {ENV_SECRET} or add the profile again.\n"
        )
        if args.json:
            out.write(json.dumps({"status": "failed", "error": "no client secret"}) + "\n")
        return 1
    if profile.database_url and not profile.is_team:
        from desktop.team_cli import cmd_team_sync

        return cmd_team_sync(args, profile, secret, out, err)
    cancel = threading.Event()

    def progress(event: SyncProgress) -> None:
        total = f"/{event.total}" if event.total else ""
        err.write(f"[{event.phase}] {event.message} ({event.done}{total})\n")
        err.flush()

    interrupted = _cancel_on_first_ctrl_c(cancel, err)
    try:
        summary = run_sync(
            profile.cache_path,
            config_for_profile(profile, secret),
            cancel=cancel,
            progress=progress,
            wait=args.wait,
        )
    except KeyboardInterrupt:
        cancel.set()
        err.write("Cancelled.\n")
        return 130
    finally:
        interrupted.restore()
    if interrupted.fired:
        err.write("Cancelled.\n")
        if args.json:
            out.write(json.dumps({"status": "cancelled", "error": None}) + "\n")
        return 130
    if summary.status == "ok":
        from desktop.services.snapshot import write_in_child

        # The table snapshot, as the app's sync leaves it: the next start reads it.
        write_in_child(profile.cache_path)
        err.write(
            f"Synced {summary.customers} customers: {summary.new} new, {summary.removed} removed, "
            f"{summary.changed} changed, {summary.licences} licences, "
            f"{summary.not_manageable} not manageable, in {summary.seconds:.1f} s.\n"
        )
        for warning in summary.warnings[:20]:
            err.write(f"warning: {warning}\n")
        if summary.stale:
            err.write(
                f"{summary.stale} customers kept their previous licences (their licence request "
                "failed); the next sync refreshes them first.\n"
            )
    elif summary.status == "busy":
        err.write(f"{summary.error} Nothing was changed.\n")
    else:
        err.write(f"Sync {summary.status}: {summary.error}\n")
    if args.json:
        payload = {
            "status": summary.status,
            "customers": summary.customers,
            "new": summary.new,
            "removed": summary.removed,
            "changed": summary.changed,
            "licences": summary.licences,
            "not_manageable": summary.not_manageable,
            "seconds": round(summary.seconds, 3),
            "error": summary.error,
            "refreshed": summary.refreshed,
            "stale": summary.stale,
        }
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    out.flush()
    if summary.status == "busy":
        return EXIT_BUSY
    return 0 if summary.status == "ok" else 1


class _CtrlC:
    """The first Ctrl+C cancels the sync; if the sync has not stopped 3 s later (a worker
    stuck in a call that ignores the cancel), the process exits 130 at once."""

    def __init__(self, cancel: threading.Event, err: TextIO) -> None:
        self.cancel = cancel
        self.err = err
        self.fired = False
        self.previous: Any = None

    def __call__(self, _signum: int, _frame: object) -> None:
        if self.fired:
            os._exit(130)  # a second Ctrl+C: the user means it
        self.fired = True
        self.cancel.set()
        try:
            self.err.write("Cancelling…\n")
            self.err.flush()
        except (OSError, ValueError):
            pass
        timer = threading.Timer(3.0, self._give_up)
        timer.daemon = True
        timer.start()

    def _give_up(self) -> None:
        try:
            self.err.write("Cancelled (a request did not stop in time).\n")
            self.err.flush()
        finally:
            os._exit(130)

    def restore(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _cancel_on_first_ctrl_c(cancel: threading.Event, err: TextIO) -> _CtrlC:
    handler = _CtrlC(cancel, err)
    if threading.current_thread() is threading.main_thread():
        handler.previous = signal.signal(signal.SIGINT, handler)
    return handler


# --------------------------------------------------------------------------- export

BILLING_EXPORT = {"trial": "trial", "term": "term", "usage": "usage", "other": "other"}


def export_records(rows: list[CustomerRow]) -> list[dict[str, Any]]:
    records = []
    for row in rows:
        licences = {
            cat: status.value
            for cat, status in zip(CATEGORIES, row.statuses, strict=True)
            if status is not LicenceStatus.NONE
        }
        records.append(
            {
                "id": row.id,
                "name": row.name,
                "showAs": row.show_as,
                "billingType": BILLING_EXPORT[row.billing_type.value],
                "dataRegion": row.data_region,
                "groups": list(row.groups),
                "partnerAssistance": row.assistance.value == "enabled",
                "managedCustomerOrder": row.managed_customer_order,
                "manageable": row.manageable,
                "removedAt": row.removed_at,
                "licences": licences,
            }
        )
    return records


def write_csv(rows: list[CustomerRow], fh: TextIO) -> None:
    """CSV of the customers; cells neutralised against formulas (``desktop.services.export``)."""
    lines: list[list[object]] = [
        [
            "id",
            "name",
            "showAs",
            "billingType",
            "dataRegion",
            "groups",
            "partnerAssistance",
            "managedCustomerOrder",
            "manageable",
            "removedAt",
            *CATEGORIES,
        ]
    ]
    for row in rows:
        lines.append(
            [
                row.id,
                row.name,
                row.show_as,
                row.billing_type.value,
                row.data_region,
                "; ".join(row.groups),
                "yes" if row.assistance.value == "enabled" else "no",
                "yes" if row.managed_customer_order else "no",
                "yes" if row.manageable else "no",
                row.removed_at or "",
                *(s.value for s in row.statuses),
            ]
        )
    write_csv_cells(fh, lines)


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    profile = _profile_or_error(args.profile, err)
    if profile is None:
        return 2
    if not profile.cache_path.exists():
        err.write(f"Profile {profile.name!r} has no cached customers yet: sync it first.\n")
        return 1
    try:
        cache, note = open_cache(profile.cache_path)
    except CacheError as exc:
        err.write(f"{exc.message}\n")
        return 1
    if note:
        err.write(note + "\n")
    with cache:
        rows = cache.load_rows()
    rows.sort(key=lambda r: (r.display_name.casefold(), r.id))
    buf = io.StringIO()
    if args.format == "json":
        json.dump(export_records(rows), buf, ensure_ascii=False, indent=1)
        buf.write("\n")
    else:
        write_csv(rows, buf)
    if args.output:
        target = Path(args.output)
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        try:
            write_text_atomic(target, buf.getvalue(), encoding=encoding)
        except ExportWriteError as exc:
            err.write(exc.message + "\n")
            return 1
        err.write(f"Exported {len(rows)} customers to {target}.\n")
    else:
        out.write(buf.getvalue())
    return 0


# --------------------------------------------------------------------------- report


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``report renewals|reconciliation|billing|changes`` from the cache, offline (issue 15)."""
    from desktop.services.insights import report
    from desktop.services.insights import store as istore

    profile = _profile_or_error(args.profile, err)
    if profile is None:
        return 2
    if args.format == "xlsx" and not args.output:
        err.write("An XLSX report needs --output FILE.\n")
        return 2
    month: tuple[int, int] | None = None
    if args.month:
        try:
            year_text, month_text = args.month.split("-", 1)
            month = (int(year_text), int(month_text))
            if not 1 <= month[1] <= 12:
                raise ValueError
        except ValueError:
            err.write(f"--month {args.month!r}: use YYYY-MM.\n")
            return 2
    if not profile.cache_path.exists():
        err.write(f"Profile {profile.name!r} has no cached customers yet: sync it first.\n")
        return 1
    try:
        cache, note = open_cache(profile.cache_path)
    except CacheError as exc:
        err.write(f"{exc.message}\n")
        return 1
    if note:
        err.write(note + "\n")
    with cache:
        view = None
        if args.view:
            view = istore.saved_views(cache).get(args.view)
            if view is None:
                names = ", ".join(istore.saved_views(cache)) or "none"
                err.write(f"No saved view named {args.view!r} (saved views: {names}).\n")
                return 2
        tables = report.build_report(
            args.report, cache, view=view, month=month, include_monthly=args.include_monthly
        )
    rows = sum(len(t.rows) for t in tables)
    try:
        if args.format == "xlsx":
            buf = io.BytesIO()
            report.to_xlsx(tables, buf)
            write_bytes_atomic(Path(args.output), buf.getvalue())
        else:
            text = report.to_json(tables) if args.format == "json" else report.to_csv(tables)
            if not args.output:
                out.write(text)
                return 0
            encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
            write_text_atomic(Path(args.output), text, encoding=encoding)
    except ExportWriteError as exc:
        err.write(exc.message + "\n")
        return 1
    err.write(f"Wrote the {args.report} report ({rows} rows) to {args.output}.\n")
    return 0


# --------------------------------------------------------------------------- self-test


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


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partner-desk",
        description="Partner Desk: your Sophos Central partner customers, fast and offline.",
    )
    parser.add_argument("--profile", help="open this profile")
    parser.add_argument("--demo", action="store_true", help="open a fresh demo sandbox")
    parser.add_argument("--customers", type=int, default=2000, help="demo size (with --demo)")
    parser.add_argument("--self-test", action="store_true", help="run headless checks and exit")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING")
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
