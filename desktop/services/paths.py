"""Where Partner Desk keeps its files (DESIGN.md §5).

``PARTNER_DESK_HOME=<dir>`` puts config, data, cache and logs under one folder
(tests, portable installs); otherwise the platform's user directories are used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "PartnerDesk"
APP_AUTHOR = "PartnerDesk"


def _home() -> Path | None:
    value = os.environ.get("PARTNER_DESK_HOME")
    return Path(value).expanduser() if value else None


def _ensure(path: Path) -> Path:
    """Create the folder if possible. A failure is reported by whoever then opens a file
    in it (the cache says "The data folder cannot be created: ..."), not as a crash here."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
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
