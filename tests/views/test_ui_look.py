"""Issue 14, the look and the words: Test connection's partner id, Italian wording and
grouped counts, the status bar, the sync progress bar, and the dark theme."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel

from desktop import i18n, theme
from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.actions import OK
from desktop.views.action_reasons import count_text, plain_text
from desktop.views.create_account_dialog import CreateAccountDialog
from desktop.views.main_window import MainWindow
from desktop.views.rename_dialog import RenameDialog
from tests.helpers.gui import profiles_dialog, show_window, synced_profile
from tests.helpers.paths import ROOT
from tests.helpers.sandbox import sandbox_profile

CUSTOMERS = 1_200
pytestmark = pytest.mark.sandbox(
    customers=CUSTOMERS, seed=14, faults={"rate_limit_per_s": 0}, shared=True
)


def open_window(qtbot: Any, server: SandboxServer) -> MainWindow:
    profile = synced_profile(server, sandbox_profile(server, "look"))
    window = show_window(
        qtbot, profile, timeout=15_000, autosync=False, secret_lookup=lambda _p: DEMO_SECRET
    )
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def italian(qapp: QApplication) -> Iterator[None]:
    i18n.install_translators(qapp, "it")
    try:
        yield
    finally:
        i18n.install_translators(qapp, "en")


def test_test_connection_shows_the_partner_id(qtbot: Any, server: SandboxServer) -> None:
    dialog = profiles_dialog(qtbot)
    dialog.nameEdit.setText("Local")
    dialog.clientIdEdit.setText("demo-super-admin")
    dialog.secretEdit.setText(DEMO_SECRET)
    dialog.identityEdit.setText(server.base_url)
    dialog.globalEdit.setText(server.base_url)
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.testButton.isEnabled(), timeout=20_000)
    assert dialog.message.text() == f"Connected. Partner ID: {server.state.partner_id}"
    dialog.close()


def test_italian_rename_field_uses_the_console_term(qtbot: Any, italian: None) -> None:
    from desktop.services.domain import AssistanceState, BillingType, CustomerRow, LicenceStatus

    row = CustomerRow(
        id="t", name="Rossi S.r.l.", show_as="Rossi", email="", billing_type=BillingType.TERM,
        groups=(), assistance=AssistanceState.ENABLED, managed_customer_order=False,
        data_region="eu01", data_geography="IE", last_synced="", removed_at=None,
        manageable=True, statuses=(LicenceStatus.NONE,) * 11,
    )  # fmt: skip
    dialog = RenameDialog(row, OK)
    qtbot.addWidget(dialog)
    form = dialog.findChild(QFormLayout)
    label = form.labelForField(dialog.nameEdit)
    assert label.text() == "&Nome visualizzato come"
    assert dialog.windowTitle() == "Nome visualizzato come — Rossi"


def test_counts_have_the_locale_thousands_separator(
    qtbot: Any, server: SandboxServer, italian: None
) -> None:
    assert count_text(2000) == "2.000" and count_text(999) == "999"
    assert count_text(100_000) == "100.000"
    window = open_window(qtbot, server)
    assert window.rowCount.text() == "1.200 clienti"
    bar = window.syncProgress
    bar.setFormat("Licenze %v/%m")
    bar.setRange(0, CUSTOMERS)
    bar.setValue(1_100)
    assert bar.text() == "Licenze 1.100/1.200"
    from desktop.views import details_dialog

    assert details_dialog._num(1_500) == "1.500"  # licence quantity and usage columns


def test_english_counts_are_grouped_too() -> None:
    assert count_text(2000) == "2,000" and count_text(-1500) == "-1,500"


def test_status_bar_messages_stop_at_a_word_clear_of_the_counter(
    qtbot: Any, server: SandboxServer
) -> None:
    window = open_window(qtbot, server)
    window.resize(760, 500)
    qtbot.waitUntil(lambda: window.width() <= 760)
    QApplication.processEvents()
    text = (
        "Partner assistance requested from Studio Legale Bruno & Associati, Ferramenta "
        "Bianchi S.p.A., Trattoria Perché No di Giulia Lombardi and 12 more — pending "
        "customer approval. The customer turns partner assistance on in Sophos Central."
    )
    window.customerActions._say(text)
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert shown != text and shown.endswith("…")
    head = shown[:-1]
    assert text.startswith(head) and text[len(head)] in " ,;:—-"  # cut between words
    counter = window.rowCount
    assert counter.isVisible()
    assert bar.fontMetrics().horizontalAdvance(shown) + 12 <= counter.x()
    assert plain_text(bar.toolTip()) == text  # the whole message stays readable
    window.customerActions._say("Renamed to Rossi.")
    assert bar.currentMessage() == "Renamed to Rossi." and not bar.toolTip()


def test_sync_progress_text_stays_on_one_line(qtbot: Any, server: SandboxServer) -> None:
    window = open_window(qtbot, server)
    bar = window.syncProgress
    bar.setFormat(window._phase_text("licences"))
    bar.setRange(0, 100_000)
    bar.setValue(42_000)
    bar.show()
    QApplication.processEvents()
    assert bar.text() == "Licences 42,000/100,000"
    widest = bar.fontMetrics().horizontalAdvance("Licences 100,000/100,000")
    assert bar.width() >= widest + 8  # room for the text: Qt wrapped it in a narrow bar
    assert bar.height() < 2 * bar.fontMetrics().height() + 8


def _background(css: str) -> QColor:
    match = re.search(r"background:\s*(#[0-9a-fA-F]{6})", css)
    assert match, css
    return QColor(match.group(1))


def test_dark_theme_notes_and_input_borders(qtbot: Any, qapp: QApplication) -> None:
    before_style, before_palette = qapp.style().name(), qapp.palette()
    before_css = qapp.styleSheet()
    try:
        assert theme.apply_theme(qapp, "dark") == "dark"
        dialog = CreateAccountDialog(OK)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        note = dialog.findChild(QLabel, "flexNote")
        assert _background(note.styleSheet()).lightness() < 100  # not light cream
        edit = dialog.edits["name"]
        image = edit.grab().toImage()
        ratio = image.devicePixelRatio()
        mid = int(edit.height() * ratio / 2)
        border = QColor(image.pixel(0, mid)).lightness()
        inside = QColor(image.pixel(int(edit.width() * ratio / 2), mid)).lightness()
        assert border - inside > 40  # a frame you can see on the dark base
    finally:
        qapp.setStyleSheet(before_css)
        qapp.setStyle(before_style)
        qapp.setPalette(before_palette)


def test_readme_shows_every_screenshot_and_each_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"docs/screenshots/([\w.-]+\.png)", readme))
    files = {p.name for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    assert shown == files
    for variant in ("", "-it", "-dark"):
        for name in ("main-window", "first-sync", "contact-dialog", "customer-details"):
            assert f"{name}{variant}.png" in files
        assert f"unlink-mixed{variant}.png" in files and f"profiles{variant}.png" in files


@pytest.mark.slow
def test_screenshot_script_renders_the_english_set(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--only", "en", "--out",
         str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    made = {p.name for p in tmp_path.glob("*.png")}
    assert {"main-window.png", "unlink-mixed.png", "first-sync.png", "profiles.png"} <= made
    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "main-window.png"))
    assert image.width() >= 1200 and image.height() >= 700
