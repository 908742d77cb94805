"""Plain domain types shared by the client, the cache, the sync engine and the models.

No Qt here. Parsing is lenient (docs/partner-api.md §4): unknown keys stay in ``raw``,
optional fields may be missing, wrong types of optional fields are ignored; a
tenant without ``id`` or ``name`` is rejected with :class:`BadItem`.

One module a job: ``core`` (statuses, states, categories, the search fold, parsing
helpers), ``classify`` (a licence's category), ``tenants``, ``licences`` (parsing,
status, summaries), ``rows`` (groups, capabilities, the table's customer row). Every
name stays importable from ``desktop.services.domain``.
"""

from __future__ import annotations

from desktop.services.domain.classify import (
    _CODE_FAMILIES as _CODE_FAMILIES,
)
from desktop.services.domain.classify import (
    _NAME_TOKENS as _NAME_TOKENS,
)
from desktop.services.domain.classify import (
    _WORD as _WORD,
)
from desktop.services.domain.classify import (
    _words as _words,
)
from desktop.services.domain.classify import (
    category_of as category_of,
)
from desktop.services.domain.core import (
    _STRIP_COMBINING as _STRIP_COMBINING,
)
from desktop.services.domain.core import (
    ACTIVE_PROTECTION as ACTIVE_PROTECTION,
)
from desktop.services.domain.core import (
    CATEGORIES as CATEGORIES,
)
from desktop.services.domain.core import (
    CATEGORY_INDEX as CATEGORY_INDEX,
)
from desktop.services.domain.core import (
    EXPIRING_DAYS as EXPIRING_DAYS,
)
from desktop.services.domain.core import (
    LAPSED_DAYS as LAPSED_DAYS,
)
from desktop.services.domain.core import (
    AssistanceState as AssistanceState,
)
from desktop.services.domain.core import (
    BadItem as BadItem,
)
from desktop.services.domain.core import (
    BillingType as BillingType,
)
from desktop.services.domain.core import (
    LicenceStatus as LicenceStatus,
)
from desktop.services.domain.core import (
    _bool as _bool,
)
from desktop.services.domain.core import (
    _dict as _dict,
)
from desktop.services.domain.core import (
    _str as _str,
)
from desktop.services.domain.core import (
    _StripCombining as _StripCombining,
)
from desktop.services.domain.core import (
    fold as fold,
)
from desktop.services.domain.core import (
    parse_date as parse_date,
)
from desktop.services.domain.licences import (
    _ALL_NONE as _ALL_NONE,
)
from desktop.services.domain.licences import (
    _ALL_NOT_MANAGEABLE as _ALL_NOT_MANAGEABLE,
)
from desktop.services.domain.licences import (
    _OTHER_INDEX as _OTHER_INDEX,
)
from desktop.services.domain.licences import (
    STATUS_RANK as STATUS_RANK,
)
from desktop.services.domain.licences import (
    CategorySummary as CategorySummary,
)
from desktop.services.domain.licences import (
    Licence as Licence,
)
from desktop.services.domain.licences import (
    StatusCalculator as StatusCalculator,
)
from desktop.services.domain.licences import (
    _int as _int,
)
from desktop.services.domain.licences import (
    category_statuses as category_statuses,
)
from desktop.services.domain.licences import (
    decode_summary as decode_summary,
)
from desktop.services.domain.licences import (
    encode_summary as encode_summary,
)
from desktop.services.domain.licences import (
    licence_status as licence_status,
)
from desktop.services.domain.licences import (
    parse_licence as parse_licence,
)
from desktop.services.domain.licences import (
    summarize as summarize,
)
from desktop.services.domain.rows import (
    Capabilities as Capabilities,
)
from desktop.services.domain.rows import (
    CustomerRow as CustomerRow,
)
from desktop.services.domain.rows import (
    Group as Group,
)
from desktop.services.domain.rows import (
    make_search_key as make_search_key,
)
from desktop.services.domain.tenants import (
    Address as Address,
)
from desktop.services.domain.tenants import (
    Contact as Contact,
)
from desktop.services.domain.tenants import (
    Tenant as Tenant,
)
from desktop.services.domain.tenants import (
    parse_contact as parse_contact,
)
from desktop.services.domain.tenants import (
    parse_tenant as parse_tenant,
)

__all__ = [
    "ACTIVE_PROTECTION",
    "CATEGORIES",
    "CATEGORY_INDEX",
    "EXPIRING_DAYS",
    "LAPSED_DAYS",
    "STATUS_RANK",
    "Address",
    "AssistanceState",
    "BadItem",
    "BillingType",
    "Capabilities",
    "CategorySummary",
    "Contact",
    "CustomerRow",
    "Group",
    "Licence",
    "LicenceStatus",
    "StatusCalculator",
    "Tenant",
    "category_of",
    "category_statuses",
    "decode_summary",
    "encode_summary",
    "fold",
    "licence_status",
    "make_search_key",
    "parse_contact",
    "parse_date",
    "parse_licence",
    "parse_tenant",
    "summarize",
]
