"""Headless commands of ``partner-desk`` (docs/architecture.md §6): profiles, sync, export,
reports, self-test. The composition root of the command line (``desktop/app.py`` calls it).

- :mod:`.parser`: the parser and the dispatch (``build_parser``, ``run_headless``);
- :mod:`.profiles`, :mod:`.sync`, :mod:`.export` (export and report), :mod:`.self_test`;
- :mod:`.common`: the store, a profile, its cache, the secret; :mod:`.logs`: the log file.

No Qt is imported here, except by the self-test, which checks that Qt loads.
"""

from __future__ import annotations

from desktop.cli.logs import LOG_LEVELS, log_level_problem, setup_logging
from desktop.cli.parser import build_parser, guess_kind, run_headless
from desktop.cli.self_test import self_test
from desktop.cli.sync import EXIT_BUSY

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
