"""QSettings under the app's config dir (honours ``PARTNER_DESK_HOME``).

Only view preferences live here; never secrets (docs/architecture.md §5).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from desktop.services import paths
from desktop.services.profiles import slugify

MY_PROTECTION_ONLY = "view/myProtectionOnly"
SHOW_REMOVED = "view/showRemoved"
SHOW_TENANT_ID = "view/showTenantId"


def app_settings() -> QSettings:
    path = paths.config_dir() / "partner-desk.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def profile_key(profile_name: str, key: str) -> str:
    return f"profile-{slugify(profile_name)}/{key}"


def read_bool(settings: QSettings, key: str, default: bool = False) -> bool:
    value: Any = settings.value(key, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def read_int(settings: QSettings, key: str, default: int) -> int:
    value: Any = settings.value(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
