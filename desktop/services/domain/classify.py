"""Licence classification: the table category of a product code and name
(docs/licences.md has the table and where each fact comes from)."""

from __future__ import annotations

import functools
import re

# Licence classification (docs/licences.md has the table and where each fact comes
# from). Real product codes are SKUs (``CIXA-MSP``, ``SVRCIXAXDR``, ``CIXAMTR-STD-MSP``,
# ``CEMA-MSP``...), so a licence is placed by the *family* of its code and by *tokens*
# of its product name, never by an exact list of codes. Rules are tried in order; the
# first that matches wins, so the specific families (MDR before Server before Endpoint)
# come first.
#
# 1. Code families: a regular expression on the upper-cased code.
_CODE_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), category)
    for pattern, category in (
        (r"MDR|MTR", "MDR"),  # CIXAMTR-STD-MSP, SVRCIXAMTR-ADV-MSP, MDR-COMPLETE
        (r"PHISH", "Phish Threat"),  # CPHISH-MSP
        (r"ZTNA", "ZTNA"),
        (r"^XGS?(?![A-Z])|^XGS?_|^SFOS|^FW", "Firewall"),  # XGS2100-..., XG-..., xg_email_std
        (r"^CEM|^EMAIL", "Email"),  # CEMA-MSP, CEMA-PE-ADDON-MSP
        (r"^APX|^WIRELESS", "Wireless"),
        (r"^CM[SA](?![A-Z])|^MOBILE", "Mobile"),  # CMS-MSP, CMA-MSP
        (r"^CDE|^SDE", "Encryption"),  # CDE-MSP
        (r"^SVR", "Server"),  # SVRCIXAXDR, SVRCLOUDADV-MSP
        (r"^CIX|^CW7|^XDR(?![A-Z])", "Endpoint"),  # CIXA-MSP, CIXAXDR, CW7-SUP, XDR-MSP
    )
)
# 2. Words of the product name (and of a camelCase code such as ``interceptXServer``).
_NAME_TOKENS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"MDR", "MTR"}), "MDR"),
    (frozenset({"PHISH"}), "Phish Threat"),
    (frozenset({"ZTNA", "ZERO"}), "ZTNA"),
    (frozenset({"FIREWALL", "XG", "XGS"}), "Firewall"),
    (frozenset({"EMAIL"}), "Email"),
    (frozenset({"WIRELESS"}), "Wireless"),
    (frozenset({"MOBILE"}), "Mobile"),
    (frozenset({"ENCRYPTION"}), "Encryption"),
    (frozenset({"SERVER", "SERVERS", "SVR"}), "Server"),
    (frozenset({"ENDPOINT", "INTERCEPT", "XDR"}), "Endpoint"),
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _words(text: str) -> set[str]:
    """``"interceptXAdvancedServer"`` -> {INTERCEPT, X, ADVANCED, SERVER}; also plain words."""
    return {w.upper() for w in _WORD.findall(text)}


@functools.lru_cache(maxsize=4096)
def category_of(product_code: str | None, product_name: str | None = "") -> str:
    """The table category of a licence from its product code family and name tokens.

    Unknown products go to "Other" (never dropped; the UI shows their product name).
    """
    code = (product_code or "").strip()
    upper = code.upper()
    for pattern, category in _CODE_FAMILIES:
        if pattern.search(upper):
            return category
    words = _words(product_name or "") | _words(code)
    # "Managed Detection and Response", "Managed Threat Response"
    if "MANAGED" in words and words & {"DETECTION", "RESPONSE"}:
        return "MDR"
    for tokens, category in _NAME_TOKENS:
        if words & tokens:
            return category
    return "Other"
