"""Helpers shared by the benchmarks: sandbox subprocess, child processes, statistics."""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEMO_CLIENT_ID = "demo-super-admin"
DEMO_SECRET = "sandbox"  # desktop.sandbox.server.DEMO_SECRET
ROOT = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


class SandboxProcess:
    """``python -m desktop sandbox`` in its own process (honest client/server timings)."""

    def __init__(self, customers: int, *, latency_ms: float = 0.0) -> None:
        self.customers = customers
        self.latency_ms = latency_ms
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> SandboxProcess:
        cmd = [
            sys.executable,
            "-m",
            "desktop",
            "sandbox",
            "--port",
            "0",
            "--customers",
            str(self.customers),
            "--rate-limit-per-s",
            "0",
            "--latency-ms",
            str(self.latency_ms),
        ]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            match = re.search(r"listening on (\S+)", line)
            if match:
                self.url = match.group(1)
                break
        if not self.url:
            raise RuntimeError("the sandbox did not start")
        return self

    def cpu_seconds(self) -> float:
        """User + system CPU time of the sandbox process so far (Linux)."""
        if self.proc is None:
            return 0.0
        try:
            with open(f"/proc/{self.proc.pid}/stat", "rb") as fh:
                fields = fh.read().decode().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return float("nan")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


def install_bench_cache(cache_path: Path, env: dict[str, str]) -> Path:
    """Add the "Bench" profile (last used) under ``env``'s ``PARTNER_DESK_HOME`` and copy
    ``cache_path`` to its cache file, which is named by the profile's id: the app is
    asked where (a child process, so this process's own home is untouched)."""
    import subprocess
    import sys

    code = (
        "from desktop.services.profiles import Profile, ProfileKind, ProfileStore\n"
        "s = ProfileStore()\n"
        "p = s.add(Profile(name='Bench', kind=ProfileKind.SANDBOX, client_id='demo-super-admin',"
        " identity_url='http://127.0.0.1:9', global_url='http://127.0.0.1:9'))\n"
        "s.set_last_used('Bench'); print(p.cache_path)\n"
    )
    target = Path(
        subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
    )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(cache_path, target)
    return target


def engine_sync(url: str, cache_path: Path) -> tuple[Any, float, dict[str, Any]]:
    """The real engine (``sync_events``) into a fresh cache at ``cache_path``, with the
    demo credential: (summary, wall seconds, the client's request statistics)."""
    from desktop.services.cache import Cache
    from desktop.services.partner_api import ApiConfig, PartnerApiClient
    from desktop.services.sync import sync_events

    for suffix in ("", "-wal", "-shm"):
        cache_path.with_name(cache_path.name + suffix).unlink(missing_ok=True)
    config = ApiConfig(
        identity_url=url, global_url=url, client_id=DEMO_CLIENT_ID, client_secret=DEMO_SECRET
    )
    cache = Cache.open(cache_path, verify=False)
    try:
        t0 = time.perf_counter()
        with PartnerApiClient(config) as client:
            events = sync_events(cache, client)
            while True:
                try:
                    next(events)
                except StopIteration as stop:
                    summary = stop.value
                    break
            seconds = time.perf_counter() - t0
            stats = {
                "requests": client.request_count,
                "peak_in_flight": client.peak_in_flight,
                "rate": client.rate.stats,
            }
    finally:
        cache.close()
    return summary, seconds, stats


def run_json_child(args: Sequence[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run ``python -m <args>``; its last stdout line is a JSON object."""
    proc = subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(
            f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def timed_child(
    args: Sequence[str], env: dict[str, str], timeout: float = 120
) -> tuple[float, float]:
    """Spawn ``python <args>``; return (ms from spawn to the first painted table, peak RSS MB).

    The child prints ``first-paint-ms <n> mono <t>``; ``t`` is its ``time.monotonic()``
    at the paint, the same clock as this process's ``time.monotonic()`` (Linux).
    """
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    # communicate() reaped the child; its rusage is in RUSAGE_CHILDREN only as a max over
    # all children, so the child reports nothing and we use wait4 below when possible.
    match = re.search(r"first-paint-ms \S+ mono (\S+)", out)
    if proc.returncode != 0 or not match:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{out}\n{err[-3000:]}")
    return (float(match.group(1)) - start) * 1000.0, float("nan")


def spawn_measured(
    args: Sequence[str], env: dict[str, str], timeout: float = 120
) -> tuple[float, float]:
    """Like :func:`timed_child` but reaps with ``wait4`` to read this child's peak RSS."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    deadline = time.monotonic() + timeout
    out = proc.stdout.read()  # the child closes stdout when it exits
    err = proc.stderr.read()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError(" ".join(args))
        time.sleep(0.01)
    proc.returncode = os.waitstatus_to_exitcode(status)
    match = re.search(r"first-paint-ms \S+ mono (\S+)", out)
    if proc.returncode != 0 or not match:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{out}\n{err[-3000:]}")
    paint_ms = (float(match.group(1)) - start) * 1000.0
    return paint_ms, usage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(0.95 * (len(ordered) - 1))))
    return float(ordered[k])


def file_mb(path: Path) -> float:
    total = 0
    for suffix in ("", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            total += side.stat().st_size
    return total / 1_000_000
