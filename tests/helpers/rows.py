"""``CustomerRow`` values for the table and window tests."""

from __future__ import annotations

import random
from operator import attrgetter

from desktop.models.customer_rows import (
    ROW_FIELDS,
    PreparedRows,
    active_bits,
    prepare_columns,
    prepare_rows,
)
from desktop.services.domain import (
    CATEGORIES,
    AssistanceState,
    BillingType,
    CustomerRow,
    LicenceStatus,
    make_search_key,
)

S = LicenceStatus
NONE_STATUSES = (S.NONE,) * len(CATEGORIES)


def make_row(
    i: int,
    name: str | None = None,
    *,
    show_as: str | None = None,
    statuses: dict[str, LicenceStatus] | None = None,
    removed: bool = False,
    email: str = "",
    billing: BillingType = BillingType.TERM,
    groups: tuple[str, ...] = (),
    assistance: AssistanceState = AssistanceState.OFF,
    managed: bool = False,
    region: str = "eu01",
    manageable: bool = True,
) -> CustomerRow:
    name = name or f"Customer {i:04d}"
    show_as = show_as or name
    tid = f"00000000-0000-4000-8000-{i:012d}"
    st = list(NONE_STATUSES)
    for cat, status in (statuses or {}).items():
        st[CATEGORIES.index(cat)] = status
    return CustomerRow(
        id=tid,
        name=name,
        show_as=show_as,
        email=email,
        billing_type=billing,
        groups=groups,
        assistance=assistance,
        managed_customer_order=managed,
        data_region=region,
        data_geography="IE",
        last_synced=f"2026-11-{1 + i % 28:02d}T10:00:00+00:00",
        removed_at="2026-11-20T10:00:00+00:00" if removed else None,
        manageable=manageable,
        statuses=tuple(st),
        search_key=make_search_key(name, show_as, email, tid),
    )


def random_rows(n: int, seed: int = 3) -> list[CustomerRow]:
    rnd = random.Random(seed)
    words = ["Società", "Müller", "Alpha", "beta", "東京", "Zeta", "Ωmega", "café", "a.b", "(x)"]
    statuses = list(LicenceStatus)
    rows = []
    for i in range(n):
        name = f"{rnd.choice(words)} {rnd.choice(words)} {i}"
        rows.append(
            make_row(
                i,
                name,
                show_as=name if rnd.random() < 0.7 else f"Show {name}",
                statuses={c: rnd.choice(statuses) for c in CATEGORIES},
                removed=rnd.random() < 0.1,
                email=f"user{i}@example.com",
                billing=rnd.choice(list(BillingType)),
                groups=tuple(rnd.sample(["North", "South", "VIP"], rnd.randint(0, 2))),
                assistance=rnd.choice(list(AssistanceState)),
                managed=rnd.random() < 0.1,
                region=rnd.choice(["eu01", "us01", "jp01"]),
            )
        )
    return rows


# A few rows of every kind, for the windows that need no sandbox.
ROWS = [
    make_row(1, "Società Alpha", statuses={"Endpoint": S.ACTIVE, "Server": S.EXPIRED}),
    make_row(2, "Beta Srl", statuses={"Email": S.TRIAL, "Firewall": S.LAPSED}),
    make_row(3, "Gamma GmbH", statuses={"Server": S.TRIAL_EXPIRED}),
    make_row(4, "Delta Ltd", removed=True),
]


def as_columns(rows: list[CustomerRow]) -> PreparedRows:
    """``rows`` as a table snapshot hands them over (issue 13): columns in name order,
    the row objects built later by the table."""
    ordered = prepare_rows(rows).rows
    columns = [list(map(attrgetter(name), ordered)) for name in ROW_FIELDS]
    return prepare_columns(columns, active_bits(ordered))
