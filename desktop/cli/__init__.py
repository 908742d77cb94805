"""Headless commands of ``partner-desk`` (docs/architecture.md §6): profiles, sync, export,
reports, self-test. The composition root of the command line (``desktop/app.py`` calls it).

- :mod:`.parser`: the parser and the dispatch (``build_parser``, ``run_headless``);
- :mod:`.profiles`, :mod:`.sync`, :mod:`.export` (export and report), :mod:`.self_test`;
- :mod:`.common`: the store, a profile, its cache, the secret; :mod:`.logs`: the log file.

No Qt is imported here, except by the self-test, which checks that Qt loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Imported here, not lazily: the submodule has the function's name, and an import of the
# submodule would otherwise leave the module object where the function is expected.
from desktop.cli.self_test import self_test

if TYPE_CHECKING:
    from desktop.cli.logs import LOG_LEVELS, log_level_problem, setup_logging
    from desktop.cli.parser import EXIT_BUSY, build_parser, guess_kind, parse_launch, run_headless

#: where each name lives; imported when first used (PEP 562), so that a GUI launch,
#: which only parses its arguments, imports no command module
_LAZY = {
    "LOG_LEVELS": "logs",
    "log_level_problem": "logs",
    "setup_logging": "logs",
    "EXIT_BUSY": "parser",
    "build_parser": "parser",
    "guess_kind": "parser",
    "parse_launch": "parser",
    "run_headless": "parser",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"desktop.cli.{module}"), name)


__all__ = [
    "EXIT_BUSY",
    "LOG_LEVELS",
    "build_parser",
    "guess_kind",
    "log_level_problem",
    "parse_launch",
    "run_headless",
    "self_test",
    "setup_logging",
]
