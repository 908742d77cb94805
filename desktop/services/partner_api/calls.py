"""The plumbing under :class:`~desktop.services.partner_api.client.PartnerApiClient`:
the client's shared state, one authenticated call (with the partner header), JSON
answers, one page of a listing, a tenant from an answer, and small URL helpers."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import quote

from desktop.services.domain import BadItem, Capabilities, Tenant
from desktop.services.partner_api import errors as E
from desktop.services.partner_api.errors import (
    BadResponseError,
    PartnerApiError,
    UnavailableError,
)
from desktop.services.partner_api.parsing import (
    Page,
    Whoami,
    decode_json,
    parse_page,
    parse_tenant_item,
)
from desktop.services.partner_api.transport import Transport

MAX_PAGE_SIZE = 100


class ApiCalls(Transport):
    """The client's state and its calls; the endpoints are in its subclasses."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partner_id: str | None = None
        self._whoami_lock = threading.Lock()
        self._caps: Capabilities | None = None
        self._caps_lock = threading.Lock()
        self._api_hosts: dict[str, str] = {}
        self._api_hosts_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._tenants_seen = 0
        self._licences_seen = 0
        self._licence_failures_in_a_row = 0
        self.skipped_items = 0  # unusable items skipped (tenants and licences)

    def whoami(self) -> Whoami:  # the identity call: PartnerApiClient.whoami
        raise NotImplementedError

    def _tenant_from(self, data: Any, what: str) -> Tenant:
        try:
            tenant = parse_tenant_item(data)
        except BadItem as exc:
            raise BadResponseError(E.bad_answer(what, str(exc))) from None
        self._remember_api_host(tenant)
        return tenant

    def _remember_api_host(self, tenant: Tenant) -> None:
        if self.config.use_tenant_api_host and tenant.api_host:
            with self._api_hosts_lock:
                self._api_hosts[tenant.id] = tenant.api_host

    def _partner_header(self) -> str:
        if self._partner_id is None:
            with self._whoami_lock:
                if self._partner_id is None:
                    self.whoami()
        assert self._partner_id is not None
        return self._partner_id

    def _get_json(
        self,
        url: str,
        *,
        what: str,
        params: dict[str, str | int] | None = None,
        partner: bool = False,
    ) -> Any:
        return self._call_json("GET", url, what=what, params=params, partner=partner)

    def _call_json(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: dict[str, str | int] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        partner: bool = True,
        idempotent: bool = True,
    ) -> Any:
        resp = self._call(
            method,
            url,
            what=what,
            params=params,
            json_body=json_body,
            headers=headers,
            partner=partner,
            idempotent=idempotent,
        )
        return decode_json(resp, what)

    def _call(
        self,
        method: str,
        url: str,
        *,
        what: str,
        params: dict[str, str | int] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        partner: bool = True,
        idempotent: bool = True,
    ) -> Any:
        hdrs = dict(headers or {})
        if partner:
            hdrs["X-Partner-ID"] = self._partner_header()
        return self._send(
            method,
            url,
            what=what,
            params=params,
            json_body=json_body,
            headers=hdrs,
            auth=True,
            idempotent=idempotent,
        )

    def _skip(self, area: str, message: str) -> None:
        with self._count_lock:
            self.skipped_items += 1
        self._warn(area, message)

    def _fetch_page(self, path: str, what: str, number: int, size: int, total: bool) -> Page:
        params: dict[str, str | int] = {"page": number, "pageSize": size}
        if total:
            params["pageTotal"] = "true"
        label = f"{what} page {number}"
        data = self._get_json(f"{self._global}{path}", what=label, params=params, partner=True)
        return parse_page(data, number, label)


# ---------------------------------------------------------------- helpers


def _fails_the_sync(exc: PartnerApiError) -> bool:
    """An unreachable server (refused, timed out, TLS) is not one tenant's problem."""
    return isinstance(exc, UnavailableError) and not exc.reachable


def _seg(value: str) -> str:
    return quote(value, safe="")


def _check_page_size(page_size: int) -> int:
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
    return page_size
