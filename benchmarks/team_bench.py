"""Team mode beside the local cache (issue 16): ``python -m benchmarks.team_bench
[--customers N]`` or ``python -m benchmarks --team``.

One run, same sandbox, same machine:
- sync: first sync and no-change re-sync into SQLite (the local cache) and into
  PostgreSQL (the sync node), in this process, one after the other;
- the desktop's replica: first copy (empty replica, a role that sees everything) and
  a no-change catch-up; commit → replica row updated through LISTEN/NOTIFY (a rename
  on the sandbox, then a sync; five times);
- the table: search/sort/toggle paint on the replica (the file a team desktop's
  table reads) and on the local cache (gui_bench.measure_paint); start → full table
  painted with a *team* profile (its feed connects after the paint) and with the
  local profile (gui_bench.measure_start).

A throw-away PostgreSQL server (Debian binaries, unix socket only, fsync on) is started
and removed. Results: ``benchmarks/team_results.json``; printed as a table.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks import gui_bench
from benchmarks.common import DEMO_CLIENT_ID, DEMO_SECRET, ROOT, SandboxProcess, child_env, file_mb

RESULTS = ROOT / "benchmarks" / "team_results.json"


def log(msg: str) -> None:
    print(f"[team-bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Postgres:
    """A throw-away server (as ``postgres`` when run as root), unix socket only."""

    def __init__(self, work: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
        if not found:
            raise SystemExit("PostgreSQL binaries missing: apt-get install -y postgresql")
        self.bindir = Path(found[0]).parent
        self.root = work / "pg"
        self.root.mkdir(parents=True)
        self.data, self.sock = self.root / "data", self.root / "sock"
        self.sock.mkdir()
        self.root_user = os.geteuid() == 0
        self.user = "postgres" if self.root_user else os.environ.get("USER", "postgres")
        if self.root_user:
            for p in (work, self.root, self.sock):
                shutil.chown(p, "postgres")
        self.port = 56432

    def _run(self, *cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if self.root_user else list(cmd)
        subprocess.run(full, check=True, capture_output=True, timeout=300)

    def __enter__(self) -> Postgres:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user,
                  "-A", "trust", "-E", "UTF8", "--locale=C")  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = ''\nunix_socket_directories = '{self.sock}'\n"
                f"port = {self.port}\nshared_buffers = 128MB\n"
            )
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-l",
                  str(self.root / "log"), "start")  # fmt: skip
        return self

    def __exit__(self, *exc: object) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql:///{db}?host={self.sock}&port={self.port}"


def _config(url: str) -> Any:
    from desktop.services.profiles import Profile, ProfileKind
    from desktop.services.sync import config_for_profile

    profile = Profile("b", ProfileKind.SANDBOX, DEMO_CLIENT_ID, url, url)
    return config_for_profile(profile, DEMO_SECRET)


def _timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _team_start(work: Path, replica: Path, db_url: str, runs: int) -> list[float]:
    """Process start → full table painted with a team profile (replica as its cache)."""
    from benchmarks.common import spawn_measured

    home = work / "team-start-home"
    shutil.rmtree(home, ignore_errors=True)
    env = child_env(PARTNER_DESK_HOME=str(home), PARTNER_DESK_BENCH_EXIT_ON_PAINT="full",
                    PARTNER_DESK_LANGUAGE="en")  # fmt: skip
    code = (
        "from desktop.services.profiles import Profile, ProfileKind, ProfileStore\n"
        "s = ProfileStore()\n"
        f"p = s.add(Profile(name='Bench', kind=ProfileKind.TEAM, client_id='', identity_url='',"
        f" global_url='', database_url={db_url!r}, db_role='bench_all'))\n"
        "s.set_last_used('Bench'); print(p.cache_path)\n"
    )
    target = Path(
        subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True,
                       text=True, check=True).stdout.strip()
    )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(replica, target)
    app = ["-m", "desktop", "--profile", "Bench"]
    spawn_measured(app, env)  # warm-up
    return [spawn_measured(app, env)[0] for _ in range(runs)]


def _sync_rounds(
    pg: Postgres, work: Path, cfg: Any, rounds: int, r: dict[str, Any]
) -> tuple[Path, float]:
    """First sync and no-change re-sync into SQLite and into PostgreSQL, ``rounds`` times,
    alternating which goes first (a fresh cache file and a fresh database each round);
    medians and the per-round PostgreSQL / SQLite ratios go into ``r``. Returns the last
    round's cache file (the table's local side) and its ``team init`` time; the last
    round's database stays as ``team``."""
    import psycopg

    from desktop.services.sync import run_sync
    from desktop.services.team.database import TeamDatabase, conninfo
    from desktop.services.team.schema import init_schema
    from desktop.services.team.sync_node import run_team_sync

    admin = conninfo(pg.url("team"), role=pg.user)
    times: dict[str, list[float]] = {}
    local = work / "local.sqlite3"
    init_s = 0.0

    def sqlite_side(k: int) -> None:
        path = work / f"local{k}.sqlite3"
        for key in ("sqlite_first_sync_s", "sqlite_resync_s"):
            took, summary = _timed(lambda: run_sync(path, cfg))
            assert summary.status == "ok", summary.error
            times.setdefault(key, []).append(took)
        nonlocal local
        local = path

    def pg_side(_k: int) -> None:
        nonlocal init_s
        with psycopg.connect(f"host={pg.sock} port={pg.port} dbname=postgres user={pg.user}",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute("DROP DATABASE IF EXISTS team WITH (FORCE)")
            conn.execute("CREATE DATABASE team")
        db = TeamDatabase(admin)
        init_s, _ = _timed(lambda: init_schema(db.engine))
        db.close()
        for key in ("pg_first_sync_s", "pg_resync_s"):
            took, summary = _timed(lambda: run_team_sync(admin, cfg))
            assert summary.status == "ok", summary.error
            times.setdefault(key, []).append(took)

    for k in range(rounds):
        log(f"sync round {k + 1}/{rounds}")
        sides = (sqlite_side, pg_side) if k % 2 == 0 else (pg_side, sqlite_side)
        for side in sides:
            side(k)
    for key, values in times.items():
        r[key] = gui_bench._median(values)
        r[f"{key}_runs"] = values
    for what in ("first_sync", "resync"):
        ratios = [
            p / q for p, q in zip(times[f"pg_{what}_s"], times[f"sqlite_{what}_s"], strict=True)
        ]
        r[f"pg_vs_sqlite_{what}_ratio"] = gui_bench._median(ratios)
        r[f"pg_vs_sqlite_{what}_ratio_runs"] = ratios
    return local, init_s


def run(
    n: int, work: Path, *, runs: int = 3, table: bool = True, sync_rounds: int = 3
) -> dict[str, Any]:
    import psycopg

    from desktop.services.cache import Cache
    from desktop.services.partner_api import PartnerApiClient
    from desktop.services.team.database import TeamDatabase, conninfo
    from desktop.services.team.replica import Replicator
    from desktop.services.team.schema import grant
    from desktop.services.team.sync_node import run_team_sync

    r: dict[str, Any] = {"customers": n, "load_avg": {"start": gui_bench.load_avg()}}
    with Postgres(work) as pg, SandboxProcess(n) as sandbox:
        with psycopg.connect(f"host={pg.sock} port={pg.port} dbname=postgres user={pg.user}",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute("CREATE ROLE bench_all LOGIN")
        url = pg.url("team")
        admin = conninfo(url, role=pg.user)
        cfg = _config(sandbox.url)
        log(f"syncs of {n}: SQLite and PostgreSQL, {sync_rounds} rounds")
        local, r["team_init_s"] = _sync_rounds(pg, work, cfg, sync_rounds, r)
        db = TeamDatabase(admin)
        grant(db.engine, "bench_all", all_customers=True)
        with psycopg.connect(admin) as conn:
            r["pg_database_mb"] = conn.execute(
                "SELECT pg_database_size('team')::float8 / 1048576.0"
            ).fetchone()[0]
        replica_path = work / "replica.sqlite3"
        cache = Cache.open(replica_path)
        rep = Replicator(conninfo(url, role="bench_all"), cache)
        log("replica: first copy")
        r["replica_first_copy_s"], _ = _timed(rep.catch_up)
        r["replica_catch_up_nochange_s"], _ = _timed(rep.catch_up)
        r["replica_mb"] = file_mb(replica_path)
        r["local_cache_mb"] = file_mb(local)
        # commit -> replica updated, through LISTEN/NOTIFY
        latencies: list[float] = []
        stop = threading.Event()
        ready = threading.Event()
        seen: dict[str, float] = {}
        target_ids = sorted(row.id for row in cache.load_rows(first_by_name=5))

        def on_change(ids: list[str], _many: bool) -> None:
            now = time.monotonic()
            for i in ids:
                seen.setdefault(i, now)

        listener = threading.Thread(target=rep.listen, args=(stop, on_change),
                                    kwargs={"on_ready": ready.set}, daemon=True)  # fmt: skip
        listener.start()
        ready.wait(60)
        with PartnerApiClient(cfg) as client:
            client.authenticate()
            for k, tid in enumerate(target_ids):
                client.rename(tid, f"Team bench rename {k}")
                commits: list[float] = []

                def progress(event: Any, commits: list[float] = commits) -> None:
                    if event.committed == "tenants":
                        commits.append(time.monotonic())

                seen.pop(tid, None)
                run_team_sync(admin, cfg, progress=progress)
                deadline = time.monotonic() + 10
                while tid not in seen and time.monotonic() < deadline:
                    time.sleep(0.005)
                if tid in seen and commits:
                    latencies.append((seen[tid] - commits[0]) * 1000)
        stop.set()
        listener.join(10)
        r["notify_commit_to_replica_ms"] = latencies
        rep.close()
        cache.close()
        db.close()
        if table:
            log("table: replica (team) and local cache, two rounds, alternating")
            paints: dict[str, list[dict[str, Any]]] = {"team": [], "local": []}
            for _round in range(2):
                paints["local"].append(gui_bench.measure_paint(work, local))
                paints["team"].append(gui_bench.measure_paint(work, replica_path))
            keys = ("keystroke_paint_median_ms", "keystroke_paint_p95_ms",
                    "sort_click_paint_median_ms", "sort_click_paint_max_ms",
                    "toggle_click_paint_max_ms", "peak_rss_mb")  # fmt: skip
            for side, runs_ in paints.items():
                r[f"{side}_table_rows"] = runs_[0]["table_rows"]
                for key in keys:
                    r[f"{side}_{key}_rounds"] = [x[key] for x in runs_]
                    r[f"{side}_{key}"] = gui_bench._median([x[key] for x in runs_])
            log("start: team profile and local profile")
            team_start = _team_start(work, replica_path, url, runs)
            local_start = gui_bench.measure_start(work, local, runs)
            r["team_full_start_ms"] = gui_bench._median(team_start)
            r["team_full_start_runs_ms"] = team_start
            r["local_full_start_ms"] = local_start["full_start_ms"]
            r["local_full_start_runs_ms"] = local_start["full_start_runs_ms"]
            r["reference_full_start_ms"] = local_start["full_start_reference_ms"]
    r["load_avg"]["end"] = gui_bench.load_avg()
    return r


def render(r: dict[str, Any]) -> str:
    def f(key: str, unit: str = "") -> str:
        v = r.get(key)
        if v is None:
            return "—"
        return f"{v:.2f}{unit}" if isinstance(v, float) else f"{v}{unit}"

    rounds = len(r.get("pg_first_sync_s_runs", [])) or 1
    lines = [
        f"Sync figures: {rounds} rounds, SQLite and PostgreSQL alternating which goes first"
        " (a fresh cache file and a fresh database each round); both include billing.",
        "Table figures: median of two rounds (local, team, local, team); the team side is"
        " a team desktop's table, which reads its replica.",
        "",
        f"Team mode at {r['customers']} customers (load average start {r['load_avg']['start']},"
        f" end {r['load_avg']['end']})",
        "",
        "| Measure | Team (PostgreSQL / replica) | Local cache (SQLite) |",
        "|---|---|---|",
        f"| First sync, median (s) | {f('pg_first_sync_s')} | {f('sqlite_first_sync_s')} |",
        f"| No-change re-sync, median (s) | {f('pg_resync_s')} | {f('sqlite_resync_s')} |",
        f"| PostgreSQL / SQLite, median of the rounds' ratios | first {f('pg_vs_sqlite_first_sync_ratio')}, re-sync {f('pg_vs_sqlite_resync_ratio')} | |",
        f"| Store size (MB) | {f('pg_database_mb')} (database) / {f('replica_mb')} (replica) | {f('local_cache_mb')} |",
        f"| Keystroke → paint median / p95 (ms) | {f('team_keystroke_paint_median_ms')} / {f('team_keystroke_paint_p95_ms')} | {f('local_keystroke_paint_median_ms')} / {f('local_keystroke_paint_p95_ms')} |",
        f"| Sort click → paint, median / worst column (ms) | {f('team_sort_click_paint_median_ms')} / {f('team_sort_click_paint_max_ms')} | {f('local_sort_click_paint_median_ms')} / {f('local_sort_click_paint_max_ms')} |",
        f"| Toggle → paint, worst (ms) | {f('team_toggle_click_paint_max_ms')} | {f('local_toggle_click_paint_max_ms')} |",
        f"| Peak RSS after search/sort/toggle (MB) | {f('team_peak_rss_mb')} | {f('local_peak_rss_mb')} |",
        f"| Start → full table painted, median (ms) | {f('team_full_start_ms')} | {f('local_full_start_ms')} (bare reference {f('reference_full_start_ms')}) |",
        "",
        f"Replica: first copy {f('replica_first_copy_s', ' s')}, no-change catch-up "
        f"{f('replica_catch_up_nochange_s', ' s')}; `team init` {f('team_init_s', ' s')}.",
        "Commit → replica row updated via LISTEN/NOTIFY (ms): "
        + ", ".join(f"{v:.0f}" for v in r.get("notify_commit_to_replica_ms", [])),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.team_bench", description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-table", action="store_true", help="sync and replica only")
    parser.add_argument("--sync-rounds", type=int, default=3, help="interleaved sync rounds")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pd-team-bench-") as tmp:
        os.chmod(tmp, 0o755)
        r = run(
            args.customers,
            Path(tmp),
            runs=args.runs,
            table=not args.no_table,
            sync_rounds=args.sync_rounds,
        )
    previous: dict[str, Any] = {}
    if args.output.exists():
        previous = json.loads(args.output.read_text())
    previous[str(args.customers)] = r
    args.output.write_text(json.dumps(previous, indent=2) + "\n")
    print(render(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
