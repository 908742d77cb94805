"""Icons from ``resources/icons`` (SVG), loaded once and cached."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from desktop.services.domain import LicenceStatus


def icons_dir() -> Path:
    """The icon folder next to the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "icons"
    return Path(__file__).resolve().parents[2] / "resources" / "icons"


@cache
def icon(name: str) -> QIcon:
    path = icons_dir() / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


_STATUS_FILES = {
    LicenceStatus.ACTIVE: "status-active",
    LicenceStatus.EXPIRING: "status-expiring",
    LicenceStatus.TRIAL: "status-trial",
    LicenceStatus.TRIAL_EXPIRED: "status-trial-expired",
    LicenceStatus.EXPIRED: "status-expired",
    LicenceStatus.LAPSED: "status-lapsed",
    LicenceStatus.NOT_MANAGEABLE: "status-not-manageable",
}


def status_icons() -> dict[LicenceStatus, QIcon]:
    """One icon per licence status; each status has its own shape, not just a colour."""
    return {status: icon(name) for status, name in _STATUS_FILES.items()}


def managed_order_icon() -> QIcon:
    return icon("managed-order")


def app_icon() -> QIcon:
    return icon("app")
