"""Run the sync engine in a child process (docs/architecture.md §2, §8).

In the GUI process the engine's HTTP threads, JSON parsing and cache writes share
the GIL and the cyclic garbage collector with the GUI thread; at 100,000 customers
that stalls the GUI for ~100 ms at a time (measured by ``python -m benchmarks``).
In a child process they share nothing with it. :func:`run_sync_in_process` has the
signature of :func:`desktop.services.sync.run_sync`; progress events (with the
ids each commit changed) and the summary come back over a pipe, cancellation goes
the other way, and a child that dies (or a parent that dies) never leaves a
half-written cache: every commit of the engine is a consistent unit (the tenant
list, then licence batches), and the next sync resumes where it stopped.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from desktop.services.cache import SyncSummary

log = logging.getLogger("partner_desk.sync")

CHILD_NICENESS = 10  # POSIX; Windows keeps normal priority
# After a cancel, the child has this long to finish on its own (its requests notice a
# cancel within 0.2 s); then it is killed, so Cancel takes effect within a second even
# while the child is still starting up on a busy machine. Killing is safe: the cache
# only ever changes in whole transactions (SIGKILL-tested), so committed data stays.
CANCEL_GRACE_S = 0.6


def run_sync_in_process(
    cache_path: Path,
    config: Any,
    *,
    cancel: threading.Event | None = None,
    progress: Callable[[Any], None] | None = None,
    page_size: int = 100,
) -> SyncSummary:
    """``run_sync`` in a spawned child; never raises for sync problems."""
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    proc = ctx.Process(
        target=_child,
        args=(str(cache_path), config, theirs, page_size),
        name="partner-desk-sync",
        daemon=True,
    )
    try:
        proc.start()
    except OSError as exc:
        return SyncSummary(
            status="failed",
            error=f"The sync could not start ({exc.strerror}).",
            error_id="unexpected",
        )
    theirs.close()
    summary: SyncSummary | None = None
    cancel_sent: float | None = None
    try:
        while True:
            if cancel is not None and cancel.is_set() and cancel_sent is None:
                try:
                    ours.send("cancel")
                except OSError:
                    pass
                cancel_sent = time.monotonic()
            if cancel_sent is not None and time.monotonic() - cancel_sent > CANCEL_GRACE_S:
                log.warning("the sync process did not stop after a cancel; killing it")
                proc.kill()
                summary = SyncSummary(
                    status="cancelled",
                    error="The sync was cancelled; the previous customer list is unchanged.",
                    error_id="cancelled",
                )
                break
            if ours.poll(0.05):
                try:
                    kind, payload = ours.recv()
                except (EOFError, OSError):
                    break
                if kind == "progress":
                    if progress is not None:
                        progress(payload)
                elif kind == "done":
                    summary = payload
                    break
            elif not proc.is_alive() and not ours.poll():
                break
    finally:
        ours.close()
        proc.join(10)
        if proc.is_alive():
            proc.kill()
            proc.join()
    if summary is not None and summary.status == "ok" and not (cancel and cancel.is_set()):
        # The table snapshot of the synced rows, written before the GUI reads them back
        # (issue 13): the GUI's reload and the next start then read it instead of the
        # tables, and the GUI never encodes one itself. A fresh child: the rows' memory
        # never adds to the sync process's peak.
        from desktop.services.snapshot import write_in_child

        if not write_in_child(cache_path, cancel):
            log.info("table snapshot not written after the sync")
    if summary is None:
        log.error("the sync process ended without a result (exit code %s)", proc.exitcode)
        return SyncSummary(
            status="failed",
            error="The sync stopped unexpectedly; the previous customer list is unchanged.",
            error_id="unexpected",
        )
    return summary


def _child(cache_path: str, config: Any, conn: Connection, page_size: int) -> None:
    # Background work: when the CPU is contended (2 cores, 9 sync threads) the GUI
    # process goes first, so its event loop is never descheduled behind the sync.
    if hasattr(os, "nice"):
        try:
            os.nice(CHILD_NICENESS)
        except OSError:
            pass
    cancel = threading.Event()

    def listen() -> None:
        try:
            while True:
                if conn.recv() == "cancel":
                    break
        except (EOFError, OSError):  # the parent went away: stop too
            pass
        cancel.set()

    threading.Thread(target=listen, name="sync-cancel", daemon=True).start()
    from desktop.services.sync import run_sync

    summary = run_sync(
        Path(cache_path),
        config,
        cancel=cancel,
        progress=lambda event: conn.send(("progress", event)),
        page_size=page_size,
    )
    conn.send(("done", summary))
    conn.close()
