"""The built-in Partner API sandbox: lifecycle, credentials, tokens, and request dispatch.

Imports nothing from the rest of ``desktop``. The pieces: :mod:`.common` (request,
reply, errors, roles), :mod:`.state` (data), :mod:`.faults` (fault injection and
profiles), :mod:`.routes` (one module per group of routes), :mod:`.handler` (HTTP).
Routes and the HTTP handler use only the public methods of :class:`SandboxServer`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import secrets
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from desktop.sandbox.common import (
    DEMO_CREDENTIALS,
    DEMO_SECRET,
    ROLES,
    ApiError,
    Reply,
    Request,
    b64,
)
from desktop.sandbox.faults import PROFILES, Faults, validate_faults
from desktop.sandbox.handler import Handler, HTTPServer, HTTPServerV6
from desktop.sandbox.routes import ROUTES, Route, admin, auth
from desktop.sandbox.routes.extensions import FEATURES
from desktop.sandbox.state import SandboxState

__all__ = ["DEMO_CREDENTIALS", "DEMO_SECRET", "ROLES", "SandboxServer", "validate_faults"]

LOOPBACK = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1", "::1": "::1"}
_MAX_TOKENS = 10_000


class SandboxServer:
    """A local, deterministic Partner API. Binds loopback only.

    ``profile`` (``default``, ``demo``, ``real``; see :data:`~.faults.PROFILES`) sets
    extensions, bulk licences and faults; explicit ``extensions``/``bulk_licences``/
    ``faults`` override it.
    """

    def __init__(
        self,
        customers: int = 2000,
        seed: int = 1,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: dict[str, Any] | None = None,
        credentials: list[tuple[str, str, str]] | None = None,
        extensions: bool | None = None,
        programs: tuple[str, ...] = ("mspFlex", "mspFlexConnect"),
        today: dt.date | None = None,
        *,
        profile: str = "default",
        bulk_licences: bool | None = None,
        state_file: str | os.PathLike[str] | None = None,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError(
                f"the sandbox binds loopback only (127.0.0.1, localhost, ::1), not {host!r}"
            )
        if customers < 0:
            raise ValueError("customers must be >= 0")
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")
        chosen = PROFILES[profile]
        self.profile = chosen.name
        self._host = LOOPBACK[host]
        self._requested_port = port
        self.port = port
        self.base_url = ""
        self.extensions = chosen.extensions if extensions is None else extensions
        self.bulk_licences = chosen.bulk_licences if bulk_licences is None else bulk_licences
        self.programs = tuple(programs)
        self.seed = seed
        self.today = today or dt.date.today()
        seed_rng = random.Random(f"partner-{seed}")
        self.partner_id = str(uuid.UUID(int=seed_rng.getrandbits(128), version=4))
        self.partner_name = "Demo Partner S.r.l. — Sandbox"
        self._faults = Faults(seed, {**chosen.faults, **(faults or {})})
        self._credentials: dict[str, tuple[str, str]] = {
            cid: (DEMO_SECRET, role) for cid, role in DEMO_CREDENTIALS.items()
        }
        for cid, secret, role in credentials or []:
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
            self._credentials[cid] = (secret, role)
        self._tokens: dict[str, tuple[str, float]] = {}
        self._refresh: dict[str, str] = {}
        self._auth_lock = threading.Lock()
        #: the route table; a test may swap one route's handler
        self.routes: tuple[Route, ...] = ROUTES
        #: where the data is kept between runs (None: in memory only); see :meth:`save_state`
        self.state_file = Path(state_file) if state_file is not None else None
        self._save_lock = threading.Lock()
        self._save_timer: threading.Timer | None = None
        #: the data came from ``state_file`` (not generated afresh)
        self.restored = False
        snapshot = self._read_state()
        self.state = SandboxState(
            0 if snapshot is not None else customers,
            seed,
            self.partner_id,
            self.today,
            self.programs,
        )
        if snapshot is not None:
            try:
                self.state.restore(snapshot)
                self.restored = True
            except ValueError:
                self.state = SandboxState(
                    customers, seed, self.partner_id, self.today, self.programs
                )
        self._httpd: HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- persistence --------------------------------------------------------------------

    def _read_state(self) -> dict[str, Any] | None:
        if self.state_file is None:
            return None
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):  # unreadable or damaged: start afresh, keep it aside
            try:
                self.state_file.replace(self.state_file.with_name(self.state_file.name + ".bad"))
            except OSError:
                pass
            return None
        return data if isinstance(data, dict) else None

    def save_state(self) -> None:
        """Write the data to ``state_file`` atomically (0600); a no-op without one."""
        if self.state_file is None:
            return
        with self.state.lock:
            text = json.dumps(self.state.snapshot(), separators=(",", ":"))
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_name(self.state_file.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.state_file)

    #: changes are written this long after the first one (a bulk action writes once)
    SAVE_DELAY_S = 1.0

    def _after_change(self, req: Request, reply: Reply) -> None:
        """A change that succeeded (rename, groups, assistance …) is written soon after,
        once for a burst of changes, and at :meth:`stop`."""
        if self.state_file is None or req.method in ("GET", "HEAD") or reply.status >= 400:
            return
        with self._save_lock:
            if self._save_timer is not None:
                return
            self._save_timer = threading.Timer(self.SAVE_DELAY_S, self._save_pending)
            self._save_timer.daemon = True
            self._save_timer.start()

    def _save_pending(self) -> None:
        with self._save_lock:
            if self._save_timer is None:
                return
            self._save_timer = None
        try:
            self.save_state()
        except OSError:  # the demo goes on in memory
            pass

    def flush_state(self) -> None:
        """Write pending changes now (a no-op when there are none)."""
        with self._save_lock:
            timer, self._save_timer = self._save_timer, None
        if timer is not None:
            timer.cancel()
            try:
                self.save_state()
            except OSError:
                pass

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> SandboxServer:
        if self._httpd is not None:
            return self
        server_cls = HTTPServerV6 if ":" in self._host else HTTPServer
        httpd = server_cls((self._host, self._requested_port), Handler)
        httpd.sandbox = self
        self.port = httpd.server_address[1]
        host = f"[{self._host}]" if ":" in self._host else self._host
        self.base_url = f"http://{host}:{self.port}"
        with self.state.lock:
            self.state.set_api_host(self.base_url)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        httpd.close_open_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self.flush_state()

    @property
    def httpd(self) -> HTTPServer | None:
        """The listening HTTP server while started (tests wrap its socket in TLS)."""
        return self._httpd

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults and features ---------------------------------------------------------------

    @property
    def faults(self) -> dict[str, Any]:
        return self._faults.snapshot()

    def set_faults(self, **changes: Any) -> None:
        self._faults.update(changes)

    def features(self) -> tuple[str, ...]:
        """The console-extension features offered (empty without extensions)."""
        if not self.extensions:
            return ()
        return tuple(f for f in FEATURES if f != "bulkLicenses" or self.bulk_licences)

    # -- credentials and tokens --------------------------------------------------------------

    def credential_secret(self, client_id: str) -> str | None:
        entry = self._credentials.get(client_id)
        return entry[0] if entry else None

    def role_of(self, client_id: str) -> str:
        return self._credentials[client_id][1]

    def issue_token(self, client_id: str) -> tuple[str, str, int]:
        """A new (access token, refresh token, lifetime in s) for a known client id."""
        lifetime = int(self.faults["token_lifetime_s"])
        now = int(time.time())
        header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = b64(
            json.dumps(
                {"sub": client_id, "iat": now, "exp": now + lifetime, "jti": secrets.token_hex(8)}
            ).encode()
        )
        access = f"{header}.{payload}.{b64(secrets.token_bytes(32))}"
        refresh = secrets.token_urlsafe(32)
        with self._auth_lock:
            mono = time.monotonic()
            if len(self._tokens) > _MAX_TOKENS:  # forget expired tokens
                self._tokens = {t: v for t, v in self._tokens.items() if v[1] > mono}
            if len(self._refresh) > _MAX_TOKENS:  # forget the oldest half
                self._refresh = dict(list(self._refresh.items())[_MAX_TOKENS // 2 :])
            self._tokens[access] = (client_id, mono + lifetime)
            self._refresh[refresh] = client_id
        return access, refresh, lifetime

    def redeem_refresh_token(self, refresh: str) -> str | None:
        """The client id a refresh token was issued to (each refresh token works once)."""
        with self._auth_lock:
            client_id = self._refresh.pop(refresh, None)
        if client_id is None or client_id not in self._credentials:
            return None
        return client_id

    def issued_tokens(self) -> list[str]:
        """Every access token handed out and not yet forgotten (leak checks in tests)."""
        with self._auth_lock:
            return list(self._tokens)

    def client_for(self, token: str) -> str | None:
        """The client id of a valid, unexpired bearer token, else None."""
        if not token:
            return None
        with self._auth_lock:
            entry = self._tokens.get(token)
        if entry is None or entry[1] <= time.monotonic():
            return None
        if entry[0] not in self._credentials:
            return None
        return entry[0]

    def check_partner(self, req: Request) -> None:
        """``X-Partner-ID``: missing -> 401, someone else's -> 403 (docs/partner-api.md §4)."""
        partner = req.header("X-Partner-ID")
        if not partner:
            raise ApiError(401, "X-Partner-ID header is required", error="Unauthorized")
        if partner.strip() != self.partner_id:
            raise ApiError(403, "not your partner id")

    # -- dispatch ------------------------------------------------------------------------------

    def route_enabled(self, route: Route) -> bool:
        if route.extension and not self.extensions:
            return False
        return route.feature is None or route.feature in self.features()

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        """(route, path parameters, whether the path exists for some other method).

        A route switched off (no extensions, feature off) does not exist: 404, not 405.
        """
        path_known = False
        switched_off = False
        for r in self.routes:
            m = r.pattern.fullmatch(path)
            if not m:
                continue
            if not self.route_enabled(r):
                switched_off = switched_off or r.method == method
                continue
            path_known = True
            if r.method == method:
                return r, {k: unquote(v) for k, v in m.groupdict().items()}, True
        return None, {}, path_known and not switched_off

    def handle(self, req: Request) -> Reply:
        """One request in, one reply out. Never raises for an API error."""
        try:
            if req.path.startswith(admin.PREFIX):
                return admin.handle(self, req)
            settings = self.faults
            if self._faults.before_request(settings):
                return Reply(drop=True)
            if req.path.rstrip("/") == auth.TOKEN_PATH:
                if req.method != "POST":
                    raise ApiError(405, "use POST")
                return auth.token(self, req)
            reply = self._api(req, settings)
            self._after_change(req, reply)
            return reply
        except ApiError as exc:
            return Reply.error(exc)
        except (ConnectionError, BrokenPipeError):
            raise
        except Exception as exc:  # never kill the server
            return Reply.error(ApiError(500, f"internal error: {type(exc).__name__}"))

    def _api(self, req: Request, settings: dict[str, Any]) -> Reply:
        route, params, path_known = self.match(req.method, req.path)
        # authentication first, like the real service (and before reading any body)
        auth_header = req.header("Authorization")
        token = auth_header[7:].strip() if auth_header[:7].lower() == "bearer " else ""
        client_id = self.client_for(token)
        if client_id is None:
            raise ApiError(401, "Unauthorized", error="Unauthorized")
        self._faults.check_api_call(settings, client_id)
        if route is None:
            if path_known:
                raise ApiError(405, f"{req.method} not allowed on {req.path}")
            raise ApiError(404, f"no route {req.method} {req.path}")
        req.params = params
        req.client_id = client_id
        req.role = self.role_of(client_id)
        if route.partner:
            self.check_partner(req)
        return route.handler(self, req)
