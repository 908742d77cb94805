"""The insight reports as tables (issue 15 item 7): the same tables the views show,
written as CSV, JSON or XLSX (one sheet per table), every text cell neutralised against
spreadsheet formulas exactly as :mod:`desktop.services.export` does for CSV."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.services.cache import Cache
from desktop.services.domain import CustomerRow, Licence
from desktop.services.export import (
    neutralise_cell,
    write_bytes_atomic,
    write_csv,
    write_text_atomic,
)
from desktop.services.insights import compute
from desktop.services.insights import store as istore
from desktop.services.insights.views import FacetContext, select_customers

REPORTS = ("renewals", "reconciliation", "billing", "changes")
Cell = str | int | float | None


@dataclass(slots=True)
class Table:
    name: str  # sheet name (<= 31 characters)
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


# --------------------------------------------------------------------------- tables


def renewals_table(items: Sequence[compute.RenewalItem], pinned: set[str]) -> Table:
    t = Table(
        "Renewals",
        [
            "Customer",
            "Product",
            "End date",
            "Days",
            "Bucket",
            "Reactivatable until",
            "Unlinkable from",
            "Quantity",
            "Category",
            "Licence type",
            "Billing",
            "Pinned",
            "Tenant ID",
        ],
    )
    for i in items:
        t.rows.append(
            [
                i.customer,
                i.product,
                _d(i.end_date),
                i.days,
                i.bucket,
                _d(i.reactivatable_until),
                _d(i.unlinkable_from),
                i.quantity,
                i.category,
                i.licence_type,
                i.billing_type,
                "yes" if i.key in pinned else "",
                i.tenant_id,
            ]
        )
    return t


def reconciliation_tables(lines: Sequence[compute.ReconLine]) -> list[Table]:
    per = Table(
        "By customer",
        [
            "Customer",
            "Tenant ID",
            "Product",
            "Quantity",
            "In use",
            "Over-used",
            "Unused seats",
            "Over-use flagged",
            "Unused flagged",
        ],
    )
    for r in lines:
        per.rows.append(
            [
                r.customer,
                r.tenant_id,
                r.product,
                r.quantity,
                r.used,
                r.over,
                r.unused,
                "yes" if r.over_flag else "",
                "yes" if r.unused_flag else "",
            ]
        )
    totals = Table(
        "By product",
        [
            "Product",
            "Customers",
            "Quantity",
            "In use",
            "Over-used",
            "Unused seats",
            "Customers over-used",
            "Customers with unused seats",
        ],
    )
    for p in compute.product_totals(lines):
        totals.rows.append(
            [
                p.product,
                p.customers,
                p.quantity,
                p.used,
                p.over,
                p.unused,
                p.flagged_over,
                p.flagged_unused,
            ]
        )
    return [per, totals]


def billing_tables(
    customers: Sequence[compute.BillingCustomer], lines: Sequence[compute.BillingLine]
) -> list[Table]:
    per = Table(
        "Billing by customer",
        [
            "Customer",
            "Account ID",
            "Lines",
            "Billable",
            "Previous month",
            "Delta",
            "Net price",
            "Currency",
        ],
    )
    for c in customers:
        per.rows.append(
            [
                c.customer,
                c.account_id,
                c.lines,
                c.billable,
                c.previous,
                c.delta,
                c.net,
                c.currency,
            ]
        )
    items = Table(
        "Billing lines",
        [
            "Customer",
            "Account ID",
            "Order line",
            "SKU",
            "Product code",
            "Product",
            "Product group",
            "Billable",
            "Ordered",
            "Actual",
            "Net price",
            "Currency",
        ],
    )
    for b in lines:
        items.rows.append(
            [
                b.customer,
                b.account_id,
                b.order_line,
                b.sku,
                b.product_code,
                b.product,
                b.product_group,
                b.billable,
                b.ordered,
                b.actual,
                b.net_price,
                b.currency,
            ]
        )
    return [per, items]


def changes_table(records: Sequence[istore.ChangeRecord], names: Mapping[str, str]) -> Table:
    t = Table("Changes", ["Seen at", "Customer", "Tenant ID", "Change", "Subject", "Old", "New"])
    for c in records:
        t.rows.append(
            [
                c.at,
                names.get(c.tenant_id, c.tenant_id),
                c.tenant_id,
                c.kind,
                c.subject,
                c.old,
                c.new,
            ]
        )
    return t


# --------------------------------------------------------------------------- from a cache


@dataclass(slots=True)
class Inputs:
    """What every report reads from a cache, read once."""

    rows: list[CustomerRow]
    licences: dict[str, list[Licence]]
    notes: dict[str, istore.CustomerNote]
    today: dt.date

    @classmethod
    def load(cls, cache: Cache, today: dt.date | None = None) -> Inputs:
        today = today or dt.date.today()
        return cls(cache.load_rows(today), cache.all_licences(), istore.notes(cache), today)

    def names(self) -> dict[str, str]:
        return {
            r.id: (
                self.notes[r.id].alias
                if r.id in self.notes and self.notes[r.id].alias
                else r.display_name
            )
            for r in self.rows
        }

    def selected(self, spec: Mapping[str, Any] | None) -> list[CustomerRow]:
        ctx = FacetContext(self.notes)
        if spec is not None and spec.get("facet") == "over_used":
            lines = compute.reconcile(self.rows, self.licences, today=self.today)
            ctx.over_used = {line.tenant_id for line in lines if line.over_flag}
        return select_customers(self.rows, spec or {}, ctx)


def thresholds_of(cache: Cache) -> compute.Thresholds:
    raw = istore.get_meta(cache, "recon_thresholds")
    if raw:
        try:
            data = json.loads(raw)
            return compute.Thresholds(float(data["percent"]), int(data["seats"]))
        except (ValueError, KeyError, TypeError):
            pass
    return compute.Thresholds()


def build_report(
    kind: str,
    cache: Cache,
    *,
    view: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
    month: tuple[int, int] | None = None,
    include_monthly: bool = False,
) -> list[Table]:
    """The tables of one report from the cache (offline)."""
    inputs = Inputs.load(cache, today)
    rows = inputs.selected(view)
    if kind == "renewals":
        items = compute.renewals(
            rows, inputs.licences, inputs.today, include_monthly=include_monthly
        )
        return [renewals_table(items, istore.pins(cache))]
    if kind == "reconciliation":
        lines = compute.reconcile(rows, inputs.licences, thresholds_of(cache), inputs.today)
        return reconciliation_tables(lines)
    if kind == "billing":
        year, mon = month or (inputs.today.year, inputs.today.month)
        names = inputs.names()
        wanted = {r.id for r in rows}
        cur = istore.billing_month(cache, year, mon)
        prev = istore.billing_month(cache, *istore.previous_month(year, mon))
        cur_lines = compute.billing_lines(cur.items if cur else [], names)
        prev_lines = compute.billing_lines(prev.items, names) if prev and prev.has_data else None
        if view is not None:
            cur_lines = [b for b in cur_lines if b.account_id in wanted]
            if prev_lines is not None:
                prev_lines = [b for b in prev_lines if b.account_id in wanted]
        return billing_tables(compute.billing_by_customer(cur_lines, prev_lines), cur_lines)
    if kind == "changes":
        wanted = {r.id for r in rows}
        records = istore.changes(cache)
        if view is not None:
            records = [c for c in records if c.tenant_id in wanted]
        names = {r.id: r.display_name for r in inputs.rows}
        return [changes_table(records, names)]
    raise ValueError(f"unknown report {kind!r}")


# --------------------------------------------------------------------------- writers


def to_csv(tables: Sequence[Table]) -> str:
    """One table: plain CSV. Several: each under a line with its name, a blank line between."""
    buf = io.StringIO()
    for n, table in enumerate(tables):
        lines: list[Sequence[object]] = []
        if len(tables) > 1:
            if n:
                lines.append([])
            lines.append([table.name])
        lines.append(table.columns)
        lines.extend(table.rows)
        write_csv(buf, lines)
    return buf.getvalue()


def to_json(tables: Sequence[Table]) -> str:
    out = {t.name: [dict(zip(t.columns, row, strict=True)) for row in t.rows] for t in tables}
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def to_xlsx(tables: Sequence[Table], target: Path | io.BytesIO) -> None:
    """One sheet per table; text through ``write_string`` (never a formula) and
    neutralised like CSV; numbers as numbers."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        target if isinstance(target, io.BytesIO) else str(target),
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    try:
        bold = book.add_format({"bold": True})
        used: set[str] = set()
        for table in tables:
            name = _sheet_name(table.name, used)
            sheet = book.add_worksheet(name)
            for c, title in enumerate(table.columns):
                sheet.write_string(0, c, neutralise_cell(title), bold)
            widths = [len(c) for c in table.columns]
            for r, row in enumerate(table.rows, start=1):
                for c, cell in enumerate(row):
                    if cell is None or cell == "":
                        continue
                    if isinstance(cell, bool):
                        sheet.write_string(r, c, str(cell))
                    elif isinstance(cell, int | float):
                        sheet.write_number(r, c, cell)
                    else:
                        text = neutralise_cell(cell)
                        sheet.write_string(r, c, text)
                        widths[c] = max(widths[c], min(len(text), 60))
            for c, w in enumerate(widths):
                sheet.set_column(c, c, w + 2)
            sheet.freeze_panes(1, 0)
            if table.rows:
                sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    finally:
        book.close()


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    out, n = base, 1
    while out.casefold() in used:
        n += 1
        out = f"{base[:28]} {n}"
    used.add(out.casefold())
    return out


def write_tables(tables: Sequence[Table], target: Path) -> int:
    """Write to ``target`` as XLSX when it ends in .xlsx, JSON for .json, else CSV;
    returns the number of rows. Raises :class:`ExportWriteError`."""
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        buf = io.BytesIO()
        to_xlsx(tables, buf)
        write_bytes_atomic(target, buf.getvalue())
    elif suffix == ".json":
        write_text_atomic(target, to_json(tables))
    else:
        write_text_atomic(target, to_csv(tables), encoding="utf-8-sig")
    return sum(len(t.rows) for t in tables)
