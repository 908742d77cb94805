"""The customer table model (docs/architecture.md §3).

Rows live in plain Python lists. Search, sort, "show removed" and "Show my
protection only" work in bulk over precomputed keys: Qt never filters or sorts
through ``data()``. The view shows ``self._visible`` (indices into ``_rows``).

The model is three layers, one job each: ``table_cells`` (what a cell says; Qt's
read API), ``table_filters`` (which rows may show: removed, ignored, facets) and this
module (rows in, their order, the search, and telling the views with layout changes
that keep the selection). Every public name of those layers is importable from here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from functools import reduce
from itertools import compress, repeat
from operator import add, attrgetter, is_, is_not, not_, or_
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer

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
    COL_UNUSED,
    COLUMN_COUNT,
    INSIGHT_COLUMNS,
    Ordering,
    PreparedRows,
    SearchCache,
    SearchIndex,
    active_bits,
    column_keys,
    column_ranks,
    dense_ranks,
    display_names,
    format_synced,
    name_keys,
    order_by_rank,
    prepare_rows,
    search_key,
)
from desktop.models.table_cells import TableCells
from desktop.models.table_filters import TableFilters
from desktop.models.table_labels import _VERTICAL, BUSY_ROLE
from desktop.services.domain import CATEGORIES, CustomerRow, fold

__all__ = [
    "BUSY_ROLE",
    "CATEGORY_COLUMNS",
    "COLUMN_COUNT",
    "COL_ASSISTANCE",
    "COL_BILLING",
    "COL_FIRST_CATEGORY",
    "COL_GROUPS",
    "COL_NAME",
    "COL_OVER",
    "COL_REGION",
    "COL_SYNCED",
    "COL_TAGS",
    "COL_TENANT_ID",
    "COL_UNUSED",
    "CustomerTableModel",
    "PreparedRows",
    "TableCells",
    "TableFilters",
    "column_keys",
    "dense_ranks",
    "format_synced",
    "prepare_rows",
]


#: Rows of a column store built per idle-time slice (~1-2 ms at 2,500; the search
#: index and the sort ranks follow, in slices of the same size)
ROW_SLICE = 2_500


class CustomerTableModel(TableFilters):
    """Customers as a flat table; filter and sort in bulk over plain lists.

    The row count is the number of visible rows; a search, a sort or a toggle
    changes ``_visible`` and emits a layout change (persistent indexes mapped to
    the same customers), never a reset: selection and current row survive, and
    the view only repaints what is on screen.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search_keys: list[str] = []
        self._plain_keys: list[str] = []  # without the user's words (issue 15)
        self._active_bits: list[int] = []
        self._name_order: list[int] = []  # every row by folded name
        self._ranks: dict[int, Sequence[int]] = {}  # column -> rank per row
        self._orders: dict[tuple[int, bool], list[int]] = {}  # recent full orders
        self._base: list[int] = []  # rows eligible to show (removed filter), sorted
        self._index = SearchIndex([])
        self._search = SearchCache([], self._index)
        self._indexer = QTimer(self)  # builds the search index in idle time
        self._indexer.setInterval(0)
        self._indexer.timeout.connect(self._index_step)
        self._name_identity = True  # rows are stored in name order
        self._recent_ids: dict[str, int] = {}  # tenant id -> row index, for row_of_id
        self._input_order: list[int] | None = None  # unsorted view: the order rows came in
        self._combined_bits: int | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._rank_tenant_ids = False  # the tenant ID column is shown: rank it in idle time

    # ------------------------------------------------------------ actions: busy rows, row updates

    def set_busy(self, tenant_ids: Iterable[str], on: bool) -> None:
        """Mark customers as busy (an action runs for them): hourglass + tooltip."""
        ids = set(tenant_ids)
        self._cells.clear()
        if on:
            self._busy |= ids
        else:
            self._busy -= ids
        roles = [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole, BUSY_ROLE]
        for tid in ids:
            pos = self.row_of_id(tid)
            if pos >= 0:
                self.dataChanged.emit(self.index(pos, 0), self.index(pos, COLUMN_COUNT - 1), roles)

    def update_rows(self, rows: Iterable[CustomerRow]) -> None:
        """Replace customers by id (new ones are added), e.g. after an action or as
        licence batches of a sync land. Rows whose place in the view does not change
        (same name, search key, tombstone and key in the sorted column) are updated in
        place with one ``dataChanged``. Otherwise a layout change, not a reset:
        selection and current row stay on the same customers; unlinked (tombstoned)
        ones leave the view unless removed customers are shown."""
        fresh = {r.id: r for r in rows}
        if not fresh:
            return
        self._cells.clear()
        # Column-wise, C-level work only: a licence batch of a sync holds up to
        # 10,000 rows and runs on the GUI thread (a loop per row cost ~150 ms).
        positions = self._id_positions()  # kept across the batches of a sync
        where = list(map(positions.get, fresh.keys()))
        known = list(map(is_not, where, repeat(None)))
        candidates = list(fresh.values())
        added = list(compress(candidates, map(not_, known)))
        changed: list[int] = list(compress(where, known))  # type: ignore[arg-type]
        news = list(compress(candidates, known))
        olds = list(map(self._rows.__getitem__, changed))
        renamed = display_names(olds) != display_names(news)
        old_keys = list(map(search_key, olds))
        new_keys = list(map(search_key, news))
        sort_col = self._sort_column
        moved = (
            renamed
            or _tombstones(olds) != _tombstones(news)
            or old_keys != new_keys
            or (
                sort_col not in (-1, COL_NAME)
                and list(map(self._sort_value, olds, repeat(sort_col)))
                != list(map(self._sort_value, news, repeat(sort_col)))
            )
        )
        deque(map(self._rows.__setitem__, changed, news), 0)
        if self._plain_keys is not self._search_keys:
            deque(map(self._plain_keys.__setitem__, changed, new_keys), 0)
        notes = map(self._extras.note_key, map(attrgetter("id"), news))
        deque(map(self._search_keys.__setitem__, changed, map(add, new_keys, notes)), 0)
        # one call for the whole batch (a call per row costs ~20 us: 100 ms a 5,000 batch)
        for i, bits in zip(changed, active_bits(news), strict=True):
            self._active_bits[i] = bits
        # Ranks of columns whose values changed are stale now (a licence batch: the
        # statuses and "Last synced"); the name order only on renames.
        if renamed or added:
            self._ranks = {}
        else:
            stale = _stale_columns(olds, news)
            self._ranks = {c: r for c, r in self._ranks.items() if c not in stale}
        self._orders = {}
        self._combined_bits = None
        if self._facet_masks is not None and not added:
            self._facet_masks.update(changed)  # a licence batch: no 100k-row rebuild
        else:
            self._facet_masks = None
        self._filter_valid = False
        if moved:
            self._removed = sum(1 for r in self._rows if r.removed_at is not None)
        if not moved and not added:
            self._indexer.start()  # the dropped ranks are rebuilt in idle time
            self._refresh_in_place(changed)
            return
        for new in added:
            if self._input_order is not None:
                self._input_order.append(len(self._rows))
            positions[new.id] = len(self._rows)
            self._rows.append(new)
            if self._plain_keys is not self._search_keys:
                self._plain_keys.append(search_key(new))
            self._search_keys.append(search_key(new) + self._extras.note_key(new.id))
            self._active_bits.append(active_bits((new,))[0])
            if new.removed_at is not None:
                self._removed += 1
        if renamed or added:
            ranks = dense_ranks(name_keys(self._rows))
            self._ranks = {COL_NAME: ranks}
            # The previous order is nearly sorted: timsort needs ~n comparisons.
            self._name_order = sorted(
                [*self._name_order, *range(len(self._name_order), len(self._rows))],
                key=ranks.__getitem__,
            )
            self._name_identity = self._name_order == list(range(len(self._rows)))
        self._eligible = None
        self._new_index()
        self._rebase()
        self._show(self._search.find(self._needle))
        self._update_hidden_categories()

    def _refresh_in_place(self, changed: list[int]) -> None:
        if len(changed) > 64 and self._visible:
            # A licence batch: the repaint is the viewport either way; locating
            # thousands of rows one by one would cost more than the repaint.
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._visible) - 1, COLUMN_COUNT - 1)
            )
            self._update_hidden_categories()
            self.visibleRowsChanged.emit()
            return
        positions = [p for p in map(self._position_of, changed) if p >= 0]
        if positions:
            self.dataChanged.emit(
                self.index(min(positions), 0), self.index(max(positions), COLUMN_COUNT - 1)
            )
        self._update_hidden_categories()
        self.visibleRowsChanged.emit()

    def _sort_value(self, row: CustomerRow, col: int) -> Any:
        if col in CATEGORY_COLUMNS:
            c = col - COL_FIRST_CATEGORY
            return row.statuses[c] if c < len(row.statuses) else None
        if col == COL_BILLING:
            return row.billing_type
        if col == COL_GROUPS:
            return row.groups
        if col == COL_ASSISTANCE:
            return row.assistance
        if col == COL_REGION:
            return row.data_region
        if col == COL_SYNCED:
            return row.last_synced
        if col == COL_TENANT_ID:
            return row.id
        return None

    # ------------------------------------------------------------ rows

    def set_rows(self, rows: Iterable[CustomerRow] | PreparedRows) -> None:
        """Swap in new rows; keeps the current search, sort and toggles.

        Pass :class:`PreparedRows` (built by :func:`prepare_rows` on a worker
        thread) to keep the per-row key work off the GUI thread. With a selection
        or a current row (persistent indexes), a layout change maps them to the
        same customers in the new rows; otherwise a reset.
        """
        prepared = rows if isinstance(rows, PreparedRows) else prepare_rows(rows, ())
        persistent = self.persistentIndexList()
        if persistent:
            self._about_to_reorder()
            persistent = self.persistentIndexList()  # the selection model adds its own
            old_ids = [self._id_at(p.row()) for p in persistent]
        else:
            self.beginResetModel()
        self._set_row_store(prepared.store)  # columns: the rows are built in idle time
        if prepared.ids is not None and len(prepared.ids) == len(prepared):
            self._ids, self._ids_rows = prepared.ids, self._row_list  # for lookups by id
        self._id_map = (None, {})  # the old rows' ids: rebuilt on the next update_rows
        self._plain_keys = prepared.search_keys
        self._search_keys = self._with_notes(prepared.search_keys)
        self._facet_masks = None
        self._filter_valid = False
        self._active_bits = prepared.active_bits
        self._removed = prepared.removed
        self._name_order = prepared.name_order or sorted(
            range(len(prepared.rows)), key=dense_ranks(name_keys(prepared.rows)).__getitem__
        )
        self._ranks = dict(prepared.ranks)
        self._orders = {}
        for col, (asc, desc) in prepared.orders.items():
            self._orders[(col, False)] = asc
            self._orders[(col, True)] = desc
        self._name_identity = self._name_order == list(range(len(prepared)))
        self._input_order = prepared.input_order
        self._eligible = prepared.eligible
        self._combined_bits = None
        self._synced_text.clear()
        self._cells.clear()
        self._new_index()
        self._rebase()
        self._visible = self._search.find(self._needle)
        if persistent:
            wanted = {tid for tid in old_ids if tid is not None}
            # one C-level pass over the ids (a Python loop over 100k rows cost ~40 ms
            # of the GUI thread at the hand-over of a sync)
            found = self._ids_of(wanted) if wanted else {}
            self.changePersistentIndexList(
                persistent,
                [
                    self._index_for(found.get(tid, -1) if tid is not None else -1, p.column())
                    for tid, p in zip(old_ids, persistent, strict=True)
                ],
            )
            self._reordered()
        else:
            self.endResetModel()
        self._update_hidden_categories()
        self.visibleRowsChanged.emit()

    def all_rows(self) -> list[CustomerRow]:
        """Every row, in the order they were given (they are stored in name order)."""
        order = self._input_order
        if order is not None and len(order) == len(self._rows):
            return list(map(self._rows.__getitem__, order))
        return list(self._rows)

    def row_of_id(self, tenant_id: str) -> int:
        """Position of a customer in the view (-1 when not shown)."""
        i = self._recent_ids.get(tenant_id)
        if i is None or i >= self._row_count() or self._id_list()[i] != tenant_id:
            i = self._ids_of((tenant_id,)).get(tenant_id)
            if i is None:
                return -1
            if len(self._recent_ids) > 1000:
                self._recent_ids.clear()
            self._recent_ids[tenant_id] = i
        return self._position_of(i)

    def total_count(self) -> int:
        """Customers eligible to show (ignores search)."""
        return len(self._base)

    def _id_at(self, pos: int) -> str | None:
        return self._id_list()[self._visible[pos]] if 0 <= pos < len(self._visible) else None

    def _positions(self) -> list[int]:
        return self._search.positions()

    def _position_of(self, i: int) -> int:
        """Position of row ``i`` in ``_visible`` (a subsequence of ``_base``), or -1."""
        if not 0 <= i < self._row_count():
            return -1
        return self._search.locate(self._visible, i)

    def _index_for(self, i: int, column: int) -> QModelIndex:
        pos = self._position_of(i) if i >= 0 else -1
        return self.index(pos, column) if pos >= 0 else QModelIndex()

    def _ordered_base(self) -> list[int]:
        """Every eligible row in the current sort order."""
        order = self._order(self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder)
        mask = self._filter_mask()
        if mask is not None:
            return list(compress(order, map(mask.__getitem__, order)))
        return order

    def _order(self, column: int, descending: bool) -> list[int]:
        """Every row sorted by ``column`` (ties in name order); a few are cached."""
        if column < 0:
            order = list(self._index.ints)
            if self._input_order is not None and len(self._input_order) == len(order):
                order = list(self._input_order)
            return order
        key = (column, descending)
        cached = self._orders.get(key)
        if cached is not None:
            return cached
        if column == COL_NAME:
            order = self._name_order[::-1] if descending else self._name_order
        else:
            order = order_by_rank(self._name_order, self._ranks_for(column), descending)
        if len(self._orders) >= 2:
            del self._orders[next(iter(self._orders))]
        self._orders[key] = order
        return order

    def _ranks_for(self, column: int) -> Sequence[int]:
        ranks = self._ranks.get(column)
        if ranks is None and column in INSIGHT_COLUMNS:
            ranks = self._insight_ranks(column)
            self._ranks[column] = ranks
        if ranks is None:
            billing = self._billing_text if column == COL_BILLING else None
            ranks = column_ranks(self._rows, column, billing)
            self._ranks[column] = ranks
        return ranks

    def _rebase(self) -> None:
        """Recompute the eligible rows in display order (after rows, sort or removed
        filter changed) and start a fresh result cache for them."""
        base = self._ordered_base()
        col = self._sort_column
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        eligible = self._filter_mask()
        if col < 0 or not self._name_identity:
            ordering = Ordering("any")
        elif col == COL_NAME:
            ordering = Ordering("rows_desc" if descending else "rows", eligible=eligible)
        else:
            ordering = Ordering("rank", self._ranks_for(col), descending, eligible)
        self._base = base
        self._search = SearchCache(base, self._index, ordering)

    def _new_index(self) -> None:
        """A fresh search index for the rows; it and every column's sort ranks are then
        built in idle time (slices of ~2-5 ms), so first letters and first clicks on a
        header find them ready."""
        # The identity name order doubles as the shared row-number ints (never mutated).
        ints = self._name_order if self._name_identity else None
        self._index = SearchIndex(self._search_keys, ints)
        self._indexer.start()

    def _index_step(self) -> None:
        if not self._build_rows(ROW_SLICE):
            return  # the row objects of a column store first (row_list(), facet masks)
        if self._index.index_step():
            return
        for col in range(COL_NAME + 1, COLUMN_COUNT):  # the name order needs no ranks
            if col == COL_TENANT_ID and not self._rank_tenant_ids:
                continue  # hidden by default: ranked in idle time only once it is shown
            if col not in self._ranks:
                self._ranks_for(col)
                return
        if self._combined_bits is None and self._base:
            self._combined_protection()  # the first "my protection only" click finds it
            return
        self._indexer.stop()

    def _combined_protection(self) -> int:
        """Bit c set = some customer eligible to show has active protection in category
        c (over every eligible customer, not the search result, so columns do not jump
        around while typing)."""
        if self._combined_bits is None:
            self._combined_bits = reduce(or_, map(self._active_bits.__getitem__, self._base), 0)
        return self._combined_bits

    def set_tenant_id_shown(self, shown: bool) -> None:
        """The view shows the tenant ID column: its sort ranks (~40 ms at 100k rows)
        are then built in idle time, so the first click on its header finds them."""
        self._rank_tenant_ids = shown
        if shown and COL_TENANT_ID not in self._ranks:
            self._indexer.start()

    def search_index_ready(self) -> bool:
        """True once the idle-time index and ranks are complete (benchmarks wait for it)."""
        return not self._indexer.isActive()

    def _show(self, visible: list[int]) -> None:
        """Make ``visible`` the shown rows: a layout change, persistent indexes (selection,
        current row) mapped to the same rows; nothing at all if nothing changed."""
        old = self._visible
        if visible is old or visible == old:
            self._visible = visible
            return
        self._about_to_reorder()
        persistent = self.persistentIndexList()
        sources = [old[p.row()] if 0 <= p.row() < len(old) else -1 for p in persistent]
        self._visible = visible
        if persistent:
            self.changePersistentIndexList(
                persistent,
                [self._index_for(i, p.column()) for i, p in zip(sources, persistent, strict=True)],
            )
        self._reordered()
        self.visibleRowsChanged.emit()

    _LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")

    def _about_to_reorder(self) -> None:
        # VerticalSortHint: rows change, columns do not (the selection model then keeps
        # one persistent index per selected row, not one per selected cell).
        self.layoutAboutToBeChanged[self._LAYOUT_SIGNATURE].emit(  # type: ignore[index]
            [], _VERTICAL
        )

    def _reordered(self) -> None:
        self.layoutChanged[self._LAYOUT_SIGNATURE].emit([], _VERTICAL)  # type: ignore[index]

    # ------------------------------------------------------------ search

    def search_text(self) -> str:
        return self._needle

    def set_search(self, text: str) -> None:
        needle = fold(text.strip())
        if needle == self._needle:
            return
        self._needle = needle
        self._show(self._search.find(needle))

    # ------------------------------------------------------------ show removed / toggle

    def show_removed(self) -> bool:
        return self._show_removed

    def set_show_removed(self, on: bool) -> None:
        if on == self._show_removed:
            return
        self._show_removed = on
        self._combined_bits = None
        self._filter_valid = False
        self._rebase()
        self._show(self._search.find(self._needle))
        self._update_hidden_categories()
        self.visibleRowsChanged.emit()

    def my_protection_only(self) -> bool:
        return self._my_protection_only

    def set_my_protection_only(self, on: bool) -> None:
        if on == self._my_protection_only:
            return
        self._my_protection_only = on
        self._cells.clear()
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
            combined = self._combined_protection()
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
        if column == self._sort_column and order == self._sort_order:
            return
        self._sort_column = column
        self._sort_order = order
        self._rebase()
        self._show(self._search.find(self._needle))

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order


#: The row field each column sorts by (the rank of a column is stale only when its
#: field changed in some row).
_SORT_FIELDS: dict[int, str] = {
    COL_NAME: "show_as",
    COL_BILLING: "billing_type",
    COL_GROUPS: "groups",
    COL_ASSISTANCE: "assistance",
    COL_REGION: "data_region",
    COL_SYNCED: "last_synced",
    COL_TENANT_ID: "id",
    **dict.fromkeys(CATEGORY_COLUMNS, "statuses"),
}


def _stale_columns(olds: list[CustomerRow], news: list[CustomerRow]) -> set[int]:
    """Columns whose sort field differs in some of the replaced rows (C-level compares
    per field, not per row and column); insight columns are kept by their own rules."""
    stale: set[int] = set()
    for field in set(_SORT_FIELDS.values()):
        get = attrgetter(field)
        if list(map(get, olds)) != list(map(get, news)):
            stale.update(c for c, f in _SORT_FIELDS.items() if f == field)
    return stale


def _tombstones(rows: list[CustomerRow]) -> list[bool]:
    """True per row that is not removed (C-level)."""
    return list(map(is_, map(attrgetter("removed_at"), rows), repeat(None)))
