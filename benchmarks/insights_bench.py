"""``python -m benchmarks.insights_bench [--customers N]``: issue 15's facets at scale.

Measures, on N synthetic customers (default 100,000) in the real table model:
- a keystroke in the search box → the facet counts of every facet (11) recomputed
  (``CustomerTableModel.set_search`` + ``facet_counts``) and the 11 buttons relabelled;
- a click on a facet → the filtered view (``set_facet``);
- the reference: the same counts through per-row ``data()`` calls (what a naive
  implementation does), for one keystroke.
Prints one JSON object (median / p95 in ms, load average).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any


def _rows(n: int) -> list[Any]:
    from desktop.services.domain import (
        CATEGORIES,
        AssistanceState,
        BillingType,
        CustomerRow,
        LicenceStatus,
        make_search_key,
    )

    rng = random.Random(15)
    words = ["Alfa", "Beta", "Società", "Gamma", "Delta", "Rossi", "Bianchi", "Srl", "GmbH", "Ltd"]
    statuses = list(LicenceStatus)
    out = []
    for i in range(n):
        name = f"{rng.choice(words)} {rng.choice(words)} {i}"
        tid = f"{i:08d}-0000-4000-8000-{rng.getrandbits(48):012x}"
        email = f"it{i}@example.com"
        out.append(
            CustomerRow(
                id=tid,
                name=name,
                show_as=name,
                email=email,
                billing_type=rng.choice(list(BillingType)),
                groups=(),
                assistance=AssistanceState.OFF,
                managed_customer_order=rng.random() < 0.1,
                data_region="eu01",
                data_geography="IT",
                last_synced="2026-11-30T10:00:00+00:00",
                removed_at=None,
                manageable=rng.random() > 0.05,
                statuses=tuple(rng.choice(statuses) for _ in CATEGORIES),
                search_key=make_search_key(name, name, email, tid),
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QToolButton

    from desktop.models.customer_insights import InsightExtras
    from desktop.models.customer_table import COL_BILLING, CustomerTableModel
    from desktop.services.insights.store import CustomerNote
    from desktop.services.insights.views import FACETS, Facet

    app = QApplication.instance() or QApplication([])
    rows = _rows(args.customers)
    model = CustomerTableModel()
    model.set_rows(rows)
    rng = random.Random(1)
    picked = rng.sample(rows, k=min(len(rows), 6000))
    notes = {
        r.id: CustomerNote(r.id, ("gold",) if k % 2 else (), "", "", k % 10 == 0)
        for k, r in enumerate(picked[:5000])
    }
    extras = InsightExtras(
        notes=notes,
        seats={r.id: (k % 30, k % 50) for k, r in enumerate(picked)},
        over_flagged={r.id for r in picked[:1500]},
        changed={r.id for r in picked[5000:]},
    )
    from desktop.models.customer_insights import FacetMasks

    t = time.perf_counter()
    masks = FacetMasks(model.row_list(), extras).build_all()  # the app: on a worker
    first_counts_ms = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    model.set_insights(extras, masks)
    model.facet_counts()
    set_insights_ms = (time.perf_counter() - t) * 1000
    while not model.search_index_ready():  # idle-time search index, as in the app
        app.processEvents()
    buttons = [QToolButton() for _ in FACETS]

    typed = ["s", "so", "soc", "soci", "socie", "societ", "società", "", "r", "ro", "ros", ""]
    keystroke, counts_only, cold = [], [], []
    for rep in range(5):
        for text in typed:
            t = time.perf_counter()
            model.set_search(text)
            t2 = time.perf_counter()
            counts = model.facet_counts()
            for button, facet in zip(buttons, FACETS, strict=True):
                button.setText(f"{facet} {counts[facet]}")
            end = time.perf_counter()
            keystroke.append((end - t) * 1000)
            counts_only.append((end - t2) * 1000)
            if rep == 0:  # first time each text is typed: nothing cached
                cold.append((end - t) * 1000)
    clicks = []
    for _ in range(3):
        for facet in (Facet.TRIAL, Facet.EXPIRING, Facet.OVER_USED, Facet.TAGGED, Facet.ALL):
            t = time.perf_counter()
            model.set_facet(facet)
            clicks.append((time.perf_counter() - t) * 1000)
    # reference: counts through per-row data() for the billing facets only (3 of 11)
    model.set_search("")
    t = time.perf_counter()
    texts: dict[str, int] = {}
    for r in range(model.rowCount()):
        value = model.data(model.index(r, COL_BILLING), Qt.ItemDataRole.DisplayRole)
        texts[value] = texts.get(value, 0) + 1
    naive_ms = (time.perf_counter() - t) * 1000

    def q(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "median_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
        }

    result = {
        "customers": args.customers,
        "keystroke_search_plus_11_facet_counts": q(keystroke),
        "keystroke_first_time_typed": q(cold),
        "facet_counts_and_labels_only": q(counts_only),
        "facet_click": q(clicks),
        "worker_build_11_masks_ms": round(first_counts_ms, 1),
        "gui_set_insights_and_first_counts_ms": round(set_insights_ms, 1),
        "reference_per_row_data_billing_only_ms": round(naive_ms, 1),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
