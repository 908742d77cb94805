"""Translatable texts for the English reasons and messages of ``desktop.services.actions``.

The services layer has no Qt, so its reasons, validation messages and billing /
unlink explanations are English source strings. Every one of them is listed here
with ``QT_TRANSLATE_NOOP("Actions", …)`` so that lupdate offers it to
translators; :func:`translate` looks the English text up (exact text first, then
the few parameterised forms) and formats the translation with its arguments.
Server error details (from the Partner API) are not translatable; they are shown
after a translated lead-in chosen by the kind of error (:func:`error_text`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QLocale

from desktop.i18n import QT_TRANSLATE_NOOP
from desktop.services.actions import Availability, Reason

CONTEXT = "Actions"

# One translatable text per reason, looked up by the member (never by its English text).
# Each text equals the member's value (a test checks it), so English needs no catalogue.
REASON_TEXT: dict[Reason, str] = {
    Reason.OFFLINE: QT_TRANSLATE_NOOP("Actions", "You are offline. Reconnect to do this."),
    Reason.NOT_SYNCED: QT_TRANSLATE_NOOP("Actions", "Sync this profile first."),
    Reason.PUBLIC_API: QT_TRANSLATE_NOOP(
        "Actions", "Not available through the public Partner API."
    ),
    Reason.REMOVED: QT_TRANSLATE_NOOP("Actions", "This customer is no longer linked to you."),
    Reason.MANAGED: QT_TRANSLATE_NOOP(
        "Actions", "Managed customer orders (MSP Flex Connect) can only be viewed and launched."
    ),
    Reason.ROLE: QT_TRANSLATE_NOOP("Actions", "Your role ({role}) cannot do this."),
    Reason.ROLE_GROUPS: QT_TRANSLATE_NOOP(
        "Actions", "Only a Partner Super Admin can change customer groups."
    ),
    Reason.NEEDS_ASSISTANCE: QT_TRANSLATE_NOOP(
        "Actions",
        "Partner assistance is off for this customer. The customer turns partner assistance "
        "on in Sophos Central: Account Details › Sophos Support › Partner Assistance.",
    ),
    Reason.ASSISTANCE_ON: QT_TRANSLATE_NOOP(
        "Actions", "Partner assistance is already on for this customer."
    ),
    Reason.ASSISTANCE_PENDING: QT_TRANSLATE_NOOP(
        "Actions", "Partner assistance was requested and is waiting for the customer."
    ),
    Reason.NEEDS_FLEX: QT_TRANSLATE_NOOP("Actions", "Monthly accounts need the MSP Flex program."),
    Reason.UNLINK_SCHEDULED: QT_TRANSLATE_NOOP(
        "Actions", "Unlinking is already scheduled for this customer."
    ),
    Reason.SELECT_ONE: QT_TRANSLATE_NOOP("Actions", "Select one customer."),
    Reason.BUSY: QT_TRANSLATE_NOOP("Actions", "An action is already running for this customer."),
    Reason.NO_SECRET: QT_TRANSLATE_NOOP(
        "Actions",
        "No client secret is stored for this profile. Open File › Profiles… to enter it.",
    ),
    Reason.TEAM_READ_ONLY: QT_TRANSLATE_NOOP(
        "Actions",
        "This team profile has no API credential of your own, so changes are disabled. "
        "Add your client ID and secret to the profile to make them.",
    ),
}

# The other English texts of desktop/services/actions.py (validation, billing moves, help),
# translated by their text (some carry parameters: PATTERNS).
MESSAGES: tuple[str, ...] = (
    *REASON_TEXT.values(),
    QT_TRANSLATE_NOOP(
        "Actions",
        "The customer turns partner assistance on in Sophos Central: "
        "Account Details › Sophos Support › Partner Assistance.",
    ),
    # validation
    QT_TRANSLATE_NOOP("Actions", "The licence key may contain only letters, digits and dashes."),
    QT_TRANSLATE_NOOP("Actions", "Enter an email address such as name@example.com."),
    QT_TRANSLATE_NOOP(
        "Actions", "Enter a phone number with digits, spaces and an optional leading +."
    ),
    QT_TRANSLATE_NOOP("Actions", "Choose a country (two-letter code such as IT)."),
    QT_TRANSLATE_NOOP("Actions", "Choose where the customer's data is stored."),
    # billing moves
    QT_TRANSLATE_NOOP(
        "Actions", "All trial licences of this customer end when it moves to monthly billing."
    ),
    QT_TRANSLATE_NOOP(
        "Actions", "A trial becomes term by ordering a licence, not by a billing change."
    ),
    QT_TRANSLATE_NOOP("Actions", "A customer cannot go back to a trial."),
)

# Field labels used inside the validation messages ("{label} is required.").
LABELS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Actions", "The display name"),
    QT_TRANSLATE_NOOP("Actions", "The licence key"),
    QT_TRANSLATE_NOOP("Actions", "The customer name"),
    QT_TRANSLATE_NOOP("Actions", "The first name"),
    QT_TRANSLATE_NOOP("Actions", "The last name"),
    QT_TRANSLATE_NOOP("Actions", "The email address"),
    QT_TRANSLATE_NOOP("Actions", "The phone number"),
    QT_TRANSLATE_NOOP("Actions", "The address"),
    QT_TRANSLATE_NOOP("Actions", "The second address line"),
    QT_TRANSLATE_NOOP("Actions", "The city"),
    QT_TRANSLATE_NOOP("Actions", "The state or province"),
    QT_TRANSLATE_NOOP("Actions", "The postal code"),
    QT_TRANSLATE_NOOP("Actions", "The country"),
)
_LABEL_ALT = "|".join(re.escape(label) for label in LABELS)

# Parameterised texts: (pattern over the English text, translatable template).
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"^(?P<label>{_LABEL_ALT}) is required\.$"),
        QT_TRANSLATE_NOOP("Actions", "{label} is required."),
    ),
    (
        re.compile(rf"^(?P<label>{_LABEL_ALT}) cannot contain control characters\.$"),
        QT_TRANSLATE_NOOP("Actions", "{label} cannot contain control characters."),
    ),
    (
        re.compile(rf"^(?P<label>{_LABEL_ALT}) must be at most (?P<max_len>\d+) characters\.$"),
        QT_TRANSLATE_NOOP("Actions", "{label} must be at most {max_len} characters."),
    ),
    (
        re.compile(r"^It has an active licence \((?P<product>.*)\)\.$"),
        QT_TRANSLATE_NOOP("Actions", "It has an active licence ({product})."),
    ),
    (
        re.compile(r"^A licence \((?P<product>.*)\) expired less than (?P<days>\d+) days ago\.$"),
        QT_TRANSLATE_NOOP("Actions", "A licence ({product}) expired less than {days} days ago."),
    ),
)

_KNOWN = frozenset(MESSAGES)

# Lead-ins for failed actions, by PartnerApiError subclass name.
ERROR_LEADS: dict[str, str] = {
    "ForbiddenError": QT_TRANSLATE_NOOP(
        "Actions", "Sophos Central did not allow this for your API credential."
    ),
    "ConflictError": QT_TRANSLATE_NOOP("Actions", "Sophos Central refused the change."),
    "NotFoundError": QT_TRANSLATE_NOOP(
        "Actions", "The customer or group no longer exists in Sophos Central. Sync to refresh."
    ),
    "ValidationError": QT_TRANSLATE_NOOP("Actions", "Sophos Central rejected the input."),
    "AuthenticationError": QT_TRANSLATE_NOOP(
        "Actions", "Sign-in failed. Check the API credential of this profile."
    ),
    "RateLimitedError": QT_TRANSLATE_NOOP(
        "Actions", "Sophos Central is busy (too many requests). Try again in a minute."
    ),
    "UnavailableError": QT_TRANSLATE_NOOP(
        "Actions", "Sophos Central could not be reached. Check the connection and try again."
    ),
    "BadResponseError": QT_TRANSLATE_NOOP(
        "Actions", "Sophos Central sent an answer Partner Desk cannot read."
    ),
    "CancelledError": QT_TRANSLATE_NOOP("Actions", "The action was cancelled."),
}
GENERIC_ERROR = QT_TRANSLATE_NOOP("Actions", "The action failed.")
NOTHING_CHANGED = QT_TRANSLATE_NOOP("Actions", "Nothing was changed.")
DETAIL = QT_TRANSLATE_NOOP("Actions", "Details: {detail}")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _format(template: str, args: Mapping[str, object]) -> str:
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        return template


def translate(text: str, args: Mapping[str, object] | None = None) -> str:
    """The translation of an English text from the actions layer, formatted with ``args``."""
    if not text:
        return ""
    values = dict(args or {})
    if text in _KNOWN:
        return _format(_tr(text), values)
    for pattern, template in PATTERNS:
        match = pattern.match(text)
        if match is not None:
            found = match.groupdict()
            if "label" in found:
                found["label"] = _tr(found["label"])
            return _format(_tr(template), {**found, **values})
    return _format(text, values) if values else text


def reason_text(av: Availability) -> str:
    """Why an action is not offered, in the UI language (empty when it is)."""
    if av.enabled:
        return ""
    return text_of(av.reason, dict(av.reason_args))


def text_of(reason: Reason | str, args: Mapping[str, object] | None = None) -> str:
    """A reason in the UI language: a :class:`Reason` by its member; any other English
    text of the actions layer (validation, licence checks) by :func:`translate`."""
    if isinstance(reason, Reason):
        return _format(_tr(REASON_TEXT[reason]), dict(args or {}))
    return translate(reason, args)


def error_text(message: str, error_kind: str = "") -> str:
    """A failed action in words a partner understands; the server's detail is kept."""
    lead = _tr(ERROR_LEADS.get(error_kind, GENERIC_ERROR))
    parts = [lead]
    detail = (message or "").strip()
    if detail and error_kind != "CancelledError":
        parts.append(_tr(DETAIL).format(detail=detail))
    parts.append(_tr(NOTHING_CHANGED))
    return " ".join(parts)


def count_text(n: int) -> str:
    """A count in the UI locale, with its thousands separator from 1,000 up ("2.000" in
    Italian: Qt's Italian data only groups from 10.000, unlike the console)."""
    locale = QLocale()
    sign = "-" if n < 0 else ""
    return sign + f"{abs(int(n)):,}".replace(",", locale.groupSeparator())


def tooltip_text(*paragraphs: str | Sequence[str]) -> str:
    """A tooltip Qt word-wraps (rich text): plain paragraphs, or lists shown as bullets.

    A plain-text tooltip is one line as wide as the screen; rich text wraps at about
    80 characters. The texts are escaped, so nothing from a server becomes markup.
    """
    lines: list[str] = []
    for para in paragraphs:
        if isinstance(para, str):
            if para:
                lines.append(html.escape(para, quote=False))
        else:
            lines.extend("• " + html.escape(item, quote=False) for item in para)
    return "<qt>" + "<br>".join(lines) + "</qt>" if lines else ""


def plain_text(text: str) -> str:
    """The words of a tooltip made by :func:`tooltip_text` (for tests and accessibility)."""
    body = text.replace("<br>", "\n")
    return html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
