"""The insight views in the window, on a real cache synced from the sandbox (issue 15)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.sandbox import DEMO_SECRET, SandboxServer
from desktop.services.cache import Cache
from desktop.services.insights import store as istore
from desktop.services.profiles import Profile, ProfileKind
from desktop.services.sync import config_for_profile, run_sync
from desktop.views.insights_dialog import InsightsDialog
from desktop.views.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")


@pytest.fixture
def synced_profile() -> Iterator[tuple[Profile, SandboxServer]]:
    with SandboxServer(customers=300, seed=21, faults={"rate_limit_per_s": 0}) as server:
        profile = Profile(
            "Insights", ProfileKind.SANDBOX, "demo-super-admin", server.base_url, server.base_url
        )
        cfg = config_for_profile(profile, DEMO_SECRET, backoff_base=0.01)
        assert run_sync(profile.cache_path, cfg).status == "ok"
        tid = sorted(server.state.tenants)[0]
        with server.state.lock:
            server.state.tenants[tid]["showAs"] = "Rinominata Spa"
        assert run_sync(profile.cache_path, cfg).status == "ok"
        yield profile, server


def open_insights(qtbot, profile: Profile) -> InsightsDialog:
    window = MainWindow(profile, autosync=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.cacheLoaded, timeout=10_000):
        window.show()
    assert window.insightsAction.shortcut().toString() == "Ctrl+Shift+I"
    dialog = window.show_insights()
    assert isinstance(dialog, InsightsDialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        pass
    return dialog


def test_renewals_view_filters_groups_pins_and_exports(
    qtbot, synced_profile: tuple[Profile, SandboxServer], tmp_path: Path
) -> None:
    profile, _ = synced_profile
    dialog = open_insights(qtbot, profile)
    model = dialog.renewalsModel
    assert model.rowCount() > 0
    assert "usage" not in {str(r[model.columns().index("Licence type")]) for r in model.rows()}
    all_rows = model.rowCount()
    dialog.monthlyCheck.setChecked(True)
    assert model.rowCount() >= all_rows
    dialog.monthlyCheck.setChecked(False)
    dialog.bucketCombo.setCurrentIndex(dialog.bucketCombo.findData("expired"))
    bucket = model.columns().index("Bucket")
    assert model.rowCount() > 0 and {r[bucket] for r in model.rows()} == {"expired"}
    # pins are kept in the cache and survive reopening
    dialog.renewalsTable.selectRow(0)
    dialog.pinButton.click()
    assert model.is_marked(0)
    dialog.pinnedOnly.setChecked(True)
    assert model.rowCount() == 1
    with Cache.open(profile.cache_path) as cache:
        assert len(istore.pins(cache)) == 1
    dialog.groupCombo.setCurrentIndex(dialog.groupCombo.findData("product"))
    assert model.columns()[0] == "Product"
    target = tmp_path / "renewals.xlsx"
    assert dialog.export_to(target) == 1
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as z:
        assert "Renewals" in z.read("xl/workbook.xml").decode()


def test_reconciliation_thresholds_billing_and_changes(
    qtbot, synced_profile: tuple[Profile, SandboxServer], tmp_path: Path
) -> None:
    profile, _ = synced_profile
    dialog = open_insights(qtbot, profile)
    # reconciliation: a stricter threshold flags fewer lines, and is remembered
    dialog.tabs.setCurrentIndex(1)
    dialog.flaggedOnly.setChecked(True)
    flagged = dialog.reconModel.rowCount()
    assert flagged > 0
    dialog.seatsSpin.setValue(200)
    assert dialog.reconModel.rowCount() < flagged
    assert dialog.totalsModel.rowCount() > 0
    with Cache.open(profile.cache_path) as cache:
        assert istore.get_meta(cache, "recon_thresholds") is not None
    csv_path = tmp_path / "recon.csv"
    dialog.export_to(csv_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    assert text.startswith("By customer") and "By product" in text
    # billing: this month and the previous one are cached by the sync
    dialog.tabs.setCurrentIndex(2)
    assert dialog.monthCombo.count() == 2
    assert dialog.billingModel.rowCount() > 0 and dialog.linesModel.rowCount() > 0
    assert "Delta" in dialog.billingModel.columns()
    # what changed: the rename, highlighted until marked as seen
    dialog.tabs.setCurrentIndex(3)
    change = dialog.changesModel.columns().index("Change")
    kinds = [r[change] for r in dialog.changesModel.rows()]
    assert "renamed" in kinds and dialog.changesModel.is_marked(0)
    dialog.markSeen.click()
    assert not dialog.changesModel.is_marked(0)
    dialog.sinceLook.setChecked(True)
    assert dialog.changesModel.rowCount() == 0


def test_insights_speak_italian(qtbot, qapp, synced_profile: tuple[Profile, SandboxServer]) -> None:
    from PySide6.QtCore import Qt

    from desktop import i18n

    profile, _ = synced_profile
    i18n.install_translators(qapp, "it")
    try:
        dialog = open_insights(qtbot, profile)
        titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        assert titles == ["Rinnovi", "Riconciliazione", "Fatturazione", "Cosa è cambiato"]
        assert dialog.renewalsModel.headerData(0, Qt.Orientation.Horizontal) == "Cliente"
    finally:
        i18n.install_translators(qapp, "en")
