"""Entry point: ``partner-desk`` / ``python -m desktop`` (docs/architecture.md §6).

``main(argv)`` runs any command and returns its exit code. Headless commands
live in :mod:`desktop.cli`; the GUI is composed in :mod:`desktop.gui`.
"""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # The sandbox has its own parser (fault flags); hand it everything after "sandbox".
    if args_list and args_list[0] == "sandbox":
        from desktop.sandbox.cli import run as run_sandbox

        return run_sandbox(args_list[1:])

    # No cyclic GC while a GUI launch imports and builds its window: the collections
    # walk every object the imports made, on the way to the first full paint (issue 13).
    # run_gui turns it back on once the table is painted; a command gets it back at once.
    gc_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args_list, gc_enabled)
    finally:
        if gc_enabled:
            gc.enable()


def _run(args_list: list[str], gc_enabled: bool) -> int:
    from desktop.cli import log_level_problem, parse_launch, setup_logging
    from desktop.services import paths

    paths.restrict_umask()  # data, cache and log files 0600, folders 0700 (POSIX)
    args = parse_launch(args_list)  # a launch without a command: no command parsers
    if args is None:
        from desktop.cli import build_parser

        args = build_parser().parse_args(args_list)
    if (args.self_test or args.command) and gc_enabled:
        gc.enable()
    problem = log_level_problem(args.log_level)
    if problem:
        sys.stderr.write(problem + "\n")
        return 2
    # a GUI launch opens the rotating log after its first paint (run_gui)
    setup_logging(args.log_level, rotate_later=not (args.self_test or args.command))
    if args.self_test:
        from desktop.cli import self_test

        return self_test(sys.stdout)
    if args.command:
        from desktop.cli import run_headless

        return run_headless(args, sys.stdout, sys.stderr)

    from desktop.gui import GuiOptions, run_gui

    return run_gui(
        GuiOptions(profile=args.profile, demo=args.demo, customers=args.customers),
        resume_gc=gc_enabled,
    )


def main_entry() -> None:
    if getattr(sys, "frozen", False):  # the sync runs in a spawned child (sync_process)
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
