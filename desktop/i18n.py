"""UI language and Qt translators (English source strings, Italian translation)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SUPPORTED = ("en", "it")
_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """``resources/`` next to the package, or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def ui_language() -> str:
    """PARTNER_DESK_LANGUAGE, else LANGUAGE/LANG-driven system locale; 'en' if unsupported."""
    wanted = os.environ.get("PARTNER_DESK_LANGUAGE") or ""
    if not wanted:
        wanted = (os.environ.get("LANGUAGE") or "").split(":")[0]
    if not wanted:
        wanted = QLocale.system().name()
    lang = wanted.replace("-", "_").split("_")[0].lower()
    return lang if lang in SUPPORTED else "en"


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    lang = language or ui_language()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    QLocale.setDefault(
        QLocale(QLocale.Language.Italian if lang == "it" else QLocale.Language.English)
    )
    if lang != "en":
        qt_tr = QTranslator(app)
        if qt_tr.load(
            f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            app.installTranslator(qt_tr)
            _installed.append(qt_tr)
        own = QTranslator(app)
        if own.load(f"partner_desk_{lang}", str(resources_dir() / "translations")):
            app.installTranslator(own)
            _installed.append(own)
    return lang


def self_test_label() -> str:
    app = QCoreApplication.instance() or QCoreApplication([])
    lang = install_translators(app)
    label = QCoreApplication.translate("MainWindow", "Show my protection only")
    return f"{lang}, toggle label {label!r}"
