"""Profiles: which Partner API a user talks to (docs/architecture.md §5).

A profile is a stable id, a name, a kind (``sandbox`` or ``sophos``), a client id, an
identity URL and a global URL (plus an optional CA bundle). Profiles live in a small
JSON file under the config dir; the client secret never does (see ``credentials``).

The id (``uuid4().hex``, stored in ``profiles.json``) names the profile's cache file
(:func:`desktop.services.paths.profile_cache_path`); names never do, so ``Acme`` and
``acme``, or ``東京`` and ``大阪``, never share customers. Files written before ids
existed are migrated once (:meth:`ProfileStore._migrate`): every profile gets an id and
its old slug-named cache is renamed to the id-named file. When several profiles claimed
the same slug file, the file goes to **one** of them only — the last-used profile if it is
one of the claimants, otherwise the first claimant in ``profiles.json`` order — and the
others start with an empty cache (their next sync fills it); data is never mixed.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.services import paths
from desktop.services.urlpolicy import UrlPolicyError, check_api_url

log = logging.getLogger("partner_desk.profiles")

DEMO_PROFILE_NAME = "Demo"
#: the built-in Demo profile's id (not a uuid4: the version digit is 0, so no new id equals it)
DEMO_PROFILE_ID = "de00000000000000000000000000de00"
DEMO_CLIENT_ID = "demo-super-admin"
SOPHOS_IDENTITY_URL = "https://id.sophos.com"
SOPHOS_GLOBAL_URL = "https://api.central.sophos.com"
NAME_MAX = 60


class ProfileKind(StrEnum):
    SANDBOX = "sandbox"
    SOPHOS = "sophos"
    #: a desktop reading a team database (PostgreSQL); an API credential is optional
    TEAM = "team"


class ProfileError(ValueError):
    """A profile that cannot be saved; the message says what to fix."""


def slugify(name: str) -> str:
    """How cache files were named before profile ids (used by the migration only)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.").lower()
    return slug or "profile"


def new_profile_id() -> str:
    import uuid  # here: uuid imports platform (~2 ms), and a launch makes no profile

    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    kind: ProfileKind
    client_id: str
    identity_url: str
    global_url: str
    ca_bundle: str | None = None
    #: stable, collision-free identity; names the cache file (never the name does)
    id: str = field(default_factory=new_profile_id)
    #: team mode: the PostgreSQL URL (never with a password) a team desktop reads or a
    #: sync node writes; ``db_role`` is the person's (or the sync node's) database role
    database_url: str | None = None
    db_role: str | None = None

    @property
    def is_team(self) -> bool:
        return self.kind is ProfileKind.TEAM

    @property
    def has_api_credential(self) -> bool:
        return bool(self.client_id.strip())

    @property
    def cache_path(self) -> Path:
        return paths.profile_cache_path(self.id)

    @property
    def is_demo(self) -> bool:
        return self.id == DEMO_PROFILE_ID

    def with_urls(self, identity_url: str, global_url: str) -> Profile:
        return replace(self, identity_url=identity_url, global_url=global_url)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        profile_id = data.get("id")
        if not isinstance(profile_id, str) or not _valid_id(profile_id):
            raise ValueError("profile without a valid id")
        return cls(
            name=str(data["name"]),
            kind=ProfileKind(str(data.get("kind", "sophos"))),
            client_id=str(data["client_id"]),
            identity_url=str(data["identity_url"]),
            global_url=str(data["global_url"]),
            ca_bundle=str(data["ca_bundle"]) if data.get("ca_bundle") else None,
            id=profile_id,
            database_url=str(data["database_url"]) if data.get("database_url") else None,
            db_role=str(data["db_role"]) if data.get("db_role") else None,
        )


def _valid_id(profile_id: str) -> bool:
    return bool(paths.PROFILE_ID.fullmatch(profile_id))


def validate_profile(profile: Profile) -> None:
    """Raise :class:`ProfileError` with a message a user can act on."""
    name = profile.name.strip()
    if not name:
        raise ProfileError("The profile needs a name.")
    if len(name) > NAME_MAX:
        raise ProfileError(f"The profile name must be at most {NAME_MAX} characters.")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise ProfileError("The profile name cannot contain control characters.")
    if name == DEMO_PROFILE_NAME and not profile.is_demo:
        raise ProfileError(f"The name {DEMO_PROFILE_NAME} is kept for the built-in demo.")
    if not _valid_id(profile.id):
        raise ProfileError("The profile id is not valid.")
    if profile.database_url is not None or profile.is_team:
        from desktop.services.team.database import check_database_url

        problem = check_database_url(profile.database_url or "")
        if problem:
            raise ProfileError(problem)
    if profile.is_team and not profile.client_id.strip():
        return  # a read-only team desktop: no API credential, actions disabled
    if not profile.client_id.strip():
        raise ProfileError("The client ID is required.")
    for label, url in (("identity URL", profile.identity_url), ("global URL", profile.global_url)):
        # https anywhere; plain http only to a loopback address, whatever the kind
        try:
            check_api_url(url, label=label)
        except UrlPolicyError as exc:
            raise ProfileError(str(exc)) from None
    if profile.ca_bundle:
        try:
            problem = ca_bundle_problem(profile.ca_bundle)
        except ValueError:  # e.g. a NUL byte in the path
            problem = "The CA bundle file does not exist."
        if problem:
            raise ProfileError(problem)


def ca_bundle_problem(path: str) -> str | None:
    """None if ``path`` is a readable PEM bundle with at least one certificate."""
    import ssl

    bundle = Path(path)
    if not bundle.is_file():
        return "The CA bundle file does not exist."
    try:
        ssl.create_default_context(cafile=str(bundle))
    except (ssl.SSLError, OSError, ValueError, UnicodeError):
        return f"The CA bundle {bundle.name} is not a valid PEM certificate file."
    return None


def profile_problem(profile: Profile) -> str | None:
    """Why a loaded profile must not be used to sign in (None = fine).

    Profiles are validated when added; this re-checks one read from the file (which a
    user or an older version may have written) before credentials are sent.
    """
    try:
        validate_profile(profile)
    except ProfileError as exc:
        return str(exc)
    return None


def _migration_lock(lock: Path, wait_s: float = 10.0) -> Any:
    """An OS-level lock (``filelock``) beside the profiles file: two processes migrating
    at once take turns, and a crashed holder's lock is released by the OS. None when it
    cannot be taken (a read-only folder, or held for longer than ``wait_s``)."""
    from filelock import FileLock, Timeout

    file_lock = FileLock(str(lock), timeout=wait_s, is_singleton=False)
    try:
        file_lock.acquire()
    except (Timeout, OSError):
        return None
    return file_lock


def _remove_lock_files(cache: Path) -> None:
    """The writer lock and unclean-shutdown marker beside a removed profile's cache
    (``<id>.sqlite3.lock``, ``.syncing``), unless a sync still holds the lock. The
    cache file itself is kept, as before."""
    from desktop.services.cache import dirty_path, lock_path
    from desktop.services.cache.files import _lock_held

    lock = lock_path(cache)
    if _lock_held(lock):
        return  # a sync of that profile is still running: it removes its own marker
    for path in (dirty_path(cache), lock):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s", path.name)


def _empty() -> dict[str, Any]:
    return {"profiles": [], "last_used": None}


class ProfileStore:
    """Profiles in ``<config>/profiles.json``; writes are atomic (temp file + rename).

    A damaged file (not JSON, or not the expected shape) is moved aside to
    ``profiles.json.damaged-<time>`` — never lost, never overwritten — and the store
    continues empty; :attr:`problem` then holds a one-line message saying where the old
    file went (:meth:`check` returns it), for the CLI and the GUI to show.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (paths.config_dir() / "profiles.json")
        self.problem: str | None = None
        self._frozen = False  # a damaged file could not be moved aside: never overwrite it
        #: where a damaged profiles file was kept (set by the read that found it)
        self.kept_aside: Path | None = None

    def check(self) -> str | None:
        """Read the file once; the message if it was damaged and kept aside, else None."""
        self._read()
        return self.problem

    def _keep_aside(self, why: str) -> dict[str, Any]:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            self.problem = (
                f"The profiles file {self.path} is damaged ({why}) and could not be moved "
                f"aside ({exc.strerror or exc}): fix or remove it."
            )
            self._frozen = True
            return _empty()
        paths.make_private(aside)
        self.kept_aside = aside
        log.warning("profiles file damaged (%s); kept aside as %s", why, aside)
        self.problem = (
            f"The profiles file was damaged ({why}); it was kept as {aside} "
            "and Partner Desk starts with no profiles."
        )
        return _empty()

    def _read(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty()
        except IsADirectoryError:
            return self._keep_aside("it is a folder")
        except OSError as exc:
            self.problem = f"The profiles file {self.path} cannot be read ({exc.strerror or exc})."
            self._frozen = True
            return _empty()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            return self._keep_aside("not valid JSON")
        if not isinstance(data, dict):
            return self._keep_aside("not a JSON object")
        items = data.get("profiles", [])
        if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
            return self._keep_aside('"profiles" is not a list of profiles')
        last = data.get("last_used")
        if last is not None and not isinstance(last, str):
            data["last_used"] = None
        data["profiles"] = items
        result: dict[str, Any] = data
        ids = [p.get("id") for p in items]
        if any(not _valid_id(str(i or "")) for i in ids) or len(set(map(str, ids))) != len(ids):
            result = self._migrate(result)
        return result

    def _migrate(self, data: dict[str, Any]) -> dict[str, Any]:
        """Give every profile an id and its old slug-named cache (see the module doc)."""
        lock = _migration_lock(self.path.with_name(self.path.name + ".migrating"))
        if lock is None:
            return data  # cannot lock (read-only folder): ids in memory only
        try:
            try:  # re-read under the lock: another process may have migrated already
                fresh = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(fresh, dict) and isinstance(fresh.get("profiles"), list):
                    items = [p for p in fresh["profiles"] if isinstance(p, dict)]
                    if len(items) == len(fresh["profiles"]):
                        data = fresh
            except (OSError, ValueError):
                pass
            items = data["profiles"]
            seen: set[str] = set()
            fresh_ids: list[dict[str, Any]] = []
            for item in items:
                pid = item.get("id")
                if isinstance(pid, str) and _valid_id(pid) and pid not in seen:
                    seen.add(pid)
                    continue
                is_demo = (
                    item.get("name") == DEMO_PROFILE_NAME
                    and item.get("kind") == ProfileKind.SANDBOX.value
                    and item.get("client_id") == DEMO_CLIENT_ID
                    and DEMO_PROFILE_ID not in seen
                )
                item["id"] = DEMO_PROFILE_ID if is_demo else new_profile_id()
                seen.add(item["id"])
                if pid is None:  # written before ids: its cache had a slug name
                    fresh_ids.append(item)
            # One owner per old slug file: the last-used claimant, else the first one.
            claims: dict[str, list[dict[str, Any]]] = {}
            for item in fresh_ids:
                claims.setdefault(slugify(str(item.get("name", ""))), []).append(item)
            last = data.get("last_used")
            for slug, claimants in claims.items():
                owner = next((c for c in claimants if c.get("name") == last), claimants[0])
                old = paths.legacy_slug_cache_path(slug)
                new = paths.profile_cache_path(str(owner["id"]))
                if not old.exists() or new.exists():
                    continue
                try:
                    for suffix in ("", "-wal", "-shm"):
                        src = old.with_name(old.name + suffix)
                        if src.exists():
                            os.replace(src, new.with_name(new.name + suffix))
                except OSError:
                    log.warning("could not migrate the cache of profile %s", owner.get("id"))
                    continue
                if len(claimants) > 1:
                    log.warning(
                        "cache %s was shared by %d profiles; given to one, the others start empty",
                        old.name,
                        len(claimants),
                    )
            try:
                self._write(data)
            except OSError:
                log.warning("could not save the profile ids", exc_info=True)
            return data
        finally:
            lock.release()

    def _write(self, data: dict[str, Any]) -> None:
        if self._frozen:
            raise PermissionError(13, self.problem or "the profiles file is damaged")
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
                log.warning("skipped an unusable entry in the profiles file")
                continue
        return out

    def get(self, name: str) -> Profile | None:
        for profile in self.list():
            if profile.name == name:
                return profile
        return None

    def add(self, profile: Profile) -> Profile:
        """Save ``profile`` (replacing one of the same name); returns what was saved.

        Replacing a profile with the same client id and kind keeps its id (and so its
        cache): it is the same partner. Otherwise the profile keeps its own id, made
        unique if another profile already has it.
        """
        validate_profile(profile)
        data = self._read()
        items = data.get("profiles", [])
        same = next((p for p in items if p.get("name") == profile.name), None)
        if (
            same is not None
            and same.get("client_id") == profile.client_id
            and same.get("kind") == profile.kind.value
            and _valid_id(str(same.get("id", "")))
        ):
            profile = replace(profile, id=str(same["id"]))
        others = [p for p in items if p.get("name") != profile.name]
        if any(p.get("id") == profile.id for p in others):
            profile = replace(profile, id=new_profile_id())
        others.append(profile.to_json())
        data["profiles"] = others
        self._write(data)
        return profile

    def edit(
        self,
        name: str,
        *,
        new_name: str | None = None,
        client_id: str | None = None,
        identity_url: str | None = None,
        global_url: str | None = None,
        ca_bundle: str | None = None,
    ) -> Profile:
        """Change a profile's name, client id, URLs or CA bundle (issue 14 item 9).

        Its id (and so its cache) and its kind stay. ``LookupError`` when there is no
        profile ``name``; ``ProfileError`` when the result is not valid or ``new_name``
        belongs to another profile.
        """
        data = self._read()
        items = data.get("profiles", [])
        index = next((i for i, p in enumerate(items) if p.get("name") == name), None)
        if index is None:
            raise LookupError(name)
        old = Profile.from_json(items[index])
        changed = replace(
            old,
            name=new_name.strip() if new_name is not None else old.name,
            client_id=client_id.strip() if client_id is not None else old.client_id,
            identity_url=identity_url.strip().rstrip("/")
            if identity_url is not None
            else old.identity_url,
            global_url=global_url.strip().rstrip("/") if global_url is not None else old.global_url,
            ca_bundle=(ca_bundle or None) if ca_bundle is not None else old.ca_bundle,
        )
        if changed.name != old.name and any(p.get("name") == changed.name for p in items):
            raise ProfileError(f"A profile named {changed.name} already exists.")
        validate_profile(changed)
        items[index] = changed.to_json()
        data["profiles"] = items
        if changed.name != old.name and data.get("last_used") == old.name:
            data["last_used"] = changed.name
        self._write(data)
        return changed

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
        for item in items:
            if item.get("name") == name and _valid_id(str(item.get("id") or "")):
                _remove_lock_files(paths.profile_cache_path(str(item["id"])))
        return True

    def last_used(self) -> str | None:
        value = self._read().get("last_used")
        return value if isinstance(value, str) else None

    def set_last_used(self, name: str) -> None:
        data = self._read()
        data["last_used"] = name
        self._write(data)
