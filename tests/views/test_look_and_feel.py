"""Look and feel: no clipped text under a 40 % longer pseudo-locale, the Settings
dialog (language, theme) and the forced dark palette."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QWidget,
)

from desktop import i18n, theme
from desktop.sandbox import SandboxServer
from desktop.services.profiles import Profile, ProfileKind
from desktop.views.main_window import MainWindow
from desktop.views.settings_dialog import SettingsDialog
from tests.helpers import gui

pytestmark = pytest.mark.sandbox(customers=30, seed=3, faults={"rate_limit_per_s": 0}, shared=True)

TEXT_WIDGETS = (QLabel, QPushButton, QCheckBox, QToolButton, QRadioButton)


def synced_profile(server: SandboxServer) -> Profile:
    return gui.synced_profile(server, gui.saved_profile(server.base_url, name="Look"))


def _shows_text(widget: QWidget) -> bool:
    if isinstance(widget, QToolButton):
        style = widget.toolButtonStyle()
        if style == Qt.ToolButtonStyle.ToolButtonIconOnly:
            return False
        if style == Qt.ToolButtonStyle.ToolButtonFollowStyle and not widget.icon().isNull():
            return False  # the style shows the icon only (text becomes the tooltip)
    return bool(widget.text().strip())  # type: ignore[attr-defined]


def clipped(root: QWidget) -> list[str]:
    """Visible text widgets narrower than their size hint (the text would be cut)."""
    found = []
    stretched = 0
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, TEXT_WIDGETS) or not widget.isVisible():
            continue
        if not _shows_text(widget):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue  # wraps instead of clipping
        stretched += "~]" in widget.text()  # type: ignore[attr-defined]
        if widget.sizeHint().width() > widget.width() + 1:
            found.append(
                f"{type(widget).__name__} {widget.objectName() or '?'} {widget.text()!r}: "
                f"hint {widget.sizeHint().width()} > width {widget.width()}"
            )
    assert stretched, f"no pseudo-translated text checked in {root.objectName()}"
    return found


@pytest.fixture
def pseudo(qapp: QApplication) -> Iterator[None]:
    i18n.install_translators(qapp, "pseudo")
    try:
        yield
    finally:
        i18n.install_translators(qapp, "en")


def _shown(qtbot: Any, dialog: QWidget) -> QWidget:
    assert dialog is not None  # a child of the window: closed (or deleted) with it
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    return dialog


def test_pseudo_locale_text_is_not_clipped(qtbot: Any, server: SandboxServer, pseudo: None) -> None:
    window = MainWindow(synced_profile(server), autosync=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cacheLoaded, timeout=10_000):
        window.show()
    qtbot.waitExposed(window)
    assert window.model.rowCount() == 30
    assert window.syncAction.text().startswith("[Sync~")  # the pseudo-locale is on
    window.show_message(window.tr("Sync failed: {error}").format(error="timeout"))
    QApplication.processEvents()
    problems = {"main window": clipped(window)}

    actions = window.customerActions
    rows = [r for r in window.model.visible_rows() if r.removed_at is None]
    plain = next(r for r in rows if not r.managed_customer_order)
    dialogs: dict[str, QWidget] = {
        "contact": window.open_contact(window.model.row_of_id(plain.id)),
        "rename": actions.open_rename(plain),
        "details": actions.open_details(plain),
        "billing": actions.open_billing(plain),
        "unlink": actions.open_unlink([plain, rows[-1]]),
        "create monthly account": actions.open_create_account(),
        "profiles": _profiles(window),
        "settings": SettingsDialog(window),
    }
    qtbot.waitUntil(window.session.idle)  # the dialogs' data is read off the GUI thread
    for name, dialog in dialogs.items():
        _shown(qtbot, dialog)
        problems[name] = clipped(dialog)
        if isinstance(dialog, QDialog):
            dialog.reject()
    window.close()
    assert {k: v for k, v in problems.items() if v} == {}


def _profiles(window: MainWindow) -> QWidget:
    from desktop.views.profiles_dialog import ProfilesDialog

    return ProfilesDialog(current=window.profile.name, parent=window, session=window.session)


def test_settings_dialog_saves_language_and_theme(qtbot: Any) -> None:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "settingsDialog"
    assert dialog.languageCombo.accessibleName() and dialog.themeCombo.accessibleName()
    assert dialog.language() == "system" and dialog.theme() == "system"
    assert "restarts" in dialog.restartNote.text()
    combo: QComboBox = dialog.languageCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "System default",
        "English",
        "Italiano",
    ]
    combo.setCurrentIndex(combo.findData("it"))
    dialog.themeCombo.setCurrentIndex(dialog.themeCombo.findData("dark"))
    dialog.saveButton.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert i18n.language_override() == "it"
    assert theme.theme_override() == "dark"
    # reopened, the dialog shows the saved choices
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert (again.language(), again.theme()) == ("it", "dark")
    again.themeCombo.setCurrentIndex(again.themeCombo.findData("system"))
    again.reject()
    assert theme.theme_override() == "dark"  # Cancel keeps the saved choice


def test_settings_action_opens_the_dialog(qtbot: Any) -> None:
    profile = Profile("Off", ProfileKind.SANDBOX, "x", "http://127.0.0.1:9", "http://127.0.0.1:9")
    window = MainWindow(profile, autosync=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cacheLoaded, timeout=10_000):
        window.show()
    assert window.settingsAction.shortcut().toString() == "Ctrl+,"
    window.settingsAction.trigger()
    dialog = window.findChild(SettingsDialog, "settingsDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    window.close()


def test_forced_dark_theme_gives_a_dark_palette(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNER_DESK_THEME", "dark")
    before_style, before_palette = qapp.style().name(), qapp.palette()
    try:
        assert theme.apply_theme(qapp) == "dark"
        base = qapp.palette().color(QPalette.ColorRole.Base)
        assert base.lightness() < 64
        assert qapp.palette().color(QPalette.ColorRole.Text).lightness() > 192
        assert theme.is_dark()
        window_widget = QWidget()
        assert window_widget.palette().color(QPalette.ColorRole.Base) == base
        link = qapp.palette().color(QPalette.ColorRole.Link)
        assert link.lightness() > 128  # the name column's link colour stays readable
        monkeypatch.setenv("PARTNER_DESK_THEME", "light")
        assert theme.apply_theme(qapp) == "light"
        assert qapp.palette().color(QPalette.ColorRole.Base).lightness() > 224
        monkeypatch.setenv("PARTNER_DESK_THEME", "system")
        assert theme.apply_theme(qapp) == "system"
    finally:
        qapp.setStyle(before_style)
        qapp.setPalette(before_palette)


def test_theme_env_wins_over_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTNER_DESK_THEME", raising=False)
    assert theme.ui_theme() == "system"
    theme.set_theme_override("light")
    assert theme.ui_theme() == "light"
    monkeypatch.setenv("PARTNER_DESK_THEME", "dark")
    assert theme.ui_theme() == "dark"
    with pytest.raises(ValueError):
        theme.set_theme_override("purple")
