"""``partner-desk export`` (customers as CSV/JSON) and ``partner-desk report`` (insight
reports as CSV/JSON/XLSX), both from the cache, offline."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any, TextIO

from desktop.cli.common import open_profile_cache, profile_or_error
from desktop.services.domain import CATEGORIES, CustomerRow, LicenceStatus
from desktop.services.export import ExportWriteError, write_bytes_atomic, write_text_atomic
from desktop.services.export import write_csv as write_csv_cells

BILLING_EXPORT = {"trial": "trial", "term": "term", "usage": "usage", "other": "other"}


def export_records(rows: list[CustomerRow]) -> list[dict[str, Any]]:
    records = []
    for row in rows:
        licences = {
            cat: status.value
            for cat, status in zip(CATEGORIES, row.statuses, strict=True)
            if status is not LicenceStatus.NONE
        }
        records.append(
            {
                "id": row.id,
                "name": row.name,
                "showAs": row.show_as,
                "billingType": BILLING_EXPORT[row.billing_type.value],
                "dataRegion": row.data_region,
                "groups": list(row.groups),
                "partnerAssistance": row.assistance.value == "enabled",
                "managedCustomerOrder": row.managed_customer_order,
                "manageable": row.manageable,
                "removedAt": row.removed_at,
                "licences": licences,
            }
        )
    return records


def write_csv(rows: list[CustomerRow], fh: TextIO) -> None:
    """CSV of the customers; cells neutralised against formulas (``desktop.services.export``)."""
    lines: list[list[object]] = [
        [
            "id",
            "name",
            "showAs",
            "billingType",
            "dataRegion",
            "groups",
            "partnerAssistance",
            "managedCustomerOrder",
            "manageable",
            "removedAt",
            *CATEGORIES,
        ]
    ]
    for row in rows:
        lines.append(
            [
                row.id,
                row.name,
                row.show_as,
                row.billing_type.value,
                row.data_region,
                "; ".join(row.groups),
                "yes" if row.assistance.value == "enabled" else "no",
                "yes" if row.managed_customer_order else "no",
                "yes" if row.manageable else "no",
                row.removed_at or "",
                *(s.value for s in row.statuses),
            ]
        )
    write_csv_cells(fh, lines)


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    profile = profile_or_error(args.profile, err)
    if profile is None:
        return 2
    cache = open_profile_cache(profile, err)
    if cache is None:
        return 1
    with cache:
        rows = cache.load_rows()
    rows.sort(key=lambda r: (r.display_name.casefold(), r.id))
    buf = io.StringIO()
    if args.format == "json":
        json.dump(export_records(rows), buf, ensure_ascii=False, indent=1)
        buf.write("\n")
    else:
        write_csv(rows, buf)
    if args.output:
        target = Path(args.output)
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        try:
            write_text_atomic(target, buf.getvalue(), encoding=encoding)
        except ExportWriteError as exc:
            err.write(exc.message + "\n")
            return 1
        err.write(f"Exported {len(rows)} customers to {target}.\n")
    else:
        out.write(buf.getvalue())
    return 0


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``report renewals|reconciliation|billing|changes`` from the cache, offline (issue 15)."""
    from desktop.services.insights import report
    from desktop.services.insights import store as istore

    profile = profile_or_error(args.profile, err)
    if profile is None:
        return 2
    if args.format == "xlsx" and not args.output:
        err.write("An XLSX report needs --output FILE.\n")
        return 2
    month: tuple[int, int] | None = None
    if args.month:
        try:
            year_text, month_text = args.month.split("-", 1)
            month = (int(year_text), int(month_text))
            if not 1 <= month[1] <= 12:
                raise ValueError
        except ValueError:
            err.write(f"--month {args.month!r}: use YYYY-MM.\n")
            return 2
    cache = open_profile_cache(profile, err)
    if cache is None:
        return 1
    with cache:
        view = None
        if args.view:
            view = istore.saved_views(cache).get(args.view)
            if view is None:
                names = ", ".join(istore.saved_views(cache)) or "none"
                err.write(f"No saved view named {args.view!r} (saved views: {names}).\n")
                return 2
        tables = report.build_report(
            args.report, cache, view=view, month=month, include_monthly=args.include_monthly
        )
    rows = sum(len(t.rows) for t in tables)
    try:
        if args.format == "xlsx":
            buf = io.BytesIO()
            report.to_xlsx(tables, buf)
            write_bytes_atomic(Path(args.output), buf.getvalue())
        else:
            text = report.to_json(tables) if args.format == "json" else report.to_csv(tables)
            if not args.output:
                out.write(text)
                return 0
            encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
            write_text_atomic(Path(args.output), text, encoding=encoding)
    except ExportWriteError as exc:
        err.write(exc.message + "\n")
        return 1
    err.write(f"Wrote the {args.report} report ({rows} rows) to {args.output}.\n")
    return 0
