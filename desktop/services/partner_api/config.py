"""What a client needs to know to talk to one Partner API credential.

Its own module so that code which only builds a configuration (the GUI's action and
sync wiring) does not import httpx: start-up pays for HTTP only when a request is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.services.urlpolicy import check_api_urls


@dataclass(frozen=True)
class ApiConfig:
    identity_url: str
    global_url: str
    client_id: str
    client_secret: str = field(repr=False)
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_concurrency: int = 8
    max_retries: int = 5  # 5xx and dropped connections, per request
    # Nothing listening (connection refused / connect timeout) usually means offline:
    # give up after this many retries so the app says "offline" within a second or two.
    max_connect_retries: int = 2
    max_timeout_retries: int = 1  # read timeouts and missed deadlines, per request
    backoff_base: float = 0.5
    backoff_max: float = 20.0  # also caps a Retry-After pause
    ca_bundle: str | None = None  # custom CA file; TLS verification can never be turned off
    user_agent: str = "PartnerDesk/0.1"
    use_tenant_api_host: bool = False  # per-tenant licence calls go to tenant.apiHost
    request_deadline: float = 30.0  # whole request (connect + headers + body), seconds
    max_response_bytes: int = 32 * 1024 * 1024  # decoded body cap
    rate_limit_budget: float = 180.0  # give up after this long with only 429s
    initial_rate: float | None = None  # requests/s before the server says anything
    max_pages: int = 10_000  # paging stops here (1,000,000 items at 100 a page)

    def __post_init__(self) -> None:  # https, or plain http to loopback only (issue 12)
        check_api_urls(self.identity_url, self.global_url)
