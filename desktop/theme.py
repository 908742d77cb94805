"""Light/dark appearance.

By default the app follows the OS palette. ``PARTNER_DESK_THEME`` (``light`` or
``dark``; tests, support) wins over the Settings choice ``ui/theme``
("system" | "light" | "dark"); a forced theme installs the Fusion style with a
light or dark palette before the main window is created.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

THEMES = ("system", "light", "dark")
THEME_KEY = "ui/theme"


def _settings() -> QSettings:
    from desktop.models.settings import app_settings

    return app_settings()


def theme_override() -> str:
    """The Settings choice: "system", "light" or "dark"."""
    value = _settings().value(THEME_KEY, "system")
    return value if isinstance(value, str) and value in THEMES else "system"


def set_theme_override(theme: str) -> None:
    """Remember the Settings choice; applies on next start."""
    if theme not in THEMES:
        raise ValueError(theme)
    settings = _settings()
    settings.setValue(THEME_KEY, theme)
    settings.sync()


def ui_theme() -> str:
    """``PARTNER_DESK_THEME``, else the Settings choice; "system" follows the OS."""
    forced = (os.environ.get("PARTNER_DESK_THEME") or "").strip().lower()
    if forced in THEMES:
        return forced
    return theme_override()


def _palette(
    colors: dict[QPalette.ColorRole, str], disabled: dict[QPalette.ColorRole, str]
) -> QPalette:
    palette = QPalette()
    for role, value in colors.items():
        palette.setColor(role, QColor(value))
    for role, value in disabled.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(value))
    return palette


R = QPalette.ColorRole


def dark_palette() -> QPalette:
    return _palette(
        {
            R.Window: "#2b2b2b",
            R.WindowText: "#e8e8e8",
            R.Base: "#1f1f1f",
            R.AlternateBase: "#282828",
            R.ToolTipBase: "#3a3a3a",
            R.ToolTipText: "#f0f0f0",
            R.PlaceholderText: "#9a9a9a",
            R.Text: "#e8e8e8",
            R.Button: "#353535",
            R.ButtonText: "#e8e8e8",
            R.BrightText: "#ff6b6b",
            R.Light: "#4a4a4a",
            R.Midlight: "#3e3e3e",
            # Mid/Dark double as "dimmed text" colours in a few style sheets:
            # keep them readable on the dark base.
            R.Mid: "#8a8a8a",
            R.Dark: "#9a9a9a",
            R.Shadow: "#141414",
            R.Highlight: "#2f65ca",
            R.HighlightedText: "#ffffff",
            R.Link: "#6cb4ff",
            R.LinkVisited: "#b48cff",
        },
        {
            R.WindowText: "#7f7f7f",
            R.Text: "#7f7f7f",
            R.ButtonText: "#7f7f7f",
            R.Highlight: "#3d3d3d",
            R.HighlightedText: "#a0a0a0",
        },
    )


def light_palette() -> QPalette:
    return _palette(
        {
            R.Window: "#efefef",
            R.WindowText: "#1a1a1a",
            R.Base: "#ffffff",
            R.AlternateBase: "#f5f5f5",
            R.ToolTipBase: "#ffffdc",
            R.ToolTipText: "#000000",
            R.PlaceholderText: "#767676",
            R.Text: "#1a1a1a",
            R.Button: "#efefef",
            R.ButtonText: "#1a1a1a",
            R.BrightText: "#ffffff",
            R.Light: "#ffffff",
            R.Midlight: "#cacaca",
            R.Mid: "#888888",
            R.Dark: "#8a8a8a",
            R.Shadow: "#767676",
            R.Highlight: "#308cc6",
            R.HighlightedText: "#ffffff",
            R.Link: "#0b57d0",
            R.LinkVisited: "#7b1fa2",
        },
        {
            R.WindowText: "#9e9e9e",
            R.Text: "#9e9e9e",
            R.ButtonText: "#9e9e9e",
            R.Highlight: "#d0d0d0",
            R.HighlightedText: "#7f7f7f",
        },
    )


def apply_theme(app: QApplication, theme: str | None = None) -> str:
    """Apply ``theme`` (default :func:`ui_theme`); "system" leaves the OS palette alone."""
    choice = theme or ui_theme()
    if choice not in ("light", "dark"):
        return "system"
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(dark_palette() if choice == "dark" else light_palette())
    # Fusion draws input frames in the window colour darkened by 40 %: on the dark
    # palette that is the colour of the field itself, so the borders vanished.
    app.setStyleSheet(dark_inputs_css() if choice == "dark" else "")
    return choice


# Visible frames for text inputs on the dark palette (only these widgets are styled).
DARK_INPUTS_CSS = (
    "QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox {"
    " border: 1px solid #6e6e6e; border-radius: 3px; padding: 2px 4px;"
    " background: #1f1f1f; selection-background-color: #2f65ca; }"
    " QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus {"
    " border: 1px solid #6cb4ff; }"
    " QLineEdit:disabled, QAbstractSpinBox:disabled { border-color: #4a4a4a; color: #7f7f7f; }"
    " QComboBox { border: 1px solid #6e6e6e; border-radius: 3px; padding: 2px 6px; }"
    " QComboBox::drop-down { border: none; width: 18px; }"
    " QComboBox:focus { border: 1px solid #6cb4ff; }"
    " QComboBox:disabled { border-color: #4a4a4a; }"
)


def dark_inputs_css() -> str:
    """:data:`DARK_INPUTS_CSS` plus the combo box arrow (a styled drop-down needs one)."""
    from desktop.i18n import resources_dir

    arrow = (resources_dir() / "icons" / "combo-arrow-dark.svg").as_posix()
    return (
        DARK_INPUTS_CSS
        + f' QComboBox::down-arrow {{ image: url("{arrow}"); width: 10px; height: 10px; }}'
    )


def is_dark(widget: QWidget | None = None) -> bool:
    """True when the window background is dark (OS dark mode or the forced dark theme)."""
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_css() -> str:
    """Style sheet colour for inline error text, readable on light and dark windows."""
    return "color: #ff8a80;" if is_dark() else "color: #b3261e;"


# Boxes of text (notes, warnings, message bars, "why not" banners): light and dark.
_BOXES = {
    "error": ("background: #fdecea; border: 1px solid #e4a29b; color: #611a15;",
              "background: #4a2522; border: 1px solid #a5524a; color: #ffd9d4;"),
    "info": ("background: #e8f4fd; border: 1px solid #9cc9ee; color: #0d3c61;",
             "background: #1d3347; border: 1px solid #3f6f99; color: #d6ebff;"),
    "warning": ("background: #fff4e5; border: 1px solid #f0b968; color: #5f3a00;",
                "background: #45371b; border: 1px solid #a07a2a; color: #ffe3a8;"),
    "reason": ("background: #eef1f5; border: 1px solid #c9d1db; color: #2b3540;",
               "background: #33383f; border: 1px solid #5a636e; color: #e2e6ea;"),
}  # fmt: skip


def box_css(kind: str, widget: QWidget | None = None) -> str:
    """Colours of a text box of ``kind`` ("error", "info", "warning" or "reason") for the
    current light or dark palette (without a selector)."""
    light, dark = _BOXES.get(kind, _BOXES["info"])
    return dark if is_dark(widget) else light
