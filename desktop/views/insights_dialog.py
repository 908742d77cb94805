"""The insight views (issue 15): renewals and lapses, licence reconciliation, the
month's billing and what changed — one window with a tab each, offline from the cache,
every list exportable (CSV, XLSX or JSON)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.models.insights_table import RowsTableModel
from desktop.services.export import ExportWriteError
from desktop.services.insights import compute, report, snapshot
from desktop.services.insights.snapshot import Snapshot

_CTX = "InsightsDialog"


log = logging.getLogger("partner_desk.gui")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def _table(name: str, model: RowsTableModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(True)  # the model sorts its own (small) rows in bulk
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setAccessibleName(name)
    return view


class InsightsDialog(QDialog):
    """Tabs: Renewals, Reconciliation, Billing, What changed."""

    loaded = Signal()

    def __init__(
        self,
        cache_path: Path,
        parent: QWidget | None = None,
        *,
        start_loading: Callable[[Callable[[], Any], Callable[[Any, Any], None]], None]
        | None = None,
        start_writing: Callable[[Callable[[], Any], Callable[[Any, Any], None]], None]
        | None = None,
        today: dt.date | None = None,
    ) -> None:
        """``start_loading`` / ``start_writing``: run a read / a write off the GUI thread
        and call back on it (the window's profile session); without them, at once."""
        super().__init__(parent)
        self.setObjectName("insightsDialog")
        self.setWindowTitle(self.tr("Insights"))
        self.setAccessibleName(self.tr("Insights"))
        self.cache_path = Path(cache_path)
        self._today = today
        self._start_loading = start_loading
        self._start_writing = start_writing
        self.snap: Snapshot | None = None
        self._recon_lines: list[compute.ReconLine] = []
        self.resize(1100, 680)

        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Loading from the cache…"))
        self.status.setObjectName("insightsStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("insightsTabs")
        layout.addWidget(self.tabs, 1)
        self._build_renewals()
        self._build_reconciliation()
        self._build_billing()
        self._build_changes()
        buttons = QHBoxLayout()
        self.exportButton = QPushButton(self.tr("Export this list…"))
        self.exportButton.setObjectName("insightsExport")
        self.exportButton.setAccessibleName(self.tr("Export this list"))
        self.exportButton.clicked.connect(self._export_dialog)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        buttons.addStretch(1)
        buttons.addWidget(self.exportButton)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.reload()

    # ------------------------------------------------------------ building

    def _row(self, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in widgets:
            row.addWidget(w)
        row.addStretch(1)
        return row

    def _build_renewals(self) -> None:
        page = QWidget()
        page.setObjectName("renewalsView")
        v = QVBoxLayout(page)
        self.bucketCombo = QComboBox()
        self.bucketCombo.setObjectName("renewalsBucket")
        self.bucketCombo.setAccessibleName(self.tr("Show"))
        for key, label in (
            ("", self.tr("All")),
            (compute.Bucket.DAYS_30, self.tr("Ending in ≤ 30 days")),
            (compute.Bucket.DAYS_60, self.tr("Ending in 31–60 days")),
            (compute.Bucket.DAYS_90, self.tr("Ending in 61–90 days")),
            (compute.Bucket.EXPIRED, self.tr("Expired, still reactivatable")),
            (compute.Bucket.LAPSED, self.tr("Lapsed")),
        ):
            self.bucketCombo.addItem(label, key)
        self.groupCombo = QComboBox()
        self.groupCombo.setObjectName("renewalsGroup")
        self.groupCombo.setAccessibleName(self.tr("Group by"))
        self.groupCombo.addItem(self.tr("Group by end date"), "date")
        self.groupCombo.addItem(self.tr("Group by customer"), "customer")
        self.groupCombo.addItem(self.tr("Group by product"), "product")
        self.monthlyCheck = QCheckBox(self.tr("Include monthly licences"))
        self.monthlyCheck.setObjectName("renewalsMonthly")
        self.monthlyCheck.setToolTip(self.tr("Monthly (usage) licences renew by themselves."))
        self.pinnedOnly = QCheckBox(self.tr("Pinned only"))
        self.pinnedOnly.setObjectName("renewalsPinnedOnly")
        self.pinButton = QPushButton(self.tr("Pin to follow up"))
        self.pinButton.setObjectName("renewalsPin")
        self.unpinButton = QPushButton(self.tr("Unpin"))
        self.unpinButton.setObjectName("renewalsUnpin")
        for w in (self.bucketCombo, self.groupCombo):
            w.currentIndexChanged.connect(self._show_renewals)
        for c in (self.monthlyCheck, self.pinnedOnly):
            c.toggled.connect(self._show_renewals)
        self.pinButton.clicked.connect(lambda: self._pin(True))
        self.unpinButton.clicked.connect(lambda: self._pin(False))
        v.addLayout(
            self._row(
                self.bucketCombo,
                self.groupCombo,
                self.monthlyCheck,
                self.pinnedOnly,
                self.pinButton,
                self.unpinButton,
            )
        )
        self.renewalsSummary = QLabel()
        self.renewalsSummary.setObjectName("renewalsSummary")
        self.renewalsSummary.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.renewalsSummary)
        self.renewalsModel = RowsTableModel(self)
        self.renewalsTable = _table("renewalsTable", self.renewalsModel)
        v.addWidget(self.renewalsTable, 1)
        self.tabs.addTab(page, self.tr("Renewals"))

    def _build_reconciliation(self) -> None:
        page = QWidget()
        page.setObjectName("reconciliationView")
        v = QVBoxLayout(page)
        self.percentSpin = QDoubleSpinBox()
        self.percentSpin.setObjectName("reconPercent")
        self.percentSpin.setAccessibleName(self.tr("Flag over this share of the quantity (%)"))
        self.percentSpin.setRange(0, 1000)
        self.percentSpin.setDecimals(1)
        self.percentSpin.setSuffix(" %")
        self.seatsSpin = QSpinBox()
        self.seatsSpin.setObjectName("reconSeats")
        self.seatsSpin.setAccessibleName(self.tr("and at least this many seats"))
        self.seatsSpin.setRange(0, 1_000_000)
        self.flaggedOnly = QCheckBox(self.tr("Flagged only"))
        self.flaggedOnly.setObjectName("reconFlaggedOnly")
        label1 = QLabel(self.tr("Flag a difference over"))
        label2 = QLabel(self.tr("and at least"))
        label3 = QLabel(self.tr("seats"))
        self.percentSpin.valueChanged.connect(self._thresholds_changed)
        self.seatsSpin.valueChanged.connect(self._thresholds_changed)
        self.flaggedOnly.toggled.connect(self._show_recon)
        v.addLayout(
            self._row(label1, self.percentSpin, label2, self.seatsSpin, label3, self.flaggedOnly)
        )
        self.reconSummary = QLabel()
        self.reconSummary.setObjectName("reconSummary")
        self.reconSummary.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.reconSummary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.reconModel = RowsTableModel(self)
        self.totalsModel = RowsTableModel(self)
        self.reconTable = _table("reconciliationTable", self.reconModel)
        self.totalsTable = _table("productTotalsTable", self.totalsModel)
        split.addWidget(self.reconTable)
        split.addWidget(self.totalsTable)
        split.setSizes([400, 200])
        v.addWidget(split, 1)
        self.tabs.addTab(page, self.tr("Reconciliation"))

    def _build_billing(self) -> None:
        page = QWidget()
        page.setObjectName("billingView")
        v = QVBoxLayout(page)
        self.monthCombo = QComboBox()
        self.monthCombo.setObjectName("billingMonth")
        self.monthCombo.setAccessibleName(self.tr("Month"))
        self.monthCombo.currentIndexChanged.connect(self._show_billing)
        v.addLayout(self._row(QLabel(self.tr("Month")), self.monthCombo))
        self.billingSummary = QLabel()
        self.billingSummary.setObjectName("billingSummary")
        self.billingSummary.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.billingSummary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.billingModel = RowsTableModel(self)
        self.linesModel = RowsTableModel(self)
        self.billingTable = _table("billingTable", self.billingModel)
        self.linesTable = _table("billingLinesTable", self.linesModel)
        split.addWidget(self.billingTable)
        split.addWidget(self.linesTable)
        split.setSizes([350, 250])
        v.addWidget(split, 1)
        self.tabs.addTab(page, self.tr("Billing"))

    def _build_changes(self) -> None:
        page = QWidget()
        page.setObjectName("changesView")
        v = QVBoxLayout(page)
        self.sinceLook = QCheckBox(self.tr("Only since my last look"))
        self.sinceLook.setObjectName("changesSinceLook")
        self.sinceLook.toggled.connect(self._show_changes)
        self.markSeen = QPushButton(self.tr("Mark all as seen"))
        self.markSeen.setObjectName("changesMarkSeen")
        self.markSeen.clicked.connect(self._mark_seen)
        v.addLayout(self._row(self.sinceLook, self.markSeen))
        self.changesSummary = QLabel()
        self.changesSummary.setObjectName("changesSummary")
        self.changesSummary.setTextFormat(Qt.TextFormat.PlainText)
        v.addWidget(self.changesSummary)
        self.changesModel = RowsTableModel(self)
        self.changesTable = _table("changesTable", self.changesModel)
        v.addWidget(self.changesTable, 1)
        self.tabs.addTab(page, self.tr("What changed"))

    @staticmethod
    def _tidy(view: QTableView) -> None:
        """Ids are for exports, not for reading: hidden in the view; no stale sort arrow."""
        model = view.model()
        assert isinstance(model, RowsTableModel)
        for n, name in enumerate(model.columns()):
            view.setColumnHidden(n, name in ("Tenant ID", "Account ID"))
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    # ------------------------------------------------------------ loading

    @Slot()
    @Slot(object)
    def reload(self, _summary: object = None) -> None:
        path, today = self.cache_path, self._today

        def load() -> Snapshot:
            return snapshot.load_snapshot(path, today)

        if self._start_loading is None:
            try:
                result: Any = load()
            except Exception as exc:  # a damaged cache: said, not raised
                self._on_loaded(None, exc)
                return
            self._on_loaded(result, None)
        else:
            self._start_loading(load, self._on_loaded)

    def _write(self, fn: Callable[[], Any], done: Callable[[Any, Any], None]) -> None:
        """Pins, thresholds, "seen": off the GUI thread when the window gave a writer."""
        if self._start_writing is not None:
            self._start_writing(fn, done)
            return
        try:
            result = fn()
        except Exception as exc:
            done(None, exc)
            return
        done(result, None)

    @Slot(object, object)
    def _on_loaded(self, result: Any, error: Any) -> None:
        if error is not None or not isinstance(result, Snapshot):
            self.status.setText(self.tr("The cache could not be read: {error}").format(error=error))
            return
        self.snap = result
        self.status.setText(
            self.tr("From the cache, {today}. Sync to refresh.").format(
                today=result.today.isoformat()
            )
        )
        self.percentSpin.blockSignals(True)
        self.seatsSpin.blockSignals(True)
        self.percentSpin.setValue(result.thresholds.percent)
        self.seatsSpin.setValue(result.thresholds.seats)
        self.percentSpin.blockSignals(False)
        self.seatsSpin.blockSignals(False)
        self._recon_lines = result.recon
        self.monthCombo.blockSignals(True)
        self.monthCombo.clear()
        for month in reversed(result.months):
            self.monthCombo.addItem(month, month)
        self.monthCombo.blockSignals(False)
        self._show_renewals()
        self._show_recon()
        self._show_billing()
        self._show_changes()
        self.loaded.emit()

    # ------------------------------------------------------------ renewals

    def renewal_items(self) -> list[compute.RenewalItem]:
        snap = self.snap
        if snap is None:
            return []
        bucket = self.bucketCombo.currentData()
        monthly = self.monthlyCheck.isChecked()
        pinned_only = self.pinnedOnly.isChecked()
        items = [
            i
            for i in snap.renewals
            if (monthly or i.licence_type != "usage")
            and (not bucket or i.bucket == bucket)
            and (not pinned_only or i.key in snap.pins)
        ]
        group = self.groupCombo.currentData()
        if group == "customer":
            items.sort(key=lambda i: (i.customer.casefold(), i.end_date))
        elif group == "product":
            items.sort(key=lambda i: (i.product.casefold(), i.end_date))
        return items

    @Slot()
    def _show_renewals(self) -> None:
        snap = self.snap
        if snap is None:
            return
        items = self.renewal_items()
        self._renewal_shown = items
        table = report.renewals_table(items, snap.pins)
        cols, rows = table.columns, table.rows
        group = self.groupCombo.currentData()
        if group == "product":  # the grouping column first
            order = [cols.index("Product"), *[n for n, c in enumerate(cols) if c != "Product"]]
            cols = [cols[n] for n in order]
            rows = [[r[n] for n in order] for r in rows]
        marked = {n for n, i in enumerate(items) if i.key in snap.pins}
        self.renewalsModel.set_table(cols, rows, marked)
        self._tidy(self.renewalsTable)
        base = [
            i for i in snap.renewals if self.monthlyCheck.isChecked() or i.licence_type != "usage"
        ]
        counts = compute.bucket_counts(base)
        self.renewalsSummary.setText(
            self.tr(
                "≤ 30 days: {d30} · 31–60: {d60} · 61–90: {d90} · expired, reactivatable: "
                "{expired} · lapsed: {lapsed} · pinned: {pinned}"
            ).format(
                d30=counts[compute.Bucket.DAYS_30],
                d60=counts[compute.Bucket.DAYS_60],
                d90=counts[compute.Bucket.DAYS_90],
                expired=counts[compute.Bucket.EXPIRED],
                lapsed=counts[compute.Bucket.LAPSED],
                pinned=sum(1 for i in base if i.key in snap.pins),
            )
        )
        self.renewalsTable.resizeColumnsToContents()

    def _selected_renewals(self) -> list[compute.RenewalItem]:
        rows = sorted({i.row() for i in self.renewalsTable.selectionModel().selectedRows()})
        model_rows = self.renewalsModel.rows()
        keys = {
            (
                str(model_rows[r][self.renewalsModel.columns().index("Tenant ID")]),
                str(model_rows[r][self.renewalsModel.columns().index("Product")]),
                str(model_rows[r][self.renewalsModel.columns().index("End date")]),
            )
            for r in rows
        }
        return [
            i
            for i in getattr(self, "_renewal_shown", [])
            if (i.tenant_id, i.product, i.end_date.isoformat()) in keys
        ]

    def pin_items(self, items: list[compute.RenewalItem], pinned: bool) -> None:
        snap = self.snap
        if snap is None or not items:
            return
        keys = [i.key for i in items]
        path = self.cache_path
        self._write(lambda: snapshot.set_pins(path, keys, pinned), _ignore)
        if pinned:
            snap.pins.update(keys)
        else:
            snap.pins.difference_update(keys)
        self._show_renewals()

    def _pin(self, pinned: bool) -> None:
        self.pin_items(self._selected_renewals(), pinned)

    # ------------------------------------------------------------ reconciliation

    def thresholds(self) -> compute.Thresholds:
        return compute.Thresholds(self.percentSpin.value(), self.seatsSpin.value())

    @Slot()
    def _thresholds_changed(self) -> None:
        if self.snap is None:
            return
        self._recon_lines = snapshot.reflag(self.snap.recon, self.thresholds())
        path, thresholds = self.cache_path, self.thresholds()
        # remembering the setting is a convenience: a failure is only logged
        self._write(lambda: snapshot.save_thresholds(path, thresholds), _ignore)
        self._show_recon()

    @Slot()
    def _show_recon(self) -> None:
        lines = self._recon_lines
        if self.flaggedOnly.isChecked():
            lines = [x for x in lines if x.over_flag or x.unused_flag]
        per = report.reconciliation_tables(lines)[0]
        marked = {n for n, x in enumerate(lines) if x.over_flag or x.unused_flag}
        self.reconModel.set_table(per.columns, per.rows, marked)
        self._tidy(self.reconTable)
        _, all_totals = report.reconciliation_tables(self._recon_lines)
        self.totalsModel.set_table(all_totals.columns, all_totals.rows)
        over = sum(1 for x in self._recon_lines if x.over_flag)
        unused = sum(1 for x in self._recon_lines if x.unused_flag)
        self.reconSummary.setText(
            self.tr("{over} over-used and {unused} with unused seats, of {lines} lines").format(
                over=over, unused=unused, lines=len(self._recon_lines)
            )
        )
        self.reconTable.resizeColumnsToContents()
        self.totalsTable.resizeColumnsToContents()

    # ------------------------------------------------------------ billing

    @Slot()
    def _show_billing(self) -> None:
        snap = self.snap
        month = self.monthCombo.currentData()
        if snap is None or not month or month not in snap.billing:
            self.billingModel.set_table([], [])
            self.linesModel.set_table([], [])
            self.billingSummary.setText(
                self.tr("No billing usage cached yet: sync to fetch this month's.")
            )
            return
        per, lines = snap.billing[month]
        delta = per.columns.index("Delta")
        marked = {n for n, r in enumerate(per.rows) if r[delta] not in (None, 0, 0.0)}
        self.billingModel.set_table(per.columns, per.rows, marked)
        self.linesModel.set_table(lines.columns, lines.rows)
        self._tidy(self.billingTable)
        self._tidy(self.linesTable)
        self.billingSummary.setText(
            self.tr(
                "{customers} customers, {lines} lines; {changed} changed since the month before"
            ).format(customers=len(per.rows), lines=len(lines.rows), changed=len(marked))
        )
        self.billingTable.resizeColumnsToContents()
        self.linesTable.resizeColumnsToContents()

    # ------------------------------------------------------------ changes

    @Slot()
    def _show_changes(self) -> None:
        snap = self.snap
        if snap is None:
            return
        look = snap.last_look
        records = snap.changes
        if self.sinceLook.isChecked() and look:
            records = [c for c in records if c.at > look]
        table = report.changes_table(records, snap.names)
        marked = {n for n, c in enumerate(records) if look is None or c.at > look}
        self.changesModel.set_table(table.columns, table.rows, marked)
        self._tidy(self.changesTable)
        self.changesSummary.setText(
            self.tr("{new} changes since your last look ({when}); {total} in all").format(
                new=sum(1 for c in snap.changes if look is None or c.at > look),
                when=look[:16].replace("T", " ") if look else self.tr("never"),
                total=len(snap.changes),
            )
        )
        self.changesTable.resizeColumnsToContents()

    def _mark_seen(self) -> None:
        if self.snap is None:
            return
        path = self.cache_path

        def done(when: Any, error: Any) -> None:
            if error is None and self.snap is not None:
                self.snap.last_look = when
                self._show_changes()

        self._write(lambda: snapshot.mark_looked(path), done)

    # ------------------------------------------------------------ export

    def current_tables(self) -> list[report.Table]:
        """The lists of the current tab, as shown (filters applied)."""
        models = {
            0: [("Renewals", self.renewalsModel)],
            1: [("By customer", self.reconModel), ("By product", self.totalsModel)],
            2: [("Billing by customer", self.billingModel), ("Billing lines", self.linesModel)],
            3: [("Changes", self.changesModel)],
        }[self.tabs.currentIndex()]
        return [report.Table(name, m.columns(), [list(r) for r in m.rows()]) for name, m in models]

    def export_to(self, path: Path) -> int:
        return report.write_tables(self.current_tables(), path)

    def _export_dialog(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export this list"),
            "",
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv);;JSON (*.json)"),
        )
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(
                ".xlsx" if "xlsx" in chosen else ".json" if "json" in chosen else ".csv"
            )
        try:
            n = self.export_to(path)
        except ExportWriteError as exc:
            QMessageBox.warning(self, self.tr("Export"), exc.message)
            return
        self.status.setText(self.tr("Exported {n} rows to {path}.").format(n=n, path=str(path)))


def _ignore(_result: Any, error: Any) -> None:
    if error is not None:
        log.warning("an insights setting was not saved: %s", error)
