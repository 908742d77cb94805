"""The Partner API's writes (the customer actions): rename, groups, partner
assistance, launch, billing type, unlink, create (docs/partner-api.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.services.domain import Tenant
from desktop.services.partner_api import errors as E
from desktop.services.partner_api.calls import ApiCalls, _seg
from desktop.services.partner_api.errors import BadResponseError
from desktop.services.partner_api.parsing import as_dict


class TenantWrites(ApiCalls):
    """Each write is one call; its answer is checked before it counts as done."""

    def rename(self, tenant_id: str, show_as: str) -> Tenant:
        data = self._call_json(
            "PATCH",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}",
            what=f"renaming tenant {tenant_id}",
            json_body={"showAs": show_as},
        )
        return self._tenant_from(data, f"renaming tenant {tenant_id}")

    def add_to_group(self, group_id: str, tenant_ids: Sequence[str]) -> None:
        self._call(
            "POST",
            f"{self._global}/partner/v1/customer-groups/{_seg(group_id)}/tenants",
            what=f"adding customers to group {group_id}",
            json_body={"tenantIds": list(tenant_ids)},
            idempotent=True,  # adding to a set twice is harmless
        )

    def remove_from_group(self, group_id: str, tenant_id: str) -> None:
        self._call(
            "DELETE",
            f"{self._global}/partner/v1/customer-groups/{_seg(group_id)}/tenants/{_seg(tenant_id)}",
            what=f"removing a customer from group {group_id}",
        )

    def request_assistance(self, tenant_id: str) -> str:
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/partner-assistance/request",
            what=f"requesting partner assistance for {tenant_id}",
            json_body={},
            idempotent=False,
        )
        status = data.get("status") if isinstance(data, dict) else None
        if not isinstance(status, str):
            raise BadResponseError(E.bad_answer(f"requesting partner assistance for {tenant_id}"))
        return status

    def launch_url(self, tenant_id: str) -> str:
        data = self._get_json(
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/launch",
            what=f"launching tenant {tenant_id}",
            partner=True,
        )
        url = data.get("url") if isinstance(data, dict) else None
        if not isinstance(url, str) or not url:
            raise BadResponseError(E.bad_answer(f"launching tenant {tenant_id}"))
        return url

    def update_billing_type(
        self, tenant_id: str, billing_type: str, licence_key: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"billingType": billing_type}
        if licence_key:
            body["licenseKey"] = licence_key
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/billing-type",
            what=f"changing the billing type of {tenant_id}",
            json_body=body,
            idempotent=False,
        )
        return as_dict(data, f"changing the billing type of {tenant_id}")

    def unlink(self, tenant_id: str) -> dict[str, Any]:
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants/{_seg(tenant_id)}/unlink",
            what=f"unlinking tenant {tenant_id}",
            json_body={"immediate": True},
            idempotent=False,
        )
        result = as_dict(data, f"unlinking tenant {tenant_id}")
        if not isinstance(result.get("status"), str):
            raise BadResponseError(E.bad_answer(f"unlinking tenant {tenant_id}"))
        return result

    def create_tenant(self, body: dict[str, Any]) -> Tenant:
        data = self._call_json(
            "POST",
            f"{self._global}/partner/v1/tenants",
            what="creating a customer",
            json_body=body,
            idempotent=False,
        )
        return self._tenant_from(data, "creating a customer")
