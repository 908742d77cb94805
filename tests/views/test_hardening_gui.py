"""Issue 12 (hardening), GUI parts: plain text everywhere, launch rule, formula-safe copy
and export, long names, and a GUI that starts over a damaged profiles file.

Each test failed on the code before issue 12 (commit 4ae5222).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from desktop.models.customer_table import COL_GROUPS, COL_NAME
from desktop.sandbox import SandboxServer
from desktop.services.domain import BillingType, Contact, Tenant
from desktop.services.partner_api import PartnerApiClient
from desktop.views.contact_dialog import ContactDialog
from desktop.views.details_dialog import DetailsDialog
from tests.helpers.desk import WAIT_MS, Desk
from tests.helpers.rows import make_row

# the customer-actions desk of tests/views/test_actions_gui.py, on the same sandbox
pytestmark = pytest.mark.sandbox(
    customers=150, seed=21, faults={"rate_limit_per_s": 0}, shared=True
)

HEADING = '<h1 style="color:red">YOUR LICENCE IS REVOKED - CALL +39 02 0000</h1>'


@pytest.fixture
def green_png(tmp_path: Path) -> Path:
    """A local image a rich-text label would load for ``<img src=file:///…>``."""
    path = tmp_path / "local.png"
    image = QImage(120, 120, QImage.Format.Format_RGB32)
    image.fill(QColor(0, 255, 0))
    assert image.save(str(path))
    return path


def hostile_names(png: Path) -> list[str]:
    return [HEADING, f"<img src={png.as_uri()} width=120 height=120>"]


def shown(text: str) -> str:
    """What Qt displays for a tooltip or an AutoText label: HTML is rendered."""
    if QtGui.Qt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text


def coloured_pixels(widget: QWidget) -> tuple[int, int]:
    """(strongly red, pure green) pixels in the widget as painted."""
    image = widget.grab().toImage()
    red = green = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if c.red() > 200 and c.green() < 80 and c.blue() < 80:
                red += 1
            if c.green() > 230 and c.red() < 40 and c.blue() < 40:
                green += 1
    return red, green


def assert_no_label_interprets(root: QWidget, needle: str) -> None:
    found = 0
    for label in root.findChildren(QLabel):
        text = label.text()
        if needle not in text and needle.replace("<", "&lt;") not in text:
            continue
        found += 1
        if label.textFormat() == Qt.TextFormat.RichText:
            assert needle not in text, (label.objectName(), text)  # escaped data only
        else:
            assert label.textFormat() == Qt.TextFormat.PlainText, (label.objectName(), text)
    assert found, f"no label shows {needle!r}"


def tenant_named(name: str, row_id: str) -> Tenant:
    return Tenant(
        id=row_id,
        name=name,
        show_as=name,
        billing_type=BillingType.TERM,
        data_geography="DE",
        data_region="eu02",
        contact=Contact(first_name=name, last_name="Rossi", email="a@example.it"),
    )


# ------------------------------------------------------------------ 3. plain text


@pytest.mark.parametrize("which", [0, 1])
def test_contact_dialog_shows_hostile_names_as_plain_text(
    qtbot: Any, green_png: Path, which: int
) -> None:
    name = hostile_names(green_png)[which]
    row = make_row(7, name, show_as=name)
    dialog = ContactDialog(row, tenant_named(name, row.id), rename_reason="")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    red, green = coloured_pixels(dialog)
    assert red == 0 and green == 0, f"rich text was interpreted ({red} red, {green} green)"
    assert_no_label_interprets(dialog, name[:20])
    assert dialog.title.textFormat() == Qt.TextFormat.PlainText
    assert dialog.title.text().replace("\u200b", "") == name  # shown literally
    assert dialog.values["displayName"] == name


@pytest.mark.parametrize("which", [0, 1])
def test_details_dialog_shows_hostile_names_as_plain_text(
    qtbot: Any, green_png: Path, which: int
) -> None:
    from desktop.services.actions import Availability

    name = hostile_names(green_png)[which]
    row = make_row(8, name, show_as=name)
    ok = Availability(True)
    dialog = DetailsDialog(
        row, tenant_named(name, row.id), [], [], add_availability=ok, remove_availability=ok
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    red, green = coloured_pixels(dialog)
    assert red == 0 and green == 0, f"rich text was interpreted ({red} red, {green} green)"
    assert_no_label_interprets(dialog, name[:20])
    assert dialog.title.textFormat() == Qt.TextFormat.PlainText


def test_sync_failure_banner_and_tooltips_are_plain_text(
    qtbot: Any, green_png: Path, open_window
) -> None:
    window = open_window()
    try:
        error = f"The server said: {HEADING} <img src={green_png.as_uri()}>"
        window.show_message(f"Sync failed: {error}")
        qtbot.waitUntil(window.banner.isVisible)
        red, green = coloured_pixels(window.banner)
        assert red == 0 and green == 0, f"rich text was interpreted ({red} red, {green} green)"
        assert window.bannerText.textFormat() == Qt.TextFormat.PlainText
        assert window.bannerText.text() == f"Sync failed: {error}"
        # status tooltip after a failed sync (the same text as the banner)
        summary = type("S", (), {"status": "failed", "error": error, "warnings": []})()
        window._sync_worker = None
        window._on_sync_finished(summary, None, None)
        assert shown(window.syncStatus.toolTip()) == error
    finally:
        window.close()


def test_table_tooltips_escape_names_and_groups(qtbot: Any, green_png: Path) -> None:
    from desktop.models.customer_table import CustomerTableModel

    model = CustomerTableModel()
    account, group = hostile_names(green_png)
    model.set_rows([make_row(1, account, show_as="Shown", groups=(group,))])
    name_tip = model.data(model.index(0, COL_NAME), Qt.ItemDataRole.ToolTipRole)
    assert account in shown(name_tip)  # every character shown as typed
    group_tip = model.data(model.index(0, COL_GROUPS), Qt.ItemDataRole.ToolTipRole)
    assert shown(group_tip) == group


# ------------------------------------------------------------------ 9. long names


def test_a_10000_character_name_does_not_make_the_contact_dialog_huge(
    qtbot: Any, tmp_path: Path
) -> None:
    name = "W" * 10_000
    row = make_row(9, name, show_as=name)
    dialog = ContactDialog(row, tenant_named(name, row.id), rename_reason="")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.minimumWidth() <= 900
    assert dialog.width() <= max(900, screen.width())
    assert dialog.height() <= max(900, screen.height())
    assert dialog.values["displayName"] == name  # Copy copies the whole name
    assert "…" in dialog.title.text()
    assert len(dialog.windowTitle()) < 200


# ------------------------------------------------------------------ 2. launch


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://central.sophos.com.evil.example/launch",
        "http://central.sophos.com/launch",
        "smb://10.0.0.1/share",
    ],
)
def test_launch_refuses_anything_but_https_on_sophos(
    qtbot: Any,
    server: SandboxServer,
    make_desk: Callable[..., Desk],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
) -> None:
    from desktop.services.domain import AssistanceState

    monkeypatch.setattr(PartnerApiClient, "launch_url", lambda _self, _tid: url)
    desk = make_desk(server)
    row = desk.pick(
        lambda r: r.assistance is AssistanceState.ENABLED and not r.managed_customer_order
    )
    desk.select(row)
    desk.actions.launchAction.trigger()
    qtbot.waitUntil(lambda: bool(desk.banners or desk.opened), timeout=WAIT_MS)
    assert desk.opened == []
    assert "did not open" in desk.banners[-1] and url[:30] in desk.banners[-1]


def test_launch_opens_a_sophos_url_and_the_sandbox_own_host(
    qtbot: Any,
    server: SandboxServer,
    make_desk: Callable[..., Desk],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.services.domain import AssistanceState

    desk = make_desk(server)
    own = f"{server.base_url}/launch-here"
    monkeypatch.setattr(PartnerApiClient, "launch_url", lambda _self, _tid: own)
    row = desk.pick(
        lambda r: r.assistance is AssistanceState.ENABLED and not r.managed_customer_order
    )
    desk.select(row)
    desk.actions.launchAction.trigger()
    qtbot.waitUntil(lambda: bool(desk.opened), timeout=WAIT_MS)
    assert desk.opened[0].toString() == own


# ------------------------------------------------------------------ 4. copy and GUI export


FORMULAS = ["=1+2", "+SUM(A1)", "-3+4", "@cmd", "\tTab", "\rCR\x00\x1b"]


def test_ctrl_c_and_gui_export_neutralise_formulas(qtbot: Any, tmp_path: Path, open_window) -> None:
    window = open_window()
    try:
        window.model.set_rows([make_row(i + 1, n, show_as=n) for i, n in enumerate(FORMULAS)])
        window.customerTable.selectAll()
        text = window.copy_selection()
        assert QGuiApplication.clipboard().text() == text
        names = sorted(line.split("\t")[0] for line in text.splitlines()[1:])
        # cells keep their text after the quote; tab/CR → a (harmless) space, NUL/ESC dropped
        assert names == sorted(["'=1+2", "'+SUM(A1)", "'-3+4", "'@cmd", " Tab", " CR"])
        assert all(ch == "\t" or ch == "\n" or ord(ch) >= 32 for ch in text)
        out = tmp_path / "visible.csv"
        assert window.export_visible(out) == len(FORMULAS)
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
        assert sorted(r[0] for r in rows[1:]) == sorted("'" + n for n in FORMULAS)
    finally:
        window.close()


# ------------------------------------------------------------------ 8. GUI over a damaged file


GUI_PROBE = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from desktop.gui import GuiOptions, run_gui
    seen = {}
    def probe():
        for w in QApplication.topLevelWidgets():
            if w.objectName() == "mainWindow" and w.isVisible():
                seen["banner"] = w.bannerText.text() if w.banner.isVisible() else ""
                seen["title"] = w.windowTitle()
                app.quit()
                return
        QTimer.singleShot(100, probe)
    QTimer.singleShot(200, probe)
    code = run_gui(GuiOptions(customers=30))
    print(json.dumps({"code": code, **seen}))
    """
)


def test_the_gui_starts_over_a_damaged_profiles_file_and_says_so(partner_desk_home: Path) -> None:
    config = partner_desk_home / "config"
    config.mkdir()
    (config / "profiles.json").write_text('{"profiles": 5}', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", GUI_PROBE],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0 and "Demo" in report["title"]
    assert "damaged" in report["banner"] and "profiles.json.damaged-" in report["banner"]
    aside = list(config.glob("profiles.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == '{"profiles": 5}'


@pytest.mark.parametrize("which", [0, 1])
def test_action_dialogs_show_names_and_server_messages_as_plain_text(
    qtbot: Any, green_png: Path, which: int
) -> None:
    from desktop.services.actions import Availability
    from desktop.views.billing_dialog import BillingDialog
    from desktop.views.rename_dialog import RenameDialog
    from desktop.views.unlink_dialog import UnlinkDialog

    name = hostile_names(green_png)[which]
    row = make_row(5, name, show_as=name)
    ok = Availability(True)
    for dialog in (
        RenameDialog(row, ok),
        BillingDialog(row, [], ok),
        UnlinkDialog([row], [], ok),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.message.show_message(f"The server said: {name}")  # a server error, verbatim
        red, green = coloured_pixels(dialog)
        assert red == 0 and green == 0, (type(dialog).__name__, red, green)
        assert dialog.message.textFormat() == Qt.TextFormat.PlainText
        for label in dialog.findChildren(QLabel):
            if "<" in label.text() and label.textFormat() != Qt.TextFormat.PlainText:
                assert name not in label.text(), (type(dialog).__name__, label.text())
        dialog.close()
