"""The customer table's rows in the layout the table needs, for a fast start (issue 13).

``Cache.load_rows`` builds 100,000 rows from 17 SQL columns (~0.4 s at 100k) and the
table then orders them by name and derives keys (~0.15 s). A *table snapshot* stores
the result of that work: the rows' fields in name order, one column per part
(``marshal`` + zlib, so only one column is unpacked at a time), plus the
active-protection bits. It is read at start with one indexed read.

Consistency: SQLite triggers bump ``rows_gen.gen`` in the same transaction as
every change to the tables the rows are built from (``customers``, ``lic_fresh``,
``groups``, ``meta``). A snapshot is written with the generation its rows were
read at (under the write lock, only if the generation is still that one) and is
used only while the generation is unchanged and for the same calendar day (licence
statuses depend on the date). Anything else, a missing table included, falls
back to ``load_rows``. SQLite only; other databases never have a snapshot.
"""

from __future__ import annotations

import datetime as dt
import logging
import marshal
import sqlite3
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, itemgetter, lshift, or_
from pathlib import Path
from typing import Any

from desktop.services.domain import (
    CATEGORIES,
    AssistanceState,
    BillingType,
    CustomerRow,
    LicenceStatus,
    fold,
)

#: bump when the layout changes: an older snapshot is then ignored (and replaced)
#: 2: enum, status and bit columns coded as (distinct values, one index per row)
LAYOUT = 2

FIELDS = (
    "id",
    "name",
    "show_as",
    "email",
    "billing_type",
    "groups",
    "assistance",
    "managed_customer_order",
    "data_region",
    "data_geography",
    "last_synced",
    "removed_at",
    "manageable",
    "statuses",
    "unlink_status",
    "search_key",
)
_BILLING = FIELDS.index("billing_type")
_ASSIST = FIELDS.index("assistance")
_STATUSES = FIELDS.index("statuses")
_BITS = len(FIELDS)  # the part after the fields: active-protection bits
#: columns whose equal values are written as one shared object (all but the unique ones)
_SHARED = frozenset(i for i, name in enumerate(FIELDS) if name not in ("id", "search_key"))
#: columns of few distinct values written *coded*: the distinct values (as plain str /
#: tuples of str / ints) and one array index per row. Read back with one C-level map
#: over the indices into the converted distinct values (enums, status tuples): ~1 ms a
#: column instead of ~3-15 ms of unpacking and converting 100,000 values (issue 13).
_CODED = frozenset((_BILLING, _ASSIST, _STATUSES, _BITS))
#: the search keys: the largest part (~11 MB at 100k raw, ~3 MB deflated). It is stored
#: deflated (the cache budget) and read first, then inflated on a helper thread (zlib
#: releases the GIL) while this thread unpacks the other parts.
_KEYS = FIELDS.index("search_key")
#: parts deflated even though their values are unique (they shrink to under a third)
_DEFLATED = frozenset((_KEYS, FIELDS.index("email")))

_WATCHED = ("customers", "lic_fresh", "groups", "meta")

DDL = [
    "CREATE TABLE IF NOT EXISTS rows_gen (id INTEGER PRIMARY KEY CHECK (id = 0),"
    " gen INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO rows_gen (id, gen) VALUES (0, 0)",
    "CREATE TABLE IF NOT EXISTS table_snapshot (part INTEGER PRIMARY KEY,"
    " gen INTEGER NOT NULL, day TEXT NOT NULL, layout INTEGER NOT NULL, data BLOB NOT NULL)",
    *(
        f"CREATE TRIGGER IF NOT EXISTS rows_gen_{table}_{op.lower()} AFTER {op} ON {table}"
        " BEGIN UPDATE rows_gen SET gen = gen + 1 WHERE id = 0; END"
        for table in _WATCHED
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
]


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the snapshot table and the generation triggers once (own transaction)."""
    names = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE name IN ('rows_gen', 'table_snapshot')"
            " OR name LIKE 'rows_gen_%'"
        )
    }
    if len(names) == 2 + 3 * len(_WATCHED):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for stmt in DDL:
            conn.execute(stmt)
        conn.execute("DELETE FROM table_snapshot")
        conn.execute("UPDATE rows_gen SET gen = gen + 1 WHERE id = 0")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def generation(conn: sqlite3.Connection) -> int | None:
    """The current generation (None: no snapshot table in this file)."""
    try:
        row = conn.execute("SELECT gen FROM rows_gen WHERE id = 0").fetchone()
    except sqlite3.OperationalError:
        return None
    return int(row[0]) if row else None


@dataclass(slots=True)
class TableSnapshot:
    """The rows' fields in name order, as columns (``FIELDS`` order, which is
    ``CustomerRow``'s), and their active-protection bits. The table builds the row
    objects from the columns when it needs them (``desktop.models.customer_rows``)."""

    columns: list[list[Any]]
    active_bits: list[int]

    @property
    def rows(self) -> list[CustomerRow]:
        return list(map(CustomerRow, *self.columns))


def read(conn: sqlite3.Connection, today: dt.date) -> TableSnapshot | None:
    """The snapshot if it describes the tables as they are now (one statement, so
    one read transaction), else None.

    One part at a time (memory: the raw parts are ~15 MB at 100k customers): each is
    unpacked and dropped before the next is fetched; the read transaction (WAL: no
    writer waits for it) ends with the last part. The search keys come first: they
    inflate on a helper thread while the other parts are unpacked."""
    billing = {b.value: b for b in BillingType}
    assist = {a.value: a for a in AssistanceState}
    status = {s.value: s for s in LicenceStatus}  # a dict look-up, not an enum call
    columns: list[Any] = []
    try:
        cursor = conn.execute(
            "SELECT s.part, s.data FROM table_snapshot s JOIN rows_gen g"
            " ON g.id = 0 AND s.gen = g.gen WHERE s.day = ? AND s.layout = ?"
            " ORDER BY s.part = ? DESC, s.part",
            (today.isoformat(), LAYOUT, _KEYS),
        )
        try:
            first = cursor.fetchone()
            if first is None or first[0] != _KEYS:
                return None
            keys = _Inflating(first[1])
            del first
            for part, blob in cursor:
                if len(columns) == _KEYS:  # the keys' turn (their part was read first)
                    columns.append(marshal.loads(keys.result()))
                if part != len(columns) or part > _BITS:
                    return None
                data = _inflate(blob)
                del blob
                value = marshal.loads(data)
                del data
                if part in _CODED:
                    table, code, packed = value
                    if part == _BILLING:
                        table = list(map(billing.__getitem__, table))
                    elif part == _ASSIST:
                        table = list(map(assist.__getitem__, table))
                    elif part == _STATUSES:  # each distinct tuple converted once, shared
                        table = list(map(tuple, map(map, repeat(status.__getitem__), table)))
                    value = list(map(table.__getitem__, array(code, packed)))
                columns.append(value)
                del value
        finally:
            cursor.close()  # ends the read transaction
    except sqlite3.OperationalError:
        return None
    if len(columns) != _BITS + 1:
        return None
    bits = columns.pop()
    return TableSnapshot(columns, bits)


def _inflate(blob: bytes) -> bytes:
    # zlib streams start with 0x78; a marshal'd list never does (raw parts)
    return zlib.decompress(blob) if blob[:1] == b"x" else blob


class _Inflating:
    """One blob inflated on a helper thread (``zlib`` releases the GIL)."""

    def __init__(self, blob: bytes) -> None:
        self._out: list[bytes] = []
        self._error: list[zlib.error] = []

        def run() -> None:
            try:
                self._out.append(_inflate(blob))
            except zlib.error as exc:  # raised again on the reading thread
                self._error.append(exc)

        self._thread = threading.Thread(target=run, name="snapshot-keys", daemon=True)
        self._thread.start()

    def result(self) -> bytes:
        self._thread.join()
        if self._error:
            raise self._error.pop()
        return self._out.pop()


def encode(rows: Sequence[CustomerRow], active_bits: Sequence[int]) -> Iterator[bytes]:
    """One zlib'd ``marshal`` blob per field (and one for the bits), made one at a
    time so that only one column's buffers are alive at once."""
    for i, name in enumerate(FIELDS):
        values: list[Any] = list(map(attrgetter(name), rows))
        if i in _CODED:
            yield zlib.compress(marshal.dumps(_coded(values, i)), 1)
            del values
            continue
        if i in _SHARED:
            # Equal values as one object: marshal then writes the others as references,
            # and the reader builds each distinct value once (names repeat: ~4k distinct
            # of 100k; unpacking them took 17 ms a column, now under 1 ms) and the rows
            # share it (memory).
            canon: dict[Any, Any] = {}
            values = list(map(canon.setdefault, values, values))
            del canon
        data = marshal.dumps(values)
        del values
        packed = zlib.compress(data, 1)
        # Unique values compress to ~30-60 %: the ids are kept raw (inflating them was
        # ~20 ms of GIL-free CPU at start for ~1.6 MB); the search keys and e-mails are
        # deflated (~9 MB less in the file at 100k: docs/architecture.md §8's cache budget).
        yield packed if i in _DEFLATED or len(packed) * 4 < len(data) else data
        del data, packed
    yield zlib.compress(marshal.dumps(_coded(list(active_bits), _BITS)), 1)


def _coded(values: list[Any], part: int) -> tuple[list[Any], str, bytes]:
    """(distinct values, array type code, one index per row as array bytes); enums as
    their ``value``, status tuples as tuples of values (marshal takes no enums)."""
    index = {value: n for n, value in enumerate(dict.fromkeys(values))}
    table: list[Any] = list(index)
    if part in (_BILLING, _ASSIST):
        table = [str(value) for value in table]
    elif part == _STATUSES:
        table = [tuple(map(str, value)) for value in table]
    code = "B" if len(table) <= 1 << 8 else "H" if len(table) <= 1 << 16 else "I"
    return table, code, array(code, map(index.__getitem__, values)).tobytes()


def write(conn: sqlite3.Connection, gen: int, today: dt.date, parts: Iterable[bytes]) -> bool:
    """Store ``parts`` as the snapshot of generation ``gen``; False (nothing written)
    when the tables changed since (or the database is busy)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False
    try:
        if generation(conn) != gen:
            conn.execute("ROLLBACK")
            return False
        conn.execute("DELETE FROM table_snapshot")
        for i, blob in enumerate(parts):  # one part at a time (memory)
            conn.execute(
                "INSERT INTO table_snapshot (part, gen, day, layout, data) VALUES (?, ?, ?, ?, ?)",
                (i, gen, today.isoformat(), LAYOUT, blob),
            )
            del blob
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True


# ---------------------------------------------------------------- the table's order
# The table stores its rows in this order (``desktop.models.customer_rows`` uses these
# functions); they live here so that a process without the GUI (the sync) can write
# the snapshot in exactly the order the table reads it.


def sort_fold(text: str) -> str:
    """``fold`` with a fast path for plain ASCII (most names)."""
    return text.lower() if text.isascii() else fold(text)


def display_names(rows: Sequence[CustomerRow]) -> list[str]:
    """``show_as or name`` of every row (C-level, then the few empty ones fixed)."""
    names = list(map(attrgetter("show_as"), rows))
    if "" in names:
        for i, name in enumerate(names):
            if not name:
                names[i] = rows[i].name
    return names


def name_keys(rows: Sequence[CustomerRow]) -> list[str]:
    """Folded display names (names repeat: branches, re-created tenants)."""
    names = display_names(rows)
    folded = {name: sort_fold(name) for name in set(names)}
    return list(map(folded.__getitem__, names))


def name_order(rows: Sequence[CustomerRow]) -> list[int]:
    """Row indices ascending by folded display name; equal names keep their order."""
    keys = name_keys(rows)
    rank_of = {key: rank for rank, key in enumerate(sorted(set(keys)))}
    ranks = list(map(rank_of.__getitem__, keys))
    del keys, rank_of
    return sorted(range(len(ranks)), key=ranks.__getitem__)


def active_bits(rows: Sequence[CustomerRow]) -> list[int]:
    """Bit i set = active protection in CATEGORIES[i]. Status tuples are shared between
    rows (the cache memoises them): one mask per distinct tuple object, built one
    category at a time with C-level maps."""
    statuses = list(map(attrgetter("statuses"), rows))
    ids = list(map(id, statuses))
    distinct = dict(zip(ids, statuses, strict=True))
    tuples = list(distinct.values())
    active = {status: int(status.is_active_protection) for status in LicenceStatus}
    masks = [0] * len(tuples)
    for c in range(len(CATEGORIES)):
        try:
            flags = list(map(active.__getitem__, map(itemgetter(c), tuples)))
        except IndexError:  # a short status tuple (not from the cache)
            flags = [active[t[c]] if c < len(t) else 0 for t in tuples]
        masks = list(map(or_, masks, map(lshift, flags, repeat(c))))
    mask_of = dict(zip(distinct, masks, strict=True))
    return list(map(mask_of.__getitem__, ids))


def write_from_tables(cache_path: Path, today: dt.date | None = None) -> bool:
    """Read the rows, put them in the table's order and store them as the snapshot
    (the sync process, after a sync: the next start, and the GUI's reload after the
    sync, then read the snapshot instead of the tables). True when written."""
    from desktop.services.cache import Cache, CacheError

    day = today or dt.date.today()
    if not Path(cache_path).is_file():
        return False  # nothing synced here (never create an empty cache)
    try:
        cache = Cache.open(cache_path, verify=False)
    except CacheError:
        return False
    try:
        rows, gen = cache.load_rows_at_generation(day)
        if gen is None:
            return False
        order = name_order(rows)
        rows = list(map(rows.__getitem__, order))
        del order
        return cache.save_table_snapshot(gen, rows, active_bits(rows), day)
    except (CacheError, sqlite3.DatabaseError):
        logging.getLogger("partner_desk.sync").warning("table snapshot not written", exc_info=True)
        return False
    finally:
        cache.close()


#: how long a sync waits for its snapshot writer before it reports (then kills it)
WRITE_TIMEOUT_S = 120.0


def write_in_child(cache_path: Path, cancel: Any = None) -> bool:
    """:func:`write_from_tables` in a spawned child process (its ~130 MB of rows at
    100k customers never land in the process that asked), at background priority;
    waits for it. ``cancel`` (a ``threading.Event``) kills the child. True when
    written."""
    import multiprocessing
    import time

    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(
        target=_child_write, args=(str(cache_path),), name="partner-desk-snapshot", daemon=True
    )
    try:
        proc.start()
    except OSError:
        return False
    deadline = time.monotonic() + WRITE_TIMEOUT_S
    while proc.is_alive():
        if (cancel is not None and cancel.is_set()) or time.monotonic() > deadline:
            proc.kill()  # the write is one transaction: nothing half-written stays
            break
        proc.join(0.05)
    proc.join()
    return proc.exitcode == 0


def _child_write(cache_path: str) -> None:
    import os
    import sys

    if hasattr(os, "nice"):
        try:
            os.nice(10)
        except OSError:
            pass
    sys.exit(0 if write_from_tables(Path(cache_path)) else 1)
