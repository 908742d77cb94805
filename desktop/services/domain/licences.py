"""Licences: parsing, the one status a licence cell shows, and the per-category
summaries (docs/architecture.md §3)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.services.domain.classify import category_of
from desktop.services.domain.core import (
    CATEGORIES,
    CATEGORY_INDEX,
    EXPIRING_DAYS,
    LAPSED_DAYS,
    BadItem,
    LicenceStatus,
    _bool,
    _dict,
    _str,
    parse_date,
)


@dataclass(frozen=True, slots=True)
class Licence:
    tenant_id: str
    id: str
    product_code: str
    product_name: str = ""
    licence_identifier: str = ""
    generic_code: str = ""
    type: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    perpetual: bool = False
    quantity: int | None = None
    unlimited: bool = False
    usage_count: int | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def category(self) -> str:
        return category_of(self.product_code, self.product_name)

    @property
    def is_trial(self) -> bool:
        return self.type == "trial"

    def status(self, today: dt.date) -> LicenceStatus:
        return licence_status(self.type, self.end_date, self.perpetual, today)

    def raw_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def parse_licence(tenant_id: str, obj: object) -> Licence:
    if not isinstance(obj, dict):
        raise BadItem(f"licence of {tenant_id} is not an object")
    product = _dict(obj, "product") or {}
    code = _str(product, "code") or _str(obj, "productCode") or ""
    lic_id = _str(obj, "id") or _str(obj, "licenseIdentifier")
    if not lic_id:
        raise BadItem(f"licence of {tenant_id} without id")
    usage = _dict(obj, "usage") or {}
    current = _dict(usage, "current") or {}
    return Licence(
        tenant_id=tenant_id,
        id=lic_id,
        product_code=code,
        product_name=_str(product, "name") or code,
        licence_identifier=_str(obj, "licenseIdentifier") or "",
        generic_code=_str(product, "genericCode") or "",
        type=(_str(obj, "type") or "").lower(),
        start_date=parse_date(obj.get("startDate")),
        end_date=parse_date(obj.get("endDate")),
        perpetual=_bool(obj, "perpetual") or obj.get("type") == "perpetual",
        quantity=_int(obj.get("quantity")),
        unlimited=_bool(obj, "unlimited"),
        usage_count=_int(current.get("count")),
        raw=dict(obj),
    )


def licence_status(
    licence_type: str, end_date: dt.date | None, perpetual: bool, today: dt.date
) -> LicenceStatus:
    """Status of one licence on ``today`` (docs/architecture.md §3)."""
    if licence_type == "trial":
        if end_date is None or end_date >= today:
            return LicenceStatus.TRIAL
        return LicenceStatus.TRIAL_EXPIRED
    if perpetual or end_date is None:
        return LicenceStatus.ACTIVE
    days_left = (end_date - today).days
    if days_left > EXPIRING_DAYS:
        return LicenceStatus.ACTIVE
    if days_left >= 0:
        return LicenceStatus.EXPIRING
    if -days_left < LAPSED_DAYS:
        return LicenceStatus.EXPIRED
    return LicenceStatus.LAPSED


# When a customer has several licences in one category the cell shows the best.
STATUS_RANK: dict[LicenceStatus, int] = {
    LicenceStatus.ACTIVE: 7,
    LicenceStatus.EXPIRING: 6,
    LicenceStatus.TRIAL: 5,
    LicenceStatus.EXPIRED: 4,
    LicenceStatus.TRIAL_EXPIRED: 3,
    LicenceStatus.LAPSED: 2,
    LicenceStatus.NOT_MANAGEABLE: 1,
    LicenceStatus.NONE: 0,
}


# A compact per-category summary stored with each customer so that statuses can be
# recomputed for any "today" without reading every licence: for each category the
# latest paid end date and the latest trial end date ("P" = perpetual / no end date).
CategorySummary = dict[str, tuple[str | None, str | None]]


def summarize(licences: Iterable[Licence]) -> CategorySummary:
    best: dict[str, list[str | None]] = {}
    for lic in licences:
        slot = best.setdefault(lic.category, [None, None])
        idx = 1 if lic.is_trial else 0
        if lic.end_date is None or (lic.perpetual and not lic.is_trial):
            end = "P"
        else:
            end = lic.end_date.isoformat()
        cur = slot[idx]
        if cur is None or (cur != "P" and (end == "P" or end > cur)):
            slot[idx] = end
    return {cat: (v[0], v[1]) for cat, v in best.items()}


def encode_summary(summary: CategorySummary) -> str:
    """``"Endpoint=2027-01-31|;Email=|2026-12-01"`` — small and fast to decode."""
    return ";".join(f"{cat}={paid or ''}|{trial or ''}" for cat, (paid, trial) in summary.items())


def decode_summary(text: str) -> CategorySummary:
    out: CategorySummary = {}
    if not text:
        return out
    for part in text.split(";"):
        cat, _, rest = part.partition("=")
        paid, _, trial = rest.partition("|")
        out[cat] = (paid or None, trial or None)
    return out


class StatusCalculator:
    """Turns category summaries into statuses for one ``today``; memoised per end date."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._paid: dict[str, LicenceStatus] = {}
        self._trial: dict[str, LicenceStatus] = {}
        self._parts: dict[str, tuple[int, LicenceStatus]] = {}
        self._shared: dict[tuple[LicenceStatus, ...], tuple[LicenceStatus, ...]] = {}

    def _paid_status(self, end: str) -> LicenceStatus:
        st = self._paid.get(end)
        if st is None:
            date = None if end == "P" else parse_date(end)
            st = licence_status("term", date, end == "P", self.today)
            self._paid[end] = st
        return st

    def _trial_status(self, end: str) -> LicenceStatus:
        st = self._trial.get(end)
        if st is None:
            date = None if end == "P" else parse_date(end)
            st = licence_status("trial", date, False, self.today)
            self._trial[end] = st
        return st

    def category_status(self, paid: str | None, trial: str | None) -> LicenceStatus:
        p = self._paid_status(paid) if paid else LicenceStatus.NONE
        t = self._trial_status(trial) if trial else LicenceStatus.NONE
        return p if STATUS_RANK[p] >= STATUS_RANK[t] else t

    def statuses(self, encoded: str, manageable: bool = True) -> tuple[LicenceStatus, ...]:
        """One status per entry of :data:`CATEGORIES`.

        Memoised per ``category=paid|trial`` part (parts repeat far more than whole
        summaries) and equal results share one tuple: loading 100k customers parses
        each distinct part once and keeps a few hundred status tuples, not 100k.
        """
        if not manageable:
            return _ALL_NOT_MANAGEABLE
        if not encoded:
            return _ALL_NONE
        parts = self._parts
        rank = STATUS_RANK
        result = list(_ALL_NONE)
        for part in encoded.split(";"):
            hit = parts.get(part)
            if hit is None:
                cat, _, rest = part.partition("=")
                paid, _, trial = rest.partition("|")
                idx = CATEGORY_INDEX.get(cat, _OTHER_INDEX)
                hit = (idx, self.category_status(paid or None, trial or None))
                parts[part] = hit
            idx, st = hit
            if rank[st] > rank[result[idx]]:
                result[idx] = st
        key = tuple(result)
        return self._shared.setdefault(key, key)


_ALL_NONE: tuple[LicenceStatus, ...] = (LicenceStatus.NONE,) * len(CATEGORIES)
_ALL_NOT_MANAGEABLE: tuple[LicenceStatus, ...] = (LicenceStatus.NOT_MANAGEABLE,) * len(CATEGORIES)
_OTHER_INDEX = CATEGORY_INDEX["Other"]


def category_statuses(
    licences: Iterable[Licence], today: dt.date, manageable: bool = True
) -> dict[str, LicenceStatus]:
    """Reference computation: category -> status for the given licences (empty = NONE)."""
    calc = StatusCalculator(today)
    statuses = calc.statuses(encode_summary(summarize(licences)), manageable)
    return dict(zip(CATEGORIES, statuses, strict=True))
