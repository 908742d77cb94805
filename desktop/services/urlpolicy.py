"""Which URLs Partner Desk talks to and opens (docs/architecture.md §9, issue 12 items 2 and 5).

Qt-free, one place for both rules:

- :func:`check_api_url` — a URL that receives credentials (identity URL, global URL):
  ``https`` anywhere, plain ``http`` only to a loopback address, whatever the profile
  kind. URLs are parsed, never pattern-matched: ``http://127.0.0.1:1@otherhost`` is a
  request to ``otherhost`` (user-info ``127.0.0.1:1``), so it is refused; any user-info,
  backslash, whitespace or control character is refused outright, because parsers
  disagree on such URLs.
- :func:`check_launch_url` — a URL handed to the system opener (Launch): ``https`` on
  ``sophos.com`` or one of its sub-domains, or, for a sandbox profile, exactly the
  profile's own configured origin (scheme, host and port).

Both raise :class:`UrlPolicyError` with an English sentence (views show their own
translated text).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

SOPHOS_DOMAIN = "sophos.com"


M_NOT_A_URL = "The {label} must be a full URL such as https://example.com."
M_USERINFO = "The {label} must not contain a user name or password (text before @)."
M_PLAIN_HTTP = (
    "The {label} must use https: plain http is allowed only to this computer "
    "(127.0.0.1, ::1 or localhost), so the client secret is never sent unencrypted."
)
M_LAUNCH_REFUSED = (
    "Partner Desk did not open the address the server returned, because it is not an "
    "https address on sophos.com: {url}"
)


class UrlPolicyError(ValueError):
    """A URL the policy refuses; ``template`` + ``fields`` let a view translate it."""

    def __init__(self, template: str, **fields: str) -> None:
        self.template = template
        self.fields = fields
        super().__init__(template.format(**fields))


_FORBIDDEN = frozenset("\\ \t\r\n\x0b\x0c")


def _parse(url: str, label: str) -> SplitResult:
    if not isinstance(url, str) or any(
        ch in _FORBIDDEN or ord(ch) < 32 or ord(ch) == 127 for ch in url
    ):
        raise UrlPolicyError(M_NOT_A_URL, label=label)
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise UrlPolicyError(M_NOT_A_URL, label=label) from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise UrlPolicyError(M_NOT_A_URL, label=label)
    return parts


def _no_userinfo(parts: SplitResult, label: str) -> None:
    if "@" in parts.netloc:
        raise UrlPolicyError(M_USERINFO, label=label)


def is_loopback_host(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1 (host as returned by ``urlsplit().hostname``)."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_api_url(url: str, *, label: str = "URL") -> None:
    """Raise :class:`UrlPolicyError` unless credentials may be sent to ``url``."""
    parts = _parse(url, label)
    if parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname or ""):
        raise UrlPolicyError(M_PLAIN_HTTP, label=label)
    _no_userinfo(parts, label)


def check_api_urls(identity_url: str, global_url: str) -> None:
    """Both URLs of an API configuration (called by ``ApiConfig.__post_init__``)."""
    check_api_url(identity_url, label="identity URL")
    check_api_url(global_url, label="global URL")


def api_url_allowed(url: str) -> bool:
    try:
        check_api_url(url)
    except UrlPolicyError:
        return False
    return True


def _origin(parts: SplitResult) -> tuple[str, str, int]:
    scheme = parts.scheme.lower()
    default = 443 if scheme == "https" else 80
    return scheme, (parts.hostname or "").lower().rstrip("."), parts.port or default


def is_sophos_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == SOPHOS_DOMAIN or host.endswith("." + SOPHOS_DOMAIN)


def check_launch_url(url: str, *, own_origins: tuple[str, ...] = ()) -> None:
    """Raise :class:`UrlPolicyError` unless Launch may open ``url``.

    ``own_origins``: the sandbox profile's configured identity/global URLs (empty for
    Sophos profiles); a URL on exactly one of their origins is allowed too.
    """
    shown = url if len(url) <= 200 else url[:200] + "…"
    try:
        parts = _parse(url, "launch URL")
        _no_userinfo(parts, "launch URL")
    except UrlPolicyError:
        raise UrlPolicyError(M_LAUNCH_REFUSED, url=shown) from None
    if parts.scheme.lower() == "https" and is_sophos_host(parts.hostname or ""):
        return
    for own in own_origins:
        try:
            mine = _parse(own, "profile URL")
            _no_userinfo(mine, "profile URL")
        except UrlPolicyError:
            continue
        if _origin(parts) == _origin(mine):
            return
    raise UrlPolicyError(M_LAUNCH_REFUSED, url=shown)


def launch_allowed(url: str, *, own_origins: tuple[str, ...] = ()) -> bool:
    try:
        check_launch_url(url, own_origins=own_origins)
    except UrlPolicyError:
        return False
    return True
