"""Sync time under a server rate limit, against the floor Q/R (issue 10).

``python -m benchmarks.sync_rate [--quick] [--only NAME...]`` (also run by
``python -m benchmarks --sync-rate``). For each case a sandbox runs in its own process
with the rate limit (and faults) of the case; the real sync engine (``sync_events``)
syncs it into a fresh cache. Q is the number of API requests the sync needed (accepted
requests, token requests excluded: the sandbox does not limit them), R the limit, and
the goal is ``wall <= 1.2 * Q / R + 5 s``. Every case also checks that the synced data
equals an unfaulted sync of the same sandbox. Results are merged into
``benchmarks/results.json`` under ``sync_rate``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, child_env, engine_sync

RESULTS = ROOT / "benchmarks" / "results.json"


@dataclass
class Case:
    name: str
    customers: int
    rate: float
    retry_after: bool = True
    extensions: bool = True
    faults: list[str] = field(default_factory=list)  # extra sandbox CLI flags


def cases(quick: bool) -> list[Case]:
    n = 500 if quick else 2_500
    out = []
    for rate in (1, 2, 5):
        for ra in (True, False):
            out.append(Case(f"r{rate}_{'ra' if ra else 'no_ra'}", n, rate, retry_after=ra))
    faulty = ["--error-rate", "503=0.1", "--drop-rate", "0.05", "--token-lifetime-s", "5"]
    for rate in (2, 5):
        out.append(Case(f"r{rate}_faults", n, rate, faults=faulty))
    out.append(
        Case("real_10k_r10", 1_000 if quick else 10_000, 10, retry_after=False, extensions=False)
    )
    return out


class Sandbox:
    def __init__(self, case: Case, *, limited: bool) -> None:
        cmd = [sys.executable, "-m", "desktop", "sandbox", "--port", "0"]
        cmd += ["--customers", str(case.customers), "--seed", "7"]
        cmd += ["--rate-limit-per-s", str(case.rate if limited else 0)]
        if not case.extensions:
            cmd.append("--no-extensions")
        if limited:
            if not case.retry_after:
                cmd.append("--no-retry-after-header")
            cmd += case.faults
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT
        )
        assert self.proc.stdout is not None
        self.url = ""
        for line in self.proc.stdout:
            match = re.search(r"listening on (\S+)", line)
            if match:
                self.url = match.group(1)
                break
        if not self.url:
            self.close()
            raise RuntimeError("the sandbox did not start")

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def sync_once(url: str, cache_path: Path) -> dict[str, Any]:
    summary, wall, client = engine_sync(url, cache_path)
    stats = client["rate"]
    out = {
        "status": summary.status,
        "error": summary.error,
        "customers": summary.customers,
        "seconds": round(wall, 2),
        "requests_sent": client["requests"],
        "accepted": stats.succeeded,
        "rate_limited": stats.rate_limited,
        "failed_retried": stats.failed,
        "pauses": stats.pauses,
        "final_rate": round(stats.rate, 2) if stats.rate else None,
    }
    out["content"] = content(cache_path)
    return out


def content(path: Path) -> list[tuple[Any, ...]]:
    from desktop.services.cache import Cache

    with Cache.open(path) as cache:
        return sorted(
            (r.id, r.name, r.show_as, r.statuses, r.manageable, r.groups) for r in cache.load_rows()
        )


def run_case(case: Case, work: Path) -> dict[str, Any]:
    clean = Sandbox(case, limited=False)
    try:
        reference = sync_once(clean.url, work / f"{case.name}-clean.sqlite3")
    finally:
        clean.close()
    server = Sandbox(case, limited=True)
    load_before = os.getloadavg()
    try:
        measured = sync_once(server.url, work / f"{case.name}.sqlite3")
    finally:
        server.close()
    q = measured["accepted"]
    floor = q / case.rate
    goal = 1.2 * floor + 5.0
    same = measured.pop("content") == reference.pop("content")
    result = {
        "customers": case.customers,
        "limit_per_s": case.rate,
        "retry_after": case.retry_after,
        "extensions": case.extensions,
        "faults": " ".join(case.faults),
        "Q": q,
        "floor_s": round(floor, 1),
        "goal_s": round(goal, 1),
        "ratio_to_floor": round(measured["seconds"] / floor, 3) if floor else None,
        "within_goal": measured["status"] == "ok" and measured["seconds"] <= goal,
        "same_data_as_unfaulted": same,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        **measured,
    }
    return result


def run(quick: bool, only: list[str] | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pd-rate-") as tmp:
        for case in cases(quick):
            if only and case.name not in only:
                continue
            print(f"[sync_rate {time.strftime('%H:%M:%S')}] {case.name} ...", file=sys.stderr)
            try:
                results[case.name] = run_case(case, Path(tmp))
            except Exception as exc:  # record it; the other cases still run
                results[case.name] = {"status": "error", "error": repr(exc)}
                print(f"  error: {exc!r}", file=sys.stderr, flush=True)
                continue
            r = results[case.name]
            print(
                f"  {r['status']} {r['seconds']} s, Q={r['Q']}, floor {r['floor_s']} s, "
                f"goal {r['goal_s']} s, 429s {r['rate_limited']}, same data {r['same_data_as_unfaulted']}"
                f", load {r['loadavg_after'][0]}",
                file=sys.stderr,
                flush=True,
            )
    return results


# ---------------------------------------------------------------- hostile servers

HOSTILE = {
    "drip_1_byte_per_s": ("drip", {"drip_s": 1.0}),
    "silence": ("silence", {}),
    "endless_full_pages": ("endless", {}),
    "pages_total_1e9": ("huge_total", {}),
    "pages_total_1e9_full": ("huge_total_full", {}),
    "gzip_bomb_1_6_gb": ("gzip_bomb", {"bomb_mb": 1600}),
    "page_200_mb": ("big", {"big_mb": 200}),
    "page_200_mb_chunked": ("big", {"big_mb": 200, "chunked": True}),
    "bad_ids": ("bad_ids", {}),
    "nested_json": ("nested", {"depth": 1_000_000}),
}


def _hostile_child(url: str, cache: str) -> dict[str, Any]:
    """One sync with the default client settings, in a fresh process: wall and peak RSS."""
    import resource

    from desktop.services.partner_api import ApiConfig
    from desktop.services.sync import run_sync

    config = ApiConfig(identity_url=url, global_url=url, client_id="x", client_secret="y")
    t0 = time.perf_counter()
    summary = run_sync(Path(cache), config)
    return {
        "status": summary.status,
        "message": summary.error or "; ".join(summary.warnings[:2]),
        "customers": summary.customers,
        "warnings": len(summary.warnings),
        "seconds": round(time.perf_counter() - t0, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_hostile(only: list[str] | None = None) -> dict[str, Any]:
    import concurrent.futures as cf
    import multiprocessing

    sys.path.insert(0, str(ROOT / "tests" / "helpers"))
    from hostile_server import HostileServer

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pd-hostile-") as tmp:
        for name, (mode, options) in HOSTILE.items():
            if only and name not in only:
                continue
            print(f"[hostile {time.strftime('%H:%M:%S')}] {name} ...", file=sys.stderr)
            with HostileServer(mode, **options) as server:
                ctx = multiprocessing.get_context("spawn")
                with cf.ProcessPoolExecutor(1, mp_context=ctx) as pool:
                    cache = str(Path(tmp) / f"{name}.sqlite3")
                    r = pool.submit(_hostile_child, server.base_url, cache).result()
            r["loadavg"] = [round(x, 2) for x in os.getloadavg()]
            results[name] = r
            print(f"  {r}", file=sys.stderr, flush=True)
    return results


def merge_into(path: Path, key: str, value: Any) -> None:
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = json.loads(path.read_text())
        except ValueError:
            data = {}
    existing = data.get(key) if isinstance(data.get(key), dict) else {}
    data[key] = {**existing, **value}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync_rate", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="500 / 1,000 customers")
    parser.add_argument("--only", nargs="*", help="case names (default: all)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--hostile", action="store_true", help="hostile servers instead")
    args = parser.parse_args(argv)
    if args.hostile:
        results = run_hostile(args.only)
        merge_into(args.output, "sync_hostile", results)
    else:
        results = run(args.quick, args.only)
        merge_into(args.output, "sync_rate_quick" if args.quick else "sync_rate", results)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
