"""GUI benchmarks, run in a child process by ``python -m benchmarks``.

``stall``: the real ``MainWindow`` syncs N customers from a sandbox with the real
``SyncWorker`` on its ``QThread``; a 10 ms heartbeat ``QTimer`` on the GUI thread
records the longest gap between ticks, from the click on Sync until the rows are
in the table.

``table``: the real ``MainWindow`` opens an N-customer cache; then search
keystrokes (through the search box), sorts (through the header) and the
"Show my protection only" toggle (through the check box) are timed, and the
same keystrokes through ``QSortFilterProxyModel.setFilterFixedString`` over the
same source model as the reference.

The last stdout line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Typed like a user, one keystroke at a time: 1-letter, accented and narrowing needles.
KEYSTROKES: tuple[str, ...] = (
    "s",
    "so",
    "soc",
    "soci",
    "socie",
    "societ",
    "societa",
    "z",
    "zü",
    "zür",
    "züri",
    "zürich",
    "m",
    "mü",
    "mül",
    "müll",
    "mülle",
    "müller",
    "b",
    "bä",
    "bäc",
    "bäck",
    "n",
    "no",
    "nor",
    "nort",
    "northw",
    "@",
    "@ex",
    "gmbh",
)


def _wait(app: Any, predicate: Any, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out waiting for the window")
        app.processEvents()
        time.sleep(0.002)


def _window(profile_name: str, url: str, secret: str | None) -> Any:
    from desktop.services.profiles import Profile, ProfileKind, ProfileStore
    from desktop.views.main_window import MainWindow

    profile = Profile(
        name=profile_name,
        kind=ProfileKind.SANDBOX,
        client_id="demo-super-admin",
        identity_url=url,
        global_url=url,
    )
    profile = ProfileStore().add(profile)  # an existing "Bench" keeps its id, so its cache
    window = MainWindow(profile, autosync=False, secret_lookup=lambda _p: secret)
    return window


def bench_stall(url: str) -> dict[str, Any]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = _window("BenchSync", url, "sandbox")
    loaded: list[bool] = []
    window.cacheLoaded.connect(lambda: loaded.append(True))
    window.show()
    _wait(app, lambda: bool(loaded), 60)
    finished: list[Any] = []
    window.syncFinished.connect(finished.append)

    gaps: list[float] = []
    ends: list[float] = []
    last = [time.perf_counter()]
    phases: list[tuple[float, str]] = []
    window.syncFinished.connect(lambda _s: phases.append((time.perf_counter(), "finished")))
    worker_phase = [""]

    def on_progress(phase: str, *_args: Any) -> None:
        if phase != worker_phase[0]:
            worker_phase[0] = phase
            phases.append((time.perf_counter(), phase))

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000.0)
        ends.append(now)
        last[0] = now

    import gc

    gc_pauses: list[tuple[int, float]] = []
    gc_start = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            gc_pauses.append((info["generation"], (time.perf_counter() - gc_start[0]) * 1000.0))

    gc.callbacks.append(on_gc)
    gc.freeze()  # as desktop.gui.run_gui does once the window is up
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    t0 = time.perf_counter()
    last[0] = t0
    window.start_sync()
    if window._sync_worker is not None:
        window._sync_worker.progress.connect(on_progress)
    _wait(app, lambda: bool(finished), 900)
    # Let the rows reach the screen, then a few more ticks after the hand-over.
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    gc.callbacks.remove(on_gc)
    seconds = time.perf_counter() - t0
    summary = finished[0]
    rows = window.model.rowCount()
    window.close()
    app.processEvents()
    # The heartbeat is 10 ms: the stall is how late a tick came beyond that.
    worst = max(gaps) if gaps else float("nan")

    def phase_at(moment: float) -> str:
        current = "start"
        for at, name in phases:
            if at <= moment:
                current = name
        return current

    top = sorted(range(len(gaps)), key=gaps.__getitem__, reverse=True)[:5]
    longest = [
        {
            "ms": round(gaps[i], 1),
            "at_s": round(ends[i] - t0, 3),
            "during": phase_at(ends[i] - gaps[i] / 1000.0),
        }
        for i in top
    ]
    return {
        "gui_max_stall_ms": worst,
        "gui_stall_ticks": len(gaps),
        "gui_stall_over_50ms": sum(1 for g in gaps if g > 50),
        "gui_sync_status": getattr(summary, "status", "?"),
        "gui_sync_rows": rows,
        "gui_sync_seconds": seconds,
        "gui_longest_gaps": longest,
        "gc_collections": len(gc_pauses),
        "gc_max_pause_ms": max((ms for _g, ms in gc_pauses), default=0.0),
        "gc_pauses_over_20ms": sum(1 for _g, ms in gc_pauses if ms > 20),
        "gc_max_pause_ms_by_generation": {
            str(gen): round(max((ms for g, ms in gc_pauses if g == gen), default=0.0), 1)
            for gen in (0, 1, 2)
        },
        "gc_collections_by_generation": {
            str(gen): sum(1 for g, _ms in gc_pauses if g == gen) for gen in (0, 1, 2)
        },
        "gui_phases_s": [(round(at - t0, 3), name) for at, name in phases],
    }


def bench_table(url: str, proxy_keystrokes: int) -> dict[str, Any]:
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication

    from desktop.models.customer_table import COL_BILLING, COL_FIRST_CATEGORY, COL_NAME

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = _window("Bench", url, None)
    loaded: list[bool] = []
    window.cacheLoaded.connect(lambda: loaded.append(True))
    window.show()
    _wait(app, lambda: bool(loaded), 120)
    app.processEvents()
    model = window.model
    total = model.rowCount()

    search_ms: list[float] = []
    box = window.customerSearch
    for text in KEYSTROKES:
        t = time.perf_counter()
        box.setText(text)  # textChanged -> model.set_search, as when typing
        search_ms.append((time.perf_counter() - t) * 1000.0)
        app.processEvents()  # the view repaints between keystrokes (not timed)
    box.setText("")
    app.processEvents()

    header = window.customerTable.horizontalHeader()
    sorts: dict[str, float] = {}
    asc, desc = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    for label, col, order in (
        ("billing_asc", COL_BILLING, asc),
        ("billing_desc", COL_BILLING, desc),
        ("licence_asc", COL_FIRST_CATEGORY, asc),
        ("licence_desc", COL_FIRST_CATEGORY, desc),
        ("name_desc", COL_NAME, desc),
        ("name_asc", COL_NAME, asc),
    ):
        t = time.perf_counter()
        header.setSortIndicator(col, order)  # what a header click does (sortingEnabled)
        sorts[label] = (time.perf_counter() - t) * 1000.0
        assert model.sort_column() == col, (model.sort_column(), col)
        app.processEvents()

    toggles: list[float] = []
    for on in (True, False, True, False):
        t = time.perf_counter()
        window.myProtectionOnly.setChecked(on)
        toggles.append((time.perf_counter() - t) * 1000.0)
        app.processEvents()

    # Reference: Qt's own proxy filtering through Python data() over the same model.
    proxy = QSortFilterProxyModel()
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(COL_NAME)
    proxy.setSourceModel(model)
    ref_ms: list[float] = []
    for text in KEYSTROKES[:proxy_keystrokes]:
        t = time.perf_counter()
        proxy.setFilterFixedString(text)
        proxy.rowCount()
        ref_ms.append((time.perf_counter() - t) * 1000.0)
    window.close()
    app.processEvents()
    return {
        "rows": total,
        "search_ms": search_ms,
        "search_reference_ms": ref_ms,
        "sort_ms": sorts,
        "toggle_ms_all": toggles,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("stall", "table"))
    parser.add_argument("--url", required=True)
    parser.add_argument("--proxy-keystrokes", type=int, default=len(KEYSTROKES))
    args = parser.parse_args(argv)
    if args.what == "stall":
        result = bench_stall(args.url)
    else:
        result = bench_table(args.url, args.proxy_keystrokes)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of 100k-row structures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
