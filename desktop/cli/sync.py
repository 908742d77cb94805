"""``partner-desk sync --profile NAME``: a headless sync, cancelled by the first Ctrl+C."""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from desktop.cli.common import profile_or_error
from desktop.cli.parser import EXIT_BUSY
from desktop.services.credentials import ENV_SECRET, SecretStore
from desktop.services.profiles import profile_problem

if TYPE_CHECKING:
    from desktop.services.sync import SyncProgress


def progress_printer(err: TextIO) -> Callable[[SyncProgress], None]:
    """A sync's progress as one line each on ``err`` (the CLI's and the sync node's)."""

    def progress(event: SyncProgress) -> None:
        total = f"/{event.total}" if event.total else ""
        err.write(f"[{event.phase}] {event.message} ({event.done}{total})\n")
        err.flush()

    return progress


def cmd_sync(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from desktop.services.sync import config_for_profile, run_sync

    profile = profile_or_error(args.profile, err)
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
    progress = progress_printer(err)
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
