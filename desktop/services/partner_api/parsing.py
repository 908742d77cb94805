"""Parsing of Partner API answers: JSON bodies, pages, tenants and licences.

Lenient by design (docs/partner-api.md §4): unknown keys are kept, optional fields may be
missing. What cannot be used is refused item by item: a tenant or licence whose id is not
a plain printable string (control characters such as CR/LF or NUL, bidi controls such as
U+202E, not a string, absurdly long) is skipped with a warning and counted, never fails a
sync. A body that is not JSON, or is nested too deeply to read, is a
:class:`BadResponseError` with a clear message, never a ``RecursionError``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

from desktop.services.domain import (
    BadItem,
    Capabilities,
    Licence,
    Tenant,
    parse_licence,
    parse_tenant,
)
from desktop.services.partner_api.errors import BadResponseError, bad_answer, too_deep

__all__ = [
    "LicenceResult",
    "Page",
    "TenantPage",
    "Whoami",
    "decode_json",
    "id_problem",
    "parse_licence",
    "parse_licence_list",
    "parse_page",
    "parse_tenant",
    "parse_tenant_item",
    "try_json",
]

MAX_ID_LENGTH = 200


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Whoami:
    partner_id: str
    id_type: str
    global_url: str


@dataclass
class TenantPage:
    page: int
    total_pages: int
    total_items: int | None
    tenants: list[Tenant]
    skipped: list[str]  # warnings for bad items skipped


@dataclass
class LicenceResult:
    tenant_id: str
    licences: list[Licence] | None  # None = 403 (or gone): not manageable, or ``error``
    skipped: list[str]
    # Set (with ``licences=None``) when this tenant's licence request failed after its
    # bounded retries (5xx, drops, bad body): keep the previous licences, retry first.
    error: str | None = None


@dataclass
class Page:
    """One parsed page of a paged route (tenants or bulk licences)."""

    number: int
    items: list[Any]
    total_pages: int | None
    total_items: int | None


# ---------------------------------------------------------------- bodies


class _HasBody(Protocol):
    @property
    def status_code(self) -> int: ...

    @property
    def content(self) -> bytes: ...


# A JSON escape of a UTF-16 surrogate ("\ud83d"). Escaped pairs decode to one character;
# a lone half decodes to a str that cannot be encoded as UTF-8 (SQLite, hashing, files).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def decode_json(resp: _HasBody, what: str) -> Any:
    """The JSON body of ``resp`` (None when empty); :class:`BadResponseError` if unusable."""
    if resp.status_code == 204 or not resp.content:
        return None
    try:
        data = json.loads(resp.content)
    except RecursionError:
        raise BadResponseError(too_deep(what), status=resp.status_code) from None
    except ValueError:
        raise BadResponseError(bad_answer(what), status=resp.status_code) from None
    if _SURROGATE_ESCAPE.search(resp.content):
        try:
            data = _without_lone_surrogates(data)  # half an emoji -> U+FFFD, never a crash
        except RecursionError:
            raise BadResponseError(too_deep(what), status=resp.status_code) from None
    return data


def try_json(resp: _HasBody) -> Any:
    try:
        return json.loads(resp.content) if resp.content else None
    except (ValueError, RecursionError):
        return None


# ---------------------------------------------------------------- ids

# C0/C1 controls (CR, LF, NUL, ...), bidi embeddings/overrides/isolates and marks,
# line/paragraph separators, BOM/zero-width no-break space.
_UNUSABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def id_problem(value: object) -> str | None:
    """Why ``value`` cannot be a tenant/licence id, or None when it can."""
    if not isinstance(value, str):
        return f"the id is not a string ({type(value).__name__})"
    if not value.strip():
        return "the id is empty"
    if len(value) > MAX_ID_LENGTH:
        return f"the id is longer than {MAX_ID_LENGTH} characters"
    if _UNUSABLE.search(value):
        return f"the id {ascii(value)[:80]} contains control or bidi characters"
    if value != value.strip():
        return f"the id {ascii(value)[:80]} has leading or trailing spaces"
    return None


def parse_tenant_item(raw: object) -> Tenant:
    """:func:`parse_tenant` that also refuses unusable ids (:class:`BadItem`)."""
    if isinstance(raw, dict):
        problem = id_problem(raw.get("id"))
        if problem is not None:
            raise BadItem(problem)
    return parse_tenant(raw)


# ---------------------------------------------------------------- pages


def _nonneg_int(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def parse_page(data: Any, number: int, label: str) -> Page:
    if not isinstance(data, dict):
        raise BadResponseError(bad_answer(label))
    items = data.get("items")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise BadResponseError(bad_answer(label, '"items" is not a list'))
    pages = data.get("pages")
    total_pages = total_items = None
    if isinstance(pages, dict):
        total_pages = _nonneg_int(pages.get("total"))
        total_items = _nonneg_int(pages.get("items"))
    return Page(number, items, total_pages, total_items)


def items_of(data: Any, what: str) -> list[Any]:
    if not isinstance(data, dict):
        raise BadResponseError(bad_answer(what))
    items = data.get("items")
    if items is None:
        return []
    if not isinstance(items, list):
        raise BadResponseError(bad_answer(what, '"items" is not a list'))
    return items


def as_dict(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise BadResponseError(bad_answer(what))
    return data


# ---------------------------------------------------------------- licences


def parse_licence_list(tid: str, items: list[Any]) -> tuple[list[Licence], list[str]]:
    """Licences of one tenant; unusable items are skipped with a message each."""
    licences: list[Licence] = []
    skipped: list[str] = []
    for raw in items:
        try:
            licences.append(parse_licence(tid, raw))
        except BadItem as exc:
            skipped.append(f"licences of {tid}: skipped ({exc})")
    return licences, skipped


def capabilities_from(data: Any) -> Capabilities:
    if not isinstance(data, dict):
        raise BadResponseError(bad_answer("extensions"))
    features = data.get("features")
    partner = data.get("partner")
    partner = partner if isinstance(partner, dict) else {}
    programs = partner.get("programs")
    role = data.get("role")
    name = partner.get("name")
    return Capabilities(
        extensions=True,
        features=frozenset(f for f in features if isinstance(f, str))
        if isinstance(features, list)
        else frozenset(),
        role=role if isinstance(role, str) else "",
        partner_name=name if isinstance(name, str) else "",
        programs=frozenset(p for p in programs if isinstance(p, str))
        if isinstance(programs, list)
        else frozenset(),
    )
