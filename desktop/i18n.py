"""UI language and Qt translators (English source strings, Italian translation).

The language follows the OS (``LANGUAGE``/``LANG``/system locale); the Settings
override (``ui/language`` in the app's settings file) wins, and
``PARTNER_DESK_LANGUAGE`` wins over both (tests, support). ``pseudo`` installs a
pseudo-translation that stretches every string by 40 % to find clipped labels.
Translations are compiled ``.qm`` files under ``resources/translations``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

SUPPORTED = ("en", "it")
LANGUAGE_KEY = "ui/language"  # "system" | "en" | "it"
_installed: list[QTranslator] = []


def resources_dir() -> Path:
    """``resources/`` next to the package, or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def _settings() -> QSettings:
    from desktop.models.settings import app_settings

    return app_settings()


def language_override() -> str:
    value = _settings().value(LANGUAGE_KEY, "system")
    return value if isinstance(value, str) and value in (*SUPPORTED, "system") else "system"


def set_language_override(language: str) -> None:
    """Remember the Settings choice ("system", "en" or "it"); applies on next start."""
    if language not in (*SUPPORTED, "system"):
        raise ValueError(language)
    settings = _settings()
    settings.setValue(LANGUAGE_KEY, language)
    settings.sync()


def system_language() -> str:
    wanted = (os.environ.get("LANGUAGE") or "").split(":")[0]
    if not wanted:
        wanted = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or ""
    if not wanted:
        wanted = QLocale.system().name()
    lang = wanted.replace("-", "_").split("_")[0].split(".")[0].lower()
    return lang if lang in SUPPORTED else "en"


def ui_language() -> str:
    """``PARTNER_DESK_LANGUAGE``, else the Settings override, else the OS; 'en' if unsupported."""
    forced = (os.environ.get("PARTNER_DESK_LANGUAGE") or "").lower()
    if forced == "pseudo" or forced in SUPPORTED:
        return forced
    override = language_override()
    if override != "system":
        return override
    return system_language()


def translate_noop(context: str, source: str) -> str:
    """Marks ``source`` for lupdate in ``context``; returns it untranslated.

    PySide6's own marker is typed as returning ``object``; this one keeps ``str`` for
    ``mypy --strict``. lupdate recognises the call by its name, wherever it comes from.
    """
    del context
    return source


QT_TRANSLATE_NOOP = translate_noop  # the name lupdate looks for


class PseudoTranslator(QTranslator):
    """Stretches every translated string by 40 % (keeps placeholders and accelerators)."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if not source:
            return source
        extra = max(1, round(len(source) * 0.4))
        return f"[{source}{'~' * extra}]"

    def isEmpty(self) -> bool:
        return False


def install_translators(app: QCoreApplication, language: str | None = None) -> str:
    """Install Qt's and our translators for ``language`` (default :func:`ui_language`)."""
    lang = language or ui_language()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if lang == "pseudo":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        pseudo = PseudoTranslator(app)
        app.installTranslator(pseudo)
        _installed.append(pseudo)
        return lang
    if lang == "it":
        QLocale.setDefault(QLocale(QLocale.Language.Italian, QLocale.Country.Italy))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    candidates = [(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    candidates.append((f"qtbase_{lang}", str(translations_dir())))  # bundled copy (frozen apps)
    candidates.append((f"partner_desk_{lang}", str(translations_dir())))
    loaded_qt = False
    for name, folder in candidates:
        if name.startswith("qtbase") and (loaded_qt or lang == "en"):
            continue
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            _installed.append(tr)
            loaded_qt = loaded_qt or name.startswith("qtbase")
    return lang


def self_test_label() -> str:
    app = QCoreApplication.instance() or QCoreApplication([])
    lang = install_translators(app)
    label = QCoreApplication.translate("MainWindow", "Show my protection only")
    return f"{lang}, toggle label {label!r}"
