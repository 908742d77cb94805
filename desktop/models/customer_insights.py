"""What issue 15 adds to the customers table: the user's tags/aliases/notes and the
ignore flag, seats over and under the quantities, "changed since my last look", and
facets — as 0/1 byte masks per row, so that filters and counts run in bulk (big-integer
AND + popcount), never through per-row ``data()`` calls."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter, contains, is_, not_
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from desktop.models.row_columns import RowColumns
from desktop.services.domain import BillingType, CustomerRow, LicenceStatus
from desktop.services.insights.store import CustomerNote
from desktop.services.insights.views import FACETS, Facet, note_key

if TYPE_CHECKING:
    from desktop.services.cache import Cache
    from desktop.services.insights.compute import Thresholds


@dataclass(slots=True)
class InsightExtras:
    notes: dict[str, CustomerNote] = field(default_factory=dict)
    seats: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (over, unused)
    over_flagged: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)  # since the user's last look

    def note_key(self, tenant_id: str) -> str:
        n = self.notes.get(tenant_id)
        if n is None:
            return ""
        key = note_key(n)
        return "\x1f" + key if key else ""

    def tags_text(self, tenant_id: str) -> str:
        n = self.notes.get(tenant_id)
        if n is None:
            return ""
        parts = list(n.tags)
        if n.alias:
            parts.insert(0, f"“{n.alias}”")
        return ", ".join(parts)

    def ignored(self) -> set[str]:
        return {tid for tid, n in self.notes.items() if n.ignored}

    def tagged(self) -> set[str]:
        return {tid for tid, n in self.notes.items() if n.tags or n.alias}


def _field(rows: Sequence[CustomerRow], name: str) -> Iterable[Any]:
    """Every row's ``name`` field: straight from a column store's column (the table's
    rows at start, before their objects are built), else through the rows."""
    if isinstance(rows, RowColumns):
        return rows.column(name)
    return map(attrgetter(name), rows)


def _ids_mask(
    rows: Sequence[CustomerRow], ids: set[str], row_ids: list[str] | None = None
) -> bytes:
    if not ids:
        return bytes(len(rows))
    if row_ids is not None:
        return bytes(map(ids.__contains__, row_ids))
    return bytes(map(ids.__contains__, _field(rows, "id")))


#: facets that depend on the rows only (not on the user's words, seats or changes)
ROW_FACETS = frozenset(
    {
        Facet.ALL,
        Facet.TRIAL,
        Facet.TERM,
        Facet.MONTHLY,
        Facet.MANAGED,
        Facet.NOT_MANAGEABLE,
        Facet.EXPIRING,
    }
)


def _billing_mask(rows: Sequence[CustomerRow], billing: BillingType) -> bytes:
    return bytes(map(is_, _field(rows, "billing_type"), repeat(billing)))


def facet_mask(
    facet: str,
    rows: Sequence[CustomerRow],
    extras: InsightExtras,
    row_ids: list[str] | None = None,
) -> bytes:
    """0/1 per row: does the row belong to ``facet`` (C-level loops, ~2-5 ms at 100k)."""
    makers: dict[str, Callable[[], bytes]] = {
        Facet.ALL: lambda: b"\x01" * len(rows),
        Facet.TRIAL: lambda: _billing_mask(rows, BillingType.TRIAL),
        Facet.TERM: lambda: _billing_mask(rows, BillingType.TERM),
        Facet.MONTHLY: lambda: _billing_mask(rows, BillingType.USAGE),
        Facet.MANAGED: lambda: bytes(map(bool, _field(rows, "managed_customer_order"))),
        Facet.NOT_MANAGEABLE: lambda: bytes(map(not_, _field(rows, "manageable"))),
        Facet.EXPIRING: lambda: bytes(
            map(contains, _field(rows, "statuses"), repeat(LicenceStatus.EXPIRING))
        ),
        Facet.OVER_USED: lambda: _ids_mask(rows, extras.over_flagged, row_ids),
        Facet.TAGGED: lambda: _ids_mask(rows, extras.tagged(), row_ids),
        Facet.CHANGED: lambda: _ids_mask(rows, extras.changed, row_ids),
        Facet.IGNORED: lambda: _ids_mask(rows, extras.ignored(), row_ids),
    }
    return makers.get(facet, makers[Facet.ALL])()


class FacetMasks:
    """Facet masks of one set of rows, built on demand and kept as big integers."""

    def __init__(self, rows: Sequence[CustomerRow], extras: InsightExtras) -> None:
        self.rows = rows
        self.extras = extras
        self._bytes: dict[str, bytes] = {}
        self._ints: dict[str, int] = {}
        self._ids: list[str] | None = None

    def derive(self, extras: InsightExtras) -> FacetMasks:
        """Masks for the same rows and other extras: the row facets are kept, the
        others come from the (cached) id list — milliseconds, not a row walk."""
        out = FacetMasks(self.rows, extras)
        for facet in ROW_FACETS:
            if facet in self._bytes:
                out._bytes[facet] = self._bytes[facet]
                if facet in self._ints:
                    out._ints[facet] = self._ints[facet]
        out._ids = self._ids
        return out

    def mask(self, facet: str) -> bytes:
        m = self._bytes.get(facet)
        if m is None:
            if facet not in ROW_FACETS and self._ids is None:
                self._ids = list(_field(self.rows, "id"))
            m = facet_mask(facet, self.rows, self.extras, self._ids)
            self._bytes[facet] = m
        return m

    def as_int(self, facet: str) -> int:
        v = self._ints.get(facet)
        if v is None:
            v = int.from_bytes(self.mask(facet), "little")
            self._ints[facet] = v
        return v

    @property
    def complete(self) -> bool:
        return len(self._bytes) == len(FACETS)

    def update(self, indices: Sequence[int]) -> None:
        """Rows replaced in place (same positions): patch the masks built so far."""
        rows = list(map(self.rows.__getitem__, indices))
        if self._ids is not None:
            for i, row in zip(indices, rows, strict=True):
                self._ids[i] = row.id
        for facet, mask in list(self._bytes.items()):
            # one facet_mask call for the whole batch (a call per row and facet cost
            # ~250 ms for a 10,000-row licence batch on the GUI thread)
            patched = bytearray(mask)
            deque(map(patched.__setitem__, indices, facet_mask(facet, rows, self.extras)), 0)
            self._bytes[facet] = bytes(patched)
            self._ints.pop(facet, None)

    def build_all(self) -> FacetMasks:
        """Every facet's mask now (on a worker thread: rows stored in name order are
        scattered in memory, ~30 ms a mask at 100k)."""
        for facet in FACETS:
            self.as_int(facet)
            time.sleep(0)  # each mask is one C-level pass holding the GIL: yield between
        return self

    def counts(self, within: int, facets: Sequence[str] = FACETS) -> dict[str, int]:
        """Rows of each facet among ``within`` (a row mask as an int): AND + popcount."""
        return {f: (within & self.as_int(f)).bit_count() for f in facets}


def as_int(mask: bytes) -> int:
    return int.from_bytes(mask, "little")


def over_flagged(seats: Mapping[str, tuple[int, int]], flagged: set[str]) -> set[str]:
    return {tid for tid in flagged if tid in seats}


class ExtrasCancelled(Exception):
    """``load_extras`` stopped because its caller is shutting down."""


def load_extras(cache_path: Path, cancelled: threading.Event | None = None) -> InsightExtras:
    """Read the user's words, seats per customer and the changes since the last look
    from the cache (off the GUI thread: licences are parsed for the seats)."""
    from desktop.services.cache import Cache
    from desktop.services.insights import report
    from desktop.services.insights import store as istore

    with Cache.open(cache_path) as cache:
        notes = istore.notes(cache)
        seats, flagged = _seats(cache, report.thresholds_of(cache), cancelled)
        changed = istore.changed_since(cache, istore.last_look(cache))
    return InsightExtras(notes=notes, seats=seats, over_flagged=flagged, changed=changed)


#: items of the seats dict sent (and unpickled on the receiving side) at once
EXTRAS_CHUNK = 4_000


def load_extras_in_child(
    cache_path: Path, cancelled: threading.Event | None = None
) -> InsightExtras:
    """:func:`load_extras` in a spawned child process, read back in chunks.

    At 100k customers the load parses every licence set (~2 s of CPU); in the
    window's process that thread held the GIL and the GUI thread waited for it
    (keystrokes 481 ms p95, 266-321 ms heartbeat gaps during a sync). The child's
    memory is gone when it exits. The result comes back in chunks of
    ``EXTRAS_CHUNK`` seats, each unpickled in one short call with a yield between
    them. ``cancelled`` kills the child (:class:`ExtrasCancelled`)."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_extras_child,
        args=(str(cache_path), theirs),
        name="partner-desk-extras",
        daemon=True,
    )
    proc.start()
    theirs.close()
    extras = InsightExtras()
    try:
        while True:
            while not ours.poll(0.05):
                if cancelled is not None and cancelled.is_set():
                    raise ExtrasCancelled
                if not proc.is_alive() and not ours.poll(0):
                    raise RuntimeError(f"insights child ended ({proc.exitcode})")
            kind, payload = ours.recv()
            if kind == "notes":
                extras.notes.update(payload)
            elif kind == "seats":
                extras.seats.update(payload)
            elif kind == "flagged":
                extras.over_flagged.update(payload)
            elif kind == "changed":
                extras.changed.update(payload)
            elif kind == "error":
                raise RuntimeError(payload)
            elif kind == "done":
                return extras
            time.sleep(0)  # let the GUI thread have the GIL between chunks
    finally:
        ours.close()
        proc.join(2)
        if proc.is_alive():
            proc.kill()
            proc.join()


def _extras_child(cache_path: str, conn: Any) -> None:
    import os

    if hasattr(os, "nice"):
        try:
            os.nice(5)
        except OSError:
            pass
    try:
        extras = load_extras(Path(cache_path))
        notes = list(extras.notes.items())
        for start in range(0, len(notes), EXTRAS_CHUNK):
            conn.send(("notes", dict(notes[start : start + EXTRAS_CHUNK])))
        seats = list(extras.seats.items())
        for start in range(0, len(seats), EXTRAS_CHUNK):
            conn.send(("seats", dict(seats[start : start + EXTRAS_CHUNK])))
        conn.send(("flagged", extras.over_flagged))
        changed = list(extras.changed)
        for start in range(0, len(changed), EXTRAS_CHUNK):
            conn.send(("changed", changed[start : start + EXTRAS_CHUNK]))
        conn.send(("done", None))
    except Exception as exc:  # reported to the window's process, which logs it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


@dataclass(frozen=True, slots=True)
class _Tenant:
    """What ``compute.reconcile`` reads of a row."""

    id: str
    display_name: str = ""
    removed_at: None = None


def _seats(
    cache: Cache, thresholds: Thresholds, cancelled: threading.Event | None = None
) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """Seats over / under per customer and the over-flagged customers, one customer's
    licences at a time (issue 13: all rows and all licences as objects at once cost
    ~500 MB and ~9 s at 100k customers, in the GUI process)."""
    from desktop.services.cache import unpack
    from desktop.services.domain import parse_licence
    from desktop.services.insights import compute

    seats: dict[str, tuple[int, int]] = {}
    flagged: set[str] = set()
    cursor = cache._conn().execute(
        "SELECT c.id, s.raw FROM licence_sets s JOIN customers c ON c.cid = s.cid"
        " WHERE s.raw IS NOT NULL AND s.count > 0 AND c.removed_at IS NULL"
    )
    for n, (tenant_id, raw) in enumerate(cursor):
        if cancelled is not None and not n % 1000 and cancelled.is_set():
            cursor.close()
            raise ExtrasCancelled
        licences = [parse_licence(tenant_id, obj) for obj in json.loads(unpack(raw))]
        lines = compute.reconcile(
            [cast(CustomerRow, _Tenant(tenant_id))], {tenant_id: licences}, thresholds
        )
        if lines:
            seats.update(compute.per_customer_seats(lines))
            if any(line.over_flag for line in lines):
                flagged.add(tenant_id)
    return seats, flagged


def reload_notes(cache_path: Path, extras: InsightExtras) -> InsightExtras:
    """The same extras with the notes read again (after an edit; a small table)."""
    from desktop.services.cache import Cache
    from desktop.services.insights import store as istore

    with Cache.open(cache_path) as cache:
        notes = istore.notes(cache)
    return InsightExtras(notes, extras.seats, extras.over_flagged, extras.changed)
