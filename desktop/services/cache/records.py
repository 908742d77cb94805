"""What a sync run, an audit entry and a tenant listing report."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class SyncSummary:
    status: str  # "ok" | "failed" | "cancelled" | "busy"
    customers: int = 0
    new: int = 0
    removed: int = 0
    changed: int = 0
    licences: int = 0
    not_manageable: int = 0
    seconds: float = 0.0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: tenants whose licences were fetched (and committed) by this sync
    refreshed: int = 0
    #: tenants whose licence request failed: previous licences kept, refreshed first next time
    stale: int = 0
    #: the complete tenant list was committed by this sync
    listed: bool = False
    #: what went wrong, as an id the GUI translates (``error`` is the English text):
    #: a ``PartnerApiError.kind`` ("auth", "unreachable", …), "cancelled", "busy",
    #: "cache", "unexpected", …
    error_id: str | None = None
    #: the HTTP status of the failed request, when there was one
    error_status: int | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        data["warnings"] = self.warnings[:50]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SyncSummary:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass(frozen=True, slots=True)
class SyncRecord:
    started_at: dt.datetime
    finished_at: dt.datetime
    status: str
    summary: SyncSummary


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    action: str
    tenant_id: str | None
    result: str
    detail: str


@dataclass(frozen=True, slots=True)
class ListingCounts:
    customers: int
    new: int
    removed: int
    changed: int
    #: ids whose row changed (new, changed, tombstoned)
    ids: tuple[str, ...]
