"""What the customer table shows in its cells (docs/architecture.md §3).

:class:`TableCells` is the bottom layer of ``CustomerTableModel``: the rows and the
positions shown (``_rows``, ``_visible``), and everything a cell, a header, a tooltip
or an export says about them — Qt's read API (``data``, ``multiData``, ``headerData``,
``flags``) answered from per-row tuples kept while rows are painted again. Which rows
are shown, and in what order, is decided by the layers above (``table_filters``,
``customer_table``).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Sequence
from itertools import compress, count
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon

from desktop.models.customer_insights import InsightExtras
from desktop.models.customer_rows import (
    CATEGORY_COLUMNS,
    COL_ASSISTANCE,
    COL_BILLING,
    COL_FIRST_CATEGORY,
    COL_GROUPS,
    COL_NAME,
    COL_OVER,
    COL_REGION,
    COL_SYNCED,
    COL_TAGS,
    COL_TENANT_ID,
    COLUMN_COUNT,
    INSIGHT_COLUMNS,
    RowColumns,
    format_synced,
)
from desktop.models.table_labels import (
    _ASSISTANCE_LABELS,
    _BACKGROUND,
    _BILLING_LABELS,
    _CATEGORY_LABELS,
    _CELL_FLAGS,
    _DECORATION,
    _DISPLAY,
    _FOREGROUND,
    _HEADERS,
    _STATUS_LABELS,
    _STATUS_TIPS,
    _UNSET_ROLES,
    BUSY_ROLE,
    _tr,
)
from desktop.services.domain import (
    CATEGORIES,
    AssistanceState,
    CustomerRow,
    LicenceStatus,
    fold,
)
from desktop.services.plaintext import plain_tooltip


class TableCells(QAbstractTableModel):
    """The shown rows and what their cells say (no filtering, no sorting here)."""

    #: Emitted when the set of category columns that "Show my protection only"
    #: hides may have changed (after rows, removed-filter or toggle change).
    hiddenColumnsChanged = Signal()
    #: Emitted after the visible rows changed (search, rows, show removed).
    visibleRowsChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._row_list: list[CustomerRow] = []  # see _rows
        self._lazy: RowColumns | None = None  # a column store whose rows are being built
        self._built_from: RowColumns | None = None  # the column store of _row_list, if any
        self._visible: list[int] = []  # indices into _rows, in display order
        self._needle = ""  # the folded search text
        self._my_protection_only = False
        self._hidden_categories: frozenset[int] = frozenset()
        self._busy: set[str] = set()
        self._ids: list[str] | None = None  # see _id_list
        self._ids_rows: list[CustomerRow] | None = None
        #: tenant id -> row index while a sync's batches arrive (see _id_positions)
        self._id_map: tuple[list[CustomerRow] | None, dict[str, int]] = (None, {})
        # issue 15: the user's words, seats, changes since the last look
        self._extras = InsightExtras()
        self._status_icons: dict[LicenceStatus, QIcon] = {}
        self._badge_icon: QIcon | None = None
        self._busy_icon: QIcon | None = None
        self._synced_text: dict[str, str] = {}
        self._removed_brush = QColor(128, 128, 128)
        self._link_brush: QColor | None = None
        self._changed_brush = QColor(255, 244, 204)
        #: row index -> what its cells show (see _row_cells)
        self._cells: dict[int, tuple[tuple[str, ...], tuple[Any, ...], tuple[Any, ...]]] = {}
        self._retranslate()

    # ------------------------------------------------------------ configuration

    def _retranslate(self) -> None:
        self._cells = {}
        self._status_text = {st: _tr(text) for st, text in _STATUS_LABELS.items()}
        self._status_text[LicenceStatus.NONE] = ""
        self._status_tip = {st: _tr(text) for st, text in _STATUS_TIPS.items()}
        self._billing_text = {b: _tr(text) for b, text in _BILLING_LABELS.items()}
        self._assistance_text = {a: _tr(text) for a, text in _ASSISTANCE_LABELS.items()}

    def set_status_icons(
        self, icons: dict[LicenceStatus, QIcon], badge: QIcon | None = None
    ) -> None:
        """Icons come from the view layer (models never load resources)."""
        self._status_icons = dict(icons)
        self._badge_icon = badge
        self._cells.clear()

    def set_link_color(self, color: QColor | None) -> None:
        self._link_brush = color
        self._cells.clear()

    def set_busy_icon(self, icon: QIcon | None) -> None:
        self._busy_icon = icon
        self._cells.clear()

    def is_busy(self, tenant_id: str) -> bool:
        return tenant_id in self._busy

    # ------------------------------------------------------------ row storage

    @property
    def _rows(self) -> list[CustomerRow]:
        """Every row (in name order). Rows that came as columns (a table snapshot) are
        built now if the idle-time slices (:meth:`_build_rows`) have not finished."""
        if self._lazy is not None:
            self._build_rows(None)
        return self._row_list

    def _set_row_store(self, store: list[CustomerRow] | RowColumns) -> None:
        if isinstance(store, RowColumns):
            self._built_from = store
            if not store.complete():
                self._lazy, self._row_list = store, []
                return
        else:
            self._built_from = None
        self._lazy = None
        self._row_list = store if isinstance(store, list) else store.rows()

    def _build_rows(self, count: int | None) -> bool:
        """Build ``count`` more rows of the column store (None: all); True when none
        are left to build. The painted rows and the keys, ids and masks come from the
        columns meanwhile; anything that needs every row object builds the rest."""
        lazy = self._lazy
        if lazy is None:
            return True
        if not lazy.build(count):
            return False
        self._lazy = None
        self._row_list = lazy.rows()
        self._ids, self._ids_rows = lazy.ids, self._row_list
        self._rows_built()
        return True

    def _rows_built(self) -> None:
        """Every row object of a column store is built (hook for the layers above)."""

    def built_rows(self) -> list[CustomerRow]:
        """The row objects built so far: every row, or none while they are still
        columns (no row is built for the caller)."""
        return self._row_list

    def _row(self, i: int) -> CustomerRow:
        """Row ``i`` (built from the columns while the rows are being built)."""
        lazy = self._lazy
        return self._row_list[i] if lazy is None else lazy.row(i)

    def _row_count(self) -> int:
        lazy = self._lazy
        return len(self._row_list) if lazy is None else lazy.size

    def _id_list(self) -> list[str]:
        """Every row's tenant id in row order (references to the rows' own strings: 8
        bytes a row), kept while the same row list holds the same number of rows —
        rows replaced in place keep their ids."""
        if self._lazy is not None:
            return self._lazy.ids
        ids = self._ids
        if ids is None or self._ids_rows is not self._rows or len(ids) != len(self._rows):
            ids = self._ids = list(map(attrgetter("id"), self._rows))
            self._ids_rows = self._rows
        return ids

    def _id_positions(self) -> dict[str, int]:
        """Tenant id -> row index for ``update_rows`` (a sync's batches): scanning every
        id per batch cost ~20 ms of the GUI thread at 100k rows (one C call, the GIL
        held). Built once (~5 ms), kept while the same row list holds the same rows;
        ``update_rows`` adds the rows it appends, ``set_rows`` drops it."""
        rows, positions = self._id_map
        if rows is not self._rows or len(positions) != len(self._rows):
            positions = dict(zip(self._id_list(), count()))
            self._id_map = (self._rows, positions)
        return positions

    def _ids_of(self, wanted: Collection[str]) -> dict[str, int]:
        """Row index of each wanted tenant id present (one C-level pass; no 100k-entry
        id dictionary kept in memory for the rare lookups by id)."""
        ids = self._id_list()
        if len(wanted) == 1:
            (tid,) = wanted
            try:
                return {tid: ids.index(tid)}
            except ValueError:
                return {}
        hits = list(compress(count(), map(wanted.__contains__, ids)))
        return dict(zip(map(ids.__getitem__, hits), hits, strict=True))

    def visible_rows(self) -> list[CustomerRow]:
        return list(map(self._rows.__getitem__, self._visible))

    def row_at(self, row: int) -> CustomerRow | None:
        if 0 <= row < len(self._visible):
            return self._row(self._visible[row])
        return None

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_title(section)
        if role == Qt.ItemDataRole.ToolTipRole and section in CATEGORY_COLUMNS:
            return QCoreApplication.translate(
                "CustomerTableModel", "Licence status for {category}"
            ).format(category=self.column_title(section))
        return None

    def status_texts(self) -> list[str]:
        """The translated licence status labels (for column widths)."""
        return [text for text in self._status_text.values() if text]

    def billing_texts(self) -> list[str]:
        """The translated billing type labels (for column widths)."""
        return list(self._billing_text.values())

    def column_title(self, column: int) -> str:
        if column in CATEGORY_COLUMNS:
            return _tr(_CATEGORY_LABELS[CATEGORIES[column - COL_FIRST_CATEGORY]])
        return _tr(_HEADERS[column])

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # Called for every painted cell: a constant, not an enum "|" per call.
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r = index.row()
        if not 0 <= r < len(self._visible):
            return None
        row = self._row(self._visible[r])
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, col)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:  # names are data: escaped (issue 12)
            tip = self._tooltip(row, col)
            if row.id in self._busy:
                busy = QCoreApplication.translate("CustomerTableModel", "Working on this customer…")
                return plain_tooltip(f"{busy}\n{tip}" if tip else busy)
            return plain_tooltip(tip)
        if role == BUSY_ROLE:
            return row.id in self._busy
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            changed = col == COL_NAME and row.id in self._extras.changed
            return self._changed_brush if changed else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.cell_text(row, col)
            if col == COL_NAME and row.managed_customer_order:
                text = QCoreApplication.translate(
                    "CustomerTableModel", "{name}, managed customer order"
                ).format(name=text)
            hint = self._match_hint(row) if col == COL_NAME else None
            return f"{text}. {hint}" if hint else text
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def multiData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        roleDataSpan: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        """All roles of a cell in one Python call: the item delegate asks for seven
        roles per painted cell, which through ``data()`` is seven Python calls."""
        span: Any = roleDataSpan  # iterable: QModelRoleData items
        r = index.row()
        visible = self._visible
        if not index.isValid() or not 0 <= r < len(visible):
            for role_data in span:
                role_data.clearData()
            return
        i = visible[r]
        cells = self._cells.get(i)
        if cells is None:
            cells = self._row_cells(i)
        col = index.column()
        for role_data in span:
            role = role_data.role()
            if role == _DISPLAY:
                role_data.setData(cells[0][col])
            elif role == _DECORATION:
                icon = cells[1][col]
                if icon is None:
                    role_data.clearData()
                else:
                    role_data.setData(icon)
            elif role == _FOREGROUND:
                brush = cells[2][col]
                if brush is None:
                    role_data.clearData()
                else:
                    role_data.setData(brush)
            elif role == _BACKGROUND:
                if col == COL_NAME and self._id_list()[i] in self._extras.changed:
                    role_data.setData(self._changed_brush)
                else:
                    role_data.clearData()
            elif role in _UNSET_ROLES:
                role_data.clearData()
            else:
                value = self.data(index, role)
                if value is None:
                    role_data.clearData()
                else:
                    role_data.setData(value)

    def paint_cells(
        self, position: int
    ) -> tuple[tuple[str, ...], tuple[Any, ...], tuple[Any, ...], QColor | None] | None:
        """What the row at ``position`` shows, for the table's painter
        (``views/table_painter.py``): display texts, icons and foregrounds by column,
        and the Name cell's background — the values ``multiData`` answers for those
        roles (every other role a cell is painted with is unset, its flags constant)."""
        visible = self._visible
        if not 0 <= position < len(visible):
            return None
        i = visible[position]
        cells = self._cells.get(i)
        if cells is None:
            cells = self._row_cells(i)
        changed = self._id_list()[i] in self._extras.changed
        return cells[0], cells[1], cells[2], self._changed_brush if changed else None

    def _row_cells(self, i: int) -> tuple[tuple[str, ...], tuple[Any, ...], tuple[Any, ...]]:
        """Display texts, icons and foregrounds of every column of row ``i``, kept
        while the row is painted again (scrolling, typing): a repaint is then tuple
        lookups. Cleared whenever what a cell shows may change."""
        row = self._row(i)
        columns = range(COLUMN_COUNT)
        cells = (
            tuple(self.cell_text(row, c) for c in columns),
            tuple(self._decoration(row, c) for c in columns),
            tuple(self._foreground(row, c) for c in columns),
        )
        if len(self._cells) >= 4096:
            self._cells.clear()
        self._cells[i] = cells
        return cells

    def _decoration(self, row: CustomerRow, col: int) -> QIcon | None:
        if col in CATEGORY_COLUMNS:
            status = self._shown_status(row, col)
            return self._status_icons.get(status) if status else None
        if col == COL_NAME:
            if row.id in self._busy and self._busy_icon is not None:
                return self._busy_icon
            if row.managed_customer_order:
                return self._badge_icon
        return None

    def _foreground(self, row: CustomerRow, col: int) -> QColor | None:
        if row.removed_at is not None:
            return self._removed_brush
        if col == COL_NAME:
            return self._link_brush
        return None

    # ------------------------------------------------------------ plain-text cells

    def _shown_status(self, row: CustomerRow, col: int) -> LicenceStatus:
        c = col - COL_FIRST_CATEGORY
        status = row.statuses[c] if c < len(row.statuses) else LicenceStatus.NONE
        if self._my_protection_only and not status.is_active_protection:
            return LicenceStatus.NONE
        return status

    def cell_text(self, row: CustomerRow, col: int) -> str:
        if col == COL_NAME:
            return row.show_as or row.name
        if col in CATEGORY_COLUMNS:
            return self._status_text[self._shown_status(row, col)]
        if col == COL_BILLING:
            if row.unlink_status == "scheduled":
                return QCoreApplication.translate(
                    "CustomerTableModel", "{billing} · unlink scheduled"
                ).format(billing=self._billing_text[row.billing_type])
            return self._billing_text[row.billing_type]
        if col == COL_GROUPS:
            return ", ".join(row.groups)
        if col == COL_ASSISTANCE:
            return self._assistance_text[row.assistance]
        if col == COL_REGION:
            return row.data_region
        if col in INSIGHT_COLUMNS:
            return self._insight_text(row, col)
        if col == COL_SYNCED:
            text = self._synced_text.get(row.last_synced)
            if text is None:
                text = format_synced(row.last_synced)
                self._synced_text[row.last_synced] = text
            return text
        if col == COL_TENANT_ID:
            return row.id
        return ""

    def _match_hint(self, row: CustomerRow) -> str | None:
        """Why a row matches the search when the Name column does not show it: the
        field (account name, contact email, tenant ID) that holds the typed text.
        Computed only when a Name tooltip is asked for (issue 14 item 4)."""
        needle = self._needle
        if not needle or needle in fold(row.show_as or row.name):
            return None
        fields = (
            (QT_TRANSLATE_NOOP("CustomerTableModel", "Matched: account name {value}"), row.name),
            (QT_TRANSLATE_NOOP("CustomerTableModel", "Matched: contact email {value}"), row.email),
            (QT_TRANSLATE_NOOP("CustomerTableModel", "Matched: tenant ID {value}"), row.id),
        )
        for text, value in fields:
            if value and needle in fold(value):
                return _tr(text).format(value=value)
        return None

    def match_hint(self, position: int) -> str | None:
        """The hidden field through which the row at ``position`` matched, if any."""
        row = self.row_at(position)
        return self._match_hint(row) if row is not None else None

    def _tooltip(self, row: CustomerRow, col: int) -> str | None:
        parts: list[str] = []
        if col == COL_NAME:
            hint = self._match_hint(row)
            if hint:
                parts.append(hint)
            if row.name and row.name != row.show_as:
                parts.append(
                    QCoreApplication.translate("CustomerTableModel", "Account name: {name}").format(
                        name=row.name
                    )
                )
            if row.managed_customer_order:
                parts.append(
                    QCoreApplication.translate("CustomerTableModel", "$ Managed customer order")
                )
            parts.append(
                QCoreApplication.translate("CustomerTableModel", "Tenant ID: {id}").format(
                    id=row.id
                )
            )
            parts.append(
                QCoreApplication.translate("CustomerTableModel", "Click to see contact details")
            )
        elif col in CATEGORY_COLUMNS:
            status = self._shown_status(row, col)
            if status:
                parts.append(self._status_tip[status])
        elif col == COL_GROUPS and row.groups:
            parts.append(", ".join(row.groups))
        elif col == COL_ASSISTANCE and row.assistance is not AssistanceState.UNKNOWN:
            parts.append(self._assistance_text[row.assistance])
        elif col == COL_BILLING and row.unlink_status == "scheduled":
            parts.append(
                QCoreApplication.translate(
                    "CustomerTableModel", "Unlinking is scheduled for the first day of next month."
                )
            )
        if row.removed_at is not None:
            parts.append(
                QCoreApplication.translate(
                    "CustomerTableModel", "Removed: no longer in your customer list since {date}"
                ).format(date=format_synced(row.removed_at))
            )
        return "\n".join(parts) or None

    def shown_columns(self) -> list[int]:
        return [c for c in range(COLUMN_COUNT) if c not in self._hidden_categories]

    def table_text(
        self, rows: Sequence[int], columns: Sequence[int] | None = None
    ) -> list[list[str]]:
        """Header line + one line per visible row position, as plain strings."""
        cols = list(columns) if columns is not None else self.shown_columns()
        out = [[self.column_title(c) for c in cols]]
        for pos in rows:
            row = self.row_at(pos)
            if row is not None:
                out.append([self.cell_text(row, c) for c in cols])
        return out

    def to_tsv(self, rows: Sequence[int], columns: Sequence[int] | None = None) -> str:
        lines = self.table_text(rows, columns)
        return (
            "\n".join(
                "\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in line)
                for line in lines
            )
            + "\n"
        )

    def export_csv(self, path: Path, columns: Sequence[int] | None = None) -> int:
        """Write the visible rows (search and toggle respected) as UTF-8 CSV with BOM."""
        lines = self.table_text(range(len(self._visible)), columns)
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(lines)
        return len(lines) - 1

    def _insight_text(self, row: CustomerRow, col: int) -> str:
        if col == COL_TAGS:
            return self._extras.tags_text(row.id)
        seats = self._extras.seats.get(row.id)
        if seats is None:
            return ""
        value = seats[0] if col == COL_OVER else seats[1]
        return str(value) if value else ""
