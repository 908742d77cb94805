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

Every name importable from the former ``partner_api`` module is re-exported here, lazily
(PEP 562): ``from desktop.services.partner_api.errors import PartnerApiError`` or
``...config import ApiConfig`` imports no httpx, so the GUI's start path does not pay
~100 ms for an HTTP stack before the first paint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.domain import parse_licence, parse_tenant
    from desktop.services.partner_api.client import MAX_PAGE_SIZE, PartnerApiClient
    from desktop.services.partner_api.config import ApiConfig
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
    from desktop.services.partner_api.ratecontrol import RateController
    from desktop.services.partner_api.ratecontrol import (
        parse_retry_after as _parse_retry_after,
    )
    from desktop.services.partner_api.transport import (
        DEFAULT_TOKEN_LIFETIME,
        LOGGER_NAME,
        RETRY_STATUSES,
    )

_ERRORS = "desktop.services.partner_api.errors"
_PARSING = "desktop.services.partner_api.parsing"
_TRANSPORT = "desktop.services.partner_api.transport"
#: public name -> (module, attribute): imported on first use
_LAZY: dict[str, tuple[str, str]] = {
    "parse_licence": ("desktop.services.domain", "parse_licence"),
    "parse_tenant": ("desktop.services.domain", "parse_tenant"),
    "MAX_PAGE_SIZE": ("desktop.services.partner_api.client", "MAX_PAGE_SIZE"),
    "PartnerApiClient": ("desktop.services.partner_api.client", "PartnerApiClient"),
    "ApiConfig": ("desktop.services.partner_api.config", "ApiConfig"),
    **{
        name: (_ERRORS, name)
        for name in (
            "AuthenticationError", "BadResponseError", "CancelledError", "ConflictError",
            "ForbiddenError", "NotFoundError", "PartnerApiError", "RateLimitedError",
            "UnavailableError", "ValidationError",
        )
    },
    "LicenceResult": (_PARSING, "LicenceResult"),
    "TenantPage": (_PARSING, "TenantPage"),
    "Whoami": (_PARSING, "Whoami"),
    "_Page": (_PARSING, "Page"),
    "_decode_json": (_PARSING, "decode_json"),
    "_try_json": (_PARSING, "try_json"),
    "RateController": ("desktop.services.partner_api.ratecontrol", "RateController"),
    "_parse_retry_after": ("desktop.services.partner_api.ratecontrol", "parse_retry_after"),
    "DEFAULT_TOKEN_LIFETIME": (_TRANSPORT, "DEFAULT_TOKEN_LIFETIME"),
    "LOGGER_NAME": (_TRANSPORT, "LOGGER_NAME"),
    "RETRY_STATUSES": (_TRANSPORT, "RETRY_STATUSES"),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # later look-ups skip this function
    return value


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
