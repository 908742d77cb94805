"""Logging of the headless commands and the GUI: a rotating private file, a checked level."""

from __future__ import annotations

import logging
import os
import sys
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


class StartLogFile(logging.FileHandler):
    """The log file while a GUI launch starts: appended to at once, like the rotating
    handler that replaces it after the first paint (:func:`rotate_log_file`), without
    importing ``logging.handlers`` (with ``socket``, ``pickle`` and ``queue``: ~4-6 ms
    of imports on the way to the first paint, issue 13)."""


def _formatter() -> logging.Formatter:
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")


def _file_handlers(root: logging.Logger) -> list[logging.Handler]:
    handlers_module = sys.modules.get("logging.handlers")  # none open if not imported
    rotating = getattr(handlers_module, "RotatingFileHandler", None)
    return [
        h
        for h in root.handlers
        if isinstance(h, StartLogFile) or (rotating is not None and isinstance(h, rotating))
    ]


def _rotating(log_file: Path) -> logging.Handler | None:
    import logging.handlers

    try:
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(_formatter())
    return handler


def setup_logging(level: str | None = None, *, rotate_later: bool = False) -> Path:
    """Log to a rotating file (0600) under the log dir; never secrets (nothing logs them).

    An unknown level means INFO here (the entry point refuses it first with a message);
    a log file that cannot be opened means no file log, never a crash. ``rotate_later``
    (a GUI launch): the file is appended to by a plain :class:`StartLogFile` until
    :func:`rotate_log_file` swaps in the rotating handler.
    """
    log_file = paths.log_dir() / "partner-desk.log"
    root = logging.getLogger("partner_desk")
    if not _file_handlers(root):
        handler: logging.Handler | None
        if rotate_later:
            try:
                handler = StartLogFile(log_file, encoding="utf-8")
            except OSError:
                handler = None
            else:
                handler.setFormatter(_formatter())
        else:
            handler = _rotating(log_file)
        if handler is not None:
            root.addHandler(handler)
            paths.make_private(log_file)
    wanted = (level or os.environ.get("PARTNER_DESK_LOG_LEVEL") or "INFO").strip().upper()
    root.setLevel(wanted if wanted in LOG_LEVELS else "INFO")
    return log_file


def rotate_log_file() -> None:
    """The rotating handler replaces a :class:`StartLogFile` (after a GUI launch's first
    paint); nothing to do without one. The handler list is swapped whole, so a record
    logged meanwhile on another thread is written once, by one of the two."""
    root = logging.getLogger("partner_desk")
    start = next((h for h in root.handlers if isinstance(h, StartLogFile)), None)
    if start is None:
        return
    rotating = _rotating(Path(start.baseFilename))
    if rotating is None:
        return  # the start handler keeps writing: still a log, if one that never rotates
    rotating.setLevel(start.level)
    root.handlers = [rotating if h is start else h for h in root.handlers]
    start.close()
