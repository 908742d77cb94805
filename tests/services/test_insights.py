"""Issue 15 services against the real sandbox and a real cache file: billing usage
(key paging, 404 month), the change feed across three syncs with churn, renewals,
reconciliation, notes kept across syncs and tombstones, reports (CSV/JSON/XLSX)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from desktop.sandbox import SandboxServer
from desktop.services.cache import SCHEMA_VERSION, Cache
from desktop.services.domain import BillingType
from desktop.services.insights import compute, report
from desktop.services.insights import store as istore
from desktop.services.insights.views import Facet, FacetContext, select_customers
from desktop.services.partner_api import PartnerApiClient
from desktop.services.sync import run_sync
from tests.helpers.paths import FIXTURES
from tests.helpers.sandbox import fast_config

pytestmark = pytest.mark.sandbox(customers=400, seed=15, faults={"rate_limit_per_s": 0})


def client(server: SandboxServer) -> PartnerApiClient:
    return PartnerApiClient(fast_config(server))  # type: ignore[arg-type]


def synced(server: SandboxServer, path: Path) -> None:
    summary = run_sync(path, fast_config(server))  # type: ignore[arg-type]
    assert summary.status == "ok", summary.error


# --------------------------------------------------------------------------- billing


def test_billing_route_key_paging_shape_and_404(sandbox: SandboxServer) -> None:
    today = sandbox.state.today
    with client(sandbox) as c:
        whole = c.billing_usage(today.year, today.month, page_size=100)
        paged = c.billing_usage(today.year, today.month, page_size=7)
        future = dt.date(today.year + 1, today.month, 1)
        assert c.billing_usage(future.year, future.month) is None  # 404 = no data
    assert whole is not None and paged is not None
    assert len(whole) > 7 * 3, "the test needs several pages"
    assert paged == whole  # every key page followed, nothing twice
    monthly = {t for t, v in sandbox.state.tenants.items() if v["billingType"] == "usage"}
    assert {i["accountId"] for i in whole} <= monthly
    for item in whole:
        for key in (
            "orderLineItemNumber", "productGroup", "billableQuantity", "orderedQuantity",
            "actualQuantity", "productCode", "sku", "productDescription", "accountId",
        ):  # fmt: skip
            assert key in item, key
        assert isinstance(item["unitPrice"], str)


def test_billing_route_pages_announce_next_key(sandbox: SandboxServer) -> None:
    import httpx

    today = sandbox.state.today
    with client(sandbox) as c:
        token = c.authenticate() or c._token  # type: ignore[attr-defined]
        pid = c.whoami().partner_id
    url = f"{sandbox.base_url}/partner/v1/billing/usage/{today.year}/{today.month}"
    headers = {"Authorization": f"Bearer {token}", "X-Partner-ID": pid}
    first = httpx.get(url, params={"pageSize": 5, "pageTotal": "true"}, headers=headers).json()
    pages = first["pages"]
    assert pages["size"] == 5 and pages["nextKey"] and pages["maxSize"] >= 5
    assert pages["total"] == -(-pages["items"] // 5)
    second = httpx.get(
        url, params={"pageSize": 5, "pageFromKey": pages["nextKey"]}, headers=headers
    ).json()
    assert second["pages"]["fromKey"] == pages["nextKey"]
    assert second["items"][0] != first["items"][0]
    missing = httpx.get(
        f"{sandbox.base_url}/partner/v1/billing/usage/{today.year + 1}/1", headers=headers
    )
    assert missing.status_code == 404 and "No data" in missing.text


def test_sync_caches_billing_per_month_with_delta(sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    today = sandbox.state.today
    prev = istore.previous_month(today.year, today.month)
    with Cache.open(path) as cache:
        assert istore.billing_months(cache) == sorted(
            [istore.month_key(*prev), istore.month_key(today.year, today.month)]
        )
        tables = report.build_report("billing", cache, today=today)
    per_customer, lines = tables
    assert lines.rows and per_customer.rows
    delta = per_customer.columns.index("Delta")
    assert any(row[delta] not in (0, 0.0, None) for row in per_customer.rows)
    # every customer row adds up its lines
    billable = lines.columns.index("Billable")
    account = lines.columns.index("Account ID")
    first = per_customer.rows[0]
    assert first[3] == sum(r[billable] for r in lines.rows if r[account] == first[1])


def test_billing_month_without_data_is_cached_as_such(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from desktop.services.insights.billing import fetch_month

    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    with Cache.open(path) as cache, client(sandbox) as c:
        assert fetch_month(cache, c, 2001, 1) is None
        month = istore.billing_month(cache, 2001, 1)
        assert month is not None and not month.has_data and month.items == []


# --------------------------------------------------------------------------- change feed


def test_change_feed_across_three_syncs_with_churn(sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    with Cache.open(path) as cache:
        assert istore.changes(cache) == []  # the first sync is not 400 "new" customers

    state = sandbox.state
    ids = sorted(state.tenants)
    renamed, billed = ids[3], next(t for t in ids if state.tenants[t]["billingType"] == "trial")
    counted = next(
        t for t in ids if state.is_manageable(t, frozenset()) and any(
            "quantity" in lic for lic in state.licences[t]
        )
    )  # fmt: skip
    with state.lock:
        state.tenants[renamed]["showAs"] = "Nuovo Nome Srl"
        state.tenants[billed]["billingType"] = "term"
        lic = next(x for x in state.licences[counted] if "quantity" in x)
        old_qty = lic["quantity"]
        lic["quantity"] = old_qty + 7
        state.version += 1
    sandbox.set_faults(churn_between_pages=2)
    synced(sandbox, path)
    sandbox.set_faults(churn_between_pages=0)
    with Cache.open(path) as cache:
        feed = istore.changes(cache)
        kinds = {(c.tenant_id, c.kind) for c in feed}
        assert (renamed, "renamed") in kinds
        assert (billed, "billing") in kinds
        qty = [c for c in feed if c.tenant_id == counted and c.kind == "quantity"]
        assert qty and qty[0].old == str(old_qty) and qty[0].new == str(old_qty + 7)
        new = {c.tenant_id for c in feed if c.kind == "new"}
        removed = {c.tenant_id for c in feed if c.kind == "removed"}
        assert new and new <= set(state.tenants)  # churn added customers mid-listing
        assert removed  # churn removed some (offset paging may also miss a shifted one)
        rename = next(c for c in feed if c.kind == "renamed")
        assert rename.new == "Nuovo Nome Srl" and rename.at
        first_feed = len(feed)

    # third sync, no churn: the feed brings the cache back to what the server has
    synced(sandbox, path)
    with Cache.open(path) as cache:
        feed = istore.changes(cache)
        assert len(feed) >= first_feed
        last: dict[str, str] = {}
        for c in reversed(feed):  # oldest first
            if c.kind in ("new", "returned", "removed"):
                last[c.tenant_id] = c.kind
        for tid, kind in last.items():
            assert (kind != "removed") == (tid in state.tenants), (tid, kind)
        live = {r.id for r in cache.load_rows() if r.removed_at is None}
        assert live == set(state.tenants)
        count = len(feed)
        looked = istore.mark_looked(cache)

    # fourth sync, nothing changed on the server: nothing new in the feed (writes follow change)
    synced(sandbox, path)
    with Cache.open(path) as cache:
        extra = istore.changes(cache)[: len(istore.changes(cache)) - count]
        assert not extra, "\n".join(map(repr, extra))
        assert istore.changed_since(cache, looked) == set()
        assert renamed in istore.changed_since(cache, None)


# --------------------------------------------------------------------------- renewals, reconciliation


def test_renewals_buckets_monthly_hidden_and_unlinkable(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    today = sandbox.state.today
    with Cache.open(path) as cache:
        rows, lics = cache.load_rows(today), cache.all_licences()
    items = compute.renewals(rows, lics, today)
    counts = compute.bucket_counts(items)
    assert all(counts[b] > 0 for b in compute.BUCKETS), counts
    assert all(i.licence_type != "usage" for i in items)
    for i in items:
        if i.bucket == compute.Bucket.EXPIRED:
            assert -60 < i.days < 0 and i.reactivatable_until is not None
        if i.bucket == compute.Bucket.DAYS_30:
            assert 0 <= i.days <= 30
        if i.bucket == compute.Bucket.LAPSED:
            assert i.days <= -60
    with_monthly = compute.renewals(rows, lics, today, include_monthly=True)
    assert len(with_monthly) >= len(items)
    # unlinkable: never before every paid licence has been expired 60 days
    by_id = {r.id: r for r in rows}
    for i in items[:200]:
        if (
            i.unlinkable_from is not None
            and by_id[i.tenant_id].billing_type is not BillingType.USAGE
        ):
            assert (
                i.unlinkable_from >= i.end_date + dt.timedelta(days=60)
                or i.unlinkable_from == today
            )


def test_reconciliation_flags_with_thresholds_and_totals(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    today = sandbox.state.today
    with Cache.open(path) as cache:
        rows, lics = cache.load_rows(today), cache.all_licences()
    lines = compute.reconcile(rows, lics, compute.Thresholds(5.0, 10), today)
    assert any(line.over_flag for line in lines) and any(line.unused_flag for line in lines)
    for line in lines:
        assert line.over_flag == (line.over >= 10 and line.over * 100 > 5 * line.quantity)
        assert line.quantity - line.used == line.unused - line.over
    strict = compute.reconcile(rows, lics, compute.Thresholds(50.0, 100), today)
    assert sum(x.unused_flag for x in strict) < sum(x.unused_flag for x in lines)
    totals = compute.product_totals(lines)
    assert sum(t.quantity for t in totals) == sum(x.quantity for x in lines)
    assert sum(t.customers for t in totals) == len(lines)


def test_thresholds_rule() -> None:
    t = compute.Thresholds(5.0, 10)
    assert t.flags(10, 100) and not t.flags(9, 100) and not t.flags(10, 500)
    assert not t.flags(0, 0) and t.flags(10, 0)


# --------------------------------------------------------------------------- notes, views


def test_notes_survive_syncs_and_tombstones_and_are_audited(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    ids = sorted(sandbox.state.tenants)
    gone = ids[5]
    with Cache.open(path) as cache:
        istore.edit_notes(cache, [*ids[:3], gone], istore.NoteEdit(add_tags=["gold", "nord"]))
        istore.edit_notes(
            cache, [ids[0]], istore.NoteEdit(alias="Zeta Spa", note="richiamare XQ7Z")
        )
        istore.edit_notes(cache, [ids[1]], istore.NoteEdit(ignored=True, remove_tags=["nord"]))
    with sandbox.state.lock:
        sandbox.state.remove_tenant(gone)
    synced(sandbox, path)
    with Cache.open(path) as cache:
        notes = istore.notes(cache)
        assert notes[ids[0]].tags == ("gold", "nord") and notes[ids[0]].alias == "Zeta Spa"
        assert notes[ids[1]].tags == ("gold",) and notes[ids[1]].ignored
        assert notes[gone].tags == ("gold", "nord")  # kept with the tombstone
        audit = [e for e in cache.audit_entries() if e.action == "notes"]
        assert len(audit) == 4 + 1 + 1
        rows = cache.load_rows()
    ctx = FacetContext(notes)
    default = select_customers(rows, {}, ctx)
    assert ids[1] not in {r.id for r in default}  # ignored: hidden by default
    assert gone not in {r.id for r in default}  # removed
    assert [r.id for r in select_customers(rows, {"search": "zeta"}, ctx)] == [ids[0]]
    assert [r.id for r in select_customers(rows, {"search": "xq7z"}, ctx)] == [ids[0]]
    tagged = select_customers(rows, {"facet": Facet.TAGGED, "show_ignored": True}, ctx)
    assert {r.id for r in tagged} == set(ids[:3])
    assert [r.id for r in select_customers(rows, {"facet": Facet.IGNORED}, ctx)] == [ids[1]]


def test_saved_views_and_pins_round_trip(tmp_path: Path) -> None:
    with Cache.open(tmp_path / "c.sqlite3") as cache:
        istore.save_view(cache, "  Rinnovi  nord ", {"search": "nord", "facet": "expiring"})
        assert istore.saved_views(cache) == {
            "Rinnovi nord": {"search": "nord", "facet": "expiring"}
        }
        with pytest.raises(ValueError):
            istore.save_view(cache, "  ", {})
        istore.delete_view(cache, "Rinnovi nord")
        assert istore.saved_views(cache) == {}
        istore.set_pinned(cache, ["a\x1fL1", "b\x1fL2"], True)
        istore.set_pinned(cache, ["a\x1fL1"], True)
        istore.set_pinned(cache, ["b\x1fL2"], False)
        assert istore.pins(cache) == {"a\x1fL1"}


def test_schema_2_cache_upgrades_to_3(tmp_path: Path) -> None:
    import shutil

    src = FIXTURES / "cache_v2.sqlite3"
    path = tmp_path / "old.sqlite3"
    shutil.copy(src, path)
    with Cache.open(path) as cache:
        assert cache.schema_version() == SCHEMA_VERSION  # 3 added these tables; 4 kept them
        assert istore.notes(cache) == {} and istore.changes(cache) == []
        n = len(cache.load_rows())
        assert n > 0


# --------------------------------------------------------------------------- reports


def _xlsx_cells(data: bytes) -> tuple[list[str], list[str], str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        shared = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
        book = z.read("xl/workbook.xml").decode()
        sheets_xml = "".join(z.read(n).decode() for n in names if n.startswith("xl/worksheets/"))
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", shared)
    sheets = re.findall(r'<sheet name="([^"]+)"', book)
    return sheets, strings, sheets_xml


def test_reports_neutralise_formulas_in_csv_json_and_xlsx(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    path = tmp_path / "c.sqlite3"
    evil = '=HYPERLINK("http://x","click")'
    today = sandbox.state.today
    synced(sandbox, path)
    with Cache.open(path) as cache:
        rows, lics = cache.load_rows(today), cache.all_licences()
    target = next(i.tenant_id for i in compute.reconcile(rows, lics, today=today))
    with sandbox.state.lock:
        sandbox.state.tenants[target]["showAs"] = evil
        sandbox.state.version += 1
    synced(sandbox, path)
    with Cache.open(path) as cache:
        tables = report.build_report("reconciliation", cache, today=today)
    assert [t.name for t in tables] == ["By customer", "By product"]
    text = report.to_csv(tables)
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    buf = io.BytesIO()
    report.to_xlsx(tables, buf)
    sheets, strings, xml = _xlsx_cells(buf.getvalue())
    assert sheets == ["By customer", "By product"]
    assert "<f>" not in xml  # no formula anywhere
    assert any(s.startswith("'=HYPERLINK") for s in strings)
    assert not any(s.startswith("=") for s in strings)
    data = json.loads(report.to_json(tables))
    assert set(data) == {"By customer", "By product"}


def test_report_changes_table_has_the_feed(sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    tid = sorted(sandbox.state.tenants)[0]
    with sandbox.state.lock:
        sandbox.state.tenants[tid]["showAs"] = "Cambiato"
    synced(sandbox, path)
    with Cache.open(path) as cache:
        (table,) = report.build_report("changes", cache)
    assert table.rows[0][1:5] == ["Cambiato", tid, "renamed", ""]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == len(table.rows)


def test_report_command_as_a_user_runs_it(sandbox: SandboxServer, tmp_path: Path) -> None:
    from tests.helpers.cli import run_cli

    add = run_cli(
        "profiles", "add", "p", "--client-id", "demo-super-admin",
        "--identity-url", sandbox.base_url, "--global-url", sandbox.base_url,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    assert run_cli("sync", "--profile", "p").returncode == 0
    out = run_cli("report", "renewals", "--profile", "p", "--format", "json")
    assert out.returncode == 0, out.stderr
    renewals = json.loads(out.stdout)["Renewals"]
    assert renewals and {"Customer", "Bucket", "Unlinkable from"} <= set(renewals[0])
    xlsx = tmp_path / "billing.xlsx"
    made = run_cli("report", "billing", "--profile", "p", "--format", "xlsx", "--output", str(xlsx))
    assert made.returncode == 0, made.stderr
    sheets, _, _ = _xlsx_cells(xlsx.read_bytes())
    assert sheets == ["Billing by customer", "Billing lines"]
    csv_out = run_cli("report", "changes", "--profile", "p", "--format", "csv")
    assert csv_out.returncode == 0 and csv_out.stdout.startswith("Seen at,Customer")
    from desktop.services.profiles import ProfileStore

    profile = ProfileStore().get("p")
    assert profile is not None
    with Cache.open(profile.cache_path) as cache:
        istore.save_view(cache, "Monthly", {"facet": "monthly"})
        monthly = {r.id for r in cache.load_rows() if r.billing_type is BillingType.USAGE}
    viewed = run_cli(
        "report", "reconciliation", "--profile", "p", "--format", "json", "--view", "Monthly"
    )
    assert viewed.returncode == 0, viewed.stderr
    lines = json.loads(viewed.stdout)["By customer"]
    assert lines and {line["Tenant ID"] for line in lines} <= monthly
    bad = run_cli("report", "renewals", "--profile", "p", "--format", "csv", "--view", "nope")
    assert bad.returncode == 2 and "No saved view named 'nope'" in bad.stderr
    no_out = run_cli("report", "billing", "--profile", "p", "--format", "xlsx")
    assert no_out.returncode == 2 and "--output" in no_out.stderr


def test_billing_is_not_fetched_again_within_the_refresh_interval(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from desktop.services.insights.billing import refresh_billing

    path = tmp_path / "c.sqlite3"
    synced(sandbox, path)
    today = sandbox.state.today
    with Cache.open(path) as cache, client(sandbox) as c:
        before = istore.billing_month(cache, today.year, today.month)
        assert before is not None
        assert refresh_billing(cache, c, today) == []
        after = istore.billing_month(cache, today.year, today.month)
        assert after is not None and after.fetched_at == before.fetched_at  # not fetched
        # an old copy is fetched again
        conn = sqlite3.connect(path)
        conn.execute("UPDATE billing_months SET fetched_at='2000-01-01T00:00:00+00:00'")
        conn.commit()
        conn.close()
        refresh_billing(cache, c, today)
        again = istore.billing_month(cache, today.year, today.month)
        assert again is not None and again.fetched_at != "2000-01-01T00:00:00+00:00"
