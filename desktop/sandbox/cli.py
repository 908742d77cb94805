"""``partner-desk sandbox``: run the sandbox server alone until Ctrl+C / SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType
from typing import Any

from desktop.sandbox.common import DEMO_CREDENTIALS, DEMO_SECRET, ROLES
from desktop.sandbox.faults import PROFILES
from desktop.sandbox.server import SandboxServer


def _credential(text: str) -> tuple[str, str, str]:
    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise argparse.ArgumentTypeError("expected ID:SECRET[:ROLE]")
    role = parts[2] if len(parts) == 3 and parts[2] else "Partner Super Admin"
    if role not in ROLES:
        raise argparse.ArgumentTypeError(f"unknown role {role!r}; one of: {', '.join(ROLES)}")
    return parts[0], parts[1], role


def _error_rate(text: str) -> tuple[str, float]:
    status, sep, share = text.partition("=")
    try:
        if not sep:
            raise ValueError
        code = int(status)
        value = float(share)
    except ValueError:
        raise argparse.ArgumentTypeError("expected STATUS=SHARE, e.g. 503=0.1") from None
    if not 400 <= code <= 599 or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("status must be 4xx/5xx and share between 0 and 1")
    return str(code), value


def _optional_number(text: str) -> float | None:
    if text.lower() in ("none", "null", "off", "unlimited"):
        return None
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="partner-desk sandbox",
        description="Run the built-in Partner API sandbox on 127.0.0.1.",
    )
    p.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (0 = any free port)")
    p.add_argument("--customers", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="default",
        help="named behaviour: "
        + "; ".join(f"{name}: {prof.description}" for name, prof in sorted(PROFILES.items())),
    )
    p.add_argument("--no-extensions", action="store_true", help="behave like the public API")
    p.add_argument(
        "--credential",
        action="append",
        type=_credential,
        default=[],
        metavar="ID:SECRET[:ROLE]",
        help="extra credential (repeatable; role defaults to Partner Super Admin)",
    )
    f = p.add_argument_group("faults (docs/partner-api.md §8)")
    f.add_argument("--latency-ms", type=float)
    f.add_argument("--rate-limit-per-s", type=_optional_number, default=argparse.SUPPRESS)
    f.add_argument("--no-retry-after-header", action="store_true")
    f.add_argument("--retry-after-omit-rate", type=float, metavar="SHARE")
    f.add_argument("--error-rate", action="append", type=_error_rate, default=[])
    f.add_argument("--drop-rate", type=float)
    f.add_argument("--truncate-page", type=int)
    f.add_argument("--token-lifetime-s", type=int)
    f.add_argument("--forbidden-tenant", action="append", default=[], metavar="TENANT_ID")
    f.add_argument("--churn-between-pages", type=int)
    return p


def faults_from_args(args: argparse.Namespace) -> dict[str, Any]:
    faults: dict[str, Any] = {}
    if args.latency_ms is not None:
        faults["latency_ms"] = args.latency_ms
    if hasattr(args, "rate_limit_per_s"):
        faults["rate_limit_per_s"] = args.rate_limit_per_s
    if args.no_retry_after_header:
        faults["retry_after_header"] = False
    if args.retry_after_omit_rate is not None:
        faults["retry_after_omit_rate"] = args.retry_after_omit_rate
    if args.error_rate:
        faults["error_rate"] = dict(args.error_rate)
    if args.drop_rate is not None:
        faults["drop_rate"] = args.drop_rate
    if args.truncate_page is not None:
        faults["truncate_page"] = args.truncate_page
    if args.token_lifetime_s is not None:
        faults["token_lifetime_s"] = args.token_lifetime_s
    if args.forbidden_tenant:
        faults["forbidden_tenants"] = list(args.forbidden_tenant)
    if args.churn_between_pages is not None:
        faults["churn_between_pages"] = args.churn_between_pages
    return faults


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        server = SandboxServer(
            customers=args.customers,
            seed=args.seed,
            host=args.host,
            port=args.port,
            faults=faults_from_args(args),
            credentials=args.credential,
            extensions=False if args.no_extensions else None,
            profile=args.profile,
        )
        server.start()
    except (ValueError, OSError) as exc:
        print(f"partner-desk sandbox: {exc}", file=sys.stderr)
        return 2
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, _on_signal)
    try:
        print(f"Partner API sandbox listening on {server.base_url}")
        print(f"base URL: {server.base_url}  (identity and global API)")
        print(f"partner id: {server.partner_id}")
        print(f"customers: {args.customers}  seed: {args.seed}  profile: {server.profile}")
        limit = server.faults["rate_limit_per_s"]
        print(f"rate limit: {f'{limit:g} requests/s' if limit else 'off'}")
        print(f"client secret for the demo credentials: {DEMO_SECRET}")
        for client_id, role in DEMO_CREDENTIALS.items():
            print(f"  {client_id:<22} {role}")
        for client_id, _secret, role in args.credential:
            print(f"  {client_id:<22} {role} (own secret)")
        print("Press Ctrl+C to stop.", flush=True)
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    print("sandbox stopped", flush=True)
    return 0
