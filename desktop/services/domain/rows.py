"""Groups, capabilities, and one customer as the table shows it."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.domain.core import AssistanceState, BillingType, LicenceStatus, fold


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    description: str = ""
    tenant_count: int = 0


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the server offers this credential (from ``/partner/v1/extensions``)."""

    extensions: bool = False
    features: frozenset[str] = frozenset()
    role: str = ""
    partner_name: str = ""
    programs: frozenset[str] = frozenset()

    @property
    def is_super_admin(self) -> bool:
        return self.role == "Partner Super Admin"

    def has(self, feature: str) -> bool:
        return self.extensions and feature in self.features


@dataclass(slots=True)
class CustomerRow:
    """One customer as the table shows it: plain data, prepared off the GUI thread."""

    id: str
    name: str
    show_as: str
    email: str
    billing_type: BillingType
    groups: tuple[str, ...]
    assistance: AssistanceState
    managed_customer_order: bool
    data_region: str
    data_geography: str
    last_synced: str  # ISO timestamp of the sync that last saw this customer
    removed_at: str | None
    manageable: bool
    statuses: tuple[LicenceStatus, ...]  # one per CATEGORIES entry
    unlink_status: str | None = None
    search_key: str = ""  # fold(name + show_as + email + id), filled by the loader

    @property
    def display_name(self) -> str:
        return self.show_as or self.name


def make_search_key(name: str, show_as: str, email: str, tenant_id: str) -> str:
    return fold("\x1f".join((name, show_as, email, tenant_id)))
