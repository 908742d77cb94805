"""What changed between two versions of a customer or of its licence set (issue 15 item 4).

Pure functions: the sync's store calls them only for the rows whose content hash changed
(writes proportional to change), and writes what they return to the ``changes`` table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


class Kind:
    NEW = "new"
    RETURNED = "returned"  # listed again after a tombstone
    REMOVED = "removed"
    RENAMED = "renamed"
    BILLING = "billing"
    ASSISTANCE = "assistance"
    LICENCE_ADDED = "licence_added"
    LICENCE_REMOVED = "licence_removed"
    QUANTITY = "quantity"
    EXPIRY = "expiry"
    MANAGEABLE = "manageable"


KINDS = (
    Kind.NEW,
    Kind.RETURNED,
    Kind.REMOVED,
    Kind.RENAMED,
    Kind.BILLING,
    Kind.ASSISTANCE,
    Kind.LICENCE_ADDED,
    Kind.LICENCE_REMOVED,
    Kind.QUANTITY,
    Kind.EXPIRY,
    Kind.MANAGEABLE,
)


@dataclass(frozen=True, slots=True)
class Change:
    tenant_id: str
    kind: str
    subject: str = ""
    old: str = ""
    new: str = ""

    def record(self, at: str) -> dict[str, str]:
        return {
            "at": at,
            "tenant_id": self.tenant_id,
            "kind": self.kind,
            "subject": self.subject,
            "old": self.old,
            "new": self.new,
        }


def customer_changes(
    tenant_id: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> Iterator[Change]:
    """Old and new ``customers`` rows (name, show_as, billing_type, assistance, removed_at)."""
    if old.get("removed_at"):
        yield Change(tenant_id, Kind.RETURNED, new=str(new.get("show_as") or new.get("name") or ""))
        return
    old_name = str(old.get("show_as") or old.get("name") or "")
    new_name = str(new.get("show_as") or new.get("name") or "")
    if old_name != new_name:
        yield Change(tenant_id, Kind.RENAMED, old=old_name, new=new_name)
    for column, kind in (("billing_type", Kind.BILLING), ("assistance", Kind.ASSISTANCE)):
        if str(old.get(column) or "") != str(new.get(column) or ""):
            yield Change(tenant_id, kind, old=str(old.get(column) or ""), new=str(new.get(column)))


def _licences(text: str | None) -> dict[str, dict[str, Any]] | None:
    if text is None:
        return None
    try:
        items = json.loads(text)
    except ValueError:
        return {}
    out: dict[str, dict[str, Any]] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict):
                key = item.get("id") or item.get("licenseIdentifier")
                if isinstance(key, str):
                    out[key] = item
    return out


def _product(item: Mapping[str, Any]) -> str:
    product = item.get("product")
    if isinstance(product, dict):
        name = product.get("name") or product.get("code")
        if isinstance(name, str):
            return name
    return str(item.get("id") or "")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def licence_changes(tenant_id: str, old_text: str | None, new_text: str | None) -> Iterator[Change]:
    """Two licence sets as stored (JSON arrays; ``None`` = not manageable)."""
    old, new = _licences(old_text), _licences(new_text)
    if old is None or new is None:
        if (old is None) != (new is None):
            yield Change(
                tenant_id,
                Kind.MANAGEABLE,
                old="no" if old is None else "yes",
                new="no" if new is None else "yes",
            )
        return
    for key in sorted(new.keys() - old.keys()):
        item = new[key]
        yield Change(tenant_id, Kind.LICENCE_ADDED, _product(item), new=_text(item.get("quantity")))
    for key in sorted(old.keys() - new.keys()):
        item = old[key]
        yield Change(
            tenant_id, Kind.LICENCE_REMOVED, _product(item), old=_text(item.get("quantity"))
        )
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        if a.get("quantity") != b.get("quantity"):
            yield Change(
                tenant_id,
                Kind.QUANTITY,
                _product(b),
                _text(a.get("quantity")),
                _text(b.get("quantity")),
            )
        if a.get("endDate") != b.get("endDate"):
            yield Change(
                tenant_id,
                Kind.EXPIRY,
                _product(b),
                _text(a.get("endDate")),
                _text(b.get("endDate")),
            )
