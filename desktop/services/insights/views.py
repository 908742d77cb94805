"""Saved views and facets over plain rows (issue 15 items 5, 6); Qt-free.

A saved view is a JSON object: ``{"search": str, "facet": str, "show_ignored": bool,
"my_protection": bool, "sort": [column, "asc"|"desc"], "columns": [hidden column
indexes]}``. The report command applies its search, facet and ignore flag; the window
applies all of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from desktop.services.domain import BillingType, CustomerRow, LicenceStatus, fold
from desktop.services.insights.store import CustomerNote


class Facet:
    ALL = "all"
    TRIAL = "trial"
    TERM = "term"
    MONTHLY = "monthly"
    MANAGED = "managed"
    NOT_MANAGEABLE = "not_manageable"
    EXPIRING = "expiring"
    OVER_USED = "over_used"
    TAGGED = "tagged"
    CHANGED = "changed"
    IGNORED = "ignored"


FACETS = (
    Facet.ALL,
    Facet.TRIAL,
    Facet.TERM,
    Facet.MONTHLY,
    Facet.MANAGED,
    Facet.NOT_MANAGEABLE,
    Facet.EXPIRING,
    Facet.OVER_USED,
    Facet.TAGGED,
    Facet.CHANGED,
    Facet.IGNORED,
)


def note_key(note: CustomerNote | None) -> str:
    """What search matches of the user's own words (alias, tags, note), folded."""
    if note is None:
        return ""
    return fold("\x1f".join((note.alias, *note.tags, note.note)))


class FacetContext:
    """What the facet tests need beside a row."""

    def __init__(
        self,
        notes: Mapping[str, CustomerNote],
        over_used: Iterable[str] = (),
        changed: Iterable[str] = (),
    ) -> None:
        self.notes = notes
        self.over_used = set(over_used)
        self.changed = set(changed)
        self.ignored = {tid for tid, n in notes.items() if n.ignored}
        self.tagged = {tid for tid, n in notes.items() if n.tags}


def facet_test(facet: str, ctx: FacetContext) -> Callable[[CustomerRow], bool]:
    if facet == Facet.TRIAL:
        return lambda r: r.billing_type is BillingType.TRIAL
    if facet == Facet.TERM:
        return lambda r: r.billing_type is BillingType.TERM
    if facet == Facet.MONTHLY:
        return lambda r: r.billing_type is BillingType.USAGE
    if facet == Facet.MANAGED:
        return lambda r: r.managed_customer_order
    if facet == Facet.NOT_MANAGEABLE:
        return lambda r: not r.manageable
    if facet == Facet.EXPIRING:
        return lambda r: LicenceStatus.EXPIRING in r.statuses
    if facet == Facet.OVER_USED:
        return lambda r: r.id in ctx.over_used
    if facet == Facet.TAGGED:
        return lambda r: r.id in ctx.tagged
    if facet == Facet.CHANGED:
        return lambda r: r.id in ctx.changed
    if facet == Facet.IGNORED:
        return lambda r: r.id in ctx.ignored
    return lambda r: True


def select_customers(
    rows: Sequence[CustomerRow], spec: Mapping[str, Any], ctx: FacetContext
) -> list[CustomerRow]:
    """The live customers a saved view shows (search, facet, ignore flag)."""
    needle = fold(str(spec.get("search") or "").strip())
    facet = str(spec.get("facet") or Facet.ALL)
    show_ignored = bool(spec.get("show_ignored")) or facet == Facet.IGNORED
    test = facet_test(facet, ctx)
    out: list[CustomerRow] = []
    for row in rows:
        if row.removed_at is not None:
            continue
        if not show_ignored and row.id in ctx.ignored:
            continue
        if (
            needle
            and needle not in row.search_key
            and needle not in note_key(ctx.notes.get(row.id))
        ):
            continue
        if test(row):
            out.append(row)
    return out


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
