"""Everything the insight views show, read from a profile's cache in one go (off the
GUI thread); the views then filter and regroup it in memory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from desktop.services.cache import Cache
from desktop.services.insights import compute, report
from desktop.services.insights import store as istore


@dataclass(slots=True)
class Snapshot:
    today: dt.date
    renewals: list[compute.RenewalItem] = field(default_factory=list)  # monthly included
    recon: list[compute.ReconLine] = field(default_factory=list)
    thresholds: compute.Thresholds = field(default_factory=compute.Thresholds)
    months: list[str] = field(default_factory=list)  # cached billing months, YYYY-MM
    billing: dict[str, list[report.Table]] = field(default_factory=dict)  # month -> tables
    changes: list[istore.ChangeRecord] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    pins: set[str] = field(default_factory=set)
    last_look: str | None = None
    notes: dict[str, istore.CustomerNote] = field(default_factory=dict)


def load_snapshot(cache_path: Path, today: dt.date | None = None) -> Snapshot:
    with Cache.open(cache_path) as cache:
        inputs = report.Inputs.load(cache, today)
        rows = [r for r in inputs.rows if r.removed_at is None]
        snap = Snapshot(today=inputs.today)
        snap.renewals = compute.renewals(rows, inputs.licences, inputs.today, include_monthly=True)
        snap.thresholds = report.thresholds_of(cache)
        snap.recon = compute.reconcile(rows, inputs.licences, snap.thresholds, inputs.today)
        snap.months = istore.billing_months(cache)
        for month in snap.months[-12:]:
            year, mon = (int(x) for x in month.split("-"))
            snap.billing[month] = report.build_report(
                "billing", cache, month=(year, mon), today=inputs.today
            )
        snap.changes = istore.changes(cache, limit=20_000)
        snap.names = inputs.names()
        snap.pins = istore.pins(cache)
        snap.last_look = istore.last_look(cache)
        snap.notes = inputs.notes
    return snap


def reflag(
    lines: list[compute.ReconLine], thresholds: compute.Thresholds
) -> list[compute.ReconLine]:
    """The same lines flagged with other thresholds (no cache read)."""
    return [
        dataclasses.replace(
            line,
            over_flag=thresholds.flags(line.over, line.quantity),
            unused_flag=thresholds.flags(line.unused, line.quantity),
        )
        for line in lines
    ]


def save_thresholds(cache_path: Path, thresholds: compute.Thresholds) -> None:
    with Cache.open(cache_path) as cache:
        istore.set_meta(
            cache,
            "recon_thresholds",
            json.dumps({"percent": thresholds.percent, "seats": thresholds.seats}),
        )


def set_pins(cache_path: Path, keys: list[str], pinned: bool) -> None:
    with Cache.open(cache_path) as cache:
        istore.set_pinned(cache, keys, pinned)


def mark_looked(cache_path: Path) -> str:
    with Cache.open(cache_path) as cache:
        return istore.mark_looked(cache)
