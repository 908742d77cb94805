"""Plain-Python row structures behind the customer table (no Qt; safe on any thread).

The table's search and sort never go through ``data()`` (docs/architecture.md §3). Everything
here works in bulk over lists, mostly in C-level loops (``map``, ``compress``,
``sorted`` with a ``__getitem__`` key), because a Python-level loop over 100,000
rows costs 5-25 ms, i.e. a whole frame:

- rows are kept in one list; the view shows ``visible``, a list of row indices;
- the *name order* (every row by folded display name) is computed once, off the GUI
  thread; every other column sorts that list stably by a small integer rank, so
  equal keys stay in name order (secondary order by name) and a sort costs ~5 ms;
- search results are cached per needle for the current order: Backspace and
  retyping answer from the cache, and a longer needle narrows the longest cached
  needle it contains instead of scanning every key.
"""

from __future__ import annotations

import datetime as dt
import heapq
import time
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, contains, is_, itemgetter, neg
from typing import Any

from desktop.models.row_columns import ROW_FIELDS as ROW_FIELDS
from desktop.models.row_columns import RowColumns as RowColumns
from desktop.services.domain import (
    CATEGORIES,
    STATUS_RANK,
    AssistanceState,
    CustomerRow,
    make_search_key,
)

# The stored order and the active-protection bits (shared with the snapshot writer).
from desktop.services.snapshot import active_bits as active_bits
from desktop.services.snapshot import display_names as display_names
from desktop.services.snapshot import name_keys as name_keys
from desktop.services.snapshot import name_order as _name_order
from desktop.services.snapshot import sort_fold

COL_NAME = 0
COL_BILLING = 1
COL_GROUPS = 2
COL_ASSISTANCE = 3
COL_FIRST_CATEGORY = 4
COL_REGION = COL_FIRST_CATEGORY + len(CATEGORIES)
COL_SYNCED = COL_REGION + 1
COL_TENANT_ID = COL_SYNCED + 1  # hidden by default (issue 14 item 1)
# issue 15: the user's tags, and seats over / under the licence quantities (the values
# live beside the rows, in the model's insight extras)
COL_TAGS = COL_TENANT_ID + 1
COL_OVER = COL_TAGS + 1
COL_UNUSED = COL_OVER + 1
INSIGHT_COLUMNS = (COL_TAGS, COL_OVER, COL_UNUSED)
COLUMN_COUNT = COL_UNUSED + 1
CATEGORY_COLUMNS = range(COL_FIRST_CATEGORY, COL_REGION)

ASSISTANCE_RANK = {
    AssistanceState.ENABLED: 4,
    AssistanceState.PENDING: 3,
    AssistanceState.DECLINED: 2,
    AssistanceState.OFF: 1,
    AssistanceState.UNKNOWN: 0,
}

# Bit i set = the customer has active protection in CATEGORIES[i].
ALL_CATEGORY_BITS = (1 << len(CATEGORIES)) - 1


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


def dense_ranks(keys: list[Any], gentle: bool = False) -> list[int]:
    """Equal keys get equal ranks; sorting by the ranks is a fast int sort."""
    if keys and isinstance(keys[0], int):
        return keys
    # Sort the distinct keys only (a few thousand names, not 100k rows).
    distinct = sorted_gently(set(keys)) if gentle else sorted(set(keys))
    rank_of = {key: rank for rank, key in enumerate(distinct)}
    return list(map(rank_of.__getitem__, keys))


#: Items a slice of :func:`sorted_gently` sorts in one C call (~5 ms at 100k names).
GENTLE_SLICE = 8_192


def sorted_gently(items: Iterable[Any], key: Callable[[Any], Any] | None = None) -> list[Any]:
    """``sorted(items, key=key)`` for a worker thread while the GUI thread runs: sorted
    in slices with the GIL released between them, then merged (``heapq.merge`` is Python
    code, so the interpreter hands the GIL over every few milliseconds). ``sorted()`` on
    100,000 strings is one C call that holds the GIL for 50-100 ms: a GUI stall."""
    items = list(items)
    if len(items) <= GENTLE_SLICE:
        return sorted(items, key=key)
    runs = []
    for start in range(0, len(items), GENTLE_SLICE):
        runs.append(sorted(items[start : start + GENTLE_SLICE], key=key))
        time.sleep(0)  # let a waiting GUI thread take the GIL
    return list(heapq.merge(*runs, key=key))


def _compact(ranks: Iterable[int]) -> Sequence[int]:
    """Ranks as one byte per row when they fit (100 KB instead of 800 KB at 100k rows)."""
    ranks = list(ranks)
    if not ranks or max(ranks) < 256:
        return bytes(ranks)
    return ranks


def _ranks_by_value(values: list[Any], key: Callable[[Any], Any] | None = None) -> Sequence[int]:
    """Dense ranks of ``values`` (few distinct ones), ordered by ``key`` of each value."""
    distinct = sorted(set(values), key=key)
    rank_of = {value: rank for rank, value in enumerate(distinct)}
    return _compact(map(rank_of.__getitem__, values))


def column_ranks(
    rows: Sequence[CustomerRow], column: int, billing_text: dict[Any, str] | None = None
) -> Sequence[int]:
    """Integer sort rank of every row for ``column`` (ties are then kept in name order).

    C-level loops only (``map``): ~5 ms per column at 100,000 rows. Billing sorts by
    its (translated) label when ``billing_text`` is given.
    """
    if column == COL_NAME:
        return dense_ranks(name_keys(rows))
    if column == COL_BILLING:
        values = list(map(attrgetter("billing_type"), rows))
        if billing_text is None:
            return _ranks_by_value(values, key=attrgetter("value"))
        text = billing_text
        return _ranks_by_value(values, key=lambda b: sort_fold(text[b]))
    if column == COL_GROUPS:
        groups = list(map(attrgetter("groups"), rows))
        return _ranks_by_value(groups, key=lambda g: sort_fold(", ".join(g)))
    if column == COL_ASSISTANCE:
        return _compact(map(ASSISTANCE_RANK.__getitem__, map(attrgetter("assistance"), rows)))
    if column in CATEGORY_COLUMNS:
        c = column - COL_FIRST_CATEGORY
        statuses = list(map(attrgetter("statuses"), rows))
        try:
            return _compact(map(STATUS_RANK.__getitem__, map(itemgetter(c), statuses)))
        except IndexError:  # a short status tuple (not from the cache)
            return _compact(STATUS_RANK[s[c]] if c < len(s) else 0 for s in statuses)
    if column == COL_REGION:
        return _ranks_by_value(list(map(attrgetter("data_region"), rows)))
    if column == COL_SYNCED:
        return _ranks_by_value([r.last_synced or "" for r in rows])
    if column == COL_TENANT_ID:  # ids are unique: the rank is the position in id order
        ids = list(map(attrgetter("id"), rows))
        return inverse(sorted(range(len(ids)), key=ids.__getitem__), len(ids))
    return bytes(len(rows))


def column_keys(rows: list[CustomerRow], column: int) -> Sequence[Any]:
    """Sort keys of one column (kept for callers that want keys rather than ranks)."""
    if column == COL_NAME:
        return name_keys(rows)
    return column_ranks(rows, column)


def order_by_rank(name_order: list[int], ranks: Sequence[int], descending: bool) -> list[int]:
    """Every row by ``ranks``; equal ranks stay in name order in both directions
    (Python's sort is stable, also with ``reverse=True``)."""
    return sorted(name_order, key=ranks.__getitem__, reverse=descending)


def search_key(row: CustomerRow) -> str:
    return row.search_key or make_search_key(row.name, row.show_as, row.email, row.id)


@dataclass(slots=True)
class PreparedRows:
    """Rows plus the per-row keys the model needs, built off the GUI thread."""

    #: the rows, or their columns with the rows built on demand (a table snapshot)
    store: list[CustomerRow] | RowColumns
    search_keys: list[str]
    active_bits: list[int]
    ranks: dict[int, Sequence[int]] = field(default_factory=dict)
    #: column -> (ascending, descending) order of every row (ties in name order): the
    #: GUI thread then swaps rows in without sorting 100k of them itself.
    orders: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)
    removed: int = 0  # rows with a tombstone
    #: every row ascending by folded display name (ties in row order)
    name_order: list[int] = field(default_factory=list)
    #: the rows in the order they were given (rows are stored in name order)
    input_order: list[int] | None = None
    #: every row's tenant id in row order, and the not-removed mask (None: no
    #: tombstones): built here so the GUI thread's swap does not walk 100k rows
    ids: list[str] | None = None
    eligible: bytes | None = None

    @property
    def rows(self) -> list[CustomerRow]:
        """Every row (a column store builds them now)."""
        store = self.store
        return store if isinstance(store, list) else store.rows()

    def __len__(self) -> int:
        return len(self.store)


def _with_lookups(prepared: PreparedRows) -> PreparedRows:
    rows = prepared.rows
    prepared.ids = list(map(attrgetter("id"), rows))
    if prepared.removed:
        prepared.eligible = bytes(map(is_, map(attrgetter("removed_at"), rows), repeat(None)))
    return prepared


def prepare_rows(
    rows: Iterable[CustomerRow], sort_columns: Iterable[int] = (COL_NAME,), gentle: bool = False
) -> PreparedRows:
    """Search keys, active-protection bits, the name order and the orders of
    ``sort_columns``. No Qt calls: run it on the worker thread that loaded the rows.
    ``gentle``: the long sorts in slices (:func:`sorted_gently`), while the GUI runs."""
    rows = list(rows)
    # Store the rows in name order: the default view is then the rows as stored, and
    # search results come out in display order without a walk through a permutation.
    if gentle:
        name_ranks = dense_ranks(name_keys(rows), gentle)
        order = sorted_gently(range(len(rows)), key=name_ranks.__getitem__)
        del name_ranks
    else:
        order = _name_order(rows)
    rows = list(map(rows.__getitem__, order))
    prepared = prepare_name_ordered(rows, active_bits(rows), sort_columns)
    prepared.input_order = inverse(order, len(order), prepared.name_order)
    return prepared


def _prepared_orders(sort_columns: Iterable[int]) -> list[int]:
    """The columns of ``sort_columns`` whose orders are prepared off the GUI thread:
    not the name (the stored order) nor billing (it sorts by translated labels: the
    model does it)."""
    return [
        col
        for col in dict.fromkeys(sort_columns)
        if 0 <= col < COLUMN_COUNT and col not in (COL_NAME, COL_BILLING)
    ]


def _sort_orders(
    rows: list[CustomerRow], name_order: list[int], sort_columns: Iterable[int]
) -> tuple[dict[int, Sequence[int]], dict[int, tuple[list[int], list[int]]]]:
    ranks: dict[int, Sequence[int]] = {}
    orders: dict[int, tuple[list[int], list[int]]] = {}
    for col in _prepared_orders(sort_columns):
        col_ranks = column_ranks(rows, col)
        ranks[col] = col_ranks
        orders[col] = (
            order_by_rank(name_order, col_ranks, False),
            order_by_rank(name_order, col_ranks, True),
        )
    return ranks, orders


def prepare_name_ordered(
    rows: list[CustomerRow], bits: list[int], sort_columns: Iterable[int] = (COL_NAME,)
) -> PreparedRows:
    """:class:`PreparedRows` of rows already in name order with their active-protection
    bits (:func:`prepare_rows` after its name sort): no name sort, no key folding. The
    name order is the stored order; no name ranks or reversed copy are kept.
    ``input_order`` is None: ``all_rows()`` gives them in name order."""
    name_order = list(range(len(rows)))
    keys = list(map(attrgetter("search_key"), rows))
    if "" in keys:
        keys = [key or search_key(r) for key, r in zip(keys, rows, strict=True)]
    ranks, orders = _sort_orders(rows, name_order, sort_columns)
    removed = len(rows) - list(map(attrgetter("removed_at"), rows)).count(None)
    return _with_lookups(PreparedRows(rows, keys, bits, ranks, orders, removed, name_order, None))


def prepare_columns(
    columns: Sequence[list[Any]],
    bits: list[int],
    sort_columns: Iterable[int] = (COL_NAME,),
    lazy: bool = True,
) -> PreparedRows:
    """:class:`PreparedRows` of a table snapshot's columns (rows in name order, fields
    in ``CustomerRow`` order): keys, ids and tombstones straight from the columns.
    ``lazy``: the row objects are built later, by the table (:class:`RowColumns`);
    otherwise here (also when ``sort_columns`` asks for orders that need them)."""
    store = RowColumns(columns)
    size = len(store)
    name_order = list(range(size))
    keys = store.column("search_key")
    if "" in keys:
        keys = [key or search_key(store.row(i)) for i, key in enumerate(keys)]
    removed_at = store.column("removed_at")
    removed = size - removed_at.count(None)
    eligible = bytes(map(is_, removed_at, repeat(None))) if removed else None
    ranks: dict[int, Sequence[int]] = {}
    orders: dict[int, tuple[list[int], list[int]]] = {}
    wanted = _prepared_orders(sort_columns)
    rows: list[CustomerRow] | RowColumns = store
    if wanted or not lazy:
        rows = store.rows()
        ranks, orders = _sort_orders(rows, name_order, wanted)
    prepared = PreparedRows(rows, keys, bits, ranks, orders, removed, name_order, None)
    prepared.ids = store.ids
    prepared.eligible = eligible
    return prepared


#: Candidates above 1/DENSE of the rows are not picked out one by one: every key is
#: scanned instead (``bytes(map(contains, keys, ...))`` costs a quarter of a candidate walk).
DENSE = 3

#: Characters whose masks are built in idle time after the rows arrive (most frequent
#: first): a first letter is then answered without scanning every key.
INDEXED_CHARS = "eaoinrstlcdmuhgpbfy0123456789kvwzxjq@.-_ "


def _and(a: bytes, b: bytes) -> bytes:
    """Row-wise AND of two 0/1 byte masks (as big integers: ~0.1 ms at 100k rows)."""
    return (int.from_bytes(a, "little") & int.from_bytes(b, "little")).to_bytes(len(a), "little")


class SearchIndex:
    """Which rows match a folded needle, as a 0/1 byte per row in row order.

    Masks do not depend on the sort order, so they survive sorts and toggles. A
    needle's candidates are narrowed with the masks already known: the longest
    cached needle it contains (typing on) and the single-character masks of its
    letters (built in idle time by :meth:`index_step`); only candidates are scanned.
    """

    def __init__(self, keys: list[str], ints: list[int] | None = None, budget: int = 24) -> None:
        self.keys = keys
        self.size = len(keys)
        #: 0..size-1 as shared int objects: result lists then hold references only
        #: (8 bytes a row) instead of a fresh int object per row (36 bytes a row).
        self.ints = ints if ints is not None and len(ints) == self.size else list(range(self.size))
        self._masks: dict[str, bytes] = {}  # recent needles, least recently used first
        self._budget = budget
        self._chars: dict[str, bytes] = {}
        self._todo = [c for c in INDEXED_CHARS] if keys else []
        self._part: list[bytes] = []
        self._at = 0

    def mask(self, needle: str) -> bytes:
        known = self._chars.get(needle)
        if known is not None:
            return known
        hit = self._masks.pop(needle, None)
        if hit is None:
            hit = self._compute(needle)
        self._masks[needle] = hit
        if len(self._masks) > self._budget:
            del self._masks[next(iter(self._masks))]
        return hit

    def _compute(self, needle: str) -> bytes:
        candidates: bytes | None = None
        source = ""
        for cached in self._masks:
            if len(cached) > len(source) and cached in needle:
                source = cached
        if source:
            candidates = self._masks[source]
        for ch in set(needle):
            char_mask = self._chars.get(ch)
            if char_mask is not None:
                candidates = char_mask if candidates is None else _and(candidates, char_mask)
        keys = self.keys
        if candidates is None or candidates.count(1) * DENSE > self.size:
            # Most rows are candidates: one pass over every key (~60 ns a row) is cheaper
            # than picking the candidates out first (~250 ns a candidate).
            found = bytes(map(contains, keys, repeat(needle)))
        else:
            rows = list(compress(self.ints, candidates))
            hits = bytearray(self.size)
            matched = compress(rows, map(contains, map(keys.__getitem__, rows), repeat(needle)))
            deque(map(hits.__setitem__, matched, repeat(1)), maxlen=0)
            found = bytes(hits)
        if len(needle) == 1:
            self._chars[needle] = found
        return found

    def pending(self) -> bool:
        return bool(self._todo)

    def index_step(self, rows: int = 20_000) -> bool:
        """Index one slice of one character (~2 ms); True while work remains."""
        while self._todo and self._todo[0] in self._chars:
            self._todo.pop(0)
            self._part, self._at = [], 0
        if not self._todo:
            return False
        ch = self._todo[0]
        end = min(self._at + rows, self.size)
        self._part.append(bytes(map(contains, self.keys[self._at : end], repeat(ch))))
        self._at = end
        if end >= self.size:
            self._chars[ch] = b"".join(self._part)
            self._todo.pop(0)
            self._part, self._at = [], 0
        return bool(self._todo)


@dataclass(frozen=True, slots=True)
class Ordering:
    """How a base (the eligible rows in display order) relates to row indices, so a
    search result can be put in display order without walking the whole base.

    ``kind``: ``"rows"`` (ascending row index), ``"rows_desc"``, ``"rank"`` (stable sort
    of ascending row indices by ``ranks``, reversed if ``descending``; Python's
    ``reverse=True`` keeps ties in their order) or ``"any"``. ``eligible`` is a 0/1
    mask of the rows the base may hold (None: every row).
    """

    kind: str = "any"
    ranks: Sequence[int] | None = None
    descending: bool = False
    eligible: bytes | None = None


class SearchCache:
    """Search results (row indices in display order) per folded needle, for one base.

    Backspace and retyping answer from here; a new needle takes its mask from the
    :class:`SearchIndex` and puts the matching rows in display order: directly when
    the base is in row order (rows are stored in name order), by a near-linear stable
    sort on a small rank when it is sorted by another column.
    Bounded by the number of row indices kept, not by entries.
    """

    def __init__(
        self,
        base: list[int],
        index: SearchIndex,
        ordering: Ordering | None = None,
        budget: int = 250_000,
    ) -> None:
        self.base = base
        self.index = index
        self.ordering = ordering or Ordering()
        self._results: dict[str, list[int]] = {}
        self._size = 0
        self._budget = max(budget, 2 * len(base))
        self._positions: list[int] | None = None

    def find(self, needle: str) -> list[int]:
        if not needle:
            return self.base
        hit = self._results.pop(needle, None)
        if hit is None:
            source = ""
            for cached in self._results:
                if len(cached) > len(source) and cached in needle:
                    source = cached
            if source and len(self._results[source]) * DENSE <= self.index.size:
                # Typing on: narrow the shown result of a contained needle; it is in
                # display order already (one C-level pass, no mask to build). A large
                # result is not narrowed: a pass over every key is cheaper (index.mask).
                rows = self._results[source]
                keys = self.index.keys
                hit = list(
                    compress(rows, map(contains, map(keys.__getitem__, rows), repeat(needle)))
                )
            else:
                hit = self._select(self.index.mask(needle))
            self._size += len(hit)
        self._results[needle] = hit  # most recently used last
        while self._size > self._budget and len(self._results) > 1:
            oldest = next(iter(self._results))
            self._size -= len(self._results.pop(oldest))
        return hit

    def positions(self) -> list[int]:
        """position[row] = index of the row in the base (-1: not eligible)."""
        if self._positions is None:
            self._positions = inverse(self.base, self.index.size, self.index.ints)
        return self._positions

    def locate(self, rows: list[int], i: int) -> int:
        """Position of row ``i`` in ``rows`` (the base or a result of it), or -1."""
        kind = self.ordering.kind
        if kind == "rows":
            pos = bisect_left(rows, i)
        elif kind == "rows_desc":
            pos = bisect_left(rows, -i, key=neg)
        elif kind == "rank" and self.ordering.ranks is not None:
            ranks = self.ordering.ranks
            if self.ordering.descending:
                pos = bisect_left(rows, (-ranks[i], i), key=lambda j: (-ranks[j], j))
            else:
                pos = bisect_left(rows, (ranks[i], i), key=lambda j: (ranks[j], j))
        else:
            positions = self.positions()
            if not 0 <= i < len(positions) or positions[i] < 0:
                return -1
            pos = bisect_left(rows, positions[i], key=positions.__getitem__)
        return pos if pos < len(rows) and rows[pos] == i else -1

    def _select(self, mask: bytes) -> list[int]:
        order = self.ordering
        if order.eligible is not None:
            mask = _and(mask, order.eligible)
        count = mask.count(1)
        if not count:
            return []
        if count == len(self.base) and (order.eligible is not None or count == self.index.size):
            return self.base  # every row that may show matches ("@", "e"): shown as is
        ints = self.index.ints
        if order.kind == "rows":
            return list(compress(ints, mask))
        if order.kind == "rows_desc":
            return list(compress(reversed(ints), mask[::-1]))
        if order.kind == "rank" and order.ranks is not None:
            found = list(compress(ints, mask))
            return sorted(found, key=order.ranks.__getitem__, reverse=order.descending)
        base = self.base
        if count * 8 < len(base):
            # Few matches: take them in row order, then put them in display order.
            positions = self.positions()
            rows = [i for i in compress(ints, mask) if positions[i] >= 0]
            return sorted(rows, key=positions.__getitem__)
        return list(compress(base, map(mask.__getitem__, base)))


def matches(keys: list[str], rows: Iterable[int], needle: str) -> list[int]:
    """Rows (in the given order) whose key contains ``needle``."""
    rows = list(rows)
    return list(compress(rows, map(contains, map(keys.__getitem__, rows), repeat(needle))))


def inverse(order: Sequence[int], size: int, ints: Sequence[int] | None = None) -> list[int]:
    """position[row] = index of ``row`` in ``order``; -1 for rows not in it. ``ints``
    (0..size-1 as shared objects) avoids a fresh int object per row."""
    position = [-1] * size
    for pos, row in zip(ints if ints is not None else range(size), order, strict=False):
        position[row] = pos
    return position
