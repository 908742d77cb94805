"""Smoke check that keeps ``python -m benchmarks`` from rotting (docs/architecture.md §8).

The benchmarks themselves run on demand (see docs/performance.md); here they run
once at 2,000 customers with ``--quick`` and we only check that every figure is
produced as a number. No budgets are asserted: timings are not tests.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

KEYS = (
    "keystroke_paint_median_ms",
    "keystroke_paint_p95_ms",
    "bare_reset_paint_ms",
    "sort_click_paint_max_ms",
    "toggle_click_paint_max_ms",
    "full_start_ms",
    "full_start_reference_ms",
    "peak_rss_mb",
    "sync_rate_vs_goal",
    "sync_customers_per_s",
    "gui_max_stall_ms",
    "cache_mb",
    # the store (issue 11)
    "first_sync_s",
    "resync_nochange_s",
    "resync_written_mb",
    "fetch_floor_s",
    "write_floor_s",
    "sync_peak_rss_mb",
    "gui_sync_peak_rss_mb",
)


@pytest.mark.slow
def test_benchmarks_run_at_a_small_size(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PARTNER_DESK_CLIENT_SECRET", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--customers",
            "2000",
            "--quick",
            "--no-doc",
            "--output",
            str(out),
            "--work-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=270,  # ~60 s on a quiet 2-core machine; far longer when it is busy
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text())
    for key in KEYS:
        value = results.get(key)
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (key, value)
        assert math.isfinite(value), (key, value)
    assert results["customers"] == 2000
    assert results["table_rows"] == 2000
    assert results["gui_sync_status"] == "ok"
    assert len(results["load_avg"]["start"]) == 3 and len(results["load_avg"]["end"]) == 3
