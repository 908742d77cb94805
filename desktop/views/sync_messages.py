"""Translated texts for the sync engine's message ids (issue 14 item 12).

The Qt-free services hand the GUI message ids with arguments
(:class:`desktop.services.sync.SyncProgress` ``key``/``args``,
:class:`desktop.services.cache.SyncSummary` ``error_id``, the client's
``PartnerApiError.kind``); their English texts stay for the CLI and the logs. Every
text here is a literal in ``QCoreApplication.translate`` with a literal context so
that ``pyside6-lupdate`` extracts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.views.action_reasons import count_text


def progress_text(key: str, args: dict[str, Any] | None = None) -> str:
    """The translated text of a progress message id (the English one if the id is new)."""
    a = {k: count_text(v) if isinstance(v, int) else v for k, v in (args or {}).items()}
    if key == "signing_in":
        return QCoreApplication.translate("SyncMessages", "Signing in")
    if key == "fetching_customers":
        return QCoreApplication.translate("SyncMessages", "Fetching customers")
    if key == "fetched_customers":
        return QCoreApplication.translate("SyncMessages", "Fetched {count} customers").format(**a)
    if key == "customers_saved":
        return QCoreApplication.translate(
            "SyncMessages", "Customer list saved ({count} customers); refreshing licences"
        ).format(**a)
    if key == "resuming_licences":
        return QCoreApplication.translate(
            "SyncMessages", "Resuming the licence refresh where the last sync stopped"
        )
    if key == "fetching_licences":
        return QCoreApplication.translate("SyncMessages", "Fetching licences")
    if key == "licences_refreshed":
        return QCoreApplication.translate(
            "SyncMessages", "Licences refreshed for {refreshed} of {count} customers"
        ).format(**a)
    if key == "fetching_groups":
        return QCoreApplication.translate("SyncMessages", "Fetching customer groups")
    if key == "fetching_billing":
        return QCoreApplication.translate("SyncMessages", "Fetching billing usage")
    if key == "saving":
        return QCoreApplication.translate("SyncMessages", "Saving")
    if key == "complete":
        return QCoreApplication.translate("SyncMessages", "Sync complete")
    return QCoreApplication.translate("SyncMessages", "Syncing…")


def event_text(event: Any) -> str:
    """The translated text of a SyncProgress event (or of a plain message string)."""
    key = getattr(event, "key", "")
    if key:
        return progress_text(key, getattr(event, "args", {}))
    return progress_text("")


@dataclass(frozen=True, slots=True)
class Failure:
    """What a failed sync means to the user."""

    #: short, for the status bar
    status: str
    #: what happened and what to do, for the banner and the empty table
    detail: str
    #: the server could not be reached (the cache age says "offline")
    offline: bool
    #: the fix is in the profile (wrong secret): the banner offers "Edit profile…"
    edit_profile: bool = False


def failure(summary: Any, *, profile: str, has_cache: bool) -> Failure:
    """The translated meaning of a failed (or cancelled, or busy) sync summary."""
    kind = getattr(summary, "error_id", None) or ""
    http = getattr(summary, "error_status", None)
    offline = kind == "unreachable"
    if kind == "auth":
        status = (
            QCoreApplication.translate("SyncMessages", "Sign-in failed — showing the cached data")
            if has_cache
            else QCoreApplication.translate(
                "SyncMessages", "Sign-in failed — no customers cached yet"
            )
        )
        detail = QCoreApplication.translate(
            "SyncMessages",
            "Sign-in failed: the server rejected the client ID or client secret of the "
            "profile {profile}. Edit the profile (File › Profiles…) and enter the secret again.",
        ).format(profile=profile)
        return Failure(status, detail, False, edit_profile=True)
    if offline:
        status = (
            QCoreApplication.translate("SyncMessages", "Offline — showing the cached data")
            if has_cache
            else QCoreApplication.translate("SyncMessages", "Offline — no customers cached yet")
        )
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The Partner API server cannot be reached. Check the network connection "
            "(and proxy or firewall settings) and sync again.",
        )
        return Failure(status, detail, True)
    status = (
        QCoreApplication.translate("SyncMessages", "Sync failed — showing the cached data")
        if has_cache
        else QCoreApplication.translate("SyncMessages", "Sync failed — no customers cached yet")
    )
    if kind == "forbidden":
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The server refused this API credential access to the customer list (HTTP 403). "
            "Use a Partner API credential whose role can see customers.",
        )
    elif kind == "tls":
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The server's TLS certificate is not trusted. If your network inspects HTTPS "
            "traffic, set the profile's CA bundle to your organisation's CA certificate.",
        )
    elif kind == "rate_limited":
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The Partner API is rate-limiting this credential. Wait a few minutes and sync "
            "again; what was fetched is kept.",
        )
    elif kind == "unavailable":
        detail = (
            QCoreApplication.translate(
                "SyncMessages",
                "The Partner API server answered with an error (HTTP {status}). "
                "Try again later; what was fetched is kept.",
            ).format(status=http)
            if http
            else QCoreApplication.translate(
                "SyncMessages",
                "The Partner API server kept failing. Try again later; what was fetched is kept.",
            )
        )
    elif kind == "bad_response":
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The server sent an incomplete or invalid answer. Try again later; what was "
            "fetched is kept.",
        )
    elif kind in ("not_found", "conflict", "validation", "failed"):
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The Partner API refused a request (HTTP {status}). Try again later; what was "
            "fetched is kept.",
        ).format(status=http or "?")
    elif kind == "cache":
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The local customer cache could not be read or written. Check the free disk "
            "space and the permissions of the data folder, then sync again.",
        )
    elif kind or not getattr(summary, "error", None):
        detail = QCoreApplication.translate(
            "SyncMessages",
            "The sync stopped because of an unexpected error. Sync again; the details are "
            "in the log.",
        )
    else:  # a summary without an error id (none of ours): its text is all there is
        detail = str(summary.error)
    return Failure(status, detail, False)
