"""Licence classification by code family and name tokens (docs/licences.md, issue 10)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.sandbox.data import PRODUCTS, UNKNOWN_CODES
from desktop.services.domain import CATEGORIES, category_of, parse_licence
from tests.helpers.paths import ROOT

DOC = ROOT / "docs" / "licences.md"

# (code, name as public code shows it, category) — real SKUs from docs/partner-api.md §5 [obs]
# and public code written against live partner tenants (docs/licences.md).
REAL = [
    ("CIXA-MSP", "Central Intercept X Advanced", "Endpoint"),
    ("CIXA-MSP", "Sophos Endpoint - User MSP Monthly", "Endpoint"),
    ("CIXAXDR", "Sophos XDR - User", "Endpoint"),
    ("XDR-MSP", "Sophos XDR - MSP Monthly", "Endpoint"),
    ("CW7-SUP", "Sophos Endpoint for Legacy Platforms", "Endpoint"),
    ("SVRCIXAXDR", "Sophos XDR - Server", "Server"),
    ("SVRCLOUDADV-MSP", "Sophos Endpoint - Server MSP Monthly", "Server"),
    ("CIXAMTR-STD-MSP", "", "MDR"),
    ("CIXAMTR-ADV-MSP", "Sophos MDR Advanced - MSP", "MDR"),
    ("SVRCIXAMTR-STD-MSP", "", "MDR"),
    ("MDR-COMPLETE", "Sophos MDR Complete", "MDR"),
    ("CEMA-MSP", "Sophos Email MSP Monthly", "Email"),
    ("CEMA-PE-ADDON-MSP", "", "Email"),
    ("CPHISH-MSP", "", "Phish Threat"),
    ("CDE-MSP", "", "Encryption"),
    ("CMS-MSP", "", "Mobile"),
    ("CMA-MSP", "", "Mobile"),
    ("xg_email_std", "", "Firewall"),
    ("NDR-MSP", "Sophos NDR", "Other"),
]

# The codes the sandbox used to invent: old caches hold them (docs/partner-api.md §5 table).
OLD = {
    "endpointProtection": "Endpoint",
    "interceptX": "Endpoint",
    "interceptXAdvanced": "Endpoint",
    "interceptXAdvancedXdr": "Endpoint",
    "serverProtection": "Server",
    "interceptXServer": "Server",
    "interceptXAdvancedServer": "Server",
    "mobileStandard": "Mobile",
    "mobileAdvanced": "Mobile",
    "deviceEncryption": "Encryption",
    "emailStandard": "Email",
    "emailAdvanced": "Email",
    "firewallManagement": "Firewall",
    "centralFirewallReporting": "Firewall",
    "wireless": "Wireless",
    "ztna": "ZTNA",
    "mdrEssentials": "MDR",
    "mdrComplete": "MDR",
    "phishThreat": "Phish Threat",
    "cloudOptix": "Other",
    "workloadProtection": "Other",
}


@pytest.mark.parametrize(("code", "name", "category"), REAL)
def test_real_skus(code: str, name: str, category: str) -> None:
    assert category_of(code, name) == category
    assert category_of(code) == category  # the code family alone decides
    assert category_of(code.lower(), name) == category  # case does not matter


@pytest.mark.parametrize(("code", "category"), sorted(OLD.items()))
def test_old_invented_codes_still_classify(code: str, category: str) -> None:
    assert category_of(code) == category


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Sophos XDR - Server", "Server"),
        ("Central Intercept X Advanced for Server", "Server"),
        ("Sophos Endpoint - Server MSP Monthly", "Server"),
        ("Central Intercept X Advanced", "Endpoint"),
        ("Managed Detection and Response Complete", "MDR"),
        ("Sophos MDR Essentials - Server", "MDR"),
        ("Zero Trust Network Access", "ZTNA"),
        ("XGS 2100 Xstream Protection", "Firewall"),
        ("Central Device Encryption", "Encryption"),
        ("Central Mobile Advanced", "Mobile"),
        ("Sophos Wireless", "Wireless"),
        ("Sophos Phish Threat", "Phish Threat"),
        ("Sophos Cloud Optix", "Other"),
        ("", "Other"),
    ],
)
def test_name_tokens_for_unknown_codes(name: str, category: str) -> None:
    """A SKU no family knows is placed by the words of its product name."""
    assert category_of("ZZQ-NEW-2027", name) == category
    assert category_of(None, name) == category


@pytest.mark.parametrize(
    ("code", "category"),
    [
        # new SKUs of known families (none of these exact codes is in the code)
        ("SVRCIXE-MSP-2027", "Server"),
        ("CIXZ-NEXTGEN", "Endpoint"),
        ("CIXAMTR-COMPLETE-MSP", "MDR"),
        ("SVRCIXAMTR-COMPLETE", "MDR"),
        ("CEMX-MSP", "Email"),
        ("XGS4500-XP", "Firewall"),
        ("XG-NEW", "Firewall"),
        ("ZTNA-GATEWAY-MSP", "ZTNA"),
        ("CPHISH-PLUS", "Phish Threat"),
        ("CDE-2", "Encryption"),
        # prefixes must not leak into neighbours
        ("XGOLD-MSP", "Other"),  # XG followed by a letter is not a firewall
        ("CMSX-MSP", "Other"),
        ("XDRONE", "Other"),
    ],
)
def test_families_are_robust_to_new_skus(code: str, category: str) -> None:
    assert category_of(code, "Sophos Something New") == category


def test_every_sandbox_product_lands_where_its_generic_code_says() -> None:
    generic_category = {
        "endpoint": "Endpoint",
        "server": "Server",
        "mobile": "Mobile",
        "encryption": "Encryption",
        "email": "Email",
        "firewall": "Firewall",
        "wireless": "Wireless",
        "ztna": "ZTNA",
        "mdr": "MDR",
        "phish": "Phish Threat",
    }
    for code, (name, generic) in PRODUCTS.items():
        expected = "Other" if code in UNKNOWN_CODES else generic_category[generic]
        assert category_of(code, name) == expected, code
    assert all(category_of(c, PRODUCTS[c][0]) == "Other" for c in UNKNOWN_CODES)


def test_unknown_product_keeps_its_name_for_display() -> None:
    lic = parse_licence(
        "t-1",
        {"id": "l-1", "product": {"code": "NDR-MSP", "name": "Sophos NDR"}, "type": "enterprise"},
    )
    assert lic.category == "Other" and lic.product_name == "Sophos NDR"


def _doc_rows() -> list[tuple[str, list[str]]]:
    """(category, example codes) of the code-family table in docs/licences.md."""
    text = DOC.read_text("utf-8")
    section = text.split("## 1. Code families", 1)[1].split("## 2.", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[1] in CATEGORIES:
            rows.append((cells[1], re.findall(r"`([^`]+)`", cells[2])))
    return rows


def test_documented_table_matches_the_classifier() -> None:
    rows = _doc_rows()
    assert len(rows) >= 10, "the code-family table of docs/licences.md was not found"
    for category, codes in rows:
        assert codes, category
        for code in codes:
            assert category_of(code) == category, (code, category)


sku = st.from_regex(r"[A-Za-z0-9_-]{0,20}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(code=st.one_of(st.none(), sku, st.text(max_size=30)), name=st.text(max_size=60))
def test_any_input_gives_a_category(code: str | None, name: str) -> None:
    assert category_of(code, name) in CATEGORIES


@settings(max_examples=200, deadline=None)
@given(suffix=st.from_regex(r"[A-Z0-9-]{0,12}", fullmatch=True), name=st.text(max_size=40))
def test_server_family_beats_name_words_unless_mdr(suffix: str, name: str) -> None:
    code = "SVR" + suffix
    expected = "MDR" if re.search("MDR|MTR", code) else None
    if expected is None and re.search("PHISH|ZTNA", code):
        return  # a more specific family in the code itself
    assert category_of(code, name) == (expected or "Server")
