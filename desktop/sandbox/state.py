"""The sandbox's in-memory data: tenants, licences, groups, firewalls (docs/partner-api.md §4-§8).

Standard library only; imports nothing from the rest of ``desktop``. Callers hold
``SandboxState.lock`` while reading or changing anything.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import threading
import uuid
from typing import Any

from desktop.sandbox.data import GROUPS, TenantMeta, make_firewalls, make_licences, make_tenant

# Extension data about a tenant: served only on extension routes (docs/partner-api.md §7).
EXTENSION_FIELDS: frozenset[str] = frozenset(
    {"groups", "partnerAssistance", "managedCustomerOrder", "createdByPartner", "unlink"}
)


def public_view(tenant: dict[str, Any]) -> dict[str, Any]:
    """The documented tenant object: the stored tenant without the extension fields."""
    return {k: v for k, v in tenant.items() if k not in EXTENSION_FIELDS}


def partial_view(tenant: dict[str, Any], fields: list[str], extended: bool) -> dict[str, Any]:
    """``fields=a,b``: the id plus the named fields (extension fields only if ``extended``)."""
    out = {"id": tenant["id"]}
    for f in fields:
        if f in tenant and (extended or f not in EXTENSION_FIELDS):
            out[f] = tenant[f]
    return out


class LazyLicences(dict):  # type: ignore[type-arg]
    """tenant id -> list of licence dicts, generated on first access from the tenant's seed."""

    def __init__(self, meta: dict[str, TenantMeta], today: dt.date) -> None:
        super().__init__()
        self._meta = meta
        self._today = today

    def __missing__(self, tenant_id: str) -> list[dict[str, Any]]:
        meta = self._meta[tenant_id]  # KeyError for unknown tenants
        licences = make_licences(meta, self._today)
        self[tenant_id] = licences
        return licences


class SandboxState:
    """In-memory store. Callers hold ``lock`` while reading or changing anything."""

    def __init__(
        self,
        customers: int,
        seed: int,
        partner_id: str,
        today: dt.date,
        programs: tuple[str, ...],
    ) -> None:
        self.lock = threading.RLock()
        self.today = today
        self.partner_id = partner_id
        self.programs = programs
        self.rng = random.Random(seed)
        self.tenants: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, TenantMeta] = {}
        self.licences: LazyLicences = LazyLicences(self.meta, today)
        self.groups: dict[str, dict[str, Any]] = {}
        self.group_members: dict[str, set[str]] = {}
        self.unlinked: dict[str, dict[str, Any]] = {}
        self.api_host = ""
        self.version = 0
        self._manageable_cache: tuple[Any, list[str]] | None = None
        self._firewall_cache: tuple[int, list[dict[str, Any]]] | None = None
        #: billing usage lines per (data version, year, month): a key page is a slice of it
        self.billing_cache: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
        partner = {"id": partner_id}
        for _ in range(customers):
            tenant, meta = make_tenant(self.rng, partner_id, today, programs=programs)
            tenant["partner"] = partner
            self.tenants[tenant["id"]] = tenant
            self.meta[tenant["id"]] = meta
        self.sorted_ids: list[str] = sorted(self.tenants)
        for name, description in GROUPS:
            gid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            self.groups[gid] = {"id": gid, "name": name, "description": description}
            self.group_members[gid] = set()
        gids = list(self.groups)
        for tid in self.sorted_ids:
            r = self.rng.random()
            if r < 0.3:
                chosen = {self.rng.choice(gids)}
                if r < 0.06:
                    chosen.add(self.rng.choice(gids))
                for gid in sorted(chosen, key=gids.index):
                    self.join_group(gid, tid)
        self.refresh_group_counts()

    # -- persistence (the Demo profile keeps its state between launches) ----------------

    SNAPSHOT_VERSION = 1

    def snapshot(self) -> dict[str, Any]:
        """Everything a restart must keep, as JSON-ready data (callers hold ``lock``)."""
        version, internal, gauss = self.rng.getstate()
        return {
            "version": self.SNAPSHOT_VERSION,
            "partnerId": self.partner_id,
            "tenants": list(self.tenants.values()),
            "meta": {
                tid: [m.licence_seed, m.billing, m.manageable_at_birth]
                for tid, m in self.meta.items()
            },
            "licences": dict(self.licences),
            "groups": list(self.groups.values()),
            "members": {gid: sorted(ids) for gid, ids in self.group_members.items()},
            "unlinked": self.unlinked,
            "rng": [version, list(internal), gauss],
            "dataVersion": self.version,
        }

    def restore(self, data: dict[str, Any]) -> None:
        """Replace the generated data with a :meth:`snapshot` (ValueError if unusable)."""
        try:
            if data.get("version") != self.SNAPSHOT_VERSION:
                raise ValueError("unknown snapshot version")
            if data.get("partnerId") != self.partner_id:
                raise ValueError("the snapshot belongs to another partner (seed)")
            tenants = {str(t["id"]): t for t in data["tenants"]}
            meta = {
                str(tid): TenantMeta(int(m[0]), str(m[1]), bool(m[2]))
                for tid, m in data["meta"].items()
            }
            if set(meta) < set(tenants):
                raise ValueError("tenants without their licence seeds")
            groups = {str(g["id"]): g for g in data["groups"]}
            members = {str(gid): set(ids) for gid, ids in data["members"].items()}
            version, internal, gauss = data["rng"]
            rng_state = (int(version), tuple(int(x) for x in internal), gauss)
            licences = dict(data["licences"])
            unlinked = dict(data["unlinked"])
            data_version = int(data.get("dataVersion", 0))
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ValueError(f"unusable snapshot ({type(exc).__name__})") from None
        self.tenants = tenants
        self.meta.clear()
        self.meta.update(meta)
        self.licences = LazyLicences(self.meta, self.today)
        self.licences.update(licences)
        self.groups = groups
        self.group_members = {gid: members.get(gid, set()) for gid in groups}
        self.unlinked = unlinked
        self.rng.setstate(rng_state)
        self.sorted_ids = sorted(self.tenants)
        self.version = data_version + 1
        self._manageable_cache = None
        self._firewall_cache = None
        self.refresh_group_counts()

    # -- groups ------------------------------------------------------------------------

    def join_group(self, gid: str, tid: str) -> bool:
        members = self.group_members[gid]
        if tid in members:
            return False
        members.add(tid)
        self.tenants[tid]["groups"].append({"id": gid})
        return True

    def leave_group(self, gid: str, tid: str) -> bool:
        members = self.group_members[gid]
        if tid not in members:
            return False
        members.discard(tid)
        tenant = self.tenants.get(tid)
        if tenant is not None:
            tenant["groups"] = [g for g in tenant["groups"] if g["id"] != gid]
        return True

    def refresh_group_counts(self) -> None:
        for gid, group in self.groups.items():
            group["tenantCount"] = len(self.group_members[gid])

    # -- tenants -----------------------------------------------------------------------

    def set_api_host(self, url: str) -> None:
        self.api_host = url
        for tenant in self.tenants.values():
            if tenant.get("apiHost") is not None:
                tenant["apiHost"] = url

    def add_tenant(self, tenant: dict[str, Any], meta: TenantMeta) -> None:
        tid = tenant["id"]
        self.tenants[tid] = tenant
        self.meta[tid] = meta
        bisect.insort(self.sorted_ids, tid)
        self.version += 1

    def remove_tenant(self, tid: str) -> dict[str, Any] | None:
        tenant = self.tenants.pop(tid, None)
        if tenant is None:
            return None
        idx = bisect.bisect_left(self.sorted_ids, tid)
        if idx < len(self.sorted_ids) and self.sorted_ids[idx] == tid:
            del self.sorted_ids[idx]
        for g in tenant.get("groups", []):
            self.group_members.get(g["id"], set()).discard(tid)
        self.refresh_group_counts()
        self.version += 1
        return tenant

    def is_manageable(self, tid: str, forbidden: set[str] | frozenset[str]) -> bool:
        tenant = self.tenants.get(tid)
        if tenant is None or tid in forbidden:
            return False
        return bool(tenant.get("createdByPartner")) or bool(
            (tenant.get("partnerAssistance") or {}).get("enabled")
        )

    def manageable_ids(self, forbidden: frozenset[str]) -> list[str]:
        key = (self.version, forbidden)
        if self._manageable_cache is not None and self._manageable_cache[0] == key:
            return self._manageable_cache[1]
        ids = [t for t in self.sorted_ids if self.is_manageable(t, forbidden)]
        self._manageable_cache = (key, ids)
        return ids

    def firewalls_of(self, tid: str) -> list[dict[str, Any]]:
        tenant = self.tenants[tid]
        org = (tenant.get("organization") or {}).get("id", "")
        return make_firewalls(tid, self.meta[tid], self.partner_id, org, self.today)

    def all_firewalls(self) -> list[dict[str, Any]]:
        """Every firewall of every tenant, in tenant id order (cached per data version)."""
        if self._firewall_cache is not None and self._firewall_cache[0] == self.version:
            return self._firewall_cache[1]
        out: list[dict[str, Any]] = []
        for tid in self.sorted_ids:
            out.extend(self.firewalls_of(tid))
        self._firewall_cache = (self.version, out)
        return out

    def churn(self, n: int) -> None:
        """``n`` new customers appear and ``n`` customers that existed before go away."""
        added: set[str] = set()
        for _ in range(n):
            tenant, meta = make_tenant(
                self.rng, self.partner_id, self.today, programs=self.programs
            )
            if tenant.get("apiHost") is not None:
                tenant["apiHost"] = self.api_host
            self.add_tenant(tenant, meta)
            added.add(tenant["id"])
        for _ in range(min(n, len(self.sorted_ids) - len(added))):
            victim = self.sorted_ids[self.rng.randrange(len(self.sorted_ids))]
            while victim in added:
                victim = self.sorted_ids[self.rng.randrange(len(self.sorted_ids))]
            self.remove_tenant(victim)
            self.licences.pop(victim, None)
