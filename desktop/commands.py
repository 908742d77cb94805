"""The headless commands' entry points, as ``desktop/app.py`` imports them.

The commands live in the :mod:`desktop.cli` package (parser, profiles, sync, export and
report, self-test); this module only names what the entry point calls.
"""

from __future__ import annotations

from desktop.cli import (
    EXIT_BUSY,
    LOG_LEVELS,
    build_parser,
    guess_kind,
    log_level_problem,
    run_headless,
    self_test,
    setup_logging,
)

__all__ = [
    "EXIT_BUSY",
    "LOG_LEVELS",
    "build_parser",
    "guess_kind",
    "log_level_problem",
    "run_headless",
    "self_test",
    "setup_logging",
]
