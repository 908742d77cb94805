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
from tests.helpers.gui import show_window

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
    qtbot.waitUntil(dialog.parent().session.idle)  # the pin is written off the GUI thread
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
    qtbot.waitUntil(dialog.parent().session.idle)  # written off the GUI thread
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
    qtbot.waitUntil(lambda: not dialog.changesModel.is_marked(0))  # written off the GUI thread
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


def open_window(qtbot, profile: Profile) -> MainWindow:
    window = show_window(qtbot, profile, autosync=False)
    window.customerInsights.refresh_now()
    return window


def test_tags_alias_ignore_on_many_rows_search_and_facets(
    qtbot, synced_profile: tuple[Profile, SandboxServer]
) -> None:
    from desktop.models.customer_table import COL_OVER, COL_TAGS, COL_UNUSED
    from desktop.services.insights.views import Facet

    profile, _ = synced_profile
    window = open_window(qtbot, profile)
    model, ci = window.model, window.customerInsights
    total = model.rowCount()
    ids = [model.row_at(p).id for p in range(5)]  # type: ignore[union-attr]
    ci.apply_notes(ids[:3], istore.NoteEdit(add_tags=["oro"]))
    ci.apply_notes(ids[3:4], istore.NoteEdit(alias="Cliente Speciale QZX"))
    ci.apply_notes(ids[4:5], istore.NoteEdit(ignored=True))
    qtbot.waitUntil(window.session.idle)  # the notes are written off the GUI thread
    assert model.rowCount() == total - 1  # ignored: hidden by default
    assert model.cell_text(model.row_at(0), COL_TAGS) == "oro"  # type: ignore[arg-type]
    # search matches the alias and the tags
    window.customerSearch.setText("qzx")
    assert [r.id for r in model.visible_rows()] == [ids[3]]
    window.customerSearch.setText("oro")
    assert {r.id for r in model.visible_rows()} >= set(ids[:3])
    counts = model.facet_counts()
    assert counts[Facet.TAGGED] == 3
    # the buttons follow once the table is painted (one pass of the event loop later)
    qtbot.waitUntil(lambda: ci._buttons[Facet.TAGGED].text().endswith(" 3"))
    window.customerSearch.setText("")
    assert model.facet_counts()[Facet.ALL] == total - 1
    # a facet is a one-click filter; counts match the rows it shows
    counts = model.facet_counts()
    ci._buttons[Facet.TRIAL].trigger()
    assert model.rowCount() == counts[Facet.TRIAL] > 0
    assert {r.billing_type.value for r in model.visible_rows()} == {"trial"}
    ci._buttons[Facet.IGNORED].trigger()
    assert [r.id for r in model.visible_rows()] == [ids[4]]
    ci._buttons[Facet.ALL].trigger()
    window.customerInsights.showIgnoredAction.setChecked(True)
    assert model.rowCount() == total
    # the audit log has the edits
    with Cache.open(profile.cache_path) as cache:
        assert sum(1 for e in cache.audit_entries() if e.action == "notes") == 5
    # over-used / unused seats: sortable, numbers
    model.sort(COL_UNUSED, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.DescendingOrder)
    top = [model.cell_text(model.row_at(p), COL_UNUSED) for p in range(3)]  # type: ignore[arg-type]
    assert all(top) and int(top[0]) >= int(top[1]) >= int(top[2])
    assert model.facet_counts()[Facet.OVER_USED] > 0
    assert any(model.cell_text(r, COL_OVER) for r in model.visible_rows())


def test_saved_view_and_palette(qtbot, synced_profile: tuple[Profile, SandboxServer]) -> None:
    from PySide6.QtCore import Qt

    from desktop.services.insights.views import Facet

    profile, _ = synced_profile
    window = open_window(qtbot, profile)
    ci = window.customerInsights
    window.customerSearch.setText("srl")
    ci.set_facet(Facet.TERM)
    window.customerTable.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    shown = [r.id for r in window.model.visible_rows()]
    ci.save_view("Term srl")
    # change everything, then switch back through the palette
    window.customerSearch.setText("")
    ci.set_facet(Facet.ALL)
    palette = ci.open_palette()
    palette.query.setText("term srl")
    assert palette.list.count() == 1
    palette.query.returnPressed.emit()
    assert window.customerSearch.text() == "srl" and window.model.facet() == Facet.TERM
    assert [r.id for r in window.model.visible_rows()] == shown
    # the report command sees the same view (written off the GUI thread)
    qtbot.waitUntil(window.session.idle)
    with Cache.open(profile.cache_path) as cache:
        from desktop.services.insights import report

        (table,) = report.build_report("changes", cache, view=istore.saved_views(cache)["Term srl"])
        assert all(row[2] in set(shown) for row in table.rows)


def test_changed_since_last_look_is_highlighted(
    qtbot, synced_profile: tuple[Profile, SandboxServer]
) -> None:
    from PySide6.QtCore import Qt

    from desktop.models.customer_table import COL_NAME

    profile, server = synced_profile
    window = open_window(qtbot, profile)
    model = window.model
    changed = sorted(server.state.tenants)[0]
    pos = model.row_of_id(changed)
    brush = model.data(model.index(pos, COL_NAME), Qt.ItemDataRole.BackgroundRole)
    assert brush is not None
    other = next(p for p in range(model.rowCount()) if model.row_at(p).id != changed)  # type: ignore[union-attr]
    assert model.data(model.index(other, COL_NAME), Qt.ItemDataRole.BackgroundRole) is None
    window.customerInsights.markSeenAction.trigger()
    assert model.data(model.index(pos, COL_NAME), Qt.ItemDataRole.BackgroundRole) is None


def test_facet_counts_match_a_row_by_row_count(qtbot) -> None:
    import random

    from desktop.models.customer_insights import InsightExtras
    from desktop.models.customer_table import CustomerTableModel
    from desktop.services.domain import BillingType, fold
    from desktop.services.insights.store import CustomerNote
    from desktop.services.insights.views import FACETS, Facet, FacetContext, facet_test
    from tests.helpers.rows import make_row

    rng = random.Random(5)
    rows = [
        make_row(
            i,
            f"{rng.choice(['Alfa', 'Beta', 'Gamma'])} {i}",
            billing=rng.choice(list(BillingType)),
            removed=rng.random() < 0.1,
        )
        for i in range(400)
    ]
    model = CustomerTableModel()
    model.set_rows(rows)
    notes = {
        r.id: CustomerNote(r.id, ("x",) if n % 2 else (), ignored=n % 3 == 0)
        for n, r in enumerate(rows[::7])
    }
    extras = InsightExtras(notes=notes, over_flagged={r.id for r in rows[::11]})
    model.set_insights(extras)
    model.facet_counts()  # masks built
    # a licence batch of a sync replaces rows in place: the masks are patched, not rebuilt
    import dataclasses

    rows[3] = dataclasses.replace(rows[3], billing_type=BillingType.USAGE)
    rows[4] = dataclasses.replace(rows[4], billing_type=BillingType.TRIAL)
    model.update_rows([rows[3], rows[4]])
    ctx = FacetContext(notes, extras.over_flagged, extras.changed)
    for needle in ("", "alfa", "1"):
        model.set_search(needle)
        counts = model.facet_counts()
        live = [
            r
            for r in rows
            if r.removed_at is None and (not needle or needle in fold(r.search_key or r.name))
        ]
        for facet in FACETS:
            test = facet_test(facet, ctx)
            pool = live if facet == Facet.IGNORED else [r for r in live if r.id not in ctx.ignored]
            assert counts[facet] == sum(1 for r in pool if test(r)), (needle, facet)


def test_notes_dialog_edit_for_one_and_for_many(qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from desktop.views.customer_insights import NotesDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    many = NotesDialog(3, None, parent)
    many.addTags.setText(" gold , north,, ")
    many.removeTags.setText("old")
    edit = many.edit()
    assert list(edit.add_tags) == ["gold", "north"] and list(edit.remove_tags) == ["old"]
    assert edit.alias is None and edit.note is None and edit.ignored is None  # unchanged
    many.ignore.setCheckState(Qt.CheckState.Checked)
    assert many.edit().ignored is True
    one = NotesDialog(1, istore.CustomerNote("t", ("a",), "n", "Alias", True), parent)
    assert one.alias.text() == "Alias" and one.ignore.isChecked()
    one.alias.setText("")
    one.ignore.setChecked(False)
    edit = one.edit()
    assert edit.alias == "" and edit.note == "n" and edit.ignored is False


def test_open_insights_follow_a_sync(qtbot, synced_profile: tuple[Profile, SandboxServer]) -> None:
    profile, _ = synced_profile
    dialog = open_insights(qtbot, profile)
    window = dialog.parent()
    assert isinstance(window, MainWindow)
    with Cache.open(profile.cache_path) as cache:
        istore.mark_looked(cache)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        window.syncFinished.emit(None)
    assert dialog.snap is not None and dialog.snap.last_look is not None
