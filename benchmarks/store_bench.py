"""The cache and sync engine at partner scale (issue 11), side by side in one run.

``python -m benchmarks.store_bench [--customers N]`` prints one JSON object; the
shared ``python -m benchmarks`` calls :func:`run`. Every step runs in its own
child process against one sandbox process (latency 0, no rate limit), so peak
memory and the bytes written are that process's own:

- ``fetch_floor_s``: the real client fetches everything (token, whoami, tenant
  pages, bulk licence pages beside them, groups) and writes nothing.
- ``write_floor_s``: the same fetch, plus a minimal lean file written with the
  stdlib in one transaction (displayed columns + zlib'd raw JSON, licences).
  The same child then fetches and parses the two months of billing usage a first
  sync fetches (``billing_fetch_s``, not part of the floor).
- ``first_sync_s``: the real engine into an empty cache, until every customer,
  licence and group is committed (the progress event that starts the billing step);
  ``first_sync_all_s``: until the engine returns (billing usage fetched and stored,
  the file compacted).
- ``resync_nochange_s`` / ``resync_written_mb``: the engine again with nothing
  changed on the server; bytes written from ``/proc/<pid>/io`` (``write_bytes``:
  what the process sent towards the disk, DB + WAL + checkpoint).
- ``cache_mb``: file + WAL after those syncs and after the table snapshot is written
  by the app's own loader (``models.sync_worker.load_cached``, as the window does);
  ``cache_mb_before_snapshot`` without it; ``cache_breakdown_mb``: ``dbstat`` per
  table and index.
- ``sync_peak_rss_mb``: peak RSS (VmHWM) of the first sync's process.
- ``gui_sync_peak_rss_mb``: the real window with the cache loaded, syncing through
  its child process: peak of (GUI RSS + sync child RSS), sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any

from benchmarks.common import (
    DEMO_CLIENT_ID,
    DEMO_SECRET,
    SandboxProcess,
    child_env,
    file_mb,
    run_json_child,
)


def log(msg: str) -> None:
    print(f"[store-bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _proc_io() -> dict[str, int]:
    out: dict[str, int] = {}
    with open("/proc/self/io", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            out[key.strip()] = int(value)
    return out


def _status_kb(pid: int | str, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _config(url: str) -> Any:
    from desktop.services.partner_api import ApiConfig

    return ApiConfig(
        identity_url=url, global_url=url, client_id=DEMO_CLIENT_ID, client_secret=DEMO_SECRET
    )


# ----------------------------------------------------------------------------- children


def child_fetch(url: str, write_to: str | None, billing: bool = False) -> dict[str, Any]:
    """The floors: fetch everything with the real client; optionally write a lean file."""
    import sqlite3

    from desktop.services.partner_api import LicenceResult, PartnerApiClient

    t0 = time.perf_counter()
    conn = None
    if write_to:
        for suffix in ("", "-wal", "-shm"):
            Path(write_to + suffix).unlink(missing_ok=True)
        conn = sqlite3.connect(write_to, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT, show_as TEXT, email TEXT,"
            " billing_type TEXT, data_region TEXT, raw BLOB)"
        )
        conn.execute("CREATE TABLE licences (tenant_id TEXT, id TEXT, raw BLOB)")
        conn.execute("BEGIN")
    customers = licences = 0

    def store_licences(result: LicenceResult) -> None:
        nonlocal licences
        lics = result.licences or []
        licences += len(lics)
        if conn is not None and lics:
            conn.executemany(
                "INSERT INTO licences VALUES (?, ?, ?)",
                [
                    (result.tenant_id, lic.id, zlib.compress(lic.raw_json().encode()))
                    for lic in lics
                ],
            )

    with PartnerApiClient(_config(url)) as client:
        client.authenticate()
        client.whoami()
        caps = client.capabilities()
        # Bulk licence pages beside the tenant pages (as the engine does), through a
        # bounded queue drained between tenant pages: nothing piles up in memory.
        bulk: queue.Queue[Any] = queue.Queue(maxsize=500)
        fetcher = None
        if caps.has("bulkLicenses"):

            def fetch_bulk() -> None:
                for item in client.iter_bulk_licences(100):
                    bulk.put(item)
                bulk.put(None)

            fetcher = threading.Thread(target=fetch_bulk, daemon=True)
            fetcher.start()
        ids: list[str] = []
        ended = fetcher is None
        for page in client.iter_tenant_pages(page_size=100):
            customers += len(page.tenants)
            ids.extend(t.id for t in page.tenants)
            if conn is not None:
                conn.executemany(
                    "INSERT OR REPLACE INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            t.id,
                            t.name,
                            t.show_as,
                            t.contact.email if t.contact else "",
                            t.billing_type.value,
                            t.data_region,
                            zlib.compress(t.raw_json().encode()),
                        )
                        for t in page.tenants
                    ],
                )
            while not ended:
                try:
                    item = bulk.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    ended = True
                else:
                    store_licences(item)
        if fetcher is not None:
            while not ended:
                item = bulk.get()
                if item is None:
                    ended = True
                else:
                    store_licences(item)
        else:
            for result in client.iter_licences(ids, bulk=False):
                store_licences(result)
        if caps.has("groups"):
            client.groups()
        if conn is not None:
            conn.execute("COMMIT")
            conn.close()
        seconds = time.perf_counter() - t0
        billing_s = billing_lines = 0.0
        if billing:  # what a first sync fetches after the data: this month and the last
            import datetime as dt

            t1 = time.perf_counter()
            today = dt.date.today()
            prev = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
            for year, month in ((today.year, today.month), prev):
                for page in client.iter_billing_pages(year, month):
                    billing_lines += len(page)
            billing_s = time.perf_counter() - t1
    cpu = os.times()
    return {
        "cpu_s": cpu.user + cpu.system,
        "billing_fetch_s": billing_s,
        "billing_lines": billing_lines,
        "seconds": seconds,
        "customers": customers,
        "licences": licences,
        "peak_rss_mb": _status_kb("self", "VmHWM") / 1024.0,
    }


def child_sync(url: str, cache: str) -> dict[str, Any]:
    """The real engine, as ``run_sync`` runs it; bytes written and peak RSS of this process."""
    from desktop.services.sync import run_sync

    io0 = _proc_io()
    t0 = time.perf_counter()
    data_at: list[float] = []

    def progress(event: Any) -> None:
        # the table's data is committed when the billing step starts (or the sync ends)
        if not data_at and event.phase in ("billing", "done"):
            data_at.append(time.perf_counter() - t0)

    summary = run_sync(Path(cache), _config(url), progress=progress)
    seconds = time.perf_counter() - t0
    cpu = os.times()
    io1 = _proc_io()
    if summary.status != "ok":
        raise RuntimeError(f"sync {summary.status}: {summary.error}")
    return {
        "seconds": seconds,
        "data_seconds": data_at[0] if data_at else seconds,
        "cpu_s": cpu.user + cpu.system,
        "customers": summary.customers,
        "licences": summary.licences,
        "changed": summary.changed,
        "new": summary.new,
        "write_bytes": io1["write_bytes"] - io0["write_bytes"],
        "wchar": io1["wchar"] - io0["wchar"],
        "peak_rss_mb": _status_kb("self", "VmHWM") / 1024.0,
    }


def child_snapshot(cache: str) -> dict[str, Any]:
    """The app's loader reads the synced cache and writes the table snapshot (as the
    window does after a sync); then where the bytes are (``dbstat``)."""
    import sqlite3

    from desktop.models.sync_worker import SnapshotWriter, load_cached

    prepared, _record, _note = load_cached(Path(cache))
    SnapshotWriter.wait_all(120)
    del prepared
    conn = sqlite3.connect(cache)
    try:
        rows = conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
        snap = conn.execute("SELECT count(*) FROM table_snapshot").fetchone()[0]
    finally:
        conn.close()
    return {"breakdown_mb": {n: round(s / 1e6, 2) for n, s in rows if s > 50_000}, "parts": snap}


def child_gui(url: str, cache: str | None = None) -> dict[str, Any]:
    """The real window syncs through its child process; with ``cache``, the window's
    profile starts from a copy of it (a re-sync). Without, the table starts empty."""
    from PySide6.QtWidgets import QApplication

    from benchmarks.gui_bench import _wait, _window
    from desktop.services.profiles import Profile, ProfileKind, ProfileStore

    if cache:
        # The profile's cache file is named by its id (a random one): add the profile
        # first and put the cache where the app looks. (Until round 4 the copy was
        # named "benchstore.sqlite3", never opened: the step measured a first sync.)
        profile = ProfileStore().add(
            Profile(
                name="BenchStore",
                kind=ProfileKind.SANDBOX,
                client_id="demo-super-admin",
                identity_url=url,
                global_url=url,
            )
        )
        profile.cache_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cache, profile.cache_path)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = _window("BenchStore", url, DEMO_SECRET)
    loaded: list[bool] = []
    window.cacheLoaded.connect(lambda: loaded.append(True))
    window.show()
    _wait(app, lambda: bool(loaded), 120)
    rows_at_start = window.model.rowCount()  # 0: the sync measured is a first sync
    gui_at_start = _status_kb(os.getpid(), "VmRSS") / 1024.0
    finished: list[Any] = []
    window.syncFinished.connect(finished.append)
    peak: dict[str, float] = {"gui": 0, "child": 0, "sum": 0, "sum_gui": 0, "sum_child": 0}
    peak["sum_at"] = 0.0
    t0 = time.perf_counter()
    stop = threading.Event()
    me = os.getpid()

    def sample() -> None:
        while not stop.is_set():
            gui = _status_kb(me, "VmRSS")
            child = 0
            kids: list[str] = []
            for task in os.listdir(f"/proc/{me}/task"):  # children of every thread
                try:
                    with open(f"/proc/{me}/task/{task}/children", encoding="ascii") as fh:
                        kids.extend(fh.read().split())
                except OSError:
                    pass
            for kid in kids:
                child += _status_kb(kid, "VmRSS")
            peak["gui"] = max(peak["gui"], gui)
            peak["child"] = max(peak["child"], child)
            if gui + child > peak["sum"]:  # what each side held at that moment
                peak["sum"], peak["sum_gui"], peak["sum_child"] = gui + child, gui, child
                peak["sum_at"] = time.perf_counter() - t0
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    window.start_sync()
    _wait(app, lambda: bool(finished), 900)
    seconds = time.perf_counter() - t0
    stop.set()
    sampler.join()
    status = getattr(finished[0], "status", "?")
    rows = window.model.rowCount()
    window.close()
    app.processEvents()
    return {
        "seconds": seconds,
        "status": status,
        "rows": rows,
        "rows_at_start": rows_at_start,
        "gui_rss_at_start_mb": gui_at_start,
        "gui_rss_mb": peak["gui"] / 1024.0,
        "child_rss_mb": peak["child"] / 1024.0,
        "sum_rss_mb": peak["sum"] / 1024.0,
        "sum_peak_gui_mb": peak["sum_gui"] / 1024.0,
        "sum_peak_child_mb": peak["sum_child"] / 1024.0,
        "sum_peak_at_s": peak["sum_at"],
    }


# ----------------------------------------------------------------------------- driver


def run(n: int, work: Path) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    cache = work / "store.sqlite3"
    floor_file = work / "floor.sqlite3"
    for path in (cache, floor_file):
        for suffix in ("", "-wal", "-shm", ".lock", ".syncing"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    env = child_env()
    me = ["benchmarks.store_bench"]
    out: dict[str, Any] = {"store_customers": n}
    with SandboxProcess(n, latency_ms=0) as sandbox:
        url = sandbox.url
        log(f"{n} customers at {url}: fetch-only floor")
        fetch = run_json_child([*me, "fetch", "--url", url], env, 1800)
        log("fetch + parse + write a lean file floor")
        floor = run_json_child(
            [*me, "fetch", "--url", url, "--write", str(floor_file), "--billing"], env, 1800
        )
        log("first sync (empty cache)")
        first = run_json_child([*me, "sync", "--url", url, "--cache", str(cache)], env, 1800)
        log("no-change re-sync")
        again = run_json_child([*me, "sync", "--url", url, "--cache", str(cache)], env, 1800)
        cache_mb_before_snapshot = file_mb(cache)
        log("the table snapshot, as the app's loader writes it")
        snap = run_json_child([*me, "snapshot", "--cache", str(cache)], env, 600)
        cache_mb = file_mb(cache)
        log("GUI + sync child (re-sync from the window)")
        home = work / "gui-home"
        shutil.rmtree(home, ignore_errors=True)
        gui = run_json_child(
            [*me, "gui", "--url", url, "--cache", str(cache)],
            child_env(PARTNER_DESK_HOME=str(home), PARTNER_DESK_LANGUAGE="en"),
            1800,
        )
    out.update(
        {
            "fetch_floor_s": fetch["seconds"],
            "write_floor_s": floor["seconds"],
            "write_floor_mb": file_mb(floor_file),
            "billing_fetch_s": floor["billing_fetch_s"],
            "billing_lines": floor["billing_lines"],
            "first_sync_s": first["data_seconds"],
            "first_sync_all_s": first["seconds"],
            "first_sync_written_mb": first["write_bytes"] / 1e6,
            # CPU seconds of each child process (all its threads): steadier than wall
            # time on a loaded machine; the floor's includes its billing fetch
            "write_floor_cpu_s": floor["cpu_s"],
            "first_sync_cpu_s": first["cpu_s"],
            "fetch_floor_cpu_s": fetch["cpu_s"],
            "resync_cpu_s": again["cpu_s"],
            "resync_nochange_s": again["seconds"],
            "resync_written_mb": again["write_bytes"] / 1e6,
            "resync_wchar_mb": again["wchar"] / 1e6,
            "resync_changed": again["changed"],
            "cache_mb": cache_mb,
            "cache_mb_before_snapshot": cache_mb_before_snapshot,
            "cache_breakdown_mb": snap["breakdown_mb"],
            "table_snapshot_parts": snap["parts"],
            "sync_peak_rss_mb": first["peak_rss_mb"],
            "resync_peak_rss_mb": again["peak_rss_mb"],
            "gui_sync_peak_rss_mb": gui["sum_rss_mb"],
            "gui_sync_gui_rss_mb": gui["gui_rss_mb"],
            "gui_sync_child_rss_mb": gui["child_rss_mb"],
            "store_gui_sync_status": gui["status"],
            "store_licences": first["licences"],
            "store_loadavg": Path("/proc/loadavg").read_text(encoding="ascii").split()[:3],
        }
    )
    out["resync_vs_fetch_floor"] = out["resync_nochange_s"] / out["fetch_floor_s"]
    out["first_sync_vs_write_floor"] = out["first_sync_s"] / out["write_floor_s"]
    out["first_sync_all_vs_write_and_billing_floor"] = out["first_sync_all_s"] / (
        out["write_floor_s"] + out["billing_fetch_s"]
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store_bench")
    sub = parser.add_subparsers(dest="cmd")
    f = sub.add_parser("fetch")
    f.add_argument("--url", required=True)
    f.add_argument("--write")
    f.add_argument("--billing", action="store_true")
    n = sub.add_parser("snapshot")
    n.add_argument("--cache", required=True)
    s = sub.add_parser("sync")
    s.add_argument("--url", required=True)
    s.add_argument("--cache", required=True)
    g = sub.add_parser("gui")
    g.add_argument("--url", required=True)
    g.add_argument("--cache")
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args(argv)
    if args.cmd == "fetch":
        result = child_fetch(args.url, args.write, args.billing)
    elif args.cmd == "snapshot":
        result = child_snapshot(args.cache)
    elif args.cmd == "sync":
        result = child_sync(args.url, args.cache)
    elif args.cmd == "gui":
        result = child_gui(args.url, args.cache)
        # The figures are in; skip Qt's teardown (under heavy load a window thread that
        # has not stopped yet aborts the process at exit and the run would be lost).
        print(json.dumps(result), flush=True)
        os._exit(0)
    else:
        work = Path(tempfile.mkdtemp(prefix="store-bench-", dir=os.environ.get("BENCH_DIR")))
        try:
            result = run(args.customers, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
