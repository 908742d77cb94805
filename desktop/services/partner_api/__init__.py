"""HTTP client for the Sophos Central Partner API and its console extensions.

The contract is ``docs/partner-api.md``; reliability rules are ``docs/architecture.md`` §9. No Qt here.
The package follows its seams (after MusicBrainz Picard's ``picard/webservice``):

- :mod:`.transport` — one shared httpx client, sign-in and token refresh, retries with
  backoff, an overall deadline and a size cap per request, cancel (:class:`ApiConfig`);
- :mod:`.streams` — the deadline/cancel-aware socket layer and the capped body reader;
- :mod:`.ratecontrol` — one adaptive rate controller per credential;
- :mod:`.errors` — error classes and their user-facing messages;
- :mod:`.parsing` — JSON bodies, pages, ids, tenants and licences;
- :mod:`.client` — :class:`PartnerApiClient`: the endpoints.

Every name importable from the former ``partner_api`` module is re-exported here.
"""

from __future__ import annotations

from desktop.services.domain import parse_licence, parse_tenant
from desktop.services.partner_api.client import MAX_PAGE_SIZE, PartnerApiClient
from desktop.services.partner_api.errors import (
    AuthenticationError,
    BadResponseError,
    CancelledError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PartnerApiError,
    RateLimitedError,
    UnavailableError,
    ValidationError,
)
from desktop.services.partner_api.parsing import LicenceResult, TenantPage, Whoami
from desktop.services.partner_api.parsing import Page as _Page
from desktop.services.partner_api.parsing import decode_json as _decode_json
from desktop.services.partner_api.parsing import try_json as _try_json
from desktop.services.partner_api.ratecontrol import RateController, parse_retry_after
from desktop.services.partner_api.transport import (
    DEFAULT_TOKEN_LIFETIME,
    LOGGER_NAME,
    RETRY_STATUSES,
    ApiConfig,
)

_parse_retry_after = parse_retry_after

__all__ = [
    "DEFAULT_TOKEN_LIFETIME",
    "LOGGER_NAME",
    "MAX_PAGE_SIZE",
    "RETRY_STATUSES",
    "ApiConfig",
    "AuthenticationError",
    "BadResponseError",
    "CancelledError",
    "ConflictError",
    "ForbiddenError",
    "LicenceResult",
    "NotFoundError",
    "PartnerApiClient",
    "PartnerApiError",
    "RateController",
    "RateLimitedError",
    "TenantPage",
    "UnavailableError",
    "ValidationError",
    "Whoami",
    "_Page",
    "_decode_json",
    "_parse_retry_after",
    "_try_json",
    "parse_licence",
    "parse_tenant",
]
