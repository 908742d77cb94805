"""The customer table's rows as columns, the row objects built on demand (issue 13).

A table snapshot (``desktop.services.snapshot``) hands the rows over as one list per
field. Building 100,000 ``CustomerRow`` objects from them cost ~35 ms of the reader's
GIL time at start, while the GUI thread builds the window; the table paints, searches
and filters from the columns and builds the objects in idle time after its first
paint (``desktop.models.customer_table``). No Qt here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from itertools import islice
from operator import attrgetter
from typing import Any, overload

from desktop.services.domain import CustomerRow


class RowColumns(Sequence[CustomerRow]):
    """Every row's fields as columns (``CustomerRow`` field order: a table snapshot),
    the row objects built on demand (issue 13: building 100,000 of them cost ~35 ms of
    the reader's GIL time at start, while the window is being built).

    ``row(i)`` builds one row (the few painted ones); ``build(n)`` builds the next
    ``n`` rows in order (the table does it in idle-time slices after its first paint)
    and ``rows()`` all of them, once: afterwards ``row(i)`` is the built row. Bulk
    readers take a field straight from its column (``column``); iterating builds
    every row."""

    __slots__ = ("_built", "_lock", "_source", "columns", "ids", "size")

    def __init__(self, columns: Sequence[list[Any]]) -> None:
        self.columns = list(columns)
        self.ids: list[str] = self.columns[0] if self.columns else []
        self.size = len(self.ids)
        self._built: list[CustomerRow] = []
        self._source: Iterator[CustomerRow] = (
            map(CustomerRow, *self.columns) if self.columns else iter(())
        )
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self.size

    def column(self, name: str) -> list[Any]:
        """Every row's ``name`` field (the column itself: do not mutate it; once every
        row is built the columns are dropped and it is read from the rows)."""
        columns = self.columns
        if columns:
            return columns[ROW_FIELDS.index(name)]
        return list(map(attrgetter(name), self._built))

    def row(self, i: int) -> CustomerRow:
        if i < 0:
            i += self.size
        columns = self.columns  # first: another thread may finish the build and drop them
        built = self._built
        if 0 <= i < len(built) or not columns:
            return built[i]
        if not 0 <= i < self.size:
            raise IndexError(i)
        return CustomerRow(*[column[i] for column in columns])

    @overload
    def __getitem__(self, i: int) -> CustomerRow: ...

    @overload
    def __getitem__(self, i: slice) -> list[CustomerRow]: ...

    def __getitem__(self, i: int | slice) -> CustomerRow | list[CustomerRow]:
        if isinstance(i, slice):
            return self.rows()[i]
        return self.row(i)

    def __iter__(self) -> Iterator[CustomerRow]:
        return iter(self.rows())

    def complete(self) -> bool:
        return len(self._built) >= self.size

    def build(self, count: int | None = None) -> bool:
        """Build the next ``count`` rows (None: every remaining one); True once all are."""
        with self._lock:
            if count is None:
                self._built.extend(self._source)
            else:
                self._built.extend(islice(self._source, count))
            if len(self._built) < self.size:
                return False
            # every row built: the columns (~13 MB at 100k rows) are not kept beside them
            self.columns = []
            self._source = iter(())
            return True

    def rows(self) -> list[CustomerRow]:
        """Every row (built on the first call)."""
        self.build()
        return self._built


#: CustomerRow's fields in order (the columns of :class:`RowColumns`)
ROW_FIELDS: tuple[str, ...] = CustomerRow.__match_args__
