"""The customer table model (DESIGN.md §3).

Rows live in plain Python lists. Search, sort, "show removed" and "Show my
protection only" work in bulk over precomputed keys: Qt never filters or sorts
through ``data()``. The view shows ``self._visible`` (indices into ``_rows``).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon

from desktop.services.domain import (
    CATEGORIES,
    STATUS_RANK,
    AssistanceState,
    BillingType,
    CustomerRow,
    LicenceStatus,
    fold,
    make_search_key,
)
from desktop.services.plaintext import plain_tooltip

_CTX = "CustomerTableModel"

COL_NAME = 0
COL_BILLING = 1
COL_GROUPS = 2
COL_ASSISTANCE = 3
COL_FIRST_CATEGORY = 4
COL_REGION = COL_FIRST_CATEGORY + len(CATEGORIES)
COL_SYNCED = COL_REGION + 1
COLUMN_COUNT = COL_SYNCED + 1
CATEGORY_COLUMNS = range(COL_FIRST_CATEGORY, COL_REGION)

_HEADERS = {
    COL_NAME: QT_TRANSLATE_NOOP("CustomerTableModel", "Name"),
    COL_BILLING: QT_TRANSLATE_NOOP("CustomerTableModel", "Billing"),
    COL_GROUPS: QT_TRANSLATE_NOOP("CustomerTableModel", "Groups"),
    COL_ASSISTANCE: QT_TRANSLATE_NOOP("CustomerTableModel", "Partner assistance"),
    COL_REGION: QT_TRANSLATE_NOOP("CustomerTableModel", "Data region"),
    COL_SYNCED: QT_TRANSLATE_NOOP("CustomerTableModel", "Last synced"),
}
# Category names are product names; they are still offered to translators.
_CATEGORY_LABELS = {
    "Endpoint": QT_TRANSLATE_NOOP("CustomerTableModel", "Endpoint"),
    "Server": QT_TRANSLATE_NOOP("CustomerTableModel", "Server"),
    "Mobile": QT_TRANSLATE_NOOP("CustomerTableModel", "Mobile"),
    "Encryption": QT_TRANSLATE_NOOP("CustomerTableModel", "Encryption"),
    "Email": QT_TRANSLATE_NOOP("CustomerTableModel", "Email"),
    "Firewall": QT_TRANSLATE_NOOP("CustomerTableModel", "Firewall"),
    "Wireless": QT_TRANSLATE_NOOP("CustomerTableModel", "Wireless"),
    "ZTNA": QT_TRANSLATE_NOOP("CustomerTableModel", "ZTNA"),
    "MDR": QT_TRANSLATE_NOOP("CustomerTableModel", "MDR"),
    "Phish Threat": QT_TRANSLATE_NOOP("CustomerTableModel", "Phish Threat"),
    "Other": QT_TRANSLATE_NOOP("CustomerTableModel", "Other"),
}
_STATUS_LABELS = {
    LicenceStatus.ACTIVE: QT_TRANSLATE_NOOP("CustomerTableModel", "Active"),
    LicenceStatus.EXPIRING: QT_TRANSLATE_NOOP("CustomerTableModel", "Expiring"),
    LicenceStatus.TRIAL: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial"),
    LicenceStatus.TRIAL_EXPIRED: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial expired"),
    LicenceStatus.EXPIRED: QT_TRANSLATE_NOOP("CustomerTableModel", "Expired"),
    LicenceStatus.LAPSED: QT_TRANSLATE_NOOP("CustomerTableModel", "Lapsed"),
    LicenceStatus.NOT_MANAGEABLE: QT_TRANSLATE_NOOP("CustomerTableModel", "No access"),
}
_STATUS_TIPS = {
    LicenceStatus.ACTIVE: QT_TRANSLATE_NOOP("CustomerTableModel", "Active licence"),
    LicenceStatus.EXPIRING: QT_TRANSLATE_NOOP(
        "CustomerTableModel", "Active, expires within 30 days"
    ),
    LicenceStatus.TRIAL: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial licence"),
    LicenceStatus.TRIAL_EXPIRED: QT_TRANSLATE_NOOP("CustomerTableModel", "The trial has ended"),
    LicenceStatus.EXPIRED: QT_TRANSLATE_NOOP(
        _CTX, "Expired less than 60 days ago; can still be reactivated"
    ),
    LicenceStatus.LAPSED: QT_TRANSLATE_NOOP("CustomerTableModel", "Expired 60 days ago or more"),
    LicenceStatus.NOT_MANAGEABLE: QT_TRANSLATE_NOOP(
        _CTX, "You cannot see this customer's licences (partner assistance is off)"
    ),
}
_BILLING_LABELS = {
    BillingType.TRIAL: QT_TRANSLATE_NOOP("CustomerTableModel", "Trial"),
    BillingType.TERM: QT_TRANSLATE_NOOP("CustomerTableModel", "Term"),
    BillingType.USAGE: QT_TRANSLATE_NOOP("CustomerTableModel", "Monthly"),
    BillingType.OTHER: QT_TRANSLATE_NOOP("CustomerTableModel", "Other"),
}
_ASSISTANCE_LABELS = {
    AssistanceState.ENABLED: QT_TRANSLATE_NOOP("CustomerTableModel", "On"),
    AssistanceState.PENDING: QT_TRANSLATE_NOOP(
        "CustomerTableModel", "Requested — pending customer approval"
    ),
    AssistanceState.DECLINED: QT_TRANSLATE_NOOP("CustomerTableModel", "Declined"),
    AssistanceState.OFF: QT_TRANSLATE_NOOP("CustomerTableModel", "Off"),
    AssistanceState.UNKNOWN: "—",
}
_ASSISTANCE_RANK = {
    AssistanceState.ENABLED: 4,
    AssistanceState.PENDING: 3,
    AssistanceState.DECLINED: 2,
    AssistanceState.OFF: 1,
    AssistanceState.UNKNOWN: 0,
}

#: data() role: True while an action runs for the row's customer.
BUSY_ROLE = Qt.ItemDataRole.UserRole + 1

# Bit i set = the customer has active protection in CATEGORIES[i].
_ALL_CATEGORY_BITS = (1 << len(CATEGORIES)) - 1


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def _sort_fold(text: str) -> str:
    """``fold`` with a fast path for plain ASCII (most names)."""
    return text.lower() if text.isascii() else fold(text)


def format_synced(value: str) -> str:
    """ISO timestamp -> local "YYYY-MM-DD HH:MM" (empty for missing/bad values)."""
    if not value:
        return ""
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone()
    return stamp.strftime("%Y-%m-%d %H:%M")


def dense_ranks(keys: list[Any]) -> list[int]:
    """Equal keys get equal ranks; sorting by the ranks is a fast int sort."""
    if keys and isinstance(keys[0], int):
        return keys
    # Sort the distinct keys only (a few thousand names, not 100k rows): one long
    # C-level sort holds the GIL and would stall the GUI thread while a worker prepares.
    rank_of = {key: rank for rank, key in enumerate(sorted(set(keys)))}
    return [rank_of[key] for key in keys]


def column_keys(rows: list[CustomerRow], column: int) -> list[Any]:
    """Sort keys of one column (plain Python; safe on any thread). Billing is the
    model's job (its keys are the translated labels)."""
    if column == COL_NAME:
        folded: dict[str, str] = {}  # names repeat (branches, re-created tenants)
        keys = []
        for r in rows:
            name = r.show_as or r.name
            key = folded.get(name)
            if key is None:
                key = folded[name] = _sort_fold(name)
            keys.append(key)
        return keys
    if column == COL_BILLING:
        return [r.billing_type.value for r in rows]
    if column == COL_GROUPS:
        return [_sort_fold(", ".join(r.groups)) for r in rows]
    if column == COL_ASSISTANCE:
        return [_ASSISTANCE_RANK[r.assistance] for r in rows]
    if column in CATEGORY_COLUMNS:
        c = column - COL_FIRST_CATEGORY
        return [STATUS_RANK[r.statuses[c]] if c < len(r.statuses) else 0 for r in rows]
    if column == COL_REGION:
        return [r.data_region for r in rows]
    return [r.last_synced or "" for r in rows]


@dataclass(slots=True)
class PreparedRows:
    """Rows plus the per-row keys the model needs, built off the GUI thread."""

    rows: list[CustomerRow]
    search_keys: list[str]
    active_bits: list[int]
    ranks: dict[int, list[int]] = field(default_factory=dict)
    #: column -> (ascending, descending) order of every row, ties in row order: the
    #: GUI thread then swaps rows in without sorting 100k of them (~25 ms) itself.
    orders: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)
    removed: int = 0  # rows with a tombstone

    def __len__(self) -> int:
        return len(self.rows)


def prepare_rows(
    rows: Iterable[CustomerRow], sort_columns: Iterable[int] = (COL_NAME,)
) -> PreparedRows:
    """Search keys, active-protection bits and sort ranks. No Qt calls: run it on
    the worker thread that loaded the rows."""
    rows = list(rows)
    keys: list[str] = []
    bits: list[int] = []
    masks: dict[tuple[LicenceStatus, ...], int] = {}  # few distinct status tuples
    for row in rows:
        key = row.search_key or make_search_key(row.name, row.show_as, row.email, row.id)
        keys.append(key)
        statuses = row.statuses
        mask = masks.get(statuses)
        if mask is None:
            mask = 0
            for i, status in enumerate(statuses):
                if status.is_active_protection:
                    mask |= 1 << i
            masks[statuses] = mask
        bits.append(mask)
    ranks = {col: dense_ranks(column_keys(rows, col)) for col in sort_columns if col != COL_BILLING}
    orders = {col: _rank_orders(r) for col, r in ranks.items()}
    removed = sum(1 for row in rows if row.removed_at is not None)
    return PreparedRows(rows, keys, bits, ranks, orders, removed)


def _rank_orders(ranks: list[int]) -> tuple[list[int], list[int]]:
    """Ascending and descending row order by dense rank, ties in row order.

    A bucket pass in plain Python instead of ``sorted``: a 100k-element sort is one
    C call that holds the GIL for ~25 ms (a GUI stall); this yields it every few ms.
    """
    if ranks and (min(ranks) < 0 or max(ranks) > 4 * len(ranks)):  # not dense ranks
        everything = range(len(ranks))
        return (
            sorted(everything, key=ranks.__getitem__),
            sorted(everything, key=ranks.__getitem__, reverse=True),  # still stable
        )
    buckets: list[list[int]] = [[] for _ in range(max(ranks, default=-1) + 1)]
    for i, rank in enumerate(ranks):
        buckets[rank].append(i)
    ascending = [i for bucket in buckets for i in bucket]
    descending = [i for bucket in reversed(buckets) for i in bucket]
    return ascending, descending


class CustomerTableModel(QAbstractTableModel):
    """Customers as a flat table; filter and sort in bulk over plain lists."""

    #: Emitted when the set of category columns that "Show my protection only"
    #: hides may have changed (after rows, removed-filter or toggle change).
    hiddenColumnsChanged = Signal()
    #: Emitted after the visible rows changed (search, rows, show removed).
    visibleRowsChanged = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CustomerRow] = []
        self._search_keys: list[str] = []
        self._active_bits: list[int] = []
        self._base: list[int] = []  # rows eligible to show (removed filter), sorted
        self._visible: list[int] = []  # _base filtered by the search needle
        self._needle = ""
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._sort_keys: dict[int, list[int]] = {}
        self._show_removed = False
        self._my_protection_only = False
        self._hidden_categories: frozenset[int] = frozenset()
        self._status_icons: dict[LicenceStatus, QIcon] = {}
        self._badge_icon: QIcon | None = None
        self._synced_text: dict[str, str] = {}
        self._removed_brush = QColor(128, 128, 128)
        self._link_brush: QColor | None = None
        self._busy: set[str] = set()
        self._busy_icon: QIcon | None = None
        self._retranslate()

    # ------------------------------------------------------------ configuration

    def _retranslate(self) -> None:
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

    def set_link_color(self, color: QColor | None) -> None:
        self._link_brush = color

    def set_busy_icon(self, icon: QIcon | None) -> None:
        self._busy_icon = icon

    # ------------------------------------------------------------ actions: busy rows, row updates

    def is_busy(self, tenant_id: str) -> bool:
        return tenant_id in self._busy

    def set_busy(self, tenant_ids: Iterable[str], on: bool) -> None:
        """Mark customers as busy (an action runs for them): hourglass + tooltip."""
        ids = set(tenant_ids)
        if on:
            self._busy |= ids
        else:
            self._busy -= ids
        for pos, i in enumerate(self._visible):
            if self._rows[i].id in ids:
                self.dataChanged.emit(
                    self.index(pos, 0),
                    self.index(pos, COLUMN_COUNT - 1),
                    [
                        Qt.ItemDataRole.DecorationRole,
                        Qt.ItemDataRole.ToolTipRole,
                        BUSY_ROLE,
                    ],
                )

    def update_rows(self, rows: Iterable[CustomerRow]) -> None:
        """Replace customers by id (new ones are added) after an action.

        A layout change, not a reset: selection and current row stay on the same
        customers; unlinked (tombstoned) ones leave the view unless removed
        customers are shown.
        """
        fresh = {r.id: r for r in rows}
        if not fresh:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [
            (self._visible[p.row()], p.column()) if 0 <= p.row() < len(self._visible) else None
            for p in old_persistent
        ]
        for i, row in enumerate(self._rows):
            new = fresh.pop(row.id, None)
            if new is not None:
                self._set_row(i, new)
        for new in fresh.values():
            self._rows.append(new)
            self._search_keys.append("")
            self._active_bits.append(0)
            self._set_row(len(self._rows) - 1, new)
        self._sort_keys = {}
        self._rebuild_base()
        self._visible = self._filter(self._base, self._needle)
        if old_persistent:
            position = {src: pos for pos, src in enumerate(self._visible)}
            new_indexes = [
                self.index(position[old[0]], old[1])
                if old is not None and old[0] in position
                else QModelIndex()
                for old in old_ids
            ]
            self.changePersistentIndexList(old_persistent, new_indexes)
        self.layoutChanged.emit()
        self._update_hidden_categories()
        self.visibleRowsChanged.emit()

    def _set_row(self, i: int, row: CustomerRow) -> None:
        self._rows[i] = row
        self._search_keys[i] = row.search_key or make_search_key(
            row.name, row.show_as, row.email, row.id
        )
        mask = 0
        for c, status in enumerate(row.statuses):
            if status.is_active_protection:
                mask |= 1 << c
        self._active_bits[i] = mask

    # ------------------------------------------------------------ rows

    def set_rows(self, rows: Iterable[CustomerRow] | PreparedRows) -> None:
        """Swap in new rows; keeps the current search, sort and toggles.

        Pass :class:`PreparedRows` (built by :func:`prepare_rows` on a worker
        thread) to keep the per-row key work off the GUI thread.
        """
        prepared = rows if isinstance(rows, PreparedRows) else prepare_rows(rows, ())
        self.beginResetModel()
        self._rows = prepared.rows
        self._search_keys = prepared.search_keys
        self._active_bits = prepared.active_bits
        self._sort_keys = dict(prepared.ranks)
        self._synced_text.clear()
        self._rebuild_base(prepared)
        self._visible = self._filter(self._base, self._needle)
        self.endResetModel()
        self._update_hidden_categories()
        self.visibleRowsChanged.emit()

    def all_rows(self) -> list[CustomerRow]:
        return self._rows

    def visible_rows(self) -> list[CustomerRow]:
        rows = self._rows
        return [rows[i] for i in self._visible]

    def row_at(self, row: int) -> CustomerRow | None:
        if 0 <= row < len(self._visible):
            return self._rows[self._visible[row]]
        return None

    def row_of_id(self, tenant_id: str) -> int:
        for pos, i in enumerate(self._visible):
            if self._rows[i].id == tenant_id:
                return pos
        return -1

    def total_count(self) -> int:
        """Customers eligible to show (ignores search)."""
        return len(self._base)

    def _rebuild_base(self, prepared: PreparedRows | None = None) -> None:
        rows = self._rows
        orders = prepared.orders.get(self._sort_column) if prepared is not None else None
        if prepared is not None and orders is not None:
            # Same result as below (ties in row order), sorted on the worker thread.
            order = orders[1] if self._sort_order == Qt.SortOrder.DescendingOrder else orders[0]
            if self._show_removed or not prepared.removed:
                self._base = list(order)
            else:
                self._base = [i for i in order if rows[i].removed_at is None]
            return
        if self._show_removed:
            base = list(range(len(rows)))
        else:
            base = [i for i, r in enumerate(rows) if r.removed_at is None]
        self._base = self._sorted(base)

    # ------------------------------------------------------------ search

    def search_text(self) -> str:
        return self._needle

    def set_search(self, text: str) -> None:
        needle = fold(text.strip())
        if needle == self._needle:
            return
        # Narrowing ("soc" -> "soci"): the new result is a subset of the current one.
        source = self._visible if self._needle and self._needle in needle else self._base
        self.beginResetModel()
        self._needle = needle
        self._visible = self._filter(source, needle)
        self.endResetModel()
        self.visibleRowsChanged.emit()

    def _filter(self, source: list[int], needle: str) -> list[int]:
        if not needle:
            return list(source)
        keys = self._search_keys
        return [i for i in source if needle in keys[i]]

    # ------------------------------------------------------------ show removed / toggle

    def show_removed(self) -> bool:
        return self._show_removed

    def set_show_removed(self, on: bool) -> None:
        if on == self._show_removed:
            return
        self.beginResetModel()
        self._show_removed = on
        self._rebuild_base()
        self._visible = self._filter(self._base, self._needle)
        self.endResetModel()
        self._update_hidden_categories()
        self.visibleRowsChanged.emit()

    def my_protection_only(self) -> bool:
        return self._my_protection_only

    def set_my_protection_only(self, on: bool) -> None:
        if on == self._my_protection_only:
            return
        self._my_protection_only = on
        if self._visible:
            self.dataChanged.emit(
                self.index(0, COL_FIRST_CATEGORY),
                self.index(len(self._visible) - 1, COL_REGION - 1),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole],
            )
        self._update_hidden_categories()

    def _update_hidden_categories(self) -> None:
        hidden: frozenset[int] = frozenset()
        if self._my_protection_only:
            # Computed over every customer eligible to show (not the search
            # result), so columns do not jump around while typing.
            combined = 0
            bits = self._active_bits
            for i in self._base:
                combined |= bits[i]
                if combined == _ALL_CATEGORY_BITS:
                    break
            hidden = frozenset(
                COL_FIRST_CATEGORY + c for c in range(len(CATEGORIES)) if not combined >> c & 1
            )
        if hidden != self._hidden_categories:
            self._hidden_categories = hidden
        self.hiddenColumnsChanged.emit()

    def hidden_columns(self) -> frozenset[int]:
        """Category columns that "Show my protection only" hides right now."""
        return self._hidden_categories

    # ------------------------------------------------------------ sort

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            column = -1
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [
            (self._visible[p.row()], p.column())
            for p in old_persistent
            if 0 <= p.row() < len(self._visible)
        ]
        self._sort_column = column
        self._sort_order = order
        self._base = self._sorted(self._base)
        self._visible = self._filter(self._base, self._needle)
        if old_persistent:
            position = {row: pos for pos, row in enumerate(self._visible)}
            new_indexes = [
                self.index(position.get(src, -1), col) if src in position else QModelIndex()
                for src, col in old_ids
            ]
            if len(new_indexes) == len(old_persistent):
                self.changePersistentIndexList(old_persistent, new_indexes)
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _sorted(self, indices: list[int]) -> list[int]:
        if self._sort_column < 0:
            indices.sort()
            return indices
        ranks = self._ranks_for(self._sort_column)
        # Python's sort is stable: ties keep their previous order.
        indices.sort(
            key=ranks.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder
        )
        return indices

    def _ranks_for(self, column: int) -> list[int]:
        """Dense integer rank of every row for ``column`` (cached until set_rows)."""
        ranks = self._sort_keys.get(column)
        if ranks is None:
            ranks = dense_ranks(self._keys_for(column))
            self._sort_keys[column] = ranks
        return ranks

    def _keys_for(self, column: int) -> list[Any]:
        rows = self._rows
        if column == COL_BILLING:
            text = {b: _sort_fold(t) for b, t in self._billing_text.items()}
            return [text[r.billing_type] for r in rows]
        return column_keys(rows, column)

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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r = index.row()
        if not 0 <= r < len(self._visible):
            return None
        row = self._rows[self._visible[r]]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, col)
        if role == Qt.ItemDataRole.DecorationRole:
            if col in CATEGORY_COLUMNS:
                status = self._shown_status(row, col)
                return self._status_icons.get(status) if status else None
            if col == COL_NAME and row.id in self._busy and self._busy_icon is not None:
                return self._busy_icon
            if col == COL_NAME and row.managed_customer_order:
                return self._badge_icon
            return None
        if role == Qt.ItemDataRole.ToolTipRole:  # names are data: escaped (issue 12)
            tip = self._tooltip(row, col)
            if row.id in self._busy:
                busy = QCoreApplication.translate("CustomerTableModel", "Working on this customer…")
                return plain_tooltip(f"{busy}\n{tip}" if tip else busy)
            return plain_tooltip(tip)
        if role == BUSY_ROLE:
            return row.id in self._busy
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.removed_at is not None:
                return self._removed_brush
            if col == COL_NAME and self._link_brush is not None:
                return self._link_brush
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.cell_text(row, col)
            if col == COL_NAME and row.managed_customer_order:
                return QCoreApplication.translate(
                    "CustomerTableModel", "{name}, managed customer order"
                ).format(name=text)
            return text
        if role == Qt.ItemDataRole.UserRole:
            return row.id
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
        if col == COL_SYNCED:
            text = self._synced_text.get(row.last_synced)
            if text is None:
                text = format_synced(row.last_synced)
                self._synced_text[row.last_synced] = text
            return text
        return ""

    def _tooltip(self, row: CustomerRow, col: int) -> str | None:
        parts: list[str] = []
        if col == COL_NAME:
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
