"""Which of the customer table's rows may show: the removed and ignored rules, the
facets of issue 15 and the user's words in the search keys (docs/architecture.md §3).

:class:`TableFilters` is the middle layer of ``CustomerTableModel``: it keeps the
eligibility masks (one byte a row, combined as big integers) and the insight extras;
the layer above (``customer_table``) orders the eligible rows, searches them and
tells the views.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, is_, itemgetter
from typing import Any

from PySide6.QtCore import QTimer

from desktop.models.customer_insights import FacetMasks, InsightExtras, as_int
from desktop.models.customer_rows import (
    COL_OVER,
    COL_TAGS,
    COLUMN_COUNT,
    INSIGHT_COLUMNS,
    SearchCache,
    SearchIndex,
    dense_ranks,
)
from desktop.models.table_cells import TableCells
from desktop.services.domain import CustomerRow, fold
from desktop.services.insights.views import FACETS, Facet


class TableFilters(TableCells):
    """Eligibility of every row (removed, ignored, facet) and the insight extras."""

    # Kept by the layer above (customer_table.CustomerTableModel).
    _plain_keys: list[str]
    _search_keys: list[str]
    _index: SearchIndex
    _search: SearchCache
    _ranks: dict[int, Sequence[int]]
    _orders: dict[tuple[int, bool], list[int]]
    _indexer: QTimer  # builds the index and the sort ranks in idle time

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._removed = 0  # rows with a tombstone
        self._show_removed = False
        self._eligible: bytes | None = None  # 0/1 per row: not removed (lazy)
        self._facet = Facet.ALL
        self._show_ignored = False
        self._facet_masks: FacetMasks | None = None
        self._filter: bytes | None = None
        self._filter_valid = False

    # Provided by the layer above: a fresh search index for the keys, the eligible rows
    # in display order, and making a list of rows the shown ones.
    def _new_index(self) -> None:
        raise NotImplementedError

    def _rebase(self) -> None:
        raise NotImplementedError

    def _show(self, visible: list[int]) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------ insights (issue 15)

    def _with_notes(self, keys: list[str]) -> list[str]:
        """Search keys that also match the user's alias, tags and note."""
        notes = self._extras.notes
        if not notes:
            return keys
        keys = list(keys)
        for tid, i in self._ids_of(notes.keys()).items():
            keys[i] = keys[i] + self._extras.note_key(tid)
        return keys

    def row_list(self) -> Sequence[CustomerRow]:
        """The rows as stored (name order); for workers that build per-row masks. At
        start, while the row objects are still being built, the column store itself
        (masks read its columns; iterating it builds every row)."""
        return self._lazy if self._lazy is not None else self._row_list

    def _current_rows(self, rows: Sequence[CustomerRow]) -> bool:
        """``rows`` are this model's rows (also: the column store they were built from)."""
        return rows is self._row_list or rows is self._lazy or rows is self._built_from

    def _own(self, masks: FacetMasks) -> FacetMasks:
        """Masks of the current rows, pointed at the built row list once it exists (rows
        replaced in place later are read from it, not from the store's columns)."""
        if self._lazy is None and masks.rows is not self._row_list:
            masks.rows = self._row_list
        return masks

    def _rows_built(self) -> None:
        if self._facet_masks is not None:
            self._own(self._facet_masks)

    def insights(self) -> InsightExtras:
        return self._extras

    def set_insights(self, extras: InsightExtras, masks: FacetMasks | None = None) -> None:
        """New tags/notes, seats and changes: search keys, masks and view follow.

        ``masks``: facet masks built off the GUI thread for these very rows (used only
        when they are)."""
        self._extras = extras
        # what the Tags and seats cells show changed: drop a per-row cell cache if any
        getattr(self, "_cells", {}).clear()
        keys = self._with_notes(self._plain_keys)
        rebuild = keys is not self._search_keys and keys != self._search_keys
        self._search_keys = keys
        if masks is not None and self._current_rows(masks.rows) and masks.extras is extras:
            self._facet_masks = self._own(masks)
        elif self._facet_masks is not None and self._current_rows(self._facet_masks.rows):
            self._facet_masks = self._own(self._facet_masks.derive(extras).build_all())
        else:
            self._facet_masks = None
        self._filter_valid = False
        for col in INSIGHT_COLUMNS:
            self._ranks.pop(col, None)
        self._orders = {k: v for k, v in self._orders.items() if k[0] not in INSIGHT_COLUMNS}
        if rebuild:
            self._new_index()  # the user's words are searched too
        else:  # the same search keys: the index stands; only those ranks are rebuilt
            self._indexer.start()
        self._rebase()
        self._show(self._search.find(self._needle))
        if self._visible:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._visible) - 1, COLUMN_COUNT - 1)
            )
        self.visibleRowsChanged.emit()

    def facet_masks_ready(self) -> bool:
        """Every facet's mask is built (else counting would build them here)."""
        return self._facet_masks is not None and self._facet_masks.complete

    def adopt_facet_masks(self, masks: FacetMasks) -> bool:
        """Masks built on a worker for the current rows and extras; False if stale."""
        if not self._current_rows(masks.rows) or masks.extras is not self._extras:
            return False
        self._facet_masks = self._own(masks)
        return True

    def _masks(self) -> FacetMasks:
        if self._facet_masks is None:
            self._facet_masks = FacetMasks(self._rows, self._extras)
        return self._facet_masks

    def _filter_mask(self) -> bytes | None:
        """Rows eligible to show: not removed (unless shown), not ignored (unless shown
        or the Ignored facet), in the facet. None: every row."""
        if self._filter_valid:
            return self._filter
        parts: list[int] = []
        if self._removed and not self._show_removed:
            parts.append(as_int(self._not_removed()))
        # the facet masks only when a facet or the ignored rule applies (they need
        # every row object: at start the rows are still being built in idle time)
        if not self._show_ignored and self._facet != Facet.IGNORED and self._extras.ignored():
            masks = self._masks()
            parts.append(masks.as_int(Facet.ALL) ^ masks.as_int(Facet.IGNORED))
        if self._facet != Facet.ALL:
            parts.append(self._masks().as_int(self._facet))
        mask: bytes | None = None
        if parts:
            combined = parts[0]
            for p in parts[1:]:
                combined &= p
            mask = combined.to_bytes(self._row_count(), "little")
        self._filter, self._filter_valid = mask, True
        return mask

    def _not_removed(self) -> bytes:
        """0/1 per row: not removed (C-level; from the columns while rows are built)."""
        if self._eligible is None:
            lazy = self._lazy
            if lazy is not None:
                removed_at: Any = lazy.column("removed_at")
            else:
                removed_at = map(attrgetter("removed_at"), self._row_list)
            self._eligible = bytes(map(is_, removed_at, repeat(None)))
        return self._eligible

    def facet(self) -> str:
        return self._facet

    def set_facet(self, facet: str) -> None:
        """Show one facet only (Facet.ALL: every row); a bulk mask, then one layout change."""
        if facet not in FACETS:
            facet = Facet.ALL
        if facet == self._facet:
            return
        self._facet = facet
        self._filter_valid = False
        self._rebase()
        self._show(self._search.find(self._needle))
        self.visibleRowsChanged.emit()

    def show_ignored(self) -> bool:
        return self._show_ignored

    def set_show_ignored(self, on: bool) -> None:
        if on == self._show_ignored:
            return
        self._show_ignored = on
        self._filter_valid = False
        self._rebase()
        self._show(self._search.find(self._needle))
        self.visibleRowsChanged.emit()

    def facet_counts(self) -> dict[str, int]:
        """Customers of every facet among those the search matches (and that may show:
        removed and ignored rules apply): masks as big integers, AND + popcount — a
        few milliseconds at 100,000 rows, no per-row Python."""
        masks = self._masks()
        within = masks.as_int(Facet.ALL)
        if self._needle:
            within = as_int(self._index.mask(self._needle))
        if self._removed and not self._show_removed:
            within &= as_int(self._not_removed())
        counts_ignored = masks.counts(within, (Facet.IGNORED,))
        if not self._show_ignored and self._extras.ignored():
            within &= masks.as_int(Facet.ALL) ^ masks.as_int(Facet.IGNORED)
        counts = masks.counts(within, [f for f in FACETS if f != Facet.IGNORED])
        counts.update(counts_ignored)
        return counts

    def _insight_ranks(self, col: int) -> Sequence[int]:
        """Sort ranks of an insight column, in C-level passes over the ids (a Python
        loop over 100,000 rows here was a ~30 ms stall of the GUI thread's idle time)."""
        ids = self._id_list()
        if col == COL_TAGS:
            keys = ["\uffff"] * len(ids)  # no tags: last
            notes = self._extras.notes
            for tid, i in (self._ids_of(notes.keys()) if notes else {}).items():
                text = self._extras.tags_text(tid)
                if text:
                    keys[i] = fold(text)
            return dense_ranks(keys)
        seats = self._extras.seats
        pick = itemgetter(0 if col == COL_OVER else 1)
        return dense_ranks(list(map(pick, map(seats.get, ids, repeat((0, 0))))))
