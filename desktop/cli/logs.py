"""Logging of the headless commands and the GUI: a rotating private file, a checked level."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from desktop.services import paths

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
