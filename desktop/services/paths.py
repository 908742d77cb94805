"""Where Partner Desk keeps its files (docs/architecture.md §5).

``PARTNER_DESK_HOME=<dir>`` puts config, data, cache and logs under one folder
(tests, portable installs); otherwise the platform's user directories are used.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import platformdirs

APP_NAME = "PartnerDesk"
APP_AUTHOR = "PartnerDesk"


def _home() -> Path | None:
    value = os.environ.get("PARTNER_DESK_HOME")
    return Path(value).expanduser() if value else None


POSIX = os.name == "posix" and sys.platform != "cygwin"
DIR_MODE = 0o700
FILE_MODE = 0o600
#: a profile id: 32 lowercase hex digits (``uuid4().hex``); nothing else names a file
PROFILE_ID = re.compile(r"[0-9a-f]{32}")


def restrict_umask() -> None:
    """Files and folders this process creates are private (0600 / 0700) on POSIX.

    Called once at start by ``desktop.app.main``; inherited by the sync child process.
    SQLite gives its -wal/-shm files the mode of the database file.
    """
    if POSIX:
        os.umask(0o077)


def make_private(path: Path, mode: int = FILE_MODE) -> None:
    """chmod ``path`` to ``mode`` when it exists and is looser (POSIX; best effort)."""
    if not POSIX:
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            path.chmod(current & mode)
    except OSError:
        pass


def _ensure(path: Path) -> Path:
    """Create the folder (0700 on POSIX) if possible. A failure is reported by whoever
    then opens a file in it (the cache says "The data folder cannot be created: ..."),
    not as a crash here. An existing folder of ours is tightened to 0700."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    except OSError:
        pass
    make_private(path, DIR_MODE)
    return path


def config_dir() -> Path:
    home = _home()
    if home is not None:
        return _ensure(home / "config")
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)))


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return _ensure(home / "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)))


def cache_dir() -> Path:
    home = _home()
    if home is not None:
        return _ensure(home / "cache")
    return _ensure(Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)))


def log_dir() -> Path:
    home = _home()
    if home is not None:
        return _ensure(home / "logs")
    return _ensure(Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)))


def profile_cache_path(profile_id: str) -> Path:
    """The one place that names a profile's SQLite file: ``<data>/profiles/<id>.sqlite3``.

    Named by the profile's stable id, never by its name (two names must never share a
    file). The store puts its lock file beside this path.
    """
    if not PROFILE_ID.fullmatch(profile_id):
        raise ValueError("invalid profile id")
    folder = data_dir() / "profiles"
    if folder.is_dir():
        make_private(folder, DIR_MODE)
    path = folder / f"{profile_id}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        make_private(path.with_name(path.name + suffix))
    return path


def legacy_slug_cache_path(slug: str) -> Path:
    """Where versions before profile ids kept a profile's cache (for the migration only)."""
    return data_dir() / "profiles" / f"{slug}.sqlite3"
