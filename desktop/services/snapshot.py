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
import marshal
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from desktop.services.domain import AssistanceState, BillingType, CustomerRow, LicenceStatus

#: bump when the layout changes: an older snapshot is then ignored (and replaced)
LAYOUT = 1

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
    """Rows in name order and their active-protection bits."""

    rows: list[CustomerRow]
    active_bits: list[int]


def read(conn: sqlite3.Connection, today: dt.date) -> TableSnapshot | None:
    """The snapshot if it describes the tables as they are now (one statement, so
    one read transaction), else None."""
    columns: list[Any] = []
    try:
        # One statement (one read transaction), one part at a time (memory).
        cursor = conn.execute(
            "SELECT s.part, s.data FROM table_snapshot s JOIN rows_gen g"
            " ON g.id = 0 AND s.gen = g.gen WHERE s.day = ? AND s.layout = ? ORDER BY s.part",
            (today.isoformat(), LAYOUT),
        )
        try:
            for part, blob in cursor:
                if part != len(columns):
                    return None
                # zlib streams start with 0x78; a marshal'd list never does (raw: ids)
                columns.append(marshal.loads(zlib.decompress(blob) if blob[:1] == b"x" else blob))
                del blob
        finally:
            cursor.close()  # ends the read transaction at once
    except sqlite3.OperationalError:
        return None
    if len(columns) != _BITS + 1:
        return None
    billing = {b.value: b for b in BillingType}
    assist = {a.value: a for a in AssistanceState}
    columns[_BILLING] = list(map(billing.__getitem__, columns[_BILLING]))
    columns[_ASSIST] = list(map(assist.__getitem__, columns[_ASSIST]))
    # marshal keeps shared tuples shared: convert each distinct status tuple once
    raw = columns[_STATUSES]
    ids = list(map(id, raw))
    distinct = dict(zip(ids, raw, strict=True))
    converted = {k: tuple(map(LicenceStatus, v)) for k, v in distinct.items()}
    columns[_STATUSES] = list(map(converted.__getitem__, ids))
    del raw, ids, distinct
    bits = columns.pop()
    rows = list(map(CustomerRow, *columns))
    return TableSnapshot(rows, bits)


def encode(rows: Sequence[CustomerRow], active_bits: Sequence[int]) -> Iterator[bytes]:
    """One zlib'd ``marshal`` blob per field (and one for the bits), made one at a
    time so that only one column's buffers are alive at once."""
    for i, name in enumerate(FIELDS):
        values: list[Any] = list(map(attrgetter(name), rows))
        if i in (_BILLING, _ASSIST):
            values = list(map(str, values))
        elif i == _STATUSES:
            ids = list(map(id, values))
            distinct = {k: tuple(map(str, v)) for k, v in zip(ids, values, strict=True)}
            values = list(map(distinct.__getitem__, ids))
            del ids, distinct
        data = marshal.dumps(values)
        del values
        packed = zlib.compress(data, 1)
        # Random ids barely compress: keep those raw (no inflate at start).
        yield packed if len(packed) * 3 < len(data) * 2 else data
        del data, packed
    yield zlib.compress(marshal.dumps(list(active_bits)), 1)


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
