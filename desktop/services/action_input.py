"""Input validation of the customer actions (docs/architecture.md §9): each validator
returns the cleaned value or raises :class:`InputError` with a message a partner can act
on (English source text; the views translate it: ``desktop/views/action_reasons.py``).
Re-exported by :mod:`desktop.services.actions`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any


class InputError(ValueError):
    """User input that cannot be used; ``str(exc)`` says what to fix (English source text)."""


SHOW_AS_MAX = 100
NAME_MAX = 100
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]{5,30}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
GEOGRAPHIES = ("US", "IE", "DE", "CA", "AU", "JP", "BR", "IN")


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in text)


def clean_text(value: str, label: str, *, required: bool = True, max_len: int = NAME_MAX) -> str:
    text = value.strip()
    if not text:
        if required:
            raise InputError(f"{label} is required.")
        return ""
    if _has_control(text):
        raise InputError(f"{label} cannot contain control characters.")
    if len(text) > max_len:
        raise InputError(f"{label} must be at most {max_len} characters.")
    return text


def validate_show_as(value: str) -> str:
    """The "Display name as" rule: trimmed, 1–100 characters, no control characters."""
    return clean_text(value, "The display name", max_len=SHOW_AS_MAX)


def validate_licence_key(value: str) -> str:
    key = clean_text(value, "The licence key", max_len=64)
    if not re.fullmatch(r"[A-Za-z0-9-]{4,64}", key):
        raise InputError("The licence key may contain only letters, digits and dashes.")
    return key


@dataclass(frozen=True, slots=True)
class MonthlyAccountForm:
    name: str
    show_as: str
    data_geography: str
    first_name: str
    last_name: str
    email: str
    phone: str
    address1: str
    address2: str
    city: str
    state: str
    postal_code: str
    country_code: str


def validate_monthly_account(form: MonthlyAccountForm) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (request body, errors by field name). The body is only valid if errors is empty."""
    errors: dict[str, str] = {}
    out: dict[str, str] = {}

    def field(
        name: str, label: str, value: str, *, required: bool = True, max_len: int = 100
    ) -> None:
        try:
            out[name] = clean_text(value, label, required=required, max_len=max_len)
        except InputError as exc:
            errors[name] = str(exc)

    field("name", "The customer name", form.name)
    field("show_as", "The display name", form.show_as, required=False)
    field("first_name", "The first name", form.first_name, max_len=50)
    field("last_name", "The last name", form.last_name, max_len=50)
    field("email", "The email address", form.email, max_len=254)
    field("phone", "The phone number", form.phone, max_len=30)
    field("address1", "The address", form.address1, max_len=100)
    field("address2", "The second address line", form.address2, required=False)
    field("city", "The city", form.city, max_len=60)
    field("state", "The state or province", form.state, required=False, max_len=60)
    field("postal_code", "The postal code", form.postal_code, max_len=20)
    field("country_code", "The country", form.country_code.upper(), max_len=2)
    if "email" in out and not EMAIL_RE.match(out["email"]):
        errors["email"] = "Enter an email address such as name@example.com."
    if "phone" in out and not PHONE_RE.match(out["phone"]):
        errors["phone"] = "Enter a phone number with digits, spaces and an optional leading +."
    if "country_code" in out and not COUNTRY_RE.match(out["country_code"]):
        errors["country_code"] = "Choose a country (two-letter code such as IT)."
    geography = form.data_geography.strip().upper()
    if geography not in GEOGRAPHIES:
        errors["data_geography"] = "Choose where the customer's data is stored."
    if errors:
        return {}, errors
    address = {
        "address1": out["address1"],
        "city": out["city"],
        "countryCode": out["country_code"],
        "postalCode": out["postal_code"],
    }
    if out.get("address2"):
        address["address2"] = out["address2"]
    if out.get("state"):
        address["state"] = out["state"]
    body: dict[str, Any] = {
        "name": out["name"],
        "showAs": out.get("show_as") or out["name"],
        "dataGeography": geography,
        "billingType": "usage",
        "contact": {
            "firstName": out["first_name"],
            "lastName": out["last_name"],
            "email": out["email"],
            "phone": out["phone"],
            "address": address,
        },
    }
    return body, {}
