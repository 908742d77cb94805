"""The Partner API's reads (docs/partner-api.md): identity, tenants, licences, groups,
billing; the writes are in :mod:`.writes`, the calls under both in :mod:`.calls`, the
HTTP in :mod:`.transport`.

Routing choices (documented here because the sandbox differs from the real service):

- Partner and tenant routes use ``ApiConfig.global_url``; ``whoami``'s ``apiHosts.global``
  is reported in :class:`Whoami` but does not replace the configured URL.
- Tenants are listed (and read one by one) on ``/partner/v1/extensions/tenants`` when
  the extensions discovery offers the feature ``tenantExtensions`` (full tenant objects
  with the console's extension fields); else on the public ``/partner/v1/tenants``.
- Per-tenant licence calls use the tenant's ``apiHost`` only when
  ``ApiConfig.use_tenant_api_host`` is true and the host is an absolute URL with the
  same scheme as the global URL; otherwise the global URL.
- Bulk licences (``/partner/v1/licenses``): see :meth:`PartnerApiClient.iter_licences`.

Paging is bounded: by ``pages.total``, by ``pages.items``/``pageSize``, by
``ApiConfig.max_pages``, and it stops at the first page that brings no new id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from desktop.services.domain import BadItem, Capabilities, Group, Tenant
from desktop.services.partner_api import errors as E
from desktop.services.partner_api.calls import MAX_PAGE_SIZE as MAX_PAGE_SIZE
from desktop.services.partner_api.calls import ApiCalls as ApiCalls
from desktop.services.partner_api.calls import (
    _check_page_size,
    _fails_the_sync,
    _seg,
)
from desktop.services.partner_api.errors import (
    AuthenticationError,
    BadResponseError,
    CancelledError,
    ForbiddenError,
    NotFoundError,
    PartnerApiError,
    RateLimitedError,
    UnavailableError,
)
from desktop.services.partner_api.paging import Pager
from desktop.services.partner_api.parsing import (
    LicenceResult,
    Page,
    TenantPage,
    Whoami,
    as_dict,
    capabilities_from,
    id_problem,
    items_of,
    parse_licence_list,
    parse_tenant_item,
)
from desktop.services.partner_api.transport import Transport as Transport
from desktop.services.partner_api.writes import TenantWrites

TENANT_EXTENSIONS = "tenantExtensions"
# This many per-tenant licence failures in a row (no success between) mean the service
# is down, not one tenant: the sync fails instead of marking every tenant.
MAX_LICENCE_FAILURES_IN_A_ROW = 25


class PartnerApiClient(TenantWrites):
    """Thread-safe Partner API client. One instance per profile/sync; ``close()`` when done."""

    def __enter__(self) -> PartnerApiClient:
        return self

    def __repr__(self) -> str:
        return f"PartnerApiClient(client_id={self.config.client_id!r}, url={self._global!r})"

    @property
    def partner_id(self) -> str | None:
        return self._partner_id

    def progress_note(self) -> str:
        with self._count_lock:
            tenants, licences = self._tenants_seen, self._licences_seen
        if not tenants and not licences:
            return "Nothing had been fetched yet."
        text = f"It had fetched {tenants:,} customers"
        if licences:
            text += f" and the licences of {licences:,}"
        return text + "."

    # ------------------------------------------------------------ identity

    def whoami(self) -> Whoami:
        data = self._get_json(f"{self._global}/whoami/v1", what="who am I")
        if not isinstance(data, dict):
            raise BadResponseError(E.bad_answer("who am I"))
        pid = data.get("id")
        if not isinstance(pid, str) or not pid or id_problem(pid) is not None:
            raise BadResponseError(E.bad_answer("who am I", "it has no usable partner id"))
        id_type = data.get("idType")
        id_type = id_type if isinstance(id_type, str) else ""
        if id_type and id_type != "partner":
            raise AuthenticationError(
                f"This API credential belongs to a {id_type}, not a partner. "
                "Create the credential in Partner Central (Settings > API credentials)."
            )
        hosts = data.get("apiHosts")
        global_url = ""
        if isinstance(hosts, dict) and isinstance(hosts.get("global"), str):
            global_url = hosts["global"]
        self._partner_id = pid
        return Whoami(partner_id=pid, id_type=id_type or "partner", global_url=global_url)

    def capabilities(self) -> Capabilities:
        """Console extensions offered to this credential; a 404 means none (the real API)."""
        try:
            data = self._get_json(
                f"{self._global}/partner/v1/extensions", what="extensions", partner=True
            )
        except NotFoundError:
            caps = Capabilities(extensions=False)
        else:
            caps = capabilities_from(data)
        with self._caps_lock:
            self._caps = caps
        return caps

    def _tenants_path(self, *, discover: bool) -> str:
        """The extension route when ``tenantExtensions`` is offered, else the public one.

        ``discover``: ask for the capabilities when :meth:`capabilities` was not called
        yet (one request per client); else the public route until it is.
        """
        with self._caps_lock:
            caps = self._caps
        if caps is None and discover:
            caps = self.capabilities()
        if caps is not None and caps.has(TENANT_EXTENSIONS):
            return "/partner/v1/extensions/tenants"
        return "/partner/v1/tenants"

    # ------------------------------------------------------------ tenants

    def iter_tenant_pages(self, page_size: int = 100) -> Iterator[TenantPage]:
        """All tenant pages: page 1 with ``pageTotal=true``, then the rest concurrently.

        Pages are yielded as they complete (not necessarily in order). A tenant already
        seen on an earlier page (customers churning between page requests) is dropped;
        a tenant with an unusable id or name is skipped with a warning. The extension
        route is used when :meth:`capabilities` (called first, as the sync does) offered
        ``tenantExtensions``.
        """
        size = _check_page_size(page_size)
        seen: set[str] = set()
        pager = Pager(self, self._tenants_path(discover=False), "tenants", size)
        for page in pager:
            tenants, skipped = self._parse_tenants(page, seen)
            pager.brought_new(page, bool(tenants or skipped))  # only repeats: stop
            yield TenantPage(
                page=page.number,
                total_pages=page.total_pages or 0,
                total_items=page.total_items,
                tenants=tenants,
                skipped=skipped,
            )

    def get_tenant(self, tenant_id: str) -> Tenant:
        base = self._tenants_path(discover=True)
        data = self._get_json(
            f"{self._global}{base}/{_seg(tenant_id)}", what=f"tenant {tenant_id}", partner=True
        )
        return self._tenant_from(data, f"tenant {tenant_id}")

    def _parse_tenants(self, page: Page, seen: set[str]) -> tuple[list[Tenant], list[str]]:
        tenants: list[Tenant] = []
        skipped: list[str] = []
        for i, raw in enumerate(page.items, start=1):
            try:
                tenant = parse_tenant_item(raw)
            except BadItem as exc:
                msg = f"tenants page {page.number}, item {i}: skipped ({exc})"
                self._skip("tenants", msg)
                skipped.append(msg)
                continue
            if tenant.id in seen:
                self._log.debug("tenants page %d: duplicate tenant dropped", page.number)
                continue
            seen.add(tenant.id)
            self._remember_api_host(tenant)
            tenants.append(tenant)
        with self._count_lock:
            self._tenants_seen += len(tenants)
        return tenants, skipped

    # ------------------------------------------------------------ licences

    def iter_licences(
        self,
        tenant_ids: Sequence[str],
        *,
        bulk: bool,
        page_size: int = 100,
        verify_absent: bool = False,
    ) -> Iterator[LicenceResult]:
        """One :class:`LicenceResult` per id in ``tenant_ids``, in completion order.

        ``bulk=False``: ``GET /licenses/v1/licenses`` with ``X-Tenant-ID`` per tenant,
        requested in the order given (the sync passes the stalest first), concurrently
        as the rate controller allows. 403 -> ``licences=None`` (not manageable); 404
        (tenant gone since it was listed) -> ``licences=None`` with a warning in
        ``skipped``. A tenant whose request still fails after its bounded retries (5xx,
        drops, bad body) -> ``licences=None`` with ``error`` set; the sync carries on.
        Sign-in failures, timeouts, an unreachable server, a rate limit that lets
        nothing through for the whole budget, or many failures in a row raise.

        ``bulk=True``: ``GET /partner/v1/licenses`` (a console extension) paged like
        tenants. Rule for not-manageable tenants: the bulk route lists *every* tenant the
        partner may manage (with ``licenses: []`` when it has none) and only those, so a
        tenant in ``tenant_ids`` that the bulk answer does not mention is not manageable
        (``licences=None``), exactly as a 403 on the per-tenant route. An item with
        ``licenses: null`` or ``manageable: false`` means the same. Should a server not
        keep that promise, ``verify_absent=True`` asks each absent tenant per tenant
        instead (403 -> not manageable), which makes the result identical to
        ``bulk=False`` at the cost of one call per absent tenant.
        Bulk items for tenants not in ``tenant_ids`` are ignored.
        """
        wanted = list(dict.fromkeys(tenant_ids))
        if not bulk:
            yield from self._run_bounded(wanted, self._tenant_licences)
            return
        wanted_set = set(wanted)
        done: set[str] = set()
        for result in self.iter_bulk_licences(page_size):
            if result.tenant_id in wanted_set:
                done.add(result.tenant_id)
                yield result
        absent = [tid for tid in wanted if tid not in done]
        if not absent:
            return
        if verify_absent:
            self._log.info("%d tenant(s) absent from bulk licences; asking each", len(absent))
            yield from self._run_bounded(absent, self._tenant_licences)
        else:
            for tid in absent:
                yield LicenceResult(tid, None, [])

    def iter_bulk_licences(self, page_size: int = 100) -> Iterator[LicenceResult]:
        """Every tenant the bulk route lists, in page order as pages complete.

        Needs no tenant list, so a sync can run it beside the tenant paging; tenants the
        answer does not mention are not manageable (see :meth:`iter_licences`).
        """
        size = _check_page_size(page_size)
        done: set[str] = set()
        pager = Pager(self, "/partner/v1/licenses", "licences", size)
        for page in pager:
            before = len(done)
            yield from self._parse_bulk_page(page, done)
            pager.brought_new(page, len(done) > before)

    def _parse_bulk_page(self, page: Page, done: set[str]) -> Iterator[LicenceResult]:
        for i, raw in enumerate(page.items, start=1):
            tid = raw.get("tenantId") if isinstance(raw, dict) else None
            problem = id_problem(tid)
            if not isinstance(raw, dict) or not isinstance(tid, str) or problem is not None:
                self._skip(
                    "licences",
                    f"licences page {page.number}, item {i}: skipped ({problem or 'no tenant id'})",
                )
                continue
            if tid in done:
                continue
            done.add(tid)
            with self._count_lock:
                self._licences_seen += 1
            raw_list = raw.get("licenses", [])
            if raw.get("manageable") is False or raw_list is None:
                yield LicenceResult(tid, None, [])
                continue
            if not isinstance(raw_list, list):
                msg = f"licences of {tid}: not a list; treated as no licences"
                self._warn("licences", msg)
                yield LicenceResult(tid, [], [msg])
                continue
            yield self._licence_result(tid, raw_list)

    def _licence_result(self, tid: str, items: list[Any]) -> LicenceResult:
        licences, skipped = parse_licence_list(tid, items)
        for msg in skipped:
            self._skip("licences", msg)
        return LicenceResult(tid, licences, skipped)

    def _tenant_licences(self, tenant_id: str) -> LicenceResult:
        label = f"licences of tenant {tenant_id}"
        try:
            data = self._call_json(
                "GET",
                f"{self._licence_base(tenant_id)}/licenses/v1/licenses",
                what=label,
                headers={"X-Tenant-ID": tenant_id},
                partner=False,
            )
            if not isinstance(data, dict):
                raise BadResponseError(E.bad_answer(label))
            items = data.get("licenses")
            if items is None:
                items = []
            if not isinstance(items, list):
                raise BadResponseError(E.bad_answer(label, '"licenses" is not a list'))
        except ForbiddenError:
            return self._licence_done(LicenceResult(tenant_id, None, []))
        except NotFoundError:
            msg = f"{label}: the tenant was not found (removed?); marked not manageable"
            self._warn("licences", msg)
            return self._licence_done(LicenceResult(tenant_id, None, [msg]))
        except (CancelledError, AuthenticationError, RateLimitedError):
            raise
        except (UnavailableError, BadResponseError, PartnerApiError) as exc:
            if _fails_the_sync(exc):
                raise
            with self._count_lock:
                self._licence_failures_in_a_row += 1
                in_a_row = self._licence_failures_in_a_row
            if in_a_row >= MAX_LICENCE_FAILURES_IN_A_ROW:
                raise
            self._warn("licences", f"{label}: {exc.message} Kept the previous licences.")
            return LicenceResult(tenant_id, None, [], error=exc.message)
        return self._licence_done(self._licence_result(tenant_id, items))

    def _licence_done(self, result: LicenceResult) -> LicenceResult:
        with self._count_lock:
            self._licence_failures_in_a_row = 0
            self._licences_seen += 1
        return result

    def _licence_base(self, tenant_id: str) -> str:
        if not self.config.use_tenant_api_host:
            return self._global
        with self._api_hosts_lock:
            host = self._api_hosts.get(tenant_id)
        if host:
            parts = urlsplit(host)
            if parts.netloc and parts.scheme == urlsplit(self._global).scheme:
                return host.rstrip("/")
        return self._global

    # ------------------------------------------------------------ groups

    def groups(self) -> list[Group]:
        data = self._get_json(
            f"{self._global}/partner/v1/customer-groups", what="customer groups", partner=True
        )
        out: list[Group] = []
        for raw in items_of(data, "customer groups"):
            if not isinstance(raw, dict) or id_problem(raw.get("id")) is not None:
                self._skip("customer groups", "skipped a customer group without a usable id")
                continue
            name = raw.get("name")
            desc = raw.get("description")
            count = raw.get("tenantCount")
            out.append(
                Group(
                    id=raw["id"],
                    name=name if isinstance(name, str) else raw["id"],
                    description=desc if isinstance(desc, str) else "",
                    tenant_count=count
                    if isinstance(count, int) and not isinstance(count, bool)
                    else 0,
                )
            )
        return out

    # ------------------------------------------------------------ billing usage

    def billing_usage(
        self, year: int, month: int, page_size: int = 100
    ) -> list[dict[str, Any]] | None:
        """The month's billing line items (docs/partner-api.md §5); ``None``: 404, no data.

        Key paging: ``pages.nextKey`` goes into ``pageFromKey`` until a page has none.
        Bounded by ``max_pages``, by a key that repeats and by a page that brings nothing.
        """
        try:
            return [item for page in self.iter_billing_pages(year, month, page_size)
                    for item in page]  # fmt: skip
        except NotFoundError:
            return None

    def iter_billing_pages(
        self, year: int, month: int, page_size: int = 100
    ) -> Iterator[list[dict[str, Any]]]:
        """The month's line items a key page at a time (memory: one page); a month
        the server has no data for raises :class:`NotFoundError` on the first page."""
        if not 1 <= month <= 12 or not 1 <= year <= 9999:
            raise ValueError("month must be 1..12")
        size = _check_page_size(page_size)
        url = f"{self._global}/partner/v1/billing/usage/{year:04d}/{month}"
        key: str | None = None
        seen_keys: set[str] = set()
        for number in range(1, max(self.config.max_pages, 1) + 1):
            params: dict[str, str | int] = {"pageSize": size}
            if key is not None:
                params["pageFromKey"] = key
            what = f"billing usage {year:04d}-{month:02d} page {number}"
            data = self._get_json(url, what=what, params=params, partner=True)
            body = as_dict(data, what)
            items = body.get("items")
            if not isinstance(items, list):
                raise BadResponseError(E.bad_answer(what, "no items list"))
            page: list[dict[str, Any]] = []
            for item in items:
                if isinstance(item, dict):
                    page.append(item)
                else:
                    self._skip("billing usage", "skipped a billing line that is not an object")
            yield page
            pages = body.get("pages")
            nxt = pages.get("nextKey") if isinstance(pages, dict) else None
            if not isinstance(nxt, str | int) or isinstance(nxt, bool) or str(nxt) == "":
                return
            key = str(nxt)
            if key in seen_keys or not items:
                self._warn("billing usage", f"{what}: paging stopped (the key repeats)")
                return
            seen_keys.add(key)
        self._warn("billing usage", "paging stopped at the page limit")
