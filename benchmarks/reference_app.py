"""Cold-start reference: a bare PySide6 + sqlite3 program (docs/architecture.md §8).

It reads the same customer rows from the same cache file as the app does at
start and paints them in a plain ``QTableView``; then it prints the same
``first-paint-ms <ms> mono <monotonic>`` line as ``desktop.startup_probe`` and
quits. Usage: ``python -m benchmarks.reference_app CACHE.sqlite3``.
"""

from __future__ import annotations

import sqlite3
import sys
import time

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView

COLUMNS = (
    "id, name, show_as, email, billing_type, group_ids, assistance, managed, data_region,"
    " data_geography, last_seen, removed_at, manageable, lic_summary, unlink_status, search_key"
)


class RowsModel(QAbstractTableModel):
    def __init__(self, rows: list[tuple[object, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 16

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        value = self.rows[index.row()][index.column()]
        return "" if value is None else str(value)


def main(argv: list[str]) -> int:
    app = QApplication(sys.argv[:1])
    conn = sqlite3.connect(argv[0])
    rows = conn.execute(f"SELECT {COLUMNS} FROM customers").fetchall()
    conn.close()
    view = QTableView()
    view.setObjectName("customerTable")
    view.setModel(RowsModel(rows))
    view.resize(1280, 800)

    class Probe(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is view.viewport():
                sys.stdout.write(f"first-paint-ms nan mono {time.monotonic():.6f}\n")
                sys.stdout.flush()
                view.viewport().removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    probe = Probe()
    view.viewport().installEventFilter(probe)
    view.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
