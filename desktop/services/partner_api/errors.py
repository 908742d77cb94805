"""Errors of the Partner API client and the user-facing messages that describe them.

Every failure is a :class:`PartnerApiError` subclass whose ``message`` is English,
user-actionable and never contains the client secret or a token.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AuthenticationError",
    "BadResponseError",
    "CancelledError",
    "ConflictError",
    "ForbiddenError",
    "NotFoundError",
    "PartnerApiError",
    "RateLimitedError",
    "UnavailableError",
    "ValidationError",
]


class PartnerApiError(Exception):
    """Base of every client error. ``message`` is English, user-actionable and secret-free.

    ``kind`` names the failure for a translated user interface (the English ``message``
    stays for the CLI and the logs): "failed", "auth", "forbidden", "not_found",
    "conflict", "validation", "rate_limited", "unreachable", "unavailable", "tls",
    "bad_response", "cancelled".
    """

    default_message = "The Partner API request failed."
    kind = "failed"

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        tracking_id: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.tracking_id = tracking_id
        super().__init__(self.message)

    @property
    def correlation_id(self) -> str | None:
        return self.tracking_id

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(message={self.message!r}, status={self.status!r}, "
            f"tracking_id={self.tracking_id!r})"
        )


class AuthenticationError(PartnerApiError):
    default_message = (
        "Sign-in failed: the client ID or client secret was rejected. "
        "Check the API credential in the profile."
    )
    kind = "auth"


class ForbiddenError(PartnerApiError):
    default_message = "This API credential is not allowed to do that (403 Forbidden)."
    kind = "forbidden"


class NotFoundError(PartnerApiError):
    default_message = "The item was not found on the server (404). It may have been removed."
    kind = "not_found"


class ConflictError(PartnerApiError):
    default_message = "The server refused the change because of a conflict (409)."
    kind = "conflict"


class ValidationError(PartnerApiError):
    default_message = "The server rejected the request as invalid (400)."
    kind = "validation"


class RateLimitedError(PartnerApiError):
    default_message = (
        "The Partner API is rate-limiting this credential (429) and retries were exhausted. "
        "Wait a minute and try again."
    )
    kind = "rate_limited"


class UnavailableError(PartnerApiError):
    """The server could not be reached (``reachable=False``: refused, timed out, TLS) or
    kept failing (5xx, dropped connections) after the bounded retries."""

    default_message = (
        "The Partner API server cannot be reached. Check the network connection "
        "(and proxy or firewall settings) and try again."
    )

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        tracking_id: str | None = None,
        reachable: bool = True,
    ) -> None:
        super().__init__(message, status=status, tracking_id=tracking_id)
        self.reachable = reachable

    @property
    def kind(self) -> str:  # type: ignore[override]
        if self.message.startswith(TLS_UNTRUSTED):
            return "tls"
        return "unavailable" if self.reachable else "unreachable"


class BadResponseError(PartnerApiError):
    default_message = "The server sent an incomplete or invalid answer."
    kind = "bad_response"


class CancelledError(PartnerApiError):
    default_message = "The operation was cancelled."
    kind = "cancelled"


# ---------------------------------------------------------------- messages


def bad_answer(what: str, detail: str = "") -> str:
    msg = f"The server sent an incomplete or invalid answer for {what}"
    return f"{msg}: {detail}." if detail else f"{msg}."


def tracking_of(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("trackingId", "correlationId", "requestId"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
    return None


def server_message(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("message", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()[:500]
    return ""


def with_reason(text: str, reason: str) -> str:
    return f"{text} The server said: {reason}" if reason else text


def untrusted_certificate(exc: BaseException) -> str | None:
    """The reason when ``exc`` comes from a failed TLS certificate check, else None."""
    import ssl  # here, not at the top: the GUI's start path imports this module (issue 13)

    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError):
            return str(seen.verify_message or "not trusted")
        seen = seen.__cause__ or seen.__context__
    if "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return "not trusted"
    return None


TLS_UNTRUSTED = "The Partner API server's TLS certificate is not trusted"


def unreachable(what: str, exc: BaseException, *, timed_out: bool | None = None) -> str:
    reason = untrusted_certificate(exc)
    if reason is not None:
        return (
            f"{TLS_UNTRUSTED} ({what} failed: "
            f"{reason}). If your network inspects HTTPS traffic, set the profile's CA bundle "
            "to your organisation's CA certificate; certificate checks cannot be turned off."
        )
    if timed_out is None:
        import httpx  # only when there is an error to describe

        timed_out = isinstance(exc, httpx.TimeoutException)
    kind = "timed out" if timed_out else "failed"
    return (
        f"The Partner API server cannot be reached ({what} {kind}). "
        "Check the network connection (and proxy or firewall settings) and try again."
    )


def unavailable(what: str, status: int) -> str:
    return (
        f"The Partner API server cannot be reached or is unavailable ({what}: HTTP {status}). "
        "Check the network connection and try again later."
    )


def too_large(what: str, limit: int) -> str:
    return (
        f"The server sent an answer larger than {limit // (1024 * 1024)} MB for {what}; "
        "it was refused to protect this computer's memory."
    )


def too_deep(what: str) -> str:
    return f"The server sent an answer nested too deeply to read for {what}."


def too_slow(what: str, seconds: float) -> str:
    return (
        f"The Partner API server cannot be reached ({what} timed out: no complete answer "
        f"within {seconds:.0f} s). Check the network connection and try again later."
    )


def rate_limit_gave_up(seconds: float, progress: str) -> str:
    done = f" {progress}" if progress else ""
    return (
        "The Partner API kept rate-limiting this credential (429): no request got through "
        f"for {seconds:.0f} s, so the sync stopped.{done} Wait a few minutes and sync again; "
        "what was fetched is kept."
    )
