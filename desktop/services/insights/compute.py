"""The insight computations (issue 15 items 1-3): renewals and lapses, licence
reconciliation, the month's billing per customer. Pure Python over plain data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.services.domain import LAPSED_DAYS, BillingType, CustomerRow, Licence

# --------------------------------------------------------------------------- renewals


class Bucket:
    DAYS_30 = "30"
    DAYS_60 = "60"
    DAYS_90 = "90"
    EXPIRED = "expired"  # < 60 days ago: still reactivatable
    LAPSED = "lapsed"  # >= 60 days ago


BUCKETS = (Bucket.EXPIRED, Bucket.DAYS_30, Bucket.DAYS_60, Bucket.DAYS_90, Bucket.LAPSED)
#: lapsed licences older than this are history, not follow-up
LAPSED_SHOWN_DAYS = 365


@dataclass(frozen=True, slots=True)
class RenewalItem:
    tenant_id: str
    customer: str
    billing_type: str
    product: str
    product_code: str
    category: str
    licence_id: str
    licence_type: str
    quantity: int | None
    end_date: dt.date
    days: int  # end - today (negative: in the past)
    bucket: str
    reactivatable_until: dt.date | None  # expired: the last day it can be reactivated
    unlinkable_from: dt.date | None  # None: not while a licence is open-ended

    @property
    def key(self) -> str:
        return f"{self.tenant_id}\x1f{self.licence_id}"


def bucket_of(days: int) -> str | None:
    if days < 0:
        if -days < LAPSED_DAYS:
            return Bucket.EXPIRED
        return Bucket.LAPSED if -days <= LAPSED_SHOWN_DAYS else None
    if days <= 30:
        return Bucket.DAYS_30
    if days <= 60:
        return Bucket.DAYS_60
    if days <= 90:
        return Bucket.DAYS_90
    return None


def first_of_next_month(today: dt.date) -> dt.date:
    return dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)


def unlinkable_from(
    billing_type: BillingType, licences: Sequence[Licence], today: dt.date
) -> dt.date | None:
    """From which day the customer can be unlinked, as the cached licences tell.

    Monthly customers: the 1st of next month. Others: the day after every paid licence
    has been expired for 60 days (``today`` when that is past); None while a paid
    licence has no end (perpetual).
    """
    if billing_type is BillingType.USAGE:
        return first_of_next_month(today)
    last: dt.date | None = None
    for lic in licences:
        if lic.is_trial:
            continue
        if lic.perpetual or lic.end_date is None:
            return None
        if last is None or lic.end_date > last:
            last = lic.end_date
    if last is None:
        return today
    return max(today, last + dt.timedelta(days=LAPSED_DAYS))


def renewals(
    rows: Iterable[CustomerRow],
    licences: Mapping[str, Sequence[Licence]],
    today: dt.date,
    *,
    include_monthly: bool = False,
    include_trials: bool = False,
) -> list[RenewalItem]:
    """Licences ending within 90 days, expired (< 60 days), lapsed (within a year)."""
    out: list[RenewalItem] = []
    for row in rows:
        if row.removed_at is not None:
            continue
        lics = licences.get(row.id, ())
        if not lics:
            continue
        unlink = unlinkable_from(row.billing_type, lics, today)
        for lic in lics:
            if lic.end_date is None or lic.perpetual:
                continue
            if lic.type == "usage" and not include_monthly:
                continue
            if lic.is_trial and not include_trials:
                continue
            days = (lic.end_date - today).days
            bucket = bucket_of(days)
            if bucket is None:
                continue
            out.append(
                RenewalItem(
                    tenant_id=row.id,
                    customer=row.display_name,
                    billing_type=row.billing_type.value,
                    product=lic.product_name or lic.product_code,
                    product_code=lic.product_code,
                    category=lic.category,
                    licence_id=lic.id,
                    licence_type=lic.type,
                    quantity=lic.quantity,
                    end_date=lic.end_date,
                    days=days,
                    bucket=bucket,
                    reactivatable_until=lic.end_date + dt.timedelta(days=LAPSED_DAYS - 1)
                    if bucket == Bucket.EXPIRED
                    else None,
                    unlinkable_from=unlink,
                )
            )
    rank = {b: n for n, b in enumerate(BUCKETS)}
    # what needs acting on first: expired but reactivatable, then by end date
    out.sort(key=lambda i: (rank[i.bucket], i.end_date, i.customer.casefold(), i.product))
    return out


def bucket_counts(items: Iterable[RenewalItem]) -> dict[str, int]:
    counts = dict.fromkeys(BUCKETS, 0)
    for item in items:
        counts[item.bucket] += 1
    return counts


# --------------------------------------------------------------------------- reconciliation


@dataclass(frozen=True, slots=True)
class Thresholds:
    """A difference is flagged when it is over ``percent`` % of the quantity AND at
    least ``seats`` seats (both must hold)."""

    percent: float = 5.0
    seats: int = 10

    def flags(self, diff: int, quantity: int) -> bool:
        if diff <= 0:
            return False
        share = 100.0 * diff / quantity if quantity > 0 else float("inf")
        return share > self.percent and diff >= self.seats


@dataclass(frozen=True, slots=True)
class ReconLine:
    tenant_id: str
    customer: str
    product: str
    product_code: str
    quantity: int
    used: int
    over: int  # used - quantity, when positive
    unused: int  # quantity - used, when positive
    over_flag: bool
    unused_flag: bool


@dataclass(frozen=True, slots=True)
class ProductTotal:
    product: str
    customers: int
    quantity: int
    used: int
    over: int
    unused: int
    flagged_over: int  # customers flagged over-used
    flagged_unused: int


def reconcile(
    rows: Iterable[CustomerRow],
    licences: Mapping[str, Sequence[Licence]],
    thresholds: Thresholds = Thresholds(),
    today: dt.date | None = None,
) -> list[ReconLine]:
    """Per customer and product: seats bought vs in use (current licences with a count)."""
    out: list[ReconLine] = []
    for row in rows:
        if row.removed_at is not None:
            continue
        per: dict[str, list[Any]] = {}
        for lic in licences.get(row.id, ()):
            if lic.quantity is None or lic.unlimited or lic.usage_count is None:
                continue
            if today is not None and lic.end_date is not None and lic.end_date < today:
                continue  # an expired licence is the renewals view's business
            name = lic.product_name or lic.product_code
            acc = per.setdefault(name, [lic.product_code, 0, 0])
            acc[1] += lic.quantity
            acc[2] = max(acc[2], lic.usage_count)  # usage is per product, not per licence
        for name, (code, qty, used) in per.items():
            over = max(used - qty, 0)
            unused = max(qty - used, 0)
            out.append(
                ReconLine(
                    row.id,
                    row.display_name,
                    name,
                    code,
                    qty,
                    used,
                    over,
                    unused,
                    thresholds.flags(over, qty),
                    thresholds.flags(unused, qty),
                )
            )
    out.sort(key=lambda r: (r.customer.casefold(), r.product))
    return out


def product_totals(lines: Iterable[ReconLine]) -> list[ProductTotal]:
    acc: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    for line in lines:
        a = acc[line.product]
        a[0] += 1
        a[1] += line.quantity
        a[2] += line.used
        a[3] += line.over
        a[4] += line.unused
        a[5] += int(line.over_flag)
        a[6] += int(line.unused_flag)
    return [ProductTotal(name, *vals) for name, vals in sorted(acc.items())]


def per_customer_seats(lines: Iterable[ReconLine]) -> dict[str, tuple[int, int]]:
    """tenant id -> (over-used seats, unused seats), summed over its products."""
    out: dict[str, tuple[int, int]] = {}
    for line in lines:
        over, unused = out.get(line.tenant_id, (0, 0))
        out[line.tenant_id] = (over + line.over, unused + line.unused)
    return out


# --------------------------------------------------------------------------- billing


@dataclass(frozen=True, slots=True)
class BillingLine:
    account_id: str
    customer: str
    order_line: str
    sku: str
    product_code: str
    product: str
    product_group: str
    billable: float
    ordered: float
    actual: float
    net_price: str
    currency: str


@dataclass(frozen=True, slots=True)
class BillingCustomer:
    account_id: str
    customer: str
    lines: int
    billable: float
    previous: float | None  # None: no data for the previous month
    delta: float | None
    net: float
    currency: str


def _num(value: object) -> float:
    if isinstance(value, bool):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return 0.0
    return 0.0


def _s(value: object) -> str:
    return "" if value is None or isinstance(value, dict | list) else str(value)


def billing_lines(
    items: Iterable[Mapping[str, Any]], names: Mapping[str, str]
) -> list[BillingLine]:
    out: list[BillingLine] = []
    for item in items:
        account = _s(item.get("accountId"))
        out.append(
            BillingLine(
                account_id=account,
                customer=names.get(account) or _s(item.get("accountName")) or account,
                order_line=_s(item.get("orderLineItemNumber")),
                sku=_s(item.get("sku")),
                product_code=_s(item.get("productCode")),
                product=_s(item.get("productDescription")),
                product_group=_s(item.get("productGroup")),
                billable=_num(item.get("billableQuantity")),
                ordered=_num(item.get("orderedQuantity")),
                actual=_num(item.get("actualQuantity")),
                net_price=_s(item.get("netPrice")),
                currency=_s(item.get("netPriceCurrency")),
            )
        )
    out.sort(key=lambda b: (b.customer.casefold(), b.account_id, b.sku, b.order_line))
    return out


def billing_by_customer(
    current: Sequence[BillingLine], previous: Sequence[BillingLine] | None
) -> list[BillingCustomer]:
    """One row per customer billed this month (or last month), with the delta."""
    prev: dict[str, float] = defaultdict(float)
    names: dict[str, str] = {}
    for line in previous or ():
        prev[line.account_id] += line.billable
        names[line.account_id] = line.customer
    cur: dict[str, list[Any]] = {}
    for line in current:
        acc = cur.setdefault(line.account_id, [line.customer, 0, 0.0, 0.0, line.currency])
        acc[1] += 1
        acc[2] += line.billable
        acc[3] += _num(line.net_price)
    out: list[BillingCustomer] = []
    for account, (name, n, billable, net, currency) in cur.items():
        before = prev.get(account, 0.0) if previous is not None else None
        out.append(
            BillingCustomer(
                account,
                name,
                n,
                billable,
                before,
                None if before is None else billable - before,
                round(net, 2),
                currency,
            )
        )
    if previous is not None:
        for account, before in prev.items():
            if account not in cur:
                out.append(
                    BillingCustomer(account, names[account], 0, 0.0, before, -before, 0.0, "")
                )
    out.sort(key=lambda b: (b.customer.casefold(), b.account_id))
    return out
