"""A plain table model for the insight views: rows of cells, bulk Python sorting,
plain text only, translated column titles, highlighted rows (issue 15)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.i18n import QT_TRANSLATE_NOOP

Cell = str | int | float | None

#: English column names of the report tables -> translatable titles
COLUMN_TITLES = {
    "Customer": QT_TRANSLATE_NOOP("Insights", "Customer"),
    "Tenant ID": QT_TRANSLATE_NOOP("Insights", "Tenant ID"),
    "Billing": QT_TRANSLATE_NOOP("Insights", "Billing"),
    "Product": QT_TRANSLATE_NOOP("Insights", "Product"),
    "Category": QT_TRANSLATE_NOOP("Insights", "Category"),
    "Licence type": QT_TRANSLATE_NOOP("Insights", "Licence type"),
    "Quantity": QT_TRANSLATE_NOOP("Insights", "Quantity"),
    "End date": QT_TRANSLATE_NOOP("Insights", "End date"),
    "Days": QT_TRANSLATE_NOOP("Insights", "Days"),
    "Bucket": QT_TRANSLATE_NOOP("Insights", "Bucket"),
    "Reactivatable until": QT_TRANSLATE_NOOP("Insights", "Reactivatable until"),
    "Unlinkable from": QT_TRANSLATE_NOOP("Insights", "Unlinkable from"),
    "Pinned": QT_TRANSLATE_NOOP("Insights", "Pinned"),
    "In use": QT_TRANSLATE_NOOP("Insights", "In use"),
    "Over-used": QT_TRANSLATE_NOOP("Insights", "Over-used"),
    "Unused seats": QT_TRANSLATE_NOOP("Insights", "Unused seats"),
    "Over-use flagged": QT_TRANSLATE_NOOP("Insights", "Over-use flagged"),
    "Unused flagged": QT_TRANSLATE_NOOP("Insights", "Unused flagged"),
    "Customers": QT_TRANSLATE_NOOP("Insights", "Customers"),
    "Customers over-used": QT_TRANSLATE_NOOP("Insights", "Customers over-used"),
    "Customers with unused seats": QT_TRANSLATE_NOOP("Insights", "Customers with unused seats"),
    "Account ID": QT_TRANSLATE_NOOP("Insights", "Account ID"),
    "Lines": QT_TRANSLATE_NOOP("Insights", "Lines"),
    "Billable": QT_TRANSLATE_NOOP("Insights", "Billable"),
    "Previous month": QT_TRANSLATE_NOOP("Insights", "Previous month"),
    "Delta": QT_TRANSLATE_NOOP("Insights", "Delta"),
    "Net price": QT_TRANSLATE_NOOP("Insights", "Net price"),
    "Currency": QT_TRANSLATE_NOOP("Insights", "Currency"),
    "Order line": QT_TRANSLATE_NOOP("Insights", "Order line"),
    "SKU": QT_TRANSLATE_NOOP("Insights", "SKU"),
    "Product code": QT_TRANSLATE_NOOP("Insights", "Product code"),
    "Product group": QT_TRANSLATE_NOOP("Insights", "Product group"),
    "Ordered": QT_TRANSLATE_NOOP("Insights", "Ordered"),
    "Actual": QT_TRANSLATE_NOOP("Insights", "Actual"),
    "Seen at": QT_TRANSLATE_NOOP("Insights", "Seen at"),
    "Change": QT_TRANSLATE_NOOP("Insights", "Change"),
    "Subject": QT_TRANSLATE_NOOP("Insights", "Subject"),
    "Old": QT_TRANSLATE_NOOP("Insights", "Old"),
    "New": QT_TRANSLATE_NOOP("Insights", "New"),
}

#: cell values the views translate (buckets, change kinds, yes)
VALUE_TITLES = {
    "30": QT_TRANSLATE_NOOP("Insights", "≤ 30 days"),
    "60": QT_TRANSLATE_NOOP("Insights", "31–60 days"),
    "90": QT_TRANSLATE_NOOP("Insights", "61–90 days"),
    "expired": QT_TRANSLATE_NOOP("Insights", "Expired (reactivatable)"),
    "lapsed": QT_TRANSLATE_NOOP("Insights", "Lapsed"),
    "yes": QT_TRANSLATE_NOOP("Insights", "yes"),
    "new": QT_TRANSLATE_NOOP("Insights", "New customer"),
    "returned": QT_TRANSLATE_NOOP("Insights", "Listed again"),
    "removed": QT_TRANSLATE_NOOP("Insights", "Removed"),
    "renamed": QT_TRANSLATE_NOOP("Insights", "Renamed"),
    "billing": QT_TRANSLATE_NOOP("Insights", "Billing type"),
    "assistance": QT_TRANSLATE_NOOP("Insights", "Partner assistance"),
    "licence_added": QT_TRANSLATE_NOOP("Insights", "Licence added"),
    "licence_removed": QT_TRANSLATE_NOOP("Insights", "Licence removed"),
    "quantity": QT_TRANSLATE_NOOP("Insights", "Licence quantity"),
    "expiry": QT_TRANSLATE_NOOP("Insights", "Licence end date"),
    "manageable": QT_TRANSLATE_NOOP("Insights", "Manageable"),
    "trial": QT_TRANSLATE_NOOP("Insights", "Trial"),
    "term": QT_TRANSLATE_NOOP("Insights", "Term"),
    "usage": QT_TRANSLATE_NOOP("Insights", "Monthly"),
    "enterprise": QT_TRANSLATE_NOOP("Insights", "Enterprise"),
    "perpetual": QT_TRANSLATE_NOOP("Insights", "Perpetual"),
    "ordered": QT_TRANSLATE_NOOP("Insights", "Ordered"),
}
#: columns whose values are translated with VALUE_TITLES
TRANSLATED_COLUMNS = frozenset(
    {"Bucket", "Pinned", "Change", "Billing", "Over-use flagged", "Unused flagged", "Licence type"}
)


def title(name: str) -> str:
    return QCoreApplication.translate("Insights", COLUMN_TITLES.get(name, name))


def value_text(column: str, value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if column == "Net price" else f"{value:g}"
    text = str(value)
    if column == "Seen at" and "T" in text:  # ISO time: minutes are enough to read
        return text[:16].replace("T", " ")
    if column in TRANSLATED_COLUMNS and text in VALUE_TITLES:
        return QCoreApplication.translate("Insights", VALUE_TITLES[text])
    return text


def _sort_key(value: Cell) -> tuple[int, Any]:
    if value is None or value == "":
        return (2, 0)
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).casefold())


class RowsTableModel(QAbstractTableModel):
    """Rows of cells under English column names; shows translated titles and values."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns: list[str] = []
        self._rows: list[Sequence[Cell]] = []
        self._texts: list[list[str]] = []
        self._marked: set[int] = set()  # row positions shown bold / highlighted
        self._mark_brush = QBrush(QColor(255, 244, 204))
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------ content

    def set_table(
        self, columns: Sequence[str], rows: Sequence[Sequence[Cell]], marked: set[int] | None = None
    ) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._rows = list(rows)
        self._texts = [
            [value_text(c, v) for c, v in zip(self._columns, r, strict=False)] for r in self._rows
        ]
        self._marked = set(marked or ())
        self.endResetModel()

    def columns(self) -> list[str]:
        return list(self._columns)

    def rows(self) -> list[Sequence[Cell]]:
        return list(self._rows)

    def row(self, position: int) -> Sequence[Cell]:
        return self._rows[position]

    def is_marked(self, position: int) -> bool:
        return position in self._marked

    # ------------------------------------------------------------ Qt

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return title(self._columns[section])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._texts[r][c]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._texts[r][c]
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.BackgroundRole and r in self._marked:
            return self._mark_brush
        if role == Qt.ItemDataRole.FontRole and r in self._marked:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(self._rows[r][c], int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        marked_rows = {id(self._rows[i]) for i in self._marked}
        idx = sorted(
            range(len(self._rows)),
            key=lambda i: _sort_key(self._rows[i][column]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[i] for i in idx]
        self._texts = [self._texts[i] for i in idx]
        self._marked = {n for n, row in enumerate(self._rows) if id(row) in marked_rows}
        self.layoutChanged.emit()
