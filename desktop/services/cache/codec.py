"""Errors, time stamps and the packing of raw JSON (zlib with a preset dictionary)."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable
from typing import Any


class CacheError(Exception):
    """The cache cannot be used; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CacheCorruptError(CacheError):
    pass


class CacheTooNewError(CacheError):
    pass


class CacheWriteError(CacheError):
    """Disk full, read-only folder and the like."""


class CacheBusyError(CacheError):
    """Another process holds this profile's writer lock (a sync is running)."""


BUSY_MESSAGE = "A sync of this profile is already running."


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _iso_from_epoch(seconds: int) -> str:
    return iso(dt.datetime.fromtimestamp(seconds, dt.UTC))


# --------------------------------------------------------------------------- packing

# A zlib preset dictionary: the field names and common values of the API's tenant and
# licence objects. Small JSON documents compress ~2x better with it. NEVER change these
# bytes: stored blobs need them to decompress (a new dictionary needs a new tag byte).
_ZDICT_V1 = (
    b'{"apiHost":"https://api-eu01.central.sophos.com","billingType":"usage","contact":'
    b'{"address":{"address1":"","city":"","countryCode":"","postalCode":""},"email":'
    b'"@example.com","firstName":"","lastName":"","mobile":"+","phone":"+"},'
    b'"createdByPartner":false,"dataGeography":"IE","dataRegion":"eu01","groups":'
    b'[{"id":""}],"id":"","managedCustomerOrder":false,"name":"","partner":{"id":""},'
    b'"partnerAssistance":{"enabled":true,"request":null},"showAs":"","status":"active",'
    b'"unlink":null}'
    b'[{"endDate":"2027-","id":"","licenseIdentifier":"LIC-","perpetual":false,"product":'
    b'{"code":"interceptX","genericCode":"endpoint","name":"Intercept X Advanced"},'
    b'"quantity":1,"startDate":"2026-","type":"term","unlimited":false,"usage":'
    b'{"current":{"count":1}}},{"type":"trial","endDate":"2026-","product":{"code":"ztna",'
    b'"genericCode":"ztna","name":"Zero Trust Network Access"}}]'
)
_TAG_ZLIB_V1 = 1


def pack(text: str) -> bytes:
    """Compress a JSON text for storage (tag byte + zlib stream with the preset dictionary)."""
    # a 2 KB window and small state: these documents are small, and a full-size
    # compressor costs ~3x more to set up than to run (measured: 27 -> 10 us each)
    comp = zlib.compressobj(6, zlib.DEFLATED, 11, 4, zlib.Z_DEFAULT_STRATEGY, _ZDICT_V1)
    return bytes((_TAG_ZLIB_V1,)) + comp.compress(text.encode("utf-8")) + comp.flush()


def pack_chunks(chunks: Iterable[str]) -> bytes:
    """:func:`pack` of the concatenated ``chunks``, compressed as they come (a large
    document never needs to be in memory whole)."""
    # A large document (a month of billing usage: ~50 MB of JSON at 100k customers):
    # the full 32 KB window stores it in 60 % of the bytes of pack()'s small window
    # (3.7 instead of 6.2 MB a month; level 9 saves 0.3 MB more for 2.5x the CPU).
    # The same format: unpack() reads both.
    comp = zlib.compressobj(6, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, _ZDICT_V1)
    parts = [bytes((_TAG_ZLIB_V1,))]
    for chunk in chunks:
        parts.append(comp.compress(chunk.encode("utf-8")))
    parts.append(comp.flush())
    return b"".join(parts)


def unpack(blob: bytes | str) -> str:
    if isinstance(blob, str):  # never packed (written by schema 1)
        return blob
    if blob[:1] == bytes((_TAG_ZLIB_V1,)):
        dec = zlib.decompressobj(15, _ZDICT_V1)
        return (dec.decompress(blob[1:]) + dec.flush()).decode("utf-8")
    raise CacheCorruptError("The cache holds data in an unknown format.")


#: ``hashlib.blake2b`` once a hash is made: ``hashlib`` loads OpenSSL (~3 ms), and the
#: cache's read at start (a GUI launch, issue 13) makes none
_blake2b: Any = None


def content_hash(text: str) -> bytes:
    global _blake2b
    if _blake2b is None:
        from hashlib import blake2b

        _blake2b = blake2b
    return bytes(_blake2b(text.encode("utf-8"), digest_size=8).digest())


def _log() -> Any:
    import logging

    return logging.getLogger("partner_desk.cache")
