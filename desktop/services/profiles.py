"""Profiles: which Partner API a user talks to (DESIGN.md §5).

A profile is a name, a kind (``sandbox`` or ``sophos``), a client id, an identity
URL and a global URL (plus an optional CA bundle). Profiles live in a small JSON
file under the config dir; the client secret never does (see ``credentials``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from desktop.services import paths

DEMO_PROFILE_NAME = "Demo"
SOPHOS_IDENTITY_URL = "https://id.sophos.com"
SOPHOS_GLOBAL_URL = "https://api.central.sophos.com"
NAME_MAX = 60


class ProfileKind(StrEnum):
    SANDBOX = "sandbox"
    SOPHOS = "sophos"


class ProfileError(ValueError):
    """A profile that cannot be saved; the message says what to fix."""


def slugify(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.").lower()
    return slug or "profile"


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    kind: ProfileKind
    client_id: str
    identity_url: str
    global_url: str
    ca_bundle: str | None = None

    @property
    def cache_path(self) -> Path:
        return paths.data_dir() / "profiles" / f"{slugify(self.name)}.sqlite3"

    @property
    def is_demo(self) -> bool:
        return self.kind is ProfileKind.SANDBOX and self.name == DEMO_PROFILE_NAME

    def with_urls(self, identity_url: str, global_url: str) -> Profile:
        return replace(self, identity_url=identity_url, global_url=global_url)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        return cls(
            name=str(data["name"]),
            kind=ProfileKind(str(data.get("kind", "sophos"))),
            client_id=str(data["client_id"]),
            identity_url=str(data["identity_url"]),
            global_url=str(data["global_url"]),
            ca_bundle=str(data["ca_bundle"]) if data.get("ca_bundle") else None,
        )


def validate_profile(profile: Profile) -> None:
    """Raise :class:`ProfileError` with a message a user can act on."""
    name = profile.name.strip()
    if not name:
        raise ProfileError("The profile needs a name.")
    if len(name) > NAME_MAX:
        raise ProfileError(f"The profile name must be at most {NAME_MAX} characters.")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise ProfileError("The profile name cannot contain control characters.")
    if not profile.client_id.strip():
        raise ProfileError("The client ID is required.")
    for label, url in (("identity URL", profile.identity_url), ("global URL", profile.global_url)):
        try:
            parsed = urlparse(url)
            host = parsed.hostname or ""
        except ValueError:  # e.g. "https://[" (an unclosed IPv6 address)
            raise ProfileError(
                f"The {label} must be a full URL such as https://example.com."
            ) from None
        if parsed.scheme not in ("https", "http") or not parsed.netloc:
            raise ProfileError(f"The {label} must be a full URL such as https://example.com.")
        if (
            parsed.scheme == "http"
            and profile.kind is not ProfileKind.SANDBOX
            and host not in ("127.0.0.1", "localhost", "::1")
        ):
            raise ProfileError(f"The {label} must use https.")
    if profile.ca_bundle and not Path(profile.ca_bundle).is_file():
        raise ProfileError("The CA bundle file does not exist.")


class ProfileStore:
    """Profiles in ``<config>/profiles.json``; writes are atomic (temp file + rename)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (paths.config_dir() / "profiles.json")

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"profiles": [], "last_used": None}
        except (OSError, ValueError):
            # An unreadable profiles file is kept aside, never silently overwritten.
            aside = self.path.with_suffix(".json.unreadable")
            try:
                os.replace(self.path, aside)
            except OSError:
                pass
            return {"profiles": [], "last_used": None}
        if not isinstance(data, dict):
            return {"profiles": [], "last_used": None}
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".profiles-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def list(self) -> list[Profile]:
        out: list[Profile] = []
        for item in self._read().get("profiles", []):
            try:
                out.append(Profile.from_json(item))
            except (KeyError, ValueError, TypeError):
                continue
        return out

    def get(self, name: str) -> Profile | None:
        for profile in self.list():
            if profile.name == name:
                return profile
        return None

    def add(self, profile: Profile) -> None:
        validate_profile(profile)
        data = self._read()
        items = [p for p in data.get("profiles", []) if p.get("name") != profile.name]
        items.append(profile.to_json())
        data["profiles"] = items
        self._write(data)

    def remove(self, name: str) -> bool:
        data = self._read()
        items = data.get("profiles", [])
        kept = [p for p in items if p.get("name") != name]
        if len(kept) == len(items):
            return False
        data["profiles"] = kept
        if data.get("last_used") == name:
            data["last_used"] = None
        self._write(data)
        return True

    def last_used(self) -> str | None:
        value = self._read().get("last_used")
        return value if isinstance(value, str) else None

    def set_last_used(self, name: str) -> None:
        data = self._read()
        data["last_used"] = name
        self._write(data)
