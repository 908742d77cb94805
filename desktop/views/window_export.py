"""Copy the selected rows and export the visible rows (cells neutralised against
spreadsheet formulas, docs/architecture.md §9).

A part of :class:`~desktop.views.main_window.MainWindow` (one job per module).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
)

from desktop.models.customer_table import (
    COL_TENANT_ID,
)
from desktop.services import export as export_cells
from desktop.views.action_reasons import count_text
from desktop.views.window_base import WindowBase

log = logging.getLogger("partner_desk.gui")


class TableExport(WindowBase):
    def copy_selection(self) -> str:
        rows = self.selected_positions()
        if not rows:
            return ""
        # neutralised against spreadsheet formulas, control characters stripped (issue 12)
        text = export_cells.tsv_text(self.model.table_text(rows, self.visible_columns()))
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Rows copied: {count}").format(
                count=count_text(len(rows))
            ),
            3000,
        )
        return text

    def export_visible(self, path: Path) -> int:
        """The visible rows as CSV (UTF-8 with BOM), cells neutralised against formulas."""
        columns = self.visible_columns()
        if COL_TENANT_ID not in columns:  # rows that share a name stay apart in the file
            columns.append(COL_TENANT_ID)
        lines = self.model.table_text(range(self.model.rowCount()), columns)
        buf = io.StringIO()
        export_cells.write_csv(buf, lines)
        export_cells.write_text_atomic(path, buf.getvalue(), encoding="utf-8-sig")
        return len(lines) - 1

    def _export_dialog(self) -> None:
        suggested = str(Path.home() / "customers.csv")
        path, _ = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("MainWindow", "Export visible rows"),
            suggested,
            QCoreApplication.translate("MainWindow", "CSV files (*.csv)"),
        )
        if not path:
            return
        try:
            count = self.export_visible(Path(path))
        except OSError as exc:
            self.show_message(
                QCoreApplication.translate(
                    "MainWindow", "The file could not be written: {error}"
                ).format(error=getattr(exc, "message", None) or exc.strerror),
                retry=False,
            )
            return
        self.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Exported {count} rows to {path}").format(
                count=count_text(count), path=path
            ),
            5000,
        )
