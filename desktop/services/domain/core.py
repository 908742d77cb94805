"""The domain's vocabulary: licence statuses, billing and assistance states, the licence
categories, the search fold, and the lenient parsing helpers (docs/partner-api.md §4)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class BadItem(ValueError):
    """An item from the server that cannot be used (it is skipped with a warning)."""


class LicenceStatus(StrEnum):
    """The one status a licence cell shows (docs/architecture.md §3). Values are stable export names."""

    ACTIVE = "Active"
    EXPIRING = "Expiring"
    TRIAL = "Trial"
    TRIAL_EXPIRED = "Trial expired"
    EXPIRED = "Expired"
    LAPSED = "Lapsed"
    NOT_MANAGEABLE = "Not manageable"
    NONE = ""

    @property
    def is_active_protection(self) -> bool:
        return self in ACTIVE_PROTECTION


ACTIVE_PROTECTION = frozenset({LicenceStatus.ACTIVE, LicenceStatus.EXPIRING, LicenceStatus.TRIAL})

EXPIRING_DAYS = 30
LAPSED_DAYS = 60


class BillingType(StrEnum):
    TRIAL = "trial"
    TERM = "term"
    USAGE = "usage"  # "Monthly" in the UI
    OTHER = "other"

    @classmethod
    def parse(cls, value: object) -> BillingType:
        if isinstance(value, str):
            try:
                return cls(value.lower())
            except ValueError:
                return cls.OTHER
        return cls.OTHER


class AssistanceState(StrEnum):
    """Partner-assistance state shown in the table."""

    ENABLED = "enabled"
    PENDING = "pending"
    DECLINED = "declined"
    OFF = "off"
    UNKNOWN = "unknown"  # the server has no console extensions


# Licence categories, in table order (docs/partner-api.md §5). "Other" is last.
CATEGORIES: tuple[str, ...] = (
    "Endpoint",
    "Server",
    "Mobile",
    "Encryption",
    "Email",
    "Firewall",
    "Wireless",
    "ZTNA",
    "MDR",
    "Phish Threat",
    "Other",
)

CATEGORY_INDEX: dict[str, int] = {name: i for i, name in enumerate(CATEGORIES)}


def fold(text: str) -> str:
    """Case- and accent-insensitive form used by search ("Società" -> "societa")."""
    if text.isascii():  # nothing to decompose; for ASCII, casefold() == lower() (3-10x faster)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.translate(_STRIP_COMBINING).casefold()


class _StripCombining(dict[int, int | None]):
    """``str.translate`` table that drops combining marks; filled lazily per code point."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_STRIP_COMBINING = _StripCombining()


# ---------------------------------------------------------------- parsing helpers


def _str(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _dict(obj: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    value = obj.get(key)
    return value if isinstance(value, dict) else None


def _bool(obj: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = obj.get(key)
    return value if isinstance(value, bool) else default


def parse_date(value: object) -> dt.date | None:
    """Dates come as "2026-01-31" or as ISO timestamps; anything else is None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
